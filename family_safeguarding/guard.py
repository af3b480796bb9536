"""The request guard of access.md ("Paths Frappe does not guard").

Frappe v15 lets records out on paths that skip the permission hooks (frappe-exit-paths.md): link
search with `ignore_user_permissions`, `frappe.client.get_count`, workflow-state and group-by
counts, ad-hoc dashboard charts, raw string filters, dotted link fields, direct listing of child
tables, documents forged in the request, attachment listings, document follows and more. A request
from a user inside the protocol that names a case DocType, or one of its child tables, goes
through only if its endpoint is on the allowlist below with arguments that stay inside the rule;
anything else is refused with a 403 and logged.

Registered as a `before_request` hook (cookie sessions) and as an `auth_hooks` entry, which Frappe
runs after API-key and OAuth authentication, so token callers are guarded too.
"""

import json
import re
from functools import lru_cache
from urllib.parse import unquote

import frappe
from frappe import _

from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.rules.access import CASE_DOCTYPES

DOC_KEYS = (
	"doctype",
	"dt",
	"reference_doctype",
	"ref_doctype",
	"document_type",
	"parent_doctype",
	"parenttype",
)
NAME_KEYS = ("name", "docname", "dn", "doc_name", "reference_name", "document_name")
FILTER_KEYS = ("filters", "or_filters", "extra_filters", "current_filters", "filter")
FIELD_KEYS = ("fields", "fieldname", "filter_fields", "field")
ORDER_KEYS = ("order_by", "sort_by", "sort_order", "group_by")
BYPASS_FLAGS = ("ignore_user_permissions", "ignore_permissions")


# Saved settings of a DocType's list, not records of it: the desk loads them for every list.
SETTINGS_OF_A_LIST = ("List Filter",)


class Refused(Exception):
	pass


@lru_cache(maxsize=1)
def _guarded_doctypes_for(site: str) -> frozenset[str]:
	names = set(CASE_DOCTYPES)
	for doctype in CASE_DOCTYPES:
		names.update(field.options for field in frappe.get_meta(doctype).get_table_fields())
	return frozenset(names)


def guarded_doctypes() -> frozenset[str]:
	return _guarded_doctypes_for(frappe.local.site)


def child_doctypes() -> frozenset[str]:
	return guarded_doctypes() - set(CASE_DOCTYPES)


def guard_request():
	"""The hook: let the request through, or refuse it with a 403 and log it."""
	request = getattr(frappe.local, "request", None)
	if (
		request is None
		or frappe.session.user in (None, "", "Guest")
		or is_outside_protocol(frappe.session.user)
	):
		return
	args = dict(frappe.local.form_dict or {})
	endpoint, path_doctype, path_name = describe(request.path, args)
	try:
		if endpoint in FILE_COPYING_ENDPOINTS:
			# these name a file, not a DocType, so they are checked whatever the request names
			FILE_COPYING_ENDPOINTS[endpoint](args)
		if endpoint in PREPARED_REPORT_ENDPOINTS:
			# these name a report, not a DocType
			PREPARED_REPORT_ENDPOINTS[endpoint](args)
		if names_case_doctype(path_doctype, args):
			check(endpoint, path_doctype, path_name, args)
	except Refused as refusal:
		frappe.logger("family_safeguarding.guard", allow_site=True).warning(
			{"user": frappe.session.user, "path": request.path, "endpoint": endpoint, "reason": str(refusal)}
		)
		raise frappe.PermissionError(_("This request is not allowed on case records: {0}").format(refusal))


def describe(path: str, args: dict) -> tuple[str, str | None, str | None]:
	"""(endpoint, DocType in the path, name in the path) for a request."""
	path = unquote(path)
	if args.get("cmd"):
		return f"method:{args['cmd']}", None, None
	if match := re.match(r"^/api/(?:v1/|v2/)?method/([^/]+)", path):
		return f"method:{match.group(1)}", None, None
	if match := re.match(r"^/api/(?:v1/)?resource/([^/]+)(?:/([^/]+))?/?$", path):
		return ("resource-doc" if match.group(2) else "resource-list"), match.group(1), match.group(2)
	if match := re.match(r"^/api/v2/document/([^/]+)(?:/([^/]+))?(/.*)?$", path):
		if match.group(3):
			return "v2-document-method", match.group(1), match.group(2)
		return ("resource-doc" if match.group(2) else "resource-list"), match.group(1), match.group(2)
	if match := re.match(r"^/api/v2/doctype/([^/]+)/(meta|count)$", path):
		return f"v2-doctype-{match.group(2)}", match.group(1), None
	return f"page:{path}", None, None


