"""What a census child becomes in the app's records (census_records.py): the Member's values, the
episodes, and each enquiry, conference and plan as a Child Protection Plan in its workflow state."""

from datetime import date

from family_safeguarding.returns.census_records import (
	IMPORTED_END_REASON,
	NO_CONFERENCE_NEEDED,
	NO_PLAN_AT_CONFERENCE,
	PlannedPlan,
	member_values,
	new_family_values,
	option_for,
	planned_episodes,
	planned_plans,
	steps_from,
)
from family_safeguarding.returns.cin_model import (
	Assessment,
	Child,
	ChildProtectionPlan,
	CinPlan,
	Episode,
	Section47,
)
from family_safeguarding.rules.workflows import (
	ACTIVE_PLAN,
	CLOSED_NO_PLAN,
	CONFERENCE_SCHEDULED,
	PLAN_ENDED,
	SECTION_47_ENQUIRY,
	STRATEGY_DISCUSSION,
)

REFERRED = date(2025, 5, 2)
ENQUIRY = date(2025, 6, 16)
CONFERENCE = date(2025, 7, 4)


def child(*episodes: Episode, **identifiers) -> Child:
	return Child(la_child_id="FS0001", sex="F", ethnicity="WBRI", episodes=episodes, **identifiers)


def episode(**items) -> Episode:
	return Episode(referral_date=REFERRED, referral_source="6", **items)


def states(plan: PlannedPlan) -> list[str]:
	return [state for state, _values in plan.steps]


def test_an_option_is_found_by_its_code():
	assert option_for("6", ("5D - LA services: early help", "6 - Police")) == "6 - Police"
	assert option_for("n1", ("N1 - Abuse or neglect",)) == "N1 - Abuse or neglect"
	assert option_for(None, ("6 - Police",)) is None


def test_a_born_child_and_an_unborn_one():
	born = member_values(child(episode(), birth_date=date(2015, 6, 15), upn="R801200101001"))
	assert born["member_type"] == "Child"
	assert born["date_of_birth"] == date(2015, 6, 15)
	assert born["sex"] == "F - Female"
	assert born["ethnicity"] == "WBRI - White British"
	unborn = member_values(child(episode(), expected_birth_date=date(2026, 5, 20), upn_unknown_reason="UN1"))
	assert unborn["member_type"] == "Unborn Child"
	assert unborn["expected_date_of_birth"] == date(2026, 5, 20)
	assert unborn["upn_unknown_reason"] == "UN1 - Child is not of school age"


def test_a_new_family_opens_on_the_first_referral():
	later = Episode(referral_date=date(2025, 9, 1), referral_source="6")
	values = new_family_values(child(later, episode()), "North")
	assert values == {
		"family_name": "Imported from census FS0001",
		"team": "North",
		"status": "Open",
		"opened_on": REFERRED,
	}


def test_episodes_carry_their_options_rows_and_factors():
	(planned,) = planned_episodes(
		child(
			episode(
				primary_need="N1",
				assessments=(Assessment(date(2025, 5, 6), factors=("3B", "16A")),),
				cin_plans=(CinPlan(date(2025, 6, 11), date(2025, 7, 4)),),
			)
		)
	)
	assert planned.values["referral_source"] == "6 - Police"
	assert planned.values["primary_need"] == "N1 - Abuse or neglect"
	assert planned.values["no_further_action"] == 0
	assert planned.assessments[0]["factors"] == "3B, 16A"
	assert planned.cin_plans == ({"start_date": date(2025, 6, 11), "end_date": date(2025, 7, 4)},)


def test_an_enquiry_whose_conference_made_a_plan_is_one_record_active():
	(plan,) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(CONFERENCE, initial_category="NEG", latest_category="PHY"),
				),
			)
		)
	)
	assert states(plan) == [STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, ACTIVE_PLAN]
	assert plan.values["strategy_discussion_date"] == ENQUIRY
	assert plan.values["section_47_start"] == ENQUIRY
	assert plan.values["icpc_date"] == plan.values["plan_start"] == CONFERENCE
	assert plan.values["initial_category"] == "NEG - Neglect"
	assert plan.values["latest_category"] == "PHY - Physical abuse"


