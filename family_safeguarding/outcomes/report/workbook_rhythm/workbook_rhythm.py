# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Workbook Rhythm: month by month, how many open families had their group case supervision, and
how many practitioner summaries were written for them. Three queries for the whole period; no
family is named."""

from collections import Counter

import frappe
from frappe import _
from frappe.utils import getdate

from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, float_column, int_column, percent_column
from family_safeguarding.rules.outcomes import months_in, open_in_each, percentage


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	months = months_in(from_date, to_date)
	values = {"from_date": from_date, "to_date": to_date}
	family_team_sql, team_values = team_filter(filters, "family.name")
	record_team_sql, _values = team_filter(filters, "record.family")
	values.update(team_values)
	families = frappe.db.sql(
		f"""
		select family.opened_on, family.closed_on from `tabFamily` family
		where family.opened_on <= %(to_date)s and (family.closed_on is null or family.closed_on >= %(from_date)s)
			and {family_team_sql}""",
		values,
		as_dict=True,
	)
	supervised = dict(
		frappe.db.sql(
			f"""
			select date_format(record.meeting_date, '%%Y-%%m'), count(distinct record.family)
			from `tabGroup Supervision` record
			where record.docstatus = 1 and record.meeting_date between %(from_date)s and %(to_date)s
				and {record_team_sql}
			group by date_format(record.meeting_date, '%%Y-%%m')""",
			values,
		)
	)
	summaries = dict(
		frappe.db.sql(
			f"""
			select date_format(record.period_end, '%%Y-%%m'), count(*)
			from `tabPractitioner Summary` record
			where record.period_end between %(from_date)s and %(to_date)s and {record_team_sql}
			group by date_format(record.period_end, '%%Y-%%m')""",
			values,
		)
	)
	open_in_month = open_in_each(
		months,
		[getdate(family.opened_on) for family in families],
		[getdate(family.closed_on) if family.closed_on else None for family in families],
	)
	rows = []
	for (start, _end), open_families in zip(months, open_in_month, strict=True):
		key = start.strftime("%Y-%m")
		rows.append(
			{
				"month": start.strftime("%b %Y"),
				"open_families": open_families,
				"supervised": supervised.get(key, 0),
				"percent_supervised": percentage(supervised.get(key, 0), open_families),
				"summaries": summaries.get(key, 0),
				"summaries_per_family": round(summaries.get(key, 0) / open_families, 1)
				if open_families
				else None,
			}
		)
	return columns(), rows, None, chart(rows)


def columns() -> list[dict]:
	return [
		data_column("month", _("Month"), 110),
		int_column("open_families", _("Open Families"), 120),
		int_column("supervised", _("Families Supervised"), 150),
		percent_column("percent_supervised", _("% Supervised"), 120),
		int_column("summaries", _("Practitioner Summaries"), 170),
		float_column("summaries_per_family", _("Summaries per Family"), 160),
	]


def chart(rows: list[dict]) -> dict:
	return chart_of(
		[row["month"] for row in rows],
		{_("% Supervised"): [row["percent_supervised"] or 0 for row in rows]},
		"line",
	)
