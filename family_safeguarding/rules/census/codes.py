"""The CIN census code lists, as "CODE - description" options like the app's other code lists, and
the checks that a recorded value is one of them.

Ethnicity, Sex and Reason for Closure are already recorded by the app (rules/code_lists.py) and the
categories of abuse by the Child Protection Plan (rules/statutory.py): they are reused, not copied.
"""

import re
from collections.abc import Iterable

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.code_lists import CLOSURE_REASONS, ETHNICITY, SEX
from family_safeguarding.rules.identifiers import normalise_upn
from family_safeguarding.rules.statutory import CATEGORIES as CATEGORIES_OF_ABUSE

# Who referred the child to children's social care (ReferralSource).
REFERRAL_SOURCES = (
	"1A - Individual: family member, relative or carer",
	"1B - Individual: acquaintance, including neighbours and childminders",
	"1C - Individual: self",
	"1D - Individual: other, including strangers",
	"2A - Schools",
	"2B - Education services",
	"3A - Health services: GP",
	"3B - Health services: health visitor",
	"3C - Health services: school nurse",
	"3D - Health services: other primary health services",
	"3E - Health services: A&E",
	"3F - Health services: other, for example a hospice",
	"4 - Housing: local authority housing or housing association",
	"5A - LA services: social care, for example adult social care",
	"5B - LA services: other internal, for example youth offending",
	"5C - LA services: external, for example another council's social care",
	"5D - LA services: early help",
	"6 - Police",
	"7 - Other legal agency: courts, probation, immigration, Cafcass or prison",
	"8 - Other: children's centres, independent providers or voluntary organisations",
	"9 - Anonymous",
	"10 - Unknown",
)

# The child's main need at assessment (PrimaryNeedCode).
PRIMARY_NEEDS = (
	"N1 - Abuse or neglect",
	"N2 - Child's disability",
	"N3 - Parental disability or illness",
	"N4 - Family in acute stress",
	"N5 - Family dysfunction",
	"N6 - Socially unacceptable behaviour",
	"N7 - Low income",
	"N8 - Absent parenting",
	"N9 - Cases other than children in need",
	"N0 - Not stated",
)

NO_DISABILITY = "NONE"
DISABILITIES = (
	"NONE - No disability",
	"MOB - Mobility",
	"HAND - Hand function",
	"PC - Personal care",
	"INC - Incontinence",
	"COMM - Communication",
	"LD - Learning",
	"HEAR - Hearing",
	"VIS - Vision",
	"BEH - Behaviour",
	"CON - Consciousness",
	"AUT - Autism or Asperger syndrome",
	"DDA - Other disability",
)

# Factors identified at assessment (FactorsIdentifiedAtAssessment/AssessmentFactors). Where a factor
# has a subject, A is the child, B the parent or carer, C another person in the household.
NO_FACTORS = "21"
ASSESSMENT_FACTORS = (
	"1A - Alcohol misuse: the child",
	"1B - Alcohol misuse: the parent or carer",
	"1C - Alcohol misuse: another person in the household",
	"2A - Drug misuse: the child",
	"2B - Drug misuse: the parent or carer",
	"2C - Drug misuse: another person in the household",
	"3A - Domestic abuse: the child",
	"3B - Domestic abuse: the parent or carer",
	"3C - Domestic abuse: another person in the household",
	"4A - Mental health: the child",
	"4B - Mental health: the parent or carer",
	"4C - Mental health: another person in the household",
	"5A - Learning disability: the child",
	"5B - Learning disability: the parent or carer",
	"5C - Learning disability: another person in the household",
	"6A - Physical disability or illness: the child",
	"6B - Physical disability or illness: the parent or carer",
	"6C - Physical disability or illness: another person in the household",
	"7A - Young carer",
	"8B - Privately fostered: overseas child who intends to return",
	"8C - Privately fostered: overseas child who intends to stay",
	"8D - Privately fostered: UK child in an educational placement",
	"8E - Privately fostered: UK child in an alternative family arrangement",
	"8F - Privately fostered: other",
	"9A - Unaccompanied asylum-seeking child",
	"10A - Going or being missing",
	"11A - Child sexual exploitation",
	"12A - Trafficking",
	"13A - Gangs",
	"14A - Socially unacceptable behaviour",
	"15A - Self-harm",
	"16A - Neglect",
	"17A - Emotional abuse",
	"18B - Physical abuse by another child",
	"18C - Physical abuse by an adult",
	"19B - Sexual abuse by another child",
	"19C - Sexual abuse by an adult",
	"20 - Other",
	"21 - No factors identified",
	"22A - Female genital mutilation",
	"23A - Abuse linked to faith or belief",
	"24A - Child criminal exploitation",
)

