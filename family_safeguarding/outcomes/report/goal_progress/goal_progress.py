# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Goal Progress: for goals set in the period, the first (baseline) and latest progress score on
the 0 to 10 scale, by priority issue and team. One query; no family member is named."""

import frappe
from frappe import _

from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, float_column, int_column, percent_column
from family_safeguarding.rules.outcomes import percentage


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	rows = progress_by_issue(filters, from_date, to_date)
	return columns(), rows, None, chart(rows)


def progress_by_issue(filters, from_date, to_date) -> list[dict]:
	team_sql, values = team_filter(filters, "goal.family")
	rows = frappe.db.sql(
		f"""
		select ifnull(goal.priority_issue, %(no_issue)s) as priority_issue, family.team,
			count(*) as goals,
			sum(goal.baseline_score is not null and goal.latest_score is not null) as scored,
			avg(case when goal.latest_score is not null then goal.baseline_score end) as baseline,
			avg(case when goal.baseline_score is not null then goal.latest_score end) as latest,
			sum(goal.latest_score > goal.baseline_score) as improved,
			sum(goal.status = 'Achieved') as achieved
		from `tabGoal` goal
		inner join `tabFamily` family on family.name = goal.family
		where goal.start_date between %(from_date)s and %(to_date)s and {team_sql}
		group by goal.priority_issue, family.team
		order by family.team, goal.priority_issue""",
		{**values, "from_date": from_date, "to_date": to_date, "no_issue": _("(No priority issue)")},
		as_dict=True,
	)
	for row in rows:
		row.scored = int(row.scored or 0)
		row.improved = int(row.improved or 0)
		row.achieved = int(row.achieved or 0)
		row.change = (row.latest - row.baseline) if row.scored else None
		row.percent_improved = percentage(row.improved, row.scored)
	return rows


def columns() -> list[dict]:
	return [
		data_column("priority_issue", _("Priority Issue"), 220),
		data_column("team", _("Team"), 160),
		int_column("goals", _("Goals")),
		int_column("scored", _("With a Progress Score"), 150),
		float_column("baseline", _("Average Baseline")),
		float_column("latest", _("Average Latest")),
		float_column("change", _("Average Change")),
		int_column("improved", _("Improved")),
		percent_column("percent_improved", _("% Improved")),
		int_column("achieved", _("Achieved")),
	]


def chart(rows: list[dict]) -> dict | None:
	"""Average baseline and latest score by priority issue, across the teams shown."""
	by_issue: dict[str, list] = {}
	for row in rows:
		if row.scored:
			totals = by_issue.setdefault(row.priority_issue, [0, 0.0, 0.0])
			totals[0] += row.scored
			totals[1] += row.baseline * row.scored
			totals[2] += row.latest * row.scored
	if not by_issue:
		return None
	issues = sorted(by_issue)
	return chart_of(
		issues,
		{
			_("Average Baseline"): [round(by_issue[i][1] / by_issue[i][0], 1) for i in issues],
			_("Average Latest"): [round(by_issue[i][2] / by_issue[i][0], 1) for i in issues],
		},
	)
