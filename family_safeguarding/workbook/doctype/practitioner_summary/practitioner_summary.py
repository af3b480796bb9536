# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import formatdate, getdate

from family_safeguarding.permissions import manages_team
from family_safeguarding.refusals import check_member_in_family, refuse_rule_errors
from family_safeguarding.rules.dates import periods_overlap
from family_safeguarding.rules.titles import practitioner_summary_title
from family_safeguarding.rules.workbook import check_period, find_overlapping_summary
from family_safeguarding.workers import own_active_worker


class PractitionerSummary(Document):
	def validate(self):
		self.refuse_changes_once_locked()
		self.worker = self.worker or own_active_worker()
		if not self.worker:
			frappe.throw(_("Worker is required."), frappe.ValidationError)
		self.specialism = frappe.db.get_value("Agency Worker", self.worker, "specialism")
		with refuse_rule_errors():
			check_period(_date(self.period_start), _date(self.period_end))
		self.refuse_a_second_summary_for_the_period()
		self.refuse_a_worker_not_on_the_family()
		for row in self.members_worked_with:
			check_member_in_family(row.member, self.family, "Members Worked With", row.idx)
		for field in ("direct_work_minutes", "recording_minutes"):
			if (self.get(field) or 0) < 0:
				frappe.throw(
					_("{0} cannot be negative.").format(_(self.meta.get_label(field))), frappe.ValidationError
				)
		self.title = practitioner_summary_title(self.specialism, getdate(self.period_start))

	def on_trash(self):
		self.refuse_changes_once_locked()

	def refuse_changes_once_locked(self):
		locked_by = None if self.is_new() else frappe.db.get_value(self.doctype, self.name, "locked_by")
		if locked_by and not self.flags.changed_by_supervision:
			meeting = frappe.db.get_value("Group Supervision", locked_by, "meeting_date")
			frappe.throw(
				_(
					"This summary was locked when the group supervision of {0} ({1}) was submitted, and "
					"can no longer be changed. Record anything new in next period's summary."
				).format(formatdate(meeting), locked_by),
				frappe.ValidationError,
				title=_("Summary locked"),
			)

	def refuse_a_second_summary_for_the_period(self):
		others = frappe.get_all(
			"Practitioner Summary",
			filters={"family": self.family, "worker": self.worker, "name": ("!=", self.name or "")},
			fields=["name", "period_start", "period_end"],
		)
		clash = find_overlapping_summary(
			getdate(self.period_start),
			getdate(self.period_end),
			((o.name, getdate(o.period_start), getdate(o.period_end)) for o in others),
		)
		if clash:
			frappe.throw(
				_("{0} already has a summary for this family covering part of this period ({1}).").format(
					frappe.db.get_value("Agency Worker", self.worker, "full_name"), clash
				),
				frappe.ValidationError,
			)

	def refuse_a_worker_not_on_the_family(self):
		"""A summary is written by a worker allocated to the family during its period, or its team manager."""
		allocations = frappe.get_all(
			"Family Allocation",
			filters={"parent": self.family, "parenttype": "Family", "worker": self.worker},
			fields=["from_date", "to_date"],
		)
		start, end = getdate(self.period_start), getdate(self.period_end)
		if any(
			periods_overlap(start, end, getdate(a.from_date), getdate(a.to_date) if a.to_date else end)
			for a in allocations
		):
			return
		user = frappe.db.get_value("Agency Worker", self.worker, "user")
		if manages_team(user, frappe.db.get_value("Family", self.family, "team")):
			return
		frappe.throw(
			_("Worker {0} was not allocated to this family during the period.").format(
				frappe.db.get_value("Agency Worker", self.worker, "full_name")
			),
			frappe.ValidationError,
		)


def _date(value):
	return getdate(value) if value else None
