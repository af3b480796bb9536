"""The demo's people: the IT administrator (first), six agencies, two teams with a worker of every
specialism from the agency that employs them, and the users of the two roles without a caseload."""

import frappe

from family_safeguarding.demo.builders import (
	ensure_agency,
	ensure_team,
	ensure_user,
	ensure_worker,
	set_team_manager,
)
from family_safeguarding.rules import roles
from family_safeguarding.rules.superusers import SYSTEM_MANAGER, protocol_roles_among

DEMO_DOMAIN = "demo.family-safeguarding.example.org"
IT_ADMINISTRATOR = f"it.administrator@{DEMO_DOMAIN}"
FS_ADMINISTRATOR = f"administrator@{DEMO_DOMAIN}"
PERFORMANCE_ANALYST_USER = f"analyst@{DEMO_DOMAIN}"

CHILDRENS_SERVICES = "Hartshire County Council Children's Services"
POLICE = "Hartshire Constabulary"
PROBATION = "Hartshire Probation Delivery Unit"
MENTAL_HEALTH_TRUST = "Hartshire and West NHS Mental Health Trust"
RECOVERY_SERVICE = "Hartshire Recovery Partnership"
DOMESTIC_ABUSE_SERVICE = "Hartshire Domestic Abuse Service"

# agency -> agency type
AGENCIES = {
	CHILDRENS_SERVICES: roles.CHILDRENS_SERVICES,
	POLICE: roles.POLICE,
	PROBATION: roles.PROBATION,
	MENTAL_HEALTH_TRUST: roles.NHS_TRUST,
	RECOVERY_SERVICE: roles.RECOVERY_SERVICE,
	DOMESTIC_ABUSE_SERVICE: roles.DOMESTIC_ABUSE_SERVICE,
}

# (user id prefix, specialism, agency, display name)
TEAM_STAFF = (
	("manager", roles.TEAM_MANAGER_SPECIALISM, CHILDRENS_SERVICES, "Team Manager"),
	("social.worker1", roles.SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, "Social Worker 1"),
	("social.worker2", roles.SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, "Social Worker 2"),
	("family.worker", roles.FAMILY_WORKER_SPECIALISM, CHILDRENS_SERVICES, "Family Worker"),
	("da.victim", roles.DOMESTIC_ABUSE_VICTIM_SPECIALISM, DOMESTIC_ABUSE_SERVICE, "DA Victim Practitioner"),
	(
		"da.perpetrator",
		roles.DOMESTIC_ABUSE_PERPETRATOR_SPECIALISM,
		CHILDRENS_SERVICES,
		"DA Perpetrator Practitioner",
	),
	("police", roles.POLICE_OFFICER_SPECIALISM, POLICE, "Police DA Officer"),
	("probation", roles.PROBATION_OFFICER_SPECIALISM, PROBATION, "Probation Officer"),
	("recovery", roles.RECOVERY_WORKER_SPECIALISM, RECOVERY_SERVICE, "Recovery Worker"),
	("mental.health", roles.MENTAL_HEALTH_SPECIALISM, MENTAL_HEALTH_TRUST, "Mental Health Practitioner"),
	("psychologist", roles.CLINICAL_PSYCHOLOGIST_SPECIALISM, MENTAL_HEALTH_TRUST, "Clinical Psychologist"),
	("business.support", roles.BUSINESS_SUPPORT_SPECIALISM, CHILDRENS_SERVICES, "Business Support"),
)

# team key -> (team name, locality)
TEAMS = {
	"north": ("North Family Safeguarding Team", "Northgate"),
	"south": ("South Family Safeguarding Team", "Southmoor"),
}


def demo_email(team_key: str, prefix: str) -> str:
	return f"{team_key}.{prefix}@{DEMO_DOMAIN}"


def demo_users() -> list[str]:
	"""Every demo user inside the protocol, sorted: the teams' staff, the FS administrator and the
	performance analyst."""
	staff = [demo_email(team_key, prefix) for team_key in TEAMS for prefix, *_ in TEAM_STAFF]
	return sorted([*staff, FS_ADMINISTRATOR, PERFORMANCE_ANALYST_USER])


def ensure_it_administrator(password: str | None = None) -> str:
	"""The site's System Manager, who does no case work: made before any protocol user.

	After the setup wizard Frappe makes the first System User saved a System Manager, outside the
	protocol and able to read every record; made first, this user is the one. A demo loaded before
	it existed made the North team manager one: that role is taken back from the demo's FS users."""
	ensure_user(IT_ADMINISTRATOR, "IT Administrator", "", password, roles=[SYSTEM_MANAGER])
	for user in frappe.get_all(
		"Has Role",
		filters={
			"parenttype": "User",
			"role": SYSTEM_MANAGER,
			"parent": ("like", f"%@{DEMO_DOMAIN}"),
		},
		pluck="parent",
	):
		if user != IT_ADMINISTRATOR and protocol_roles_among(frappe.get_roles(user)):
			frappe.get_doc("User", user).remove_roles(SYSTEM_MANAGER)
	return IT_ADMINISTRATOR


def ensure_demo_people(password: str | None = None) -> dict:
	"""The IT administrator first, then the agencies, teams, workers and FS users; the workers by
	(team key, user id prefix)."""
	ensure_it_administrator(password)
	for agency, agency_type in AGENCIES.items():
		ensure_agency(agency, agency_type)

	workers = {}
	for team_key, (team_name, locality) in TEAMS.items():
		ensure_team(team_name, locality)
		for prefix, specialism, agency, title in TEAM_STAFF:
			email = demo_email(team_key, prefix)
			ensure_user(email, title, f"({locality})", password)
			workers[team_key, prefix] = ensure_worker(email, agency, team_name, specialism)
		set_team_manager(team_name, demo_email(team_key, "manager"))

	ensure_user(FS_ADMINISTRATOR, "FS Administrator", "", password, roles=[roles.ADMINISTRATOR])
	ensure_user(
		PERFORMANCE_ANALYST_USER, "Performance Analyst", "", password, roles=[roles.PERFORMANCE_ANALYST]
	)
	return workers