# Keys whose value is a DocType name, at any depth of the arguments (JSON included).
DOCTYPE_KEYS = (
	*DOC_KEYS,
	"doc",
	"items",
	"parent",
	"attached_to_doctype",
	"link_doctype",
	"goal_doctype",
	"reference_type",
	"related_to_type",
	"share_doctype",
)


def names_case_doctype(path_doctype: str | None, args: dict) -> bool:
	"""Whether the request names a case DocType: in its path, under a DocType key, or in a filter
	on a DocType field. Free text (a search for the word "Family") does not count."""
	guarded = guarded_doctypes()
	return path_doctype in guarded or bool(set(_doctype_values(args)) & guarded)


def _doctype_values(value, depth: int = 0):
	if depth > 6:
		return
	value = _json(value) if isinstance(value, str) and value.strip()[:1] in ("[", "{") else value
	if isinstance(value, dict):
		for key, item in value.items():
			if key in DOCTYPE_KEYS:
				yield from (v for v in _as_list(_json(item)) if isinstance(v, str))
			yield from _doctype_values(item, depth + 1)
	elif isinstance(value, list | tuple):
		if len(value) in (4, 5) and all(isinstance(v, str) for v in value[:2]):
			yield value[0]  # [doctype, field, operator, value]
			if value[1] in DOCTYPE_KEYS and isinstance(value[3], str):
				yield value[3]
		elif (
			len(value) == 3
			and isinstance(value[0], str)
			and value[0] in DOCTYPE_KEYS
			and isinstance(value[2], str)
		):
			yield value[2]  # [field, operator, value]
		for item in value:
			yield from _doctype_values(item, depth + 1)


def _json(value):
	if isinstance(value, str):
		try:
			return json.loads(value)
		except ValueError:
			return value
	return value


# --- the checks ---------------------------------------------------------------------------------


def check(endpoint: str, path_doctype: str | None, path_name: str | None, args: dict) -> None:
	for flag in BYPASS_FLAGS:
		if _truthy(args.get(flag)):
			raise Refused(f"{flag} is not allowed")
	if endpoint in ("resource-list", "resource-doc"):
		return check_resource(endpoint, path_doctype, path_name, args)
	if endpoint.startswith("page:"):
		return check_page(endpoint, args)
	method = endpoint.removeprefix("method:")
	if method not in ALLOWED_METHODS:
		raise Refused(f"{method or endpoint} is not on the allowlist")
	ALLOWED_METHODS[method](args)


def _truthy(value) -> bool:
	return str(value).strip().lower() not in ("", "0", "false", "none", "null")


def _doctype_of(args: dict) -> str | None:
	return next((args[key] for key in DOC_KEYS if isinstance(args.get(key), str) and args.get(key)), None)


def require_readable(doctype: str | None, name: str | None) -> None:
	"""A named case document must be one the user may read. An unknown name goes on to Frappe,
	which answers 404 (the desk opens a new form that way), as it does without the guard."""
	if not doctype or doctype not in guarded_doctypes():
		return
	if doctype in child_doctypes():
		raise Refused(f"{doctype} rows are read through their parent record")
	if not name:
		return
	if frappe.db.exists(doctype, str(name)) and not frappe.has_permission(doctype, "read", doc=str(name)):
		raise Refused(f"that {doctype} record is not one you may read")


def check_query(args: dict, *, list_doctype: str | None = None) -> None:
	"""Arguments of a list-like query stay inside the rule: structured filters only, no dotted
	link fields, no SQL in fields or ordering, and no direct listing of child tables."""
	doctype = list_doctype or _doctype_of(args)
	if doctype in child_doctypes() or args.get("parent") in CASE_DOCTYPES:
		raise Refused("child tables are read through their parent record")
	if (
		doctype not in (*guarded_doctypes(), *SETTINGS_OF_A_LIST)
		and set(_doctype_values({key: args.get(key) for key in FILTER_KEYS})) & guarded_doctypes()
	):
		# another DocType's list filtered by a case DocType: attachments, versions, comments, tags...
		raise Refused(f"{doctype} may not be listed by a case DocType")
	for key in FILTER_KEYS:
		_check_filters(_json(args.get(key)))
	for key in FIELD_KEYS:
		for field in _as_list(_json(args.get(key))):
			_check_field(field, doctype)
	for key in ORDER_KEYS:
		value = args.get(key)
		if isinstance(value, str) and (re.search(r"[()]|\bselect\b", value, re.I)):
			raise Refused(f"{key} may not contain expressions")


