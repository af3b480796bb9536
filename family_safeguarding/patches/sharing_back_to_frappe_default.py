"""Until this release the app switched System Settings "Disable Document Sharing" on at install and
on every migrate, which took sharing from every other app on the site. It now refuses a share of a
case record in its own hooks (protocol/sharing.py) and leaves the switch alone.

This patch, run once by migrate, turns the switch back to Frappe's default (off). The app cannot
tell whether an administrator had also wanted it on, so docs/administrators/operations.md says: an
administrator who wants it on switches it on again, and the app never changes it after this patch.
Shares of case records (there should be none) are removed and counted. Running it twice changes
nothing more than running it once."""

import frappe

from family_safeguarding.protocol.sharing import remove_shares_of_case_records


def execute():
	removed = remove_shares_of_case_records()
	switched_off = bool(frappe.db.get_single_value("System Settings", "disable_document_sharing"))
	if switched_off:
		frappe.db.set_single_value("System Settings", "disable_document_sharing", 0)
	print(
		f"Family Safeguarding: removed {removed} share(s) of case records; "
		+ (
			"switched System Settings 'Disable Document Sharing' back off (Frappe's default). "
			"Shares of case records are refused by the app itself."
			if switched_off
			else "System Settings 'Disable Document Sharing' left as it was."
		)
	)
