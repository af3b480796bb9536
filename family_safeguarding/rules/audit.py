"""The audit of reads, as data and pure rules: how a request read a case record, how a case record's
ID is recognised in what a response carries, and which audit rows the retention period keeps.

Read by family_safeguarding/audit/ (which records every read of a case record, after the response
is built) and by the plain tests.
"""

import re
from datetime import date

# How a record was read: the "How" of Case Record Access and Record Access History.
FORM = "Form"  # the desk's form (getdoc, docinfo and the form's other calls)
REST = "REST"  # /api/resource and /api/v2/document
CLIENT_API = "Client API"  # frappe.client.get, get_value, get_list, ... (frappe-js-sdk and scripts)
LIST = "List"  # the desk's list view and other list queries
REPORT = "Report"  # the desk's report view and script reports
PRINT = "Print"  # print view, print preview and PDF
EXPORT = "Export"  # a list's or report's export
EMAIL = "Email"  # an e-mail sent from the record (with its print, if attached)
SEARCH = "Search"  # link fields and the search bar
ATTACHMENT = "Attachment"  # a private file attached to the record
NOTIFICATION = "Notification"  # the user's notifications naming the record
PHONE = "Phone"  # the app's phone page
PAGE = "Page"  # any other web page
OTHER = "Other"  # any other endpoint that answered with the record's ID

HOWS = (
	FORM,
	REST,
	CLIENT_API,
	LIST,
	REPORT,
	PRINT,
	EXPORT,
	EMAIL,
	SEARCH,
	ATTACHMENT,
	NOTIFICATION,
	PHONE,
	PAGE,
	OTHER,
)

# Methods, by their exact dotted path (as the guard resolves them, overrides applied).
METHOD_HOWS = {
	"family_safeguarding.guard.overrides.getdoc": FORM,
	"frappe.desk.reportview.export_query": EXPORT,
	"frappe.desk.query_report.export_query": EXPORT,
	"frappe.desk.reportview.get": LIST,  # REPORT when the desk's report view asks (`view`)
	"frappe.desk.reportview.get_list": LIST,
	"frappe.desk.query_report.run": REPORT,
	"frappe.utils.global_search.search": SEARCH,
	"family_safeguarding.guard.overrides.get_link_title": SEARCH,
	"family_safeguarding.guard.overrides.get_count": CLIENT_API,
}
# ...else by the first of these prefixes the method starts with.
METHOD_PREFIX_HOWS = (
	("frappe.desk.form.", FORM),
	("frappe.desk.link_preview.", FORM),
	("frappe.handler.run_doc_method", FORM),
	("frappe.handler.runserverobj", FORM),
	("frappe.client.", CLIENT_API),
	("frappe.desk.reportview.", LIST),
	("frappe.desk.listview.", LIST),
	("frappe.desk.query_report.", REPORT),
	("frappe.desk.search.", SEARCH),
	("frappe.www.printview.", PRINT),
	("frappe.utils.print_format.", PRINT),
	("frappe.desk.doctype.notification_log.", NOTIFICATION),
	("frappe.desk.notifications.", NOTIFICATION),
	("frappe.core.doctype.communication.email.", EMAIL),
)
# Web pages, by path.
PAGE_HOWS = {"/printview": PRINT}


def how_of(kind: str, method: str | None = None, path: str = "", view: str | None = None) -> str:
	"""How a request read what it read, from the guard's description of it (guard/request.py):
	its kind (method, resource, file, page), the method that ran, the page's path, and for the
	desk's list query the view that asked ("Report" for the report view)."""
	if kind == "resource":
		return REST
	if kind == "file":
		return ATTACHMENT
	if kind == "page":
		return PAGE_HOWS.get(path, PAGE)
	if kind != "method" or not method:
		return OTHER
	if method == "frappe.desk.reportview.get" and view == "Report":
		return REPORT
	if method in METHOD_HOWS:
		return METHOD_HOWS[method]
	for prefix, how in METHOD_PREFIX_HOWS:
		if method.startswith(prefix):
			return how
	return OTHER


# Methods that read records named in their arguments, whatever their answer shows of them (a PDF
# shows no ID): method -> (argument holding the DocType, argument holding the name or names).
NAMED_RECORD_METHODS = {
	"family_safeguarding.guard.overrides.getdoc": ("doctype", "name"),
	"frappe.desk.form.load.get_docinfo": ("doctype", "name"),
	"frappe.desk.link_preview.get_preview_data": ("doctype", "docname"),
	"frappe.client.get": ("doctype", "name"),
	"frappe.client.get_value": ("doctype", "filters"),  # when the filters are a name
	"frappe.www.printview.get_html_and_style": ("doc", "name"),
	"frappe.utils.print_format.download_pdf": ("doctype", "name"),
	"frappe.utils.print_format.download_multi_pdf": ("doctype", "name"),
	"frappe.utils.print_format.download_multi_pdf_async": ("doctype", "name"),
	"frappe.utils.print_format.print_by_server": ("doctype", "name"),
	"frappe.core.doctype.communication.email.make": ("doctype", "name"),
}
# Web pages that read a record named in their arguments.
NAMED_RECORD_PAGES = {"/printview": ("doctype", "name")}

