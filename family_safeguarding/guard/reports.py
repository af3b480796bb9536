"""Prepared reports: a prepared result is handed to whoever names it, and
`make_prepared_report` runs a report without asking for its roles. The app's reports are fast
enough over ten years of a large council (benchmarks/scale.py) never to be prepared, so their
results are always computed for the user who asks, under the rule and the report's roles."""

import json

import frappe

from family_safeguarding.audit import reads  # the module: audit.reads imports the guard's helpers
from family_safeguarding.guard.arguments import Refused, parse, require_readable
from family_safeguarding.rules.superusers import SUPERUSER_REPORTS


def app_report(report_name) -> bool:
	return bool(
		report_name
		and isinstance(report_name, str)
		and frappe.db.get_value("Report", report_name, "module")
		in frappe.get_module_list("family_safeguarding")
	)


def _prepared_report_of(name) -> str | None:
	return frappe.db.get_value("Prepared Report", str(name), "report_name") if name else None


def no_prepared_result(args: dict) -> None:
	filters = parse(args.get("filters")) or {}
	prepared = args.get("prepared_report_name") or (
		filters.get("prepared_report_name") if isinstance(filters, dict) else None
	)
	if prepared and (app_report(args.get("report_name")) or app_report(_prepared_report_of(prepared))):
		raise Refused("the app's reports are run for the user who asks, never read from a prepared report")


def not_prepared(args: dict) -> None:
	if app_report(args.get("report_name")):
		raise Refused("the app's reports are run for the user who asks, never prepared in advance")


def only_the_apps(args: dict) -> None:
	"""Users inside the protocol run the app's reports, and no other: a report of Frappe's or of
	another app runs its own queries past the rule. Nor the app's reports for superusers."""
	if not app_report(args.get("report_name")):
		raise Refused("users inside the protocol run the Family Safeguarding reports only")
	if args.get("report_name") in SUPERUSER_REPORTS:
		raise Refused("that report is for System Managers only")


def named_records_readable(args: dict) -> None:
	"""A report's filter that names a case record (Record Access History's member) names one the
	user may read. One that does not exist gets the same refusal: the report's own errors (not
	found, not permitted) would tell which records exist."""
	filters = args.get("filters")
	text = filters if isinstance(filters, str) else json.dumps(filters, default=str)
	for doctype, names in reads.ids_in_answer(text.encode()).items():
		for name in names:
			require_readable(doctype, name)
