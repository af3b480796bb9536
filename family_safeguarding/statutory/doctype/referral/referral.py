# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding import timescales
from family_safeguarding.permissions import is_outside_protocol, manages_team
from family_safeguarding.refusals import check_member_in_family, refuse_future_date
from family_safeguarding.rules import overdue
from family_safeguarding.rules.statutory import waiting_days
from family_safeguarding.rules.titles import referral_title
from family_safeguarding.rules.workflows import ANSWER_STATES, AWAITING_ANSWER_STATES, DECLINED, ENGAGED, SENT
from family_safeguarding.statutory.overdue import describe
from family_safeguarding.statutory.process import require_for_state, set_overdue
from family_safeguarding.workers import own_active_worker

REQUIRED_FOR_STATE = {
	DECLINED: ("decline_reason",),
	ENGAGED: ("first_appointment_on",),
}


class Referral(Document):
	def onload(self):
		self.set_onload("overdue", describe(self.overdue_items))

	def validate(self):
		self.referred_by = self.referred_by or own_active_worker()
		check_member_in_family(self.member, self.family, "Family Member")
		if self.is_new() or self.has_value_changed("to_agency"):
			if not frappe.db.get_value("Agency", self.to_agency, "is_active"):
				frappe.throw(
					_("To Agency: {0} is not active.").format(frappe.bold(self.to_agency)),
					frappe.ValidationError,
				)
		if self.consent == "Given":
			refuse_future_date(self.consent_date, "Consent Date")
		state = require_for_state(self, REQUIRED_FOR_STATE)
		if state == SENT:
			self.check_consent()
			self.sent_on = today()
		if state in ANSWER_STATES:
			self.check_receiving_agency(state)
			self.responded_on = today()
		if (
			self.first_appointment_on
			and self.sent_on
			and getdate(self.first_appointment_on) < getdate(self.sent_on)
		):
			frappe.throw(
				_("First Appointment On cannot be before the referral was sent."), frappe.ValidationError
			)
		self.title = referral_title(self.reason, self.to_agency)
		refresh(self)

	def check_consent(self):
		if self.consent == "Given" and not self.consent_date:
			frappe.throw(
				_("To send the referral, record the Consent Date."),
				frappe.ValidationError,
				title=_("Missing information"),
			)
		if self.consent != "Given" and not self.override_reason:
			frappe.throw(
				_("To send the referral without consent, record the Safeguarding Override Reason."),
				frappe.ValidationError,
				title=_("Missing information"),
			)

	def check_receiving_agency(self, state: str):
		"""Only a worker of the receiving agency, or the family's team manager, accepts or declines."""
		user = frappe.session.user
		if is_outside_protocol(user) or manages_team(
			user, frappe.db.get_value("Family", self.family, "team")
		):
			return
		agency = frappe.db.get_value("Agency Worker", {"user": user, "is_active": 1}, "agency")
		if agency != self.to_agency:
			frappe.throw(
				_("Only a worker of {0}, or the team manager, can mark this referral {1}.").format(
					frappe.bold(self.to_agency), _(state)
				),
				frappe.PermissionError,
			)


def refresh(referral, on=None) -> list:
	on = getdate(on or today())
	referral.waiting_days = (
		waiting_days(
			getdate(referral.sent_on),
			getdate(referral.first_appointment_on) if referral.first_appointment_on else None,
			on,
		)
		if referral.sent_on
		else None
	)
	items = []
	if referral.workflow_state in AWAITING_ANSWER_STATES:
		items.append((overdue.REFERRAL_RESPONSE, timescales.referral_response_due(referral.sent_on)))
	return set_overdue(referral, items, on)
