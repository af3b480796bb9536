"""Ofsted's Annex A, as pure rules: the period a return may cover, which records fall in it, the facts
each list derives from the records as they stood at the period's end, and how a value is written in
a cell. The lists' columns and value maps are data (returns/annex_a_layout.py); the rows are read
from the records by returns/annex_a.py.

"As at the period's end": the records hold today's values, so a date after the period's end (a
visit, a conference, a plan's end) is an event the period had not yet seen, and is left out.
"""

from collections.abc import Iterable
from datetime import date

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.census.codes import NO_DISABILITY, code_of
from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.people import age_on

# The longest period one return may cover. Ofsted asks for six months; a council may want a year
# or two for its own checks, and anything longer is a different job (the census).
MAX_PERIOD_MONTHS = 24

# How a value is written (the third item of a column in the layout).
TEXT = "text"
DATE = "date"  # dd/mm/yyyy, as text
AGE = "age"  # whole years at the period's end, from the date of birth
COUNT = "count"
GENDER = "gender"
ETHNICITY = "ethnicity"
SOURCE = "source"  # of a contact or a referral
YES_NO = "yes_no"
YES_NO_UNKNOWN = "yes_no_unknown"
CATEGORY = "category"  # of abuse
PRIMARY_NEED = "primary_need"
CLOSURE_REASON = "closure_reason"
CASE_STATUS = "case_status"
CODED_FORMATS = (
	GENDER,
	ETHNICITY,
	SOURCE,
	YES_NO,
	YES_NO_UNKNOWN,
	CATEGORY,
	PRIMARY_NEED,
	CLOSURE_REASON,
	CASE_STATUS,
)
FORMATS = (TEXT, DATE, AGE, COUNT, *CODED_FORMATS)

# The answers the rows give for the coded yes/no columns.
YES, NO, UNKNOWN = "YES", "NO", "UNKNOWN"

# A child's case status at the period's end (List 6), most serious first.
LOOKED_AFTER = "LOOKED_AFTER"  # not recorded by the app: never given
CHILD_PROTECTION_PLAN = "CP_PLAN"
CHILD_IN_NEED_PLAN = "CIN_PLAN"
OPEN_ASSESSMENT = "OPEN_ASSESSMENT"
CLOSED_EPISODE = "CLOSED"


def check_period(from_date: date, to_date: date) -> tuple[date, date]:
	"""The period of a return: To Date not before From Date, and no longer than MAX_PERIOD_MONTHS."""
	if to_date < from_date:
		raise RuleError(
			"to_date",
			_lt("To Date {to_date} is before From Date {from_date}."),
			to_date=to_date,
			from_date=from_date,
		)
	if to_date >= add_months(from_date, MAX_PERIOD_MONTHS):
		raise RuleError(
			"to_date",
			_lt(
				"The period from {from_date} to {to_date} is longer than {months} months: Ofsted asks for "
				"six. Choose a shorter period."
			),
			from_date=from_date,
			to_date=to_date,
			months=MAX_PERIOD_MONTHS,
		)
	return from_date, to_date


# --- which records fall in the period ------------------------------------------------------------


def within(day: date | None, from_date: date, to_date: date) -> bool:
	return day is not None and from_date <= day <= to_date


def open_during(start: date | None, end: date | None, from_date: date, to_date: date) -> bool:
	"""Whether something that started on `start` and ended on `end` (None: not ended) was open on
	any day of the period."""
	return start is not None and start <= to_date and (end is None or end >= from_date)


def as_at(day: date | None, to_date: date) -> date | None:
	"""`day`, if it had come by the period's end; else None (the period had not seen it)."""
	return day if day is not None and day <= to_date else None


def count_in_last_12_months(days: Iterable[date | None], day: date) -> int:
	"""How many of `days` fall in the 12 months ending on `day`, `day` itself included: a child's
	first referral counts 1."""
	start = add_months(day, -12)
	return sum(1 for other in days if other is not None and start < other <= day)


# --- what the lists derive ----------------------------------------------------------------------


def disability_answer(disabilities: Iterable[str]) -> str:
	"""Does the child have a disability: YES for any census disability, NO when only NONE (no
	disability) is recorded, UNKNOWN when nothing is."""
	codes = {code_of(value) for value in disabilities if value}
	if not codes:
		return UNKNOWN
	return NO if codes == {NO_DISABILITY} else YES


