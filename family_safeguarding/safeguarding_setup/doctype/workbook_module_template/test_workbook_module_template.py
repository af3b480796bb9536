# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.utils import assert_refused_and_nothing_saved


class TestWorkbookModuleTemplate(FrappeTestCase):
	def test_eight_clearly_labelled_placeholders_are_shipped(self):
		templates = frappe.get_all(
			"Workbook Module Template", fields=["module_number", "module_name", "purpose"]
		)
		placeholders = [t for t in templates if t.module_name.startswith("Placeholder")]
		self.assertEqual(sorted(t.module_number for t in placeholders), list(range(1, 9)))
		self.assertTrue(all("PLACEHOLDER" in t.purpose for t in placeholders))

	def test_a_tool_listed_twice_is_refused(self):
		template = frappe.get_doc(
			{
				"doctype": "Workbook Module Template",
				"module_number": 90,
				"module_name": "Duplicate tools",
				"applies_to": "Parent",
				"tools": [{"tool_name": "Scaling"}, {"tool_name": "scaling"}],
			}
		)
		assert_refused_and_nothing_saved(self, template, "listed twice")

	def test_module_numbers_are_unique_and_positive(self):
		template = frappe.get_doc(
			{
				"doctype": "Workbook Module Template",
				"module_number": 0,
				"module_name": "Zero",
				"applies_to": "Family",
			}
		)
		assert_refused_and_nothing_saved(self, template, "Module Number must be 1 or more")
		template = frappe.get_doc(
			{
				"doctype": "Workbook Module Template",
				"module_number": 1,
				"module_name": "Another one",
				"applies_to": "Family",
			}
		)
		assert_refused_and_nothing_saved(self, template, "", frappe.UniqueValidationError)
