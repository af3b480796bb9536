# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.setup.install import SETTINGS_DEFAULTS


class TestFamilySafeguardingSettings(FrappeTestCase):
	def test_defaults_are_the_statutory_timescales(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		self.assertEqual(settings.icpc_working_days, 15)
		self.assertEqual(settings.first_core_group_working_days, 10)
		self.assertEqual(settings.first_review_months, 3)
		self.assertEqual(settings.later_review_months, 6)
		self.assertEqual(settings.plo_pre_proceedings_weeks, 16)
		self.assertEqual(settings.care_proceedings_weeks, 26)
		self.assertEqual(settings.bank_holiday_calendar, "England and Wales")
		for field, value in SETTINGS_DEFAULTS.items():
			self.assertEqual(settings.get(field), value, field)

	def test_a_timescale_below_one_is_refused_and_not_saved(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		settings.icpc_working_days = 0
		with self.assertRaisesRegex(
			frappe.ValidationError, "Initial Conference Within .* must be at least 1"
		):
			settings.save()
		self.assertEqual(frappe.db.get_single_value("Family Safeguarding Settings", "icpc_working_days"), 15)

	def test_an_unknown_calendar_is_refused(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		settings.bank_holiday_calendar = "Narnia"
		with self.assertRaisesRegex(frappe.ValidationError, "Bank Holiday Calendar"):
			settings.save()
		self.assertEqual(
			frappe.db.get_single_value("Family Safeguarding Settings", "bank_holiday_calendar"),
			"England and Wales",
		)
