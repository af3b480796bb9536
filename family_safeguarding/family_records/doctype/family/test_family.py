# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import TEAM_A, assert_refused_and_nothing_saved, make_people


class TestFamily(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def new_family(self, **fields):
		values = {
			"doctype": "Family",
			"family_name": "Validation household",
			"team": TEAM_A,
			"lead_social_worker": self.people.workers["sw_a1"],
			"opened_on": add_days(today(), -10),
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_a_family_is_named_opaquely_and_its_lead_allocated(self):
		family = self.new_family(postcode="sw1a1aa").insert()
		self.assertRegex(family.name, r"^FAM-\d{4}-\d{5}$")
		self.assertEqual(family.postcode, "SW1A 1AA")
		self.assertEqual(family.allocations[0].worker, self.people.workers["sw_a1"])
		self.assertEqual(str(family.allocations[0].from_date), str(family.opened_on))
		self.assertEqual(family.allocations[0].specialism, "Social Worker")

	def test_an_invalid_postcode_is_refused(self):
		assert_refused_and_nothing_saved(self, self.new_family(postcode="12345"), "Postcode '12345'")

	def test_a_future_opening_date_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_family(opened_on=add_days(today(), 2)), "Opened On .* future"
		)

	def test_closing_needs_a_date_and_a_reason(self):
		assert_refused_and_nothing_saved(self, self.new_family(status="Closed"), "Closed On is required")
		assert_refused_and_nothing_saved(
			self, self.new_family(status="Closed", closed_on=today()), "Closure Reason is required"
		)

	def test_closed_before_opened_is_refused(self):
		family = self.new_family(
			status="Closed",
			closed_on=add_days(today(), -20),
			closure_reason="RC8 - Case closed after assessment, no further action",
		)
		assert_refused_and_nothing_saved(self, family, "Closed On cannot be before Opened On")

	def test_closing_ends_the_allocations(self):
		family = self.new_family().insert()
		family.status = "Closed"
		family.closed_on = today()
		family.closure_reason = (
			"RC7 - Services ceased for any other reason, including child no longer in need"
		)
		family.save()
		self.assertTrue(all(str(row.to_date) == today() for row in family.allocations))

	def test_an_allocation_ending_before_it_starts_is_refused(self):
		family = self.new_family(
			allocations=[
				{
					"worker": self.people.workers["police_a"],
					"from_date": today(),
					"to_date": add_days(today(), -1),
				}
			]
		)
		assert_refused_and_nothing_saved(self, family, "To Date .* before From Date")

	def test_an_overlapping_allocation_of_the_same_worker_is_refused(self):
		police = self.people.workers["police_a"]
		family = self.new_family(
			allocations=[
				{"worker": police, "from_date": add_days(today(), -10), "to_date": add_days(today(), -2)},
				{"worker": police, "from_date": add_days(today(), -3)},
			]
		)
		assert_refused_and_nothing_saved(self, family, "already allocated to this family")

	def test_back_to_back_allocations_of_the_same_worker_are_fine(self):
		police = self.people.workers["police_a"]
		family = self.new_family(
			allocations=[
				{"worker": police, "from_date": add_days(today(), -10), "to_date": add_days(today(), -3)},
				{"worker": police, "from_date": add_days(today(), -2)},
			]
		).insert()
		self.assertEqual(len([row for row in family.allocations if row.worker == police]), 2)

	def test_a_lead_social_worker_who_is_not_a_social_worker_is_refused(self):
		family = self.new_family(lead_social_worker=self.people.workers["police_a"])
		assert_refused_and_nothing_saved(self, family, "Lead Social Worker must be a social worker")

	def test_an_inactive_worker_cannot_be_allocated(self):
		worker = self.people.workers["mh_a"]
		frappe.db.set_value("Agency Worker", worker, "is_active", 0)
		try:
			family = self.new_family(allocations=[{"worker": worker, "from_date": today()}])
			assert_refused_and_nothing_saved(self, family, "not an active worker")
		finally:
			frappe.db.set_value("Agency Worker", worker, "is_active", 1)

	def test_the_family_form_lists_its_members_as_the_user_may_see_them(self):
		family = frappe.get_doc("Family", self.people.families.a1)
		family.run_method("onload")
		names = {row.name for row in family.get_onload().members}
		self.assertEqual(names, set(frappe.get_all("Member", filters={"family": family.name}, pluck="name")))
		self.assertTrue(set(self.people.members.a1) <= names)
		self.assertFalse(set(self.people.members.b1) & names)
