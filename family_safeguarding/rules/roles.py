"""The roles of the information-sharing protocol and which agencies may employ each specialism.

Written once: the setup code creates these roles, Agency Worker gives its user the role of its
specialism and refuses a specialism its agency may not employ, and the tests read the same table.
"""

from family_safeguarding.rules import RuleError, _lt

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

# The practitioners of docs/information-governance/access-protocol.md ("What each role may do").
PRACTITIONER_ROLES = (
	FAMILY_WORKER,
	DOMESTIC_ABUSE_PRACTITIONER,
	POLICE_OFFICER,
	PROBATION_OFFICER,
	RECOVERY_WORKER,
	MENTAL_HEALTH_PRACTITIONER,
	CLINICAL_PSYCHOLOGIST,
)

# The specialisms of Agency Worker (the options of its Specialism field).
SOCIAL_WORKER_SPECIALISM = "Social Worker"
FAMILY_WORKER_SPECIALISM = "Family Worker"
TEAM_MANAGER_SPECIALISM = "Team Manager"
DOMESTIC_ABUSE_VICTIM_SPECIALISM = "Domestic Abuse Victim Practitioner"
DOMESTIC_ABUSE_PERPETRATOR_SPECIALISM = "Domestic Abuse Perpetrator Practitioner"
POLICE_OFFICER_SPECIALISM = "Police Domestic Abuse Officer"
PROBATION_OFFICER_SPECIALISM = "Probation Officer"
RECOVERY_WORKER_SPECIALISM = "Recovery Worker"
MENTAL_HEALTH_SPECIALISM = "Mental Health Practitioner"
CLINICAL_PSYCHOLOGIST_SPECIALISM = "Clinical Psychologist"
BUSINESS_SUPPORT_SPECIALISM = "Business Support"

# The agency types (AGENCY_TYPES) the rules below name.
CHILDRENS_SERVICES = "Children's Services"
POLICE = "Police"
PROBATION = "Probation"
NHS_TRUST = "NHS Mental Health Trust"
INTEGRATED_CARE_BOARD = "Integrated Care Board"
RECOVERY_SERVICE = "Recovery Service"
DOMESTIC_ABUSE_SERVICE = "Domestic Abuse Service"
_NHS = (NHS_TRUST, INTEGRATED_CARE_BOARD)
AGENCY_TYPES = (
	CHILDRENS_SERVICES,
	POLICE,
	PROBATION,
	NHS_TRUST,
	INTEGRATED_CARE_BOARD,
	RECOVERY_SERVICE,
	DOMESTIC_ABUSE_SERVICE,
	"Education",
	"Other",
)

# Specialism -> (the role it gives, the agency types that may employ it).
SPECIALISMS = {
	SOCIAL_WORKER_SPECIALISM: (SOCIAL_WORKER, (CHILDRENS_SERVICES,)),
	FAMILY_WORKER_SPECIALISM: (FAMILY_WORKER, (CHILDRENS_SERVICES,)),
	TEAM_MANAGER_SPECIALISM: (TEAM_MANAGER, (CHILDRENS_SERVICES,)),
	DOMESTIC_ABUSE_VICTIM_SPECIALISM: (
		DOMESTIC_ABUSE_PRACTITIONER,
		(CHILDRENS_SERVICES, DOMESTIC_ABUSE_SERVICE),
	),
	DOMESTIC_ABUSE_PERPETRATOR_SPECIALISM: (
		DOMESTIC_ABUSE_PRACTITIONER,
		(CHILDRENS_SERVICES, DOMESTIC_ABUSE_SERVICE),
	),
	POLICE_OFFICER_SPECIALISM: (POLICE_OFFICER, (POLICE,)),
	PROBATION_OFFICER_SPECIALISM: (PROBATION_OFFICER, (PROBATION,)),
	RECOVERY_WORKER_SPECIALISM: (RECOVERY_WORKER, (RECOVERY_SERVICE,)),
	MENTAL_HEALTH_SPECIALISM: (MENTAL_HEALTH_PRACTITIONER, _NHS),
	CLINICAL_PSYCHOLOGIST_SPECIALISM: (CLINICAL_PSYCHOLOGIST, (*_NHS, CHILDRENS_SERVICES)),
	BUSINESS_SUPPORT_SPECIALISM: (BUSINESS_SUPPORT, (CHILDRENS_SERVICES,)),
}

# Who may be a family's lead social worker (Family, Child Protection Plan).
LEAD_SOCIAL_WORKER_SPECIALISMS = (SOCIAL_WORKER_SPECIALISM,)
# Who is a team's manager (Family Safeguarding Team), chairs group supervision, and sees the team's
# families (permissions.py, clause 2 of the rule).
TEAM_MANAGER_SPECIALISMS = (TEAM_MANAGER_SPECIALISM,)
# Whose own team's families and members are visible to them (clause 3 of the rule).
TEAM_WIDE_SPECIALISMS = (BUSINESS_SUPPORT_SPECIALISM,)
# Who opens a family in their team: a social worker, who becomes its lead, or the team manager.
OPENS_FAMILIES = (SOCIAL_WORKER_SPECIALISM, TEAM_MANAGER_SPECIALISM)
# Who holds no caseload of their own (the Caseload report leaves them out unless asked for them).
NO_CASELOAD = (TEAM_MANAGER_SPECIALISM, BUSINESS_SUPPORT_SPECIALISM)

# The roles an Agency Worker record hands out; it takes away only these.
SPECIALISM_ROLES = tuple(dict.fromkeys(role for role, _ in SPECIALISMS.values()))


def role_for_specialism(specialism: str) -> str:
	try:
		return SPECIALISMS[specialism][0]
	except KeyError:
		raise RuleError(
			"specialism", _lt("Specialism '{specialism}' is not one the app knows."), specialism=specialism
		)


def check_specialism_fits_agency(specialism: str, agency_type: str | None) -> None:
	"""Raise RuleError naming `specialism` when the agency may not employ it."""
	role_for_specialism(specialism)
	allowed = SPECIALISMS[specialism][1]
	if agency_type in allowed:
		return
	if not agency_type:
		raise RuleError(
			"specialism",
			_lt(
				"A {specialism} is employed by an agency of type {agency_types}. Choose the worker's "
				"employing agency."
			),
			specialism=specialism,
			agency_types=", ".join(allowed),
		)
	if len(allowed) == 1:
		raise RuleError(
			"specialism",
			_lt(
				"A {specialism} is employed by a {allowed_type} agency, not by an agency of type "
				"'{agency_type}'. Choose the worker's employing agency, or another specialism."
			),
			specialism=specialism,
			allowed_type=allowed[0],
			agency_type=agency_type,
		)
	raise RuleError(
		"specialism",
		_lt(
			"A {specialism} is employed by an agency of one of these types: {agency_types}; not by an "
			"agency of type '{agency_type}'. Choose the worker's employing agency, or another specialism."
		),
		specialism=specialism,
		agency_types=", ".join(allowed),
		agency_type=agency_type,
	)
