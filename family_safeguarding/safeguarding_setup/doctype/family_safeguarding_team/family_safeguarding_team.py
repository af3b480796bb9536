# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

from family_safeguarding.rules.roles import TEAM_MANAGER_SPECIALISM, TEAM_MANAGER_SPECIALISMS


class FamilySafeguardingTeam(Document):
	def validate(self):
		self.team_name = (self.team_name or "").strip()
		if self.team_manager and not frappe.db.exists(
			"Agency Worker",
			{
				"user": self.team_manager,
				"team": self.name,
				"specialism": ("in", TEAM_MANAGER_SPECIALISMS),
				"is_active": 1,
			},
		):
			frappe.throw(
				_(
					"Team Manager {0} is not an active Team Manager of this team. Create or update their "
					"Agency Worker record (specialism {2}, team {1}) first."
				).format(frappe.bold(self.team_manager), frappe.bold(self.name), _(TEAM_MANAGER_SPECIALISM)),
				frappe.ValidationError,
			)