# Factors the census no longer takes (DfE 8945Q, 8950Q): 18B or 18C, and 19B or 19C, replace them.
RETIRED_ASSESSMENT_FACTORS = ("18A", "19A")

# Why a child has no UPN (UPNunknown). The DfE's validator states the meaning of UN1 (a child not
# of school age, DfE 8770Q) and UN7 (a referral with no further action, DfE 8772); UN2 to UN6 stand
# as bare codes until their wording is taken from the year's census specification.
UPN_UNKNOWN_REASONS = (
	"UN1 - Child is not of school age",
	"UN2",
	"UN3",
	"UN4",
	"UN5",
	"UN6",
	"UN7 - Referral with no further action",
)

# What came of a contact with children's social care (Social Care Contact). The census counts the
# contacts that became referrals through their CIN Episode; the others are for the council's own use.
CONTACT_OUTCOMES = (
	"Referral to children's social care",
	"Early help",
	"Information and advice",
	"No further action",
)

# The outcome of pre-proceedings (PPOutcome), from the 2026-27 census on.
PRE_PROCEEDINGS_OUTCOMES = ("A", "B", "C")

LA_CHILD_ID_MAX_LENGTH = 20


def code_of(value: str) -> str:
	"""The code of a "CODE - description" option, or of a bare code: "N1 - Abuse or neglect" is N1."""
	return str(value).split(" - ", 1)[0].strip().upper()


def codes(options: Iterable[str]) -> tuple[str, ...]:
	"""The codes of a list of options, in order."""
	return tuple(code_of(option) for option in options)


def check_code(value: str | None, options: Iterable[str], field: str, label: str) -> str | None:
	"""The census code of `value` (a code or one of `options`), None when empty, or RuleError.

	`label` is the field's label as the user sees it (the caller translates it)."""
	if value is None or not str(value).strip():
		return None
	code = code_of(value)
	if code not in codes(options):
		raise RuleError(
			field,
			_lt("{label} '{value}' is not a census code: choose one from the list."),
			label=label,
			value=value,
		)
	return code


def check_disabilities(values: Iterable[str], field: str = "disabilities") -> tuple[str, ...]:
	"""The disability codes of a child: each a census code, none twice (DfE 8794), and "NONE" only
	on its own (DfE 8790)."""
	found, unknown, repeated = _read_codes(values, DISABILITIES)
	if unknown:
		raise RuleError(
			field, _lt("Disability '{value}' is not a census code: choose one from the list."), value=unknown
		)
	if repeated:
		raise RuleError(field, _lt("Disability {code} is recorded twice."), code=repeated)
	if NO_DISABILITY in found and len(found) > 1:
		raise RuleError(
			field, _lt("Disability NONE (no disability) cannot be recorded with other disabilities.")
		)
	return found


