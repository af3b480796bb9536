# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.rules.workflows import DRAFT
from family_safeguarding.tests.utils import RECOVERY, assert_refused_and_nothing_saved, make_people


class TestReferral(FrappeTestCase):
	"""The referral's own rules, as the controller applies them on every save (the workflow's steps,
	consent and the receiving agency are in tests/test_statutory.py)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")

	def new_referral(self, **fields):
		return frappe.get_doc(
			{
				"doctype": "Referral",
				"family": self.people.families.a1,
				"to_agency": RECOVERY,
				"reason": "Parental Alcohol Misuse",
				"urgency": "Routine",
				"consent": "Given",
				"consent_date": add_days(today(), -1),
				**fields,
			}
		)

	def test_the_title_names_the_reason_and_the_agency_and_a_draft_waits_for_nothing(self):
		referral = self.new_referral().insert()
		self.assertEqual(referral.title, f"Parental Alcohol Misuse referral to {RECOVERY}")
		self.assertEqual(referral.workflow_state, DRAFT)
		self.assertIsNone(referral.sent_on)
		self.assertIsNone(referral.waiting_days)

	def test_consent_given_in_the_future_is_refused(self):
		referral = self.new_referral(consent_date=add_days(today(), 1))
		assert_refused_and_nothing_saved(self, referral, "Consent Date cannot be in the future")

	def test_a_member_of_another_family_is_refused(self):
		referral = self.new_referral(member=self.people.members.b1[0])
		assert_refused_and_nothing_saved(
			self, referral, "Family Member: the person chosen is not a member of this family"
		)

	def test_a_first_appointment_before_the_referral_was_sent_is_refused(self):
		referral = self.new_referral(
			sent_on=add_days(today(), -5), first_appointment_on=add_days(today(), -6)
		)
		assert_refused_and_nothing_saved(
			self, referral, "First Appointment On cannot be before the referral was sent"
		)

	def test_the_days_waited_run_from_sending_to_the_first_appointment(self):
		referral = self.new_referral(
			sent_on=add_days(today(), -20), first_appointment_on=add_days(today(), -6)
		)
		referral.insert()
		self.assertEqual(referral.waiting_days, 14)  # calendar days
