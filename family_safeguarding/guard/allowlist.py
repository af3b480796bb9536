"""The endpoints a user inside the protocol may call, each with the check of its arguments.

Deny by default: a whitelisted method that is not here is refused to users inside the protocol,
whatever DocType it names or none. Each entry names the endpoint's own parameters (as its
function declares them) so that the check reads exactly what the endpoint will use; the bench
test `test_every_endpoint` holds every entry to its function's signature and calls every
whitelisted method of the site as every role.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from html import unescape
from urllib.parse import urlparse

import frappe

from family_safeguarding.guard import reports
from family_safeguarding.guard.arguments import (
	UNSAVED,
	Refused,
	as_list,
	check_query,
	child_doctypes,
	is_doctype,
	names_protected_doctype,
	parse,
	plain_filter_field,
	protected_doctypes,
	require_addable,
	require_printable,
	require_readable,
)


@dataclass(frozen=True)
class Check:
	"""An endpoint's check: `run(args)` raises Refused; `params` are the endpoint parameters it
	reads, which must be parameters of the endpoint's function."""

	run: Callable[[dict], None]
	params: tuple[str, ...] = ()
	# filter arguments in which text is a record's name, not a condition (frappe.client.get_value)
	name_filters: tuple[str, ...] = ()


def no_case_records(*params: str) -> Check:
	"""Endpoints that serve the desk itself (settings, notifications, metadata of other DocTypes):
	refused as soon as any argument names a case DocType, a child table or a side table."""

	def run(args):
		if names_protected_doctype(args):
			raise Refused("this endpoint does not serve case records")

	return Check(run, params)


def document(doctype: str = "doctype", name: str = "name", ptype: str = "read") -> Check:
	"""Endpoints that name one stored record by DocType and name."""

	def run(args):
		require_readable(args.get(doctype), args.get(name), ptype)

	return Check(run, (doctype, name))


def adding_to(doctype: str = "doctype", name: str = "name", ptype: str = "write") -> Check:
	"""Endpoints that add a tag, attachment, comment, assignment or like to a stored record."""

	def run(args):
		require_addable(args.get(doctype), args.get(name), ptype)

	return Check(run, (doctype, name))


def listing(doctype: str = "doctype") -> Check:
	"""List-like queries of one DocType."""

	def run(args):
		check_query(args, args.get(doctype))

	return Check(run, (doctype,))


def stored_document(param: str = "doc", ptype: str = "read") -> Check:
	"""Endpoints that take a whole document as JSON but act on the stored record: it must exist
	and be readable, so a forged document decides nothing."""

	def run(args):
		doc = parse(args.get(param))
		if isinstance(doc, list):
			doc = doc[0] if doc else {}
		if not isinstance(doc, dict) or not doc.get("doctype"):
			raise Refused("a document is required")
		if doc["doctype"] in protected_doctypes():
			if not doc.get("name") or str(doc["name"]).startswith(UNSAVED):
				raise Refused("the document must be a stored record")
			# a name that does not exist is refused as one the user may not read
			require_readable(doc["doctype"], doc["name"], ptype)

	return Check(run, (param,))


def saved_document(param: str = "doc") -> Check:
	"""Saving a new or stored document: the permission hooks and the write hooks decide on the
	stored record and the new one; a child row is saved through its parent only."""

	def run(args):
		doc = parse(args.get(param))
		if not isinstance(doc, dict):
			raise Refused("a document is required")
		if doc.get("doctype") in child_doctypes():
			raise Refused("child rows are saved through their parent record")
		name = doc.get("name")
		if name and not str(name).startswith(UNSAVED):
			# A stored record the user may change. A name that does not exist is refused alike, so the
			# answer tells nothing of which exist: a new case record is named by its series, not by
			# the request (the desk names an unsaved one "new-...").
			require_readable(doc.get("doctype"), name, "write")

	return Check(run, (param,))


def print_by_name(doctype: str = "doctype", name: str = "name", print_format: str = "format") -> Check:
	"""Print a stored record by name; a document sent in the request is refused (it would be
	printed with values the caller chose)."""

	def run(args):
		value = args.get(doctype)
		if isinstance(value, str) and value.strip().startswith("{"):
			raise Refused("printing a document sent in the request is not allowed")
		if not isinstance(value, str) or not is_doctype(value):
			# exactly: the database would match "family" or "Family " to a case DocType's table
			raise Refused("name the DocType to print")
		names = as_list(parse(args.get(name)))
		for each in names or [None]:
			require_printable(value, each, args.get(print_format))

	return Check(run, (doctype, name, print_format))


