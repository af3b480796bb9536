# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import assert_refused_and_nothing_saved, make_people


class TestMember(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.family = cls.people.families.a1

	def new_member(self, **fields):
		values = {
			"doctype": "Member",
			"family": self.family,
			"member_type": "Child",
			"first_name": "Robin",
			"last_name": "Example",
			"date_of_birth": "2018-05-20",
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_a_valid_child_is_saved_with_derived_values(self):
		member = self.new_member(nhs_number="943 476 5919", upn="r801200101001").insert()
		self.assertTrue(member.name.startswith("MEM-"))
		self.assertNotIn("Robin", member.name)
		self.assertEqual(member.full_name, "Robin Example")
		self.assertEqual(member.nhs_number, "9434765919")
		self.assertEqual(member.upn, "R801200101001")
		self.assertTrue(member.is_child)
		self.assertGreaterEqual(member.age, 7)

	def test_an_unborn_child_is_a_child_with_an_expected_date(self):
		member = self.new_member(
			member_type="Unborn Child",
			first_name="",
			last_name="",
			date_of_birth=None,
			expected_date_of_birth=add_days(today(), 40),
		).insert()
		self.assertTrue(member.is_child)
		self.assertIsNone(member.age)
		self.assertIn("Unborn baby", member.full_name)

	def test_a_future_date_of_birth_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_member(date_of_birth=add_days(today(), 1)), "Date of Birth.*future"
		)

	def test_an_nhs_number_with_a_wrong_check_digit_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_member(nhs_number="9434765918"), "NHS Number .* check digit"
		)

	def test_an_nhs_number_that_is_not_ten_digits_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_member(nhs_number="12345"), "NHS Number must be 10 digits"
		)

	def test_a_upn_with_a_wrong_check_letter_is_refused(self):
		assert_refused_and_nothing_saved(self, self.new_member(upn="A801200101001"), "UPN .* check letter")

	def test_an_unborn_child_without_an_expected_date_is_refused(self):
		member = self.new_member(member_type="Unborn Child", date_of_birth=None, first_name="")
		assert_refused_and_nothing_saved(self, member, "Expected Date of Birth is required")

	def test_a_child_without_a_date_of_birth_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_member(date_of_birth=None), "Date of Birth is required"
		)

	def test_a_date_of_death_before_birth_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.new_member(date_of_death="2017-01-01"), "Date of Death is before the Date of Birth"
		)

	def test_the_same_nhs_number_twice_in_a_family_is_refused(self):
		self.new_member(first_name="First", nhs_number="4010232137").insert()
		assert_refused_and_nothing_saved(
			self,
			self.new_member(first_name="Second", nhs_number="4010232137"),
			"NHS Number .* already recorded",
		)

	def test_a_change_to_an_invalid_value_saves_nothing(self):
		member = self.new_member(first_name="Saved").insert()
		member.reload()
		member.nhs_number = "1111111112"  # 1111111111 itself is valid: check digit 1
		assert_refused_and_nothing_saved(self, member, "NHS Number")

	def test_age_moves_on_with_the_daily_job(self):
		member = self.new_member(first_name="Birthday").insert()
		frappe.db.set_value("Member", member.name, {"age": 1, "is_child": 0})
		from family_safeguarding.family_records.doctype.member.member import refresh_ages

		refresh_ages()
		self.assertEqual(frappe.db.get_value("Member", member.name, "is_child"), 1)
		self.assertEqual(frappe.db.get_value("Member", member.name, "age"), member.age)
		self.assertGreater(member.age, 1)
