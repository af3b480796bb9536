"""Ofsted's Annex A: the layout of the lists (returns/annex_a_layout.py) and the pure rules that
fill and write their cells (rules/annex_a.py), checked against cases worked out by hand."""

from datetime import date
from pathlib import Path

import pytest

from family_safeguarding.returns import annex_a_layout as layout
from family_safeguarding.rules import RuleError, annex_a
from family_safeguarding.rules.annex_a import (
	AGE,
	CASE_STATUS,
	CATEGORY,
	CLOSURE_REASON,
	COUNT,
	DATE,
	ETHNICITY,
	GENDER,
	NO,
	PRIMARY_NEED,
	SOURCE,
	TEXT,
	UNKNOWN,
	YES,
	YES_NO,
	YES_NO_UNKNOWN,
)
from family_safeguarding.rules.census.codes import PRIMARY_NEEDS, REFERRAL_SOURCES, code_of, codes
from family_safeguarding.rules.code_lists import CLOSURE_REASONS, SEX
from family_safeguarding.rules.code_lists import ETHNICITY as ETHNICITIES
from family_safeguarding.rules.statutory import CATEGORIES

DOCS = Path(__file__).resolve().parent.parent / "docs" / "returns" / "annex-a.md"
COMMON_HEADERS = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"]


def cell(value, value_format, on=date(2026, 11, 30)):
	return annex_a.cell_value(value, value_format, layout.VALUE_MAPS, on)


# --- the layout -------------------------------------------------------------------------------------


def test_the_lists_are_those_of_the_records_the_app_holds():
	assert [annex_list.sheet for annex_list in layout.LISTS] == [
		"List 1",
		"List 3",
		"List 4",
		"List 5",
		"List 6",
		"List 7",
	]
	assert len({annex_list.key for annex_list in layout.LISTS}) == len(layout.LISTS)


@pytest.mark.parametrize("annex_list", layout.LISTS, ids=lambda annex_list: annex_list.sheet)
def test_every_list_starts_with_the_common_columns(annex_list):
	headers = [column.header for column in annex_list.columns]
	assert headers[:5] == COMMON_HEADERS
	assert len(headers) == len(set(headers)), "a header is repeated"


@pytest.mark.parametrize("annex_list", layout.LISTS, ids=lambda annex_list: annex_list.sheet)
def test_every_column_has_a_known_format_and_every_coded_format_a_map(annex_list):
	for column in annex_list.columns:
		assert column.value_format in annex_a.FORMATS, column
		if column.value_format in annex_a.CODED_FORMATS:
			assert column.value_format in layout.VALUE_MAPS, column


def test_lists_that_allocate_end_with_team_and_worker():
	for annex_list in layout.LISTS[1:]:
		assert [column.header for column in annex_list.columns[-2:]] == ["Allocated Team", "Allocated Worker"]


def test_every_code_the_app_records_has_ofsteds_wording():
	maps = layout.VALUE_MAPS
	assert set(codes(SEX)) == set(maps[GENDER])
	assert set(codes(ETHNICITIES)) == set(maps[ETHNICITY])
	assert set(codes(REFERRAL_SOURCES)) == set(maps[SOURCE])
	assert set(codes(CATEGORIES)) == set(maps[CATEGORY])
	assert set(codes(PRIMARY_NEEDS)) == set(maps[PRIMARY_NEED])
	assert set(codes(CLOSURE_REASONS)) == set(maps[CLOSURE_REASON])
	# each Ofsted value is given once
	for value_format, values in maps.items():
		assert len(set(values.values())) == len(values), value_format


def test_the_columns_the_app_leaves_empty_are_named_in_the_docs():
	text = DOCS.read_text()
	empty = [
		column.header for l in layout.LISTS for column in l.columns if column.source is layout.NOT_RECORDED
	]
	assert empty, "the app records everything?"
	for header in empty:
		assert header in text, header


def test_every_header_is_in_the_docs():
	text = DOCS.read_text()
	for annex_list in layout.LISTS:
		assert f"## {annex_list.sheet}:" in text
		for column in annex_list.columns:
			assert column.header in text, column.header


# --- how values are written ------------------------------------------------------------------------


def test_dates_are_text_day_month_year():
	assert cell(date(2026, 6, 1), DATE) == "01/06/2026"
	assert cell(date(2009, 12, 31), DATE) == "31/12/2009"
	assert cell(None, DATE) is None


