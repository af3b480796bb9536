"""The Children in Need return of a census year, assembled from the records' rows, without Frappe.

census.py fetches the rows, one query per table; everything decided about them is decided here,
and tested by the plain suite:

- which children are in the year: those with an episode open on any day of it, or referred in it
  (referrals with no further action too), whenever the episode began (rules/census/year.py);
- how each item appears: an item still open on 31 March keeps its earlier start and has no end; a
  closure, an authorisation, an initial conference, the end of a CIN plan or of a child protection
  plan, and a plan's reviews are written only when they fall inside the year;
- where a Child Protection Plan goes: into the child's episode that holds its key date
  (rules/census/episodes.py). Its section 47 enquiry is a Section47 item, its plan a
  ChildProtectionPlans item, and an initial conference held without an enquiry is the episode's
  own DateOfInitialCPC;
- the pre-proceedings of a PLO Case, for each of its children, from the 2026-27 census on.

A row is a mapping of the record's fields (a child table's rows also carry `parent`). A record
that belongs in the year but has no place in the return (a plan in none of the child's episodes)
is not dropped in silence: it comes back as Unplaced, for the return's findings.
"""

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from family_safeguarding.returns.cin_model import (
	Assessment,
	CensusReturn,
	Child,
	ChildProtectionPlan,
	CinPlan,
	Episode,
	Header,
	PreProceedings,
	Section47,
)
from family_safeguarding.returns.cin_structure import FIRST_YEAR, layout_for
from family_safeguarding.rules.census import episodes as episode_rules
from family_safeguarding.rules.census.codes import census_child_id, code_of
from family_safeguarding.rules.census.year import (
	CensusYear,
	census_year_of,
	date_in_year,
	episode_in_scope,
	period_in_year,
)

Row = Mapping
UNBORN = "Unborn Child"
UNKNOWN_SEX = "U"
# The PLO gateway decisions that begin pre-proceedings or court proceedings.
ENTER_PRE_PROCEEDINGS = "Enter Pre-Proceedings"
ISSUE_PROCEEDINGS = "Issue Proceedings"


@dataclass(frozen=True)
class Unplaced:
	"""A record that belongs in the year but has no place in the return; `record` is its DocType
	and name, which are opaque."""

	la_child_id: str
	record: str
	message: str


@dataclass(frozen=True)
class Assembled:
	census: CensusReturn
	unplaced: tuple[Unplaced, ...] = ()
	# the case records whose values the return holds, as (DocType, name, family): for the audit
	records: tuple[tuple[str, str, str | None], ...] = ()


def assemble(
	year_end: int,
	la_code: str,
	*,
	made_at: datetime | None = None,
	members: Iterable[Row] = (),
	disabilities: Iterable[Row] = (),
	episodes: Iterable[Row] = (),
	assessments: Iterable[Row] = (),
	cin_plans: Iterable[Row] = (),
	protection_plans: Iterable[Row] = (),
	protection_reviews: Iterable[Row] = (),
	plo_cases: Iterable[Row] = (),
	plo_children: Iterable[Row] = (),
	plo_reviews: Iterable[Row] = (),
) -> Assembled:
	"""The return of the census year ending in `year_end`, from the rows of the records.

	Rows outside the year may be given: they are left out here. Episodes: name, member,
	referral_date, referral_source, primary_need, no_further_action, closure_date, closure_reason.
	Child tables (assessments, cin_plans, disabilities, reviews, PLO children) carry `parent`.
	"""
	year = CensusYear(year_end)
	unplaced: list[Unplaced] = []
	episodes_by_member: dict[str, list[Row]] = defaultdict(list)
	for row in episodes:
		if episode_in_scope(
			year, row["referral_date"], row.get("closure_date"), bool(row.get("no_further_action"))
		):
			episodes_by_member[row["member"]].append(row)
	by_parent = {
		"assessments": _by_parent(assessments),
		"cin_plans": _by_parent(cin_plans),
		"disabilities": _by_parent(disabilities),
		"reviews": _by_parent(protection_reviews),
		"plo_reviews": _by_parent(plo_reviews),
	}
	plans_by_member: dict[str, list[Row]] = defaultdict(list)
	for row in protection_plans:
		plans_by_member[row["member"]].append(row)
	pre_proceedings_by_member: dict[str, list[Row]] = defaultdict(list)
	if has_pre_proceedings(year_end):
		cases = {row["name"]: row for row in plo_cases}
		for row in plo_children:
			if row["parent"] in cases:
				pre_proceedings_by_member[row["member"]].append(cases[row["parent"]])

	children = []
	used: dict[tuple[str, str], str | None] = {}
	for member in sorted(members, key=lambda row: row["name"]):
		member_episodes = sorted(
			episodes_by_member.get(member["name"], ()), key=lambda row: (row["referral_date"], row["name"])
		)
		if not member_episodes:
			continue
		child_id = census_child_id(member["name"], member.get("la_child_id"))
		used["Member", member["name"]] = member.get("family")
		used.update((("CIN Episode", row["name"]), row.get("family")) for row in member_episodes)
		placed = _place(
			year,
			child_id,
			member_episodes,
			plans_by_member.get(member["name"], ()),
			pre_proceedings_by_member.get(member["name"], ()),
			by_parent["reviews"],
			by_parent["plo_reviews"],
			unplaced,
			used,
		)
		children.append(
			_child(
				year,
				member,
				child_id,
				by_parent["disabilities"].get(member["name"], ()),
				tuple(
					_episode(year, row, by_parent, *placed[row["name"]], unplaced, child_id)
					for row in member_episodes
				),
			)
		)
	header = Header(year_end=year_end, la_code=la_code, made_at=made_at)
	records = tuple((doctype, name, family) for (doctype, name), family in used.items())
	return Assembled(CensusReturn(header, tuple(children)), tuple(unplaced), records)


