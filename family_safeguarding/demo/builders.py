"""Builders that find a record before they create it, so that the demo and the scale generator can
be run again on the same site. Bench tests make records of their own (tests/builders.py)."""

from contextlib import contextmanager

import frappe
from frappe.utils import add_days, today
from frappe.utils.password import update_password


def ensure(doctype: str, identity: dict, **fields) -> str:
	"""The name of the `doctype` record that `identity` finds, inserted with `fields` when there is
	none (an existing record is left as it is)."""
	name = frappe.db.get_value(doctype, identity, "name")
	if name:
		return name
	return frappe.get_doc({"doctype": doctype, **identity, **fields}).insert(ignore_permissions=True).name


def ensure_agency(agency_name: str, agency_type: str) -> str:
	return ensure("Agency", {"agency_name": agency_name}, agency_type=agency_type, is_active=1)


def ensure_team(team_name: str, locality: str | None = None) -> str:
	return ensure("Family Safeguarding Team", {"team_name": team_name}, locality=locality, is_active=1)


@contextmanager
def users_not_throttled():
	"""Frappe refuses a new user while more than `throttle_user_limit` (60) were made in the past
	hour, against sign-up floods. The demo makes 27 at once and the bench tests theirs each run, so
	a few runs in an hour would pass it. For this process only."""
	conf = frappe.local.conf
	unset = object()
	limit = conf.get("throttle_user_limit", unset)
	conf.throttle_user_limit = 10_000
	try:
		yield
	finally:
		if limit is unset:
			conf.pop("throttle_user_limit", None)
		else:
			conf.throttle_user_limit = limit


def ensure_user(
	email: str, first_name: str, last_name: str = "", password: str | None = None, roles=()
) -> str:
	if not frappe.db.exists("User", email):
		user = frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"send_welcome_email": 0,
				"user_type": "System User",
				# the council's time zone, or "today" in the desk is another country's today
				"time_zone": frappe.db.get_single_value("System Settings", "time_zone"),
			}
		)
		with users_not_throttled():
			user.insert(ignore_permissions=True)
	if roles:
		user = frappe.get_doc("User", email)
		missing = set(roles) - {row.role for row in user.roles}
		if missing:
			user.flags.ignore_permissions = True
			user.add_roles(*missing)
	if password:
		update_password(email, password)
	return email


def ensure_worker(user: str, agency: str, team: str, specialism: str, caseload_limit: int = 20) -> str:
	return ensure(
		"Agency Worker",
		{"user": user},
		agency=agency,
		team=team,
		specialism=specialism,
		is_active=1,
		caseload_limit=caseload_limit,
	)


def set_team_manager(team: str, user: str) -> None:
	team_doc = frappe.get_doc("Family Safeguarding Team", team)
	if team_doc.team_manager != user:
		team_doc.team_manager = user
		team_doc.save(ignore_permissions=True)


def ensure_family(family_name: str, team: str, lead_social_worker: str, allocated=(), **fields) -> str:
	opened_on = fields.pop("opened_on", add_days(today(), -120))
	return ensure(
		"Family",
		{"family_name": family_name, "team": team},
		lead_social_worker=lead_social_worker,
		opened_on=opened_on,
		allocations=[{"worker": worker, "from_date": opened_on} for worker in allocated],
		**fields,
	)


def ensure_member(family: str, member_type: str, first_name: str, last_name: str = "", **fields) -> str:
	return ensure(
		"Member",
		{"family": family, "member_type": member_type, "first_name": first_name},
		last_name=last_name,
		**fields,
	)
