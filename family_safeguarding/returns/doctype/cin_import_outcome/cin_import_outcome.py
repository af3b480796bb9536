# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document


class CINImportOutcome(Document):
	pass
