# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import cint, getdate, now_datetime, today

from family_safeguarding.returns import cin_census_run as run
from family_safeguarding.returns.cin_assemble import census_years


class CINCensusReturn(Document):
	"""A census return, made in the background once it is saved (cin_census_run.make). Only the
	year is chosen; everything else is the job's."""

	def before_insert(self):
		self.update(run.MADE_BY_THE_JOB)
		self.set("findings", [])
		self.made_by = frappe.session.user
		self.made_on = now_datetime()

	def validate(self):
		if not self.is_new():
			# The job writes its outcome straight to the database; no one changes a return after.
			frappe.throw(
				_("A census return stays as it was made: make a new one to make it again."),
				frappe.PermissionError,
			)
		label = _(self.meta.get_label("year"))
		self.year = cint(self.year)
		if not self.year:
			frappe.throw(
				_("{0} is required: the year the census ends in, such as 2026 for 2025-26.").format(label),
				frappe.MandatoryError,
			)
		years = census_years(getdate(today()))
		if self.year not in years:
			frappe.throw(
				_(
					"{0}: {1} is not a census year a return can be made for: choose one from {2} to {3}."
				).format(label, self.year, years[0], years[-1]),
				frappe.ValidationError,
			)
		try:
			run.required_la_code()
		except run.CensusCannotBeMade as e:
			frappe.throw(str(e), frappe.ValidationError)

	def after_insert(self):
		run.enqueue(self.name)
