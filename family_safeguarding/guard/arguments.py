"""Checks on the arguments an endpoint will receive, shared by the allowlist's entries."""

import json
import re
from functools import lru_cache

import frappe

from family_safeguarding.permissions import (
	case_data_doctypes,
	case_data_doctypes_and_tables,
	case_doctypes_and_tables,
	reaches_only_as_receiver,
	receives_records_outside_families,
)
from family_safeguarding.rules.access import CASE_DOCTYPES, RECEIVED_BY_AGENCY, RECEIVER_PRINT_FORMATS


class Refused(Exception):
	"""A request the guard does not let through; the message is logged, and shown to the user."""


# Argument names that hold filters, on every endpoint of Frappe and the app that takes filters.
FILTER_KEYS = ("filters", "or_filters", "extra_filters", "current_filters", "filter")
# Top-level arguments whose value is a DocType's name, on the endpoints Frappe and the app whitelist.
DOCTYPE_NAME_KEYS = (
	"doctype",
	"dt",
	"reference_doctype",
	"ref_doctype",
	"document_type",
	"parent_doctype",
	"parenttype",
	"link_doctype",
	"attached_to_doctype",
	"reference_type",
)
# Argument names that hold a DocType, at any depth of the arguments (JSON included).
DOCTYPE_KEYS = (
	*DOCTYPE_NAME_KEYS,
	"parent",
	"doc",
	"items",
	"goal_doctype",
	"related_to_type",
	"share_doctype",
	"deleted_doctype",
)
FIELD_KEYS = ("fields", "fieldname", "filter_fields", "field", "pluck")
ORDER_KEYS = ("order_by", "sort_by", "sort_order", "sort_field", "group_by")
# Saved settings of a DocType's list, not records of it: the desk loads them for every list.
SETTINGS_OF_A_LIST = ("List Filter",)
PLAIN_FIELD = re.compile(r"(`?tab[\w ]+`?\.)?`?\w+`?")


def case_doctypes() -> frozenset[str]:
	"""The case DocTypes and their child tables."""
	return case_doctypes_and_tables()


def child_doctypes() -> frozenset[str]:
	"""The child tables of case records and of the returns that hold case data: read through their
	parent, never alone."""
	return case_data_doctypes_and_tables() - set(case_data_doctypes())


def protected_doctypes() -> frozenset[str]:
	"""Case DocTypes, the returns and imports that hold case data (HOLDERS_OF_CASE_DATA), their
	child tables, and every DocType the app's permission hooks guard (the side tables that point at
	case records): a bypass flag or a raw query would skip them, and a name that does not exist is
	refused like one the user may not read."""
	return _protected_and_hooked_for(frappe.local.site)


@lru_cache(maxsize=8)
def _protected_and_hooked_for(site: str) -> frozenset[str]:
	"""Read once a process: hooks change only when the app is installed or upgraded, which
	restarts the workers."""
	hooked = {}
	for hook in ("permission_query_conditions", "has_permission"):
		for doctype, methods in frappe.get_hooks(hook, {}).items():
			hooked.setdefault(doctype, []).extend(methods)
	return (
		case_doctypes()
		| case_data_doctypes_and_tables()
		| {
			doctype
			for doctype, methods in hooked.items()
			if any(str(method).startswith("family_safeguarding.") for method in methods)
		}
	)


def parse(value):
	"""A JSON argument as the endpoint will read it; other text as it is."""
	if isinstance(value, str) and value.strip()[:1] in ("[", "{", '"'):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


def as_list(value) -> list:
	if value is None or value == "":
		return []
	return value if isinstance(value, list | tuple) else [value]


def truthy(value) -> bool:
	return str(value).strip().lower() not in ("", "0", "false", "none", "null")


def doctype_values(value, depth: int = 0):
	"""Every DocType named in the arguments: under a DocType key at any depth, and in filters."""
	if depth > 8:
		return
	value = parse(value)
	if isinstance(value, dict):
		for key, item in value.items():
			if key in DOCTYPE_KEYS:
				yield from (v for v in as_list(parse(item)) if isinstance(v, str))
			yield from doctype_values(item, depth + 1)
	elif isinstance(value, list | tuple):
		if len(value) in (4, 5) and all(isinstance(v, str) for v in value[:2]):
			yield value[0]  # [doctype, field, operator, value]
			if value[1] in DOCTYPE_KEYS and isinstance(value[3], str):
				yield value[3]
		elif len(value) == 3 and isinstance(value[0], str) and value[0] in DOCTYPE_KEYS:
			if isinstance(value[2], str):
				yield value[2]  # [field, operator, value]
		for item in value:
			yield from doctype_values(item, depth + 1)


