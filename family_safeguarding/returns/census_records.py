"""What a child of a census file becomes in the app's records, as plain values: the Member, its CIN
Episodes with their assessments and CIN plans, and its Child Protection Plans with the workflow
state each should rest in. No Frappe: the importer (importer.py) finds, creates and updates the
records; this module says what they should hold.

The census carries no names: a child made from it is "Census child" followed by its LA child ID,
in a family named after that ID, until the council's own records name them.

Values are the records' own: the full option of a code list ("6 - Police"), dates as dates. An item
the file leaves out is None here, and an import never empties a recorded value with it: a later
year's file leaves out what happened before that year.
"""

from dataclasses import dataclass
from datetime import date

from family_safeguarding.returns.cin_model import Child, Episode
from family_safeguarding.rules.census.codes import (
	CATEGORIES_OF_ABUSE,
	CLOSURE_REASONS,
	DISABILITIES,
	ETHNICITY,
	PRIMARY_NEEDS,
	REFERRAL_SOURCES,
	SEX,
	UPN_UNKNOWN_REASONS,
	code_of,
)
from family_safeguarding.rules.workflows import (
	ACTIVE_PLAN,
	CLOSED_NO_PLAN,
	CONFERENCE_SCHEDULED,
	PLAN_ENDED,
	SECTION_47_ENQUIRY,
	STRATEGY_DISCUSSION,
)

PLACEHOLDER_FIRST_NAME = "Census child"
PLACEHOLDER_FAMILY_NAME = "Imported from census {la_child_id}"
# The census says neither why a plan ended nor what each review decided.
IMPORTED_END_REASON = "Other"
IMPORTED_REVIEW_OUTCOME = "Continue Plan"
NO_PLAN_AT_CONFERENCE = "Imported from the census: the initial conference made no plan."
NO_CONFERENCE_NEEDED = "Imported from the census: the section 47 enquiry found no conference was needed."


def option_for(code: str | None, options: tuple[str, ...]) -> str | None:
	"""The option of a code list that has the code: "6" is "6 - Police"."""
	if code is None:
		return None
	return next((option for option in options if code_of(option) == code_of(code)), None)


def is_born(child: Child) -> bool:
	return child.birth_date is not None or child.expected_birth_date is None


def member_values(child: Child) -> dict:
	"""The Member's fields the file gives, by fieldname; None where the file says nothing."""
	return {
		"member_type": "Child" if is_born(child) else "Unborn Child",
		"la_child_id": child.la_child_id,
		"date_of_birth": child.birth_date,
		"expected_date_of_birth": None if is_born(child) else child.expected_birth_date,
		"date_of_death": child.death_date,
		"sex": option_for(child.sex, SEX),
		"ethnicity": option_for(child.ethnicity, ETHNICITY),
		"upn": child.upn,
		"former_upn": child.former_upn,
		"upn_unknown_reason": option_for(child.upn_unknown_reason, UPN_UNKNOWN_REASONS),
	}


def disability_options(child: Child) -> tuple[str, ...]:
	return tuple(option_for(code, DISABILITIES) for code in child.disabilities)


def new_member_names(child: Child) -> dict:
	return {"first_name": PLACEHOLDER_FIRST_NAME, "last_name": child.la_child_id}


def new_family_values(child: Child, team: str) -> dict:
	"""A family for a child the app does not know yet: open in `team` since the child's first
	referral, allocated to no one (the team's manager sees it, and allocates it)."""
	return {
		"family_name": PLACEHOLDER_FAMILY_NAME.format(la_child_id=child.la_child_id),
		"team": team,
		"status": "Open",
		"opened_on": min(episode.referral_date for episode in child.episodes),
	}


@dataclass(frozen=True)
class PlannedEpisode:
	"""A CIN Episode, found by its child and referral date. Assessments and CIN plans are rows
	found by their start date."""

	referral_date: date
	values: dict
	assessments: tuple[dict, ...] = ()
	cin_plans: tuple[dict, ...] = ()


def planned_episodes(child: Child) -> list[PlannedEpisode]:
	return [
		PlannedEpisode(
			referral_date=episode.referral_date,
			values={
				"referral_source": option_for(episode.referral_source, REFERRAL_SOURCES),
				"primary_need": option_for(episode.primary_need, PRIMARY_NEEDS),
				"no_further_action": int(episode.no_further_action),
				"closure_date": episode.closure_date,
				"closure_reason": option_for(episode.closure_reason, CLOSURE_REASONS),
			},
			assessments=tuple(
				{
					"start_date": assessment.start_date,
					"internal_review_date": assessment.internal_review_date,
					"authorisation_date": assessment.authorisation_date,
					"factors": ", ".join(assessment.factors) or None,
				}
				for assessment in episode.assessments
			),
			cin_plans=tuple(
				{"start_date": plan.start_date, "end_date": plan.end_date} for plan in episode.cin_plans
			),
		)
		for episode in sorted(child.episodes, key=lambda episode: episode.referral_date)
	]


