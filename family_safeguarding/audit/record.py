"""The `after_request` hook: keep what the request read, or the guard's refusal of it.

Frappe runs `after_request` hooks once the response is built, after it has committed a successful
request (or rolled back a failed or read-only one): so the rows are written here on a transaction
of their own and committed here. A refused request is rolled back first (Frappe never commits a
failed request), so that only the refusal is kept.

An unaudited read is not served: when the rows of what a request read cannot be written (the
database refuses the write, or working out the records fails), the answer is replaced by a 503
error that carries none of it, and the failure is logged (logs/family_safeguarding.audit.log).
A refusal that cannot be kept leaves the 403 as it is, and is still in the guard's log.

The rows are written past Frappe's documents, so past the escaping Frappe gives any text with
markup when it saves one: the caller chooses much of what a row keeps (the method or page asked
for, the reason its arguments were refused, its address), and the desk shows it as HTML to the
System Managers (Recent Guard Refusals) and team managers (Record Access History). So the text is
escaped here (`as_text`), and cut to fit its column: a value too long for its column would make
the database refuse the row, and so keep a refusal out of the audit at the caller's choice.
"""

import json

import frappe
from frappe import _
from frappe.utils import escape_html, now_datetime

from family_safeguarding.audit import current
from family_safeguarding.audit.reads import records_read
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.rules.audit import how_of

READS = "Case Record Access"
REFUSALS = "Guard Refusal"
ROW_FIELDS = ("name", "creation", "modified", "owner", "modified_by")
DATA_LENGTH = 140  # a Data column (endpoint, HTTP method, remote address)
REASON_LENGTH = 1000  # the guard's reason, which quotes what the caller sent


def after_request(response=None, request=None):
	audit = current()
	if audit is None:
		return  # a guest's request, or one the guard never saw
	if audit.refusal is not None:
		keep_refusal(audit, request)
		return
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if response is None or not 200 <= response.status_code < 300 or user in (None, "", "Guest"):
		return
	try:
		keep_reads(audit, response, user)
	except Exception:
		frappe.db.rollback()
		logger().error(
			{"user": user, "endpoint": endpoint_of(audit.route), "error": "audit not written"}, exc_info=True
		)
		withhold(response)


def keep_reads(audit, response, user: str) -> None:
	records = records_read(audit.route, response, audit.noted)
	if not records:
		return
	route, now = audit.route, now_datetime()
	how = how_of(route.kind, route.method, route.path, route.args.get("view"))
	endpoint, superuser = endpoint_of(route), int(is_outside_protocol(user))
	insert_reads(user, records, how, endpoint, superuser, now)
	frappe.db.commit()


def keep_refusal(audit, request) -> None:
	user = frappe.session.user
	try:
		frappe.db.rollback()
		now = now_datetime()
		frappe.db.bulk_insert(
			REFUSALS,
			[*ROW_FIELDS, "user", "refused_at", "http_method", "endpoint", "reason", "remote_address"],
			[
				(
					new_name(),
					now,
					now,
					user,
					user,
					user,
					now,
					as_text(getattr(request, "method", None), DATA_LENGTH),
					endpoint_of(audit.route),
					as_text(audit.refusal, REASON_LENGTH),
					as_text(getattr(frappe.local, "request_ip", None), DATA_LENGTH),
				)
			],
		)
		frappe.db.commit()
	except Exception:
		frappe.db.rollback()
		logger().error({"user": user, "error": "refusal not written"}, exc_info=True)


READ_FIELDS = (
	*ROW_FIELDS,
	"user",
	"accessed_at",
	"reference_doctype",
	"reference_name",
	"family",
	"how",
	"endpoint",
	"superuser",
)


def insert_reads(user: str, records, how: str, endpoint: str, superuser: int, now, chunk: int = 5000) -> None:
	"""One Case Record Access row per (DocType, name, family) in `records`, written in statements of
	`chunk` rows with the values passed to the database driver rather than built into the query: an
	export of a large council's records is some 90,000 rows, which Frappe's query builder takes many
	times longer to write out (the reason this is not frappe.db.bulk_insert)."""
	rows = [
		(new_name(), now, now, user, user, user, now, doctype, name, family, how, endpoint, superuser)
		for doctype, name, family in records
	]
	columns = ", ".join(f"`{field}`" for field in READ_FIELDS)
	placeholders = "({})".format(", ".join(["%s"] * len(READ_FIELDS)))
	for start in range(0, len(rows), chunk):
		part = rows[start : start + chunk]
		frappe.db.sql(
			f"insert into `tab{READS}` ({columns}) values {', '.join([placeholders] * len(part))}",
			[value for row in part for value in row],
		)


def new_name() -> str:
	# 80 random bits: rows are written in bulk, past Frappe's naming
	return frappe.generate_hash(length=20)


def endpoint_of(route) -> str:
	endpoint = route.method if route.kind == "method" and route.method else route.path or ""
	return as_text(endpoint, DATA_LENGTH)


def as_text(value, length: int):
	"""Text the caller chose, as the desk must show it and its column can hold it: markup escaped,
	as Frappe escapes it in a document it saves (BaseDocument._sanitize_content), so that it shows
	as text and runs nothing; then cut to `length` characters."""
	if not isinstance(value, str):
		return value
	if "<" in value or ">" in value:
		value = escape_html(value)
	return value[:length]


def withhold(response) -> None:
	"""Replace an answer whose reads could not be kept by an error that carries none of it."""
	message = _(
		"This could not be recorded in the audit of who reads case records, so it is not shown. "
		"Try again, and tell your IT administrator if it happens again."
	)
	if hasattr(response.response, "close"):
		response.response.close()  # a file being sent
	response.direct_passthrough = False
	response.status_code = 503
	# X-Accel-Redirect: behind nginx, Frappe leaves sending a private file to nginx, which sends it
	# whatever the status and body of this response
	for header in ("Content-Disposition", "Content-Encoding", "X-Accel-Redirect"):
		response.headers.pop(header, None)
	if frappe.local.request.path.startswith("/api/") or response.mimetype == "application/json":
		response.mimetype = "application/json"
		response.set_data(
			json.dumps(
				{
					"exc_type": "AuditUnavailable",
					"_server_messages": json.dumps([json.dumps({"message": message, "indicator": "red"})]),
				}
			)
		)
	else:
		response.mimetype = "text/plain"
		response.set_data(message)


def logger():
	return frappe.logger("family_safeguarding.audit", allow_site=True)
