"""The request guard: deny by default for every user inside the information-sharing protocol.

Frappe v15 lets records out on paths that skip the permission hooks
(docs/developers/exit-paths.md). So every request of a user inside the protocol, whatever it names,
goes through here once (an `auth_hooks` entry, which Frappe runs on every request after cookie,
API-key and OAuth authentication):

- a whitelisted method runs only if it is on the allowlist (allowlist.py), and its arguments, as
  the method will receive them (request.py), pass the entry's check;
- on every endpoint, filters are structured (no SQL text) and no permission bypass is asked for;
- REST document routes and web pages have their own short lists.

Anything else is refused with a 403, a log line and a row of Guard Refusal (audit/). Users outside
the protocol (Administrator and System Managers) are not guarded: they are Frappe's superusers;
their requests are described here all the same, for the audit of what they read.
"""

import logging

import frappe
from frappe import _

from family_safeguarding import audit
from family_safeguarding.guard import files
from family_safeguarding.guard.allowlist import ALLOWED_METHODS, check_page, check_resource
from family_safeguarding.guard.arguments import (
	Refused,
	names_protected_doctype,
	no_bypass,
	protected_doctypes,
	real_doctypes,
	structured_filters,
)
from family_safeguarding.guard.request import describe
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.protocol.files import may_read_file


def guard_request():
	"""The hook: let the request through, or refuse it with a 403 and log it."""
	request = getattr(frappe.local, "request", None)
	user = frappe.session.user if getattr(frappe.local, "session", None) else None
	if request is None or user in (None, ""):
		return
	route = describe(request, frappe.local.form_dict or {})
	if user == "Guest":
		guard_guest(route)
		return
	# Every signed-in user's reads of case records are audited, superusers' too (audit/).
	audit.begin(route)
	if is_outside_protocol(user):
		return
	# An error's traceback shows the code's path and sometimes values: not for users inside the
	# protocol (Frappe shows it to everyone while System Settings "allow_error_traceback" is on).
	frappe.local.flags.disable_traceback = True
	# Nor Frappe's debug messages, which carry a failed query with its values (`_debug_messages`).
	frappe.local.debug_log = NothingKept()
	try:
		check(route)
	except Refused as refusal:
		refusals_log().warning(
			{"user": user, "path": route.path, "method": route.method, "reason": str(refusal)}
		)
		audit.refused(str(refusal))  # kept in Guard Refusal once the request is rolled back
		frappe.throw(
			_("This request is not allowed: {0}").format(refusal),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


def guard_guest(route) -> None:
	"""Guest reads no case record. Frappe lets Guest print any record whose Document Share Key, or
	older signature link, comes with its name (`/printview`, `download_pdf`): so every request of
	Guest that names a case DocType, or names a DocType other than by its exact name (which the
	database would match), is refused. Kept in the guard's log only, not in Guard Refusal, so that
	no one can fill the audit without signing in."""
	frappe.local.flags.disable_traceback = True
	frappe.local.debug_log = NothingKept()
	try:
		real_doctypes({"doctype": route.doctype, **route.args} if route.kind == "resource" else route.args)
		if (route.kind == "resource" and route.doctype in protected_doctypes()) or names_protected_doctype(
			route.args
		):
			raise Refused("case records are not open to guests")
	except Refused as refusal:
		refusals_log().warning(
			{"user": "Guest", "path": route.path, "method": route.method, "reason": str(refusal)}
		)
		frappe.throw(
			_("This request is not allowed: {0}").format(refusal),
			frappe.PermissionError,
			title=_("Not permitted"),
		)


def refusals_log():
	"""logs/family_safeguarding.guard.log, in the bench and in the site. Frappe's loggers keep only
	errors outside its development server, so the level is set here: every refusal is kept."""
	logger = frappe.logger("family_safeguarding.guard", allow_site=True)
	logger.setLevel(logging.WARNING)
	return logger


class NothingKept(list):
	"""A debug log that keeps nothing."""

	def append(self, item):
		pass


def check(route) -> None:
	if route.kind == "method":
		entry = ALLOWED_METHODS.get(route.method)
		if entry is None:
			raise Refused(f"{route.method} is not on the allowlist")
		if route.args.get("method") and "method" not in entry.params:
			# upload_file runs whatever whitelisted function `method` names, past the allowlist
			raise Refused(f"{route.method} does not take another method to run")
		real_doctypes(route.args)
		no_bypass(route.args)
		structured_filters(route.args, name_keys=entry.name_filters)
		if route.method in files.FILE_COPYING_METHODS:
			files.FILE_COPYING_METHODS[route.method](route.args)
		entry.run(route.args)
	elif route.kind == "resource":
		real_doctypes({"doctype": route.doctype, **route.args})
		no_bypass(route.args)
		structured_filters(route.args)
		check_resource(route.action, route.doctype, route.name, route.args)
	elif route.kind == "page":
		check_page(route.path, route.args)
	elif route.kind == "file":
		# Frappe serves a private file to anyone holding a File row of its address, and asks no
		# permission hook on the way: so it is served only to a reader of a record holding it.
		if not may_read_file(frappe.session.user, route.path):
			raise Refused("that file belongs to a record you may not read")
	else:
		raise Refused("that address is not open to users inside the protocol")
