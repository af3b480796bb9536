"""What the app costs on a large council's data: p50 and p95 of each operation against its floor
(the same work as raw SQL on the same database) and its stock-Frappe peer, with the ratios.

Run from the bench directory, on a site filled by `bench --site <site> family-safeguarding-generate`:

	./env/bin/python apps/family_safeguarding/benchmarks/scale.py --site <site>

It is not a test. It gives one social worker a password and adds a System Manager
(benchmark.peer@…) to log in over HTTP, and runs the daily job, which writes what that job writes:
use a site made for it, never a live one. The HTTP figures
come from the site served by gunicorn with two workers, which the script starts on --port.

Then it measures the statutory returns on the same site (benchmarks/returns.py): the census, Annex
A, and, given --import-site (a new, empty site), importing a 20,000-child census into it.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import frappe
import requests
from frappe.utils import add_years, today

from family_safeguarding.rules.access import AGGREGATE_REPORTS, NAMED_REPORTS
from family_safeguarding.tests.utils import as_user

# The stock-Frappe peer: a System Manager, whom Frappe's permission code checks like anyone else
# but the app's row-level rule does not touch.
PEER = "benchmark.peer@scale.family-safeguarding.example.org"
CASELOAD_FIELDS = ["name", "family_name", "legal_status", "next_supervision_due", "lead_social_worker"]
TARGETS = []  # (operation, what it must meet, met?)


def timed(operation, runs: int, warmup: int = 10) -> list[float]:
	for _ in range(warmup):
		operation()
	times = []
	for _ in range(runs):
		start = time.perf_counter()
		operation()
		times.append((time.perf_counter() - start) * 1000)
	return times


def p50_p95(times: list[float]) -> tuple[float, float]:
	if len(times) < 2:
		return times[0], times[0]
	return statistics.median(times), statistics.quantiles(times, n=20, method="inclusive")[18]


class Table:
	def __init__(self):
		self.rows = []

	def add(self, operation, app, floor=None, peer=None):
		self.rows.append((operation, p50_p95(app), floor and p50_p95(floor), peer and p50_p95(peer)))
		line = self.format(self.rows[-1])
		print(line, flush=True)
		return self.rows[-1]

	@staticmethod
	def format(row):
		operation, app, floor, peer = row
		cells = [f"{operation:<46}", f"{app[0]:>8.1f} {app[1]:>8.1f}"]
		for other in (floor, peer):
			cells.append(f"{other[0]:>8.1f} {other[1]:>8.1f}" if other else f"{'-':>8} {'-':>8}")
		cells.append(f"{app[0] / floor[0]:>7.2f}x" if floor else f"{'-':>8}")
		cells.append(f"{app[0] / peer[0]:>7.2f}x" if peer else f"{'-':>8}")
		return " ".join(cells)

	@staticmethod
	def header():
		return (
			f"{'operation (ms)':<46} {'app p50':>8} {'app p95':>8} {'floor p50':>8} {'floor p95':>8}"
			f" {'peer p50':>8} {'peer p95':>8} {'/floor':>8} {'/peer':>8}"
		)


def target(name: str, rule: str, met: bool):
	TARGETS.append((name, rule, met))


# Who the benchmark acts as --------------------------------------------------------------------


def busiest_social_worker() -> tuple[str, str]:
	"""The active social worker with the most current allocations: (worker, user)."""
	return frappe.db.sql(
		"""select worker.name, worker.user from `tabAgency Worker` worker
		join `tabFamily Allocation` allocation on allocation.worker = worker.name
		where worker.specialism = 'Social Worker' and worker.is_active = 1
			and allocation.to_date is null and allocation.parenttype = 'Family'
		group by worker.name order by count(*) desc, worker.name limit 1"""
	)[0]


def family_with_history(worker: str, years: int = 2) -> str:
	"""A family of the worker's, open about `years` years, with the most records."""
	return frappe.db.sql(
		"""select family.name from `tabFamily` family
		join `tabFamily Allocation` allocation on allocation.parent = family.name
		where allocation.worker = %s and allocation.to_date is null
		order by abs(datediff(curdate(), family.opened_on) - 365 * %s) limit 1""",
		(worker, years),
	)[0][0]


def ensure_peer() -> str:
	from family_safeguarding.demo.builders import users_not_throttled

	if not frappe.db.exists("User", PEER):
		# a site just filled by the demo, the tests and the generator has made more users in the past
		# hour than Frappe's sign-up throttle allows
		with users_not_throttled():
			frappe.get_doc(
				{
					"doctype": "User",
					"email": PEER,
					"first_name": "Benchmark",
					"roles": [{"role": "System Manager"}],
				}
			).insert(ignore_permissions=True)
		frappe.db.commit()
	return PEER


