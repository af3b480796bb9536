"""Working days: Monday to Friday, less the bank holidays of the configured calendar.

Bank holidays come from the maintained `holidays` package (substitute days included), never
from a hand-typed list.
"""

from datetime import date, timedelta
from functools import lru_cache

import holidays

from family_safeguarding.rules import RuleError

# The bank-holiday calendars a council can choose in Family Safeguarding Settings, and the
# `holidays` subdivision of the United Kingdom each one reads. England and Wales share one list.
CALENDARS = {
	"England and Wales": "ENG",
	"Scotland": "SCT",
	"Northern Ireland": "NIR",
}
DEFAULT_CALENDAR = "England and Wales"


@lru_cache(maxsize=256)
def bank_holidays(calendar: str, year: int) -> frozenset[date]:
	"""The bank holidays of one year in the named calendar."""
	try:
		subdivision = CALENDARS[calendar]
	except KeyError:
		raise RuleError(
			"bank_holiday_calendar",
			f"Bank Holiday Calendar '{calendar}' is not one of {', '.join(CALENDARS)}.",
		)
	return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


def is_working_day(day: date, calendar: str = DEFAULT_CALENDAR) -> bool:
	return day.weekday() < 5 and day not in bank_holidays(calendar, day.year)


def add_working_days(start: date, days: int, calendar: str = DEFAULT_CALENDAR) -> date:
	"""The date `days` working days after `start` (before it, when negative).

	`start` itself is never counted: a conference due "within 15 working days of the strategy
	discussion" is due on add_working_days(strategy_discussion, 15). Zero days gives `start`.
	"""
	step = timedelta(days=1 if days >= 0 else -1)
	remaining = abs(days)
	day = start
	while remaining:
		day += step
		if is_working_day(day, calendar):
			remaining -= 1
	return day


def working_days_between(start: date, end: date, calendar: str = DEFAULT_CALENDAR) -> int:
	"""How many working days fall after `start`, up to and including `end`.

	The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
	Negative when `end` is before `start`.
	"""
	if end < start:
		return -working_days_between(end, start, calendar)
	count = 0
	day = start
	while day < end:
		day += timedelta(days=1)
		if is_working_day(day, calendar):
			count += 1
	return count
