"""Frappe's own tables that point at a case record follow that record's rule.

Tags, attachments, comments, versions, assignments, notifications, workflow actions and the other
tables of `SIDE_TABLES` (rules/access.py) name a record by a (DocType, name) pair, and several keep
its title (a Tag Link's title, a ToDo's description, a notification's subject). Frappe lets every
desk user list most of them. For a user inside the protocol, a row that points at a record holding
case data (`permissions.case_data_doctypes`: a case record, or a return or import holding case data
of many families), or at a row of one of its child tables, is listed and opened only when the user
may read that record: its role permission and every list hook registered for it (the row-level
rule of a case record; none for a return, which its role permission alone opens), so the two can
never disagree. A row that points at anything else is left to Frappe.

Frappe asks the `has_permission` hooks of a DocType in turn and takes the first answer that is not
None, so these hooks answer False or None, never True: they refuse, and leave granting to Frappe.
"""

import frappe
from frappe import _
from frappe.model.db_query import DatabaseQuery

from family_safeguarding.permissions import (
	case_data_doctypes,
	case_data_doctypes_and_tables,
	child_tables_of,
	is_outside_protocol,
)
from family_safeguarding.rules.access import SIDE_TABLES

# --- the list hook ---------------------------------------------------------------------------------


def side_table_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	"""`permission_query_conditions` of a side table: its rows that point at no record holding case
	data, or at one the user may read."""
	user = user or frappe.session.user
	if is_outside_protocol(user):
		return ""
	pairs = SIDE_TABLES[doctype]
	if not pairs:
		return "1 = 0"
	return "(" + " and ".join(points_at_readable_record(user, doctype, *pair) for pair in pairs) + ")"


def points_at_readable_record(user: str, doctype: str, doctype_field: str, name_field: str) -> str:
	"""SQL true when the row's pair names no record holding case data, or one the user may read.
	Each such DocType the user's roles read adds a clause keyed on the row's name field: an EXISTS
	on the record's primary key with the record's own list conditions. MariaDB materializes each once
	per list from the index of the user's current allocations (EXPLAIN on the demo site; what it
	costs: docs/administrators/scaling.md)."""
	doctype_column, name_column = f"`tab{doctype}`.`{doctype_field}`", f"`tab{doctype}`.`{name_field}`"
	guarded = ", ".join(frappe.db.escape(name) for name in case_data_doctypes_and_tables())
	clauses = [f"coalesce({doctype_column}, '') not in ({guarded})"]
	for case_doctype in case_data_doctypes():
		condition = readable_condition(user, case_doctype)
		if condition is None:
			continue  # rows of a DocType the user's roles cannot read are not listed either
		table = f"`tab{case_doctype}`"
		clauses.append(
			f"""({doctype_column} = {frappe.db.escape(case_doctype)} and exists (
				select 1 from {table} where {table}.name = {name_column} and {condition}))"""
		)
		for child in child_tables_of(case_doctype):
			clauses.append(
				f"""({doctype_column} = {frappe.db.escape(child)} and exists (
					select 1 from `tab{child}` `child` inner join {table} on {table}.name = `child`.parent
					where `child`.name = {name_column} and `child`.parenttype = {frappe.db.escape(case_doctype)}
						and {condition}))"""
			)
	return "(" + " or ".join(clauses) + ")"


def readable_condition(user: str, case_doctype: str) -> str | None:
	"""SQL on `tab<case_doctype>` true for the records the user may read, under the list hooks
	registered for the DocType (none for a holder of case data: every record, when the role reads
	it); None when the user's roles do not read the DocType at all."""
	if not frappe.has_permission(case_doctype, "read", user=user):
		return None
	return DatabaseQuery(case_doctype, user=user).get_permission_query_conditions() or "1 = 1"


# --- the document hook -----------------------------------------------------------------------------


def has_side_table_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	"""`has_permission` of a side table: False when the row points, or pointed when it was stored,
	at a record holding case data the user may not read; otherwise no answer (None), for Frappe to
	decide."""
	user = user or frappe.session.user
	if is_outside_protocol(user):
		return None
	pairs = SIDE_TABLES[doc.doctype]
	if not pairs:
		return False
	if all(may_read_record(user, doctype, name) for doctype, name in records_named_by(doc, pairs)):
		return None
	return False


def records_named_by(doc, pairs) -> set[tuple]:
	"""The (DocType, name) pairs the row names, as sent and as stored: a caller cannot move a row
	away from a record by sending other values with it."""
	fields = [field for pair in pairs for field in pair]
	values = [doc.get(field) for field in fields]
	named = {tuple(values[i : i + 2]) for i in range(0, len(values), 2)}
	if doc.name and not doc.is_new():
		stored = frappe.db.get_value(doc.doctype, doc.name, fields, as_dict=True)
		if stored:
			named |= {(stored[doctype_field], stored[name_field]) for doctype_field, name_field in pairs}
	return named


def case_record_of(doctype: str | None, name) -> tuple[str, str | None] | None:
	"""The record holding case data (`case_data_doctypes`: a case record, or a return or import) a
	(DocType, name) pair stands for: itself, or the parent record of a child row (with no name when
	that row does not exist); None when the pair names no such record."""
	if not doctype or doctype not in case_data_doctypes_and_tables():
		return None
	if doctype in case_data_doctypes():
		return doctype, (str(name) if name else None)
	row = frappe.db.get_value(doctype, str(name), ["parenttype", "parent"]) if name else None
	if not row or row[0] not in case_data_doctypes():
		return doctype, None
	return row[0], row[1]


def may_read_record(user: str, doctype: str | None, name, ptype: str = "read") -> bool:
	"""Whether the user may read (or `ptype`) what the pair names: anything but a record holding case
	data, or one (the parent of a child row) they may read under its role permissions and hooks. A
	return or import has no hook: Frappe's role permissions answer."""
	record = case_record_of(doctype, name)
	if record is None:
		return True
	case_doctype, case_name = record
	if not case_name or not frappe.db.exists(case_doctype, case_name):
		return False  # a record that is gone, or was never there, is read by no one in the protocol
	return frappe.has_permission(case_doctype, ptype, doc=case_name, user=user)


def refuse_notification_beyond_rule(doc, method=None):
	"""Notification Log before_insert: Frappe tells a user about a record (a mention, an assignment,
	a follow) with its title in the subject, and e-mails it, whether or not they may read it. A
	notification about a record holding case data goes only to a user who may read it."""
	if doc.document_type and not may_read_record(doc.for_user, doc.document_type, doc.document_name):
		raise frappe.PermissionError(
			_("{0} may not read the record this notification is about.").format(doc.for_user)
		)
