"""No e-mail digests of followed records for users inside the protocol.

Frappe e-mails each user who follows a record a digest of its changes and comments (hourly, daily
or weekly: User, "Send Notifications For Documents Followed By Me"), read with no permission check,
for as long as the follow lasts. A worker follows a family by commenting on it, changing it or being
assigned it; once their allocation ends, the digest would go on telling them what is recorded about
the family, by e-mail, outside the audit; a digest of a census return or import would carry its
children's data past the role permissions that open it. So the setting stays off for every user
holding an FS role: Frappe then neither makes a follow for them nor sends them a digest. Users
outside the protocol keep Frappe's feature.
"""

import frappe
from frappe import _

from family_safeguarding.permissions import case_data_doctypes_and_tables
from family_safeguarding.rules.superusers import PROTOCOL_ROLES, protocol_roles_among, superuser_roles_among


def keep_digests_off(doc, method=None):
	"""User validate."""
	roles = [row.role for row in doc.get("roles")]
	if not doc.document_follow_notify or superuser_roles_among(roles) or not protocol_roles_among(roles):
		return
	doc.document_follow_notify = 0
	frappe.msgprint(
		_(
			"Send Notifications For Documents Followed By Me stays off for users inside the "
			"information-sharing protocol: the e-mail would go on describing a family's records after "
			"the user's allocation ends."
		),
		alert=True,
	)


def turn_digests_off() -> int:
	"""Switch the setting off for every user holding an FS role, and delete their follows of case
	records, returns and imports; returns how many users had it on (the patch that brings this in
	runs it)."""
	users = frappe.get_all(
		"Has Role",
		filters={"parenttype": "User", "role": ("in", PROTOCOL_ROLES)},
		pluck="parent",
		distinct=True,
	)
	if not users:
		return 0
	following = frappe.get_all(
		"User", filters={"name": ("in", users), "document_follow_notify": 1}, pluck="name"
	)
	if following:
		frappe.db.set_value("User", {"name": ("in", following)}, "document_follow_notify", 0)
	frappe.db.delete(
		"Document Follow",
		{"user": ("in", users), "ref_doctype": ("in", sorted(case_data_doctypes_and_tables()))},
	)
	return len(following)
