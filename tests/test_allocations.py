from datetime import date

import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.allocations import (
	Allocation,
	check_allocations,
	ended_by_closure,
	find_overlap,
	is_current,
	overlaps,
)

JAN, FEB, MAR, APR = (date(2026, month, 1) for month in (1, 2, 3, 4))


@pytest.mark.parametrize(
	"from_date, to_date, on, current",
	[
		(FEB, None, JAN, False),  # not started
		(FEB, None, FEB, True),  # from its first day
		(FEB, None, APR, True),  # open-ended
		(FEB, MAR, MAR, True),  # to its last day
		(FEB, MAR, APR, False),  # ended
	],
)
def test_an_allocation_is_current_from_its_first_to_its_last_day(from_date, to_date, on, current):
	assert is_current(from_date, to_date, on) is current
	assert Allocation("W1", from_date, to_date).is_current(on) is current


@pytest.mark.parametrize(
	"earlier, later, overlap",
	[
		((JAN, None), (MAR, None), True),  # the earlier never ended
		((JAN, FEB), (MAR, None), False),  # the later starts after it ended
		((JAN, MAR), (MAR, None), True),  # the later starts on its last day
		((JAN, MAR), (FEB, APR), True),
	],
)
def test_overlap(earlier, later, overlap):
	assert overlaps(Allocation("W1", *earlier), Allocation("W1", *later)) is overlap


def test_only_the_same_workers_allocations_can_overlap():
	rows = [Allocation("W1", JAN), Allocation("W2", FEB), Allocation("W3", JAN, MAR)]
	assert find_overlap(rows) is None
	check_allocations(rows)


def test_the_overlap_is_found_whatever_the_order_of_the_rows():
	first, second = Allocation("W1", JAN, FEB, row=2), Allocation("W1", FEB, row=1)
	assert find_overlap([second, first]) == (first, second)


def test_a_worker_may_return_after_an_allocation_ends():
	check_allocations([Allocation("W1", JAN, FEB, row=1), Allocation("W1", MAR, row=2)])


def test_an_overlap_is_refused_naming_the_later_row_and_the_earlier_allocation():
	with pytest.raises(RuleError) as refused:
		check_allocations(
			[Allocation("W1", JAN, MAR, row=1), Allocation("W1", FEB, row=4, worker_name="Sam Social")]
		)
	assert refused.value.field == "allocations"
	assert refused.value.row == 4
	assert refused.value.arguments == {"worker": "Sam Social", "from_date": JAN, "to_date": MAR}


def test_an_allocation_ending_before_it_starts_is_refused_first():
	with pytest.raises(RuleError) as refused:
		check_allocations([Allocation("W1", JAN), Allocation("W1", MAR, FEB, row=2)])
	assert refused.value.row == 2
	assert "before From Date" in refused.value.message


@pytest.mark.parametrize("to_date, ended", [(None, FEB), (MAR, FEB), (FEB, FEB), (JAN, JAN)])
def test_closing_a_family_ends_its_allocations_by_the_day_it_closed(to_date, ended):
	assert ended_by_closure(to_date, FEB) == ended