def census_years(today: date) -> range:
	"""The census years a return can be made for, by their year end: from the first the layout
	knows to the one running today (a return of a year not yet ended is a check of the records so
	far)."""
	return range(FIRST_YEAR, census_year_of(today).year_end + 1)


def has_pre_proceedings(year_end: int) -> bool:
	"""Whether the year's census has the pre-proceedings block (from 2026-27)."""
	episode = layout_for(year_end).child("Children").child("Child").child("CINdetails")
	return episode.child("PreProceedingsandFGDM") is not None


def factor_codes(text: str | None) -> tuple[str, ...]:
	"""The assessment factors as the CIN Episode form stores them ("3B, 16A": codes separated by
	commas or spaces, rules/census/codes.py, normalise_assessment_factors), as codes."""
	return tuple(code_of(part) for part in re.split(r"[,\s]+", text or "") if part)


def section_47_period(
	start: date, icpc_date: date | None, icpc_not_required: bool
) -> tuple[date, date | None]:
	"""A section 47 enquiry runs from its start to its initial conference. One that found no
	conference was needed ended when it started, as far as the records tell; one with neither is
	still open."""
	if icpc_date:
		return start, icpc_date
	return start, start if icpc_not_required else None


def pre_proceedings_period(case: Row) -> tuple[date, date | None]:
	"""A PLO case's pre-proceedings run from the legal gateway meeting until the family steps down
	from them or the court application is made (or the case concludes)."""
	ends = [case.get(field) for field in ("stepped_down_on", "issue_date", "concluded_on")]
	return case["legal_gateway_date"], min((day for day in ends if day), default=None)


# --- the child -------------------------------------------------------------------------------------


def _child(
	year: CensusYear, member: Row, child_id: str, disabilities: Iterable[Row], episodes: tuple
) -> Child:
	born = member.get("date_of_birth")
	expected = member.get("expected_date_of_birth")
	# Unborn on 31 March: recorded as unborn, or born only after the year ended.
	unborn = (
		member.get("member_type") == UNBORN
		or (not born and expected)
		or (born and born > year.reference_date)
	)
	death = member.get("date_of_death")
	return Child(
		la_child_id=child_id,
		sex=UNKNOWN_SEX if unborn else _code(member.get("sex")),
		ethnicity=_code(member.get("ethnicity")),
		upn=_text(member.get("upn")),
		former_upn=_text(member.get("former_upn")),
		upn_unknown_reason=_code(member.get("upn_unknown_reason")),
		birth_date=None if unborn else born,
		expected_birth_date=(expected or born) if unborn else None,
		death_date=death if death and death <= year.reference_date else None,
		disabilities=tuple(
			_code(row["disability"]) for row in _in_order(disabilities) if row.get("disability")
		),
		episodes=episodes,
	)


