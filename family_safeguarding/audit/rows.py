"""The audit's rows are written by the app only, never changed, and deleted only by the retention
job (retention.py): Administrator, whom Frappe's permissions never refuse, included."""

import frappe
from frappe import _


def refuse_change(doc) -> None:
	frappe.throw(
		_("{0} rows are written by the app and never changed.").format(_(doc.doctype)),
		frappe.PermissionError,
	)


def refuse_delete(doc) -> None:
	frappe.throw(
		_(
			"{0} rows are kept for the audit retention period in Family Safeguarding Settings, "
			"and deleted only then."
		).format(_(doc.doctype)),
		frappe.PermissionError,
	)
