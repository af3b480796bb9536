"""Calendar arithmetic the timescales share."""

import calendar
from datetime import date, timedelta
from functools import lru_cache


@lru_cache(maxsize=65536)  # reports over ten years ask it for the same few thousand days
def add_months(start: date, months: int) -> date:
	"""The same day `months` later, on the month's last day where it is shorter.

	31 January + 1 month is 28 February (29 in a leap year), never 3 March.
	"""
	month_index = start.month - 1 + months
	year, month = start.year + month_index // 12, month_index % 12 + 1
	return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def month_period(day: date) -> tuple[date, date]:
	"""The first and last day of the calendar month `day` falls in."""
	return day.replace(day=1), day.replace(day=calendar.monthrange(day.year, day.month)[1])


def periods_overlap(start_a: date, end_a: date, start_b: date, end_b: date) -> bool:
	return start_a <= end_b and start_b <= end_a


def day_after(day: date) -> date:
	return day + timedelta(days=1)