# --- the plans and pre-proceedings placed in the child's episodes ----------------------------------


def _place(
	year: CensusYear,
	child_id: str,
	member_episodes: list[Row],
	plans: Iterable[Row],
	cases: Iterable[Row],
	reviews: Mapping[str, list[Row]],
	plo_reviews: Mapping[str, list[Row]],
	unplaced: list[Unplaced],
	used: dict[tuple[str, str], str | None],
) -> dict[str, tuple[list, list, list, list]]:
	"""For each episode: its Section47 items, its ChildProtectionPlans items, the days of its
	initial conferences held without an enquiry, and its pre-proceedings blocks. The plans and
	cases placed are added to `used`."""
	placed = {row["name"]: ([], [], [], []) for row in member_episodes}
	periods = [
		episode_rules.Episode(
			row["referral_date"], row.get("closure_date"), bool(row.get("no_further_action"))
		)
		for row in member_episodes
	]
	names = {id(period): row["name"] for period, row in zip(periods, member_episodes, strict=True)}

	def home(day: date | None) -> str | None:
		period = episode_rules.episode_containing(periods, day)
		return names[id(period)] if period is not None else None

	for plan in sorted(plans, key=lambda row: (_plan_key(row) or date.max, row["name"])):
		items = _plan_items(year, plan, reviews.get(plan["name"], ()))
		if not any(items):
			continue
		episode = home(_plan_key(plan))
		if episode is None:
			unplaced.append(
				Unplaced(
					child_id,
					f"Child Protection Plan {plan['name']}",
					"It falls in the census year but in none of the child's CIN episodes of the year: "
					"its section 47 enquiry, conference or plan starts outside every episode.",
				)
			)
			continue
		section_47, protection_plan, icpc = items
		used["Child Protection Plan", plan["name"]] = plan.get("family")
		if section_47:
			placed[episode][0].append(section_47)
		if protection_plan:
			placed[episode][1].append(protection_plan)
		if icpc:
			placed[episode][2].append((icpc, plan["name"]))
	for case in sorted(cases, key=lambda row: (row["legal_gateway_date"], row["name"])):
		block = _pre_proceedings(year, case, plo_reviews.get(case["name"], ()))
		if block is None:
			continue
		episode = home(case["legal_gateway_date"])
		if episode is None:
			unplaced.append(
				Unplaced(
					child_id,
					f"PLO Case {case['name']}",
					"Its pre-proceedings fall in the census year but its legal gateway meeting is in "
					"none of the child's CIN episodes of the year.",
				)
			)
			continue
		placed[episode][3].append(block)
		used["PLO Case", case["name"]] = case.get("family")
	return placed


def _plan_key(plan: Row) -> date | None:
	return episode_rules.plan_key_date(
		plan.get("section_47_start"), plan.get("icpc_date"), plan.get("plan_start")
	)


def _plan_items(year: CensusYear, plan: Row, reviews: Iterable[Row] = ()):
	"""What a Child Protection Plan gives the year's return: (Section47 or None,
	ChildProtectionPlan or None, an initial conference held without an enquiry or None)."""
	section_47 = protection_plan = icpc = None
	icpc_day = plan.get("icpc_date")
	if plan.get("section_47_start"):
		start, end = section_47_period(
			plan["section_47_start"], icpc_day, bool(plan.get("icpc_not_required"))
		)
		if period_in_year(year, start, end):
			section_47 = Section47(
				start_date=start,
				icpc_target=plan.get("icpc_due"),
				icpc_date=date_in_year(year, icpc_day),
				icpc_not_required=bool(plan.get("icpc_not_required")),
			)
	else:
		icpc = date_in_year(year, icpc_day)
	if plan.get("plan_start"):
		period = period_in_year(year, plan["plan_start"], plan.get("plan_end"))
		if period:
			initial = _code(plan.get("initial_category"))
			protection_plan = ChildProtectionPlan(
				start_date=period[0],
				end_date=period[1],
				initial_category=initial,
				# no later category recorded: the plan's category is still its first
				latest_category=_code(plan.get("latest_category")) or initial,
				previous_plans=int(plan.get("previous_plans") or 0),
				review_dates=tuple(
					sorted(
						day for day in (date_in_year(year, row.get("review_date")) for row in reviews) if day
					)
				),
			)
	return section_47, protection_plan, icpc


