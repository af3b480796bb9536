"""What the audit costs on each request: p50 and p95 of the `after_request` hook alone (working out
the case records a response read, and writing and committing their rows), for a list, a form load
and a refused request, as a user inside the protocol; the p50 of working out the records alone; and
the request's own time without the hook, for scale.

Run from the bench directory, on a site with the demo data (`bench --site S family-safeguarding-demo --yes`):

	./env/bin/python apps/family_safeguarding/benchmarks/audit.py --site S [--user USER]

It is not a test. It writes the audit rows it measures, and deletes exactly those at the end (the
rows of its user written since it started, by the endpoints it measured), so that the site's audit
keeps only real reads.
"""

import json
import statistics
import time

import frappe
from common import arguments, begin_request, connect, first_family, p50_p95

USER = "north.manager@demo.family-safeguarding.example.org"


def requests(family: str) -> dict[str, tuple[str, dict]]:
	return {
		"list of 20 members (reportview.get)": (
			"/api/method/frappe.desk.reportview.get",
			{
				"doctype": "Member",
				"fields": json.dumps(
					["`tabMember`.`name`", "`tabMember`.`full_name`", "`tabMember`.`family`"]
				),
				"page_length": 20,
				"view": "List",
			},
		),
		"form (getdoc)": ("/api/method/frappe.desk.form.load.getdoc", {"doctype": "Family", "name": family}),
		"refused (not on the allowlist)": ("/api/method/frappe.core.doctype.user.user.get_all_roles", {}),
	}


def prepared(path: str, params: dict):
	"""The request, described and begun by the guard, and its real response."""
	from family_safeguarding.guard import guard_request

	request = begin_request(path, params)
	frappe.local.response = frappe._dict({"docs": []})
	start = time.perf_counter()
	try:
		guard_request()
		response = frappe.api.handle(request)
	except frappe.PermissionError:
		response = None
	served = (time.perf_counter() - start) * 1000
	frappe.db.rollback()
	return request, response, frappe.local.fs_audit, served


def main():
	args = arguments(__doc__.splitlines()[0], runs=300, user=USER)
	connect(args.site)
	from family_safeguarding.audit import RequestAudit
	from family_safeguarding.audit.reads import records_read
	from family_safeguarding.audit.record import READS, REFUSALS, after_request, endpoint_of

	family = first_family(args.user, args.site)
	started = frappe.utils.now_datetime()
	endpoints = set()
	print(f"The audit hook alone, as {args.user}, {args.runs} runs each (ms):")
	print(f"{'request':38} {'rows':>5} {'p50':>7} {'p95':>7} {'finding p50':>12} {'request p50':>12}")
	try:
		for label, (path, params) in requests(family).items():
			request, response, audit, _served = prepared(path, params)
			endpoints.add(endpoint_of(audit.route))
			times, served = [], []
			for _ in range(args.runs):
				frappe.local.fs_audit = RequestAudit(audit.route, dict(audit.noted), audit.refusal)
				start = time.perf_counter()
				after_request(response, request)
				times.append((time.perf_counter() - start) * 1000)
			finding = []  # working out the records alone, without writing them
			for _ in range(0 if audit.refusal else args.runs):
				start = time.perf_counter()
				records_read(audit.route, response, audit.noted)
				finding.append((time.perf_counter() - start) * 1000)
			for _ in range(min(args.runs, 100)):
				served.append(prepared(path, params)[3])
			table = REFUSALS if audit.refusal else READS
			when = "refused_at" if audit.refusal else "accessed_at"
			rows = frappe.db.count(
				table, {"user": args.user, when: (">=", started), "endpoint": endpoint_of(audit.route)}
			)
			p50, p95 = p50_p95(times)
			found = statistics.median(finding) if finding else 0.0
			print(
				f"{label:38} {rows // args.runs:5d} {p50:7.3f} {p95:7.3f} {found:12.3f} "
				f"{statistics.median(served):12.3f}"
			)
	finally:
		for table, when in ((READS, "accessed_at"), (REFUSALS, "refused_at")):
			frappe.db.delete(table, {"user": args.user, when: (">=", started), "endpoint": ("in", endpoints)})
		frappe.db.commit()
		frappe.destroy()


if __name__ == "__main__":
	main()