def both(*checks: Check) -> Check:
	def run(args):
		for check in checks:
			check.run(args)

	return Check(run, tuple(dict.fromkeys(p for check in checks for p in check.params)))


def refused_on_case_records(reason: str, *params: str) -> Check:
	def run(args):
		if names_protected_doctype(args):
			raise Refused(reason)

	return Check(run, params)


# --- endpoints with checks of their own ----------------------------------------------------------


def _open_count(args):
	"""The form's connection counts: only the DocType's own connections, each readable."""
	require_readable(args.get("doctype"), args.get("name"))
	items = as_list(parse(args.get("items")))
	# which of them the role may read is decided where they are counted (overrides.get_open_count)
	if items and isinstance(args.get("doctype"), str):
		known = {link.link_doctype for link in frappe.get_meta(args["doctype"]).links}
		if not set(items) <= known:
			raise Refused("counts are for the record's own connections only")


def _group_by_count(args):
	if args.get("field") in ("assigned_to", "owner") and names_protected_doctype(args):
		raise Refused("group by assigned_to or owner is not allowed on case records")
	check_query(args, args.get("doctype"))


# The search queries the desk's link fields name for users inside the protocol (a Link to User).
# Frappe runs whatever whitelisted function `query` names, so any other is refused.
SEARCH_QUERIES = ("frappe.core.doctype.user.user.user_query",)


def _link_search(args):
	doctype = args.get("doctype")
	query = args.get("query")
	if query and (doctype in protected_doctypes() or query not in SEARCH_QUERIES):
		raise Refused("that search query is not open to users inside the protocol")
	check_query(args, doctype)


def _get_one(args):
	"""frappe.client.get loads the first record its filters match, whoever may read it, and then
	refuses it naming it: a case record is fetched by its name."""
	if args.get("doctype") in protected_doctypes() and not args.get("name"):
		raise Refused("a case record is fetched by its name")
	require_readable(args.get("doctype"), args.get("name"))


def _get_value(args):
	"""frappe.client.get_value takes filters as a dict, a list, or a record's name."""
	filters = parse(args.get("filters"))
	if isinstance(filters, str):
		require_readable(args.get("doctype"), filters)
		args = {**args, "filters": None}
	check_query(args, args.get("doctype"))


def _assign(args):
	require_addable(args.get("doctype"), args.get("name"))
	doctype, name = args.get("doctype"), args.get("name")
	if doctype in protected_doctypes():
		for user in as_list(parse(args.get("assign_to"))):
			if not frappe.has_permission(doctype, "read", doc=name, user=user):
				raise Refused("that user may not read this record, so cannot be assigned it")


def _upload(args):
	"""upload_file also copies a file by its address or a library file, and runs whatever
	whitelisted function `method` names after the upload: none of that for users inside the
	protocol, who attach a file's content to a record they may write."""
	for copying in ("file_url", "library_file_name"):
		if args.get(copying):
			raise Refused("attach a file's content, not another file's address")
	if args.get("method"):
		raise Refused("upload_file does not run another method for users inside the protocol")
	require_addable(args.get("doctype"), args.get("docname"))


def _run_doc_method(args):
	"""A controller method of a stored record the user may write; never of a document sent in
	the request for a case DocType."""
	if args.get("dt"):
		require_readable(args.get("dt"), args.get("dn"), "write")
	if args.get("docs"):
		stored_document("docs", "write").run(args)


def _get_html_and_style(args):
	"""The desk's print page sends the form's whole document. Printed as sent, it would carry values
	the caller chose, and Frappe would title its links whatever records they name: so the stored
	record the document names is printed instead, if the user may print it."""
	sent = parse(args.get("doc"))
	if isinstance(sent, dict):
		doctype, name = sent.get("doctype"), sent.get("name")
		if not isinstance(doctype, str) or not isinstance(name, str):
			raise Refused("name the record to print")
		frappe.local.form_dict.update(doc=doctype, name=name)
		args.update(doc=doctype, name=name)  # the request as the audit reads it, too
	print_by_name("doc", "name", "print_format").run(args)


