# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, now_datetime

from family_safeguarding.refusals import refuse_future_date, refuse_rule_errors
from family_safeguarding.returns import annex_a_export
from family_safeguarding.rules.annex_a import check_period


class AnnexAReturn(Document):
	def before_insert(self):
		# what the job writes, never what the caller sent
		self.workbook = self.written_to = None
		self.set("lists", [])
		self.status = annex_a_export.QUEUED
		self.made_by = frappe.session.user
		self.made_on = now_datetime()

	def validate(self):
		if not self.is_new() and not self.flags.made_by_the_job:
			frappe.throw(
				_("An Annex A return stays as it was made: make a new one to make it again."),
				frappe.PermissionError,
			)
		if self.from_date and self.to_date:  # both are required: Frappe names a missing one
			with refuse_rule_errors():
				check_period(getdate(self.from_date), getdate(self.to_date))
		refuse_future_date(self.to_date, self.meta.get_label("to_date"))

	def after_insert(self):
		annex_a_export.make_or_queue(self)
