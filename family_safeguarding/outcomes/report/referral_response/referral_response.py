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
from family_safeguarding.outcomes.common import chart_of, report_filters, team_filter
from family_safeguarding.report_columns import data_column, float_column, int_column, percent_column
from family_safeguarding.rules.outcomes import average, percentage
from family_safeguarding.rules.workflows import ACCEPTED_STATES, AWAITING_ANSWER_STATES, DECLINED


def execute(filters=None):
	filters, from_date, to_date = report_filters(filters)
	referrals = referrals_sent(filters, from_date, to_date)
	rows = by_agency(referrals)
	return columns(), rows, None, chart(rows)


def referrals_sent(filters, from_date, to_date) -> list[tuple]:
	"""(agency, state, sent on, responded on, first appointment on) of each referral sent in the
	period; plain tuples, because ten years of a large council are 80,000 of them."""
	team_sql, values = team_filter(filters, "referral.family")
	return frappe.db.sql(
		f"""
		select referral.to_agency, referral.workflow_state, referral.sent_on, referral.responded_on,
			referral.first_appointment_on
		from `tabReferral` referral
		where referral.sent_on between %(from_date)s and %(to_date)s and {team_sql}""",
		{**values, "from_date": from_date, "to_date": to_date},
	)


def by_agency(referrals: list[tuple]) -> list[dict]:
	"""One pass over the referrals, tallied by agency."""
	# one due date per day sent, not per referral: ten years are 3,650 days but 80,000 referrals
	response_due = {sent: timescales.referral_response_due(sent) for sent in {r[2] for r in referrals}}
	tallies = defaultdict(lambda: defaultdict(int))
	for agency, state, sent, responded, appointment in referrals:
		tally = tallies[agency]
		tally["sent"] += 1
		tally["awaiting"] += state in AWAITING_ANSWER_STATES
		tally["declined"] += state == DECLINED
		if responded:
			tally["answered"] += 1
			tally["response_days"] += (getdate(responded) - getdate(sent)).days
			tally["in_time"] += getdate(responded) <= response_due[sent]
			tally["accepted"] += state in ACCEPTED_STATES
		if appointment:
			tally["waited"] += 1
			tally["waiting_days"] += (getdate(appointment) - getdate(sent)).days
	return [
		{
			"agency": agency,
			"sent": tally["sent"],
			"accepted": tally["accepted"],
			"declined": tally["declined"],
			"awaiting": tally["awaiting"],
			"acceptance_rate": percentage(tally["accepted"], tally["accepted"] + tally["declined"]),
			"response_days": _mean(tally["response_days"], tally["answered"]),
			"answered_in_time": percentage(tally["in_time"], tally["answered"]),
			"waiting_days": _mean(tally["waiting_days"], tally["waited"]),
		}
		for agency, tally in sorted(tallies.items())
	]


def _mean(total: int, count: int) -> float | None:
	return round(total / count, 1) if count else None


def average_wait(referrals: list[tuple]) -> float | None:
	"""Average calendar days from sending a referral to the family's first appointment."""
	return average(
		(getdate(appointment) - getdate(sent)).days
		for _a, _s, sent, _r, appointment in referrals
		if appointment
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
	return chart_of(
		[row["agency"] for row in rows],
		{_("Average Days to First Appointment"): [row["waiting_days"] or 0 for row in rows]},
	)
