"""Allocations: which workers work with a family, and when (the Family's Allocations table).

A worker is allocated to a family from a day, until a day or for as long as the family is open; a
worker holds one allocation on a family at a time. Read by the Family controller, and by the row-
level rule's notion of a current allocation (permissions.py asks the same of the database)."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import pairwise

from family_safeguarding.rules import RuleError, _lt


@dataclass(frozen=True)
class Allocation:
	worker: str
	from_date: date
	to_date: date | None = None
	row: int | None = None  # the row's number in the table, for the message
	worker_name: str | None = None  # how the message names the worker

	def is_current(self, on: date) -> bool:
		return is_current(self.from_date, self.to_date, on)


def is_current(from_date: date, to_date: date | None, on: date) -> bool:
	"""Whether an allocation from `from_date` to `to_date` (None: open-ended) holds on `on`."""
	return from_date <= on and (to_date is None or to_date >= on)


def overlaps(earlier: Allocation, later: Allocation) -> bool:
	"""Whether `later` (starting on or after `earlier`) starts before `earlier` has ended."""
	return earlier.to_date is None or later.from_date <= earlier.to_date


def find_overlap(allocations: Iterable[Allocation]) -> tuple[Allocation, Allocation] | None:
	"""The first (earlier, later) pair of one worker's allocations that overlap, by start date."""
	by_worker: dict[str, list[Allocation]] = {}
	for allocation in allocations:
		by_worker.setdefault(allocation.worker, []).append(allocation)
	for rows in by_worker.values():
		rows.sort(key=lambda allocation: allocation.from_date)
		for earlier, later in pairwise(rows):
			if overlaps(earlier, later):
				return earlier, later
	return None


def check_allocations(allocations: Iterable[Allocation]) -> None:
	"""Raise RuleError, naming the row, for an allocation that ends before it starts or overlaps
	another of the same worker's."""
	allocations = list(allocations)
	for allocation in allocations:
		if allocation.to_date and allocation.to_date < allocation.from_date:
			raise RuleError(
				"allocations",
				_lt("To Date {to_date} is before From Date {from_date}."),
				row=allocation.row,
				to_date=allocation.to_date,
				from_date=allocation.from_date,
			)
	overlap = find_overlap(allocations)
	if not overlap:
		return
	earlier, later = overlap
	worker = later.worker_name or later.worker
	if earlier.to_date is None:
		raise RuleError(
			"allocations",
			_lt(
				"{worker} is already allocated to this family from {from_date}. End that allocation "
				"before starting another."
			),
			row=later.row,
			worker=worker,
			from_date=earlier.from_date,
		)
	raise RuleError(
		"allocations",
		_lt(
			"{worker} is already allocated to this family from {from_date} to {to_date}. End that "
			"allocation before starting another."
		),
		row=later.row,
		worker=worker,
		from_date=earlier.from_date,
		to_date=earlier.to_date,
	)


def ended_by_closure(to_date: date | None, closed_on: date) -> date:
	"""An allocation's To Date once its family has closed: no later than the day it closed."""
	return closed_on if to_date is None or to_date > closed_on else to_date
