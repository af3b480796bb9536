# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.utils import as_user, make_people


class TestPoliceInformation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def entry(self):
		return frappe.get_doc(
			{
				"doctype": "Police Information",
				"family": self.people.families.a1,
				"source": "Probation",
				"information": "Licence conditions",
			}
		)

	def test_police_and_probation_record_it_in_their_own_name(self):
		for key in ("police_a", "probation_a"):
			with as_user(self.people.users[key]):
				entry = self.entry().insert()
			self.assertEqual(entry.author, self.people.workers[key])

	def test_the_other_roles_cannot_record_it(self):
		for key in ("sw_a1", "tm_a", "da_a", "mh_alloc", "recovery_a", "fw_a"):
			with as_user(self.people.users[key]), self.assertRaises(frappe.PermissionError, msg=key):
				self.entry().insert()
