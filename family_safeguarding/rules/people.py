"""Facts about a person derived from their dates."""

from datetime import date

from family_safeguarding.rules import RuleError, _lt

ADULT_AGE = 18

MEMBER_TYPES = ("Child", "Unborn Child", "Parent", "Carer", "Other Adult")


def age_on(date_of_birth: date, on: date) -> int:
	"""Whole years from `date_of_birth` to `on`; a 29 February birthday falls on 1 March in other years."""
	years = on.year - date_of_birth.year
	if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
		years -= 1
	return years


def is_child(member_type: str, date_of_birth: date | None, on: date) -> bool:
	"""An unborn child is a child; anyone else is a child while under 18.

	With no date of birth, the member type decides.
	"""
	if member_type == "Unborn Child":
		return True
	if date_of_birth is None:
		return member_type == "Child"
	return age_on(date_of_birth, on) < ADULT_AGE


def check_member_dates(
	member_type: str,
	date_of_birth: date | None,
	expected_date_of_birth: date | None,
	date_of_death: date | None,
	today: date,
) -> None:
	"""Raise RuleError, naming the field, for dates a member cannot have."""
	if member_type == "Unborn Child":
		if date_of_birth:
			raise RuleError(
				"date_of_birth",
				_lt(
					"An unborn child has no Date of Birth yet: record the Expected Date of Birth, and change "
					"the Member Type to Child once the baby is born."
				),
			)
		if not expected_date_of_birth:
			raise RuleError(
				"expected_date_of_birth", _lt("Expected Date of Birth is required for an unborn child.")
			)
	elif expected_date_of_birth and not date_of_birth:
		raise RuleError(
			"date_of_birth",
			_lt("Expected Date of Birth is only for an unborn child: record the Date of Birth instead."),
		)
	if member_type == "Child" and not date_of_birth:
		raise RuleError("date_of_birth", _lt("Date of Birth is required for a child."))
	if date_of_birth and date_of_birth > today:
		raise RuleError(
			"date_of_birth",
			_lt("Date of Birth {date_of_birth} is in the future."),
			date_of_birth=date_of_birth,
		)
	if date_of_death:
		if date_of_death > today:
			raise RuleError(
				"date_of_death",
				_lt("Date of Death {date_of_death} is in the future."),
				date_of_death=date_of_death,
			)
		if date_of_birth and date_of_death < date_of_birth:
			raise RuleError("date_of_death", _lt("Date of Death is before the Date of Birth."))