def _dashboard_chart(args):
	if args.get("chart"):
		raise Refused("only saved charts are drawn")
	chart = args.get("chart_name")
	if chart and frappe.db.get_value("Dashboard Chart", chart, "document_type") in protected_doctypes():
		raise Refused("charts of case records come from the app's reports")


def _common_transitions(args):
	doctype = args.get("doctype")
	for name in as_list(parse(args.get("docs"))):
		require_readable(doctype, name)


def _global_search(args):
	"""Global search lists only DocTypes indexed for it; no case DocType is (a sensitive field is
	never in global search), and naming one is refused."""
	if args.get("doctype") in protected_doctypes():
		raise Refused("case records are not searched globally")


def _link_preview(args):
	require_readable(args.get("doctype"), args.get("docname"))


def _comment_by_the_user(args):
	"""A comment is the user's own, and mentions only users who may read the record: Frappe tells
	each one mentioned the record's title and the comment, whoever they are."""
	from frappe.desk.notifications import extract_mentions

	if args.get("comment_email") not in (None, "", frappe.session.user):
		raise Refused("a comment is made in your own name")
	doctype, name = args.get("reference_doctype"), args.get("reference_name")
	if doctype in protected_doctypes() and isinstance(args.get("content"), str):
		for user in extract_mentions(args["content"]):
			if not frappe.has_permission(doctype, "read", doc=name, user=user):
				raise Refused("a user you mention may not read this record")


def _own_notification(args):
	owner = frappe.db.get_value("Notification Log", args.get("docname"), "for_user")
	if args.get("docname") and owner != frappe.session.user:
		raise Refused("that notification is not yours")


def _comment_update(args):
	comment = frappe.db.get_value(
		"Comment", args.get("name"), ["reference_doctype", "reference_name", "owner"], as_dict=True
	)
	if comment and comment.reference_doctype in protected_doctypes():
		require_readable(comment.reference_doctype, comment.reference_name)
		if comment.owner != frappe.session.user:
			raise Refused("only the author changes a comment")


def _remove_attachment(args):
	require_addable(args.get("dt"), args.get("dn"))


def _plain_sort_field(args):
	plain_filter_field(args.get("sort_field") or "modified")


def _no_child_rows(args):
	if args.get("doctype") in child_doctypes():
		raise Refused(f"{args.get('doctype')} rows are read through their parent record")


# An address in HTML: `//` and the host that follows it, with or without a scheme before it.
ADDRESS = re.compile(r"//([^/\s\"'<>()\\?#]*)")
CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})\s?|(.))", re.S)


def _css_unescaped(match) -> str:
	if match.group(2) is not None:
		return match.group(2)
	code = int(match.group(1), 16)
	return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"


def _site_resources_only(args):
	"""report_to_pdf renders the HTML it is sent with wkhtmltopdf, on the server, which fetches every
	address in it and draws what it gets into the PDF: a request forged from the server, to any
	service it can reach. The desk sends the report's own HTML, whose stylesheet is on the site: so
	every address in it must be on the site's own host. The HTML is read as wkhtmltopdf reads it:
	entities and CSS escapes decoded, and the tabs and line breaks a URL parser drops removed."""
	html = args.get("html")
	if not isinstance(html, str):
		return
	text = CSS_ESCAPE.sub(_css_unescaped, unescape(html))
	text = re.sub(r"[\t\n\r]", "", text)
	own = {urlparse(frappe.utils.get_url()).netloc.lower()}
	if getattr(frappe.local, "request", None):
		own.add(frappe.local.request.host.lower())
	for match in ADDRESS.finditer(text):
		if match.group(1).lower() not in own:
			raise Refused("a report's PDF loads only the site's own files")


def _no_document_sent(args):
	if args.get("doc"):
		raise Refused("name the record; a document sent in the request is not loaded")


NOTHING_TO_CHECK = Check(lambda args: None)

