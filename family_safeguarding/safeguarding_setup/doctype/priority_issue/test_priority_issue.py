# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.code_lists import PRIORITY_ISSUES


class TestPriorityIssue(FrappeTestCase):
	def test_the_models_priority_issues_are_shipped_with_their_census_factor_codes(self):
		shipped = dict(frappe.get_all("Priority Issue", fields=["name", "cin_factor_code"], as_list=True))
		for issue, (code, _description) in PRIORITY_ISSUES.items():
			self.assertEqual(shipped.get(issue), code, issue)
