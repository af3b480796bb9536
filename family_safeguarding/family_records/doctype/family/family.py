# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding.permissions import can_see_family, is_outside_protocol, manages_team
from family_safeguarding.refusals import refuse_rule_errors
from family_safeguarding.rules.access import TEAM_WIDE_FOR_BUSINESS_SUPPORT
from family_safeguarding.rules.allocations import Allocation, check_allocations, ended_by_closure, is_current
from family_safeguarding.rules.dates import month_period
from family_safeguarding.rules.identifiers import normalise_postcode
from family_safeguarding.rules.roles import LEAD_SOCIAL_WORKER_SPECIALISMS
from family_safeguarding.workers import own_active_worker

# What the form, and the prints, show of each member of the family.
MEMBER_FIELDS = [
	"name",
	"full_name",
	"member_type",
	"relationship",
	"date_of_birth",
	"expected_date_of_birth",
	"age",
	"is_child",
]


class Family(Document):
	def onload(self):
		# Only what the user may open is shown: the rule is asked once, here, for this family
		# (listing each part as the user asked it eight times and doubled the form's load time).
		readable = readable_here(self)
		# the form lets only those whose allocations the server accepts change the table
		self.set_onload("can_allocate", may_allocate(frappe.session.user, (self.team,)))
		self.set_onload("workbook", workbook_at_a_glance(self, readable))
		self.set_onload(
			"members",
			frappe.get_all(
				"Member",
				filters={"family": self.name},
				fields=MEMBER_FIELDS,
				order_by="is_child desc, date_of_birth asc",
			)
			if "Member" in readable
			else [],
		)

	def validate(self):
		self.family_name = (self.family_name or "").strip()
		with refuse_rule_errors():
			self.postcode = normalise_postcode(self.postcode)
		self.validate_team()
		self.validate_dates()
		self.default_lead_social_worker_to_creator()
		self.validate_lead_social_worker()
		self.allocate_lead_social_worker()
		self.validate_allocations()
		self.refuse_allocation_changes_by_others()
		self.end_allocations_on_closure()

	def validate_team(self):
		# cached: a team's save clears it, and an import makes a family a child
		if self.has_value_changed("team") and not frappe.get_cached_value(
			"Family Safeguarding Team", self.team, "is_active"
		):
			frappe.throw(
				_("Team {0} is not active: choose an active team.").format(frappe.bold(self.team)),
				frappe.ValidationError,
			)

	def validate_dates(self):
		if self.opened_on and getdate(self.opened_on) > getdate(today()):
			frappe.throw(_("Opened On cannot be in the future."), frappe.ValidationError)
		if self.status == "Open":
			# Reopening keeps the earlier closure in the version history, not on the form.
			self.closed_on = None
			self.closure_reason = None
			return
		if not self.closed_on:
			frappe.throw(_("Closed On is required to close a family."), frappe.ValidationError)
		if not self.closure_reason:
			frappe.throw(_("Closure Reason is required to close a family."), frappe.ValidationError)
		if getdate(self.closed_on) < getdate(self.opened_on):
			frappe.throw(_("Closed On cannot be before Opened On."), frappe.ValidationError)
		if getdate(self.closed_on) > getdate(today()):
			frappe.throw(_("Closed On cannot be in the future."), frappe.ValidationError)

	def default_lead_social_worker_to_creator(self):
		if self.is_new() and not self.lead_social_worker:
			own = own_active_worker()
			if (
				own
				and frappe.db.get_value("Agency Worker", own, "specialism") in LEAD_SOCIAL_WORKER_SPECIALISMS
			):
				self.lead_social_worker = own

	def validate_lead_social_worker(self):
		if not self.lead_social_worker:
			return
		worker = frappe.db.get_value(
			"Agency Worker",
			self.lead_social_worker,
			["full_name", "specialism", "is_active"],
			as_dict=True,
		)
		if worker.specialism not in LEAD_SOCIAL_WORKER_SPECIALISMS:
			frappe.throw(
				_("Lead Social Worker must be a social worker; {0} is a {1}.").format(
					frappe.bold(worker.full_name), _(worker.specialism)
				),
				frappe.ValidationError,
			)
		if self.has_value_changed("lead_social_worker") and not worker.is_active:
			frappe.throw(
				_("Lead Social Worker {0} is not active.").format(frappe.bold(worker.full_name)),
				frappe.ValidationError,
			)

	def allocate_lead_social_worker(self):
		"""The lead social worker always holds a current allocation."""
		if not self.lead_social_worker or self.status == "Closed":
			return
		if any(row.worker == self.lead_social_worker and _is_current(row) for row in self.allocations):
			return
		self.append(
			"allocations",
			{
				"worker": self.lead_social_worker,
				# a new family's lead from the day it opened; a new lead from today
				"from_date": self.opened_on if self.is_new() else today(),
			},
		)

	def validate_allocations(self):
		for row in self.allocations:
			# Who the worker is comes from their record, never from what the form sent.
			row.worker_name, row.specialism = frappe.db.get_value(
				"Agency Worker", row.worker, ["full_name", "specialism"]
			) or (None, None)
		with refuse_rule_errors():
			check_allocations(_allocation(row) for row in self.allocations)
		inactive = [
			row
			for row in self.allocations
			if _is_current(row)
			and _row_changed(self, row)
			and not frappe.db.get_value("Agency Worker", row.worker, "is_active")
		]
		if inactive:
			frappe.throw(
				_("Row #{0}: {1} is not an active worker and cannot be allocated.").format(
					inactive[0].idx, frappe.bold(inactive[0].worker_name or inactive[0].worker)
				),
				frappe.ValidationError,
			)

	def refuse_allocation_changes_by_others(self):
		"""Who works with a family is the team manager's decision.

		A social worker opening a new family becomes its lead, and that is the only allocation
		anyone but the team manager (or a System Manager) makes.
		"""
		user = frappe.session.user
		before = self.get_doc_before_save()
		if may_allocate(user, (self.team, before.team if before else None)):
			return
		if self.is_new():
			own = own_active_worker(user)
			if self.lead_social_worker == own and all(row.worker == own for row in self.allocations):
				return
			frappe.throw(
				_(
					"Only the team manager allocates workers to a family. Open the family with yourself as "
					"Lead Social Worker; your team manager allocates the other workers."
				),
				frappe.PermissionError,
			)
		changed = [
			label
			for label, differs in (
				(_("Team"), before.team != self.team),
				(_("Lead Social Worker"), before.lead_social_worker != self.lead_social_worker),
				(_("Allocated workers"), _allocation_signature(before) != _allocation_signature(self)),
			)
			if differs
		]
		if changed:
			frappe.throw(
				_("Only the team manager of this family's team can change {0}.").format(", ".join(changed)),
				frappe.PermissionError,
			)

	def end_allocations_on_closure(self):
		if self.status != "Closed":
			return
		for row in self.allocations:
			row.to_date = ended_by_closure(_date(row.to_date), getdate(self.closed_on))