def _as_list(value) -> list:
	if value is None or value == "":
		return []
	return value if isinstance(value, list) else [value]


def _check_filters(filters) -> None:
	if filters in (None, "", [], {}):
		return
	if isinstance(filters, str):
		raise Refused("filters must be structured, not text")
	if isinstance(filters, dict):
		for field in filters:
			_check_filter_field(field)
		return
	for item in filters:
		if isinstance(item, str):
			raise Refused("a filter must be a list or a dict, not text")
		if isinstance(item, list | tuple) and item:
			fieldname = item[1] if len(item) > 3 else item[0]
			_check_filter_field(fieldname)


def _check_filter_field(fieldname) -> None:
	if not isinstance(fieldname, str) or not re.fullmatch(r"[\w ]+", fieldname.strip("`")):
		raise Refused(f"filter field {fieldname!r} is not a plain fieldname")


def _check_field(field, doctype: str | None = None) -> None:
	if not isinstance(field, str):
		raise Refused("fields must be names")
	text = field.strip()
	if re.search(r"\bselect\b|;|--", text, re.I):
		raise Refused(f"field {field!r} is not allowed")
	bare = re.sub(r"\s+as\s+\w+$", "", text, flags=re.I).replace("`", "")
	if re.fullmatch(r"count\((\*|distinct [\w .]+|[\w .]+)\)", bare, re.I):
		return
	if "." in bare and not bare.startswith("tab"):
		link_field, _, target_field = bare.partition(".")
		if not _is_link_title(doctype, link_field, target_field):
			raise Refused(f"dotted link field {field!r} reads another record")
		return
	if not re.fullmatch(r"(tab[\w ]+\.)?[\w*]+", bare):
		raise Refused(f"field {field!r} is not a plain fieldname")


def _is_link_title(doctype: str | None, link_field: str, target_field: str) -> bool:
	"""`link.title` is what the desk asks for to show a linked record's title (show_title_field_in_link);
	any other field of the linked record is refused (frappe-exit-paths.md, M3)."""
	if not doctype or not frappe.db.exists("DocType", doctype):
		return False
	df = frappe.get_meta(doctype).get_field(link_field)
	if not df or df.fieldtype != "Link":
		return False
	return frappe.get_meta(df.options).title_field == target_field


def require_printable(doctype: str | None, name: str | None) -> None:
	"""Printing needs the role's print permission (the P of access.md) as well as read: Frappe
	itself lets anyone who may read a document print it."""
	require_readable(doctype, name)
	if doctype in guarded_doctypes() and not frappe.has_permission(doctype, "print"):
		raise Refused(f"your role may not print {doctype} records")


def check_resource(endpoint: str, doctype: str | None, name: str | None, args: dict) -> None:
	if doctype not in guarded_doctypes():
		# another DocType's list filtered by a case DocType: attachments, tags, versions, shares...
		raise Refused(f"{doctype} may not be listed by a case DocType")
	if endpoint == "resource-doc":
		if doctype in child_doctypes():
			raise Refused(f"{doctype} rows are read through their parent record")
		if args.get("run_method"):
			raise Refused("run_method is not allowed on case records")
		return
	check_query(args, list_doctype=doctype)


def check_page(endpoint: str, args: dict) -> None:
	if endpoint == "page:/printview":
		require_printable(args.get("doctype"), args.get("name"))
		return
	if endpoint == "page:/app":
		require_readable(args.get("doctype"), args.get("name"))
		return
	if endpoint.startswith("page:/app/"):
		return  # the desk's own pages: they load records through the API, which is guarded
	raise Refused(f"{endpoint} is not on the allowlist")


def doc_in(args: dict) -> None:
	"""Endpoints that name one document by DocType and name."""
	doctype = _doctype_of(args)
	name = next((args[key] for key in NAME_KEYS if args.get(key)), None)
	require_readable(doctype, name)


def doc_json(args: dict) -> None:
	"""Endpoints that take a whole document as JSON: the stored record decides, so it must exist
	and be readable (a forged document is refused)."""
	doc = _json(args.get("doc") or args.get("docs") or args.get("document"))
	if isinstance(doc, list):
		doc = doc[0] if doc else {}
	if not isinstance(doc, dict) or not doc.get("doctype"):
		raise Refused("a document is required")
	if doc.get("doctype") in guarded_doctypes():
		if not doc.get("name") or not frappe.db.exists(doc["doctype"], doc["name"]):
			raise Refused("the document must be a stored record")
		require_readable(doc["doctype"], doc["name"])


