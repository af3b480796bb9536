import ast
import json
import string
from datetime import date, timedelta
from pathlib import Path

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.census.codes import (
	ASSESSMENT_FACTORS,
	CONTACT_OUTCOMES,
	DISABILITIES,
	PRE_PROCEEDINGS_OUTCOMES,
	PRIMARY_NEEDS,
	REFERRAL_SOURCES,
	UPN_UNKNOWN_REASONS,
	census_child_id,
	check_assessment_factors,
	check_code,
	check_disabilities,
	check_la_child_id,
	check_upn_or_reason,
	code_of,
	codes,
	normalise_assessment_factors,
)
from family_safeguarding.rules.census.episodes import (
	Episode,
	assessment_due,
	assessment_query,
	check_assessment_dates,
	check_cin_plan_apart_from_cp_plans,
	check_cin_plan_dates,
	check_closure,
	check_cp_plan_starts_at_icpc,
	check_episode_among_others,
	check_icpc_not_on_weekend,
	check_no_further_action,
	check_nothing_after_closure,
	check_plan_in_an_episode,
	episode_containing,
	icpc_query,
	plan_key_date,
)
from family_safeguarding.rules.census.year import (
	CensusYear,
	census_year_of,
	date_in_year,
	episode_in_scope,
	period_in_year,
)
from family_safeguarding.rules.code_lists import CLOSURE_REASONS

Y2026 = CensusYear(2026)  # the 2025-26 census


# --- The census year ---------------------------------------------------------------------------


def test_the_2025_26_census_year():
	assert Y2026.start == date(2025, 4, 1)
	assert Y2026.reference_date == date(2026, 3, 31)
	assert Y2026.label == "2025-26"
	assert date(2025, 4, 1) in Y2026 and date(2026, 3, 31) in Y2026
	assert date(2025, 3, 31) not in Y2026 and date(2026, 4, 1) not in Y2026


@pytest.mark.parametrize(
	"day, year_end",
	[
		(date(2025, 3, 31), 2025),
		(date(2025, 4, 1), 2026),
		(date(2025, 12, 31), 2026),
		(date(2026, 3, 31), 2026),
	],
)
def test_census_year_of_a_day(day, year_end):
	assert census_year_of(day) == CensusYear(year_end)


@pytest.mark.parametrize(
	"referral, closure, nfa, in_scope, why",
	[
		(date(2025, 3, 31), None, True, False, "a no-further-action referral the day before the year"),
		(date(2025, 3, 31), date(2025, 3, 31), False, False, "closed the day before the year began"),
		(date(2025, 4, 1), None, True, True, "a no-further-action referral on the year's first day"),
		(date(2025, 4, 1), date(2025, 4, 1), False, True, "referred and closed on the first day"),
		(date(2024, 9, 2), None, False, True, "opened in 2024 and still open on 1 April 2025"),
		(date(2024, 9, 2), date(2025, 4, 1), False, True, "opened in 2024, closed on the first day"),
		(date(2024, 9, 2), date(2025, 3, 31), False, False, "opened in 2024, closed before the year"),
		(date(2025, 3, 31), None, False, True, "referred the day before and still open"),
		(date(2026, 3, 31), None, True, True, "a referral on the year's last day"),
		(date(2026, 4, 1), None, False, False, "referred after the year"),
	],
)
def test_which_episodes_the_2025_26_census_takes_in(referral, closure, nfa, in_scope, why):
	assert episode_in_scope(Y2026, referral, closure, nfa) is in_scope, why


@pytest.mark.parametrize(
	"start, end, appears_as",
	[
		# An assessment begun before the year and authorised in it keeps its early start.
		(date(2025, 3, 10), date(2025, 4, 15), (date(2025, 3, 10), date(2025, 4, 15))),
		# Authorised after 31 March: the return shows it open, its end date left for next year.
		(date(2026, 3, 2), date(2026, 4, 2), (date(2026, 3, 2), None)),
		(date(2023, 6, 1), None, (date(2023, 6, 1), None)),
		(date(2025, 1, 6), date(2025, 3, 31), None),  # ended the day before the year began
		(date(2026, 4, 1), None, None),  # begins after the year
	],
)
def test_period_in_year(start, end, appears_as):
	assert period_in_year(Y2026, start, end) == appears_as


