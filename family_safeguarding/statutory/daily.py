"""The daily job: recompute every open statutory record's due dates, flag what is overdue, tell the
lead social worker and the team manager once per overdue item, and refresh the families' legal status."""

import frappe

from family_safeguarding.replica import on_primary
from family_safeguarding.rules.workflows import WATCHED_STATES
from family_safeguarding.statutory.process import notify_overdue_once, update_legal_status

# DocType -> (its controller's refresh function, the states in which it still has due dates to
# watch: rules/workflows.py)
OPEN_RECORDS = {
	"Child Protection Plan": (
		"family_safeguarding.statutory.doctype.child_protection_plan.child_protection_plan.refresh",
		WATCHED_STATES["Child Protection Plan"],
	),
	"PLO Case": (
		"family_safeguarding.statutory.doctype.plo_case.plo_case.refresh",
		WATCHED_STATES["PLO Case"],
	),
	"Referral": (
		"family_safeguarding.statutory.doctype.referral.referral.refresh",
		WATCHED_STATES["Referral"],
	),
}
DERIVED = {
	"Child Protection Plan": ("icpc_due", "first_core_group_due", "next_review_due", "next_visit_due"),
	"PLO Case": ("target_end", "weeks_in_pre_proceedings", "week_26_date", "weeks_in_proceedings"),
	"Referral": ("waiting_days",),
}
FLAGS = ("is_overdue", "overdue_items", "notified_overdue")


@frappe.read_only()
def run_daily() -> dict:
	"""Reads from a MariaDB replica where the site has `read_from_replica`; every write goes to the
	primary. A replica a moment behind only delays a change to tomorrow's run."""
	notified = 0
	for doctype, (refresh_path, open_states) in OPEN_RECORDS.items():
		refresh = frappe.get_attr(refresh_path)
		for name in frappe.get_all(doctype, filters={"workflow_state": ("in", open_states)}, pluck="name"):
			doc = frappe.get_doc(doctype, name)
			before = {field: doc.get(field) for field in (*DERIVED[doctype], *FLAGS)}
			late = refresh(doc)
			notified += on_primary(notify_overdue_once, doc, late)
			changed = {
				field: doc.get(field)
				for field in (*DERIVED[doctype], *FLAGS)
				if str(doc.get(field) or "") != str(before[field] or "")
			}
			if changed:
				# derived values only: no new version, no change to who last edited the record
				on_primary(frappe.db.set_value, doctype, name, changed, update_modified=False)
	for family in frappe.get_all("Family", filters={"status": "Open"}, pluck="name"):
		on_primary(update_legal_status, family)
	on_primary(frappe.db.commit)
	return {"notified": notified}
