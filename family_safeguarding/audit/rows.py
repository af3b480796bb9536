"""The audit's rows are written by the app only, never changed, and deleted only by the retention
job (retention.py): Administrator, whom Frappe's permissions never refuse, included."""

import frappe
from frappe import _
from frappe.model.document import Document


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


class AuditRow(Document):
	"""The controller of an audit DocType: its rows are written by the app (audit/record.py) past
	this controller, which refuses every other insert, change and deletion."""

	def before_insert(self):
		refuse_change(self)

	def validate(self):
		refuse_change(self)

	def on_trash(self):
		refuse_delete(self)