def names_protected_doctype(args: dict) -> bool:
	return bool(set(doctype_values(args)) & protected_doctypes())


# --- checks every request of a user inside the protocol passes, whatever its endpoint ----------


def structured_filters(args: dict, *, name_keys: tuple[str, ...] = ()) -> None:
	"""No raw SQL in any filter, on any DocType: Frappe 15.44 pastes a filter that is text into
	the query. `name_keys` are filter arguments in which text is a record's name."""
	for key in FILTER_KEYS:
		if key not in args:
			continue
		value = parse(args[key])
		if isinstance(value, str) and key in name_keys:
			continue
		check_filters(value, key)


def check_filters(filters, key: str = "filters") -> None:
	if filters in (None, "", [], {}):
		return
	if isinstance(filters, str):
		raise Refused(f"{key} must be structured, not text")
	if isinstance(filters, dict):
		for fieldname in filters:
			plain_filter_field(fieldname)
		return
	if not isinstance(filters, list | tuple):
		raise Refused(f"{key} must be a list or a dict")
	for item in filters:
		if isinstance(item, str):
			raise Refused(f"a filter in {key} must be a list or a dict, not text")
		if isinstance(item, dict):
			check_filters(item, key)
		elif isinstance(item, list | tuple) and item:
			plain_filter_field(item[1] if len(item) > 3 else item[0])


def plain_filter_field(fieldname) -> None:
	if not isinstance(fieldname, str) or not PLAIN_FIELD.fullmatch(fieldname.strip()):
		raise Refused(f"filter field {fieldname!r} is not a plain fieldname")


def real_doctypes(args: dict) -> None:
	"""A DocType argument names a DocType exactly: some endpoints paste it into SQL (add_tag's
	`dt`), and the database would match other spellings of a case DocType's name."""
	for key in DOCTYPE_NAME_KEYS:
		value = args.get(key)
		if value in (None, ""):
			continue
		if not isinstance(value, str) or not is_doctype(value):
			raise Refused(f"{key} must name a DocType")


def is_doctype(value: str) -> bool:
	"""Exactly a DocType's name: the names are read once a process, and a name not among them is
	looked up (a DocType made since)."""
	return value in _doctype_names_for(frappe.local.site) or (
		frappe.db.get_value("DocType", value, "name") == value
	)


@lru_cache(maxsize=8)
def _doctype_names_for(site: str) -> frozenset[str]:
	return frozenset(frappe.get_all("DocType", pluck="name"))


def no_bypass(args: dict) -> None:
	if truthy(args.get("ignore_permissions")):
		raise Refused("ignore_permissions is not allowed")
	if truthy(args.get("ignore_user_permissions")) and names_protected_doctype(args):
		raise Refused("ignore_user_permissions is not allowed on case records")


# --- records -----------------------------------------------------------------------------------


def require_readable(doctype, name, ptype: str = "read") -> None:
	"""A named case record must be one the user may read (or `ptype`). A name that does not exist
	gets the same refusal, so that the answer tells nothing of which records exist."""
	if not isinstance(doctype, str) or doctype not in protected_doctypes():
		return
	if doctype in child_doctypes():
		raise Refused(f"{doctype} rows are read through their parent record")
	if name in (None, "") or str(name).startswith(UNSAVED):
		return
	if not isinstance(name, str | int):
		raise Refused("a record's name must be text")
	if not may(doctype, str(name), ptype):
		raise Refused(f"that {doctype} record is not one you may {ptype}")


# The desk asks for a form named "new..." ("new", "new-goal-1") before it makes it unsaved: case
# records are named by series (FAM-, GOAL-, ...), so no stored one is named so.
UNSAVED = "new"


def may(doctype: str, name: str, ptype: str) -> bool:
	"""Whether the record exists and the user may `ptype` it. Reading asks the list rule, one
	query (the list hook and the document hook are one rule, permissions.py); other rights ask the
	document hook, which also knows whose record it is."""
	if ptype == "read":
		return frappe.has_permission(doctype, "read") and bool(
			frappe.get_list(doctype, filters={"name": name}, pluck="name", limit_page_length=1)
		)
	return bool(frappe.db.exists(doctype, name)) and frappe.has_permission(doctype, ptype, doc=name)


def require_addable(doctype, name, ptype: str = "write") -> None:
	"""Tags, attachments, comments, assignments and likes are added to a record the user may
	write (or read, for comments and likes); the receiving agency of a referral answers it and
	adds nothing to it."""
	require_readable(doctype, name, ptype)
	if isinstance(doctype, str) and name and reached_only_as_receiver(doctype, str(name)):
		raise Refused(f"as its receiving agency you answer this {doctype}; you do not add to it")


