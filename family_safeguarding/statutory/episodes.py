"""A child's CIN episodes and child protection plans, read from the database as the census rules
(rules/census/episodes.py) take them, for the forms that check one against the others.

Read without the user's permissions: the rules' messages describe only the record being saved, so
what is read here is never shown. Read with Frappe's query builder rather than frappe.get_all, which
costs several times as much a query (docs/administrators/scaling.md): a census import saves a form
for every episode it brings in."""

from datetime import date

import frappe
from frappe import _
from frappe.utils import formatdate, getdate

from family_safeguarding import timescales
from family_safeguarding.rules.census.episodes import CensusQuery, Episode

# A plan's dates, in the order plan_key_date reads the first three.
PLAN_DATES = ("section_47_start", "icpc_date", "plan_start", "plan_end")


def as_date(value):
	return getdate(value) if value else None


CHILD_TYPES = ("Child", "Unborn Child")


def family_of_child(member: str, record: str) -> str:
	"""The family of the child a record is about; refused, naming the Child field, when the member
	is an adult. `record` is the record's kind, translated ("a CIN episode")."""
	table = frappe.qb.DocType("Member")
	found = (
		frappe.qb.from_(table)
		.select(table.family, table.member_type)
		.where(table.name == member)
		.run(as_dict=True)[0]
	)
	if found.member_type not in CHILD_TYPES:
		frappe.throw(
			_("Child: the person chosen is recorded as {0}; {1} is for a child or an unborn child.").format(
				_(found.member_type), record
			),
			frappe.ValidationError,
		)
	return found.family


def episode_of(doc) -> Episode:
	"""A CIN Episode record (a document or a row of the table) as the rules take it."""
	return Episode(as_date(doc.referral_date), as_date(doc.closure_date), bool(doc.no_further_action))


def episodes_of(member: str, leave_out: str | None = None) -> list[Episode]:
	"""The child's CIN episodes, but `leave_out` (the one being saved, whose stored dates are old)."""
	table = frappe.qb.DocType("CIN Episode")
	rows = (
		frappe.qb.from_(table)
		.select(table.referral_date, table.closure_date, table.no_further_action)
		.where((table.member == member) & (table.name != (leave_out or "")))
		.orderby(table.referral_date)
		.run(as_dict=True)
	)
	return [episode_of(row) for row in rows]


def plans_of(member: str, leave_out: str | None = None) -> list[frappe._dict]:
	"""The child's child protection plans (their census dates), but `leave_out`."""
	table = frappe.qb.DocType("Child Protection Plan")
	rows = (
		frappe.qb.from_(table)
		.select(*(table[field] for field in PLAN_DATES))
		.where((table.member == member) & (table.name != (leave_out or "")))
		.orderby(table.creation)
		.run(as_dict=True)
	)
	for row in rows:
		for field in PLAN_DATES:
			row[field] = as_date(row[field])
	return rows


def working_day_calendar() -> dict:
	"""The council's bank holiday calendar and its corrections, as the census queries take them."""
	return timescales.calendar()


def show_query(query: CensusQuery | None, prefix: str = "") -> None:
	"""A census query on the form: a message that does not stop the save, since the work may be late
	for a good reason."""
	if query is None:
		return
	arguments = {
		name: formatdate(value) if isinstance(value, date) else value
		for name, value in query.arguments.items()
	}
	frappe.msgprint(
		prefix + _(query.template).format(**arguments),
		title=_("Census query"),
		indicator="orange",
	)
