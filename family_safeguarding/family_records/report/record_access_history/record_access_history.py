# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Who opened, changed, printed or exported the records about one family member: the audit
access.md asks a team manager to be able to answer. It reads Frappe's own logs (View Log,
Version, Access Log) and shows only members, and records, the user may read."""

import frappe
from frappe import _

# The records about a member, by the field that names them.
ABOUT_A_MEMBER = ("Goal", "Child Protection Plan", "Referral", "Health Information", "Police Information")


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.member:
		frappe.throw(
			_("Choose the family member whose record you want to review."), title=_("Member is required")
		)
	if not frappe.has_permission("Member", "read", doc=filters.member):
		raise frappe.PermissionError(_("You may not review this member's record."))
	records = records_about(filters.member)
	rows = sorted(log_rows(records), key=lambda row: row["when"], reverse=True)
	names = dict(
		frappe.get_all(
			"User",
			filters={"name": ("in", {row["user"] for row in rows})},
			fields=["name", "full_name"],
			as_list=True,
		)
	)
	for row in rows:
		row["full_name"] = names.get(row["user"])
	return columns(), rows


def records_about(member: str) -> list[tuple[str, str]]:
	family = frappe.db.get_value("Member", member, "family")
	records = [("Member", member), ("Family", family)]
	for doctype in ABOUT_A_MEMBER:
		if frappe.has_permission(doctype, "read"):
			records += [
				(doctype, name) for name in frappe.get_list(doctype, filters={"member": member}, pluck="name")
			]
	return records


def log_rows(records: list[tuple[str, str]]) -> list[dict]:
	rows = []
	for doctype in {doctype for doctype, _name in records}:
		names = [name for dt, name in records if dt == doctype]
		for log in frappe.get_all(
			"View Log",
			filters={"reference_doctype": doctype, "reference_name": ("in", names)},
			fields=["creation", "viewed_by", "reference_name"],
		):
			rows.append(row(log.creation, log.viewed_by, _("Opened"), doctype, log.reference_name))
		for log in frappe.get_all(
			"Version",
			filters={"ref_doctype": doctype, "docname": ("in", names)},
			fields=["creation", "owner", "docname"],
		):
			rows.append(row(log.creation, log.owner, _("Changed"), doctype, log.docname))
		for log in frappe.get_all(
			"Access Log",
			filters={"export_from": doctype, "reference_document": ("in", names)},
			fields=["creation", "user", "reference_document", "method", "file_type"],
		):
			action = _("Printed") if log.method in ("Print", "PDF") else _("Exported")
			rows.append(row(log.creation, log.user, action, doctype, log.reference_document, log.file_type))
	return rows


def row(when, user, action, doctype, name, detail=None) -> dict:
	return {
		"when": when,
		"user": user,
		"action": action,
		"record_type": doctype,
		"record": name,
		"detail": detail,
	}


def columns() -> list[dict]:
	# Data, not Link: for a Link column Frappe's report runner applies the linked DocType's
	# permissions (User, DocType), which a team manager does not have.
	return [
		{"fieldname": "when", "label": _("When"), "fieldtype": "Datetime", "width": 170},
		{"fieldname": "user", "label": _("User"), "fieldtype": "Data", "width": 260},
		{"fieldname": "full_name", "label": _("Name"), "fieldtype": "Data", "width": 200},
		{"fieldname": "action", "label": _("Action"), "fieldtype": "Data", "width": 100},
		{"fieldname": "record_type", "label": _("Record Type"), "fieldtype": "Data", "width": 170},
		{"fieldname": "record", "label": _("Record"), "fieldtype": "Data", "width": 150},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Data", "width": 100},
	]