# The operations ---------------------------------------------------------------------------------


def caseload(user: str, runs: int, table: Table, worker: str):
	def listed_by(whom):
		def run():
			with as_user(whom):
				return frappe.get_list(
					"Family",
					filters={"status": "Open"},
					fields=CASELOAD_FIELDS,
					order_by="modified desc",
					limit_page_length=20,
				)

		return run

	as_worker, as_peer = listed_by(user), listed_by(PEER)
	floor_sql = f"""select {", ".join(CASELOAD_FIELDS)} from `tabFamily`
		where status = 'Open' and name in (
			select allocation.parent from `tabFamily Allocation` allocation
			where allocation.worker = %(worker)s and allocation.parenttype = 'Family'
				and allocation.from_date <= %(today)s
				and (allocation.to_date is null or allocation.to_date >= %(today)s))
		order by modified desc limit 20"""
	listed = as_worker()
	assert listed and len(listed) == len(frappe.db.sql(floor_sql, {"worker": worker, "today": today()}))
	print(f"  caseload: {len(listed)} families for {user}")
	row = table.add(
		"caseload list, in-process (get_list)",
		timed(as_worker, runs),
		timed(lambda: frappe.db.sql(floor_sql, {"worker": worker, "today": today()}), runs),
		timed(as_peer, runs),
	)
	target("caseload list in-process", "within 1.5x of the peer", row[1][0] <= 1.5 * row[3][0])
	target("caseload list in-process", "within 5x of raw SQL", row[1][0] <= 5 * row[2][0])


def member_search(user: str, runs: int, table: Table, worker: str, text: str):
	from frappe.desk.search import search_link

	def search(as_whom):
		def run():
			with as_user(as_whom):
				return search_link("Member", text, page_length=10)

		return run

	floor_sql = """select name, full_name from `tabMember`
		where (name like %(text)s or full_name like %(text)s) and family in (
			select allocation.parent from `tabFamily Allocation` allocation
			where allocation.worker = %(worker)s and allocation.parenttype = 'Family'
				and allocation.from_date <= %(today)s
				and (allocation.to_date is null or allocation.to_date >= %(today)s))
		limit 10"""
	values = {"text": f"%{text}%", "worker": worker, "today": today()}
	found = search(user)()
	print(f"  member search '{text}': {len(found)} members for {user}")
	row = table.add(
		f"Member link search '{text}', in-process",
		timed(search(user), runs),
		timed(lambda: frappe.db.sql(floor_sql, values), runs),
		timed(search(PEER), runs),
	)
	target("member link search in-process", "within 1.5x of the peer", row[1][0] <= 1.5 * row[3][0])
	target("member link search in-process", "within 5x of raw SQL", row[1][0] <= 5 * row[2][0])


def form_load(user: str, family: str, runs: int, table: Table):
	from frappe.desk.form import load

	from family_safeguarding.family_records.doctype.family.family import Family

	def getdoc():
		with as_user(user):
			load.getdoc("Family", family)
			frappe.response.pop("docs", None)
			frappe.response.pop("docinfo", None)

	def plain_getdoc():
		# Stock Frappe's form load of the same record: no row-level rule, no workbook at a glance.
		onload = Family.onload
		Family.onload = lambda self: None
		try:
			with as_user(PEER):
				load.getdoc("Family", family)
				frappe.response.pop("docs", None)
				frappe.response.pop("docinfo", None)
		finally:
			Family.onload = onload

	row = table.add(
		f"Family form load (getdoc) {family}", timed(getdoc, runs), None, timed(plain_getdoc, runs)
	)
	frappe.db.rollback()  # the View Logs the loads wrote
	target("Family form load", "within 1.5x of a plain getdoc", row[1][0] <= 1.5 * row[3][0])


def reports(runs: int, table: Table, manager: str):
	from frappe.desk.query_report import run

	filters = {"from_date": add_years(today(), -10), "to_date": today()}
	for report, user in [(name, "Administrator") for name in AGGREGATE_REPORTS] + [
		(name, manager) for name in NAMED_REPORTS
	]:
		captured = []
		original = frappe.db.sql

		def capture(query, values=(), *args, **kwargs):
			captured.append((query, values))
			return original(query, values, *args, **kwargs)

		def run_report():
			with as_user(user):
				return run(report, filters=json.dumps(filters), ignore_prepared_report=True)

		frappe.db.sql = capture
		try:
			result = run_report()
		finally:
			frappe.db.sql = original
		# the floor: the same aggregate statements the report sends, run on their own
		statements = [
			(q, v)
			for q, v in captured
			if q.lstrip().lower().startswith("select")
			and "`tab" in q
			and "tabReport" not in q
			and "tabDocType" not in q
			and "tabHas Role" not in q
			and "tabCustom" not in q
			and "tabProperty Setter" not in q
		]

		def floor():
			for query, values in statements:
				original(query, values)

		row = table.add(
			f"report {report} ({len(result.get('result') or [])} rows, {len(statements)} SQL)",
			timed(run_report, runs, warmup=1),
			timed(floor, runs, warmup=1),
		)
		target(
			f"report {report}",
			"within 2x of its SQL and under 2 s",
			row[1][0] <= 2 * row[2][0] and row[1][1] < 2000,
		)


