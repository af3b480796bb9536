from datetime import date

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.dates import add_months, month_period
from family_safeguarding.rules.workbook import (
	Review,
	baseline_and_latest,
	check_period,
	check_score,
	find_overlapping_summary,
	next_supervision_due,
	summary_covered,
	supervision_period,
)


@pytest.mark.parametrize("score", [0, 1, 5, 10, 7.0, "8"])
def test_scores_from_zero_to_ten(score):
	assert check_score(score) == int(score)


@pytest.mark.parametrize(
	"score, says",
	[
		(-1, "outside"),
		(11, "outside"),
		(6.5, "whole number"),
		("6.5", "whole number"),
		("ten", "whole number"),
		(None, "required"),
		("", "required"),
	],
)
def test_scores_outside_the_scale_are_refused(score, says):
	with pytest.raises(RuleError) as refused:
		check_score(score, row=3)
	assert says in refused.value.message
	assert refused.value.message.startswith("Row #3: ")


def test_baseline_is_the_first_and_latest_the_last_progress_score():
	reviews = [
		Review(date(2026, 3, 1), "Progress", 6, 3),
		Review(date(2026, 1, 5), "Progress", 2, 1),
		Review(date(2026, 1, 5), "Confidence", 9, 2),  # another scale
		Review(date(2026, 2, 2), "Progress", 4, 4),
		Review(date(2026, 3, 1), "Progress", 7, 5),  # same day as row 3, entered later
	]
	assert baseline_and_latest(reviews) == (2, 7)
	assert baseline_and_latest(reviews, "Confidence") == (9, 9)
	assert baseline_and_latest([]) == (None, None)
	assert baseline_and_latest(reviews, "Safety") == (None, None)


@pytest.mark.parametrize(
	"start, months, due",
	[
		(date(2026, 1, 31), 1, date(2026, 2, 28)),
		(date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
		(date(2026, 3, 31), 1, date(2026, 4, 30)),
		(date(2026, 11, 15), 3, date(2027, 2, 15)),
		(date(2026, 8, 31), 6, date(2027, 2, 28)),
		(date(2026, 12, 10), 1, date(2027, 1, 10)),
		(date(2026, 5, 10), -5, date(2025, 12, 10)),
	],
)
def test_add_months_clamps_to_the_month_end(start, months, due):
	assert add_months(start, months) == due


def test_month_period():
	assert month_period(date(2028, 2, 10)) == (date(2028, 2, 1), date(2028, 2, 29))
	assert month_period(date(2026, 12, 31)) == (date(2026, 12, 1), date(2026, 12, 31))


def test_next_supervision_is_due_a_month_after_the_meeting():
	assert next_supervision_due(date(2026, 1, 31), 1) == date(2026, 2, 28)
	assert next_supervision_due(date(2026, 10, 14), 1) == date(2026, 11, 14)
	with pytest.raises(RuleError):
		next_supervision_due(date(2026, 10, 14), 0)


def test_supervision_period_runs_from_the_last_one_to_the_meeting():
	assert supervision_period(date(2026, 10, 14), None) == (date(2026, 10, 1), date(2026, 10, 14))
	assert supervision_period(date(2026, 11, 12), date(2026, 10, 14)) == (
		date(2026, 10, 15),
		date(2026, 11, 12),
	)


def test_a_supervision_covers_the_summaries_whose_period_overlaps_its_own():
	first = (date(2026, 10, 1), date(2026, 10, 14))  # the family's first, on 14 October
	assert summary_covered(*first, date(2026, 10, 1), date(2026, 10, 31))
	assert not summary_covered(*first, date(2026, 9, 1), date(2026, 9, 30))
	second = supervision_period(date(2026, 11, 12), first[1])
	assert summary_covered(*second, date(2026, 11, 1), date(2026, 11, 30))
	assert not summary_covered(*second, date(2026, 12, 1), date(2026, 12, 31))


def test_one_summary_per_worker_family_and_period():
	others = [("PS-1", date(2026, 9, 1), date(2026, 9, 30)), ("PS-2", date(2026, 10, 1), date(2026, 10, 31))]
	assert find_overlapping_summary(date(2026, 10, 15), date(2026, 11, 14), others) == "PS-2"
	assert find_overlapping_summary(date(2026, 11, 1), date(2026, 11, 30), others) is None


def test_a_period_ending_before_it_starts_is_refused():
	check_period(date(2026, 10, 1), date(2026, 10, 1))
	with pytest.raises(RuleError) as refused:
		check_period(date(2026, 10, 2), date(2026, 10, 1))
	assert refused.value.field == "period_end"
