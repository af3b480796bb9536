"""The audit of reads: every read of a case record over the web, by any signed-in user, System
Managers and Administrator included, kept in Case Record Access (who, when, which record, how, by
which endpoint); and every refusal of the request guard, kept in Guard Refusal.

One mechanism. The guard's auth hook describes every request once, as Frappe will answer it
(guard/request.py), and hands the description here (`begin`). After the response is built, an
`after_request` hook (record.py) works out which case records the request read (reads.py): the
records it names, the records whose IDs its answer carries, the page of a list whose rows carry no
ID, and what code that gathers records for the answer without showing their IDs says it read
(`note_read`: the print formats). It writes one row per record and commits them itself, so a read
is kept whatever the request does with its own transaction; a read that cannot be kept is not
served (record.py). Frappe's Log Settings never clear these tables; the app keeps them for the
retention period in Family Safeguarding Settings (retention.py).
"""

from dataclasses import dataclass, field

import frappe


@dataclass
class RequestAudit:
	route: object  # guard.request.Route
	noted: dict = field(default_factory=dict)  # DocType -> names read without showing their IDs
	refusal: str | None = None  # the guard's reason, when it refused the request


def begin(route) -> None:
	"""Start the audit of this request (called by the guard's auth hook for every signed-in user)."""
	frappe.local.fs_audit = RequestAudit(route)


def current() -> RequestAudit | None:
	return getattr(frappe.local, "fs_audit", None)


def note_read(doctype: str, names) -> None:
	"""Say that this request read these records of `doctype` for its answer, which may not show
	their IDs (a print, a PDF). Outside a web request (console, jobs) it does nothing."""
	audit = current()
	if audit is not None and doctype:
		audit.noted.setdefault(doctype, set()).update(str(name) for name in names if name)


def refused(reason: str) -> None:
	"""The guard refused this request: it is kept as a refusal, and read nothing."""
	audit = current()
	if audit is not None:
		audit.refusal = reason
