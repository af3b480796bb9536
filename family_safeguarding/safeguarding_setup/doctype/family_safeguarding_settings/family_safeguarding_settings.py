# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document

TIMESCALE_FIELDS = (
	"icpc_working_days",
	"first_core_group_working_days",
	"visit_interval_working_days",
	"first_review_months",
	"later_review_months",
	"supervision_interval_months",
	"referral_response_working_days",
	"plo_pre_proceedings_weeks",
	"care_proceedings_weeks",
)


class FamilySafeguardingSettings(Document):
	def validate(self):
		for fieldname in TIMESCALE_FIELDS:
			if (self.get(fieldname) or 0) < 1:
				frappe.throw(
					_("{0} must be at least 1.").format(_(self.meta.get_label(fieldname))),
					frappe.ValidationError,
				)
