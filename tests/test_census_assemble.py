"""The return of a census year assembled from the records' rows (returns/cin_assemble.py): which
children and items are in the year, how each appears, and where a plan goes."""

from datetime import date

import pytest
from census_sample_model import SAMPLE

from family_safeguarding.returns.cin_assemble import (
	assemble,
	census_years,
	factor_codes,
	has_pre_proceedings,
	pre_proceedings_period,
	section_47_period,
)
from family_safeguarding.returns.cin_model import PreProceedings

D = date


def member(name, **fields):
	return {
		"name": name,
		"member_type": "Child",
		"sex": "F - Female",
		"ethnicity": "WBRI - White British",
		"date_of_birth": D(2015, 6, 15),
		**fields,
	}


def episode(name, member_name, referral, **fields):
	return {
		"name": name,
		"member": member_name,
		"referral_date": referral,
		"referral_source": "6 - Police",
		"primary_need": "N1 - Abuse or neglect",
		"no_further_action": 0,
		**fields,
	}


def plan(name, member_name, **fields):
	return {"name": name, "member": member_name, "icpc_not_required": 0, "previous_plans": 0, **fields}


# The records behind census_sample.VALID_RETURN, with what the year leaves out beside them.
SAMPLE_ROWS = {
	"members": [
		member("MEM-0000001", la_child_id="FS0001", upn="R801200101001", sex="F - Female", family="FAM-0001"),
		member(
			"MEM-0000002",
			family="FAM-0002",
			la_child_id="FS0002",
			member_type="Unborn Child",
			date_of_birth=None,
			expected_date_of_birth=D(2026, 5, 20),
			sex="",
			upn_unknown_reason="UN1 - Child is not of school age",
		),
	],
	"disabilities": [{"parent": "MEM-0000001", "disability": "NONE - No disability", "idx": 1}],
	"episodes": [
		episode("CIN-00001", "MEM-0000001", D(2025, 5, 2), family="FAM-0001"),
		episode(
			"CIN-00002",
			"MEM-0000002",
			D(2026, 1, 12),
			family="FAM-0002",
			referral_source="3B - Health services: health visitor",
			primary_need=None,
			no_further_action=1,
			closure_date=D(2026, 1, 12),
			closure_reason="RC8 - Case closed after assessment, no further action",
		),
	],
	"assessments": [
		{
			"parent": "CIN-00001",
			"idx": 1,
			"start_date": D(2025, 5, 6),
			"authorisation_date": D(2025, 6, 10),
			"factors": "3B, 16A",
		}
	],
	"cin_plans": [{"parent": "CIN-00001", "idx": 1, "start_date": D(2025, 6, 11), "end_date": D(2025, 7, 4)}],
	"protection_plans": [
		plan(
			"CPP-00001",
			"MEM-0000001",
			family="FAM-0001",
			section_47_start=D(2025, 6, 16),
			icpc_due=D(2025, 7, 7),
			icpc_date=D(2025, 7, 4),
			plan_start=D(2025, 7, 4),
			initial_category="NEG - Neglect",
			latest_category="NEG - Neglect",
		)
	],
	"protection_reviews": [
		{"parent": "CPP-00001", "review_date": D(2026, 3, 27)},
		{"parent": "CPP-00001", "review_date": D(2025, 10, 3)},
		# after the year ends: the next year's
		{"parent": "CPP-00001", "review_date": D(2026, 9, 25)},
	],
}


def assembled(year_end=2026, **changes):
	rows = {**SAMPLE_ROWS, **changes}
	return assemble(year_end, "201", made_at=SAMPLE.header.made_at, **rows)


def only_episode(result, child=0):
	(episode,) = result.census.children[child].episodes
	return episode


def test_the_sample_records_make_the_sample_return():
	result = assembled()
	assert result.census == SAMPLE
	assert result.unplaced == ()
	assert result.records == (
		("Member", "MEM-0000001", "FAM-0001"),
		("CIN Episode", "CIN-00001", "FAM-0001"),
		("Child Protection Plan", "CPP-00001", "FAM-0001"),
		("Member", "MEM-0000002", "FAM-0002"),
		("CIN Episode", "CIN-00002", "FAM-0002"),
	)