ALLOWED_METHODS: dict[str, Check] = {
	# sessions and the desk itself
	"login": NOTHING_TO_CHECK,
	"frappe.handler.logout": NOTHING_TO_CHECK,
	"frappe.handler.web_logout": NOTHING_TO_CHECK,
	"frappe.auth.get_logged_user": NOTHING_TO_CHECK,
	"frappe.ping": NOTHING_TO_CHECK,
	"frappe.realtime.get_user_info": NOTHING_TO_CHECK,
	"frappe.realtime.can_subscribe_doc": document("doctype", "docname"),
	"frappe.realtime.can_subscribe_doctype": refused_on_case_records(
		"live list updates send every saved record's name to every subscriber", "doctype"
	),
	"frappe.desk.desktop.get_workspace_sidebar_items": NOTHING_TO_CHECK,
	"frappe.desk.desktop.get_desktop_page": NOTHING_TO_CHECK,
	"frappe.desk.desk_page.getpage": NOTHING_TO_CHECK,
	"frappe.desk.notifications.get_notification_info": NOTHING_TO_CHECK,
	"frappe.desk.doctype.notification_log.notification_log.get_notification_logs": NOTHING_TO_CHECK,
	"frappe.desk.doctype.notification_log.notification_log.mark_all_as_read": NOTHING_TO_CHECK,
	"frappe.desk.doctype.notification_log.notification_log.mark_as_read": Check(
		_own_notification, ("docname",)
	),
	"frappe.desk.doctype.notification_log.notification_log.trigger_indicator_hide": NOTHING_TO_CHECK,
	"frappe.desk.doctype.notification_settings.notification_settings.set_seen_value": NOTHING_TO_CHECK,
	"frappe.desk.doctype.route_history.route_history.deferred_insert": NOTHING_TO_CHECK,
	"frappe.desk.doctype.onboarding_step.onboarding_step.get_onboarding_steps": NOTHING_TO_CHECK,
	"frappe.desk.doctype.form_tour.form_tour.update_user_status": NOTHING_TO_CHECK,
	"frappe.desk.doctype.note.note.mark_as_seen": NOTHING_TO_CHECK,
	"frappe.desk.doctype.custom_html_block.custom_html_block.get_custom_blocks_for_user": NOTHING_TO_CHECK,
	"frappe.desk.doctype.number_card.number_card.get_cards_for_user": NOTHING_TO_CHECK,
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get_charts_for_user": NOTHING_TO_CHECK,
	"frappe.desk.doctype.dashboard_chart.dashboard_chart.get": Check(
		_dashboard_chart, ("chart_name", "chart")
	),
	"frappe.desk.doctype.dashboard_settings.dashboard_settings.create_dashboard_settings": NOTHING_TO_CHECK,
	"frappe.desk.doctype.dashboard_settings.dashboard_settings.save_chart_config": NOTHING_TO_CHECK,
	"frappe.desk.search.get_names_for_mentions": NOTHING_TO_CHECK,
	# the navbar's upcoming events: Event records, with structured filters only (checked for all)
	"frappe.desk.doctype.event.event.get_events": no_case_records(),
	"frappe.desk.form.load.get_user_info_for_viewers": NOTHING_TO_CHECK,
	"frappe.core.doctype.user.user.switch_theme": NOTHING_TO_CHECK,
	"frappe.core.doctype.user.user.test_password_strength": NOTHING_TO_CHECK,
	"frappe.core.doctype.session_default_settings.session_default_settings.get_session_default_values": NOTHING_TO_CHECK,
	"frappe.core.api.file.get_max_file_size": NOTHING_TO_CHECK,
	"frappe.utils.change_log.get_versions": NOTHING_TO_CHECK,
	"frappe.utils.change_log.show_update_popup": NOTHING_TO_CHECK,
	"frappe.utils.change_log.update_last_known_versions": NOTHING_TO_CHECK,
	"frappe.geo.country_info.get_country_timezone_info": NOTHING_TO_CHECK,
	"frappe.utils.global_search.search": Check(_global_search, ("doctype",)),
	"frappe.model.utils.user_settings.get": no_case_records(),
	"frappe.model.utils.user_settings.save": NOTHING_TO_CHECK,
	"frappe.desk.listview.get_list_settings": NOTHING_TO_CHECK,
	"frappe.desk.listview.set_list_settings": NOTHING_TO_CHECK,
	"frappe.desk.doctype.list_view_settings.list_view_settings.get_default_listview_fields": NOTHING_TO_CHECK,
	# forms
	"family_safeguarding.guard.overrides.getdoc": document("doctype", "name"),
	"frappe.desk.form.load.getdoctype": NOTHING_TO_CHECK,
	"frappe.desk.form.load.get_docinfo": both(
		document("doctype", "name"), Check(_no_document_sent, ("doc",))
	),
	"frappe.desk.form.load.get_communications": document("doctype", "name"),
	"frappe.desk.form.save.savedocs": saved_document("doc"),
	"frappe.desk.form.save.cancel": document("doctype", "name", "cancel"),
	"frappe.desk.form.utils.add_comment": both(
		adding_to("reference_doctype", "reference_name", "read"),
		Check(_comment_by_the_user, ("reference_doctype", "reference_name", "content", "comment_email")),
	),
	"frappe.desk.form.utils.update_comment": Check(_comment_update, ("name",)),
	"frappe.desk.form.utils.remove_attach": Check(_remove_attachment, ("dt", "dn")),
	"frappe.desk.form.utils.get_next": both(
		listing("doctype"), document("doctype", "value"), Check(_plain_sort_field, ("sort_field",))
	),
	"frappe.desk.form.linked_with.get": document("doctype", "docname"),
	"frappe.desk.form.linked_with.get_submitted_linked_docs": document("doctype", "name"),
	"frappe.desk.form.assign_to.add": Check(_assign, ("doctype", "name", "assign_to")),
	"frappe.desk.form.assign_to.remove": adding_to("doctype", "name"),
	"frappe.desk.form.assign_to.close": adding_to("doctype", "name"),
	"frappe.desk.like.toggle_like": adding_to("doctype", "name", "read"),
	"frappe.desk.doctype.tag.tag.add_tag": adding_to("dt", "dn"),
	"frappe.desk.doctype.tag.tag.remove_tag": adding_to("dt", "dn"),
	"frappe.desk.doctype.tag.tag.get_tags": no_case_records("doctype"),
	"family_safeguarding.guard.overrides.get_open_count": Check(_open_count, ("doctype", "name", "items")),
	"frappe.desk.link_preview.get_preview_data": Check(_link_preview, ("doctype", "docname")),
	"frappe.model.workflow.get_transitions": stored_document("doc"),
	"frappe.model.workflow.apply_workflow": stored_document("doc", "write"),
	"frappe.model.workflow.can_cancel_document": no_case_records("doctype"),
	"frappe.model.workflow.get_common_transition_actions": Check(_common_transitions, ("docs", "doctype")),
	"frappe.handler.upload_file": Check(_upload, ("doctype", "docname")),
	"frappe.handler.run_doc_method": Check(_run_doc_method, ("method", "docs", "dt", "dn")),
	"frappe.handler.runserverobj": Check(_run_doc_method, ("method", "docs", "dt", "dn")),
	# lists, reports and link fields
	"frappe.desk.reportview.get": listing("doctype"),
	"frappe.desk.reportview.get_list": listing("doctype"),
	"frappe.desk.reportview.get_count": listing("doctype"),
	"frappe.desk.reportview.export_query": listing("doctype"),
	"frappe.desk.reportview.get_sidebar_stats": listing("doctype"),
	"frappe.desk.listview.get_group_by_count": Check(_group_by_count, ("doctype", "field")),
	"frappe.desk.search.search_link": Check(_link_search, ("doctype", "query", "filters")),
	"frappe.desk.search.search_widget": Check(_link_search, ("doctype", "query", "filters")),
	"family_safeguarding.guard.overrides.get_link_title": Check(_no_child_rows, ("doctype",)),
	"frappe.desk.query_report.get_script": Check(reports.only_the_apps, ("report_name",)),
	"frappe.desk.query_report.run": both(
		Check(reports.only_the_apps, ("report_name",)),
		Check(reports.no_prepared_result, ("report_name", "filters")),
		Check(reports.named_records_readable, ("filters",)),
	),
	"frappe.desk.query_report.export_query": both(
		Check(reports.only_the_apps, ("report_name",)),
		Check(reports.no_prepared_result, ("report_name", "filters")),
		Check(reports.named_records_readable, ("filters",)),
	),
	"frappe.core.doctype.prepared_report.prepared_report.get_reports_in_queued_state": Check(
		reports.not_prepared, ("report_name",)
	),
	# the documented API (frappe-js-sdk and others)
	"frappe.client.get": both(Check(_get_one, ("doctype", "name")), listing("doctype")),
	"frappe.client.get_value": Check(_get_value, ("doctype", "filters"), name_filters=("filters",)),
	"frappe.client.get_single_value": no_case_records("doctype"),
	"frappe.client.get_list": listing("doctype"),
	"family_safeguarding.guard.overrides.get_count": listing("doctype"),
	"frappe.client.insert": saved_document("doc"),
	"frappe.client.save": saved_document("doc"),
	"frappe.client.set_value": document("doctype", "name", "write"),
	"frappe.client.submit": stored_document("doc", "submit"),
	"frappe.client.cancel": document("doctype", "name", "cancel"),
	"frappe.client.delete": document("doctype", "name", "delete"),
	"frappe.client.validate_link": both(document("doctype", "docname"), listing("doctype")),
	"frappe.client.get_time_zone": NOTHING_TO_CHECK,
	"frappe.client.is_document_amended": document("doctype", "docname"),
	"frappe.client.get_doc_permissions": document("doctype", "docname"),
	"frappe.client.has_permission": document("doctype", "docname"),
	# print
	"frappe.www.printview.get_html_and_style": Check(_get_html_and_style, ("doc", "name", "print_format")),
	"frappe.utils.print_format.download_pdf": print_by_name("doctype", "name"),
	"frappe.utils.print_format.download_multi_pdf": print_by_name("doctype", "name"),
	"frappe.utils.print_format.report_to_pdf": Check(_site_resources_only, ("html",)),
	# the print page: which print settings the record's DocType offers, and before every PDF whether
	# wkhtmltopdf is the patched-Qt build (no record is read)
	"frappe.printing.page.print.print.get_print_settings_to_show": document("doctype", "docname", "print"),
	"frappe.utils.pdf.is_wkhtmltopdf_valid": NOTHING_TO_CHECK,
	# the app's own
	"family_safeguarding.outcomes.common.specialisms": NOTHING_TO_CHECK,
	"family_safeguarding.safeguarding_setup.doctype.agency_worker.agency_worker.create_user_for_worker": NOTHING_TO_CHECK,
}


