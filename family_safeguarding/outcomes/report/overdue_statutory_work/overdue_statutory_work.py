# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Overdue Statutory Work: every child protection plan, PLO case and referral the daily job has
found overdue, among the records the user may see. It names families and children, so it applies
the row-level rule itself; one query per DocType."""

import frappe
from frappe import _

from family_safeguarding.outcomes.common import team_filter, visible_family, visible_records
from family_safeguarding.report_columns import column, data_column, link_column
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
		data_column("record_type", _("Record Type"), 170),
		column("record", _("Record"), "Dynamic Link", 150, options="record_type"),
		link_column("family", _("Family"), "Family"),
		data_column("family_name", _("Family Name"), 170),
		data_column("about", _("About"), 200),
		data_column("state", _("Stage"), 150),
		data_column("overdue_items", _("Overdue"), 320),
		data_column("team", _("Team"), 140),
	]