def may_allocate(user: str, teams) -> bool:
	"""Whether `user` allocates workers to the families of every one of `teams` (a family moving
	between teams is both teams' business): the team manager, or a superuser."""
	return is_outside_protocol(user) or all(manages_team(user, team) for team in teams if team)


def _date(value):
	return getdate(value) if value else None


def _allocation(row) -> Allocation:
	return Allocation(
		worker=row.worker,
		from_date=getdate(row.from_date),
		to_date=_date(row.to_date),
		row=row.idx,
		worker_name=row.worker_name,
	)


def _is_current(row, on=None) -> bool:
	return is_current(getdate(row.from_date), _date(row.to_date), getdate(on or today()))


def _row_changed(family, row) -> bool:
	before = family.get_doc_before_save()
	if not before:
		return True
	previous = {r.name: r for r in before.allocations}.get(row.name)
	return previous is None or previous.worker != row.worker


def _allocation_signature(family) -> list:
	return sorted(
		(row.worker, str(getdate(row.from_date)), str(getdate(row.to_date)) if row.to_date else "")
		for row in family.allocations
	)


PROTECTED_INFORMATION = ("Health Information", "Police Information")


GLANCE_DOCTYPES = ("Member", "Workbook Module", "Goal", "Practitioner Summary", "Group Supervision")


def readable_here(family) -> set[str]:
	"""The DocTypes whose records in this family the user may read: their role reads the DocType,
	and the one rule of permissions.py lets them see the family for it."""
	user = frappe.session.user
	doctypes = [d for d in (*GLANCE_DOCTYPES, *PROTECTED_INFORMATION) if frappe.has_permission(d, "read")]
	if is_outside_protocol(user):
		return set(doctypes)
	sees = can_see_family(user, family.name)
	sees_team_wide = sees or can_see_family(user, family.name, team_wide_for_business_support=True)
	return {d for d in doctypes if sees or (sees_team_wide and d in TEAM_WIDE_FOR_BUSINESS_SUPPORT)}


def workbook_at_a_glance(family, readable: set[str] | None = None) -> dict:
	"""Each module's status, each member's goals with their latest scores, the last and next group
	supervision, whose summaries for this month are missing, and the protected information the user
	may read (never its text)."""
	if readable is None:
		readable = readable_here(family)
	glance = {"next_supervision_due": family.next_supervision_due}
	if "Workbook Module" in readable:
		glance["modules"] = frappe.get_all(
			"Workbook Module",
			filters={"family": family.name},
			fields=["name", "title", "status", "capacity_to_change"],
			order_by="creation asc",
		)
	if "Goal" in readable:
		glance["goals"] = frappe.get_all(
			"Goal",
			filters={"family": family.name},
			fields=["name", "member", "goal", "status", "baseline_score", "latest_score"],
			order_by="member asc, creation asc",
		)
	if "Group Supervision" in readable:
		last = frappe.get_all(
			"Group Supervision",
			filters={"family": family.name, "docstatus": 1},
			fields=["name", "meeting_date", "recommendation"],
			order_by="meeting_date desc",
			limit=1,
		)
		glance["last_supervision"] = last[0] if last else None
	if "Practitioner Summary" in readable:
		glance["missing_summaries"] = missing_summaries(family)
	glance["protected"] = {
		doctype: frappe.get_all(
			doctype,
			filters={"family": family.name},
			fields=["name", "title", "member", "recorded_on"],
			order_by="recorded_on desc",
		)
		for doctype in PROTECTED_INFORMATION
		if doctype in readable
	}
	return glance


def missing_summaries(family, on=None) -> list[str]:
	"""The allocated workers with no summary covering this month yet."""
	start, end = month_period(getdate(on or today()))
	allocated = {
		row.worker: row.worker_name for row in family.allocations if _is_current(row, on) and row.worker
	}
	written = set(
		frappe.get_all(
			"Practitioner Summary",
			filters={"family": family.name, "period_start": ("<=", end), "period_end": (">=", start)},
			pluck="worker",
		)
	)
	return sorted(name or worker for worker, name in allocated.items() if worker not in written)