def test_the_years_a_return_can_be_made_for():
	assert census_years(D(2026, 3, 31)) == range(2025, 2027)
	assert list(census_years(D(2026, 4, 1))) == [2025, 2026, 2027]


def test_a_child_closed_before_the_year_or_referred_after_it_is_not_in_it():
	episodes = [
		episode("CIN-00011", "MEM-0000011", D(2024, 9, 1), closure_date=D(2025, 3, 31), closure_reason="RC7"),
		episode("CIN-00012", "MEM-0000012", D(2026, 4, 1)),
		# no further action, before the year, with no closure date: it ended the day it was made
		episode("CIN-00013", "MEM-0000013", D(2025, 3, 30), no_further_action=1),
		# closed on the first day of the year: in it
		episode("CIN-00014", "MEM-0000014", D(2024, 9, 1), closure_date=D(2025, 4, 1), closure_reason="RC7"),
	]
	members = [member(f"MEM-00000{n}") for n in (11, 12, 13, 14)]
	result = assemble(2026, "201", members=members, episodes=episodes)
	assert [child.la_child_id for child in result.census.children] == ["MEM0000014"]


def test_an_episode_open_from_before_the_year_keeps_its_start_and_has_no_end_after_it():
	episodes = [
		episode(
			"CIN-00001",
			"MEM-0000001",
			D(2023, 11, 20),
			closure_date=D(2026, 4, 2),
			closure_reason="RC7 - Services ceased for any other reason, including child no longer in need",
		)
	]
	result = assembled(episodes=episodes, protection_plans=[], assessments=[], cin_plans=[])
	(child,) = result.census.children
	assert child.la_child_id == "FS0001"
	(only,) = child.episodes
	assert only.referral_date == D(2023, 11, 20)
	# closed after 31 March: open in this year's return, reason and all
	assert only.closure_date is None and only.closure_reason is None


def test_dates_after_the_year_are_left_out_and_items_stay_open():
	assessments = [
		{
			"parent": "CIN-00001",
			"start_date": D(2026, 3, 2),
			"authorisation_date": D(2026, 4, 20),
			"factors": "3B",
		},
		{"parent": "CIN-00001", "start_date": D(2025, 5, 6), "internal_review_date": D(2025, 5, 30)},
		# authorised before the year: not in it
		{"parent": "CIN-00001", "start_date": D(2025, 1, 6), "authorisation_date": D(2025, 3, 10)},
	]
	cin_plans = [{"parent": "CIN-00001", "start_date": D(2025, 6, 11), "end_date": D(2026, 5, 1)}]
	plans = [
		plan(
			"CPP-00001",
			"MEM-0000001",
			section_47_start=D(2026, 3, 20),
			icpc_due=D(2026, 4, 13),
			icpc_date=D(2026, 4, 10),
			plan_start=D(2026, 4, 10),
		)
	]
	result = assembled(assessments=assessments, cin_plans=cin_plans, protection_plans=plans)
	only = only_episode(result)
	assert [
		(a.start_date, a.internal_review_date, a.authorisation_date, a.factors) for a in only.assessments
	] == [
		(D(2025, 5, 6), D(2025, 5, 30), None, ()),
		# factors belong to a completed assessment
		(D(2026, 3, 2), None, None, ()),
	]
	assert [(p.start_date, p.end_date) for p in only.cin_plans] == [(D(2025, 6, 11), None)]
	# the enquiry is open on 31 March: its target stays, its conference is next year's
	(enquiry,) = only.section_47s
	assert (enquiry.start_date, enquiry.icpc_target, enquiry.icpc_date) == (
		D(2026, 3, 20),
		D(2026, 4, 13),
		None,
	)
	assert only.protection_plans == ()


