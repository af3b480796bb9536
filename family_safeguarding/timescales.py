"""The configured timescales, read from Family Safeguarding Settings in one place and applied with
the pure rules, so every derived date in the app uses the council's own settings."""

from datetime import date

import frappe
from frappe.utils import getdate

from family_safeguarding.rules import statutory, working_days
from family_safeguarding.rules.workbook import next_supervision_due as _next_supervision_due


def setting(fieldname: str):
	return frappe.db.get_single_value("Family Safeguarding Settings", fieldname)


def bank_holiday_calendar() -> str:
	return setting("bank_holiday_calendar") or working_days.DEFAULT_CALENDAR


# The administrator's corrections to the `holidays` package (Settings, Bank Holiday Corrections),
# cached for every worker of the site; the Settings controller clears the cache when they change.
HOLIDAY_CORRECTIONS_CACHE_KEY = "family_safeguarding:bank_holiday_corrections"


def holiday_corrections() -> dict[str, frozenset[date]]:
	"""The days added as bank holidays and those removed, as the working-day rules take them."""
	return frappe.cache.get_value(HOLIDAY_CORRECTIONS_CACHE_KEY, generator=_read_holiday_corrections)


def clear_holiday_corrections_cache() -> None:
	frappe.cache.delete_value(HOLIDAY_CORRECTIONS_CACHE_KEY)


def _read_holiday_corrections() -> dict[str, frozenset[date]]:
	rows = frappe.get_all(
		"Bank Holiday Correction",
		filters={"parenttype": "Family Safeguarding Settings", "parentfield": "bank_holiday_corrections"},
		fields=["holiday_date", "change"],
	)
	return {
		"added": frozenset(getdate(row.holiday_date) for row in rows if row.change == working_days.ADD),
		"removed": frozenset(getdate(row.holiday_date) for row in rows if row.change == working_days.REMOVE),
	}


def calendar() -> dict:
	"""The calendar and its corrections, as keyword arguments of the working-day rules."""
	return {"calendar": bank_holiday_calendar(), **holiday_corrections()}


def add_working_days(start, days: int) -> date:
	return working_days.add_working_days(getdate(start), days, **calendar())


def working_days_between(start, end) -> int:
	return working_days.working_days_between(getdate(start), getdate(end), **calendar())


def next_supervision_due(meeting_date) -> date:
	return _next_supervision_due(getdate(meeting_date), setting("supervision_interval_months") or 1)


def icpc_due(strategy_discussion) -> date:

	return statutory.icpc_due(getdate(strategy_discussion), setting("icpc_working_days") or 15, **calendar())


def first_core_group_due(icpc) -> date:

	return statutory.first_core_group_due(
		getdate(icpc), setting("first_core_group_working_days") or 10, **calendar()
	)


def next_review_due(icpc, review_dates) -> date:

	return statutory.next_review_due(
		getdate(icpc),
		[getdate(d) for d in review_dates if d],
		setting("first_review_months") or 3,
		setting("later_review_months") or 6,
	)


def next_visit_due(last_visit, interval_working_days: int | None = None) -> date:

	return statutory.next_visit_due(
		getdate(last_visit),
		interval_working_days or setting("visit_interval_working_days") or 10,
		**calendar(),
	)


def plo_target_end(letter) -> date:

	return statutory.plo_target_end(getdate(letter), setting("plo_pre_proceedings_weeks") or 16)


def week_26_date(issue_date) -> date:

	return statutory.week_26_date(getdate(issue_date), setting("care_proceedings_weeks") or 26)


def referral_response_due(sent_on) -> date:
	return statutory.response_due(
		getdate(sent_on), setting("referral_response_working_days") or 5, **calendar()
	)
