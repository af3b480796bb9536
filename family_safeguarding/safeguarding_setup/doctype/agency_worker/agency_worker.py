# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from family_safeguarding.administrator import as_administrator
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.protocol.superusers import refuse_superuser_worker
from family_safeguarding.refusals import refuse_rule_errors
from family_safeguarding.rules.roles import (
	ADMINISTRATOR,
	SPECIALISM_ROLES,
	TEAM_MANAGER_SPECIALISMS,
	check_specialism_fits_agency,
	role_for_specialism,
)
from family_safeguarding.rules.superusers import SYSTEM_MANAGER


class AgencyWorker(Document):
	def validate(self):
		self.refuse_own_record()
		if self.user in ("Administrator", "Guest"):
			frappe.throw(_("User {0} cannot be an Agency Worker.").format(self.user), frappe.ValidationError)
		if self.is_active:  # an inactive worker gives no role, and may be saved to take one away
			refuse_superuser_worker(self.user)
		agency = frappe.db.get_value("Agency", self.agency, ["agency_type", "is_active"], as_dict=True)
		if self.has_value_changed("agency") and agency and not agency.is_active:
			frappe.throw(
				_("Agency {0} is not active: choose an active agency.").format(frappe.bold(self.agency)),
				frappe.ValidationError,
			)
		if self.has_value_changed("team") and not frappe.db.get_value(
			"Family Safeguarding Team", self.team, "is_active"
		):
			frappe.throw(
				_("Team {0} is not active: choose an active team.").format(frappe.bold(self.team)),
				frappe.ValidationError,
			)
		with refuse_rule_errors():
			check_specialism_fits_agency(self.specialism, agency.agency_type if agency else None)
		if self.caseload_limit is not None and self.caseload_limit < 0:
			frappe.throw(_("Caseload Limit cannot be negative."), frappe.ValidationError)

	def refuse_own_record(self):
		"""Nobody gives themselves a role, or changes their own, through their own worker record."""
		user = frappe.session.user
		if self.user == user and not is_outside_protocol(user):
			frappe.throw(
				_("You cannot create or change your own Agency Worker record: ask another administrator."),
				frappe.PermissionError,
			)

	def on_update(self):
		self.sync_user_roles()
		self.release_teams_no_longer_managed()

	def on_trash(self):
		self.refuse_own_record()
		self.sync_user_roles(removing=True)
		self.release_teams_no_longer_managed(removing=True)

	def sync_user_roles(self, removing: bool = False):
		"""Give the user the role of their specialism, and take away the roles of any other."""
		wanted = set() if removing or not self.is_active else {role_for_specialism(self.specialism)}
		user = frappe.get_doc("User", self.user)
		current = {row.role for row in user.roles}
		to_remove = (current & set(SPECIALISM_ROLES)) - wanted
		to_add = wanted - current
		if not (to_add or to_remove):
			return
		with as_administrator():
			if to_remove:
				user.remove_roles(*to_remove)
			if to_add:
				user.add_roles(*to_add)

	def release_teams_no_longer_managed(self, removing: bool = False):
		"""A worker who stops being a team's manager stops being its team_manager."""
		managed = frappe.get_all(
			"Family Safeguarding Team", filters={"team_manager": self.user}, pluck="name"
		)
		for team in managed:
			still_manager = (
				not removing
				and self.is_active
				and self.specialism in TEAM_MANAGER_SPECIALISMS
				and self.team == team
			)
			if not still_manager:
				frappe.db.set_value("Family Safeguarding Team", team, "team_manager", None)
				frappe.msgprint(
					_("{0} is no longer the team manager of {1}.").format(self.full_name or self.user, team),
					alert=True,
				)


@frappe.whitelist(methods=["POST"])
def create_user_for_worker(email: str, first_name: str, last_name: str | None = None) -> str:
	"""Create the desk user a new worker logs in as, with no role: saving the worker gives the role.

	For administrators, who may not edit users otherwise. Frappe's welcome e-mail lets the worker
	set their own password.
	"""
	# Written out rather than frappe.only_for, which lets everyone through while tests run.
	if frappe.session.user != "Administrator" and not {ADMINISTRATOR, SYSTEM_MANAGER} & set(
		frappe.get_roles()
	):
		raise frappe.PermissionError(_("Only an administrator can create users."))
	email = (email or "").strip().lower()
	if not frappe.utils.validate_email_address(email):
		frappe.throw(
			_("Email {0} is not a valid e-mail address.").format(frappe.bold(email)), frappe.ValidationError
		)
	if not (first_name or "").strip():
		frappe.throw(_("First Name is required."), frappe.ValidationError)
	if frappe.db.exists("User", email):
		frappe.throw(
			_("A user with e-mail {0} already exists: choose them in the User field.").format(
				frappe.bold(email)
			),
			frappe.DuplicateEntryError,
		)
	user = frappe.get_doc(
		{
			"doctype": "User",
			"email": email,
			"first_name": first_name.strip(),
			"last_name": (last_name or "").strip(),
			# a desk user once saving the worker gives them their role; until then Frappe would
			# warn the administrator that a desk user has no role, which is the plan
			"user_type": "Website User",
			"send_welcome_email": 1,
		}
	)
	user.insert(ignore_permissions=True)
	return user.name
