"""The Children in Need return of a census year, from the site's records.

A few queries per table, whatever the number of children: the episodes of the year first, then
the rows that belong to them, to their children and to the children's plans and PLO cases, each
table fetched by the names found before it, in chunks. No query is made per child. What is
decided about the rows is decided in cin_assemble.py (pure).

The names are sent as lists rather than as subqueries: Child Protection Plan and PLO Child have no
index on `member`, and MariaDB runs a subquery on an unindexed column once per row.

The queries run past the permission hooks: the return is every child's, and is made only for a
Performance Analyst or a System Manager (the CIN Census Return DocType's permissions), who may
not read the records themselves. What it gathered is kept in the audit (cin_census_run.py).
"""

import frappe
from frappe.utils import get_datetime

from family_safeguarding.returns.cin_assemble import Assembled, assemble, has_pre_proceedings
from family_safeguarding.returns.cin_model import CensusReturn
from family_safeguarding.rules.census.year import CensusYear

SETTINGS = "Family Safeguarding Settings"
CHUNK = 10_000  # names a query at most


def census_return(year_end: int, made_at=None, la_code: str | None = None) -> CensusReturn:
	"""The return of the census year ending on 31 March of `year_end` (2026 for 2025-26)."""
	return gather(year_end, made_at, la_code).census


def gather(year_end: int, made_at=None, la_code: str | None = None) -> Assembled:
	"""The return, the records of the year it found no place for, and the records it holds."""
	year = CensusYear(year_end)
	if la_code is None:
		la_code = frappe.db.get_single_value(SETTINGS, "la_code") or ""
	# The episodes that may be in the year: referred by its end and not closed before it began.
	# The rule itself (rules/census/year.py, episode_in_scope) is applied in cin_assemble.py; this
	# only keeps the rest of the table out of memory.
	episodes = frappe.db.sql(
		"""select name, member, family, referral_date, referral_source, primary_need,
			no_further_action, closure_date, closure_reason
		from `tabCIN Episode`
		where referral_date <= %(year_end)s
			and (closure_date is null or closure_date >= %(year_start)s)
			and (no_further_action = 0 or closure_date is not null or referral_date >= %(year_start)s)""",
		{"year_start": year.start, "year_end": year.reference_date},
		as_dict=True,
	)
	episode_names = [row.name for row in episodes]
	members = sorted({row.member for row in episodes})
	rows = {
		"episodes": episodes,
		"assessments": _children_of(
			"CIN Assessment",
			"CIN Episode",
			"start_date, internal_review_date, authorisation_date, factors",
			episode_names,
		),
		"cin_plans": _children_of("CIN Plan Period", "CIN Episode", "start_date, end_date", episode_names),
		"members": _named(
			"""select name, family, la_child_id, member_type, sex, ethnicity, upn, former_upn,
				upn_unknown_reason, date_of_birth, expected_date_of_birth, date_of_death
			from `tabMember` where name in %(names)s""",
			members,
		),
		"disabilities": _children_of("Member Disability", "Member", "disability", members),
	}
	# a plan may start before the year and still be open in it; one whose every date is after the
	# year has nothing in it
	rows["protection_plans"] = _named(
		"""select name, member, family, section_47_start, icpc_due, icpc_date, icpc_not_required,
			plan_start, plan_end, initial_category, latest_category, previous_plans
		from `tabChild Protection Plan`
		where member in %(names)s and coalesce(section_47_start, icpc_date, plan_start) <= %(year_end)s""",
		members,
		year_end=year.reference_date,
	)
	rows["protection_reviews"] = _children_of(
		"Protection Review",
		"Child Protection Plan",
		"review_date",
		[row.name for row in rows["protection_plans"]],
	)
	if has_pre_proceedings(year_end):
		rows["plo_children"] = _named(
			"select parent, member from `tabPLO Child` where parenttype = 'PLO Case' and member in %(names)s",
			members,
		)
		cases = sorted({row.parent for row in rows["plo_children"]})
		rows["plo_cases"] = _named(
			"""select name, family, gateway_decision, legal_gateway_date, letter_before_proceedings,
				pre_proceedings_meeting, fgdm_offered, fgdm_facilitated, step_decision_date,
				pre_proceedings_outcome, letter_initial_cp_date, issue_date, stepped_down_on, concluded_on
			from `tabPLO Case` where name in %(names)s and legal_gateway_date <= %(year_end)s""",
			cases,
			year_end=year.reference_date,
		)
		rows["plo_reviews"] = _children_of("PLO Review", "PLO Case", "review_date", cases)
	made_at = get_datetime(made_at) if made_at else None
	return assemble(year_end, la_code, made_at=made_at, **rows)


def _named(query: str, names: list[str], **values) -> list[dict]:
	"""The rows of `query` for `names` (its %(names)s), a chunk of names a query."""
	rows = []
	for start in range(0, len(names), CHUNK):
		rows += frappe.db.sql(query, {**values, "names": tuple(names[start : start + CHUNK])}, as_dict=True)
	return rows


def _children_of(table: str, parent_doctype: str, fields: str, parents: list[str]) -> list[dict]:
	return _named(
		f"""select parent, idx, {fields} from `tab{table}`
		where parenttype = %(parent_doctype)s and parent in %(names)s""",
		parents,
		parent_doctype=parent_doctype,
	)
