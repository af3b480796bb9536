# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.rules.workflows import LEGAL_GATEWAY
from family_safeguarding.tests.builders import new_family, this_run
from family_safeguarding.tests.utils import TEAM_A, assert_refused_and_nothing_saved, make_people


class TestPLOCase(FrappeTestCase):
	"""The case's own rules, as the controller applies them on every save (the workflow's steps and
	who may take them are in tests/test_statutory.py)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")

	def new_case(self, family=None, **fields):
		# a family of its own for each case: a family has one open PLO case at a time
		family = family or new_family(
			this_run(f"PLO Household {frappe.generate_hash(length=6)}"), TEAM_A, self.people.workers.sw_a1
		)
		return frappe.get_doc(
			{
				"doctype": "PLO Case",
				"family": family,
				"legal_gateway_date": add_days(today(), -30),
				**fields,
			}
		)

	def test_the_title_names_the_family_and_the_case_starts_at_the_legal_gateway(self):
		case = self.new_case().insert()
		family_name = frappe.db.get_value("Family", case.family, "family_name")
		self.assertEqual(case.title, f"Public Law Outline, {family_name}")
		self.assertEqual(case.workflow_state, LEGAL_GATEWAY)

	def test_a_letter_or_an_issue_before_the_legal_gateway_is_refused(self):
		case = self.new_case(letter_before_proceedings=add_days(today(), -31))
		assert_refused_and_nothing_saved(
			self, case, "Letter Before Proceedings cannot be before the Legal Gateway Meeting"
		)
		case = self.new_case(issue_date=add_days(today(), -31))
		assert_refused_and_nothing_saved(
			self, case, "Proceedings Issued On cannot be before the Legal Gateway Meeting"
		)

	def test_a_date_in_the_future_is_refused(self):
		case = self.new_case(legal_gateway_date=add_days(today(), 2))
		assert_refused_and_nothing_saved(self, case, "Legal Gateway Meeting cannot be in the future")

	def test_concluded_before_issued_is_refused(self):
		case = self.new_case(issue_date=add_days(today(), -10), concluded_on=add_days(today(), -11))
		assert_refused_and_nothing_saved(self, case, "Concluded On cannot be before Proceedings Issued On")

	def test_a_child_of_another_family_is_refused(self):
		case = self.new_case(family=self.people.families.a2, children=[{"member": self.people.members.b1[1]}])
		assert_refused_and_nothing_saved(
			self, case, "Children: the person chosen is not a member of this family"
		)

	def test_a_family_has_one_open_case_at_a_time(self):
		first = self.new_case().insert()
		second = self.new_case(family=first.family)
		assert_refused_and_nothing_saved(self, second, "This family already has an open PLO case")