def test_a_single_date_appears_only_inside_the_year():
	assert date_in_year(Y2026, date(2025, 4, 1)) == date(2025, 4, 1)
	assert date_in_year(Y2026, date(2025, 3, 31)) is None
	assert date_in_year(Y2026, date(2026, 4, 1)) is None
	assert date_in_year(Y2026, None) is None


# --- Working-day queries: England and Wales bank holidays, hand-counted --------------------------


@pytest.mark.parametrize(
	"started, due",
	[
		# Tue 1 Apr 2025 + 45: 2-4 Apr (3), 7-11 (8), 14-17 (12), Good Friday 18 Apr and Easter
		# Monday 21 Apr skipped, 22-25 (16), 28-30 (19), 1-2 May (21), Early May bank holiday 5 May
		# skipped, 6-9 (25), 12-16 (30), 19-23 (35), Spring bank holiday 26 May skipped, 27-30 (39),
		# 2-6 Jun (44), Mon 9 Jun (45).
		(date(2025, 4, 1), date(2025, 6, 9)),
		# Mon 1 Dec 2025 + 45: 2-5 Dec (4), 8-12 (9), 15-19 (14), 22-24 (17), Christmas Thu 25 and
		# Boxing Day Fri 26 skipped, 29-31 (20), New Year's Day Thu 1 Jan skipped, 2 Jan (21),
		# 5-9 (26), 12-16 (31), 19-23 (36), 26-30 (41), 2-5 Feb (45): Thu 5 Feb 2026.
		(date(2025, 12, 1), date(2026, 2, 5)),
	],
)
def test_an_assessment_is_due_45_working_days_after_it_starts(started, due):
	assert assessment_due(started) == due


def test_the_assessment_query_is_raised_only_after_the_45th_working_day():
	started, due = date(2025, 12, 1), date(2026, 2, 5)
	assert assessment_query(started, due, today=date(2026, 3, 1)) is None
	late = assessment_query(started, due + timedelta(days=1), today=date(2026, 3, 1))
	assert late.field == "authorisation_date" and "05-02-2026" in late.message
	assert assessment_query(started, None, today=due) is None
	open_too_long = assessment_query(started, None, today=due + timedelta(days=1))
	assert open_too_long.field == "authorisation_date" and "not authorised" in open_too_long.message


@pytest.mark.parametrize(
	"s47_started, due",
	[
		# Thu 10 Apr 2025 + 15: 11 Apr (1), 14-17 (5), Good Friday 18 and Easter Monday 21 skipped,
		# 22-25 (9), 28-30 (12), 1-2 May (14), 5 May bank holiday skipped, Tue 6 May (15).
		(date(2025, 4, 10), date(2025, 5, 6)),
		# Wed 17 Dec 2025 + 15: 18-19 (2), 22-24 (5), 25 and 26 Dec skipped, 29-31 (8), 1 Jan
		# skipped, 2 Jan (9), 5-9 (14), Mon 12 Jan 2026 (15).
		(date(2025, 12, 17), date(2026, 1, 12)),
	],
)
def test_the_icpc_query_counts_15_working_days_from_the_section_47_enquiry(s47_started, due):
	assert icpc_query(s47_started, due, False, today=due) is None
	late = icpc_query(s47_started, due + timedelta(days=1), False, today=due + timedelta(days=30))
	assert late.field == "icpc_date" and f"{due:%d-%m-%Y}" in late.message
	assert icpc_query(s47_started, None, False, today=due) is None
	assert icpc_query(s47_started, None, False, today=due + timedelta(days=1)).field == "icpc_date"


def test_no_icpc_query_when_the_enquiry_found_none_was_needed():
	assert icpc_query(date(2025, 4, 10), None, True, today=date(2025, 12, 1)) is None


# --- Code lists -------------------------------------------------------------------------------


