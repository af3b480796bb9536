"""What the outcome reports share: their period and team filters, their charts, and the row-level
rule for the reports that name families or children.

Aggregate reports count over every family of the chosen team and give no names, so
performance staff may run them (docs/information-governance/access-protocol.md, "Who runs which
report"). A report that names families applies the one rule of
`permissions.py` itself, because a report that queries with `frappe.db` bypasses Frappe's
permission hooks.
"""

from datetime import date

import frappe
from frappe import _
from frappe.utils import getdate, today

from family_safeguarding.permissions import (
	family_condition,
	family_query_conditions,
	family_record_query_conditions,
	is_outside_protocol,
)
from family_safeguarding.refusals import refuse_rule_errors
from family_safeguarding.rules.outcomes import check_period, default_period
from family_safeguarding.rules.roles import SPECIALISMS


def report_filters(filters) -> tuple[frappe._dict, date, date]:
	"""The report's filters, and its checked period."""
	filters = frappe._dict(filters or {})
	return (filters, *period(filters))


def period(filters) -> tuple:
	"""The report's period, the last twelve months when none is given; a bad one is refused."""
	default_from, default_to = default_period(getdate(today()))
	from_date = getdate(filters.get("from_date")) if filters.get("from_date") else default_from
	to_date = getdate(filters.get("to_date")) if filters.get("to_date") else default_to
	with refuse_rule_errors(
		titles={
			"from_date": _("{0} is not valid").format(_("From Date")),
			"to_date": _("{0} is not valid").format(_("To Date")),
		}
	):
		return check_period(from_date, to_date)


def team_filter(filters, family_column: str) -> tuple[str, dict]:
	"""SQL limiting the report to one team's families, when a team is chosen."""
	if not filters.get("team"):
		return "1 = 1", {}
	return f"{family_column} in (select name from `tabFamily` where team = %(team)s)", {"team": filters.team}


def visible_records(doctype: str) -> str:
	"""The row-level rule for `doctype`, as SQL on its table (true for Frappe's superusers)."""
	if doctype == "Family":
		condition = family_query_conditions(frappe.session.user)
	else:
		condition = family_record_query_conditions(frappe.session.user, doctype)
	return condition or "1 = 1"


def visible_family(family_column: str) -> str:
	"""The row-level rule for families, on any column naming one: a named list shows a family only
	to a user who may read that family (a receiving agency reads a referral, not its family)."""
	if is_outside_protocol(frappe.session.user):
		return "1 = 1"
	return family_condition(frappe.session.user, family_column)


def chart_of(labels: list, series: dict[str, list], kind: str = "bar", **options) -> dict:
	"""A report's chart: one dataset for each named series of values over `labels`; `options` are
	Frappe Charts' own (`barOptions`, `colors`)."""
	datasets = [{"name": name, "values": values} for name, values in series.items()]
	return {"data": {"labels": labels, "datasets": datasets}, "type": kind, **options}


@frappe.whitelist()
def specialisms() -> list[str]:
	"""For the reports' specialism filter."""
	return list(SPECIALISMS)
