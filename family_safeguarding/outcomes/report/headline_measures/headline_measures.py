# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Headline Measures: the four figures on the workspace's number cards, in one row, each taken
from the report it summarises so that a card and its report never disagree. No one is named."""

import frappe
from frappe import _
from frappe.utils import getdate, today

from family_safeguarding.outcomes.common import report_filters, team_filter
from family_safeguarding.outcomes.report.child_protection_outcomes.child_protection_outcomes import (
	plans_in_period,
)
from family_safeguarding.outcomes.report.goal_progress.goal_progress import progress_by_issue
from family_safeguarding.outcomes.report.overdue_statutory_work.overdue_statutory_work import OVERDUE_DOCTYPES
from family_safeguarding.outcomes.report.referral_response.referral_response import (
	average_wait,
	referrals_sent,
)
from family_safeguarding.report_columns import float_column, int_column, percent_column
from family_safeguarding.rules.outcomes import percentage


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	on = getdate(today())
	goals = progress_by_issue(filters, from_date, to_date)
	row = {
		"children_on_plans": sum(
			1 for plan in plans_in_period(filters, on, on) if not plan.plan_end or plan.plan_end > on
		),
		"overdue_items": overdue_records(filters),
		"goals_improving": percentage(sum(r.improved for r in goals), sum(r.scored for r in goals)),
		"referral_waiting_days": average_wait(referrals_sent(filters, from_date, to_date)),
	}
	return columns(), [row]


def overdue_records(filters) -> int:
	total = 0
	for doctype in OVERDUE_DOCTYPES:
		team_sql, values = team_filter(filters, f"`tab{doctype}`.family")
		total += frappe.db.sql(
			f"select count(*) from `tab{doctype}` where is_overdue = 1 and {team_sql}", values
		)[0][0]
	return total


def columns() -> list[dict]:
	return [
		int_column("children_on_plans", _("Children on Child Protection Plans"), 230),
		int_column("overdue_items", _("Overdue Statutory Records"), 200),
		percent_column("goals_improving", _("Goals Improving"), 150),
		float_column("referral_waiting_days", _("Average Days to a First Appointment"), 250),
	]
