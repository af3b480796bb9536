# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import re

import frappe
from frappe import _
from frappe.model.document import Document


class Agency(Document):
	def validate(self):
		self.agency_name = (self.agency_name or "").strip()
		if self.ods_code:
			self.ods_code = self.ods_code.strip().upper()
			if not re.fullmatch(r"[A-Z0-9]{3,10}", self.ods_code):
				frappe.throw(
					_("ODS Code must be 3 to 10 letters and digits, like RWR or 8HV48; '{0}' is not.").format(
						self.ods_code
					),
					frappe.ValidationError,
				)
