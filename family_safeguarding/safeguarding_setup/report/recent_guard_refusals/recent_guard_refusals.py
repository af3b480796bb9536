# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""The request guard's recent refusals, newest first, from Guard Refusal: who was refused what,
when, from where and why. For superusers only: it names users and what they asked for."""

import frappe
from frappe import _
from frappe.utils import add_days, add_to_date, getdate, today

from family_safeguarding.permissions import is_outside_protocol

SHOWN = 5000  # the newest rows shown; the summary counts them all


def execute(filters=None):
	# the report's roles say the same; this holds should someone add an FS role to them
	if not is_outside_protocol(frappe.session.user):
		raise frappe.PermissionError(_("Only a System Manager may see the guard's refusals."))
	filters = frappe._dict(filters or {})
	start = getdate(filters.from_date or add_days(today(), -7))
	end = add_to_date(getdate(filters.to_date or today()), days=1)  # the whole of the last day
	conditions = [["refused_at", ">=", start], ["refused_at", "<", end]]
	if filters.user:
		conditions.append(["user", "=", filters.user])
	rows = frappe.get_all(
		"Guard Refusal",
		filters=conditions,
		fields=["refused_at", "user", "http_method", "endpoint", "reason", "remote_address"],
		order_by="refused_at desc",
		limit_page_length=SHOWN,
	)
	total, users = frappe.get_all(
		"Guard Refusal",
		filters=conditions,
		fields=["count(*) as total", "count(distinct user) as users"],
		as_list=True,
	)[0]
	summary = [
		{"label": _("Refusals"), "value": total, "indicator": "Red" if total else "Green", "datatype": "Int"},
		{"label": _("Users Refused"), "value": users, "datatype": "Int"},
		{"label": _("Shown"), "value": len(rows), "datatype": "Int"},
	]
	return columns(), rows, None, None, summary


def columns() -> list[dict]:
	return [
		{"fieldname": "refused_at", "label": _("Refused At"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Link", "options": "User", "width": 240},
		{"fieldname": "http_method", "label": _("HTTP Method"), "fieldtype": "Data", "width": 90},
		{"fieldname": "endpoint", "label": _("Endpoint"), "fieldtype": "Data", "width": 320},
		{"fieldname": "reason", "label": _("Reason"), "fieldtype": "Data", "width": 380},
		{"fieldname": "remote_address", "label": _("Remote Address"), "fieldtype": "Data", "width": 130},
	]