def yes_no(value) -> str | None:
	"""YES or NO from a check box or a Yes/No select; None when the select is empty."""
	if value is None or value == "":
		return None
	if isinstance(value, str):
		return YES if value.strip().lower() in ("yes", "y", "1") else NO
	return YES if value else NO


def latest_category(
	initial: str | None, reviews: Iterable[tuple[date | None, str | None]], to_date: date
) -> str | None:
	"""The category of abuse at the period's end: that of the latest review held by then that
	recorded one, else the initial category."""
	held = [(day, category) for day, category in reviews if category and day is not None and day <= to_date]
	return max(held, key=lambda review: review[0])[1] if held else initial


def latest_review(review_days: Iterable[date | None], to_date: date) -> date | None:
	"""The latest review conference held by the period's end."""
	return max((day for day in review_days if day is not None and day <= to_date), default=None)


def case_status(
	closure_date: date | None,
	on_child_protection_plan: bool,
	on_child_in_need_plan: bool,
	assessment_open: bool,
	to_date: date,
) -> str | None:
	"""A child's case status at the period's end (List 6): a closed episode, else the most serious
	of what was open that day. None when the episode was open with none of these (a referral whose
	assessment has not started): the app does not know what Ofsted would call it."""
	if closure_date is not None and closure_date <= to_date:
		return CLOSED_EPISODE
	if on_child_protection_plan:
		return CHILD_PROTECTION_PLAN
	if on_child_in_need_plan:
		return CHILD_IN_NEED_PLAN
	if assessment_open:
		return OPEN_ASSESSMENT
	return None


def held_on(start: date | None, end: date | None, on: date) -> bool:
	"""Whether something from `start` to `end` (None: not ended) was held on the day `on`."""
	return start is not None and start <= on and (end is None or end >= on)


def allocated_worker(
	allocations: Iterable[tuple[str, date, date | None]], on: date, lead: str | None = None
) -> str | None:
	"""The worker allocated on the day `on`, of (worker, from, to) allocations of one specialism: the
	family's lead `lead` when they held one that day, else the latest to start of those held that
	day; when none was held that day, the last to end before it. None when there was none by then."""
	allocations = [row for row in allocations if row[1] is not None and row[1] <= on]
	held = [row for row in allocations if held_on(row[1], row[2], on)]
	if held:
		if lead and any(row[0] == lead for row in held):
			return lead
		return max(held, key=lambda row: row[1])[0]
	return max(allocations, key=lambda row: (row[2], row[1]), default=(None,))[0]


# --- how a value is written ----------------------------------------------------------------------


def as_text_date(day: date | None) -> str:
	"""dd/mm/yyyy, as Ofsted asks; empty for no date."""
	return f"{day:%d/%m/%Y}" if day else ""


def age_in_years(date_of_birth: date | None, on: date) -> int | None:
	"""Whole years at `on`; None for no date of birth, or a child not yet born on `on`. A 29 February
	birthday falls on 1 March in other years."""
	if date_of_birth is None or date_of_birth > on:
		return None
	return age_on(date_of_birth, on)


def cell_value(value, value_format: str, value_maps: dict, on: date):
	"""What the cell holds for a row's `value`: text, a whole number, or None (an empty cell).

	A coded value is written as Ofsted's wording for its code ("F - Female" is "b) Female"); a code
	Ofsted's list does not have is written as it is recorded, never dropped."""
	return cell_writer(value_format, value_maps, on)(value)


def cell_writer(value_format: str, value_maps: dict, on: date):
	"""The function that writes a value of `value_format` (cell_value), made once for a column."""
	if value_format == TEXT:
		write = str
	elif value_format == DATE:
		write = as_text_date
	elif value_format == AGE:
		return lambda value: age_in_years(value, on) if value else None
	elif value_format == COUNT:
		write = int
	elif value_format in CODED_FORMATS:
		wording = value_maps[value_format]

		def write(value):
			return wording.get(code_of(value), str(value))
	else:
		raise ValueError(f"Unknown Annex A value format {value_format!r}")
	return lambda value: None if value is None or value == "" else write(value)
