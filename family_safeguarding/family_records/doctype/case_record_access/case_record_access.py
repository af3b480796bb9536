# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from family_safeguarding.audit.rows import refuse_change, refuse_delete


class CaseRecordAccess(Document):
	"""A read of a case record, written by the app (audit/record.py) past this controller."""

	def before_insert(self):
		refuse_change(self)

	def validate(self):
		refuse_change(self)

	def on_trash(self):
		refuse_delete(self)
