"""Working days: Monday to Friday, less the bank holidays of the configured calendar.

Bank holidays come from the maintained `holidays` package (substitute days included), never
from a hand-typed list. The package can lag a newly announced one-off bank holiday, so an
administrator corrects it in Family Safeguarding Settings: every rule here takes the days `added`
(holidays the package does not know yet) and `removed` (days it lists that are not holidays).
"""

from collections.abc import Collection, Iterable
from datetime import date, timedelta
from functools import lru_cache

import holidays

from family_safeguarding.rules import RuleError, _lt

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
			_lt("Bank Holiday Calendar '{calendar}' is not one of {calendars}."),
			calendar=calendar,
			calendars=", ".join(CALENDARS),
		)
	return frozenset(holidays.country_holidays("GB", subdiv=subdivision, years=year))


NO_DAYS: frozenset[date] = frozenset()

# What can be wrong with an administrator's correction (correction_problems).
DUPLICATE_DATE = "duplicate date"
NOT_A_PACKAGE_HOLIDAY = "not a holiday of the calendar"
ON_A_WEEKEND = "on a weekend"
ALREADY_A_HOLIDAY = "already a holiday of the calendar"
ADD, REMOVE = "Add", "Remove"


def is_working_day(
	day: date,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> bool:
	"""Monday to Friday, not a bank holiday of the calendar, not an added holiday; a removed day
	is a working day again. A day both added and removed is a holiday (Settings refuses that)."""
	if day.weekday() >= 5 or day in added:
		return False
	return day in removed or day not in bank_holidays(calendar, day.year)


def add_working_days(
	start: date,
	days: int,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	"""The date `days` working days after `start` (before it, when negative).

	`start` itself is never counted: a conference due "within 15 working days of the strategy
	discussion" is due on add_working_days(strategy_discussion, 15). Zero days gives `start`.
	"""
	step = timedelta(days=1 if days >= 0 else -1)
	remaining = abs(days)
	day = start
	while remaining:
		day += step
		if is_working_day(day, calendar, added, removed):
			remaining -= 1
	return day


def working_days_between(
	start: date,
	end: date,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> int:
	"""How many working days fall after `start`, up to and including `end`.

	The inverse of add_working_days: working_days_between(d, add_working_days(d, n)) == n.
	Negative when `end` is before `start`.
	"""
	if end < start:
		return -working_days_between(end, start, calendar, added, removed)
	count = 0
	day = start
	while day < end:
		day += timedelta(days=1)
		if is_working_day(day, calendar, added, removed):
			count += 1
	return count


def correction_problems(calendar: str, corrections: Iterable[tuple[int, date, str]]) -> list[tuple[int, str]]:
	"""What is wrong with each (row number, date, Add or Remove) correction: a date given twice,
	a weekend day, an Add of a day the calendar already has, a Remove of a day it does not have."""
	problems, seen = [], set()
	for row, day, change in corrections:
		if day in seen:
			problems.append((row, DUPLICATE_DATE))
			continue
		seen.add(day)
		if day.weekday() >= 5:
			problems.append((row, ON_A_WEEKEND))
		elif change == REMOVE and day not in bank_holidays(calendar, day.year):
			problems.append((row, NOT_A_PACKAGE_HOLIDAY))
		elif change == ADD and day in bank_holidays(calendar, day.year):
			problems.append((row, ALREADY_A_HOLIDAY))
	return problems
