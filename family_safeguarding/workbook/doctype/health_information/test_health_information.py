# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import (
	as_user,
	assert_refused_and_nothing_saved,
	make_people,
	make_workbook,
)


class TestHealthInformation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.records = make_workbook(cls.people)

	def entry(self, **fields):
		values = {
			"doctype": "Health Information",
			"family": self.people.families.a1,
			"source": "GP",
			"information": "Seen by GP",
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_the_author_is_the_practitioner_and_the_title_carries_no_detail(self):
		with as_user(self.people.users["mh_alloc"]):
			entry = self.entry().insert()
		self.assertEqual(entry.author, self.people.workers["mh_alloc"])
		self.assertNotIn("Seen by GP", entry.title)

	def test_bad_input_is_refused(self):
		with as_user(self.people.users["mh_alloc"]):
			# a member of a family the practitioner may not read is not found, as one that does not exist
			assert_refused_and_nothing_saved(
				self,
				self.entry(member=self.people.members.b1[0]),
				"Could not find Member",
				exc=frappe.LinkValidationError,
			)
			assert_refused_and_nothing_saved(
				self, self.entry(recorded_on=add_days(today(), 1)), "Recorded On cannot be in the future"
			)
			other_family_module = frappe.get_doc(
				{
					"doctype": "Workbook Module",
					"family": self.people.families.a2,
					"module_template": frappe.db.get_value(
						"Workbook Module Template", {"module_number": 5}, "name"
					),
				}
			).insert(ignore_permissions=True)
			assert_refused_and_nothing_saved(
				self,
				self.entry(related_to_type="Workbook Module", related_to=other_family_module.name),
				"Could not find Related To",
				exc=frappe.LinkValidationError,
			)
