"""The rows a returns or import job keeps on its record (a return's findings, an import's outcome
per child), written in bulk past the record's controller: a large council's return or import has
thousands, and the record itself refuses every change once it is made."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from family_safeguarding.audit.record import ROW_FIELDS, new_name


def keep_rows(doc, parentfield: str, fields: tuple[str, ...], rows: list[tuple]) -> None:
	"""Append `rows` (values in the order of `fields`) to the table `parentfield` of `doc`."""
	table = doc.meta.get_field(parentfield).options
	now, user = now_datetime(), frappe.session.user
	frappe.db.bulk_insert(
		table,
		[*ROW_FIELDS, "parent", "parenttype", "parentfield", "idx", *fields],
		[
			(new_name(), now, now, user, user, doc.name, doc.doctype, parentfield, idx, *row)
			for idx, row in enumerate(rows, start=1)
		],
		chunk_size=5000,
	)


class RowKeptByTheJob(Document):
	"""A row a job keeps on its record, written in bulk by the job (keep_rows) and never on its own:
	Frappe's REST API adds and removes a child row without saving its record, so the record's
	refusal of every change after it is made would not stop it."""

	def before_insert(self):
		self.refuse()

	def validate(self):
		self.refuse()

	def on_trash(self):
		self.refuse()

	def refuse(self):
		frappe.throw(
			_(
				"{0} rows are kept by the job that made their record: none is added, changed or removed."
			).format(_(self.doctype)),
			frappe.PermissionError,
		)