def test_a_plan_open_from_before_the_year_keeps_its_start_and_only_this_years_reviews():
	plans = [
		plan(
			"CPP-00001",
			"MEM-0000001",
			section_47_start=D(2024, 12, 2),
			icpc_date=D(2024, 12, 16),
			plan_start=D(2024, 12, 16),
			plan_end=D(2026, 6, 1),
			initial_category="NEG - Neglect",
			latest_category="",
			previous_plans=2,
		)
	]
	reviews = [{"parent": "CPP-00001", "review_date": day} for day in (D(2025, 3, 14), D(2025, 9, 12))]
	episodes = [episode("CIN-00001", "MEM-0000001", D(2024, 11, 25))]
	result = assembled(
		episodes=episodes, protection_plans=plans, protection_reviews=reviews, assessments=[], cin_plans=[]
	)
	only = only_episode(result)
	# the enquiry ended with its conference before the year began
	assert only.section_47s == ()
	(cp,) = only.protection_plans
	assert (cp.start_date, cp.end_date, cp.initial_category, cp.latest_category, cp.previous_plans) == (
		D(2024, 12, 16),
		None,
		"NEG",
		"NEG",
		2,
	)
	assert cp.review_dates == (D(2025, 9, 12),)


def test_a_conference_held_without_an_enquiry_is_the_episodes_own():
	plans = [plan("CPP-00001", "MEM-0000001", icpc_date=D(2025, 7, 4), plan_start=D(2025, 7, 4))]
	only = only_episode(assembled(protection_plans=plans, protection_reviews=[]))
	assert only.initial_cpc_date == D(2025, 7, 4)
	assert only.section_47s == ()
	assert [p.start_date for p in only.protection_plans] == [D(2025, 7, 4)]


def test_a_plan_goes_into_the_episode_holding_its_key_date():
	episodes = [
		episode("CIN-00001", "MEM-0000001", D(2025, 4, 10), closure_date=D(2025, 8, 1), closure_reason="RC7"),
		episode("CIN-00003", "MEM-0000001", D(2025, 8, 1)),
	]
	plans = [
		plan("CPP-00001", "MEM-0000001", section_47_start=D(2025, 6, 2), icpc_not_required=1),
		# the day one episode closed and the next was referred belongs to the newer one
		plan("CPP-00002", "MEM-0000001", section_47_start=D(2025, 8, 1), icpc_date=D(2025, 8, 20)),
	]
	result = assembled(episodes=episodes, protection_plans=plans, assessments=[], cin_plans=[])
	first, second = result.census.children[0].episodes
	assert [(s.start_date, s.icpc_not_required) for s in first.section_47s] == [(D(2025, 6, 2), True)]
	assert [(s.start_date, s.icpc_date) for s in second.section_47s] == [(D(2025, 8, 1), D(2025, 8, 20))]
	assert result.unplaced == ()


def test_a_plan_in_none_of_the_episodes_is_reported_not_dropped():
	plans = [plan("CPP-00009", "MEM-0000001", section_47_start=D(2025, 4, 20), icpc_not_required=1)]
	result = assembled(protection_plans=plans, protection_reviews=[])
	assert only_episode(result).section_47s == ()
	(unplaced,) = result.unplaced
	assert (unplaced.la_child_id, unplaced.record) == ("FS0001", "Child Protection Plan CPP-00009")
	# a plan of another year is not reported
	old = [plan("CPP-00008", "MEM-0000001", section_47_start=D(2023, 4, 20), icpc_date=D(2023, 5, 2))]
	assert assembled(protection_plans=old).unplaced == ()


def test_an_unborn_child_and_a_child_born_after_the_year():
	result = assembled()
	unborn = result.census.children[1]
	assert (unborn.sex, unborn.birth_date, unborn.expected_birth_date) == ("U", None, D(2026, 5, 20))
	later = [
		SAMPLE_ROWS["members"][0],
		member("MEM-0000002", la_child_id="FS0002", sex="M - Male", date_of_birth=D(2026, 4, 3)),
	]
	child = assembled(members=later).census.children[1]
	assert (child.sex, child.birth_date, child.expected_birth_date) == ("U", None, D(2026, 4, 3))