def new_doc_json(args: dict) -> None:
	"""Saving through the form: new records pass through the permission hooks on insert."""
	doc = _json(args.get("doc"))
	if not isinstance(doc, dict):
		raise Refused("a document is required")
	if doc.get("doctype") in child_doctypes():
		raise Refused("child rows are saved through their parent record")
	if (
		doc.get("name")
		and not str(doc.get("name")).startswith("new-")
		and frappe.db.exists(doc.get("doctype"), doc.get("name"))
	):
		require_readable(doc["doctype"], doc["name"])


def print_doc(args: dict) -> None:
	"""Print a stored record by name; `doc` may not be a document sent in the request (M5)."""
	doctype = args.get("doctype") or args.get("doc")
	if isinstance(doctype, str) and doctype.strip().startswith("{"):
		raise Refused("printing a document sent in the request is not allowed")
	require_printable(doctype, args.get("name"))


def open_count(args: dict) -> None:
	"""The form's connection counts: only the DocType's own connections (M row 30)."""
	doc_in(args)
	items = _as_list(_json(args.get("items")))
	if items:
		meta = frappe.get_meta(args.get("doctype"))
		known = {link.link_doctype for link in meta.links}
		if not set(items) <= known:
			raise Refused("counts are for the record's own connections only")
		unreadable = [item for item in items if not frappe.has_permission(item, "read")]
		if unreadable:
			raise Refused(f"counts of {', '.join(unreadable)} are not for this user")


def group_by_count(args: dict) -> None:
	if args.get("field") in ("assigned_to", "owner"):
		raise Refused(f"group by {args.get('field')} is not allowed on case records")
	check_query(args)


def link_search(args: dict) -> None:
	if args.get("query"):
		raise Refused("custom search queries are not allowed on case records")
	if args.get("searchfield"):
		_check_filter_field(args["searchfield"])
	check_query(args)


def get_value(args: dict) -> None:
	"""frappe.client.get_value takes filters as a dict, a list, or a record's name."""
	filters = _json(args.get("filters"))
	if isinstance(filters, str):
		require_readable(args.get("doctype"), filters)
		args = {**args, "filters": None}
	check_query(args)


def assign(args: dict) -> None:
	doc_in(args)
	doctype, name = args.get("doctype"), args.get("name")
	for user in _as_list(_json(args.get("assign_to"))):
		if not frappe.has_permission(doctype, "read", doc=name, user=user):
			raise Refused(f"{user} may not read this record, so cannot be assigned it")


def upload(args: dict) -> None:
	if args.get("file_url"):
		raise Refused("attach a file's content, not another file's address")
	require_readable(args.get("doctype"), args.get("docname"))


def nothing_more(args: dict) -> None:
	"""Endpoints that read no record beyond what Frappe checks (metadata, settings)."""


def print_docs_by_name(args: dict) -> None:
	doctype = args.get("doctype")
	for name in _as_list(_json(args.get("name") or args.get("names"))):
		require_printable(doctype, name)


# The endpoints the desk and the documented API use on case records, each with its check.
ALLOWED_METHODS = {
	# forms
	"frappe.desk.form.load.getdoc": doc_in,
	"frappe.desk.form.load.getdoctype": nothing_more,
	"frappe.desk.form.load.get_docinfo": doc_in,
	"frappe.desk.form.save.savedocs": new_doc_json,
	"frappe.desk.form.save.cancel": doc_in,
	"frappe.desk.form.utils.add_comment": doc_in,
	"frappe.desk.form.utils.get_next": check_query,
	"frappe.desk.form.linked_with.get": doc_in,
	"frappe.desk.form.linked_with.get_submitted_linked_docs": doc_in,
	"frappe.desk.form.assign_to.add": assign,
	"frappe.desk.form.assign_to.remove": doc_in,
	"frappe.desk.like.toggle_like": doc_in,
	"frappe.desk.doctype.tag.tag.add_tag": doc_in,
	"frappe.desk.doctype.tag.tag.remove_tag": doc_in,
	"frappe.desk.notifications.get_open_count": open_count,
	"frappe.model.workflow.get_transitions": doc_json,
	"frappe.model.workflow.apply_workflow": doc_json,
	"frappe.model.utils.user_settings.save": nothing_more,
	"frappe.model.utils.user_settings.get": nothing_more,
	"upload_file": upload,
	# lists and reports
	"frappe.desk.reportview.get": check_query,
	"frappe.desk.reportview.get_list": check_query,
	"frappe.desk.reportview.get_count": check_query,
	"frappe.desk.reportview.export_query": check_query,
	"frappe.desk.reportview.get_sidebar_stats": check_query,
	"frappe.desk.listview.get_list_settings": nothing_more,
	"frappe.desk.listview.set_list_settings": nothing_more,
	"frappe.desk.listview.get_group_by_count": group_by_count,
	# link fields
	"frappe.desk.search.search_link": link_search,
	"frappe.desk.search.search_widget": link_search,
	"frappe.desk.search.get_link_title": doc_in,
	"frappe.client.validate_link": doc_in,
	# the documented API
	"frappe.client.get": doc_in,
	"frappe.client.get_value": get_value,
	"frappe.client.get_list": check_query,
	"frappe.client.insert": new_doc_json,
	"frappe.client.save": doc_json,
	"frappe.client.set_value": doc_in,
	"frappe.client.submit": doc_json,
	"frappe.client.cancel": doc_in,
	# print
	"frappe.www.printview.get_html_and_style": print_doc,
	"frappe.utils.print_format.download_pdf": print_doc,
	"frappe.utils.print_format.download_multi_pdf": print_docs_by_name,
}


