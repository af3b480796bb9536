# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Overdue Statutory Work: every child protection plan, PLO case and referral the daily job has
found overdue, among the records the user may see. It names families and children, so it applies
the row-level rule itself; one query per DocType."""

import frappe
from frappe import _

from family_safeguarding.outcomes.common import team_filter, visible_family, visible_records
from family_safeguarding.statutory.overdue import describe

# DocType -> SQL for the child or subject the row is about.
OVERDUE_DOCTYPES = {
	"Child Protection Plan": "`tabChild Protection Plan`.member_name",
	"PLO Case": "`tabPLO Case`.title",
	"Referral": "`tabReferral`.title",
}


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = []
	for doctype, about in OVERDUE_DOCTYPES.items():
		team_sql, values = team_filter(filters, f"`tab{doctype}`.family")
		rows += frappe.db.sql(
			f"""
			select %(doctype)s as record_type, `tab{doctype}`.name as record, `tab{doctype}`.family,
				family.family_name, {about} as about, `tab{doctype}`.workflow_state as state,
				`tab{doctype}`.overdue_items, family.team
			from `tab{doctype}`
			inner join `tabFamily` family on family.name = `tab{doctype}`.family
			where `tab{doctype}`.is_overdue = 1 and {visible_records(doctype)}
				and {visible_family("family.name")} and {team_sql}""",
			{**values, "doctype": doctype},
			as_dict=True,
		)
	for row in rows:
		row.overdue_items = "; ".join(describe(row.overdue_items))
	rows.sort(key=lambda row: (row.team or "", row.family_name or "", row.record_type))
	return columns(), rows


def columns() -> list[dict]:
	return [
		{"fieldname": "record_type", "label": _("Record Type"), "fieldtype": "Data", "width": 170},
		{
			"fieldname": "record",
			"label": _("Record"),
			"fieldtype": "Dynamic Link",
			"options": "record_type",
			"width": 150,
		},
		{"fieldname": "family", "label": _("Family"), "fieldtype": "Link", "options": "Family", "width": 140},
		{"fieldname": "family_name", "label": _("Family Name"), "fieldtype": "Data", "width": 170},
		{"fieldname": "about", "label": _("About"), "fieldtype": "Data", "width": 200},
		{"fieldname": "state", "label": _("Stage"), "fieldtype": "Data", "width": 150},
		{"fieldname": "overdue_items", "label": _("Overdue"), "fieldtype": "Data", "width": 320},
		{"fieldname": "team", "label": _("Team"), "fieldtype": "Data", "width": 140},
	]
