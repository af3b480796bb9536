# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Time Use: minutes of direct work with families against minutes of recording, from the
practitioner summaries of the period, by specialism, worker or team. One aim of the Family
Safeguarding model is less time recording and more with families. One query; no family is named."""

import frappe
from frappe import _

from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, float_column, int_column, percent_column
from family_safeguarding.rules.outcomes import percentage

GROUPINGS = {"Specialism": "per_worker.specialism", "Worker": "worker.full_name", "Team": "per_worker.team"}


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	group_by = filters.get("group_by") or "Specialism"
	if group_by not in GROUPINGS:
		frappe.throw(_("Group By must be one of {0}.").format(", ".join(GROUPINGS)), title=_("Group By"))
	team_sql, values = team_filter(filters, "summary.family")
	by_team = group_by == "Team"
	# Summed per worker first, then per grouping: counting distinct workers over ten years of
	# summaries in one step was slower (docs/administrators/scaling.md). The family is joined only
	# for teams.
	rows = frappe.db.sql(
		f"""
		select {GROUPINGS[group_by]} as grouping,
			count(distinct per_worker.worker) as workers,
			sum(per_worker.summaries) as summaries,
			sum(per_worker.direct_minutes) as direct_minutes,
			sum(per_worker.recording_minutes) as recording_minutes
		from (
			select summary.worker, summary.specialism, {"family.team" if by_team else "null"} as team,
				count(*) as summaries,
				sum(ifnull(summary.direct_work_minutes, 0)) as direct_minutes,
				sum(ifnull(summary.recording_minutes, 0)) as recording_minutes
			from `tabPractitioner Summary` summary
			{"inner join `tabFamily` family on family.name = summary.family" if by_team else ""}
			where summary.period_end between %(from_date)s and %(to_date)s and {team_sql}
			group by summary.worker, summary.specialism{", family.team" if by_team else ""}
		) per_worker
		inner join `tabAgency Worker` worker on worker.name = per_worker.worker
		group by {GROUPINGS[group_by]}
		order by 1""",
		{**values, "from_date": from_date, "to_date": to_date},
		as_dict=True,
	)
	for row in rows:
		row.direct_hours = round((row.direct_minutes or 0) / 60, 1)
		row.recording_hours = round((row.recording_minutes or 0) / 60, 1)
		row.direct_share = percentage(
			row.direct_minutes, (row.direct_minutes or 0) + (row.recording_minutes or 0)
		)
	return columns(group_by), rows, None, chart(rows)


def columns(group_by: str) -> list[dict]:
	return [
		data_column("grouping", _(group_by), 220),
		int_column("workers", _("Workers")),
		int_column("summaries", _("Summaries")),
		float_column("direct_hours", _("Direct Work (Hours)"), 150),
		float_column("recording_hours", _("Recording (Hours)"), 140),
		percent_column("direct_share", _("Direct Work Share"), 140),
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	return chart_of(
		[row.grouping for row in rows],
		{
			_("Direct Work (Hours)"): [row.direct_hours for row in rows],
			_("Recording (Hours)"): [row.recording_hours for row in rows],
		},
		barOptions={"stacked": 1},
	)
