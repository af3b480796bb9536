"""The arithmetic of the outcome reports (docs/developers/timescales.md, "Outcome measures"):
percentages, rates per 10,000 children, reporting periods, review conferences against their
timescale and plans of two years or more. Pure: the reports fetch the rows in one query per figure
and call these."""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from datetime import date

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.statutory import next_review_due

# A plan open this long or longer is a "plan lasting two years or more" (CIN census).
LONG_PLAN_MONTHS = 24


def percentage(part: int | float | None, whole: int | float | None) -> float | None:
	"""`part` as a percentage of `whole`, to one decimal place; None when there is nothing to measure."""
	if not whole:
		return None
	return round(100.0 * (part or 0) / whole, 1)


def rate_per_10000(count: int | None, population: int | None) -> float | None:
	"""Children per 10,000 of the child population, to one decimal place (the DfE's convention)."""
	if not population:
		return None
	return round(10000.0 * (count or 0) / population, 1)


def average(values: Iterable[float | int | None]) -> float | None:
	present = [value for value in values if value is not None]
	return round(sum(present) / len(present), 1) if present else None


def default_period(today: date) -> tuple[date, date]:
	"""The last twelve months up to today, from the first of the month a year ago."""
	start = add_months(today.replace(day=1), -12)
	return start, today


def check_period(from_date: date | None, to_date: date | None) -> tuple[date, date]:
	if not from_date or not to_date:
		raise RuleError("from_date", _lt("Choose both a From Date and a To Date for the period."))
	if to_date < from_date:
		raise RuleError("to_date", _lt("The To Date is before the From Date."))
	return from_date, to_date


def months_in(from_date: date, to_date: date) -> list[tuple[date, date]]:
	"""The calendar months the period touches, each as (first day, last day), clipped to the period."""
	months = []
	start = from_date.replace(day=1)
	while start <= to_date:
		end = add_months(start, 1).replace(day=1)
		last = date.fromordinal(end.toordinal() - 1)
		months.append((max(start, from_date), min(last, to_date)))
		start = end
	return months


def open_in_each(
	months: list[tuple[date, date]], opened: Iterable[date], closed: Iterable[date | None]
) -> list[int]:
	"""How many of the families (opened on `opened`, closed on `closed` or still open) were open at
	some time in each month. Sorted once and counted by bisection, so ten years of a large council's
	families take milliseconds instead of a pass over every family for every month."""
	opened_sorted = sorted(opened)
	closed_sorted = sorted(day for day in closed if day)
	# open in [start, end] = opened by the end, less those already closed before the start
	# (a family closed before the start was opened before it too)
	return [bisect_right(opened_sorted, end) - bisect_left(closed_sorted, start) for start, end in months]


def lasted_long(start: date | None, end: date | None) -> bool:
	"""Whether a plan from `start` to `end` (or to the day asked about) lasted two years or more."""
	return bool(start and end and end >= add_months(start, LONG_PLAN_MONTHS))


def reviews_against_timescale(
	icpc: date, review_dates: Iterable[date], first_months: int = 3, later_months: int = 6
) -> list[tuple[date, date, bool]]:
	"""Each review conference of a plan as (date held, date due, held in time), the due date being
	the same rule the plan's form shows (three months after the ICPC, then six after the last)."""
	held = sorted(day for day in review_dates if day)
	result = []
	for index, review_date in enumerate(held):
		due = next_review_due(icpc, held[:index], first_months, later_months)
		result.append((review_date, due, review_date <= due))
	return result
