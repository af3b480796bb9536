# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class PriorityIssue(Document):
	def validate(self):
		self.cin_factor_code = (self.cin_factor_code or "").strip().upper()
