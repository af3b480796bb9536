# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Caseload: each active worker's open families and children today, against their caseload
limit. One query for every worker; no family or child is named."""

import frappe
from frappe import _
from frappe.utils import today

from family_safeguarding.outcomes.common import chart_of
from family_safeguarding.report_columns import check_column, data_column, int_column, percent_column
from family_safeguarding.rules.outcomes import average, percentage
from family_safeguarding.rules.roles import NO_CASELOAD

# Beyond this many workers a bar per worker is unreadable: choose a team to see the chart.
CHART_LIMIT = 30


def execute(filters=None):
	filters = frappe._dict(filters or {})
	rows = caseloads(filters)
	return columns(), rows, None, chart(rows), summary(rows)


def caseloads(filters) -> list[dict]:
	conditions = ["worker.is_active = 1"]
	if filters.get("team"):
		conditions.append("worker.team = %(team)s")
	if filters.get("specialism"):
		conditions.append("worker.specialism = %(specialism)s")
	else:
		# managers and business support hold no caseload of their own
		conditions.append("worker.specialism not in %(no_caseload)s")
	rows = frappe.db.sql(
		f"""
		select worker.full_name as worker_name, worker.team, worker.specialism, worker.agency,
			worker.caseload_limit,
			count(distinct family.name) as families,
			count(distinct child.name) as children
		from `tabAgency Worker` worker
		left join `tabFamily Allocation` allocation
			on allocation.worker = worker.name and allocation.parenttype = 'Family'
			and allocation.from_date <= %(today)s
			and (allocation.to_date is null or allocation.to_date >= %(today)s)
		left join `tabFamily` family on family.name = allocation.parent and family.status = 'Open'
		left join `tabMember` child on child.family = family.name and child.is_child = 1
			and child.date_of_death is null
		where {" and ".join(conditions)}
		group by worker.name
		order by worker.team, worker.full_name""",
		{**filters, "today": today(), "no_caseload": NO_CASELOAD},
		as_dict=True,
	)
	for row in rows:
		row.percent_of_limit = percentage(row.families, row.caseload_limit)
		row.over_limit = int(bool(row.caseload_limit) and row.families > row.caseload_limit)
	return rows


def columns() -> list[dict]:
	return [
		data_column("worker_name", _("Worker")),
		data_column("team", _("Team"), 160),
		data_column("specialism", _("Specialism"), 200),
		data_column("agency", _("Agency"), 180),
		int_column("families", _("Open Families")),
		int_column("children", _("Children")),
		int_column("caseload_limit", _("Caseload Limit")),
		percent_column("percent_of_limit", _("% of Limit")),
		check_column("over_limit", _("Over Limit"), 90),
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows or len(rows) > CHART_LIMIT:
		return None
	return chart_of(
		[row.worker_name for row in rows],
		{
			_("Open Families"): [row.families for row in rows],
			_("Caseload Limit"): [row.caseload_limit or 0 for row in rows],
		},
	)


def summary(rows: list[dict]) -> list[dict]:
	return [
		{"label": _("Workers"), "value": len(rows), "datatype": "Int"},
		{
			"label": _("Average Families per Worker"),
			"value": average([row.families for row in rows]),
			"datatype": "Float",
		},
		{
			"label": _("Workers Over Their Limit"),
			"value": sum(row.over_limit for row in rows),
			"datatype": "Int",
			"indicator": "Red" if any(row.over_limit for row in rows) else "Green",
		},
	]