def _pre_proceedings(year: CensusYear, case: Row, reviews: Iterable[Row]) -> PreProceedings | None:
	"""A PLO case's pre-proceedings block for the year, or None when they are not in it. Its dates
	are those on or before 31 March: what had happened by the end of the year."""
	decision = case.get("gateway_decision")
	if decision not in (ENTER_PRE_PROCEEDINGS, ISSUE_PROCEEDINGS) or not case.get("legal_gateway_date"):
		return None
	if period_in_year(year, *pre_proceedings_period(case)) is None:
		return None

	def by_year_end(day):
		return day if day and day <= year.reference_date else None

	return PreProceedings(
		start_date=case["legal_gateway_date"] if decision == ENTER_PRE_PROCEEDINGS else None,
		letter_sent_date=by_year_end(case.get("letter_before_proceedings")),
		fgdm_offered=bool(case.get("fgdm_offered")),
		fgdm_facilitated=bool(case.get("fgdm_facilitated")),
		initial_meeting_date=by_year_end(case.get("pre_proceedings_meeting")),
		review_meetings=sum(1 for row in reviews if by_year_end(row.get("review_date"))),
		step_decision_date=by_year_end(case.get("step_decision_date")),
		outcome=_code(case.get("pre_proceedings_outcome")),
		court_application_date=by_year_end(case.get("issue_date")),
		letter_initial_cp_date=by_year_end(case.get("letter_initial_cp_date")),
	)


# --- the episode -----------------------------------------------------------------------------------


def _episode(
	year: CensusYear,
	row: Row,
	by_parent: dict,
	section_47s: list,
	protection_plans: list,
	icpcs: list,
	pre_proceedings: list,
	unplaced: list[Unplaced],
	child_id: str,
) -> Episode:
	closure = date_in_year(year, row.get("closure_date"))
	if len(icpcs) > 1:
		for _day, plan in icpcs[1:]:
			unplaced.append(
				Unplaced(
					child_id,
					f"Child Protection Plan {plan}",
					"Its initial conference, held without a section 47 enquiry, is the second in one CIN "
					"episode: the census takes one such conference an episode.",
				)
			)
	return Episode(
		referral_date=row["referral_date"],
		referral_source=_code(row.get("referral_source")),
		primary_need=_code(row.get("primary_need")),
		closure_date=closure,
		closure_reason=_code(row.get("closure_reason")) if closure else None,
		initial_cpc_date=icpcs[0][0] if icpcs else None,
		no_further_action=bool(row.get("no_further_action")),
		assessments=tuple(
			item
			for item in (
				_assessment(year, a) for a in _in_order(by_parent["assessments"].get(row["name"], ()))
			)
			if item
		),
		cin_plans=tuple(
			CinPlan(*period)
			for period in (
				period_in_year(year, p["start_date"], p.get("end_date"))
				for p in _in_order(by_parent["cin_plans"].get(row["name"], ()))
			)
			if period
		),
		section_47s=tuple(section_47s),
		protection_plans=tuple(protection_plans),
		pre_proceedings=tuple(pre_proceedings),
	)


def _assessment(year: CensusYear, row: Row) -> Assessment | None:
	period = period_in_year(year, row["start_date"], row.get("authorisation_date"))
	if period is None:
		return None
	start, authorised = period
	review = row.get("internal_review_date")
	return Assessment(
		start_date=start,
		internal_review_date=review if review and review <= year.reference_date else None,
		authorisation_date=authorised,
		# factors belong to a completed assessment (DfE 8614)
		factors=factor_codes(row.get("factors")) if authorised else (),
	)


# --- small helpers ---------------------------------------------------------------------------------


def _by_parent(rows: Iterable[Row]) -> dict[str, list[Row]]:
	grouped: dict[str, list[Row]] = defaultdict(list)
	for row in rows:
		grouped[row["parent"]].append(row)
	return grouped


def _in_order(rows: Iterable[Row]) -> list[Row]:
	"""Child rows by their dates where they have one, else in the form's order."""
	return sorted(rows, key=lambda row: (row.get("start_date") or date.min, row.get("idx") or 0))


def _code(value) -> str | None:
	return code_of(value) if value and str(value).strip() else None


def _text(value) -> str | None:
	return str(value).strip() if value and str(value).strip() else None
