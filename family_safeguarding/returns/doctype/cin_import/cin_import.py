# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import sys
import traceback

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import now_datetime

from family_safeguarding.returns.importer import CHILDREN_PER_TRANSACTION, default_processes, import_file
from family_safeguarding.returns.job_rows import keep_rows
from family_safeguarding.rules.operations import error_summary

QUEUED, RUNNING, DONE, FAILED = "Queued", "Running", "Done", "Failed"
# The fields the job sets; a new import starts with none of them, whatever was sent.
SET_BY_THE_JOB = (
	"census_year_read",
	"created",
	"updated",
	"unchanged",
	"matched",
	"refused",
	"error",
	"notes",
)


class CINImport(Document):
	"""A census file imported in the background once the record is saved (`run`). A dry run saves
	nothing; the real import is a new record, made from the dry run's form."""

	def before_insert(self):
		for fieldname in SET_BY_THE_JOB:
			self.set(fieldname, None)
		self.set("outcomes", [])
		self.status = QUEUED
		self.made_by = frappe.session.user
		self.made_on = now_datetime()

	def validate(self):
		if not self.is_new():
			# The job writes its outcome straight to the database; no one changes an import after.
			frappe.throw(
				_("A CIN Import stays as it was run: make a new one to import again."),
				frappe.PermissionError,
			)
		if self.import_file and not self.import_file.startswith("/private/files/"):
			frappe.throw(
				_("{0}: attach the census file as a private file: it holds children's records.").format(
					_(self.meta.get_label("import_file"))
				),
				frappe.ValidationError,
			)

	def after_insert(self):
		frappe.enqueue(
			"family_safeguarding.returns.doctype.cin_import.cin_import.run",
			queue="long",
			timeout=3600,
			enqueue_after_commit=True,
			now=bool(frappe.flags.in_test),
			name=self.name,
		)


def run(name: str) -> None:
	"""The job: import the record's file and keep the outcome on it."""
	doc = frappe.get_doc("CIN Import", name)
	_update(doc, {"status": RUNNING})
	_commit()  # the desk shows the import running
	try:
		content = frappe.get_doc("File", {"file_url": doc.import_file}).get_content()
		result = import_file(
			content if isinstance(content, bytes) else content.encode(),
			team=doc.team,
			dry_run=bool(doc.dry_run),
			expected_year_end=doc.census_year or None,
			progress=_progress(doc),
			# a test runs the job inside a transaction of its own
			chunk=None if frappe.flags.in_test else CHILDREN_PER_TRANSACTION,
			processes=default_processes(),
		)
	except frappe.ValidationError as e:  # the file refused whole, or the team
		_update(doc, {"status": FAILED, "error": frappe.utils.strip_html_tags(str(e))})
		return
	except Exception:
		if not frappe.flags.in_test:
			frappe.db.rollback()
		frappe.log_error(title=f"CIN Import {name}")
		exception_type, _value, trace = sys.exc_info()
		frames = [(frame.filename, frame.lineno, frame.name) for frame in traceback.extract_tb(trace)]
		_update(
			doc,
			{
				"status": FAILED,
				"error": _(
					"The import stopped because of an error in the app ({0}); it is in the Error Log. "
					"Children imported before it were kept: run the import again to finish."
				).format(error_summary(exception_type.__name__, frames, "family_safeguarding")),
			},
		)
		return
	keep_rows(
		doc,
		"outcomes",
		("la_child_id", "outcome", "member", "reason"),
		[(child.la_child_id, result.shown(child), child.member, child.reason) for child in result.outcomes],
	)
	_update(
		doc,
		{
			"status": DONE,
			"census_year_read": result.year_end,
			"created": result.created,
			"updated": result.updated,
			"unchanged": result.unchanged,
			"matched": result.matched,
			"refused": result.refused,
			"notes": "\n".join(result.notes) or None,
		},
	)
	_commit()


def _progress(doc):
	"""Tell the desk how far the import has gone, every 1%."""
	shown = {"percent": -1}

	def progress(done: int, total: int) -> None:
		percent = int(done * 100 / total) if total else 100
		if percent != shown["percent"]:
			shown["percent"] = percent
			frappe.publish_progress(
				percent,
				title=_("Importing the census file"),
				doctype=doc.doctype,
				docname=doc.name,
				description=_("{0} of {1} children").format(done, total),
			)

	return progress


def _update(doc, values: dict) -> None:
	frappe.db.set_value(doc.doctype, doc.name, values)
	doc.update(values)
	doc.notify_update()


def _commit() -> None:
	# a test runs the job inside its own transaction, which it rolls back
	if not frappe.flags.in_test:
		frappe.db.commit()
