"""Shared fixtures for the bench tests: real users of each role, real logins, real HTTP requests."""

import functools
import json
import threading
from contextlib import contextmanager
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.utils import add_days, today
from werkzeug.test import Client

from family_safeguarding.demo import (
	ensure_agency,
	ensure_family,
	ensure_member,
	ensure_team,
	ensure_user,
	ensure_worker,
	set_team_manager,
)
from family_safeguarding.rules.roles import ADMINISTRATOR, PERFORMANCE_ANALYST

PASSWORD = "Fs-Test-Password-2026!"
DOMAIN = "fs-test.example.org"

CHILDRENS_SERVICES = "FS Test Children's Services"
POLICE = "FS Test Police"
NHS = "FS Test NHS Trust"
PROBATION = "FS Test Probation"
RECOVERY = "FS Test Recovery Service"
TEAM_A = "FS Test Team A"
TEAM_B = "FS Test Team B"

# key -> (specialism, agency, team)
WORKERS = {
	"tm_a": ("Team Manager", CHILDRENS_SERVICES, TEAM_A),
	"sw_a1": ("Social Worker", CHILDRENS_SERVICES, TEAM_A),
	"sw_a2": ("Social Worker", CHILDRENS_SERVICES, TEAM_A),
	"police_a": ("Police Domestic Abuse Officer", POLICE, TEAM_A),
	"mh_a": ("Mental Health Practitioner", NHS, TEAM_A),
	"bs_a": ("Business Support", CHILDRENS_SERVICES, TEAM_A),
	"tm_b": ("Team Manager", CHILDRENS_SERVICES, TEAM_B),
	"sw_b": ("Social Worker", CHILDRENS_SERVICES, TEAM_B),
	"bs_b": ("Business Support", CHILDRENS_SERVICES, TEAM_B),
	# every practitioner role, allocated to family a1, so that what they cannot read is down to role
	"mh_alloc": ("Mental Health Practitioner", NHS, TEAM_A),
	"cp_a": ("Clinical Psychologist", NHS, TEAM_A),
	"probation_a": ("Probation Officer", PROBATION, TEAM_A),
	"recovery_a": ("Recovery Worker", RECOVERY, TEAM_A),
	"fw_a": ("Family Worker", CHILDRENS_SERVICES, TEAM_A),
	"da_a": ("Domestic Abuse Victim Practitioner", CHILDRENS_SERVICES, TEAM_A),
}
ALLOCATED_TO_A1 = ["police_a", "mh_alloc", "cp_a", "probation_a", "recovery_a", "fw_a", "da_a"]
NON_WORKERS = {"admin": ADMINISTRATOR, "analyst": PERFORMANCE_ANALYST}


def email(key: str) -> str:
	return f"{key}@{DOMAIN}"


class People(frappe._dict):
	"""Users, workers, families and members of the access fixture, by key."""


