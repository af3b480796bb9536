"""Frappe's setup wizard, answered as an English council would: for the demo and the generator."""

import frappe


def complete_setup_wizard_for_the_uk() -> bool:
	"""Answer Frappe's setup wizard as an English council would, if no one has yet.

	Until the wizard is complete, Frappe sends every user but Administrator to it.
	"""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{"language": "English", "country": "United Kingdom", "timezone": "Europe/London", "currency": "GBP"}
	)
	return True
