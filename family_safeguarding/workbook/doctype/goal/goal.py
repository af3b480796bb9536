# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from family_safeguarding.refusals import check_member_in_family, refuse_future_date, refuse_rule_errors
from family_safeguarding.rules.workbook import Review, baseline_and_latest, check_score


class Goal(Document):
	def validate(self):
		check_member_in_family(self.member, self.family, "Member")
		if self.target_date and getdate(self.target_date) < getdate(self.start_date):
			frappe.throw(_("Target Date cannot be before Start Date."), frappe.ValidationError)
		for row in self.reviews:
			with refuse_rule_errors():
				row.score = check_score(row.score, row=row.idx)
			refuse_future_date(row.review_date, "Review Date", row.idx)
			if getdate(row.review_date) < getdate(self.start_date):
				frappe.throw(
					_("Row #{0}: Review Date cannot be before the goal's Start Date.").format(row.idx),
					frappe.ValidationError,
				)
		self.baseline_score, self.latest_score = baseline_and_latest(
			Review(getdate(row.review_date), row.scale, row.score, row.idx) for row in self.reviews
		)
