"""Ofsted's Annex A lists of a period, read from the records, and the workbook that carries them.

The rows are read in a few bulk queries past the row-level rule: a return covers every child of the
council, and only System Managers and Performance Analysts make one (Annex A Return). Each row is a
dict of the source keys the layout names (returns/annex_a_layout.py); the pure rules that place a
record in a list and derive its values are in rules/annex_a.py. Values are as the records stood at
the period's end: what happened after it is left out.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from io import BytesIO

import frappe
from frappe.utils import getdate
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from family_safeguarding.returns.annex_a_layout import (
	ASSESSMENTS,
	CHILD_PROTECTION,
	CHILDREN_IN_NEED,
	CONTACTS,
	LISTS,
	REFERRALS,
	SECTION_47_ENQUIRIES,
	VALUE_MAPS,
)
from family_safeguarding.rules import annex_a as rules
from family_safeguarding.rules.census.codes import census_child_id
from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.roles import LEAD_SOCIAL_WORKER_SPECIALISMS
from family_safeguarding.rules.workflows import CLOSED_NO_PLAN

CHUNK = 5000  # names in one `in (...)`


@dataclass
class AnnexA:
	"""The lists of a period: list key -> rows, and the case records the rows were read from."""

	from_date: date
	to_date: date
	rows: dict[str, list[dict]]
	records: set[tuple[str, str, str | None]] = field(default_factory=set)  # (DocType, name, family)

	def counts(self) -> dict[str, int]:
		return {annex_list.key: len(self.rows[annex_list.key]) for annex_list in LISTS}


def annex_a_workbook(from_date, to_date) -> bytes:
	"""The Annex A workbook of the period [from_date, to_date], as the bytes of an xlsx file."""
	return workbook_of(annex_a_lists(from_date, to_date))


def annex_a_lists(from_date, to_date) -> AnnexA:
	from_date, to_date = rules.check_period(getdate(from_date), getdate(to_date))
	return Reader(from_date, to_date).read()


# --- the workbook ---------------------------------------------------------------------------------


def workbook_of(annex: AnnexA) -> bytes:
	"""One sheet per list, the header row bold and frozen; dates as dd/mm/yyyy text."""
	book = Workbook(write_only=True)
	bold = Font(bold=True)
	for annex_list in LISTS:
		sheet = book.create_sheet(annex_list.sheet)
		sheet.freeze_panes = "A2"
		for number, column in enumerate(annex_list.columns, 1):
			sheet.column_dimensions[get_column_letter(number)].width = min(max(len(column.header), 12), 40)
		header = []
		for column in annex_list.columns:
			cell = WriteOnlyCell(sheet, value=column.header)
			cell.font = bold
			header.append(cell)
		sheet.append(header)
		columns = [
			(column.source, rules.cell_writer(column.value_format, VALUE_MAPS, annex.to_date))
			for column in annex_list.columns
		]
		for row in annex.rows[annex_list.key]:
			sheet.append(
				[as_cell(sheet, write(row.get(source)) if source else None) for source, write in columns]
			)
	buffer = BytesIO()
	book.save(buffer)
	return buffer.getvalue()


def as_cell(sheet, value):
	"""Text stays text: a worker's or team's name beginning with "=" is not run as a formula, and
	characters a workbook cannot hold are dropped."""
	if not isinstance(value, str) or not (value.startswith("=") or ILLEGAL_CHARACTERS_RE.search(value)):
		return value
	cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", value))
	cell.data_type = "s"
	return cell


# --- the records ----------------------------------------------------------------------------------


class Reader:
	"""Reads the records of a period once, then makes each list's rows from them."""

	def __init__(self, from_date: date, to_date: date):
		self.from_date, self.to_date = from_date, to_date
		self.year_before = add_months(from_date, -12)  # the 12-month counts reach back this far
		self.records: set[tuple[str, str, str | None]] = set()

	def read(self) -> AnnexA:
		contacts = self.contacts()
		episodes = self.episodes()
		assessments = self.children_of(
			"CIN Assessment", episodes, ["start_date", "authorisation_date", "child_seen", "support_needed"]
		)
		cin_plans = self.children_of("CIN Plan Period", episodes, ["start_date", "end_date"])
		plans = self.plans()
		members = self.members({row.member for row in (*contacts, *episodes, *plans)})
		families = self.families({member.family for member in members.values()})
		self.worker_names = self.names_of_workers(
			{row[0] for family in families.values() for row in family.allocations}
			| {plan.lead_social_worker for plan in plans}
		)
		self.previous_plan_starts = self.plan_starts({plan.member for plan in plans if plan.plan_start})
		self.reviews = self.reviews_of([plan.name for plan in plans if plan.plan_start])

		self.members_by_name, self.families_by_name = members, families
		self.episodes_by_member = group(episodes, "member")
		self.plans_by_member = group(plans, "member")

		rows = {
			CONTACTS.key: self.contact_rows(contacts),
			REFERRALS.key: self.referral_rows(episodes),
			ASSESSMENTS.key: self.assessment_rows(episodes, assessments),
			SECTION_47_ENQUIRIES.key: self.section_47_rows(plans),
			CHILDREN_IN_NEED.key: self.child_in_need_rows(episodes, assessments, cin_plans),
			CHILD_PROTECTION.key: self.child_protection_rows(plans),
		}
		return AnnexA(self.from_date, self.to_date, rows, self.records)

	# the queries: each reads what the lists may need, not only what they show

	def contacts(self) -> list:
		return frappe.get_all(
			"Social Care Contact",
			filters={"contact_date": ("between", (self.from_date, self.to_date))},
			fields=["name", "member", "family", "contact_date", "contact_source"],
			order_by="contact_date asc, name asc",
		)

	def episodes(self) -> list:
		"""Episodes open during the period, and those referred in the year before it (the count of
		a child's referrals in the last 12 months)."""
		return frappe.db.sql(
			"""select name, member, family, referral_date, referral_source, primary_need,
				no_further_action, closure_date, closure_reason
			from `tabCIN Episode`
			where referral_date <= %(to)s
				and (closure_date is null or closure_date >= %(from)s or referral_date > %(year_before)s)
			order by referral_date asc, name asc""",
			{"from": self.from_date, "to": self.to_date, "year_before": self.year_before},
			as_dict=True,
		)

	def children_of(self, doctype: str, episodes: list, fields: list[str]) -> dict[str, list]:
		"""Rows of an episode's table (its assessments, its CIN plans) by episode, in order of start."""
		rows = defaultdict(list)
		for row in query_in(
			f"""select parent, {", ".join(fields)} from `tab{doctype}`
			where parenttype = 'CIN Episode' and parent in %(names)s
			order by start_date asc, idx asc""",
			[episode.name for episode in episodes],
		):
			rows[row.parent].append(row)
		return rows

	def plans(self) -> list:
		"""Plans whose enquiry, conference or plan touched the period or the year before it."""
		return frappe.db.sql(
			"""select name, member, family, lead_social_worker, workflow_state, strategy_discussion_date,
				section_47_start, icpc_date, icpc_not_required, plan_start, plan_end, initial_category,
				last_visit
			from `tabChild Protection Plan`
			where (plan_start <= %(to)s and (plan_end is null or plan_end >= %(year_before)s))
				or section_47_start between %(year_before)s and %(to)s
				or icpc_date between %(year_before)s and %(to)s
			order by coalesce(section_47_start, icpc_date, plan_start) asc, name asc""",
			{"to": self.to_date, "year_before": self.year_before},
			as_dict=True,
		)

	def plan_starts(self, members: set) -> dict[str, list[date]]:
		"""Every plan start of these children, for the number of previous plans."""
		starts = defaultdict(list)
		for row in query_in(
			"""select member, plan_start from `tabChild Protection Plan`
			where member in %(names)s and plan_start is not null""",
			members,
		):
			starts[row.member].append(row.plan_start)
		return starts

	def reviews_of(self, plans: list[str]) -> dict[str, list]:
		reviews = defaultdict(list)
		for row in query_in(
			"""select parent, review_date, category from `tabProtection Review`
			where parenttype = 'Child Protection Plan' and parent in %(names)s""",
			plans,
		):
			reviews[row.parent].append(row)
		return reviews

	def members(self, names: set) -> dict:
		members = {}
		for row in query_in(
			"""select name, family, la_child_id, sex, ethnicity, date_of_birth from `tabMember`
			where name in %(names)s""",
			names,
		):
			row.disabilities = []
			members[row.name] = row
		for row in query_in(
			"""select parent, disability from `tabMember Disability`
			where parenttype = 'Member' and parent in %(names)s""",
			members,
		):
			members[row.parent].disabilities.append(row.disability)
		return members

	def families(self, names: set) -> dict:
		families = {}
		for row in query_in(
			"select name, team, lead_social_worker from `tabFamily` where name in %(names)s", names
		):
			row.allocations = []
			families[row.name] = row
		for row in query_in(
			"""select allocation.parent, allocation.worker, allocation.from_date, allocation.to_date
			from `tabFamily Allocation` allocation
			join `tabAgency Worker` worker on worker.name = allocation.worker
			where allocation.parenttype = 'Family' and allocation.parent in %(names)s
				and worker.specialism in %(specialisms)s""",
			families,
			specialisms=LEAD_SOCIAL_WORKER_SPECIALISMS,
		):
			families[row.parent].allocations.append((row.worker, row.from_date, row.to_date))
		return families

	def names_of_workers(self, workers: set) -> dict[str, str]:
		return {
			row.name: row.full_name
			for row in query_in(
				"select name, full_name from `tabAgency Worker` where name in %(names)s", workers
			)
		}

	# the rows

	def child(self, member_name: str, *, disability: bool = True) -> dict:
		"""The columns every list starts with, and whether the child has a disability."""
		member = self.members_by_name.get(member_name) or frappe._dict(name=member_name, disabilities=())
		self.read_record("Member", member.name, member.get("family"))
		row = {
			"child_id": census_child_id(member.name, member.get("la_child_id")),
			"sex": member.get("sex"),
			"ethnicity": member.get("ethnicity"),
			"date_of_birth": member.get("date_of_birth"),
		}
		if disability:
			row["disability"] = rules.disability_answer(member.disabilities)
		return row

	def allocated(self, family_name: str | None, ended: date | None, lead_worker: str | None = None) -> dict:
		"""The family's team, and its social worker on the day the row's work ended, or on the
		period's last day if it had not: the row's own lead worker when it names one."""
		family = self.families_by_name.get(family_name)
		if not family:
			return {}
		self.read_record("Family", family.name, family.name)
		on = min(ended, self.to_date) if ended else self.to_date
		worker = lead_worker or rules.allocated_worker(family.allocations, on, family.lead_social_worker)
		return {"team": family.team, "worker": self.worker_names.get(worker) if worker else None}

	def read_record(self, doctype: str, name: str, family: str | None) -> None:
		self.records.add((doctype, name, family))

	def contact_rows(self, contacts: list) -> list[dict]:
		rows = []
		for contact in contacts:
			self.read_record("Social Care Contact", contact.name, contact.family)
			rows.append(
				{
					**self.child(contact.member, disability=False),
					"contact_date": contact.contact_date,
					"contact_source": contact.contact_source,
				}
			)
		return rows

	def referral_rows(self, episodes: list) -> list[dict]:
		rows = []
		for episode in episodes:
			if not rules.within(episode.referral_date, self.from_date, self.to_date):
				continue
			self.read_record("CIN Episode", episode.name, episode.family)
			referrals = [other.referral_date for other in self.episodes_by_member[episode.member]]
			rows.append(
				{
					**self.child(episode.member, disability=False),
					"referral_date": episode.referral_date,
					"referral_source": episode.referral_source,
					"no_further_action": rules.yes_no(episode.no_further_action),
					"referrals_in_12_months": rules.count_in_last_12_months(referrals, episode.referral_date),
					**self.allocated(episode.family, self.closed(episode)),
				}
			)
		return rows

	def assessment_rows(self, episodes: list, assessments: dict) -> list[dict]:
		rows = []
		for episode in episodes:
			for assessment in assessments.get(episode.name, ()):
				if not rules.open_during(
					assessment.start_date, assessment.authorisation_date, self.from_date, self.to_date
				):
					continue
				self.read_record("CIN Episode", episode.name, episode.family)
				authorised = rules.as_at(assessment.authorisation_date, self.to_date)
				rows.append(
					{
						**self.child(episode.member),
						"start_date": assessment.start_date,
						"child_seen": rules.yes_no(assessment.child_seen),
						"authorisation_date": authorised,
						# decided when it was authorised: not yet, if that came after the period
						"support_needed": rules.yes_no(assessment.support_needed)
						if authorised or not assessment.authorisation_date
						else None,
						**self.allocated(episode.family, self.closed(episode)),
					}
				)
		rows.sort(key=lambda row: row["start_date"])
		return rows

	def section_47_rows(self, plans: list) -> list[dict]:
		rows = []
		for plan in plans:
			started = rules.as_at(plan.section_47_start, self.to_date)
			conference = rules.as_at(plan.icpc_date, self.to_date)
			if not (
				rules.within(started, self.from_date, self.to_date)
				or rules.within(conference, self.from_date, self.to_date)
			):
				continue
			self.read_record("Child Protection Plan", plan.name, plan.family)
			others = self.plans_by_member[plan.member]
			day = max(filter(None, (started, conference)))
			rows.append(
				{
					**self.child(plan.member),
					"section_47_start": started,
					"icpc_not_required": rules.YES
					if plan.icpc_not_required
					else (rules.NO if conference else None),
					"icpc_date": conference,
					"icpc_made_plan": self.conference_made_plan(plan, conference),
					"section_47s_in_12_months": rules.count_in_last_12_months(
						[other.section_47_start for other in others], day
					),
					"icpcs_in_12_months": rules.count_in_last_12_months(
						[other.icpc_date for other in others], day
					),
					**self.allocated(
						plan.family, rules.as_at(plan.plan_end, self.to_date), plan.lead_social_worker
					),
				}
			)
		return rows

	def conference_made_plan(self, plan, conference: date | None) -> str | None:
		"""Yes when the plan had started by the period's end, No when the conference decided on no
		plan; nothing before the conference, or when the decision came after the period."""
		if not conference:
			return None
		if rules.as_at(plan.plan_start, self.to_date):
			return rules.YES
		if plan.workflow_state == CLOSED_NO_PLAN and not plan.plan_start:
			return rules.NO
		return None

	def child_in_need_rows(self, episodes: list, assessments: dict, cin_plans: dict) -> list[dict]:
		rows = []
		for episode in episodes:
			if not rules.open_during(
				episode.referral_date, episode.closure_date, self.from_date, self.to_date
			):
				continue
			self.read_record("CIN Episode", episode.name, episode.family)
			closed = rules.as_at(episode.closure_date, self.to_date)
			plans = self.plans_by_member[episode.member]
			status = rules.case_status(
				closed,
				any(rules.held_on(plan.plan_start, plan.plan_end, self.to_date) for plan in plans),
				any(
					rules.held_on(period.start_date, period.end_date, self.to_date)
					for period in cin_plans.get(episode.name, ())
				),
				any(
					rules.held_on(assessment.start_date, assessment.authorisation_date, self.to_date)
					for assessment in assessments.get(episode.name, ())
				),
				self.to_date,
			)
			visits = [
				plan.last_visit
				for plan in plans
				if rules.as_at(plan.last_visit, self.to_date) and plan.last_visit >= episode.referral_date
			]
			rows.append(
				{
					**self.child(episode.member),
					"referral_date": episode.referral_date,
					"primary_need": episode.primary_need,
					"last_seen": max(visits, default=None),
					"closure_date": closed,
					"closure_reason": episode.closure_reason if closed else None,
					"case_status": status,
					**self.allocated(episode.family, closed),
				}
			)
		return rows

	def child_protection_rows(self, plans: list) -> list[dict]:
		rows = []
		for plan in plans:
			if not rules.open_during(plan.plan_start, plan.plan_end, self.from_date, self.to_date):
				continue
			self.read_record("Child Protection Plan", plan.name, plan.family)
			reviews = self.reviews.get(plan.name, ())
			ended = rules.as_at(plan.plan_end, self.to_date)
			rows.append(
				{
					**self.child(plan.member),
					"plan_start": plan.plan_start,
					"initial_category": plan.initial_category,
					"latest_category": rules.latest_category(
						plan.initial_category,
						[(review.review_date, review.category) for review in reviews],
						self.to_date,
					),
					"last_visit": rules.as_at(plan.last_visit, self.to_date),
					"latest_review": rules.latest_review(
						[review.review_date for review in reviews], self.to_date
					),
					"plan_end": ended,
					"previous_plans": sum(
						1 for start in self.previous_plan_starts[plan.member] if start < plan.plan_start
					),
					**self.allocated(plan.family, ended, plan.lead_social_worker),
				}
			)
		rows.sort(key=lambda row: row["plan_start"])
		return rows

	def closed(self, episode) -> date | None:
		return rules.as_at(episode.closure_date, self.to_date)


def group(rows: Iterable, key: str) -> dict[str, list]:
	grouped = defaultdict(list)
	for row in rows:
		grouped[row[key]].append(row)
	return grouped


def query_in(sql: str, names: Iterable, **values) -> list:
	"""The rows of `sql`, whose `%(names)s` stands for a list of names, run once for each CHUNK of
	`names`."""
	rows = []
	for chunk in chunks(names):
		rows.extend(frappe.db.sql(sql, {**values, "names": tuple(chunk)}, as_dict=True))
	return rows


def chunks(names: Iterable, size: int = CHUNK):
	names = sorted(name for name in names if name)
	for start in range(0, len(names), size):
		yield names[start : start + size]