def check_assessment_factors(values: Iterable[str], field: str = "factors") -> tuple[str, ...]:
	"""The factors identified at one assessment: each a current census code (18A and 19A are
	retired), none twice (DfE 8898), and 21 (no factors identified) only on its own (DfE 8869)."""
	values = list(values)
	retired = {code_of(value) for value in values if value} & set(RETIRED_ASSESSMENT_FACTORS)
	if "18A" in retired:
		raise RuleError(
			field,
			_lt(
				"Assessment factor 18A is no longer used: record 18B (physical abuse by another child) or "
				"18C (by an adult)."
			),
		)
	if "19A" in retired:
		raise RuleError(
			field,
			_lt(
				"Assessment factor 19A is no longer used: record 19B (sexual abuse by another child) or "
				"19C (by an adult)."
			),
		)
	found, unknown, repeated = _read_codes(values, ASSESSMENT_FACTORS)
	if unknown:
		raise RuleError(
			field,
			_lt("Assessment factor '{value}' is not a census code: choose one from the list."),
			value=unknown,
		)
	if repeated:
		raise RuleError(field, _lt("Assessment factor {code} is recorded twice."), code=repeated)
	if NO_FACTORS in found and len(found) > 1:
		raise RuleError(
			field, _lt("Assessment factor 21 (no factors identified) cannot be recorded with other factors.")
		)
	return found


def normalise_assessment_factors(text: str | None, field: str = "factors") -> str | None:
	"""The factors of one assessment as typed on the form, census codes separated by commas or
	spaces ("3b 16A,4B"), checked (check_assessment_factors) and written as "3B, 16A, 4B"; None
	when there are none."""
	values = [value for value in re.split(r"[,\s]+", text or "") if value]
	return ", ".join(check_assessment_factors(values, field)) or None


def check_la_child_id(value: str | None, field: str = "la_child_id") -> str:
	"""The council's own identifier for the child in the return: 1 to 20 letters and digits
	(DfE 8500, 1570, 1580)."""
	text = "" if value is None else str(value).strip()
	if not text:
		raise RuleError(field, _lt("LA Child ID is required."))
	if not re.fullmatch(r"[A-Za-z0-9]+", text):
		raise RuleError(field, _lt("LA Child ID '{value}' may contain only letters and digits."), value=text)
	if len(text) > LA_CHILD_ID_MAX_LENGTH:
		raise RuleError(
			field,
			_lt("LA Child ID '{value}' is {length} characters long; the census takes at most {most}."),
			value=text,
			length=len(text),
			most=LA_CHILD_ID_MAX_LENGTH,
		)
	return text


def census_child_id(member_name: str, la_child_id: str | None = None) -> str:
	"""The child's identifier in the return (LAchildID): the council's own LA child ID when it is
	recorded, else the Member's record name with everything but letters and digits removed
	(MEM-0000123 is MEM0000123), which is opaque, unique and stable."""
	if la_child_id and str(la_child_id).strip():
		return str(la_child_id).strip()
	return re.sub(r"[^A-Za-z0-9]", "", str(member_name))


def check_upn_or_reason(
	upn: str | None,
	reason: str | None,
	upn_field: str = "upn",
	reason_field: str = "upn_unknown_reason",
) -> tuple[str | None, str | None]:
	"""A valid UPN (the check letter the app already validates), or else the reason it is unknown;
	never both."""
	upn = normalise_upn(upn, upn_field)
	if reason and str(reason).strip() and code_of(reason) not in codes(UPN_UNKNOWN_REASONS):
		raise RuleError(
			reason_field, _lt("UPN Unknown Reason '{value}' is not one of UN1 to UN7."), value=reason
		)
	reason = code_of(reason) if reason and str(reason).strip() else None
	if upn and reason:
		raise RuleError(reason_field, _lt("Leave UPN Unknown Reason empty: the child's UPN is recorded."))
	return upn, reason


def _read_codes(
	values: Iterable[str], options: Iterable[str]
) -> tuple[tuple[str, ...], str | None, str | None]:
	"""The codes of `values` in order, and the first value that is not among `options` and the first
	code given twice (None when there is none), for the caller to refuse in its own words."""
	allowed = codes(options)
	found: list[str] = []
	for value in values:
		if value is None or not str(value).strip():
			continue
		code = code_of(value)
		if code not in allowed:
			return tuple(found), value, None
		if code in found:
			return tuple(found), None, code
		found.append(code)
	return tuple(found), None, None
