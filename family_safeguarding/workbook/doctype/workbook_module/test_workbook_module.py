# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import assert_refused_and_nothing_saved, make_people


class TestWorkbookModule(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.template = frappe.db.get_value("Workbook Module Template", {"module_number": 2}, "name")

	def module(self, **fields):
		values = {
			"doctype": "Workbook Module",
			"family": self.people.families.a2,
			"module_template": self.template,
			"status": "Not Started",
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_a_recorded_session_moves_the_module_on(self):
		module = self.module(
			sessions=[
				{"session_date": add_days(today(), -3), "worker": self.people.workers["sw_a2"], "minutes": 45}
			]
		).insert()
		self.assertEqual(module.status, "In Progress")
		self.assertEqual(str(module.start_date), add_days(today(), -3))
		self.assertTrue(module.title.startswith("Placeholder 2"))

	def test_members_must_be_in_the_family(self):
		assert_refused_and_nothing_saved(
			self, self.module(members=[{"member": self.people.members.b1[0]}]), "not a member of this family"
		)

	def test_completing_needs_a_date_not_before_the_start(self):
		assert_refused_and_nothing_saved(
			self,
			self.module(status="Completed", start_date=add_days(today(), -10)),
			"Completed On is required",
		)
		assert_refused_and_nothing_saved(
			self,
			self.module(
				status="Completed", start_date=add_days(today(), -10), completed_on=add_days(today(), -20)
			),
			"Completed On cannot be before Start Date",
		)
		assert_refused_and_nothing_saved(self, self.module(status="In Progress"), "Start Date is required")

	def test_negative_or_future_sessions_are_refused(self):
		assert_refused_and_nothing_saved(
			self,
			self.module(
				sessions=[{"session_date": today(), "worker": self.people.workers["sw_a2"], "minutes": -10}]
			),
			"Minutes cannot be negative",
		)
		assert_refused_and_nothing_saved(
			self,
			self.module(
				sessions=[{"session_date": add_days(today(), 5), "worker": self.people.workers["sw_a2"]}]
			),
			"Session Date cannot be in the future",
		)