def test_an_ended_plan_ends_with_the_imported_reason_and_keeps_its_reviews():
	(plan,) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(
						CONFERENCE,
						end_date=date(2026, 1, 9),
						initial_category="NEG",
						latest_category="NEG",
						review_dates=(date(2025, 10, 3), date(2025, 10, 3)),
					),
				),
			)
		)
	)
	assert plan.state == PLAN_ENDED
	assert plan.values["end_reason"] == IMPORTED_END_REASON
	assert plan.reviews == (date(2025, 10, 3),)


def test_enquiries_that_made_no_plan_close_with_their_reason():
	no_conference, no_plan, waiting = planned_plans(
		child(
			episode(
				section_47s=(
					Section47(date(2025, 5, 10), icpc_not_required=True),
					Section47(date(2025, 6, 2), icpc_date=date(2025, 6, 20)),
					Section47(date(2025, 9, 1)),
				)
			)
		)
	)
	assert states(no_conference) == [STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CLOSED_NO_PLAN]
	assert no_conference.values["no_plan_reason"] == NO_CONFERENCE_NEEDED
	assert no_conference.values["icpc_not_required"] == 1
	assert states(no_plan) == [STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, CLOSED_NO_PLAN]
	assert no_plan.values["no_plan_reason"] == NO_PLAN_AT_CONFERENCE
	assert waiting.state == SECTION_47_ENQUIRY


def test_a_conference_without_an_enquiry_is_the_episodes_initial_conference():
	(plan,) = planned_plans(
		child(
			episode(
				initial_cpc_date=CONFERENCE,
				protection_plans=(
					ChildProtectionPlan(CONFERENCE, initial_category="EMO", latest_category="EMO"),
				),
			)
		)
	)
	assert plan.values["section_47_start"] is None
	assert plan.values["strategy_discussion_date"] == plan.values["icpc_date"] == CONFERENCE
	assert plan.state == ACTIVE_PLAN


def test_a_plan_made_before_the_year_has_its_conference_on_its_start():
	started = date(2024, 11, 4)
	(earlier, this_year) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(started, initial_category="NEG", latest_category="NEG"),
				),
			)
		)
	)
	assert earlier.values["icpc_date"] == earlier.values["plan_start"] == started
	assert earlier.values["section_47_start"] is None
	assert this_year.state == CLOSED_NO_PLAN


def test_a_plan_starting_after_its_conference_stays_with_that_conference():
	# the form's rule (a plan starts on the day of its conference) refuses it, as it would a worker's
	(plan,) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(date(2025, 7, 7), initial_category="NEG", latest_category="NEG"),
				),
			)
		)
	)
	assert plan.values["icpc_date"] == CONFERENCE
	assert plan.values["plan_start"] == date(2025, 7, 7)


def test_a_recorded_plan_is_the_files_when_one_of_its_dates_is():
	(plan,) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(CONFERENCE, initial_category="NEG", latest_category="NEG"),
				),
			)
		)
	)
	assert plan.matches({"section_47_start": ENQUIRY})
	assert plan.matches({"section_47_start": None, "icpc_date": None, "plan_start": CONFERENCE})
	assert not plan.matches({"section_47_start": date(2025, 1, 1), "icpc_date": None, "plan_start": None})


def test_a_recorded_plan_moves_on_along_its_route_and_never_back():
	(plan,) = planned_plans(
		child(
			episode(
				section_47s=(Section47(ENQUIRY, icpc_date=CONFERENCE),),
				protection_plans=(
					ChildProtectionPlan(
						CONFERENCE, end_date=date(2026, 1, 9), initial_category="NEG", latest_category="NEG"
					),
				),
			)
		)
	)
	assert [state for state, _values in steps_from(plan, ACTIVE_PLAN)] == [PLAN_ENDED]
	assert steps_from(plan, PLAN_ENDED) == ()
	assert steps_from(plan, CLOSED_NO_PLAN) is None
