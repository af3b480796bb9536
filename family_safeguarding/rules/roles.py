"""The roles of the information-sharing protocol and which agencies may employ each specialism.

Written once: the setup code creates these roles, Agency Worker gives its user the role of its
specialism and refuses a specialism its agency may not employ, and the tests read the same table.
"""

from family_safeguarding.rules import RuleError

AGENCY_TYPES = (
	"Children's Services",
	"Police",
	"Probation",
	"NHS Mental Health Trust",
	"Integrated Care Board",
	"Recovery Service",
	"Domestic Abuse Service",
	"Education",
	"Other",
)

ADMINISTRATOR = "FS Administrator"
TEAM_MANAGER = "FS Team Manager"
SOCIAL_WORKER = "FS Social Worker"
FAMILY_WORKER = "FS Family Worker"
DOMESTIC_ABUSE_PRACTITIONER = "FS Domestic Abuse Practitioner"
POLICE_OFFICER = "FS Police Officer"
PROBATION_OFFICER = "FS Probation Officer"
RECOVERY_WORKER = "FS Recovery Worker"
MENTAL_HEALTH_PRACTITIONER = "FS Mental Health Practitioner"
CLINICAL_PSYCHOLOGIST = "FS Clinical Psychologist"
BUSINESS_SUPPORT = "FS Business Support"
PERFORMANCE_ANALYST = "FS Performance Analyst"

ALL_ROLES = (
	ADMINISTRATOR,
	TEAM_MANAGER,
	SOCIAL_WORKER,
	FAMILY_WORKER,
	DOMESTIC_ABUSE_PRACTITIONER,
	POLICE_OFFICER,
	PROBATION_OFFICER,
	RECOVERY_WORKER,
	MENTAL_HEALTH_PRACTITIONER,
	CLINICAL_PSYCHOLOGIST,
	BUSINESS_SUPPORT,
	PERFORMANCE_ANALYST,
)

# "Practitioners" in access.md.
PRACTITIONER_ROLES = (
	FAMILY_WORKER,
	DOMESTIC_ABUSE_PRACTITIONER,
	POLICE_OFFICER,
	PROBATION_OFFICER,
	RECOVERY_WORKER,
	MENTAL_HEALTH_PRACTITIONER,
	CLINICAL_PSYCHOLOGIST,
)

_NHS = ("NHS Mental Health Trust", "Integrated Care Board")

# Specialism -> (the role it gives, the agency types that may employ it).
SPECIALISMS = {
	"Social Worker": (SOCIAL_WORKER, ("Children's Services",)),
	"Family Worker": (FAMILY_WORKER, ("Children's Services",)),
	"Team Manager": (TEAM_MANAGER, ("Children's Services",)),
	"Domestic Abuse Victim Practitioner": (
		DOMESTIC_ABUSE_PRACTITIONER,
		("Children's Services", "Domestic Abuse Service"),
	),
	"Domestic Abuse Perpetrator Practitioner": (
		DOMESTIC_ABUSE_PRACTITIONER,
		("Children's Services", "Domestic Abuse Service"),
	),
	"Police Domestic Abuse Officer": (POLICE_OFFICER, ("Police",)),
	"Probation Officer": (PROBATION_OFFICER, ("Probation",)),
	"Recovery Worker": (RECOVERY_WORKER, ("Recovery Service",)),
	"Mental Health Practitioner": (MENTAL_HEALTH_PRACTITIONER, _NHS),
	"Clinical Psychologist": (CLINICAL_PSYCHOLOGIST, (*_NHS, "Children's Services")),
	"Business Support": (BUSINESS_SUPPORT, ("Children's Services",)),
}

# The roles an Agency Worker record hands out; it takes away only these.
SPECIALISM_ROLES = tuple(dict.fromkeys(role for role, _ in SPECIALISMS.values()))


def role_for_specialism(specialism: str) -> str:
	try:
		return SPECIALISMS[specialism][0]
	except KeyError:
		raise RuleError("specialism", f"Specialism '{specialism}' is not one the app knows.")


def check_specialism_fits_agency(specialism: str, agency_type: str | None) -> None:
	"""Raise RuleError naming `specialism` when the agency may not employ it."""
	role_for_specialism(specialism)
	allowed = SPECIALISMS[specialism][1]
	if agency_type not in allowed:
		raise RuleError(
			"specialism",
			f"A {specialism} is employed by {_or_list(allowed)}, not by an agency of type "
			f"'{agency_type or 'unknown'}'. Choose the worker's employing agency, or another specialism.",
		)


def _or_list(items: tuple[str, ...]) -> str:
	names = [f"a {item} agency" for item in items]
	return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
