# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from frappe.model.document import Document

from family_safeguarding.audit.rows import refuse_change, refuse_delete


class GuardRefusal(Document):
	"""A refusal of the request guard, written by the app (audit/record.py) past this controller."""

	def before_insert(self):
		refuse_change(self)

	def validate(self):
		refuse_change(self)

	def on_trash(self):
		refuse_delete(self)
