# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Child Protection Outcomes: plans open, started and ended in the period, second or subsequent
plans, plans of two years or more, the rate per 10,000 children and the mix of categories (the
Children in Need census measures: docs/developers/timescales.md, "Outcome measures"). One query for the plans the period touches; no
child is named."""

from collections import Counter, namedtuple

import frappe
from frappe import _
from frappe.utils import getdate

from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, float_column, percent_column
from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.outcomes import lasted_long, percentage, rate_per_10000
from family_safeguarding.rules.statutory import CATEGORIES
from family_safeguarding.rules.workflows import PLAN_STARTED_STATES

# Plans that ended within this many months of starting (a measure of plans that were not needed).
SHORT_PLAN_MONTHS = 3


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	plans = plans_in_period(filters, from_date, to_date)
	population = frappe.db.get_single_value("Family Safeguarding Settings", "child_population")
	rows = figures(plans, from_date, to_date, population)
	message = (
		None
		if population
		else _("Enter the child population in Family Safeguarding Settings to see the rate per 10,000.")
	)
	return columns(), rows, message, chart(rows)


# A plan as the figures need it; a named tuple, since ten years of a large council are 20,000 plans.
PlanDates = namedtuple("PlanDates", "plan_start plan_end previous_plans initial_category")


def plans_in_period(filters, from_date, to_date) -> list[PlanDates]:
	team_sql, values = team_filter(filters, "plan.family")
	plans = frappe.db.sql(
		f"""
		select plan.plan_start, plan.plan_end, plan.previous_plans, plan.initial_category
		from `tabChild Protection Plan` plan
		where plan.plan_start is not null and plan.plan_start <= %(to_date)s
			and (plan.plan_end is null or plan.plan_end >= %(from_date)s)
			and plan.workflow_state in %(started_states)s
			and {team_sql}""",
		{**values, "from_date": from_date, "to_date": to_date, "started_states": PLAN_STARTED_STATES},
	)
	return [
		PlanDates(getdate(start), getdate(end) if end else None, previous, category)
		for start, end, previous, category in plans
	]


def figures(plans: list[dict], from_date, to_date, population) -> list[dict]:
	open_at_end = [plan for plan in plans if not plan.plan_end or plan.plan_end > to_date]
	started = [plan for plan in plans if plan.plan_start >= from_date]
	ended = [plan for plan in plans if plan.plan_end and plan.plan_end <= to_date]
	repeat = [plan for plan in started if (plan.previous_plans or 0) > 0]
	ended_long = [plan for plan in ended if lasted_long(plan.plan_start, plan.plan_end)]
	# ten years hold 20,000 plans but only 3,650 days they started on
	short_until = {
		start: add_months(start, SHORT_PLAN_MONTHS) for start in {plan.plan_start for plan in ended}
	}
	ended_short = [plan for plan in ended if plan.plan_end < short_until[plan.plan_start]]
	open_long = [plan for plan in open_at_end if lasted_long(plan.plan_start, to_date)]

	def row(measure, value, of=None, category=None):
		return {
			"measure": measure,
			"value": value,
			"percent": percentage(value, len(of)) if of is not None else None,
			"category": category,
		}

	rows = [
		row(_("Children on a plan at the end of the period"), len(open_at_end)),
		row(_("Rate per 10,000 children"), rate_per_10000(len(open_at_end), population)),
		row(_("Plans started"), len(started)),
		row(_("Second or subsequent plans started"), len(repeat), started),
		row(_("Plans ended"), len(ended)),
		row(_("Plans ended after two years or more"), len(ended_long), ended),
		row(_("Plans ended within three months"), len(ended_short), ended),
		row(_("Plans open for two years or more at the end"), len(open_long), open_at_end),
	]
	by_category = Counter(plan.initial_category for plan in started)
	for category in CATEGORIES:
		count = by_category[category]
		rows.append(row(_("Started under category {0}").format(category), count, started, category))
	return rows


def columns() -> list[dict]:
	return [
		data_column("measure", _("Measure"), 360),
		float_column("value", _("Value"), 120),
		percent_column("percent", _("% Of"), 110),
	]


def chart(rows: list[dict]) -> dict:
	categories = [row for row in rows if row["category"]]
	return chart_of(
		[row["category"] for row in categories], {_("Plans started"): [row["value"] for row in categories]}
	)