# List-like methods whose rows may carry no ID (the caller chose the fields): the page of records
# they read is asked again, by the same filters, order and limits. method -> its default page size
# (0: every row).
LIST_METHODS = {
	"frappe.desk.reportview.get": 20,
	"frappe.desk.reportview.get_list": 20,
	"frappe.client.get_list": 20,
	"frappe.client.get_value": 1,
	"frappe.desk.reportview.export_query": 0,
}
REST_LIST_PAGE = 20
# Methods that count records by the value of a field: each row shows the value its records share.
# method -> (argument holding the DocType, argument holding the filters)
GROUPED_METHODS = {
	"frappe.desk.listview.get_group_by_count": ("doctype", "current_filters"),
	"frappe.desk.reportview.get_sidebar_stats": ("doctype", "filters"),
}
AGGREGATE = re.compile(r"\b(count|sum|avg|min|max|group_concat)\s*\(", re.I)

# What a list query's rows are (query_shape).
RECORDS = "records"  # the records themselves, a page of them
GROUPS = "groups"  # groups of records, each row showing the values its records share
COUNTS = "counts"  # counts alone, which show nothing of any record


def query_shape(fields, group_by) -> str:
	"""A query grouped by a field, or with an aggregate beside plain fields, shows those fields'
	values of every record it counts (a grouped list of members shows their names and dates of
	birth): its rows are groups of records. Aggregates alone, without a group, are counts."""
	fields = list(fields or ())
	aggregates = [field for field in fields if isinstance(field, str) and AGGREGATE.search(field)]
	if group_by or (aggregates and len(aggregates) < len(fields)):
		return GROUPS
	return COUNTS if aggregates else RECORDS


# --- case record IDs ----------------------------------------------------------------------------


def id_pattern(autoname: str | None) -> str | None:
	"""A regular expression for the names a naming series gives, from a DocType's autoname
	("FAM-.YYYY.-.#####" -> FAM-2026-00001; the counter may outgrow its digits); None for an
	autoname that is not a naming series of fixed text, years and a counter."""
	if not autoname or "#" not in autoname or ":" in autoname:
		return None
	parts = []
	for part in autoname.split("."):
		if not part:
			continue
		if set(part) == {"#"}:
			parts.append(rf"\d{{{len(part)},}}")
		elif part == "YYYY":
			parts.append(r"\d{4}")
		elif part in ("YY", "MM", "DD"):
			parts.append(r"\d{2}")
		elif re.fullmatch(r"[A-Za-z0-9-]+", part):
			parts.append(re.escape(part))
		else:
			return None
	if not parts or not parts[0].startswith(tuple("ABCDEFGHIJKLMNOPQRSTUVWXYZ")):
		return None
	return "".join(parts)


def ids_expression(patterns: dict[str, str]) -> re.Pattern:
	"""One expression for the IDs of every DocType in `patterns` (DocType -> id_pattern), each a
	named group, as whole words: HI-000001 is not found inside CHI-000001. Matched on bytes, as a
	response's body is sent."""
	groups = [f"(?P<g{index}>{pattern})" for index, pattern in enumerate(patterns.values())]
	return re.compile(rf"(?<![\w-])(?:{'|'.join(groups)})(?!\w)".encode())


def ids_in(expression: re.Pattern, doctypes: list[str], body: bytes) -> dict[str, set[str]]:
	"""The IDs `expression` (from ids_expression, with `doctypes` in the same order) finds in
	`body`, by DocType."""
	found: dict[str, set[str]] = {}
	for match in expression.finditer(body):
		index = int(match.lastgroup[1:])
		found.setdefault(doctypes[index], set()).add(match.group().decode())
	return found


# --- retention ----------------------------------------------------------------------------------

DEFAULT_RETENTION_YEARS = 7
MINIMUM_RETENTION_YEARS = 1


def retention_years(setting) -> int:
	"""The years audit rows are kept: the council's setting, never less than the minimum; the
	default while it is not set."""
	if setting in (None, "", 0):
		return DEFAULT_RETENTION_YEARS
	return max(int(setting), MINIMUM_RETENTION_YEARS)


def retention_cutoff(today: date, years: int) -> date:
	"""The first day kept: rows from before it are deleted. The same day `years` years ago (28
	February for 29 February)."""
	try:
		return today.replace(year=today.year - years)
	except ValueError:
		return today.replace(year=today.year - years, day=28)
