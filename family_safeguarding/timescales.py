"""The configured timescales, read from Family Safeguarding Settings in one place and applied with
the pure rules, so every derived date in the app uses the council's own settings."""

from datetime import date

import frappe
from frappe.utils import getdate

from family_safeguarding.rules import working_days
from family_safeguarding.rules.workbook import next_supervision_due as _next_supervision_due


def setting(fieldname: str):
	return frappe.db.get_single_value("Family Safeguarding Settings", fieldname)


def bank_holiday_calendar() -> str:
	return setting("bank_holiday_calendar") or working_days.DEFAULT_CALENDAR


def add_working_days(start, days: int) -> date:
	return working_days.add_working_days(getdate(start), days, bank_holiday_calendar())


def working_days_between(start, end) -> int:
	return working_days.working_days_between(getdate(start), getdate(end), bank_holiday_calendar())


def next_supervision_due(meeting_date) -> date:
	return _next_supervision_due(getdate(meeting_date), setting("supervision_interval_months") or 1)
