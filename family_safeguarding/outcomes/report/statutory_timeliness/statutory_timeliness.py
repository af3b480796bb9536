# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Statutory Timeliness: for the child protection timescales of Family Safeguarding Settings, how
many fell due in the period, how many were met, and how many are overdue today. One query per
measure; no child is named (the named list is the Overdue Statutory Work report)."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from family_safeguarding import timescales
from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, int_column, percent_column
from family_safeguarding.rules.outcomes import percentage, reviews_against_timescale
from family_safeguarding.rules.workflows import ACTIVE_PLAN, BEFORE_CONFERENCE_STATES


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	team_sql, values = team_filter(filters, "plan.family")
	values.update(
		{
			"from_date": from_date,
			"to_date": to_date,
			"today": today(),
			"before_conference": BEFORE_CONFERENCE_STATES,
			"active_plan": ACTIVE_PLAN,
		}
	)
	rows = [
		initial_conferences(team_sql, values),
		first_core_groups(team_sql, values),
		review_conferences(team_sql, values, from_date, to_date),
		visits(team_sql, values),
	]
	for row in rows:
		row["late"] = row["due"] - row["on_time"]
		row["percent_on_time"] = percentage(row["on_time"], row["due"])
	return columns(), rows, None, chart(rows)


def measure(name: str, timescale: str, due, on_time, overdue_now, short: str) -> dict:
	return {
		"measure": name,
		"short": short,
		"timescale": timescale,
		"due": int(due or 0),
		"on_time": int(on_time or 0),
		"overdue_now": int(overdue_now or 0),
	}


def initial_conferences(team_sql: str, values: dict) -> dict:
	held, in_time, overdue = frappe.db.sql(
		f"""
		select
			sum(plan.icpc_date between %(from_date)s and %(to_date)s and plan.icpc_date <= %(today)s),
			sum(plan.icpc_date between %(from_date)s and %(to_date)s and plan.icpc_date <= %(today)s
				and plan.icpc_date <= plan.icpc_due),
			sum(plan.workflow_state in %(before_conference)s
				and plan.icpc_due < %(today)s)
		from `tabChild Protection Plan` plan
		where {team_sql}""",
		values,
	)[0]
	return measure(
		_("Initial conference held in time"),
		_("{0} working days from the strategy discussion").format(timescales.setting("icpc_working_days")),
		held,
		in_time,
		overdue,
		_("Initial conference"),
	)


def first_core_groups(team_sql: str, values: dict) -> dict:
	due, in_time, overdue = frappe.db.sql(
		f"""
		select
			sum(plan.first_core_group_due between %(from_date)s and %(to_date)s
				and plan.first_core_group_due < %(today)s),
			sum(plan.first_core_group_due between %(from_date)s and %(to_date)s
				and plan.first_core_group_due < %(today)s and first.meeting_date <= plan.first_core_group_due),
			sum(plan.workflow_state = %(active_plan)s and first.meeting_date is null
				and plan.first_core_group_due < %(today)s)
		from `tabChild Protection Plan` plan
		left join (
			select parent, min(meeting_date) as meeting_date from `tabCore Group Meeting`
			where parenttype = 'Child Protection Plan' group by parent
		) first on first.parent = plan.name
		where plan.plan_start is not null and {team_sql}""",
		values,
	)[0]
	return measure(
		_("First core group held in time"),
		_("{0} working days from the initial conference").format(
			timescales.setting("first_core_group_working_days")
		),
		due,
		in_time,
		overdue,
		_("First core group"),
	)


def review_conferences(team_sql: str, values: dict, from_date, to_date) -> dict:
	reviews = frappe.db.sql(
		f"""
		select plan.name, plan.icpc_date, review.review_date
		from `tabChild Protection Plan` plan
		inner join `tabProtection Review` review
			on review.parent = plan.name and review.parenttype = 'Child Protection Plan'
		where plan.icpc_date is not null and {team_sql}""",
		values,
		as_dict=True,
	)
	by_plan: dict[str, tuple] = {}
	for row in reviews:
		icpc, dates = by_plan.get(row.name, (row.icpc_date, []))
		by_plan[row.name] = (icpc, [*dates, row.review_date])
	first_months = timescales.setting("first_review_months") or 3
	later_months = timescales.setting("later_review_months") or 6
	held = in_time = 0
	for icpc, dates in by_plan.values():
		for review_date, _due, on_time in reviews_against_timescale(icpc, dates, first_months, later_months):
			if from_date <= getdate(review_date) <= to_date:
				held += 1
				in_time += on_time
	overdue = frappe.db.sql(
		f"""select count(*) from `tabChild Protection Plan` plan
		where plan.workflow_state = %(active_plan)s and plan.next_review_due < %(today)s and {team_sql}""",
		values,
	)[0][0]
	return measure(
		_("Review conference held in time"),
		_("{0} months from the initial conference, then every {1}").format(first_months, later_months),
		held,
		in_time,
		overdue,
		_("Review conferences"),
	)


def visits(team_sql: str, values: dict) -> dict:
	active, up_to_date = frappe.db.sql(
		f"""
		select count(*), sum(plan.next_visit_due >= %(today)s)
		from `tabChild Protection Plan` plan
		where plan.workflow_state = %(active_plan)s and {team_sql}""",
		values,
	)[0]
	return measure(
		_("Children on plans visited in time (today)"),
		_("every {0} working days").format(timescales.setting("visit_interval_working_days")),
		active,
		up_to_date,
		(active or 0) - (up_to_date or 0),
		_("Visits"),
	)


def columns() -> list[dict]:
	return [
		data_column("measure", _("Measure"), 280),
		data_column("timescale", _("Timescale"), 300),
		int_column("due", _("Due")),
		int_column("on_time", _("On Time")),
		int_column("late", _("Late")),
		percent_column("percent_on_time", _("% On Time")),
		int_column("overdue_now", _("Overdue Now"), 110),
	]


def chart(rows: list[dict]) -> dict:
	return chart_of(
		[row["short"] for row in rows],
		{_("% On Time"): [row["percent_on_time"] or 0 for row in rows]},
		colors=["#2490ef"],
	)