def test_the_child_id_is_the_member_name_without_its_dash_when_no_la_id_is_recorded():
	members = [{**row, "la_child_id": None} for row in SAMPLE_ROWS["members"]]
	assert [c.la_child_id for c in assembled(members=members).census.children] == ["MEM0000001", "MEM0000002"]


PLO = {
	"name": "PLO-00001",
	"gateway_decision": "Enter Pre-Proceedings",
	"legal_gateway_date": D(2026, 5, 12),
	"letter_before_proceedings": D(2026, 5, 14),
	"pre_proceedings_meeting": D(2026, 5, 28),
	"fgdm_offered": 1,
	"fgdm_facilitated": 0,
	"pre_proceedings_outcome": "",
	"step_decision_date": None,
	"issue_date": D(2027, 4, 20),
	"stepped_down_on": None,
	"concluded_on": None,
}


def test_pre_proceedings_from_2026_27_for_each_child_of_the_case():
	assert not has_pre_proceedings(2026) and has_pre_proceedings(2027)
	episodes = [episode("CIN-00001", "MEM-0000001", D(2026, 4, 20)), *SAMPLE_ROWS["episodes"][1:]]
	rows = {
		"episodes": [{**episodes[0]}],
		"protection_plans": [],
		"assessments": [],
		"cin_plans": [],
		"plo_cases": [PLO],
		"plo_children": [{"parent": "PLO-00001", "member": "MEM-0000001"}],
		"plo_reviews": [
			{"parent": "PLO-00001", "review_date": D(2026, 8, 1)},
			{"parent": "PLO-00001", "review_date": D(2027, 4, 2)},
		],
	}
	only = only_episode(assembled(2027, **rows))
	assert only.pre_proceedings == (
		PreProceedings(
			start_date=D(2026, 5, 12),
			letter_sent_date=D(2026, 5, 14),
			fgdm_offered=True,
			fgdm_facilitated=False,
			initial_meeting_date=D(2026, 5, 28),
			review_meetings=1,
		),
	)
	assert (
		only_episode(assembled(2026, **{**rows, "episodes": SAMPLE_ROWS["episodes"][:1]})).pre_proceedings
		== ()
	)
	# straight to court: no pre-proceedings start, the court application in the year
	issued = {**PLO, "gateway_decision": "Issue Proceedings", "issue_date": D(2026, 6, 1)}
	(block,) = only_episode(assembled(2027, **{**rows, "plo_cases": [issued]})).pre_proceedings
	assert (block.start_date, block.court_application_date) == (None, D(2026, 6, 1))
	no_action = {**PLO, "gateway_decision": "No Further Legal Action"}
	assert only_episode(assembled(2027, **{**rows, "plo_cases": [no_action]})).pre_proceedings == ()


@pytest.mark.parametrize(
	"text, codes",
	[
		("3B, 16A", ("3B", "16A")),
		("3B\n16A ", ("3B", "16A")),
		("3b 16A,4B", ("3B", "16A", "4B")),
		("", ()),
		(None, ()),
	],
)
def test_factor_codes(text, codes):
	assert factor_codes(text) == codes


def test_the_periods_of_an_enquiry_and_of_pre_proceedings():
	assert section_47_period(D(2025, 6, 2), D(2025, 6, 20), False) == (D(2025, 6, 2), D(2025, 6, 20))
	assert section_47_period(D(2025, 6, 2), None, True) == (D(2025, 6, 2), D(2025, 6, 2))
	assert section_47_period(D(2025, 6, 2), None, False) == (D(2025, 6, 2), None)
	assert pre_proceedings_period({**PLO, "stepped_down_on": D(2026, 9, 1)}) == (
		D(2026, 5, 12),
		D(2026, 9, 1),
	)
	assert pre_proceedings_period({**PLO, "issue_date": None}) == (D(2026, 5, 12), None)
