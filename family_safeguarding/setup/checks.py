"""What a council checks after a restore: that every case record and attachment came back.

`bench --site S execute family_safeguarding.setup.checks.case_record_fingerprint` prints, for each
case DocType and each of their child tables, how many rows there are and a digest of every field of
every row; the same for the rows of Frappe's side tables that point at a case record (attachments,
comments, versions, tags, assignments, shares, ...: `SIDE_TABLES` in rules/access.py); and, under
"File contents", a digest of the bytes on disk of every file attached to a case record, public or
private (a file missing from disk counts as such). Two sites with the same case records print the
same; a change to one field of one row, or to one byte of one attached file, prints differently.
`.ci/run` compares a site with its restored backup this way, and a site before and after migrate.
"""

import hashlib
import json
import os

import frappe

from family_safeguarding.permissions import case_doctypes_and_tables
from family_safeguarding.rules.access import SIDE_TABLES

FILE_CONTENTS = "File contents"


def case_record_fingerprint() -> dict:
	"""{table: {"rows": count, "digest": sha256}} for the case DocTypes, their child tables, the side
	tables' rows that point at them, and the contents of their attached files."""
	case_tables = sorted(case_doctypes_and_tables())
	result = {doctype: _table(doctype) for doctype in case_tables}
	for doctype, pairs in sorted(SIDE_TABLES.items()):
		if pairs and frappe.db.table_exists(doctype):
			result[doctype] = _table(doctype, _pointing_at(pairs, case_tables))
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": ("in", case_tables), "is_folder": 0},
		pluck="name",
		order_by="name",
	)
	result[FILE_CONTENTS] = {"rows": len(files), "digest": _digest(_file_content(name) for name in files)}
	return result


def _table(doctype: str, condition: str = "") -> dict:
	"""Every column of every row (of those meeting `condition`) of one table."""
	rows = frappe.db.sql(f"select * from `tab{doctype}` {condition}", as_dict=True)
	return {
		"rows": len(rows),
		"digest": _digest(json.dumps(row, sort_keys=True, default=str) for row in rows),
	}


def _pointing_at(pairs, doctypes) -> str:
	"""SQL: the row names a record of one of `doctypes` through one of its (DocType, name) pairs."""
	names = ", ".join(frappe.db.escape(doctype) for doctype in doctypes)
	return "where " + " or ".join(f"`{doctype_field}` in ({names})" for doctype_field, _name in pairs)


def _file_content(name: str) -> str:
	"""The file's address and the sha256 of its bytes on disk ("missing" when it is not there; a
	file kept elsewhere, by URL, is only its address)."""
	file = frappe.get_doc("File", name)
	if file.is_remote_file:
		return f"{file.file_url} remote"
	path = file.get_full_path()
	if not os.path.isfile(path):
		return f"{file.file_url} missing"
	sha = hashlib.sha256()
	with open(path, "rb") as f:
		for block in iter(lambda: f.read(1 << 20), b""):
			sha.update(block)
	return f"{file.file_url} {sha.hexdigest()}"


def _digest(lines) -> str:
	"""The same lines in any order give the same digest."""
	sha = hashlib.sha256()
	for line in sorted(lines):
		sha.update(line.encode())
		sha.update(b"\n")
	return sha.hexdigest()