def test_code_lists_have_the_census_codes_once_each():
	for options, count in (
		(REFERRAL_SOURCES, 22),
		(PRIMARY_NEEDS, 10),
		(DISABILITIES, 13),
		(ASSESSMENT_FACTORS, 42),
		(UPN_UNKNOWN_REASONS, 7),
	):
		assert len(set(codes(options))) == len(options) == count
	assert codes(UPN_UNKNOWN_REASONS) == ("UN1", "UN2", "UN3", "UN4", "UN5", "UN6", "UN7")
	assert "18A" not in codes(ASSESSMENT_FACTORS) and "19A" not in codes(ASSESSMENT_FACTORS)


@pytest.mark.parametrize(
	"value, options, code",
	[
		("1A", REFERRAL_SOURCES, "1A"),
		("10 - Unknown", REFERRAL_SOURCES, "10"),
		("5D", REFERRAL_SOURCES, "5D"),
		("N0", PRIMARY_NEEDS, "N0"),
		("n9", PRIMARY_NEEDS, "N9"),
		("", PRIMARY_NEEDS, None),
		(None, PRIMARY_NEEDS, None),
	],
)
def test_census_codes_are_accepted(value, options, code):
	assert check_code(value, options, "field", "Label") == code


@pytest.mark.parametrize(
	"value, options",
	[("11", REFERRAL_SOURCES), ("1E", REFERRAL_SOURCES), ("N10", PRIMARY_NEEDS), ("X", PRIMARY_NEEDS)],
)
def test_other_codes_are_refused_naming_the_field(value, options):
	with pytest.raises(RuleError) as refused:
		check_code(value, options, "referral_source", "Referral Source")
	assert refused.value.field == "referral_source" and value in refused.value.message


def test_code_of_an_option():
	assert code_of("3B - Domestic abuse: the parent or carer") == "3B"
	assert code_of(" nOnE ") == "NONE"


@pytest.mark.parametrize("retired, replacement", [("18A", "18B"), ("19A", "19C")])
def test_retired_assessment_factors_are_refused_with_their_replacement(retired, replacement):
	with pytest.raises(RuleError) as refused:
		check_assessment_factors(["3B", retired])
	assert refused.value.field == "factors" and retired in refused.value.message
	assert replacement in refused.value.message


def test_assessment_factors():
	assert check_assessment_factors(["3B - Domestic abuse: the parent or carer", "16A", "24A"]) == (
		"3B",
		"16A",
		"24A",
	)
	assert check_assessment_factors(["21"]) == ("21",)
	with pytest.raises(RuleError, match="21"):
		check_assessment_factors(["21", "3B"])
	with pytest.raises(RuleError, match="twice"):
		check_assessment_factors(["3B", "3b"])
	with pytest.raises(RuleError, match="'8A'"):
		check_assessment_factors(["8A"])  # privately fostered starts at 8B


def test_disabilities():
	assert check_disabilities(["NONE"]) == ("NONE",)
	assert check_disabilities(["MOB", "AUT - Autism or Asperger syndrome"]) == ("MOB", "AUT")
	with pytest.raises(RuleError, match="NONE"):
		check_disabilities(["NONE", "MOB"])
	with pytest.raises(RuleError, match="twice"):
		check_disabilities(["VIS", "VIS"])
	with pytest.raises(RuleError) as refused:
		check_disabilities(["SIGHT"])
	assert refused.value.field == "disabilities"


def test_upn_or_the_reason_it_is_unknown():
	# The UPN's check letter is the app's existing rule (rules/identifiers.py).
	assert check_upn_or_reason("r801200101001", None) == ("R801200101001", None)
	assert check_upn_or_reason(None, "UN7 - Referral with no further action") == (None, "UN7")
	with pytest.raises(RuleError) as refused:
		check_upn_or_reason("A801200101001", None)
	assert refused.value.field == "upn"
	with pytest.raises(RuleError) as refused:
		check_upn_or_reason("R801200101001", "UN1")
	assert refused.value.field == "upn_unknown_reason"
	with pytest.raises(RuleError) as refused:
		check_upn_or_reason(None, "UN8")
	assert refused.value.field == "upn_unknown_reason"


