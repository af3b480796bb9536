"""Frappe endpoints the app answers itself, registered in `override_whitelisted_methods`, so
that the check and the use are one piece of code."""

import frappe
from frappe.client import get_safe_filters
from frappe.desk import notifications, search
from frappe.desk.form import load

from family_safeguarding.audit import note_read
from family_safeguarding.guard.arguments import case_doctypes, may, reached_only_as_receiver


@frappe.whitelist()
def get_count(doctype, filters=None, debug=False, cache=False):
	"""`frappe.client.get_count` with the permission rules applied: Frappe 15.44 counts the whole
	table for anyone. Same arguments and answer as Frappe's, so clients such as frappe-js-sdk's
	getCount keep working."""
	rows = frappe.get_list(
		doctype,
		filters=get_safe_filters(filters),
		fields=[f"count(distinct `tab{doctype}`.name) as count"],
		as_list=True,
	)
	return rows[0][0] if rows else 0


@frappe.whitelist()
def get_open_count(doctype: str, name: str, items=None):
	"""The form's connection counts, of the connected DocTypes the user's role may read only:
	Frappe counts every connection with `frappe.get_all`, so a recovery worker would learn how many
	Health Information entries a family has. The rows counted belong to the family the user reads."""
	if items is None:
		links = frappe.get_meta(doctype).get_dashboard_data()
		items = [item for group in links.transactions for item in group.get("items")]
	elif isinstance(items, str):
		items = frappe.parse_json(items)
	readable = [item for item in items if frappe.has_permission(item, "read")]
	return notifications.get_open_count(doctype, name, readable)


@frappe.whitelist()
def getdoc(doctype, name, user=None):
	"""The desk's form load, without the titles of linked case records that reach the user only
	as a receiving agency (a sent referral names the need, not the family)."""
	load.getdoc(doctype, name, user)
	if isinstance(doctype, str) and reached_only_as_receiver(doctype, str(name)):
		titles = frappe.response.get("_link_titles") or {}
		for key in list(titles):
			if key.split("::", 1)[0] in case_doctypes():
				titles.pop(key)


@frappe.whitelist()
def get_link_title(doctype, docname):
	"""The title a link field shows. For a case record the user may not read it answers as for a
	record that does not exist: the desk then shows the link's ID, without an error on every form
	that links to it (a referral's receiving agency, a goal of a member who has moved family)."""
	if isinstance(doctype, str) and doctype in case_doctypes() and not may(doctype, str(docname), "read"):
		return None if frappe.get_meta(doctype).show_title_field_in_link else docname
	title = search.get_link_title(doctype, docname)
	if title and isinstance(doctype, str) and doctype in case_doctypes():
		note_read(doctype, [docname])  # the answer is the title alone, without the ID (audit/)
	return title
