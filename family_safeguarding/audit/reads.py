"""Which case records a request read, from the guard's description of it and its answer.

Four sources, together:

- the records the request names, on the endpoints and pages that read a named record, whatever
  their answer shows (a PDF shows no ID): rules/audit.py, NAMED_RECORD_METHODS and _PAGES, the
  REST route of one record, and the records a private file belongs to that the user may read;
- every case record ID the answer carries (JSON, HTML, CSV, and the sheets of an Excel file): a
  list's rows, a report's, a form's record and the records it links to with their titles, a link
  search's results. Case records are named by naming series of their own (FAM-, MEM-, HI-, ...),
  so their IDs are recognised wherever they appear. An ID the request itself sent, and the answer
  only gives back (a user setting, a message), counts only for a record the user may read: no one
  puts reads in the audit that they could not have made;
- the records of a list of case records (or of a child table's rows, as the records they belong
  to) whose rows carry no ID, asked again with the same filters: the caller chose fields without
  `name`, and the page asked for is read; or the rows are groups (a group by, an aggregate beside
  plain fields, the list sidebar's counts by a field), which show values of every record counted;
- what code that gathered records for the answer said it read (audit.note_read).

A row of a child table is recorded as its parent record. Only records that exist are recorded.
"""

import io
import json
import zipfile
from functools import lru_cache

import frappe
from frappe.utils import cint

from family_safeguarding.guard.arguments import as_list, parse
from family_safeguarding.permissions import case_child_tables, case_doctypes_and_tables
from family_safeguarding.protocol.files import case_records_holding
from family_safeguarding.protocol.side_tables import case_record_of, may_read_record
from family_safeguarding.rules.access import CASE_DOCTYPES
from family_safeguarding.rules.audit import (
	COUNTS,
	GROUPED_METHODS,
	GROUPS,
	LIST_METHODS,
	NAMED_RECORD_METHODS,
	NAMED_RECORD_PAGES,
	REST_LIST_PAGE,
	id_pattern,
	ids_expression,
	ids_in,
	query_shape,
)


def records_read(route, response, noted: dict) -> list[tuple[str, str, str | None]]:
	"""(DocType, name, family) of every case record the request read, each once."""
	found: dict[str, set[str]] = {}

	def add(doctype, names):
		if doctype in case_doctypes_and_tables():
			found.setdefault(doctype, set()).update(str(name) for name in names if name not in (None, ""))

	for doctype, names in named_records(route).items():
		add(doctype, names)
	for doctype, names in noted.items():
		add(doctype, names)
	answer = ids_in_answer(body_of(response))
	sent = ids_in_answer(request_text(route)) if answer else {}
	for doctype, names in answer.items():
		echoed = names & sent.get(doctype, set())
		add(doctype, names - echoed)
		add(doctype, readable(doctype, echoed))
	for doctype, names in unnamed_list_page(route, found).items():
		add(doctype, names)
	return existing_records(found)


# --- the records a request names ----------------------------------------------------------------


def named_records(route) -> dict[str, set]:
	if route.kind == "resource":
		return {route.doctype: {route.name}} if route.action == "read" and route.name else {}
	if route.kind == "file":
		return attached_to(route.path)
	if route.kind == "method":
		spec = NAMED_RECORD_METHODS.get(route.method)
	elif route.kind == "page":
		spec = NAMED_RECORD_PAGES.get(route.path)
	else:
		spec = None
	if spec is None:
		return {}
	doctype, names = parse(route.args.get(spec[0])), parse(route.args.get(spec[1]))
	if isinstance(doctype, dict):  # download_multi_pdf: {DocType: [names]}
		return {dt: set(_names(each)) for dt, each in doctype.items() if isinstance(dt, str)}
	return {doctype: set(_names(names))} if isinstance(doctype, str) else {}


def attached_to(file_url: str) -> dict[str, set]:
	"""The case records a private file belongs to, that the user may read: reading it is reading
	them. A file attached to a row of a side table (an e-mail about a family) belongs to the record
	the row points at; one file of the same address may belong to several records (protocol/files.py)."""
	records: dict[str, set] = {}
	user = frappe.session.user
	for doctype, name in case_records_holding(file_url):
		if may_read_record(user, doctype, name):
			case_doctype, case_name = case_record_of(doctype, name)
			records.setdefault(case_doctype, set()).add(case_name)
	return records


def _names(value) -> list[str]:
	return [str(name) for name in as_list(value) if isinstance(name, str | int)]


# --- the IDs an answer carries ------------------------------------------------------------------


def body_of(response) -> bytes:
	"""What the answer sends, as text where it is text: an Excel file's sheets; nothing of a PDF
	or of a file streamed from disk (an attachment, recorded by its record)."""
	if response is None or response.direct_passthrough or response.is_streamed:
		return b""
	data = response.get_data()
	if data.startswith(b"%PDF"):
		return b""
	if data.startswith(b"PK\x03\x04"):
		try:
			with zipfile.ZipFile(io.BytesIO(data)) as archive:
				return b"\n".join(
					archive.read(member) for member in archive.namelist() if member.endswith(".xml")
				)
		except zipfile.BadZipFile:
			return b""
	return data


