# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.builders import this_run
from family_safeguarding.tests.utils import assert_refused_and_nothing_saved


class TestAgency(FrappeTestCase):
	def test_ods_code_is_normalised(self):
		agency = frappe.get_doc(
			{
				"doctype": "Agency",
				"agency_name": this_run("ODS Test Trust"),
				"agency_type": "NHS Mental Health Trust",
				"ods_code": " rwr ",
			}
		).insert()
		self.assertEqual(agency.ods_code, "RWR")

	def test_a_malformed_ods_code_is_refused(self):
		agency = frappe.get_doc(
			{
				"doctype": "Agency",
				"agency_name": this_run("Bad ODS Trust"),
				"agency_type": "Integrated Care Board",
				"ods_code": "R-W",
			}
		)
		assert_refused_and_nothing_saved(self, agency, "ODS Code must be 3 to 10 letters and digits")

	def test_an_unknown_agency_type_is_refused(self):
		agency = frappe.get_doc(
			{"doctype": "Agency", "agency_name": this_run("Odd Agency"), "agency_type": "Fire Service"}
		)
		assert_refused_and_nothing_saved(self, agency, "Agency Type")
