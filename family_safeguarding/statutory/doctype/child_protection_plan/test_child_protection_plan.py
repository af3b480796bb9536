# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from family_safeguarding.rules.workflows import STRATEGY_DISCUSSION
from family_safeguarding.tests.builders import new_member
from family_safeguarding.tests.utils import assert_refused_and_nothing_saved, make_people


def weekday(day):
	"""`day`, or the Friday before it when it falls at a weekend."""
	day = getdate(day)
	return add_days(day, -max(0, day.weekday() - 4))


class TestChildProtectionPlan(FrappeTestCase):
	"""The plan's own rules, as the controller applies them on every save (the workflow's steps and
	who may take them are in tests/test_statutory.py)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")

	def new_plan(self, **fields):
		child = new_member(
			self.people.families.a1,
			"Child",
			"Plan" + frappe.generate_hash(length=6),
			"Rules",
			date_of_birth="2017-03-03",
		)
		return frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"member": child,
				"strategy_discussion_date": add_days(today(), -20),
				**fields,
			}
		)

	def test_the_family_and_lead_social_worker_are_the_childs(self):
		plan = self.new_plan().insert()
		self.assertEqual(plan.family, self.people.families.a1)
		self.assertEqual(plan.lead_social_worker, self.people.workers.sw_a1)
		self.assertEqual(plan.workflow_state, STRATEGY_DISCUSSION)
		self.assertIsNotNone(plan.icpc_due)
		self.assertGreater(getdate(plan.icpc_due), getdate(plan.strategy_discussion_date))

	def test_a_date_in_the_future_is_refused(self):
		plan = self.new_plan(strategy_discussion_date=add_days(today(), 1))
		assert_refused_and_nothing_saved(self, plan, "Strategy Discussion Date cannot be in the future")

	def test_dates_before_the_strategy_discussion_are_refused(self):
		plan = self.new_plan(section_47_start=add_days(today(), -21))
		assert_refused_and_nothing_saved(
			self, plan, "Section 47 Enquiry Started cannot be before the Strategy Discussion Date"
		)
		plan = self.new_plan(icpc_date=add_days(today(), -25))
		assert_refused_and_nothing_saved(
			self, plan, "Initial Conference Date cannot be before the Strategy Discussion Date"
		)

	def test_a_plan_cannot_start_before_its_conference_nor_end_before_it_starts(self):
		plan = self.new_plan(icpc_date=add_days(today(), -10), plan_start=add_days(today(), -11))
		assert_refused_and_nothing_saved(
			self, plan, "Plan Start cannot be before the Initial Conference Date"
		)
		plan = self.new_plan(
			icpc_date=add_days(today(), -10),
			plan_start=add_days(today(), -10),
			plan_end=add_days(today(), -11),
		)
		assert_refused_and_nothing_saved(self, plan, "Plan End cannot be before Plan Start")

	def test_the_latest_category_is_that_of_the_latest_review_that_names_one(self):
		plan = self.new_plan(
			icpc_date=weekday(add_days(today(), -15)),  # no conference is held at a weekend
			initial_category="NEG - Neglect",
			reviews=[
				{"review_date": add_days(today(), -2), "outcome": "Continue Plan"},
				{
					"review_date": add_days(today(), -5),
					"outcome": "Continue Plan",
					"category": "EMO - Emotional abuse",
				},
				{
					"review_date": add_days(today(), -9),
					"outcome": "Continue Plan",
					"category": "PHY - Physical abuse",
				},
			],
		).insert()
		self.assertEqual(plan.latest_category, "EMO - Emotional abuse")
		plan.reviews = []
		plan.latest_category = None
		plan.save()
		self.assertEqual(plan.latest_category, "NEG - Neglect")
