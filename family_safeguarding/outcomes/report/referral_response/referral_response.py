# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Referral Response: for referrals sent in the period, by receiving agency, how many were
accepted or declined, how quickly the agency answered (against the response timescale of Family
Safeguarding Settings, in working days) and how long families waited for a first appointment.
One query; no family is named."""

from collections import defaultdict

import frappe
from frappe import _
from frappe.utils import getdate

from family_safeguarding import timescales
from family_safeguarding.outcomes.common import (
	data_column,
	float_column,
	int_column,
	percent_column,
	period,
	team_filter,
)
from family_safeguarding.rules.outcomes import average, percentage

ACCEPTED_STATES = ("Accepted", "Engaged", "Closed")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	from_date, to_date = period(filters)
	referrals = referrals_sent(filters, from_date, to_date)
	rows = by_agency(referrals)
	return columns(), rows, None, chart(rows)


def referrals_sent(filters, from_date, to_date) -> list[dict]:
	team_sql, values = team_filter(filters, "referral.family")
	return frappe.db.sql(
		f"""
		select referral.to_agency, referral.workflow_state, referral.sent_on, referral.responded_on,
			referral.first_appointment_on
		from `tabReferral` referral
		where referral.sent_on between %(from_date)s and %(to_date)s and {team_sql}""",
		{**values, "from_date": from_date, "to_date": to_date},
		as_dict=True,
	)


def by_agency(referrals: list[dict]) -> list[dict]:
	groups = defaultdict(list)
	for referral in referrals:
		groups[referral.to_agency].append(referral)
	rows = []
	for agency in sorted(groups):
		group = groups[agency]
		accepted = sum(1 for r in group if r.responded_on and r.workflow_state in ACCEPTED_STATES)
		declined = sum(1 for r in group if r.workflow_state == "Declined")
		answered = [r for r in group if r.responded_on]
		in_time = sum(
			1 for r in answered if getdate(r.responded_on) <= timescales.referral_response_due(r.sent_on)
		)
		rows.append(
			{
				"agency": agency,
				"sent": len(group),
				"accepted": accepted,
				"declined": declined,
				"awaiting": sum(1 for r in group if r.workflow_state == "Sent"),
				"acceptance_rate": percentage(accepted, accepted + declined),
				"response_days": average(
					(getdate(r.responded_on) - getdate(r.sent_on)).days for r in answered
				),
				"answered_in_time": percentage(in_time, len(answered)),
				"waiting_days": average_wait(group),
			}
		)
	return rows


def average_wait(referrals: list[dict]) -> float | None:
	"""Average calendar days from sending a referral to the family's first appointment."""
	return average(
		(getdate(r.first_appointment_on) - getdate(r.sent_on)).days
		for r in referrals
		if r.first_appointment_on
	)


def columns() -> list[dict]:
	return [
		data_column("agency", _("Receiving Agency"), 220),
		int_column("sent", _("Sent")),
		int_column("accepted", _("Accepted")),
		int_column("declined", _("Declined")),
		int_column("awaiting", _("Awaiting an Answer"), 140),
		percent_column("acceptance_rate", _("Acceptance Rate"), 130),
		float_column("response_days", _("Average Days to Answer"), 170),
		percent_column("answered_in_time", _("% Answered in Time"), 150),
		float_column("waiting_days", _("Average Days to First Appointment"), 230),
	]


def chart(rows: list[dict]) -> dict | None:
	if not rows:
		return None
	return {
		"data": {
			"labels": [row["agency"] for row in rows],
			"datasets": [
				{
					"name": _("Average Days to First Appointment"),
					"values": [row["waiting_days"] or 0 for row in rows],
				}
			],
		},
		"type": "bar",
	}
