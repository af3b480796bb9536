"""An Annex A Return made: the workbook built in the background (or at once, for the bench command
and the tests), attached privately to the return or written to the command's file, and the export
kept in the audit.

The audit keeps an export like any other read of case records (docs/information-governance/audit.md):
one Case Record Access row, How "Export", for the return itself (who, and through it which period)
and one for every case record whose values are in the workbook (each child, their family, and each
contact, CIN episode and child protection plan), so that "who saw this child's record?" finds it.
The endpoint names the return and its period.
"""

import frappe
from frappe.utils import now_datetime

from family_safeguarding.audit.record import DATA_LENGTH, as_text, insert_reads
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.protocol.files import made_by_a_returns_job
from family_safeguarding.returns.annex_a import AnnexA, annex_a_lists, workbook_of
from family_safeguarding.returns.annex_a_layout import LISTS
from family_safeguarding.rules.audit import EXPORT

DOCTYPE = "Annex A Return"
QUEUED, RUNNING, READY, FAILED = "Queued", "Running", "Ready", "Failed"
COMMAND = "bench family-safeguarding-annex-a"


def make_or_queue(doc) -> None:
	"""Make the return's workbook after its insert is committed, in the background; at once when
	the bench command writes it to a file, and in tests."""
	if doc.flags.output or frappe.flags.in_test:
		# a copy as stored: the insert that called this is not finished with its own
		make(frappe.get_doc(DOCTYPE, doc.name), output=doc.flags.output)
		return
	frappe.enqueue(
		"family_safeguarding.returns.annex_a_export.run",
		queue="long",
		timeout=1800,
		enqueue_after_commit=True,
		name=doc.name,
	)


def run(name: str) -> None:
	"""The background job: a return that cannot be made is marked Failed, and why is in the Error Log."""
	frappe.db.set_value(DOCTYPE, name, "status", RUNNING, update_modified=False)
	frappe.db.commit()
	try:
		make(frappe.get_doc(DOCTYPE, name))
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		frappe.log_error(
			title=f"{DOCTYPE} {name} could not be made", reference_doctype=DOCTYPE, reference_name=name
		)
		frappe.db.set_value(DOCTYPE, name, "status", FAILED, update_modified=False)
		frappe.db.commit()


def make(doc, output: str | None = None) -> AnnexA:
	annex = annex_a_lists(doc.from_date, doc.to_date)
	content = workbook_of(annex)
	if output:
		with open(output, "wb") as file:
			file.write(content)
		doc.written_to = output
	else:
		doc.workbook = attach(doc, content)
	counts = annex.counts()
	doc.set(
		"lists",
		[
			{"sheet": annex_list.sheet, "title": annex_list.title, "rows": counts[annex_list.key]}
			for annex_list in LISTS
		],
	)
	doc.status = READY
	doc.flags.ignore_permissions = True
	doc.flags.made_by_the_job = True  # no one else changes a return once made
	doc.save()
	keep_in_audit(doc, annex, COMMAND if output else DOCTYPE)
	return annex


def attach(doc, content: bytes) -> str:
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"annex-a-{doc.from_date}-to-{doc.to_date}-{doc.name}.xlsx",
			"attached_to_doctype": DOCTYPE,
			"attached_to_name": doc.name,
			"attached_to_field": "workbook",
			"is_private": 1,
			"content": content,
		}
	)
	file.flags.ignore_permissions = True
	with made_by_a_returns_job():
		file.insert()
	return file.file_url


def keep_in_audit(doc, annex: AnnexA, made_through: str) -> None:
	"""One Case Record Access row for the return and one for each case record in its workbook, all
	in the name of whoever made the return."""
	user, now = doc.made_by, now_datetime()
	endpoint = as_text(f"{made_through} {doc.name}: {annex.from_date} to {annex.to_date}", DATA_LENGTH)
	superuser = int(is_outside_protocol(user))
	records = [(DOCTYPE, doc.name, None), *sorted(annex.records, key=lambda record: record[:2])]
	insert_reads(user, records, EXPORT, endpoint, superuser, now)
