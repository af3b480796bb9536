# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import as_user, assert_refused_and_nothing_saved, make_people


class TestPractitionerSummary(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def summary(self, **fields):
		values = {
			"doctype": "Practitioner Summary",
			"family": self.people.families.a2,
			"worker": self.people.workers["sw_a2"],
			# the fixture families were opened 30 days ago: periods fall inside the allocation
			"period_start": add_days(today(), -20),
			"period_end": add_days(today(), -16),
			"work_undertaken": "Two home visits",
			"direct_work_minutes": 120,
			"recording_minutes": 30,
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_a_workers_own_summary_defaults_to_them(self):
		with as_user(self.people.users["sw_a2"]):
			summary = self.summary(
				worker=None, period_start=add_days(today(), -29), period_end=add_days(today(), -25)
			).insert()
		self.assertEqual(summary.worker, self.people.workers["sw_a2"])
		self.assertEqual(summary.specialism, "Social Worker")
		self.assertTrue(summary.title.startswith("Social Worker, "))

	def test_a_second_summary_for_the_same_worker_and_period_is_refused(self):
		self.summary().insert()
		assert_refused_and_nothing_saved(
			self,
			self.summary(period_start=add_days(today(), -17), period_end=add_days(today(), -12)),
			"already has a summary",
		)

	def test_a_period_ending_before_it_starts_is_refused(self):
		assert_refused_and_nothing_saved(
			self,
			self.summary(period_start=add_days(today(), -2), period_end=add_days(today(), -3)),
			"Period End is before Period Start",
		)

	def test_a_worker_not_allocated_to_the_family_is_refused(self):
		summary = self.summary(
			worker=self.people.workers["police_a"],
			period_start=add_days(today(), -9),
			period_end=add_days(today(), -8),
		)
		assert_refused_and_nothing_saved(self, summary, "was not allocated to this family")

	def test_negative_minutes_are_refused(self):
		summary = self.summary(
			period_start=add_days(today(), -7), period_end=add_days(today(), -6), recording_minutes=-5
		)
		assert_refused_and_nothing_saved(self, summary, "Recording Minutes")

	def test_members_worked_with_must_be_in_the_family(self):
		summary = self.summary(
			period_start=add_days(today(), -5),
			period_end=add_days(today(), -4),
			members_worked_with=[{"member": self.people.members.b1[0]}],
		)
		assert_refused_and_nothing_saved(self, summary, "not a member of this family")
