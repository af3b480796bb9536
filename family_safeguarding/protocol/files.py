"""Attachments of case records, and of the returns and imports holding case data of many
families, at the point of use.

Frappe serves a private file to anyone with a readable File row of its address, and always lets a
File's owner read it, so a File row made by a caller who names another record's file address hands
them its contents, whichever endpoint made the row. For a user inside the protocol:

- a new File may not take the address, or the content, of a file held by a case record they may
  not read, and an existing one may not be pointed at such an address;
- a File may only be attached to a case record they may change, must then be private, and may not
  be moved to or from a case record afterwards;
- a File whose address is held only by case records they may not read is neither read nor served,
  even when they own that File row.

A file is held by a case record when a File of its address is attached to the record, to a row of
one of its child tables, or to a row of a side table pointing at it (an e-mail about a family).
"Case record" here is every DocType of `permissions.case_data_doctypes`: a census return's XML,
an Annex A workbook or an imported census file is kept as a family's attachment is, for the users
their role permissions let read the return or import.
"""

import posixpath
from contextlib import contextmanager

import frappe
from frappe import _

from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.protocol.side_tables import case_record_of, may_read_record
from family_safeguarding.rules.access import HOLDERS_OF_CASE_DATA, SIDE_TABLES


def records_behind(doctype: str | None, name) -> list[tuple]:
	"""The records an attachment belongs to: those a side-table row points at, else the pair itself."""
	pairs = SIDE_TABLES.get(doctype)
	if not pairs or not name:
		return [(doctype, name)]
	fields = [field for pair in pairs for field in pair]
	row = frappe.db.get_value(doctype, str(name), fields, as_dict=True) or {}
	return [(row.get(doctype_field), row.get(name_field)) for doctype_field, name_field in pairs]


def case_records_holding(
	file_url: str | None, *, content_hash: str | None = None, except_file=None
) -> list[tuple]:
	"""The case records that hold a file: those the Files of its address (as given and as the path
	it resolves to, so `/private/files/./x` is `/private/files/x`) or of its content are attached to."""
	same_file = [["file_url", "=", url] for url in {file_url, canonical(file_url)} if url]
	if content_hash:
		same_file.append(["content_hash", "=", content_hash])
	if not same_file:
		return []
	filters = [["name", "!=", except_file]] if except_file else []
	records = []
	for holder in frappe.get_all(
		"File", filters=filters, or_filters=same_file, fields=["attached_to_doctype", "attached_to_name"]
	):
		for doctype, name in records_behind(holder.attached_to_doctype, holder.attached_to_name):
			if case_record_of(doctype, name):
				records.append((doctype, name))
	return records


def canonical(file_url: str | None) -> str | None:
	return posixpath.normpath(file_url) if file_url and file_url.startswith("/") else file_url


def may_read_file(user: str, file_url: str | None) -> bool:
	"""A file held by no case record is left to Frappe; one held by case records is for the users who
	may read at least one of them (Frappe stores identical content once, so two records may hold the
	same file)."""
	if not file_url:
		return True
	records = case_records_holding(file_url)
	return not records or any(may_read_record(user, doctype, name) for doctype, name in records)


def _inside_protocol() -> str | None:
	user = frappe.session.user
	return None if is_outside_protocol(user) else user


# --- document events of File -----------------------------------------------------------------------


@contextmanager
def made_by_a_returns_job():
	"""What a return's or import's own job does to its files (attach the file it made, remove the one
	it replaces), in the name of the user who asked for it."""
	frappe.flags.fs_returns_job = True
	try:
		yield
	finally:
		frappe.flags.fs_returns_job = False


def refuse_change_to_a_returns_file(doc) -> None:
	"""The files of a return or import are its job's: a user inside the protocol attaches none to it,
	and changes or removes none of them (the analyst who asked for a return owns its File rows, and
	Frappe lets an owner do anything with them)."""
	if frappe.flags.fs_returns_job:
		return
	if HOLDERS_OF_CASE_DATA and any(
		doctype in HOLDERS_OF_CASE_DATA
		for doctype in (doc.attached_to_doctype, (doc.get_doc_before_save() or doc).attached_to_doctype)
	):
		frappe.throw(
			_(
				"Attached To: the files of a return are made by the return itself, and stay as they were made."
			),
			frappe.PermissionError,
		)


def check_new_file(doc, method=None):
	"""before_insert: after Frappe has set the file's address (from its content when it has some)."""
	user = _inside_protocol()
	if not user or doc.is_folder:
		return
	refuse_change_to_a_returns_file(doc)
	refuse_attaching_beyond_rule(doc, user)
	refuse_public_case_attachment(doc)
	refuse_copy_of_unreadable_file(doc, user, by_content=True)


def check_changed_file(doc, method=None):
	"""validate: what an existing File may not change into."""
	user = _inside_protocol()
	if not user or doc.is_folder or doc.is_new():
		return
	refuse_change_to_a_returns_file(doc)
	if doc.has_value_changed("attached_to_doctype") or doc.has_value_changed("attached_to_name"):
		before = doc.get_doc_before_save() or doc
		if any(
			case_record_of(doctype, name)
			for doctype, name in records_behind(before.attached_to_doctype, before.attached_to_name)
			+ records_behind(doc.attached_to_doctype, doc.attached_to_name)
		):
			frappe.throw(
				_(
					"Attached To: a file attached to a case record stays with that record. Upload it again to attach it to another."
				),
				frappe.PermissionError,
			)
	if doc.has_value_changed("is_private"):
		refuse_public_case_attachment(doc)
	if doc.has_value_changed("file_url"):
		refuse_copy_of_unreadable_file(doc, user)


def check_removed_file(doc, method=None):
	"""on_trash: a return's file is removed by no one inside the protocol."""
	if _inside_protocol() and not doc.is_folder:
		refuse_change_to_a_returns_file(doc)


def refuse_attaching_beyond_rule(doc, user: str) -> None:
	for doctype, name in records_behind(doc.attached_to_doctype, doc.attached_to_name):
		if case_record_of(doctype, name) and not may_read_record(user, doctype, name, ptype="write"):
			frappe.throw(
				_("Attached To: you may only attach files to case records you may change."),
				frappe.PermissionError,
			)


def refuse_public_case_attachment(doc) -> None:
	if doc.is_private or not doc.attached_to_doctype:
		return
	if any(
		case_record_of(*record) for record in records_behind(doc.attached_to_doctype, doc.attached_to_name)
	):
		frappe.throw(
			_(
				"Is Private: attachments of case records must be private, so that only those who may read the record can open them."
			)
		)


def refuse_copy_of_unreadable_file(doc, user: str, *, by_content: bool = False) -> None:
	"""A File may not have the address of a file held by a case record the user may not read. A new
	one may not have its content either: Frappe reads the content of the address it is given and
	stores it again under a new address when it finds no File of the same content to share."""
	if not doc.file_url:
		return
	content_hash = doc.content_hash if by_content else None
	for doctype, name in case_records_holding(doc.file_url, content_hash=content_hash, except_file=doc.name):
		if not may_read_record(user, doctype, name):
			frappe.throw(
				_("File URL: that file belongs to a record you may not read, so it cannot be copied."),
				frappe.PermissionError,
			)


# --- reading and serving --------------------------------------------------------------------------


def has_file_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""`has_permission` of File: False for a file held only by case records the user may not read,
	owner or not; otherwise no answer, for the side-table hook and Frappe's own to decide."""
	user = user or frappe.session.user
	if is_outside_protocol(user) or doc.get("is_folder"):
		return None
	return None if may_read_file(user, doc.get("file_url")) else False