@pytest.mark.parametrize("value", ["FS0001", "A" * 20, " 123 "])
def test_la_child_ids_that_the_census_takes(value):
	assert check_la_child_id(value) == value.strip()


@pytest.mark.parametrize("value", [None, "", "FS-0001", "FS 0001", "A" * 21])
def test_la_child_ids_that_the_census_refuses(value):
	with pytest.raises(RuleError) as refused:
		check_la_child_id(value)
	assert refused.value.field == "la_child_id"


# --- Rules on the forms --------------------------------------------------------------------------


def test_closure_date_and_reason_go_together():
	check_closure(date(2025, 5, 1), None, None)
	check_closure(
		date(2025, 5, 1),
		date(2025, 9, 1),
		"RC7 - Services ceased for any other reason, including child no longer in need",
	)
	check_closure(date(2025, 5, 1), date(2025, 5, 1), "RC8")
	with pytest.raises(RuleError) as refused:
		check_closure(date(2025, 5, 1), date(2025, 9, 1), None)
	assert refused.value.field == "closure_reason"
	with pytest.raises(RuleError) as refused:
		check_closure(date(2025, 5, 1), None, "RC7")
	assert refused.value.field == "closure_date"
	with pytest.raises(RuleError) as refused:
		check_closure(date(2025, 5, 1), date(2025, 4, 30), "RC7")
	assert refused.value.field == "closure_date" and "before the Referral Date" in refused.value.message
	with pytest.raises(RuleError) as refused:
		check_closure(date(2025, 5, 1), date(2025, 9, 1), "RC10")
	assert refused.value.field == "closure_reason"


def test_one_open_episode_at_a_time():
	earlier_open = Episode(date(2024, 9, 2))
	with pytest.raises(RuleError) as refused:
		check_episode_among_others(Episode(date(2025, 6, 2)), [earlier_open])
	assert refused.value.field == "referral_date" and "already has an open episode" in refused.value.message
	# A referral with no further action is not an open episode, but it falls inside the open one.
	with pytest.raises(RuleError, match="overlap"):
		check_episode_among_others(Episode(date(2025, 6, 2), no_further_action=True), [earlier_open])


def test_episodes_never_overlap_but_may_meet():
	closed = Episode(date(2024, 9, 2), date(2025, 6, 2))
	check_episode_among_others(Episode(date(2025, 6, 2)), [closed])  # referred the day it closed
	check_episode_among_others(
		Episode(date(2025, 7, 1), date(2025, 8, 1)), [closed, Episode(date(2025, 9, 1))]
	)
	with pytest.raises(RuleError) as refused:
		check_episode_among_others(Episode(date(2025, 6, 1), date(2025, 7, 1)), [closed])
	assert refused.value.field == "closure_date"
	assert "2024" not in refused.value.message  # nothing about the other episode
	# An episode closed before a later, already recorded one began is fine; one left open is not.
	with pytest.raises(RuleError) as refused:
		check_episode_among_others(Episode(date(2024, 1, 8)), [closed])
	assert refused.value.field == "referral_date"


def test_nothing_is_recorded_after_closure():
	closed = date(2025, 9, 1)
	check_nothing_after_closure(closed, [("authorisation_date", "Authorisation Date", closed)])
	check_nothing_after_closure(None, [("authorisation_date", "Authorisation Date", date(2030, 1, 1))])
	with pytest.raises(RuleError) as refused:
		check_nothing_after_closure(
			closed,
			[("start_date", "Start Date", date(2025, 8, 1)), ("end_date", "End Date", date(2025, 9, 2))],
		)
	assert refused.value.field == "end_date" and "02-09-2025" in refused.value.message


