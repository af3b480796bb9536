"""What the request guard costs on each request: p50 and p95 of the guard alone, for the requests
the desk sends most, as a user inside the protocol, against the same request's time served whole.

Run from the bench directory, on a site with the demo data (`bench --site S family-safeguarding-demo --yes`):

	./env/bin/python apps/family_safeguarding/benchmarks/guard.py --site S

It is not a test; it reads only.
"""

import json
import time

import frappe
from common import arguments, begin_request, connect, first_family, p50_p95

USER = "north.social.worker1@demo.family-safeguarding.example.org"


def requests_of_the_desk(family: str) -> dict[str, tuple[str, dict]]:
	return {
		"caseload list (reportview.get)": (
			"/api/method/frappe.desk.reportview.get",
			{
				"doctype": "Family",
				"fields": json.dumps(["`tabFamily`.`name`", "`tabFamily`.`family_name`"]),
				"filters": json.dumps([["Family", "status", "=", "Open"]]),
			},
		),
		"form (getdoc)": ("/api/method/frappe.desk.form.load.getdoc", {"doctype": "Family", "name": family}),
		"member link search (search_link)": (
			"/api/method/frappe.desk.search.search_link",
			{"doctype": "Member", "txt": "a", "filters": json.dumps({"family": family})},
		),
		"REST list (/api/resource)": ("/api/resource/Member", {"fields": json.dumps(["name", "family"])}),
		"notifications (plumbing)": ("/api/method/frappe.desk.notifications.get_notification_info", {}),
	}


def main():
	args = arguments(__doc__.splitlines()[0], runs=2000)
	connect(args.site)
	from frappe.desk.form.load import getdoc

	from family_safeguarding.guard import guard_request

	family = first_family(USER, args.site)
	print(f"The guard alone, as {USER}, {args.runs} runs each (ms):")
	print(f"{'request':36} {'p50':>7} {'p95':>7}")
	for label, (path, params) in requests_of_the_desk(family).items():
		begin_request(path, params)
		times = []
		for _ in range(args.runs):
			start = time.perf_counter()
			guard_request()
			times.append((time.perf_counter() - start) * 1000)
		p50, p95 = p50_p95(times)
		print(f"{label:36} {p50:7.3f} {p95:7.3f}")
	# the work the guard sits in front of, for scale: the form load itself
	times = []
	for _ in range(200):
		start = time.perf_counter()
		getdoc("Family", family)
		frappe.local.response = frappe._dict({"docs": []})
		times.append((time.perf_counter() - start) * 1000)
	p50, p95 = p50_p95(times)
	print(f"{'for scale: getdoc itself':36} {p50:7.3f} {p95:7.3f}")
	frappe.destroy()


if __name__ == "__main__":
	main()