def require_printable(doctype, name, print_format=None) -> None:
	"""Printing needs the role's print right as well as read: Frappe lets anyone who may read a
	document print it. A receiving agency prints only the letter made for it."""
	require_readable(doctype, name)
	if isinstance(doctype, str) and doctype in case_doctypes():
		if not frappe.has_permission(doctype, "print"):
			raise Refused(f"your role may not print {doctype} records")
		if name and reached_only_as_receiver(doctype, str(name)):
			if print_format != RECEIVER_PRINT_FORMATS.get(doctype):
				raise Refused("a receiving agency prints the letter made for it, not the record")


def reached_only_as_receiver(doctype: str, name: str) -> bool:
	"""Whether the user reads this stored record only as its receiving agency (a sent referral):
	they may then see what the referral letter shows, not the family."""
	if doctype not in RECEIVED_BY_AGENCY:
		return False
	family = frappe.db.get_value(doctype, name, "family")
	return reaches_only_as_receiver(frappe.session.user, doctype, family)


# --- list-like queries -------------------------------------------------------------------------


def check_query(args: dict, doctype: str | None) -> None:
	"""Arguments of a list-like query stay inside the rule: structured filters only, no dotted
	fields into case records, no expressions in fields or ordering, no direct child-table lists,
	and no list of another DocType filtered by a case DocType."""
	if doctype in child_doctypes() or (args.get("parent") in CASE_DOCTYPES and doctype != args.get("parent")):
		raise Refused("child tables are read through their parent record")
	if doctype not in (*case_doctypes(), *SETTINGS_OF_A_LIST) and set(
		doctype_values({key: args.get(key) for key in FILTER_KEYS})
	) & case_doctypes() - {doctype}:
		raise Refused(f"{doctype} may not be listed by a case DocType")
	for key in FILTER_KEYS:
		check_filters(parse(args.get(key)), key)
	for key in FIELD_KEYS:
		for fieldname in as_list(parse(args.get(key))):
			check_field(fieldname, doctype)
	for key in ORDER_KEYS:
		value = args.get(key)
		expression = r"[()]|\bselect\b|;" if doctype in protected_doctypes() else r"\bselect\b|;"
		if isinstance(value, str) and re.search(expression, value, re.I):
			raise Refused(f"{key} may not contain expressions")


def check_field(fieldname, doctype: str | None) -> None:
	if not isinstance(fieldname, str):
		raise Refused("fields must be names")
	text = fieldname.strip()
	if re.search(r"\bselect\b|;|--|/\*", text, re.I):
		raise Refused(f"field {fieldname!r} is not allowed")
	bare = re.sub(r"\s+as\s+\w+$", "", text, flags=re.I).replace("`", "")
	if re.fullmatch(r"count\((\*|distinct [\w .]+|[\w .]+)\)", bare, re.I):
		return
	if bare.startswith("tab") and "." in bare:
		table = bare[3:].split(".")[0]
		own_tables = {df.options for df in frappe.get_meta(doctype).get_table_fields()} if doctype else set()
		if table != doctype and table in protected_doctypes() and table not in own_tables:
			raise Refused(f"field {fieldname!r} reads another DocType's records")
		return
	if "." in bare:
		link_field, _, target_field = bare.partition(".")
		if not link_title_allowed(doctype, link_field, target_field):
			raise Refused(f"dotted link field {fieldname!r} reads another record")
		return
	if doctype in protected_doctypes() and not re.fullmatch(r"[\w*]+", bare):
		raise Refused(f"field {fieldname!r} is not a plain fieldname")


def link_title_allowed(doctype: str | None, link_field: str, target_field: str) -> bool:
	"""A dotted field reads the linked record with only a DocType-level check
	(docs/developers/exit-paths.md, "Dotted link fields"). Into a DocType the app does not guard, that is Frappe's own behaviour.
	Into a case record, only `link.title` on a case DocType's own list is allowed: it is what the
	desk asks for to show the linked family's or member's title, which are the row's own, except to
	a receiving agency, which sees referrals of families it may not read."""
	if not doctype or not frappe.db.exists("DocType", doctype):
		return False
	df = frappe.get_meta(doctype).get_field(link_field)
	if not df or df.fieldtype != "Link":
		return False
	if df.options not in protected_doctypes():
		return True
	if doctype not in case_doctypes() or frappe.get_meta(df.options).title_field != target_field:
		return False
	return doctype not in RECEIVED_BY_AGENCY or not receives_records_outside_families(frappe.session.user)