@dataclass(frozen=True)
class PlannedPlan:
	"""A Child Protection Plan record: a section 47 enquiry, or an initial conference held without
	one, and the plan the conference made, if it made one. `steps` are the fields each workflow
	state needs, set as the record enters the state; `state` is where it rests."""

	steps: tuple[tuple[str, dict], ...]
	reviews: tuple[date, ...] = ()

	@property
	def state(self) -> str:
		return self.steps[-1][0]

	@property
	def values(self) -> dict:
		"""Every field the plan's steps set."""
		return {name: value for _state, values in self.steps for name, value in values.items()}

	def matches(self, recorded: dict) -> bool:
		"""Whether a recorded plan of the child is this one: the same section 47 start, initial
		conference or plan start. A later year's file may leave out an enquiry or conference held
		before its year, so any one of them that both have is enough."""
		values = self.values
		return any(
			values.get(name) is not None and values.get(name) == recorded.get(name)
			for name in ("section_47_start", "icpc_date", "plan_start")
		)


def planned_plans(child: Child) -> list[PlannedPlan]:
	"""The child's enquiries, conferences and plans as Child Protection Plan records, oldest first.

	A plan is made at its initial conference and starts that day: it belongs with the enquiry (or
	the conference without one) held on its start date. A plan whose conference is not in the file
	was made in an earlier year; its record has the conference on the plan's start date."""
	planned = []
	for episode in child.episodes:
		planned += _plans_of_episode(episode)
	return sorted(planned, key=lambda plan: _first_date(plan.values))


def _plans_of_episode(episode: Episode) -> list[PlannedPlan]:
	records = [
		{
			"strategy_discussion_date": enquiry.start_date,
			"section_47_start": enquiry.start_date,
			"icpc_date": enquiry.icpc_date,
			"icpc_not_required": int(enquiry.icpc_not_required),
			"plan": None,
		}
		for enquiry in episode.section_47s
	]
	for plan in sorted(episode.protection_plans, key=lambda plan: plan.start_date):
		record = _conference_of(plan.start_date, records)
		if record is None:
			record = _conference_without_enquiry(plan.start_date)
			records.append(record)
		record["plan"] = plan
	if episode.initial_cpc_date and not any(r["icpc_date"] == episode.initial_cpc_date for r in records):
		records.append(_conference_without_enquiry(episode.initial_cpc_date))
	return [_steps(record) for record in records]


def _conference_of(plan_start: date, records: list[dict]) -> dict | None:
	"""The enquiry whose conference made a plan: the one held on the plan's start date, else the
	latest held before it that made no other plan (a file whose plan does not start on its
	conference's day is then refused by the form's rule, as a worker's record would be)."""
	waiting = [r for r in records if r["icpc_date"] and not r["plan"] and r["icpc_date"] <= plan_start]
	return max(waiting, key=lambda r: r["icpc_date"], default=None)


def _conference_without_enquiry(day: date) -> dict:
	return {
		"strategy_discussion_date": day,
		"section_47_start": None,
		"icpc_date": day,
		"icpc_not_required": 0,
		"plan": None,
	}


def _steps(record: dict) -> PlannedPlan:
	plan = record["plan"]
	steps = [
		(
			STRATEGY_DISCUSSION,
			{
				"strategy_discussion_date": record["strategy_discussion_date"],
				"section_47_start": record["section_47_start"],
			},
		),
		(SECTION_47_ENQUIRY, {}),
	]
	if record["icpc_date"]:
		steps.append((CONFERENCE_SCHEDULED, {"icpc_date": record["icpc_date"]}))
	if plan is None:
		if record["icpc_date"]:
			steps.append((CLOSED_NO_PLAN, {"no_plan_reason": NO_PLAN_AT_CONFERENCE}))
		elif record["icpc_not_required"]:
			steps.append((CLOSED_NO_PLAN, {"icpc_not_required": 1, "no_plan_reason": NO_CONFERENCE_NEEDED}))
		return PlannedPlan(tuple(steps))
	steps.append(
		(
			ACTIVE_PLAN,
			{
				"plan_start": plan.start_date,
				"initial_category": option_for(plan.initial_category, CATEGORIES_OF_ABUSE),
				"latest_category": option_for(plan.latest_category, CATEGORIES_OF_ABUSE),
			},
		)
	)
	if plan.end_date:
		steps.append((PLAN_ENDED, {"plan_end": plan.end_date, "end_reason": IMPORTED_END_REASON}))
	return PlannedPlan(tuple(steps), reviews=tuple(sorted(set(plan.review_dates))))


def _first_date(values: dict) -> date:
	return values.get("section_47_start") or values.get("icpc_date") or values.get("plan_start")


def steps_from(planned: PlannedPlan, recorded_state: str) -> tuple[tuple[str, dict], ...] | None:
	"""The states a recorded plan enters, in order, to reach the state the file has it in, with the
	fields each needs: none when it is there already, or further along the same route (an older
	file imported after a newer one). None when the record is on another route (closed with no
	plan, where the file has a plan): it cannot be moved there."""
	route = [state for state, _values in planned.steps]
	if recorded_state not in route:
		return None
	return planned.steps[route.index(recorded_state) + 1 :]
