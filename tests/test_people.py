from datetime import date

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.people import age_on, check_member_dates, is_child


@pytest.mark.parametrize(
	"born, on, age",
	[
		(date(2010, 6, 15), date(2026, 6, 14), 15),  # the day before the birthday
		(date(2010, 6, 15), date(2026, 6, 15), 16),  # on the birthday
		(date(2008, 2, 29), date(2026, 2, 28), 17),  # leap-day birthday, not yet reached in a common year
		(date(2008, 2, 29), date(2026, 3, 1), 18),
		(date(2008, 2, 29), date(2028, 2, 29), 20),  # a leap year: the birthday itself
		(date(2026, 11, 23), date(2026, 11, 23), 0),
	],
)
def test_age_on(born, on, age):
	assert age_on(born, on) == age


def test_child_until_eighteenth_birthday():
	today = date(2026, 11, 23)
	assert is_child("Child", date(2008, 11, 24), today)  # 17, turns 18 tomorrow
	assert not is_child("Child", date(2008, 11, 23), today)  # 18 today
	assert not is_child("Parent", date(1990, 1, 1), today)
	assert is_child("Parent", date(2010, 1, 1), today)  # a young parent is still a child
	assert is_child("Unborn Child", None, today)
	assert is_child("Child", None, today)
	assert not is_child("Other Adult", None, today)


TODAY = date(2026, 11, 23)


def test_a_future_date_of_birth_is_refused():
	with pytest.raises(RuleError) as refused:
		check_member_dates("Child", date(2026, 11, 24), None, None, TODAY)
	assert refused.value.field == "date_of_birth"
	assert "future" in refused.value.message


def test_an_unborn_child_needs_an_expected_date_and_no_date_of_birth():
	check_member_dates("Unborn Child", None, date(2027, 2, 1), None, TODAY)
	with pytest.raises(RuleError) as refused:
		check_member_dates("Unborn Child", None, None, None, TODAY)
	assert refused.value.field == "expected_date_of_birth"
	with pytest.raises(RuleError) as refused:
		check_member_dates("Unborn Child", date(2026, 1, 1), date(2027, 2, 1), None, TODAY)
	assert refused.value.field == "date_of_birth"


def test_a_child_needs_a_date_of_birth_but_an_adult_may_not_have_one_recorded():
	with pytest.raises(RuleError) as refused:
		check_member_dates("Child", None, None, None, TODAY)
	assert refused.value.field == "date_of_birth"
	check_member_dates("Other Adult", None, None, None, TODAY)


def test_date_of_death_after_birth_and_not_in_the_future():
	check_member_dates("Parent", date(1980, 5, 1), None, date(2026, 1, 1), TODAY)
	with pytest.raises(RuleError) as refused:
		check_member_dates("Parent", date(1980, 5, 1), None, date(1979, 1, 1), TODAY)
	assert refused.value.field == "date_of_death"
	with pytest.raises(RuleError) as refused:
		check_member_dates("Parent", date(1980, 5, 1), None, date(2027, 1, 1), TODAY)
	assert refused.value.field == "date_of_death"
