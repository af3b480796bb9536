# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import os
import re

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import escape_html, formatdate, getdate

from family_safeguarding.refusals import refuse_rule_errors, row_prefix
from family_safeguarding.returns.cin_structure import VALUE_FORMATS
from family_safeguarding.rules import working_days
from family_safeguarding.rules.audit import MINIMUM_RETENTION_YEARS
from family_safeguarding.timescales import clear_holiday_corrections_cache

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
		self.validate_bank_holiday_corrections()
		for fieldname in TIMESCALE_FIELDS:
			if (self.get(fieldname) or 0) < 1:
				frappe.throw(
					_("{0} must be at least 1.").format(_(self.meta.get_label(fieldname))),
					frappe.ValidationError,
				)
		if (self.audit_retention_years or 0) < MINIMUM_RETENTION_YEARS:
			frappe.throw(
				_("{0} must be at least {1}.").format(
					_(self.meta.get_label("audit_retention_years")), MINIMUM_RETENTION_YEARS
				),
				frappe.ValidationError,
			)
		self.validate_census()

	def validate_census(self):
		"""The LA code is written as the census return's LEA; the validator's environment is run
		as a program, so it is a folder named in full."""
		self.la_code = (self.la_code or "").strip()
		if self.la_code and not re.fullmatch(VALUE_FORMATS["la_code"][0], self.la_code):
			frappe.throw(
				_("{0} '{1}' is not a three-digit local authority code, such as 201.").format(
					_(self.meta.get_label("la_code")), escape_html(self.la_code)
				),
				frappe.ValidationError,
			)
		self.census_validator_environment = (self.census_validator_environment or "").strip()
		if self.census_validator_environment and not os.path.isabs(self.census_validator_environment):
			frappe.throw(
				_("{0} must be a folder's full path, starting with /.").format(
					_(self.meta.get_label("census_validator_environment"))
				),
				frappe.ValidationError,
			)

	def validate_bank_holiday_corrections(self):
		label = _(self.meta.get_label("bank_holiday_corrections"))
		# a row without a date or change is left to Frappe's own mandatory check, which names it
		rows = [
			(row.idx, getdate(row.holiday_date), row.change)
			for row in self.bank_holiday_corrections
			if row.holiday_date and row.change
		]
		dates = {idx: day for idx, day, _change in rows}
		with refuse_rule_errors():  # an unknown calendar
			problems = working_days.correction_problems(self.bank_holiday_calendar, rows)
		for idx, problem in problems:
			day = formatdate(dates[idx])
			where = row_prefix(idx, label) + _("Date")
			if problem == working_days.ALREADY_A_HOLIDAY:
				# harmless, and may be true only since a newer `holidays` package: a note, not a refusal
				frappe.msgprint(
					_("{0}: {1} is already a bank holiday of {2}; this row changes nothing.").format(
						where, day, _(self.bank_holiday_calendar)
					),
					indicator="orange",
					alert=True,
				)
				continue
			message = {
				working_days.DUPLICATE_DATE: _("{0}: {1} is given in an earlier row already."),
				working_days.ON_A_WEEKEND: _("{0}: {1} is a weekend day, never a working day anyway."),
				working_days.NOT_A_PACKAGE_HOLIDAY: _(
					"{0}: {1} is not a bank holiday of {2}, so there is nothing to remove."
				),
			}[problem]
			frappe.throw(
				message.format(where, day, _(self.bank_holiday_calendar)),
				frappe.ValidationError,
				title=_("Bank Holiday Corrections"),
			)

	def on_update(self):
		# every working-day timescale reads the corrections through this cache (timescales.py)
		clear_holiday_corrections_cache()