@pytest.mark.parametrize(
	"born, on, age",
	[
		(date(2015, 9, 10), date(2026, 9, 9), 10),  # the day before the birthday
		(date(2015, 9, 10), date(2026, 9, 10), 11),  # on the birthday
		(date(2015, 9, 10), date(2026, 9, 11), 11),
		(date(2020, 2, 29), date(2021, 2, 28), 0),  # a 29 February birthday in a common year...
		(date(2020, 2, 29), date(2021, 3, 1), 1),  # ...falls on 1 March
		(date(2020, 2, 29), date(2024, 2, 28), 3),
		(date(2020, 2, 29), date(2024, 2, 29), 4),  # and on the day itself in a leap year
		(date(2026, 11, 30), date(2026, 11, 30), 0),  # born on the last day
	],
)
def test_age_is_whole_years_at_the_reference_date(born, on, age):
	assert cell(born, AGE, on=on) == age


def test_no_age_for_no_birth_date_or_a_child_not_yet_born():
	assert cell(None, AGE) is None
	assert cell(date(2026, 12, 1), AGE, on=date(2026, 11, 30)) is None


@pytest.mark.parametrize(
	"value, value_format, written",
	[
		("M - Male", GENDER, "a) Male"),
		("F - Female", GENDER, "b) Female"),
		("U - Not Known", GENDER, "c) Not stated/recorded"),
		("WBRI - White British", ETHNICITY, "a) WBRI"),
		("NOBT - Information Not Yet Obtained", ETHNICITY, "t) NOBT"),
		("1A - Individual: family member, relative or carer", SOURCE, "a) 1A: Individual"),
		("5D - LA services: early help", SOURCE, "p1) 5D: LA services"),
		("10 - Unknown", SOURCE, "u) 10: Unknown"),
		("6 - Police", SOURCE, "q) 6: Police"),
		(YES, YES_NO, "a) Yes"),
		(NO, YES_NO, "b) No"),
		(UNKNOWN, YES_NO_UNKNOWN, "c) Unknown"),
		("MUL - Multiple", CATEGORY, "e) Multiple/not recommended"),
		("N1 - Abuse or neglect", PRIMARY_NEED, "N1 - Abuse or neglect"),
		(
			"RC5 - Transferred to another local authority",
			CLOSURE_REASON,
			"RC5 - Transferred to services of another local authority",
		),
		(annex_a.CLOSED_EPISODE, CASE_STATUS, "e) Closed episode"),
		(annex_a.CHILD_PROTECTION_PLAN, CASE_STATUS, "b) Child Protection plan"),
	],
)
def test_coded_values_are_written_in_ofsteds_wording(value, value_format, written):
	assert cell(value, value_format) == written


def test_a_code_ofsted_has_no_wording_for_is_written_as_recorded():
	assert cell("XX - Something new", SOURCE) == "XX - Something new"


def test_empty_values_are_empty_cells_and_counts_are_numbers():
	for value_format in annex_a.FORMATS:
		assert cell(None, value_format) is None
		assert cell("", value_format) is None
	assert cell(0, COUNT) == 0
	assert cell(3, COUNT) == 3
	assert cell("MEM0000123", TEXT) == "MEM0000123"


def test_an_unknown_format_is_a_mistake_in_the_layout():
	with pytest.raises(ValueError):
		cell("x", "colour")


# --- the period --------------------------------------------------------------------------------------


def test_a_period_of_up_to_24_months_is_accepted():
	assert annex_a.check_period(date(2026, 6, 1), date(2026, 11, 30)) == (
		date(2026, 6, 1),
		date(2026, 11, 30),
	)
	assert annex_a.check_period(date(2026, 6, 1), date(2026, 6, 1))
	assert annex_a.check_period(date(2024, 12, 1), date(2026, 11, 30))  # 24 months to the day


@pytest.mark.parametrize(
	"from_date, to_date, field, words",
	[
		(date(2026, 6, 1), date(2026, 5, 31), "to_date", "is before From Date"),
		(date(2024, 12, 1), date(2026, 12, 1), "to_date", "longer than 24 months"),
	],
)
def test_a_period_backwards_or_too_long_is_refused_naming_the_field(from_date, to_date, field, words):
	with pytest.raises(RuleError) as refused:
		annex_a.check_period(from_date, to_date)
	assert refused.value.field == field
	assert words in refused.value.message


# --- which records, and what the lists derive --------------------------------------------------------

FROM, TO = date(2026, 6, 1), date(2026, 11, 30)


def test_within_and_open_during_the_period():
	assert annex_a.within(FROM, FROM, TO) and annex_a.within(TO, FROM, TO)
	assert not annex_a.within(date(2026, 5, 31), FROM, TO)
	assert not annex_a.within(date(2026, 12, 1), FROM, TO)
	assert not annex_a.within(None, FROM, TO)
	assert annex_a.open_during(date(2025, 1, 1), None, FROM, TO)  # open since before
	assert annex_a.open_during(date(2025, 1, 1), FROM, FROM, TO)  # ended on the first day
	assert not annex_a.open_during(date(2025, 1, 1), date(2026, 5, 31), FROM, TO)
	assert not annex_a.open_during(date(2026, 12, 1), None, FROM, TO)  # started after
	assert not annex_a.open_during(None, None, FROM, TO)


