# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document


class WorkbookModuleTemplate(Document):
	def validate(self):
		if (self.module_number or 0) < 1:
			frappe.throw(_("Module Number must be 1 or more."), frappe.ValidationError)
		seen = set()
		for row in self.tools:
			name = (row.tool_name or "").strip().lower()
			if name in seen:
				frappe.throw(
					_("Row #{0}: the tool {1} is listed twice.").format(row.idx, frappe.bold(row.tool_name)),
					frappe.ValidationError,
				)
			seen.add(name)
