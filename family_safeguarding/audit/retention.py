"""The daily job that deletes audit rows older than the retention period the council sets
(Family Safeguarding Settings, Audit Retention (Years)), and only those. Frappe's Log Settings
never touch these tables: they define no `clear_old_logs`, so Log Settings refuses them."""

import frappe
from frappe.utils import getdate, today

from family_safeguarding.rules.audit import retention_cutoff, retention_years

# table -> its time column
AUDIT_TABLES = {"Case Record Access": "accessed_at", "Guard Refusal": "refused_at"}
BATCH = 10_000  # rows deleted a transaction, so that a backlog never holds one long lock


def delete_expired_audit() -> None:
	years = retention_years(
		frappe.db.get_single_value("Family Safeguarding Settings", "audit_retention_years")
	)
	cutoff = retention_cutoff(getdate(today()), years)
	for doctype, column in AUDIT_TABLES.items():
		while names := frappe.db.sql_list(
			f"select name from `tab{doctype}` where `{column}` < %s limit {BATCH}", cutoff
		):
			frappe.db.delete(doctype, {"name": ("in", names)})
			frappe.db.commit()