def test_only_what_had_happened_by_the_periods_end_is_shown():
	assert annex_a.as_at(TO, TO) == TO
	assert annex_a.as_at(date(2026, 12, 1), TO) is None
	assert annex_a.as_at(None, TO) is None


def test_the_last_12_months_end_on_the_day_and_include_it():
	day = date(2026, 7, 15)
	days = [day, date(2025, 7, 15), date(2025, 7, 16), date(2026, 7, 16), None]
	# 15/07/2025 is twelve months before: outside; 16/07/2026 is after the day: outside
	assert annex_a.count_in_last_12_months(days, day) == 2
	assert annex_a.count_in_last_12_months([day], day) == 1


@pytest.mark.parametrize(
	"disabilities, answer",
	[
		([], UNKNOWN),
		(["NONE - No disability"], NO),
		(["AUT - Autism or Asperger syndrome"], YES),
		(["HEAR - Hearing", "VIS - Vision"], YES),
	],
)
def test_does_the_child_have_a_disability(disabilities, answer):
	assert annex_a.disability_answer(disabilities) == answer


def test_yes_no_from_a_check_or_a_select():
	assert annex_a.yes_no(1) == YES and annex_a.yes_no(0) == NO
	assert annex_a.yes_no("Yes") == YES and annex_a.yes_no("No") == NO
	assert annex_a.yes_no(None) is None and annex_a.yes_no("") is None


def test_the_latest_category_is_that_of_the_last_review_held_by_the_end():
	reviews = [
		(date(2026, 7, 1), "PHY - Physical abuse"),
		(date(2026, 9, 1), None),  # a review that kept the category
		(date(2026, 12, 15), "EMO - Emotional abuse"),  # after the period
	]
	assert annex_a.latest_category("NEG - Neglect", reviews, TO) == "PHY - Physical abuse"
	assert annex_a.latest_category("NEG - Neglect", reviews, date(2026, 6, 30)) == "NEG - Neglect"
	assert annex_a.latest_review([d for d, _ in reviews], TO) == date(2026, 9, 1)
	assert annex_a.latest_review([], TO) is None


@pytest.mark.parametrize(
	"closure, cp, cin, assessment, status",
	[
		(date(2026, 10, 1), True, True, True, annex_a.CLOSED_EPISODE),
		(date(2026, 12, 1), True, False, False, annex_a.CHILD_PROTECTION_PLAN),  # closed after the end
		(None, False, True, True, annex_a.CHILD_IN_NEED_PLAN),
		(None, False, False, True, annex_a.OPEN_ASSESSMENT),
		(None, False, False, False, None),
	],
)
def test_case_status_at_the_periods_end(closure, cp, cin, assessment, status):
	assert annex_a.case_status(closure, cp, cin, assessment, TO) == status


def test_the_allocated_worker_on_a_day():
	allocations = [
		("AW-1", date(2025, 1, 1), date(2026, 3, 31)),
		("AW-2", date(2026, 4, 1), None),
		("AW-3", date(2026, 5, 1), None),
		("AW-4", date(2026, 12, 1), None),  # after the day
	]
	assert annex_a.allocated_worker(allocations, TO) == "AW-3"  # the latest to start of those held
	assert annex_a.allocated_worker(allocations, TO, lead="AW-2") == "AW-2"  # the lead, when held
	assert annex_a.allocated_worker(allocations, date(2026, 3, 31)) == "AW-1"
	ended = [("AW-1", date(2025, 1, 1), date(2025, 6, 30)), ("AW-2", date(2025, 2, 1), date(2025, 9, 30))]
	assert annex_a.allocated_worker(ended, TO) == "AW-2"  # none held: the last to end
	assert annex_a.allocated_worker(allocations, date(2024, 1, 1)) is None


def test_the_rules_and_the_layout_never_import_frappe():
	app = Path(annex_a.__file__).resolve().parent.parent
	for path in (app / "rules" / "annex_a.py", app / "returns" / "annex_a_layout.py"):
		assert "import frappe" not in path.read_text() and "from frappe" not in path.read_text()


def test_code_of_reads_the_codes_the_rows_give():
	assert code_of(YES) == YES
	assert code_of(annex_a.CHILD_IN_NEED_PLAN) == annex_a.CHILD_IN_NEED_PLAN
