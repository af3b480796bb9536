# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

# import frappe
from frappe.tests.utils import FrappeTestCase


class TestChildProtectionPlan(FrappeTestCase):
	pass
