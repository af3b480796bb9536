# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from family_safeguarding.refusals import check_member_in_family, refuse_future_date
from family_safeguarding.workers import own_active_worker


class WorkbookModule(Document):
	def validate(self):
		self.title = frappe.db.get_value("Workbook Module Template", self.module_template, "module_name")
		for row in self.members:
			check_member_in_family(row.member, self.family, "Worked With", row.idx)
		self.validate_sessions()
		self.validate_status_dates()

	def validate_sessions(self):
		for row in self.sessions:
			row.worker = row.worker or own_active_worker()
			refuse_future_date(row.session_date, "Session Date", row.idx)
			if (row.minutes or 0) < 0:
				frappe.throw(
					_("Row #{0}: Minutes cannot be negative.").format(row.idx), frappe.ValidationError
				)
		if self.sessions and self.status == "Not Started":
			# Work has begun: a session recorded moves the module on.
			self.status = "In Progress"
		if self.sessions and not self.start_date:
			self.start_date = min(getdate(row.session_date) for row in self.sessions)

	def validate_status_dates(self):
		if self.status in ("In Progress", "Completed") and not self.start_date:
			frappe.throw(_("Start Date is required once the module is under way."), frappe.ValidationError)
		refuse_future_date(self.start_date, "Start Date")
		if self.status == "Completed":
			if not self.completed_on:
				frappe.throw(_("Completed On is required to complete the module."), frappe.ValidationError)
			refuse_future_date(self.completed_on, "Completed On")
			if getdate(self.completed_on) < getdate(self.start_date):
				frappe.throw(_("Completed On cannot be before Start Date."), frappe.ValidationError)
		else:
			self.completed_on = None