def court_summary_pdf(manager: str, family: str, runs: int, table: Table):
	from family_safeguarding.tests.utils import assets_served  # stands in for the web server's static files

	def pdf():
		with as_user(manager), assets_served():
			return frappe.get_print("Family", family, "Case Summary for Court", as_pdf=True)

	assert pdf().startswith(b"%PDF")
	row = table.add(f"Case Summary for Court PDF ({family})", timed(pdf, runs, warmup=1))
	frappe.db.rollback()
	target("court summary PDF", "under 5 s", row[1][1] < 5000)


def daily_job(runs: int, table: Table):
	from family_safeguarding.family_records.doctype.member.member import refresh_ages
	from family_safeguarding.statutory.daily import run_daily

	def job():
		refresh_ages()
		run_daily()
		frappe.db.commit()

	row = table.add("daily scheduled job, whole data", timed(job, runs, warmup=0))
	target("daily job", "under 2 minutes", row[1][1] < 120_000)


# Over HTTP ---------------------------------------------------------------------------------------


class Served:
	"""The site served by gunicorn with two workers, as in production."""

	def __init__(self, bench: Path, site: str, port: int):
		self.url = f"http://127.0.0.1:{port}"
		with socket.socket() as probe:
			if probe.connect_ex(("127.0.0.1", port)) == 0:
				# a server left running would be measured instead, with whatever code it loaded
				raise RuntimeError(f"something is already listening on port {port}: stop it or pass --port")
		self.process = subprocess.Popen(
			[
				str(bench / "env/bin/gunicorn"),
				"--workers",
				"2",
				"--bind",
				f"127.0.0.1:{port}",
				"--timeout",
				"120",
				"frappe.app:application",
			],
			cwd=bench / "sites",
			stdout=subprocess.DEVNULL,
			stderr=subprocess.DEVNULL,
			env={**os.environ, "FRAPPE_SITE": site},
		)
		self.site = site
		for _ in range(120):
			if self.process.poll() is not None:
				break
			try:
				requests.get(f"{self.url}/api/method/ping", headers={"Host": site}, timeout=30)
				return
			except (requests.ConnectionError, requests.Timeout):
				time.sleep(0.5)
		self.stop()
		raise RuntimeError("gunicorn did not start")

	def session(self, user: str, password: str) -> requests.Session:
		session = requests.Session()
		session.headers["Host"] = self.site
		response = session.post(f"{self.url}/api/method/login", data={"usr": user, "pwd": password})
		response.raise_for_status()
		return session

	def stop(self):
		if self.process.poll() is None:
			self.process.terminate()
			self.process.wait(timeout=30)


def over_http(served: Served, worker_session, admin_session, runs: int, table: Table, text: str):
	params = {
		"fields": json.dumps(CASELOAD_FIELDS),
		"filters": json.dumps({"status": "Open"}),
		"order_by": "modified desc",
		"limit_page_length": 20,
	}

	def get(session, path, query):
		def run():
			response = session.get(f"{served.url}{path}", params=query)
			response.raise_for_status()
			return response.json()

		return run

	caseload = get(worker_session, "/api/resource/Family", params)
	assert caseload()["data"]
	row = table.add(
		"caseload list over HTTP (/api/resource)",
		timed(caseload, runs),
		None,
		timed(get(admin_session, "/api/resource/Family", params), runs),
	)
	target("caseload list over HTTP", "p95 under 50 ms", row[1][1] < 50)
	search = {"doctype": "Member", "txt": text, "page_length": 10}
	row = table.add(
		f"Member link search '{text}' over HTTP",
		timed(get(worker_session, "/api/method/frappe.desk.search.search_link", search), runs),
		None,
		timed(get(admin_session, "/api/method/frappe.desk.search.search_link", search), runs),
	)
	target("member link search over HTTP", "p95 under 50 ms", row[1][1] < 50)


