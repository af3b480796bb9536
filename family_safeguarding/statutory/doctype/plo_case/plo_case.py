# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding import timescales
from family_safeguarding.refusals import check_member_in_family, refuse_future_date
from family_safeguarding.rules import overdue
from family_safeguarding.rules.statutory import weeks_between
from family_safeguarding.rules.titles import plo_case_title
from family_safeguarding.rules.workflows import (
	CONCLUDED,
	LEGAL_GATEWAY,
	PLO_OPEN_STATES,
	PRE_PROCEEDINGS,
	PROCEEDINGS_ISSUED,
	PUBLIC_LAW_OUTLINE,
	STEPPED_DOWN,
	first_state,
)
from family_safeguarding.statutory.overdue import describe
from family_safeguarding.statutory.process import require_for_state, set_overdue, update_legal_status

REQUIRED_FOR_STATE = {
	PRE_PROCEEDINGS: ("gateway_decision", "letter_before_proceedings"),
	PROCEEDINGS_ISSUED: ("issue_date", "court"),
	STEPPED_DOWN: ("stepped_down_on",),
	CONCLUDED: ("concluded_on",),
}


class PLOCase(Document):
	def onload(self):
		self.set_onload("overdue", describe(self.overdue_items))

	def validate(self):
		before = self.get_doc_before_save()
		state = require_for_state(self, REQUIRED_FOR_STATE)
		if (
			state == CONCLUDED
			and (before and before.workflow_state == PROCEEDINGS_ISSUED)
			and not self.final_order
		):
			frappe.throw(
				_("To move to {0}, first record: {1}.").format(
					frappe.bold(_(CONCLUDED)), _(self.meta.get_label("final_order"))
				),
				frappe.ValidationError,
			)
		if (
			state == CONCLUDED
			and before
			and before.workflow_state == LEGAL_GATEWAY
			and not self.gateway_decision
		):
			frappe.throw(
				_("To move to {0}, first record: {1}.").format(
					frappe.bold(_(CONCLUDED)), _(self.meta.get_label("gateway_decision"))
				),
				frappe.ValidationError,
			)
		for row in self.children:
			check_member_in_family(row.member, self.family, "Children", row.idx)
		for field in (
			"legal_gateway_date",
			"letter_before_proceedings",
			"stepped_down_on",
			"issue_date",
			"concluded_on",
		):
			refuse_future_date(self.get(field), self.meta.get_label(field))
		gateway = getdate(self.legal_gateway_date)
		for field in ("letter_before_proceedings", "issue_date"):
			if self.get(field) and getdate(self.get(field)) < gateway:
				frappe.throw(
					_("{0} cannot be before the Legal Gateway Meeting.").format(
						_(self.meta.get_label(field))
					),
					frappe.ValidationError,
				)
		if self.concluded_on and self.issue_date and getdate(self.concluded_on) < getdate(self.issue_date):
			frappe.throw(_("Concluded On cannot be before Proceedings Issued On."), frappe.ValidationError)
		other = frappe.db.get_value(
			"PLO Case",
			{
				"family": self.family,
				"name": ("!=", self.name or ""),
				"workflow_state": ("in", PLO_OPEN_STATES),
			},
			"name",
		)
		if other and (self.workflow_state or first_state(PUBLIC_LAW_OUTLINE)) in PLO_OPEN_STATES:
			frappe.throw(
				_("This family already has an open PLO case ({0}).").format(other), frappe.ValidationError
			)
		self.title = plo_case_title(frappe.db.get_value("Family", self.family, "family_name"))
		refresh(self)

	def on_update(self):
		update_legal_status(self.family)


def refresh(case, on=None) -> list:
	on = getdate(on or today())
	state = case.workflow_state or first_state(PUBLIC_LAW_OUTLINE)
	case.target_end = (
		timescales.plo_target_end(case.letter_before_proceedings) if case.letter_before_proceedings else None
	)
	case.weeks_in_pre_proceedings = (
		weeks_between(
			getdate(case.letter_before_proceedings), getdate(case.stepped_down_on or case.issue_date or on)
		)
		if case.letter_before_proceedings
		else None
	)
	case.week_26_date = timescales.week_26_date(case.issue_date) if case.issue_date else None
	case.weeks_in_proceedings = (
		weeks_between(getdate(case.issue_date), getdate(case.concluded_on or on)) if case.issue_date else None
	)
	items = []
	if state == PRE_PROCEEDINGS and not case.extension_reason:
		items.append((overdue.END_OF_PRE_PROCEEDINGS, case.target_end))
	if state == PROCEEDINGS_ISSUED:
		items.append((overdue.WEEK_26, case.week_26_date))
	return set_overdue(case, items, on)
