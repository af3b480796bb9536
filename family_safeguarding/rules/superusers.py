"""Who stands outside the information-sharing protocol, and which roles may never be held together.

Frappe's superusers (the System Manager and Administrator roles) read every record, so the protocol
cannot apply to them. Every FS role is inside the protocol: the case workers' roles see families by
the row-level rule, FS Administrator sees no case record at all, and FS Performance Analyst opens
none but makes the statutory returns, child-level data with no names (access-protocol.md). A
user holding both would be an FS user whom the rule no longer binds, so no one may hold both.

Read by the User and Agency Worker controls (protocol/superusers.py, agency_worker.py) and the
Protocol Check report, which also uses `user_findings` to list what puts a site out of shape.
"""

from family_safeguarding.rules.roles import ALL_ROLES, SPECIALISM_ROLES, role_for_specialism

SYSTEM_MANAGER = "System Manager"
SUPERUSER_ROLES = ("Administrator", SYSTEM_MANAGER)

# Every FS role: each one either sees case records by the rule or is kept from them by it.
PROTOCOL_ROLES = ALL_ROLES

# Reports about the protocol itself, for superusers only. They are not the protocol's reports
# (access.REPORT_ROLES, for FS roles), and no FS role may run them.
SUPERUSER_REPORTS = (
	"Protocol Check",
	# the scheduled jobs, queues and outage notifications, for the council's IT administrators
	"Safeguarding Health",
	# the request guard's refusals, kept in full (audit/)
	"Recent Guard Refusals",
)

# What the Protocol Check finds about one user.
SUPERUSER = "superuser"
SUPERUSER_WITH_PROTOCOL_ROLE = "superuser with protocol role"
SPECIALISM_ROLE_WITHOUT_WORKER = "specialism role without worker"
SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM = "specialism role of another specialism"
API_KEY_WITH_PROTOCOL_ROLE = "api key with protocol role"


def protocol_roles_among(roles) -> tuple[str, ...]:
	held = set(roles)
	return tuple(role for role in PROTOCOL_ROLES if role in held)


def superuser_roles_among(roles) -> tuple[str, ...]:
	held = set(roles)
	return tuple(role for role in SUPERUSER_ROLES if role in held)


def puts_protocol_user_outside(roles, has_active_worker: bool = False) -> bool:
	"""True when a superuser role would be held by a user inside the protocol: one holding an FS
	role, or with an active Agency Worker (which gives them one)."""
	return bool(superuser_roles_among(roles)) and (bool(protocol_roles_among(roles)) or has_active_worker)


def user_findings(
	roles,
	*,
	enabled: bool,
	is_system_user: bool,
	active_specialism: str | None,
	has_api_key: bool,
) -> list[tuple[str, tuple[str, ...]]]:
	"""What puts this user outside the protocol, or the protocol out of shape: (kind, roles) pairs.

	`active_specialism` is the specialism of the user's active Agency Worker, if they have one."""
	findings = []
	superuser, protocol = superuser_roles_among(roles), protocol_roles_among(roles)
	if SYSTEM_MANAGER in superuser and enabled and is_system_user:
		findings.append((SUPERUSER, (SYSTEM_MANAGER,)))
	if superuser and (protocol or active_specialism):
		findings.append((SUPERUSER_WITH_PROTOCOL_ROLE, superuser + protocol))
	specialism_roles = tuple(role for role in protocol if role in SPECIALISM_ROLES)
	if specialism_roles and not active_specialism:
		findings.append((SPECIALISM_ROLE_WITHOUT_WORKER, specialism_roles))
	elif active_specialism:
		others = tuple(role for role in specialism_roles if role != role_for_specialism(active_specialism))
		if others:
			findings.append((SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM, others))
	if has_api_key and protocol and enabled:
		findings.append((API_KEY_WITH_PROTOCOL_ROLE, protocol))
	return findings
