"""Week 26 of care proceedings was stored as the issue date plus 26 weeks, one day past the limit:
the 26 weeks begin with the day of issue, so their last day is the day before
(docs/developers/timescales.md, "Care proceedings"). Recompute it for every case that has an issue
date. Running it twice gives the same dates; the modified time is left alone, as nobody changed the
case."""

import frappe

from family_safeguarding import timescales


def execute():
	for case in frappe.get_all(
		"PLO Case", filters={"issue_date": ("is", "set")}, fields=["name", "issue_date"]
	):
		frappe.db.set_value(
			"PLO Case",
			case.name,
			"week_26_date",
			timescales.week_26_date(case.issue_date),
			update_modified=False,
		)
