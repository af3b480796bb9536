# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe.model.document import Document


class FamilyAllocation(Document):
	pass


def on_doctype_update():
	# The row-level rule reads a worker's current allocations on every list and form. This index
	# answers it from the index alone, however long the worker's history (the figures:
	# docs/administrators/scaling.md).
	frappe.db.add_index(
		"Family Allocation", ["worker", "to_date", "from_date", "parenttype", "parent"], "worker_current"
	)
