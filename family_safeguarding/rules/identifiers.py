"""National identifiers: NHS number, Unique Pupil Number (UPN) and UK postcode."""

import re

from family_safeguarding.rules import RuleError, _lt

NHS_NUMBER_WEIGHTS = (10, 9, 8, 7, 6, 5, 4, 3, 2)

# The DfE's check-letter alphabet (no I, O or S): position 0 is A, 22 is Z.
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

# The Royal Mail postcode shapes: A9 9AA, A99 9AA, A9A 9AA, AA9 9AA, AA99 9AA, AA9A 9AA,
# with the letters each position may hold, and the non-geographic GIR 0AA.
_OUTWARD = (
	r"(?:[A-PR-UWYZ][0-9]{1,2}"
	r"|[A-PR-UWYZ][A-HK-Y][0-9]{1,2}"
	r"|[A-PR-UWYZ][0-9][A-HJKPSTUW]"
	r"|[A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY])"
)
_INWARD = r"[0-9][ABD-HJLNP-UW-Z]{2}"
POSTCODE_PATTERN = re.compile(rf"^(?:(?P<out>{_OUTWARD})(?P<in>{_INWARD})|(?P<gir>GIR0AA))$")


def nhs_number_check_digit(first_nine: str) -> int | None:
	"""The modulus-11 check digit of the first nine digits, or None when no digit can be valid."""
	total = sum(int(digit) * weight for digit, weight in zip(first_nine, NHS_NUMBER_WEIGHTS, strict=True))
	check = 11 - (total % 11)
	if check == 11:
		return 0
	if check == 10:
		return None
	return check


def normalise_nhs_number(value: str | None, field: str = "nhs_number") -> str | None:
	"""Return the NHS number as ten digits, or raise RuleError naming `field`.

	Spaces and hyphens people type between the 3-3-4 groups are allowed and dropped.
	"""
	if value is None or not str(value).strip():
		return None
	digits = re.sub(r"[\s-]", "", str(value))
	if not re.fullmatch(r"[0-9]{10}", digits):
		raise RuleError(field, _lt("NHS Number must be 10 digits; '{value}' is not."), value=value)
	expected = nhs_number_check_digit(digits[:9])
	if expected is None or expected != int(digits[9]):
		raise RuleError(
			field,
			_lt(
				"NHS Number {nhs_number} is not valid: its check digit does not match. "
				"Please check it against the NHS letter or the GP record."
			),
			nhs_number=format_nhs_number(digits),
		)
	return digits


def format_nhs_number(digits: str) -> str:
	"""Show ten digits the way the NHS prints them: 943 476 5919."""
	return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


def upn_check_letter(last_twelve: str) -> str:
	"""The check letter for the 12 characters after it (the last may be a letter in a temporary UPN).

	Character n (2..13 of the UPN) is weighted n; a letter in the last place counts as its
	position in UPN_LETTERS. The sum modulo 23 picks the check letter.
	"""
	total = 0
	for weight, char in enumerate(last_twelve, start=2):
		value = int(char) if char.isdigit() else UPN_LETTERS.index(char)
		total += value * weight
	return UPN_LETTERS[total % 23]


def normalise_upn(value: str | None, field: str = "upn") -> str | None:
	"""Return the UPN in capitals, or raise RuleError naming `field`."""
	if value is None or not str(value).strip():
		return None
	upn = re.sub(r"\s", "", str(value)).upper()
	pattern = rf"[{UPN_LETTERS}][0-9]{{11}}[0-9{UPN_LETTERS}]"
	if not re.fullmatch(pattern, upn):
		raise RuleError(
			field,
			_lt(
				"UPN must be 13 characters: a check letter, 11 digits, then a digit or a letter; '{value}' is not."
			),
			value=value,
		)
	if upn_check_letter(upn[1:]) != upn[0]:
		raise RuleError(
			field, _lt("UPN {upn} is not valid: its check letter does not match the digits."), upn=upn
		)
	return upn


def normalise_postcode(value: str | None, field: str = "postcode") -> str | None:
	"""Return a UK postcode in capitals with one space before the inward code, or raise RuleError."""
	if value is None or not str(value).strip():
		return None
	compact = re.sub(r"\s", "", str(value)).upper()
	match = POSTCODE_PATTERN.match(compact)
	if not match:
		raise RuleError(field, _lt("Postcode '{value}' is not a valid UK postcode."), value=value)
	if match.group("gir"):
		return "GIR 0AA"
	return f"{match.group('out')} {match.group('in')}"
