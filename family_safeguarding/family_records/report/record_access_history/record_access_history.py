# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Who read or changed the records about one family member: the question a team manager must be
able to answer ("who saw this child's record?", docs/information-governance/audit.md). Reads come from the app's audit
(Case Record Access: every read by any path, by any user, System Managers included, with how),
changes from Frappe's version history (Version). It shows only members, and records, the user may
read: the member's own record, their family's, the records about them (those with a member field)
and the family's records about no one member (workbook modules, summaries, supervisions, PLO)."""

import frappe
from frappe import _

from family_safeguarding.report_columns import check_column, column, data_column
from family_safeguarding.rules.access import FAMILY_RECORDS


def execute(filters=None):
	filters = frappe._dict(filters or {})
	if not filters.member:
		frappe.throw(
			_("Choose the family member whose record you want to review."), title=_("Member is required")
		)
	if not frappe.has_permission("Member", "read", doc=filters.member):
		raise frappe.PermissionError(_("You may not review this member's record."))
	records = records_about(filters.member)
	rows = sorted(read_rows(records) + change_rows(records), key=lambda row: row["when"], reverse=True)
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


def records_about(member: str) -> dict[str, list[str]]:
	"""DocType -> the names of the records about the member the user may read."""
	family = frappe.db.get_value("Member", member, "family")
	records = {"Member": [member], "Family": [family]}
	for doctype in FAMILY_RECORDS:
		if doctype == "Member" or not frappe.has_permission(doctype, "read"):
			continue
		about = {"member": member} if frappe.get_meta(doctype).has_field("member") else {"family": family}
		records[doctype] = frappe.get_list(doctype, filters=about, pluck="name", limit_page_length=0)
	return {doctype: names for doctype, names in records.items() if names}


def read_rows(records: dict[str, list[str]]) -> list[dict]:
	rows = []
	for doctype, names in records.items():
		for log in frappe.get_all(
			"Case Record Access",
			filters={"reference_doctype": doctype, "reference_name": ("in", names)},
			fields=["accessed_at", "user", "how", "reference_name", "endpoint", "superuser"],
		):
			rows.append(
				row(log.accessed_at, log.user, _("Read"), doctype, log.reference_name, log.how, log.endpoint)
				| {"superuser": log.superuser}
			)
	return rows


def change_rows(records: dict[str, list[str]]) -> list[dict]:
	rows = []
	for doctype, names in records.items():
		for log in frappe.get_all(
			"Version",
			filters={"ref_doctype": doctype, "docname": ("in", names)},
			fields=["creation", "owner", "docname"],
		):
			rows.append(row(log.creation, log.owner, _("Changed"), doctype, log.docname))
	return rows


def row(when, user, action, doctype, name, how=None, endpoint=None) -> dict:
	return {
		"when": when,
		"user": user,
		"action": action,
		"how": _(how) if how else None,
		"record_type": doctype,
		"record": name,
		"endpoint": endpoint,
		"superuser": 0,
	}


def columns() -> list[dict]:
	# Data, not Link: for a Link column Frappe's report runner applies the linked DocType's
	# permissions (User, DocType), which a team manager does not have.
	return [
		column("when", _("When"), "Datetime", 170),
		data_column("user", _("User"), 260),
		data_column("full_name", _("Name"), 200),
		data_column("action", _("Action"), 90),
		data_column("how", _("How"), 110),
		data_column("record_type", _("Record Type"), 170),
		data_column("record", _("Record"), 150),
		data_column("endpoint", _("Endpoint"), 260),
		check_column("superuser", _("Outside the Protocol"), 90),
	]