def make_people() -> People:
	"""Two teams with a worker of the main roles each, and three families:

	a1 (team A, lead sw_a1, police_a allocated), a2 (team A, lead sw_a2), b1 (team B, lead sw_b).
	Each has a parent and a child. Idempotent; committed, so HTTP requests see it.
	"""
	frappe.set_user("Administrator")
	ensure_agency(CHILDRENS_SERVICES, "Children's Services")
	ensure_agency(POLICE, "Police")
	ensure_agency(NHS, "NHS Mental Health Trust")
	ensure_agency(PROBATION, "Probation")
	ensure_agency(RECOVERY, "Recovery Service")
	ensure_team(TEAM_A, "Testford")
	ensure_team(TEAM_B, "Testbury")
	people = People(
		users=frappe._dict(), workers=frappe._dict(), families=frappe._dict(), members=frappe._dict()
	)
	for key, (specialism, agency, team) in WORKERS.items():
		people.users[key] = ensure_user(email(key), key.replace("_", " ").title(), "Tester", PASSWORD)
		people.workers[key] = ensure_worker(email(key), agency, team, specialism)
	for key, role in NON_WORKERS.items():
		people.users[key] = ensure_user(email(key), key.title(), "Tester", PASSWORD, roles=[role])
	set_team_manager(TEAM_A, email("tm_a"))
	set_team_manager(TEAM_B, email("tm_b"))

	opened = add_days(today(), -30)
	for key, team, lead, allocated in (
		("a1", TEAM_A, "sw_a1", ALLOCATED_TO_A1),
		("a2", TEAM_A, "sw_a2", []),
		("b1", TEAM_B, "sw_b", []),
	):
		family = ensure_family(
			f"Test Household {key.upper()}",
			team,
			people.workers[lead],
			allocated=[people.workers[w] for w in allocated],
			opened_on=opened,
		)
		people.families[key] = family
		family_doc = frappe.get_doc("Family", family)
		missing = [
			w
			for w in allocated
			if not any(r.worker == people.workers[w] and not r.to_date for r in family_doc.allocations)
		]
		if missing:
			for w in missing:
				family_doc.append("allocations", {"worker": people.workers[w], "from_date": opened})
			family_doc.save(ignore_permissions=True)
		people.members[key] = [
			ensure_member(family, "Parent", "Parent", key.upper(), date_of_birth="1990-04-01"),
			ensure_member(family, "Child", "Child", key.upper(), date_of_birth="2019-09-15"),
		]
	frappe.db.commit()
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

		thread = threading.Thread(target=run)
		thread.start()
		thread.join()
		return result["response"]

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
	practitioner and a Police Information entry by the police officer. Idempotent; committed."""
	frappe.set_user("Administrator")
	family = people.families.a1
	records = frappe._dict()

	def first(doctype, filters, make):
		name = frappe.db.get_value(doctype, filters, "name")
		return name or make().insert(ignore_permissions=True).name

	template = frappe.db.get_value("Workbook Module Template", {"module_number": 1}, "name")
	records.module = first(
		"Workbook Module",
		{"family": family, "module_template": template},
		lambda: frappe.get_doc(
			{
				"doctype": "Workbook Module",
				"family": family,
				"module_template": template,
				"status": "Not Started",
			}
		),
	)
	records.goal = first(
		"Goal",
		{"family": family, "member": people.members.a1[0]},
		lambda: frappe.get_doc(
			{
				"doctype": "Goal",
				"family": family,
				"member": people.members.a1[0],
				"goal": "Keep to the safety plan",
				"start_date": add_days(today(), -20),
				"reviews": [{"review_date": add_days(today(), -20), "scale": "Progress", "score": 3}],
			}
		),
	)
	period = (add_days(today(), -25), add_days(today(), -5))
	for key in ("sw_a1", "police_a"):
		records[f"summary_{key}"] = first(
			"Practitioner Summary",
			{"family": family, "worker": people.workers[key]},
			lambda key=key: frappe.get_doc(
				{
					"doctype": "Practitioner Summary",
					"family": family,
					"worker": people.workers[key],
					"period_start": period[0],
					"period_end": period[1],
					"work_undertaken": f"Work by {key}",
				}
			),
		)
	records.health = first(
		"Health Information",
		{"family": family},
		lambda: frappe.get_doc(
			{
				"doctype": "Health Information",
				"family": family,
				"member": people.members.a1[0],
				"author": people.workers["mh_alloc"],
				"source": "Mental Health Assessment",
				"information": HEALTH_TEXT,
			}
		),
	)
	records.police = first(
		"Police Information",
		{"family": family},
		lambda: frappe.get_doc(
			{
				"doctype": "Police Information",
				"family": family,
				"member": people.members.a1[0],
				"author": people.workers["police_a"],
				"source": "Police",
				"information": POLICE_TEXT,
			}
		),
	)
	frappe.db.commit()
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