def test_a_referral_with_no_further_action_has_no_further_work():
	check_no_further_action(False, assessments=1, cp_plans=1)
	check_no_further_action(True)
	with pytest.raises(RuleError) as refused:
		check_no_further_action(True, assessments=1, section_47_enquiries=2)
	assert refused.value.field == "no_further_action"
	assert "untick No Further Action" in refused.value.message
	for work in ("assessments", "section_47_enquiries", "cin_plans", "cp_plans"):
		with pytest.raises(RuleError):
			check_no_further_action(True, **{work: 1})


def test_the_initial_conference_is_not_at_a_weekend():
	check_icpc_not_on_weekend(date(2025, 6, 13))  # a Friday
	check_icpc_not_on_weekend(None)
	for weekend_day in (date(2025, 6, 14), date(2025, 6, 15)):
		with pytest.raises(RuleError) as refused:
			check_icpc_not_on_weekend(weekend_day)
		assert refused.value.field == "icpc_date"
	with pytest.raises(RuleError, match="Saturday"):
		check_icpc_not_on_weekend(date(2025, 6, 14), field="initial_conference_date")


def test_a_child_protection_plan_starts_on_the_day_of_the_initial_conference():
	check_cp_plan_starts_at_icpc(date(2025, 6, 13), date(2025, 6, 13))
	check_cp_plan_starts_at_icpc(None, date(2025, 6, 13))
	with pytest.raises(RuleError) as refused:
		check_cp_plan_starts_at_icpc(date(2025, 6, 13), date(2025, 6, 16))
	assert refused.value.field == "start_date"


def test_a_cin_plan_does_not_run_alongside_a_child_protection_plan():
	cp = [(date(2025, 6, 13), date(2025, 12, 12))]
	check_cin_plan_apart_from_cp_plans(date(2025, 5, 1), date(2025, 6, 13), cp)  # ends as the CP plan starts
	check_cin_plan_apart_from_cp_plans(date(2025, 12, 12), None, cp)  # starts as the CP plan ends
	with pytest.raises(RuleError) as refused:
		check_cin_plan_apart_from_cp_plans(date(2025, 5, 1), None, cp)
	assert refused.value.field == "end_date"
	with pytest.raises(RuleError) as refused:
		check_cin_plan_apart_from_cp_plans(date(2025, 7, 1), date(2025, 8, 1), cp)
	assert refused.value.field == "start_date"
	with pytest.raises(RuleError):
		check_cin_plan_apart_from_cp_plans(date(2026, 1, 5), None, [(date(2025, 6, 13), None)])


# --- The records the census is made from --------------------------------------------------------


@pytest.mark.parametrize(
	"member, la_child_id, expected",
	[
		("MEM-0000123", None, "MEM0000123"),
		("MEM-0000123", "", "MEM0000123"),
		("MEM-0000123", "  ", "MEM0000123"),
		("MEM-0000123", "LA42", "LA42"),
		("MEM-0000123", " LA42 ", "LA42"),
	],
)
def test_the_child_id_in_the_return_is_the_la_child_id_or_the_member_s_name_in_letters_and_digits(
	member, la_child_id, expected
):
	assert census_child_id(member, la_child_id) == expected
	check_la_child_id(census_child_id(member, la_child_id))  # the census takes it


@pytest.mark.parametrize(
	"section_47_start, icpc_date, plan_start, key",
	[
		(date(2025, 6, 2), date(2025, 6, 16), date(2025, 6, 16), date(2025, 6, 2)),
		(None, date(2025, 6, 16), date(2025, 6, 16), date(2025, 6, 16)),
		(None, None, date(2025, 6, 16), date(2025, 6, 16)),
		(None, None, None, None),
	],
)
def test_a_plan_is_placed_by_its_enquiry_else_its_conference_else_its_start(
	section_47_start, icpc_date, plan_start, key
):
	assert plan_key_date(section_47_start, icpc_date, plan_start) == key


FIRST = Episode(date(2025, 4, 1), date(2025, 6, 30))
SECOND = Episode(date(2025, 6, 30))  # referred the day the first closed, still open
NFA = Episode(date(2025, 3, 3), no_further_action=True)


