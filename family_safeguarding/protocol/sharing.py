"""No share of a case record, for anyone, by a user's share or by a link.

A DocShare lets its user read (or write) the record whatever the row-level rule says: Frappe adds
shared records to every list past `permission_query_conditions` and answers `has_permission` with
yes for them. So no case record (a case DocType or a row of one of its child tables) is shared, by
anyone, System Managers and Administrator included, on any path that saves a DocShare: the share
dialog (`frappe.share.add`, `set_permission`), an assignment to a user who may not read the record
(`assign_to.add` shares it then), REST or `frappe.client.insert` of a DocShare, a data import.
Nor is a return or import holding case data of many families (`permissions.case_data_doctypes`):
a share would let a user past the role permissions that alone say who reads it.

A Document Share Key is a share with whoever holds a link: Frappe's print view and PDF serve the
record to anyone, Guest included, who sends the key with its name (`/printview?...&key=`). Frappe
makes one for every e-mail with a print sent while System Settings "Include Web View Link in Email"
is on, and a System Manager can make one in the desk or over REST. None is made for a case record
either; the request guard refuses Guest every request that names a case DocType, which also closes
the older signature links ("Allow Older Web View Links").

This replaces switching off document sharing for the whole site (System Settings, "Disable
Document Sharing"), which took sharing from every other app on the site too.
"""

import frappe
from frappe import _

from family_safeguarding.permissions import case_data_doctypes_and_tables


def refuse_share_of_case_record(doc, method=None):
	"""DocShare before_insert and validate (a stored share moved onto a case record, too)."""
	if doc.share_doctype in case_data_doctypes_and_tables():
		frappe.throw(
			_(
				"{0} records are not shared: a share would let a user past the information-sharing "
				"protocol, which decides who reads them (a family's records through an allocation on the "
				"family, returns and imports through the user's role). Assign a record only to a user who "
				"may already read it."
			).format(_(doc.share_doctype)),
			frappe.PermissionError,
			title=_("Sharing not allowed"),
		)


def refuse_share_key_of_case_record(doc, method=None):
	"""Document Share Key before_insert and validate."""
	if doc.reference_doctype in case_data_doctypes_and_tables():
		frappe.throw(
			_(
				"{0} records are not shared by link: whoever holds the link would read the record past the "
				'information-sharing protocol. To e-mail a print of one, untick "Include Web View Link in '
				'Email" in System Settings, so that the e-mail carries no such link.'
			).format(_(doc.reference_doctype)),
			frappe.PermissionError,
			title=_("Sharing not allowed"),
		)


def remove_share_keys_of_case_records() -> int:
	"""Delete every Document Share Key of a case record, return or import; returns how many there
	were."""
	doctypes = sorted(case_data_doctypes_and_tables())
	count = frappe.db.count("Document Share Key", {"reference_doctype": ("in", doctypes)})
	if count:
		frappe.db.delete("Document Share Key", {"reference_doctype": ("in", doctypes)})
	return count


def remove_shares_of_case_records() -> int:
	"""Delete every DocShare of a case record, return or import (the patch that stops switching
	sharing off runs this); returns how many there were. Deleted past the DocShare controller, whose
	on_trash would comment on the record in the name of whoever made the share."""
	doctypes = sorted(case_data_doctypes_and_tables())
	count = frappe.db.count("DocShare", {"share_doctype": ("in", doctypes)})
	if count:
		frappe.db.delete("DocShare", {"share_doctype": ("in", doctypes)})
	return count
