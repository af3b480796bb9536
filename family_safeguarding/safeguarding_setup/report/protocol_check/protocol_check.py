# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""What puts a user outside the information-sharing protocol, or the protocol out of shape: one
row per finding, with what to do about it. For superusers only: it names users, their roles and
shared records, and a superuser may read all of that anyway."""

import frappe
from frappe import _

from family_safeguarding.permissions import case_data_doctypes_and_tables, is_outside_protocol
from family_safeguarding.rules.superusers import (
	API_KEY_WITH_PROTOCOL_ROLE,
	SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM,
	SPECIALISM_ROLE_WITHOUT_WORKER,
	SUPERUSER,
	SUPERUSER_WITH_PROTOCOL_ROLE,
	SYSTEM_MANAGER,
	protocol_roles_among,
	superuser_roles_among,
	user_findings,
)


def execute(filters=None):
	# the report's roles say the same; this holds should someone add an FS role to them
	if not is_outside_protocol(frappe.session.user):
		raise frappe.PermissionError(_("Only a System Manager may run the Protocol Check."))
	return columns(), site_findings() + share_findings() + role_findings()


def columns() -> list[dict]:
	return [
		{"fieldname": "check", "label": _("Check"), "fieldtype": "Data", "width": 220},
		{"fieldname": "kind", "label": _("Kind"), "fieldtype": "Data", "width": 100},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 260},
		{"fieldname": "finding", "label": _("Finding"), "fieldtype": "Small Text", "width": 420},
		{"fieldname": "action", "label": _("What To Do"), "fieldtype": "Small Text", "width": 420},
	]


def row(check: str, user: str | None, finding: str, action: str, informational: bool = False) -> dict:
	kind = _("Information") if informational else _("Action")
	return {"check": check, "kind": kind, "user": user, "finding": finding, "action": action}


def site_findings() -> list[dict]:
	# Site-wide sharing is no finding: a share of a case record is refused whatever System Settings
	# say (protocol/sharing.py); a share made before that is listed by share_findings.
	rows = []
	administrator_has_password = frappe.db.sql(
		"""select 1 from `__Auth` where doctype = 'User' and name = 'Administrator'
		and fieldname = 'password' and ifnull(password, '') != ''"""
	)
	if administrator_has_password and not frappe.db.get_single_value(
		"System Settings", "disable_user_pass_login"
	):
		rows.append(
			row(
				_("Administrator login"),
				"Administrator",
				_(
					"Administrator can log in with a password: it stands outside the protocol and reads every record."
				),
				_(
					"Keep its password in the council's vault for emergencies. IT administrators log in as "
					"their own System Manager users, so that what they do is recorded against them."
				),
				informational=True,
			)
		)
	if not other_system_managers():
		rows.append(
			row(
				_("No IT administrator"),
				None,
				_(
					"No enabled System Manager besides Administrator: Frappe makes the next System User "
					"saved a System Manager (never one who holds an FS role)."
				),
				_(
					"Create the council's IT administrator as a System User with the System Manager role, "
					"and with no FS role or Agency Worker."
				),
				informational=True,
			)
		)
	return rows


def other_system_managers() -> list[str]:
	return frappe.db.sql_list(
		"""select user.name from `tabUser` user
		inner join `tabHas Role` role on role.parent = user.name and role.parenttype = 'User'
		where role.role = %s and user.enabled = 1 and user.name != 'Administrator' limit 1""",
		SYSTEM_MANAGER,
	)


def share_findings() -> list[dict]:
	shares = frappe.get_all(
		"DocShare",
		filters={"share_doctype": ("in", sorted(case_data_doctypes_and_tables()))},
		fields=["user", "everyone", "share_doctype", "share_name", "read", "write", "submit", "share"],
		order_by="share_doctype, share_name",
	)
	rights = {"read": _("read"), "write": _("write"), "submit": _("submit"), "share": _("share")}
	return [
		row(
			_("Shared case record"),
			share.user,
			_("{0} {1} is shared with {2} ({3}): a share overrides the protocol's rule.").format(
				_(share.share_doctype),
				share.share_name,
				_("everyone") if share.everyone else share.user,
				", ".join(label for right, label in rights.items() if share.get(right)),
			),
			_("Delete the share in the Document Share list."),
		)
		for share in shares
	]


def role_findings() -> list[dict]:
	users = frappe.get_all(
		"User",
		filters={"name": ("not in", ("Administrator", "Guest"))},
		fields=["name", "enabled", "user_type", "api_key"],
		order_by="name",
	)
	roles = {}
	for has_role in frappe.get_all(
		"Has Role", filters={"parenttype": "User"}, fields=["parent", "role"], order_by="idx"
	):
		roles.setdefault(has_role.parent, []).append(has_role.role)
	specialisms = dict(
		frappe.get_all("Agency Worker", filters={"is_active": 1}, fields=["user", "specialism"], as_list=True)
	)
	rows = []
	for user in users:
		held = roles.get(user.name, [])
		specialism = specialisms.get(user.name)
		for kind, named_roles in user_findings(
			held,
			enabled=bool(user.enabled),
			is_system_user=user.user_type == "System User",
			active_specialism=specialism,
			has_api_key=bool(user.api_key),
		):
			rows.append(describe(kind, user.name, named_roles, held, specialism))
	return rows


def describe(kind: str, user: str, named_roles, held, specialism: str | None) -> dict:
	listed = ", ".join(_(role) for role in named_roles)
	if kind == SUPERUSER:
		return row(
			_("System Manager"),
			user,
			_(
				"System Manager: stands outside the information-sharing protocol and reads every record, "
				"Health Information and Police Information included."
			),
			_(
				"Keep System Manager for the council's IT administrators, who do no case work; take it "
				"away from anyone else in the User's Roles."
			),
		)
	if kind == SUPERUSER_WITH_PROTOCOL_ROLE:
		superuser = ", ".join(_(role) for role in superuser_roles_among(held))
		if not protocol_roles_among(held):  # the worker's role is missing, the worker is not
			listed = _("{0} and an active Agency Worker").format(listed)
		return row(
			_("System Manager with an FS role"),
			user,
			_("Holds {0}: an FS user whom the protocol's rule no longer binds.").format(listed),
			_(
				"Take {0} away in the User's Roles; or, for an IT administrator, their FS roles and "
				"their Agency Worker."
			).format(superuser),
		)
	if kind == SPECIALISM_ROLE_WITHOUT_WORKER:
		return row(
			_("FS role without a worker"),
			user,
			_("Holds {0} but has no active Agency Worker, which is what gives that role.").format(listed),
			_(
				"Take the role away in the User's Roles, or give them an active Agency Worker of that "
				"specialism."
			),
		)
	if kind == SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM:
		return row(
			_("FS role of another specialism"),
			user,
			_("Holds {0}, which is not the role of their Agency Worker's specialism ({1}).").format(
				listed, _(specialism)
			),
			_(
				"Save their Agency Worker again, which takes away the roles of other specialisms, or take "
				"the role away in the User's Roles."
			),
		)
	if kind == API_KEY_WITH_PROTOCOL_ROLE:
		return row(
			_("API key of an FS user"),
			user,
			_("Has an API key and holds {0}: scripts using the key act as this user.").format(listed),
			_("Check the key is still needed and kept safe; otherwise remove it in the User's API Access."),
			informational=True,
		)
	raise ValueError(kind)
