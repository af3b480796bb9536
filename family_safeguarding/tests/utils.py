"""Shared fixtures for the bench tests: real users of each role, real logins, real HTTP requests."""

import functools
import io
import json
import logging
import sys
import threading
from contextlib import contextmanager, redirect_stdout
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.utils import add_days, today
from werkzeug.test import Client

from family_safeguarding.demo.builders import set_team_manager
from family_safeguarding.rules import roles
from family_safeguarding.tests.builders import (
	RUN,
	new_agency,
	new_family,
	new_member,
	new_team,
	new_user,
	new_worker,
	this_run,
)

PASSWORD = "Fs-Test-Password-2026!"
DOMAIN = "fs-test.example.org"

# this run's: a test never finds an agency, team, user or family an earlier run left
CHILDRENS_SERVICES = this_run("FS Test Children's Services")
POLICE = this_run("FS Test Police")
NHS = this_run("FS Test NHS Trust")
PROBATION = this_run("FS Test Probation")
RECOVERY = this_run("FS Test Recovery Service")
TEAM_A = this_run("FS Test Team A")
TEAM_B = this_run("FS Test Team B")

# key -> (specialism, agency, team)
WORKERS = {
	"tm_a": (roles.TEAM_MANAGER_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
	"sw_a1": (roles.SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
	"sw_a2": (roles.SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
	"police_a": (roles.POLICE_OFFICER_SPECIALISM, POLICE, TEAM_A),
	"mh_a": (roles.MENTAL_HEALTH_SPECIALISM, NHS, TEAM_A),
	"bs_a": (roles.BUSINESS_SUPPORT_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
	"tm_b": (roles.TEAM_MANAGER_SPECIALISM, CHILDRENS_SERVICES, TEAM_B),
	"sw_b": (roles.SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, TEAM_B),
	"bs_b": (roles.BUSINESS_SUPPORT_SPECIALISM, CHILDRENS_SERVICES, TEAM_B),
	# every practitioner role, allocated to family a1, so that what they cannot read is down to role
	"mh_alloc": (roles.MENTAL_HEALTH_SPECIALISM, NHS, TEAM_A),
	"cp_a": (roles.CLINICAL_PSYCHOLOGIST_SPECIALISM, NHS, TEAM_A),
	"probation_a": (roles.PROBATION_OFFICER_SPECIALISM, PROBATION, TEAM_A),
	"recovery_a": (roles.RECOVERY_WORKER_SPECIALISM, RECOVERY, TEAM_A),
	"fw_a": (roles.FAMILY_WORKER_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
	"da_a": (roles.DOMESTIC_ABUSE_VICTIM_SPECIALISM, CHILDRENS_SERVICES, TEAM_A),
}
ALLOCATED_TO_A1 = ["police_a", "mh_alloc", "cp_a", "probation_a", "recovery_a", "fw_a", "da_a"]
NON_WORKERS = {"admin": roles.ADMINISTRATOR, "analyst": roles.PERFORMANCE_ANALYST}


def email(key: str) -> str:
	"""This run's user of `key`."""
	return f"{key}.{RUN}@{DOMAIN}"


class People(frappe._dict):
	"""Users, workers, families and members of the access fixture, by key."""


_made = {}


def make_people() -> People:
	"""Two teams with a worker of the main roles each, and three families:

	a1 (team A, lead sw_a1, with ALLOCATED_TO_A1), a2 (team A, lead sw_a2), b1 (team B, lead sw_b).
	Each has a parent and a child. Made once in a run, by the first test class that asks, and shared
	by the others; committed, so HTTP requests see it."""
	if "people" in _made:
		return _made["people"]
	frappe.set_user("Administrator")
	new_agency(CHILDRENS_SERVICES, roles.CHILDRENS_SERVICES)
	new_agency(POLICE, roles.POLICE)
	new_agency(NHS, roles.NHS_TRUST)
	new_agency(PROBATION, roles.PROBATION)
	new_agency(RECOVERY, roles.RECOVERY_SERVICE)
	new_team(TEAM_A, "Testford")
	new_team(TEAM_B, "Testbury")
	people = People(
		users=frappe._dict(), workers=frappe._dict(), families=frappe._dict(), members=frappe._dict()
	)
	for key, (specialism, agency, team) in WORKERS.items():
		people.users[key] = new_user(email(key), key.replace("_", " ").title(), "Tester", PASSWORD)
		people.workers[key] = new_worker(email(key), agency, team, specialism)
	for key, role in NON_WORKERS.items():
		people.users[key] = new_user(email(key), key.title(), "Tester", PASSWORD, roles=[role])
	set_team_manager(TEAM_A, email("tm_a"))
	set_team_manager(TEAM_B, email("tm_b"))

	opened = add_days(today(), -30)
	for key, team, lead, allocated in (
		("a1", TEAM_A, "sw_a1", ALLOCATED_TO_A1),
		("a2", TEAM_A, "sw_a2", []),
		("b1", TEAM_B, "sw_b", []),
	):
		family = new_family(
			this_run(f"Test Household {key.upper()}"),
			team,
			people.workers[lead],
			allocated=[people.workers[w] for w in allocated],
			opened_on=opened,
		)
		people.families[key] = family
		people.members[key] = [
			new_member(family, "Parent", "Parent", key.upper(), date_of_birth="1990-04-01"),
			new_member(family, "Child", "Child", key.upper(), date_of_birth="2019-09-15"),
		]
	frappe.db.commit()
	_made["people"] = people
	return people


@contextmanager
def as_user(user: str):
	previous = frappe.session.user
	frappe.set_user(user)
	try:
		yield
	finally:
		frappe.set_user(previous)


def visible(doctype: str, user: str, **filters) -> set[str]:
	with as_user(user):
		return set(frappe.get_list(doctype, filters=filters, pluck="name", limit_page_length=0))


class HttpSession:
	"""A browser-like session: logs in through /api/method/login and sends requests through Frappe's
	own WSGI application, each in a thread of its own as a web worker would serve it, so only
	committed data is seen and the permission checks run exactly as they do for a real request."""

	def __init__(self, user: str, password: str = PASSWORD):
		from frappe.app import application

		self.site = frappe.local.site
		self.client = Client(application, use_cookies=True)
		response = self.post("/api/method/login", {"usr": user, "pwd": password})
		if response.status_code != 200:
			raise AssertionError(
				f"{user} could not log in: {response.status_code} {response.get_data(as_text=True)[:300]}"
			)

	def _send(self, method: str, path: str, **kwargs):
		result = {}
		headers = {"X-Frappe-Site-Name": self.site, **kwargs.pop("headers", {})}

		def run():
			result["response"] = getattr(self.client, method)(path, headers=headers, **kwargs)

		# Frappe prints the traceback of a refused request (frappe.errprint) while System Settings
		# allow tracebacks and the user is outside the protocol. A refusal (4xx) is what a test
		# asks for and asserts: its print is kept on the response, not in the log. Anything else
		# printed, a server error's traceback above all, still goes to the log.
		with redirect_stdout(io.StringIO()) as printed, css_warnings_unprinted():
			thread = threading.Thread(target=run)
			thread.start()
			thread.join()
		response = result["response"]
		response.printed = printed.getvalue()
		if response.printed and not 400 <= response.status_code < 500:
			sys.stdout.write(response.printed)
		return response

	def get(self, path: str, params: dict | None = None):
		query = {k: json.dumps(v) if isinstance(v, list | dict) else v for k, v in (params or {}).items()}
		return self._send("get", path, query_string=query)

	def post(self, path: str, data: dict):
		return self._send("post", path, data=data)

	def resource_names(self, doctype: str, **params) -> set[str] | None:
		"""Names listed by /api/resource, or None when the request is refused."""
		response = self.get(
			f"/api/resource/{doctype}", {"fields": ["name"], "limit_page_length": 0, **params}
		)
		if response.status_code != 200:
			return None
		return {row["name"] for row in response.json["data"]}


def assert_refused_and_nothing_saved(test, doc, message_regex: str, exc=frappe.ValidationError):
	"""Saving `doc` is refused with a message matching `message_regex`, and the database is unchanged."""
	doctype = doc.doctype
	before_count = frappe.db.count(doctype)
	before = (
		frappe.get_doc(doctype, doc.name).as_dict()
		if doc.name and frappe.db.exists(doctype, doc.name)
		else None
	)
	with test.assertRaisesRegex(exc, message_regex):
		doc.save() if before else doc.insert()
	test.assertEqual(frappe.db.count(doctype), before_count, "a refused insert saved a record")
	if before:
		after = frappe.get_doc(doctype, doc.name).as_dict()
		test.assertEqual(after.modified, before.modified, "a refused save changed the record")


HEALTH_TEXT = "HEALTH-DETAIL-7Q: perinatal depression, sertraline 50mg"
POLICE_TEXT = "POLICE-DETAIL-3K: bail conditions, MARAC referral"


def make_workbook(people: People) -> frappe._dict:
	"""In family a1: a module, a goal, two summaries, a Health Information entry by the mental health
	practitioner and a Police Information entry by the police officer. Made once in a run, like
	make_people; committed."""
	if "workbook" in _made:
		return _made["workbook"]
	frappe.set_user("Administrator")
	family = people.families.a1
	parent = people.members.a1[0]

	def new(record):
		return frappe.get_doc({"family": family, **record}).insert(ignore_permissions=True).name

	records = frappe._dict()
	records.module = new(
		{
			"doctype": "Workbook Module",
			"module_template": frappe.db.get_value("Workbook Module Template", {"module_number": 1}),
			"status": "Not Started",
		}
	)
	records.goal = new(
		{
			"doctype": "Goal",
			"member": parent,
			"goal": "Keep to the safety plan",
			"start_date": add_days(today(), -20),
			"reviews": [{"review_date": add_days(today(), -20), "scale": "Progress", "score": 3}],
		}
	)
	for key in ("sw_a1", "police_a"):
		records[f"summary_{key}"] = new(
			{
				"doctype": "Practitioner Summary",
				"worker": people.workers[key],
				"period_start": add_days(today(), -25),
				"period_end": add_days(today(), -5),
				"work_undertaken": f"Work by {key}",
			}
		)
	records.health = new(
		{
			"doctype": "Health Information",
			"member": parent,
			"author": people.workers["mh_alloc"],
			"source": "Mental Health Assessment",
			"information": HEALTH_TEXT,
		}
	)
	records.police = new(
		{
			"doctype": "Police Information",
			"member": parent,
			"author": people.workers["police_a"],
			"source": "Police",
			"information": POLICE_TEXT,
		}
	)
	frappe.db.commit()
	_made["workbook"] = records
	return records


def raw_insert(record: dict) -> str:
	"""Store a record exactly as given, children included, without its controller: for data that
	stands for what the forms and the daily job leave behind."""
	doc = frappe.get_doc(record)
	doc.set_new_name()
	doc.db_insert()
	for child in doc.get_all_children():
		child.parent, child.parenttype = doc.name, doc.doctype
		child.db_insert()
	return doc.name


class _QuietFileHandler(SimpleHTTPRequestHandler):
	def log_message(self, *args):
		pass


@contextmanager
def assets_served():
	"""Serve the bench's static files and point the site's URL at them while a PDF is made.

	wkhtmltopdf fetches the print stylesheet from the site's URL, which in production is the web
	server; a test has none running, so this stands in for it."""
	handler = functools.partial(_QuietFileHandler, directory=frappe.utils.get_bench_path() + "/sites")
	server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
	threading.Thread(target=server.serve_forever, daemon=True).start()
	previous = frappe.local.conf.get("host_name")
	frappe.local.conf.host_name = f"http://127.0.0.1:{server.server_address[1]}"
	try:
		yield
	finally:
		frappe.local.conf.host_name = previous
		server.shutdown()
		server.server_close()


@contextmanager
def css_warnings_unprinted():
	"""cssutils, with which Frappe reads a PDF's margins from the print stylesheet, prints to stderr
	every property of Frappe's own stylesheet it does not know (CSS variables, object-fit...): up to 38
	lines for each PDF, about nothing a test here checks. A PDF that fails still fails the test."""
	import cssutils  # first: importing it sets its logger's level and handler

	logger = cssutils.log
	level = logger.getEffectiveLevel()
	logger.setLevel(logging.CRITICAL)
	try:
		yield
	finally:
		logger.setLevel(level)