@pytest.mark.parametrize(
	"day, holding",
	[
		(date(2025, 4, 1), FIRST),  # the referral day is inside
		(date(2025, 5, 15), FIRST),
		(date(2025, 6, 30), SECOND),  # the first's closure day, and the second's referral: the newer
		(date(2026, 3, 31), SECOND),  # open: no end
		(date(2025, 3, 3), NFA),  # a referral with no further action holds its own day
		(date(2025, 3, 4), None),
		(date(2025, 3, 31), None),
		(None, None),
	],
)
def test_the_episode_holding_a_day(day, holding):
	assert episode_containing([NFA, FIRST, SECOND], day) is holding


def test_the_closure_day_is_inside_an_episode_when_no_other_begins_that_day():
	assert episode_containing([FIRST], date(2025, 6, 30)) is FIRST
	assert episode_containing([FIRST], date(2025, 7, 1)) is None


def test_a_plan_outside_the_child_s_episodes_is_refused_naming_its_key_field():
	with pytest.raises(RuleError) as refused:
		check_plan_in_an_episode("section_47_start", "Section 47 Enquiry Started", date(2025, 7, 1), [FIRST])
	assert refused.value.field == "section_47_start"
	assert (
		"Section 47 Enquiry Started 01-07-2025 is outside this child's CIN episodes" in refused.value.message
	)
	assert "not after its closure" in refused.value.message
	assert (
		check_plan_in_an_episode("icpc_date", "Initial Conference Date", date(2025, 6, 2), [FIRST]) is FIRST
	)


def test_a_plan_of_a_child_with_no_episode_or_with_no_date_yet_is_not_placed():
	assert check_plan_in_an_episode("plan_start", "Plan Start", date(2025, 7, 1), []) is None
	assert check_plan_in_an_episode("plan_start", "Plan Start", None, [FIRST]) is None


def test_the_councils_bank_holiday_corrections_move_the_census_queries():
	started = date(2025, 12, 1)
	due = assessment_due(started)
	assert assessment_due(started, added={date(2025, 12, 8)}) == due + timedelta(days=1)
	# authorised on the day after the 45th working day: late, unless that day was a holiday
	assert assessment_query(started, due + timedelta(days=1), today=due + timedelta(days=2)) is not None
	assert (
		assessment_query(
			started, due + timedelta(days=1), today=due + timedelta(days=2), added={date(2025, 12, 8)}
		)
		is None
	)
	s47 = date(2025, 6, 2)  # a Monday: 15 working days on is Monday 23 June
	assert icpc_query(s47, date(2025, 6, 24), False, today=date(2025, 7, 1)) is not None
	assert (
		icpc_query(s47, date(2025, 6, 24), False, today=date(2025, 7, 1), added={date(2025, 6, 10)}) is None
	)


DOCTYPES = Path(__file__).resolve().parent.parent / "family_safeguarding"


def select_options(path: str, fieldname: str) -> list[str]:
	meta = json.loads((DOCTYPES / path).read_text())
	field = next(f for f in meta["fields"] if f["fieldname"] == fieldname)
	return [option for option in field["options"].split("\n") if option]


@pytest.mark.parametrize(
	"path, fieldname, values",
	[
		("statutory/doctype/cin_episode/cin_episode.json", "referral_source", REFERRAL_SOURCES),
		("statutory/doctype/cin_episode/cin_episode.json", "primary_need", PRIMARY_NEEDS),
		("statutory/doctype/cin_episode/cin_episode.json", "closure_reason", CLOSURE_REASONS),
		(
			"statutory/doctype/social_care_contact/social_care_contact.json",
			"contact_source",
			REFERRAL_SOURCES,
		),
		("statutory/doctype/social_care_contact/social_care_contact.json", "outcome", CONTACT_OUTCOMES),
		("family_records/doctype/member_disability/member_disability.json", "disability", DISABILITIES),
		("family_records/doctype/member/member.json", "upn_unknown_reason", UPN_UNKNOWN_REASONS),
		("statutory/doctype/plo_case/plo_case.json", "pre_proceedings_outcome", PRE_PROCEEDINGS_OUTCOMES),
	],
)
def test_the_census_fields_offer_the_census_code_lists(path, fieldname, values):
	assert select_options(path, fieldname) == list(values)