def concurrent_reads(served: Served, user: str, password: str, clients: int = 8, seconds: float = 15):
	params = {
		"fields": json.dumps(CASELOAD_FIELDS),
		"filters": json.dumps({"status": "Open"}),
		"limit_page_length": 20,
	}
	counts, failures, latencies = [0] * clients, [0] * clients, [[] for _ in range(clients)]
	stop = time.monotonic() + seconds

	def client(index):
		session = served.session(user, password)
		while time.monotonic() < stop:
			start = time.perf_counter()
			response = session.get(f"{served.url}/api/resource/Family", params=params)
			latencies[index].append((time.perf_counter() - start) * 1000)
			if response.ok:
				counts[index] += 1
			else:
				failures[index] += 1

	threads = [threading.Thread(target=client, args=(index,)) for index in range(clients)]
	for thread in threads:
		thread.start()
	for thread in threads:
		thread.join()
	every = [latency for per_client in latencies for latency in per_client]
	p50, p95 = p50_p95(every)
	rate = sum(counts) / seconds
	print(
		f"{'caseload list, 8 clients, gunicorn 2 workers':<46} {rate:>8.1f} requests/s,"
		f" p50 {p50:.1f} ms, p95 {p95:.1f} ms, {sum(failures)} failed"
	)
	return rate


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True)
	parser.add_argument("--runs", type=int, default=30, help="timed runs of each fast operation")
	parser.add_argument("--report-runs", type=int, default=5)
	parser.add_argument("--port", type=int, default=8021)
	parser.add_argument("--skip-http", action="store_true")
	parser.add_argument("--skip-daily", action="store_true")
	parser.add_argument("--skip-reports", action="store_true")
	parser.add_argument(
		"--skip-returns", action="store_true", help="leave out the census, Annex A and the import"
	)
	parser.add_argument(
		"--import-site", help="a new, empty site to import a 20,000-child census into (returns.py)"
	)
	args = parser.parse_args()

	bench = Path.cwd()
	if not (bench / "sites" / args.site).is_dir():
		sys.exit(f"Run this from the bench directory: no sites/{args.site} under {bench}")
	os.chdir(bench / "sites")  # as bench does: Frappe's logs are relative to it
	frappe.init(site=args.site, sites_path=".")
	frappe.connect()
	try:
		counts = {
			doctype: frappe.db.count(doctype)
			for doctype in ("Family", "Member", "Goal", "Goal Review", "Practitioner Summary", "Referral")
		}
		print(
			f"{time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; site {args.site}: "
			+ ", ".join(f"{n:,} {d}" for d, n in counts.items())
		)
		pool = frappe.db.sql("select @@innodb_buffer_pool_size")[0][0] / 2**20
		data = (
			frappe.db.sql(
				"""select sum(data_length + index_length) from information_schema.tables
			where table_schema = database()"""
			)[0][0]
			/ 2**20
		)
		print(f"MariaDB buffer pool {pool:,.0f} MB for {data:,.0f} MB of data and indexes")
		if pool < data:
			print("  (smaller than the data: reports read from disk; see docs/administrators/scaling.md)")
		worker, user = busiest_social_worker()
		team = frappe.db.get_value("Agency Worker", worker, "team")
		manager = frappe.db.get_value("Family Safeguarding Team", team, "team_manager")
		family = family_with_history(worker)
		text = frappe.db.sql(
			"""select member.last_name from `tabMember` member join `tabFamily Allocation` allocation
			on allocation.parent = member.family where allocation.worker = %s and allocation.to_date is null
			limit 1""",
			worker,
		)[0][0].lower()
		ensure_peer()
		table = Table()
		print(Table.header())
		caseload(user, args.runs, table, worker)
		member_search(user, args.runs, table, worker, text)
		form_load(user, family, args.runs, table)
		if not args.skip_reports:
			reports(args.report_runs, table, manager)
		court_summary_pdf(manager, family, 3, table)
		if not args.skip_daily:
			daily_job(1, table)
		if not args.skip_http:
			from frappe.utils.password import update_password

			password = frappe.generate_hash(length=16)
			update_password(user, password)
			update_password(PEER, password)
			frappe.db.commit()
			served = Served(bench, args.site, args.port)
			try:
				over_http(
					served,
					served.session(user, password),
					served.session(PEER, password),
					args.runs,
					table,
					text,
				)
				concurrent_reads(served, user, password)
			finally:
				served.stop()
	finally:
		frappe.destroy()
	if not args.skip_returns:
		from returns import measure  # benchmarks/returns.py: the statutory returns and the import

		print()
		TARGETS.extend(measure(args.site, args.import_site))
	print("\nTargets")
	for name, rule, met in TARGETS:
		print(f"  {'met    ' if met else 'NOT MET'}  {name}: {rule}")


if __name__ == "__main__":
	main()
