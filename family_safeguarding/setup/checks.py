"""What a council checks after a restore: that every case record and attachment came back.

`bench --site S execute family_safeguarding.setup.checks.case_record_fingerprint` prints, for each
case DocType and its child tables, how many rows there are and a digest of them, and the same for
the files attached to case records (digest of their contents). Two sites with the same records
print the same; `.ci/run` compares a site with its restored backup this way.
"""

import hashlib

import frappe

from family_safeguarding.rules.access import CASE_DOCTYPES


def _digest(rows) -> str:
	return hashlib.sha256(repr(sorted(map(repr, rows))).encode()).hexdigest()[:16]


def case_record_fingerprint() -> dict:
	doctypes = set(CASE_DOCTYPES)
	for doctype in CASE_DOCTYPES:
		doctypes.update(field.options for field in frappe.get_meta(doctype).get_table_fields())
	result = {}
	for doctype in sorted(doctypes):
		rows = frappe.db.sql(f"select name, modified from `tab{doctype}`")
		result[doctype] = {"rows": len(rows), "digest": _digest(rows)}
	files = frappe.get_all(
		"File",
		filters={"attached_to_doctype": ("in", sorted(doctypes)), "is_folder": 0},
		fields=["name", "file_url"],
	)
	contents = []
	for row in files:
		content = frappe.get_doc("File", row.name).get_content()
		content = content.encode() if isinstance(content, str) else content
		contents.append((row.file_url, hashlib.sha256(content or b"").hexdigest()))
	result["File"] = {"rows": len(files), "digest": _digest(contents)}
	return result
