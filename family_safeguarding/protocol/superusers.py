"""No user holds a superuser role (System Manager, Administrator) and an FS role together.

A superuser reads every record, so an FS user who became one would leave the protocol unnoticed.
Two doors are closed here: Agency Worker refuses a superuser as its user (`refuse_superuser_worker`),
and the User hooks refuse giving a superuser role to a user with an active Agency Worker
(`check_user_roles`). A user with FS roles but no worker does no case work; if they are also a
superuser the Protocol Check report lists them.

Frappe itself adds System Manager on any save of an enabled System User while no other enabled
System Manager exists after the setup wizard (User.add_system_manager_role, in User.validate), so
that a site always has one. On a user inside the protocol that would happen silently, on a save
nobody meant to give a role with (a new worker's role, a change of time zone). That one addition
is taken back again here, with a message, rather than refused: refusing would stop FS users saving
anything until an IT administrator exists, and taking it back leaves the site as the caller asked.
Every other way of giving the role (the Roles field, a role profile, the API) is refused.
"""

import frappe
from frappe import _

from family_safeguarding.rules.superusers import (
	protocol_roles_among,
	puts_protocol_user_outside,
	superuser_roles_among,
)

# What Frappe says when it adds System Manager itself (frappe/core/doctype/user/user.py).
FRAPPE_ADDS_SYSTEM_MANAGER = "Adding System Manager to this User as there must be atleast one System Manager"


def stored_roles(user: str) -> set[str]:
	"""The user's roles as saved, read from the table rather than the role cache."""
	return set(frappe.get_all("Has Role", filters={"parent": user, "parenttype": "User"}, pluck="role"))


def has_active_worker(user: str) -> bool:
	return bool(frappe.db.exists("Agency Worker", {"user": user, "is_active": 1}))


def refuse_superuser_worker(user: str) -> None:
	"""Agency Worker gives its user an FS role, so its user may not be a superuser."""
	superuser = superuser_roles_among(stored_roles(user))
	if superuser:
		frappe.throw(
			_(
				"User: {0} holds the {1} role, which stands outside the information-sharing protocol "
				"and reads every record, so they cannot be an Agency Worker. Choose another user in "
				"the User field, or first take {1} away from them."
			).format(frappe.bold(user), _(superuser[0])),
			frappe.ValidationError,
			title=_("Please check the form"),
		)


def remember_roles_asked(doc, method=None):
	"""User before_validate: note the roles the caller asked for, before Frappe adds any."""
	if doc.role_profile_name:
		# User.validate replaces the roles with the profile's
		asked = frappe.get_all(
			"Has Role", filters={"parent": doc.role_profile_name, "parenttype": "Role Profile"}, pluck="role"
		)
	else:
		asked = [row.role for row in doc.get("roles")]
	doc.flags.fs_roles_asked = set(asked)


def check_user_roles(doc, method=None):
	"""User validate: no superuser role for a user inside the protocol, no FS role for a superuser."""
	roles = [row.role for row in doc.get("roles")]
	superuser = superuser_roles_among(roles)
	if not superuser or doc.name == "Administrator":
		return
	worker = not doc.is_new() and has_active_worker(doc.name)
	if not puts_protocol_user_outside(roles, has_active_worker=worker):
		return

	asked = doc.flags.fs_roles_asked
	before = doc.get_doc_before_save()
	stored = {row.role for row in before.get("roles")} if before else set()
	added_by_frappe = {role for role in superuser if asked is not None and role not in asked | stored}
	if added_by_frappe == set(superuser):
		take_back_system_manager(doc, added_by_frappe)
		return

	if not worker:
		# No Agency Worker, so no allocation and no case work: such a user is a superuser like any
		# other, and the Protocol Check report lists them. (Frappe's own test users hold every role.)
		return
	held = protocol_roles_among(roles)
	frappe.throw(
		_(
			"Roles: a user cannot hold {0} together with {1}. {0} stands outside the information-sharing "
			"protocol and reads every record. Untick one of them in the Roles field: an IT administrator "
			"keeps {0} and has no FS role or Agency Worker; an FS user keeps their FS roles only."
		).format(
			_(superuser[0]),
			", ".join(_(role) for role in held) if held else _("an active Agency Worker"),
		),
		frappe.ValidationError,
		title=_("Please check the form"),
	)


def take_back_system_manager(doc, roles: set[str]) -> None:
	doc.set("roles", [row for row in doc.get("roles") if row.role not in roles])
	frappe.local.message_log = [
		message
		for message in frappe.local.message_log
		if getattr(message, "message", None) != _(FRAPPE_ADDS_SYSTEM_MANAGER)
	]
	frappe.msgprint(
		_(
			"{0} was not made a System Manager: they hold an FS role, and a System Manager stands "
			"outside the information-sharing protocol. Give the System Manager role to the council's "
			"IT administrator instead."
		).format(frappe.bold(doc.name)),
		alert=True,
	)
