# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

# import frappe
from frappe.model.document import Document


class BankHolidayCorrection(Document):
	pass