@pytest.mark.parametrize(
	"typed, stored",
	[("3b 16A,4B", "3B, 16A, 4B"), ("3B, 16A", "3B, 16A"), (" 21 ", "21"), ("", None), (None, None)],
)
def test_assessment_factors_are_typed_as_codes_and_kept_in_one_form(typed, stored):
	assert normalise_assessment_factors(typed) == stored


@pytest.mark.parametrize("typed", ["3B 99X", "18A", "3B, 3b", "21 3B", "3B - Domestic abuse"])
def test_assessment_factors_the_census_refuses_are_refused_as_typed(typed):
	with pytest.raises(RuleError) as refused:
		normalise_assessment_factors(typed)
	assert refused.value.field == "factors"


@pytest.mark.parametrize(
	"start, review, authorised, field",
	[
		(date(2025, 4, 4), None, None, "start_date"),
		(date(2025, 4, 8), date(2025, 4, 7), None, "internal_review_date"),
		(date(2025, 4, 8), None, date(2025, 4, 7), "authorisation_date"),
	],
)
def test_an_assessment_starts_after_the_referral_and_ends_after_it_starts(start, review, authorised, field):
	with pytest.raises(RuleError) as refused:
		check_assessment_dates(date(2025, 4, 7), start, review, authorised)
	assert refused.value.field == field
	check_assessment_dates(date(2025, 4, 7), date(2025, 4, 7), date(2025, 4, 7), date(2025, 4, 7))


def test_a_cin_plan_starts_after_the_referral_and_ends_after_it_starts():
	with pytest.raises(RuleError) as refused:
		check_cin_plan_dates(date(2025, 4, 7), date(2025, 4, 4), None)
	assert refused.value.field == "start_date"
	with pytest.raises(RuleError) as refused:
		check_cin_plan_dates(date(2025, 4, 7), date(2025, 5, 21), date(2025, 5, 20))
	assert refused.value.field == "end_date"
	check_cin_plan_dates(date(2025, 4, 7), date(2025, 4, 7), date(2025, 4, 7))


# --- Messages are templates ----------------------------------------------------------------------


def test_every_census_message_is_a_literal_template_naming_its_arguments():
	"""As for the app's other rules: RuleError(field, _lt("... {name} ..."), name=...), so the
	template can be translated where it is shown and filled there."""
	folder = Path(__file__).resolve().parent.parent / "family_safeguarding" / "rules" / "census"
	calls = [
		(path.name, node)
		for path in sorted(folder.glob("*.py"))
		for node in ast.walk(ast.parse(path.read_text()))
		if isinstance(node, ast.Call) and getattr(node.func, "id", None) in ("RuleError", "CensusQuery")
	]
	assert len(calls) > 20
	for name, node in calls:
		template = node.args[1]
		assert getattr(template.func, "id", None) == "_lt", f"{name}:{node.lineno}"
		assert isinstance(template.args[0], ast.Constant), f"{name}:{node.lineno}"
		wanted = {f for _t, f, _s, _c in string.Formatter().parse(template.args[0].value) if f}
		if node.func.id == "RuleError":
			given = {keyword.arg for keyword in node.keywords if keyword.arg != "row"}
		else:
			given = {key.value for key in node.args[2].keys} if len(node.args) > 2 else set()
		assert wanted == given, f"{name}:{node.lineno}"


def test_dates_travel_as_dates_for_the_form_to_write_in_the_user_s_format():
	with pytest.raises(RuleError) as refused:
		check_closure(date(2025, 5, 1), date(2025, 4, 30), "RC7")
	assert refused.value.arguments == {"closure_date": date(2025, 4, 30), "referral_date": date(2025, 5, 1)}
	assert "{closure_date}" in refused.value.template
	query = assessment_query(date(2025, 12, 1), None, today=date(2026, 2, 6))
	assert query.arguments == {"due": date(2026, 2, 5)} and "{due}" in query.template
