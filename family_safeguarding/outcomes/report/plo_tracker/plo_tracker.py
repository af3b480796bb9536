# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""PLO Tracker: each Public Law Outline case the user may see (a team manager their team's, a
social worker their own families'), with its weeks in pre-proceedings against the target and its
weeks in proceedings against the time limit (26 weeks unless the council's settings say otherwise). It names families, so it applies the row-level rule itself."""

import frappe
from frappe import _
from frappe.utils import getdate

from family_safeguarding.outcomes.common import team_filter, visible_records
from family_safeguarding.report_columns import check_column, data_column, date_column, int_column, link_column
from family_safeguarding.rules.outcomes import average, percentage
from family_safeguarding.rules.statutory import concluded_in_time
from family_safeguarding.rules.workflows import PLO_OPEN_STATES, PRE_PROCEEDINGS, PROCEEDINGS_ISSUED


def execute(filters=None):
	filters = frappe._dict(filters or {})
	team_sql, values = team_filter(filters, "`tabPLO Case`.family")
	state_sql = "1 = 1"
	if filters.get("show") != "All Cases":
		state_sql = "`tabPLO Case`.workflow_state in %(open_states)s"
		values["open_states"] = PLO_OPEN_STATES
	rows = frappe.db.sql(
		f"""
		select `tabPLO Case`.name as plo_case, `tabPLO Case`.family, family.family_name,
			`tabPLO Case`.workflow_state as state, `tabPLO Case`.legal_gateway_date,
			`tabPLO Case`.letter_before_proceedings, `tabPLO Case`.weeks_in_pre_proceedings,
			`tabPLO Case`.target_end, `tabPLO Case`.extension_reason, `tabPLO Case`.stepped_down_on,
			`tabPLO Case`.issue_date, `tabPLO Case`.weeks_in_proceedings, `tabPLO Case`.week_26_date,
			`tabPLO Case`.final_order, `tabPLO Case`.concluded_on, `tabPLO Case`.is_overdue
		from `tabPLO Case`
		inner join `tabFamily` family on family.name = `tabPLO Case`.family
		where {visible_records("PLO Case")} and {team_sql} and {state_sql}
		order by `tabPLO Case`.workflow_state, `tabPLO Case`.letter_before_proceedings""",
		values,
		as_dict=True,
	)
	for row in rows:
		row.extended = int(bool(row.extension_reason))
		row.pop("extension_reason")
	return columns(), rows, None, None, summary(rows)


def summary(rows: list[dict]) -> list[dict]:
	issued = [row for row in rows if row.issue_date]
	concluded = [row for row in issued if row.concluded_on]
	within_26 = [
		row for row in concluded if concluded_in_time(getdate(row.concluded_on), getdate(row.week_26_date))
	]
	return [
		{
			"label": _("In Pre-Proceedings"),
			"value": sum(row.state == PRE_PROCEEDINGS for row in rows),
			"datatype": "Int",
		},
		{
			"label": _("In Proceedings"),
			"value": sum(row.state == PROCEEDINGS_ISSUED for row in rows),
			"datatype": "Int",
		},
		{
			"label": _("Stepped Down"),
			"value": sum(bool(row.stepped_down_on) for row in rows),
			"datatype": "Int",
		},
		{
			"label": _("Average Weeks in Pre-Proceedings"),
			"value": average(row.weeks_in_pre_proceedings for row in rows),
			"datatype": "Float",
		},
		{
			"label": _("Proceedings Concluded within 26 Weeks"),
			"value": percentage(len(within_26), len(concluded)),
			"datatype": "Percent",
		},
	]


def columns() -> list[dict]:
	return [
		link_column("plo_case", _("PLO Case"), "PLO Case", 130),
		link_column("family", _("Family"), "Family"),
		data_column("family_name", _("Family Name"), 170),
		data_column("state", _("Stage"), 150),
		date_column("legal_gateway_date", _("Legal Gateway"), 120),
		date_column("letter_before_proceedings", _("Letter Before Proceedings"), 130),
		int_column("weeks_in_pre_proceedings", _("Weeks in Pre-Proceedings"), 120),
		date_column("target_end", _("Target End")),
		check_column("extended", _("Extended")),
		date_column("stepped_down_on", _("Stepped Down")),
		date_column("issue_date", _("Issued")),
		int_column("weeks_in_proceedings", _("Weeks in Proceedings"), 110),
		date_column("week_26_date", _("Week 26")),
		data_column("final_order", _("Final Order"), 150),
		check_column("is_overdue", _("Overdue")),
	]
