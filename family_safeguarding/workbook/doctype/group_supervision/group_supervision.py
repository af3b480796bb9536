# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding.refusals import check_member_in_family, refuse_future_date
from family_safeguarding.rules.roles import TEAM_MANAGER_SPECIALISMS
from family_safeguarding.rules.titles import group_supervision_title
from family_safeguarding.rules.workbook import summary_covered, supervision_period
from family_safeguarding.timescales import next_supervision_due
from family_safeguarding.workers import own_active_worker


class GroupSupervision(Document):
	def validate(self):
		refuse_future_date(self.meeting_date, "Meeting Date")
		self.set_chair()
		self.set_period()
		self.set_attendees()
		self.refuse_duplicate_attendees()
		self.validate_risks()
		self.validate_actions()
		self.next_due = next_supervision_due(self.meeting_date)
		self.title = group_supervision_title(getdate(self.meeting_date))

	def set_chair(self):
		if not self.chair:
			own = own_active_worker()
			if own and frappe.db.get_value("Agency Worker", own, "specialism") in TEAM_MANAGER_SPECIALISMS:
				self.chair = own
		if not self.chair:
			frappe.throw(
				_("Chair is required: the team manager chairs group supervision."), frappe.ValidationError
			)
		if frappe.db.get_value("Agency Worker", self.chair, "specialism") not in TEAM_MANAGER_SPECIALISMS:
			frappe.throw(_("Chair must be a team manager."), frappe.ValidationError)

	def set_period(self):
		previous = frappe.get_all(
			"Group Supervision",
			filters={
				"family": self.family,
				"docstatus": 1,
				"name": ("!=", self.name or ""),
				"meeting_date": ("<", self.meeting_date),
			},
			fields=["period_end"],
			order_by="meeting_date desc",
			limit=1,
		)
		self.period_start, self.period_end = supervision_period(
			getdate(self.meeting_date), getdate(previous[0].period_end) if previous else None
		)

	def set_attendees(self):
		"""A new supervision starts with the family's allocated workers as its attendees."""
		if self.attendees or not self.is_new():
			return
		for row in frappe.get_all(
			"Family Allocation",
			filters={"parent": self.family, "parenttype": "Family", "from_date": ("<=", self.meeting_date)},
			fields=["worker", "to_date"],
		):
			if not row.to_date or getdate(row.to_date) >= getdate(self.meeting_date):
				# rows added in validate miss Frappe's fetch_from, which has already run
				worker = frappe.db.get_value(
					"Agency Worker", row.worker, ["full_name", "specialism", "agency"], as_dict=True
				)
				self.append(
					"attendees",
					{
						"worker": row.worker,
						"worker_name": worker.full_name,
						"specialism": worker.specialism,
						"agency": worker.agency,
						"attended": 1,
					},
				)

	def refuse_duplicate_attendees(self):
		seen = set()
		for row in self.attendees:
			if row.worker in seen:
				frappe.throw(
					_("Row #{0}: Attendees lists this worker twice.").format(row.idx), frappe.ValidationError
				)
			seen.add(row.worker)

	def validate_risks(self):
		seen = set()
		for row in self.risks:
			check_member_in_family(row.member, self.family, "Child", row.idx)
			if not frappe.db.get_value("Member", row.member, "is_child"):
				frappe.throw(
					_("Row #{0}: a risk judgement is for a child; {1} is an adult.").format(
						row.idx, frappe.db.get_value("Member", row.member, "full_name")
					),
					frappe.ValidationError,
				)
			if row.member in seen:
				frappe.throw(
					_("Row #{0}: this child already has a risk judgement.").format(row.idx),
					frappe.ValidationError,
				)
			seen.add(row.member)

	def validate_actions(self):
		for row in self.actions:
			if getdate(row.due_date) < getdate(self.meeting_date):
				frappe.throw(
					_("Row #{0}: the action's Due Date is before the meeting.").format(row.idx),
					frappe.ValidationError,
				)

	def before_submit(self):
		judged = {row.member for row in self.risks}
		missing = [
			m.full_name
			for m in frappe.get_all(
				"Member",
				filters={"family": self.family, "is_child": 1, "date_of_death": ("is", "not set")},
				fields=["name", "full_name"],
			)
			if m.name not in judged
		]
		if missing:
			frappe.throw(
				_("Record a risk judgement for every child before submitting: {0}.").format(
					", ".join(missing)
				),
				frappe.ValidationError,
			)
		if not any(row.attended for row in self.attendees):
			frappe.throw(_("Mark who attended before submitting."), frappe.ValidationError)

	def on_submit(self):
		for summary in self.summaries_of_the_period(locked=False):
			frappe.db.set_value("Practitioner Summary", summary, "locked_by", self.name)
		frappe.db.set_value("Family", self.family, "next_supervision_due", self.next_due)

	def on_cancel(self):
		for summary in frappe.get_all("Practitioner Summary", filters={"locked_by": self.name}, pluck="name"):
			frappe.db.set_value("Practitioner Summary", summary, "locked_by", None)
		latest = frappe.get_all(
			"Group Supervision",
			filters={"family": self.family, "docstatus": 1, "name": ("!=", self.name)},
			fields=["next_due"],
			order_by="meeting_date desc",
			limit=1,
		)
		frappe.db.set_value(
			"Family", self.family, "next_supervision_due", latest[0].next_due if latest else None
		)

	def summaries_of_the_period(self, locked: bool) -> list[str]:
		summaries = frappe.get_all(
			"Practitioner Summary",
			filters={"family": self.family, "locked_by": ("is", "set" if locked else "not set")},
			fields=["name", "period_start", "period_end"],
		)
		start, end = getdate(self.period_start), getdate(self.period_end)
		return [
			s.name
			for s in summaries
			if summary_covered(start, end, getdate(s.period_start), getdate(s.period_end))
		]
