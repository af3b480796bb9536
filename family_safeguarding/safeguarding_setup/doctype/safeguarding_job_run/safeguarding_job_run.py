# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

# Records are made and completed by operations/runs.py, never typed in (no one may create or write).
from frappe.model.document import Document


class SafeguardingJobRun(Document):
	pass