# Web pages a user inside the protocol may open; everything else is refused (the `/list` route
# and web forms read records past the rule).
PAGES = ("/", "/app", "/apps", "/login", "/update-password", "/message", "/printview", "/favicon.ico")


def check_page(path: str, args: dict) -> None:
	if path == "/printview":
		print_by_name("doctype", "name").run(args)
		return
	if path == "/app":
		require_readable(args.get("doctype"), args.get("name"))
		return
	if path in PAGES or path.startswith(("/app/", "/socket.io")):
		return  # the desk's pages load records through the API, which is guarded
	raise Refused(f"the page {path} is not open to users inside the protocol")


# The right a REST action on one stored record needs.
RIGHT_OF_RECORD_ACTION = {"read": "read", "update": "write", "delete": "delete"}


def check_resource(action: str, doctype: str | None, name: str | None, args: dict) -> None:
	"""/api/resource and /api/v2/document: Frappe checks the rule on each record; the guard
	keeps lists to structured queries and keeps child rows behind their parents."""
	if action == "meta":
		return
	if not doctype:
		raise Refused("name a DocType")
	if action in ("list", "count"):
		check_query(args, doctype)
		if action == "count" and doctype in protected_doctypes():
			raise Refused("count case records with frappe.client.get_count")
		return
	if doctype in child_doctypes():
		raise Refused(f"{doctype} rows are read and written through their parent record")
	if action == "run_method" and doctype in protected_doctypes():
		raise Refused("document methods are not run on case records through the REST API")
	if action in RIGHT_OF_RECORD_ACTION and name:
		# Frappe answers a record that does not exist "not found" and one the user may not read
		# "not permitted": the guard refuses both alike, so the answer tells nothing of which exist
		require_readable(doctype, name, RIGHT_OF_RECORD_ACTION[action])
	if action == "unknown":
		raise Refused("that API route is not open to users inside the protocol")
