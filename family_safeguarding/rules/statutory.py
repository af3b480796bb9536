"""Statutory timescales of the Child Protection and Public Law Outline processes, and the family's
legal status. Every number comes from Family Safeguarding Settings; the defaults, and the guidance
and law they come from, are in docs/developers/timescales.md: ICPC within 15 working days of the
strategy discussion, first core group within 10 working days of the ICPC, first review within 3
months of the ICPC and later ones within 6 months of the last, visits every 10 working days,
pre-proceedings about 16 weeks, proceedings 26 weeks."""

from collections.abc import Collection, Iterable
from datetime import date, timedelta

from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.workflows import PRE_PROCEEDINGS, PROCEEDINGS_ISSUED
from family_safeguarding.rules.working_days import DEFAULT_CALENDAR, NO_DAYS, add_working_days

CATEGORIES = (
	"NEG - Neglect",
	"PHY - Physical abuse",
	"SAB - Sexual abuse",
	"EMO - Emotional abuse",
	"MUL - Multiple",
)


# The working-day timescales take the calendar and the administrator's corrections to it: the days
# `added` as bank holidays and `removed` from them (rules/working_days.py).
def icpc_due(
	strategy_discussion: date,
	working_days: int = 15,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	return add_working_days(strategy_discussion, working_days, calendar, added, removed)


def first_core_group_due(
	icpc: date,
	working_days: int = 10,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	return add_working_days(icpc, working_days, calendar, added, removed)


def next_review_due(
	icpc: date, review_dates: Iterable[date], first_months: int = 3, later_months: int = 6
) -> date:
	"""Three months after the ICPC for the first review, then six months after the last one."""
	reviews = [d for d in review_dates if d]
	return add_months(max(reviews), later_months) if reviews else add_months(icpc, first_months)


def next_visit_due(
	last_visit: date,
	working_days: int = 10,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	return add_working_days(last_visit, working_days, calendar, added, removed)


def plo_target_end(letter_before_proceedings: date, weeks: int = 16) -> date:
	return letter_before_proceedings + timedelta(weeks=weeks)


def weeks_between(start: date, end: date) -> int:
	"""Whole weeks from `start` to `end` (0 when `end` is earlier)."""
	return max(0, (end - start).days // 7)


def week_26_date(issue_date: date, weeks: int = 26) -> date:
	"""The last day of the time limit for care proceedings. The limit runs "beginning with the day on
	which the application was issued" (Children Act 1989, s.32(1)(a)(ii)), so the day of issue is its
	first day and the last is the day before the same weekday `weeks` weeks on
	(docs/developers/timescales.md, "Care proceedings")."""
	return issue_date + timedelta(weeks=weeks, days=-1)


def concluded_in_time(concluded_on: date | None, week_26: date | None) -> bool:
	"""Whether proceedings ended within their time limit (on its last day at the latest)."""
	return concluded_on is not None and week_26 is not None and concluded_on <= week_26


def waiting_days(sent_on: date, first_appointment_on: date | None, today: date) -> int:
	"""Calendar days a family waited from the referral to its first appointment (so far, if none)."""
	return max(0, ((first_appointment_on or today) - sent_on).days)


def response_due(
	sent_on: date,
	working_days: int = 5,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	"""The day by which the receiving service should have answered a referral."""
	return add_working_days(sent_on, working_days, calendar, added, removed)


def legal_status(family_open: bool, children_on_plans: int, plo_state: str | None) -> str:
	"""The family's legal status, the most serious that applies."""
	if plo_state == PROCEEDINGS_ISSUED:
		return "Care Proceedings"
	if plo_state == PRE_PROCEEDINGS:
		return "Pre-Proceedings"
	if children_on_plans:
		return "Child Protection"
	return "Child in Need" if family_open else "None"


def overdue(items: Iterable[tuple[str, date | None]], today: date) -> list[tuple[str, date]]:
	"""The (label, due date) pairs whose due date has passed."""
	return [(label, due) for label, due in items if due and due < today]