# --- attachments: copying a file by its address or its File record (frappe-exit-paths.md, M8) ----


def require_readable_files(files) -> None:
	"""Each File (by name or by URL) that is attached to a case record must be attached to one the
	user may read: otherwise a copy of it would hand them its contents."""
	for value in files:
		if not value:
			continue
		field = "file_url" if str(value).startswith("/") else "name"
		for attached in frappe.get_all(
			"File", filters={field: value}, fields=["attached_to_doctype", "attached_to_name"]
		):
			if attached.attached_to_doctype in guarded_doctypes():
				if not attached.attached_to_name or not frappe.has_permission(
					attached.attached_to_doctype, "read", doc=attached.attached_to_name
				):
					raise Refused("that file belongs to a case record you may not read")


def copy_by_url(args: dict) -> None:
	require_readable_files([args.get("file_url")])


def copy_by_file_record(args: dict) -> None:
	require_readable_files(_as_list(_json(args.get("attachments"))) + _as_list(args.get("name")))


FILE_COPYING_ENDPOINTS = {
	"method:upload_file": copy_by_url,
	"method:frappe.handler.upload_file": copy_by_url,
	"method:frappe.utils.file_manager.add_attachments": copy_by_file_record,
	"method:frappe.core.doctype.communication.email.make": copy_by_file_record,
	"method:frappe.core.api.file.unzip_file": copy_by_file_record,
}


# --- prepared reports (frappe-exit-paths.md, 16 and 17) ------------------------------------------
# A prepared report's result is read by anyone who names it, and `make_prepared_report` runs a report
# without asking for its roles. The app's reports run in under two seconds over ten years of a large
# council (benchmarks/scale.py), so they are never prepared: their results are always computed for
# the user who asks, under the rule and the report's roles.


def app_report(report_name) -> bool:
	return bool(
		report_name
		and frappe.db.get_value("Report", str(report_name), "module")
		in frappe.get_module_list("family_safeguarding")
	)


def no_prepared_result(args: dict) -> None:
	filters = _json(args.get("filters")) or {}
	prepared = args.get("prepared_report_name") or (
		filters.get("prepared_report_name") if isinstance(filters, dict) else None
	)
	if prepared and (app_report(args.get("report_name")) or app_report(_prepared_report_of(prepared))):
		raise Refused("the app's reports are run for the user who asks, never read from a prepared report")


def not_prepared(args: dict) -> None:
	if app_report(args.get("report_name")):
		raise Refused("the app's reports are run for the user who asks, never prepared in advance")


def not_a_prepared_app_report(args: dict) -> None:
	if app_report(_prepared_report_of(args.get("dn") or args.get("name"))):
		raise Refused("the app's reports are run for the user who asks, never read from a prepared report")


def _prepared_report_of(name) -> str | None:
	return frappe.db.get_value("Prepared Report", str(name), "report_name") if name else None


PREPARED_REPORT_ENDPOINTS = {
	"method:frappe.desk.query_report.run": no_prepared_result,
	"method:frappe.desk.query_report.export_query": no_prepared_result,
	"method:frappe.core.doctype.prepared_report.prepared_report.make_prepared_report": not_prepared,
	"method:frappe.core.doctype.prepared_report.prepared_report.download_attachment": not_a_prepared_app_report,
	"method:frappe.core.doctype.prepared_report.prepared_report.get_reports_in_queued_state": not_prepared,
}