def request_text(route) -> bytes:
	"""What the request sent: its path and its arguments."""
	return (route.path + json.dumps(route.args, default=str)).encode()


def readable(doctype: str, names: set[str]) -> set[str]:
	"""Those of `names` that the user may read, by the list rule (one query)."""
	if not names or doctype not in CASE_DOCTYPES or not frappe.has_permission(doctype, "read"):
		return set()
	return set(
		frappe.get_list(doctype, filters={"name": ("in", list(names))}, pluck="name", limit_page_length=0)
	)


def ids_in_answer(body: bytes) -> dict[str, set[str]]:
	if not body:
		return {}
	doctypes, expression = _ids_expression_for(frappe.local.site)
	return ids_in(expression, doctypes, body)


@lru_cache(maxsize=8)
def _ids_expression_for(site: str):
	"""Read once a process: a DocType's naming changes only with the app, which restarts the workers."""
	patterns = {}
	for doctype in CASE_DOCTYPES:
		pattern = id_pattern(frappe.get_meta(doctype).autoname)
		if pattern is None:
			raise ValueError(f"{doctype} is not named by a naming series: its IDs cannot be recognised")
		patterns[doctype] = pattern
	return list(patterns), ids_expression(patterns)


# --- a list whose rows carry no ID --------------------------------------------------------------


def unnamed_list_page(route, found: dict) -> dict[str, set]:
	"""The records of a list of case records (or of one of their child tables) whose answer carries
	none of their IDs, or whose rows are groups of them: asked again, as the same user, with the same
	filters; a page of records with the same order and limits, every record of a page of groups."""
	args = route.args
	filters_key, or_filters = "filters", parse(args.get("or_filters"))
	if route.kind == "resource" and route.action == "list":
		doctype, page = route.doctype, REST_LIST_PAGE
	elif route.kind == "method" and route.method in LIST_METHODS:
		doctype, page = args.get("doctype"), LIST_METHODS[route.method]
	elif route.kind == "method" and route.method in GROUPED_METHODS:
		doctype_key, filters_key = GROUPED_METHODS[route.method]
		doctype, page, or_filters = args.get(doctype_key), 0, counted_fields_set(route, args.get(doctype_key))
	else:
		return {}
	if not isinstance(doctype, str) or doctype not in case_doctypes_and_tables():
		return {}
	if route.method in GROUPED_METHODS:
		shape = GROUPS
	else:
		shape = query_shape(as_list(parse(args.get("fields") or args.get("fieldname"))), args.get("group_by"))
	if shape == COUNTS:
		return {}
	child = doctype in case_child_tables()
	if shape != GROUPS and not child and found.get(doctype):
		return {}  # its rows carry their IDs
	filters = parse(args.get(filters_key))
	if isinstance(filters, str | int):
		return {}  # frappe.client.get_value of a named record: named_records has it
	query = dict(
		filters=filters,
		or_filters=or_filters,
		order_by=args.get("order_by") or None,
		limit_start=cint(args.get("limit_start") or args.get("start")),
		limit_page_length=page_size(args, page),
	)
	if shape == GROUPS:
		# the limits are of groups, each of which shows every record counted in it
		query.update(order_by=None, limit_start=0, limit_page_length=0)
	if not child:
		return {doctype: set(frappe.get_list(doctype, pluck="name", **query))}
	parents: dict[str, set] = {}
	for row in frappe.get_all(doctype, fields=["parenttype", "parent"], **query):
		parents.setdefault(row.parenttype, set()).add(row.parent)
	return parents


def counted_fields_set(route, doctype) -> list | None:
	"""The list sidebar's counts by field (get_sidebar_stats) count the records with a value in each
	field asked for: the records whose value they show."""
	if route.method != "frappe.desk.reportview.get_sidebar_stats" or not isinstance(doctype, str):
		return None
	try:
		columns = set(frappe.db.get_table_columns(doctype))
	except Exception:
		return None
	fields = [field for field in as_list(parse(route.args.get("stats"))) if field in columns]
	return [[doctype, field, "!=", ""] for field in fields] or None


def page_size(args: dict, default: int) -> int:
	"""The page the caller asked for (0: every row), or the endpoint's default."""
	for key in ("limit_page_length", "page_length", "limit"):
		if args.get(key) not in (None, ""):
			return cint(args[key])
	return default


# --- the records, as stored ---------------------------------------------------------------------


def existing_records(found: dict[str, set[str]]) -> list[tuple[str, str, str | None]]:
	"""Child rows as their parent records; each record that exists, with its family."""
	for child in set(found) & case_child_tables():
		for row in frappe.get_all(
			child, filters={"name": ("in", list(found.pop(child)))}, fields=["parenttype", "parent"]
		):
			if row.parenttype in CASE_DOCTYPES:
				found.setdefault(row.parenttype, set()).add(row.parent)
	records = []
	for doctype in CASE_DOCTYPES:
		names = found.get(doctype)
		if not names:
			continue
		family = "name" if doctype == "Family" else "family"
		records += [
			(doctype, row.name, row.family)
			for row in frappe.get_all(
				doctype, filters={"name": ("in", list(names))}, fields=["name", f"{family} as family"]
			)
		]
	return records
