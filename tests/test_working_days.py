from datetime import date

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.statutory import icpc_due
from family_safeguarding.rules.working_days import (
	ALREADY_A_HOLIDAY,
	DUPLICATE_DATE,
	NOT_A_PACKAGE_HOLIDAY,
	ON_A_WEEKEND,
	add_working_days,
	bank_holidays,
	correction_problems,
	is_working_day,
	working_days_between,
)

EW = "England and Wales"


@pytest.mark.parametrize(
	"start, days, due, why",
	[
		# Monday 16 Dec 2024 + 15: 17-20 (4), 23-24 (6), 25 and 26 are bank holidays, 27 (7),
		# 30-31 (9), 1 Jan is a bank holiday, 2-3 (11), 6-9 Jan (15).
		(date(2024, 12, 16), 15, date(2025, 1, 9), "ICPC across Christmas and New Year"),
		# Thursday 28 Mar 2024 + 10: Good Friday 29 Mar and Easter Monday 1 Apr skipped;
		# 2-5 Apr (4), 8-12 Apr (9), 15 Apr (10).
		(date(2024, 3, 28), 10, date(2024, 4, 15), "core group across Easter"),
		# Friday 23 May 2025 + 1: the weekend, then the Spring bank holiday on Monday 26 May.
		(date(2025, 5, 23), 1, date(2025, 5, 27), "a bank-holiday weekend"),
		# Christmas 2022 fell on a Sunday: Monday 26 (Boxing Day) and Tuesday 27 (substitute
		# Christmas Day) are both bank holidays. Friday 23 Dec + 1 is Wednesday 28 Dec.
		(date(2022, 12, 23), 1, date(2022, 12, 28), "substitute days"),
		# 2024 is a leap year: Wednesday 28 Feb + 2 is Friday 1 Mar, through 29 Feb.
		(date(2024, 2, 28), 2, date(2024, 3, 1), "leap day is a working day"),
		(date(2024, 2, 28), 0, date(2024, 2, 28), "zero days"),
		# Going back: Tuesday 2 Apr 2024 - 1 skips Easter Monday and Good Friday: Thursday 28 Mar.
		(date(2024, 4, 2), -1, date(2024, 3, 28), "backwards over Easter"),
	],
)
def test_add_working_days_england_and_wales(start, days, due, why):
	assert add_working_days(start, days, EW) == due, why


@pytest.mark.parametrize(
	"start, end, count",
	[
		(date(2024, 12, 16), date(2025, 1, 9), 15),
		(date(2024, 3, 28), date(2024, 4, 15), 10),
		(date(2024, 12, 24), date(2024, 12, 27), 1),  # only Friday 27 Dec
		(date(2024, 12, 16), date(2024, 12, 16), 0),
		(date(2025, 1, 9), date(2024, 12, 16), -15),
	],
)
def test_working_days_between(start, end, count):
	assert working_days_between(start, end, EW) == count


def test_between_is_the_inverse_of_add():
	start = date(2024, 12, 20)
	for days in range(0, 60):
		assert working_days_between(start, add_working_days(start, days, EW), EW) == days


def test_calendars_differ_where_the_nations_do():
	# 2 January is a bank holiday in Scotland only; Easter Monday is not one in Scotland.
	assert is_working_day(date(2024, 1, 2), EW)
	assert not is_working_day(date(2024, 1, 2), "Scotland")
	assert not is_working_day(date(2024, 4, 1), EW)
	assert is_working_day(date(2024, 4, 1), "Scotland")
	# St Patrick's Day (Monday 17 March 2025) in Northern Ireland only.
	assert not is_working_day(date(2025, 3, 17), "Northern Ireland")
	assert is_working_day(date(2025, 3, 17), EW)
	# 2 Jan 2024 + 1 in Scotland is Wednesday 3 Jan.
	assert add_working_days(date(2024, 1, 1), 1, "Scotland") == date(2024, 1, 3)


def test_bank_holidays_come_from_the_holidays_package():
	assert date(2022, 9, 19) in bank_holidays(EW, 2022)  # the Queen's state funeral, a one-off
	assert len(bank_holidays(EW, 2024)) == 8


def test_an_unknown_calendar_is_refused_naming_the_setting():
	with pytest.raises(RuleError) as refused:
		add_working_days(date(2024, 1, 1), 1, "Narnia")
	assert refused.value.field == "bank_holiday_calendar"


# An administrator's corrections to the package (Family Safeguarding Settings).
# Monday 2 June 2025 + 15 working days, no bank holiday in June 2025 in England and Wales:
# 3-6 Jun (4), 9-13 Jun (9), 16-20 Jun (14), Monday 23 Jun (15).
# With Wednesday 11 June added as a one-off bank holiday: 3-6 (4), 9-10 (6), 12-13 (8),
# 16-20 (13), 23-24 (15): Tuesday 24 June, one working day later.
def test_an_added_bank_holiday_moves_a_15_working_day_timescale_one_day_later():
	start, added = date(2025, 6, 2), frozenset({date(2025, 6, 11)})
	assert add_working_days(start, 15, EW) == date(2025, 6, 23)
	assert add_working_days(start, 15, EW, added=added) == date(2025, 6, 24)
	assert icpc_due(start, 15, EW, added=added) == date(2025, 6, 24)
	assert not is_working_day(date(2025, 6, 11), EW, added=added)
	assert working_days_between(start, date(2025, 6, 24), EW, added=added) == 15


def test_a_removed_bank_holiday_is_a_working_day_again():
	# Friday 23 May 2025 + 1 is Tuesday 27 May past the Spring bank holiday; with Monday 26 May
	# removed (as if the holiday had moved), it is Monday 26 May.
	removed = frozenset({date(2025, 5, 26)})
	assert add_working_days(date(2025, 5, 23), 1, EW) == date(2025, 5, 27)
	assert add_working_days(date(2025, 5, 23), 1, EW, removed=removed) == date(2025, 5, 26)
	assert working_days_between(date(2025, 5, 23), date(2025, 5, 26), EW, removed=removed) == 1


def test_corrections_keep_between_the_inverse_of_add():
	added, removed = frozenset({date(2025, 6, 11), date(2025, 7, 1)}), frozenset({date(2025, 5, 26)})
	start = date(2025, 5, 20)
	for days in range(0, 40):
		due = add_working_days(start, days, EW, added, removed)
		assert working_days_between(start, due, EW, added, removed) == days


def test_correction_problems_name_each_row():
	rows = [
		(1, date(2025, 6, 11), "Add"),  # fine
		(2, date(2025, 6, 11), "Remove"),  # the same date again
		(3, date(2025, 6, 14), "Add"),  # a Saturday
		(4, date(2025, 6, 12), "Remove"),  # not a bank holiday
		(5, date(2025, 12, 25), "Add"),  # already one
		(6, date(2025, 12, 24), "Remove"),  # Christmas Eve is not a bank holiday
		(7, date(2025, 5, 26), "Remove"),  # fine: the Spring bank holiday
	]
	assert correction_problems(EW, rows) == [
		(2, DUPLICATE_DATE),
		(3, ON_A_WEEKEND),
		(4, NOT_A_PACKAGE_HOLIDAY),
		(5, ALREADY_A_HOLIDAY),
		(6, NOT_A_PACKAGE_HOLIDAY),
	]
	assert correction_problems(EW, []) == []
