from datetime import date, timedelta

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.outcomes import (
	average,
	check_period,
	default_period,
	lasted_long,
	months_in,
	open_in_each,
	percentage,
	rate_per_10000,
	reviews_against_timescale,
)


def test_percentage_rounds_to_one_place_and_is_empty_without_a_whole():
	assert percentage(2, 3) == 66.7
	assert percentage(0, 4) == 0.0
	assert percentage(4, 4) == 100.0
	assert percentage(3, 0) is None
	assert percentage(None, 5) == 0.0


def test_rate_per_10000_children():
	# 45 children on plans in a population of 250,000 children: 1.8 per 10,000
	assert rate_per_10000(45, 250_000) == 1.8
	assert rate_per_10000(1, 3) == 3333.3
	assert rate_per_10000(10, None) is None
	assert rate_per_10000(10, 0) is None


def test_average_ignores_missing_values():
	assert average([2, 3, None, 7]) == 4.0
	assert average([None]) is None
	assert average([1, 2]) == 1.5


def test_default_period_is_the_last_twelve_months_from_a_month_start():
	assert default_period(date(2026, 11, 23)) == (date(2025, 11, 1), date(2026, 11, 23))
	assert default_period(date(2026, 1, 31)) == (date(2025, 1, 1), date(2026, 1, 31))


def test_check_period_names_the_field():
	assert check_period(date(2026, 1, 1), date(2026, 1, 1)) == (date(2026, 1, 1), date(2026, 1, 1))
	with pytest.raises(RuleError) as missing:
		check_period(None, date(2026, 1, 1))
	assert missing.value.field == "from_date"
	with pytest.raises(RuleError) as backwards:
		check_period(date(2026, 2, 1), date(2026, 1, 1))
	assert backwards.value.field == "to_date"


def test_months_in_clips_the_first_and_last_month():
	assert months_in(date(2026, 1, 15), date(2026, 3, 10)) == [
		(date(2026, 1, 15), date(2026, 1, 31)),
		(date(2026, 2, 1), date(2026, 2, 28)),
		(date(2026, 3, 1), date(2026, 3, 10)),
	]
	assert months_in(date(2024, 2, 1), date(2024, 2, 29)) == [(date(2024, 2, 1), date(2024, 2, 29))]
	assert months_in(date(2026, 12, 5), date(2027, 1, 2)) == [
		(date(2026, 12, 5), date(2026, 12, 31)),
		(date(2027, 1, 1), date(2027, 1, 2)),
	]


def test_a_plan_of_two_years_or_more():
	assert lasted_long(date(2024, 3, 1), date(2026, 3, 1))
	assert not lasted_long(date(2024, 3, 1), date(2026, 2, 28))
	# 29 February: two years on is 28 February
	assert lasted_long(date(2024, 2, 29), date(2026, 2, 28))
	assert not lasted_long(None, date(2026, 1, 1))


def test_reviews_against_timescale():
	# ICPC 10 Jan: first review due 10 Apr (held 9 Apr, in time); the next due 9 Oct (held 12 Oct,
	# late); the third due 12 Apr next year from the late one (held 1 Apr, in time).
	result = reviews_against_timescale(
		date(2026, 1, 10), [date(2026, 10, 12), date(2026, 4, 9), date(2027, 4, 1)]
	)
	assert result == [
		(date(2026, 4, 9), date(2026, 4, 10), True),
		(date(2026, 10, 12), date(2026, 10, 9), False),
		(date(2027, 4, 1), date(2027, 4, 12), True),
	]
	assert reviews_against_timescale(date(2026, 1, 10), []) == []


def test_open_in_each_month_counts_as_a_pass_over_every_family_would():
	import random

	rng = random.Random(3)
	months = months_in(date(2024, 1, 1), date(2025, 12, 31))
	opened = [date(2023, 6, 1) + timedelta(days=rng.randrange(900)) for _ in range(400)]
	closed = [day + timedelta(days=rng.randrange(400)) if rng.random() < 0.7 else None for day in opened]
	by_brute_force = [
		sum(1 for o, c in zip(opened, closed, strict=True) if o <= end and (c is None or c >= start))
		for start, end in months
	]
	assert open_in_each(months, opened, closed) == by_brute_force
	# opened and closed on the first day of a month: open that month, not the one before
	assert open_in_each(months[:2], [date(2024, 2, 1)], [date(2024, 2, 1)]) == [0, 1]
