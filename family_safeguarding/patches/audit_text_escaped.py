"""The audit's rows are written past Frappe's documents (audit/record.py), and until this release
kept the text a caller chose (the method or page asked for, the guard's reason quoting the
arguments) as it came, markup included, which the desk then ran in the browser of whoever opened
Recent Guard Refusals or Record Access History. The app now escapes that text when it writes a row;
this patch, run once by migrate, escapes it in the rows kept before. Only text with markup changes,
and only into the same text, escaped."""

import frappe

from family_safeguarding.audit.record import DATA_LENGTH, REASON_LENGTH, as_text

COLUMNS = {
	"Guard Refusal": {
		"endpoint": DATA_LENGTH,
		"http_method": DATA_LENGTH,
		"remote_address": DATA_LENGTH,
		"reason": REASON_LENGTH,
	},
	"Case Record Access": {"endpoint": DATA_LENGTH},
}


def execute():
	escaped = 0
	for doctype, columns in COLUMNS.items():
		for column, length in columns.items():
			for name, value in frappe.db.sql(
				f"""select name, `{column}` from `tab{doctype}`
				where `{column}` like '%%<%%' or `{column}` like '%%>%%'"""
			):
				frappe.db.sql(
					f"update `tab{doctype}` set `{column}` = %s where name = %s",
					(as_text(value, length), name),
				)
				escaped += 1
	print(f"Family Safeguarding: escaped the markup in {escaped} value(s) of the audit's rows.")
