"""The guard's proof, generated from what the site registers, not from a list written by hand.

Every whitelisted method of every installed app (Frappe's registry, `frappe.whitelisted`, after
importing every module of the apps) and every REST route of Frappe's URL map is called as a user
of each role inside the protocol, with arguments that name case records none of them may read.
A method that is not on the allowlist must be refused by the guard; whatever answers, no response
or error may carry a record or text the user may not read.
"""

import importlib
import inspect
import json
import pkgutil

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.guard.allowlist import ALLOWED_METHODS
from family_safeguarding.guard.request import SHORT_NAMES, resolve
from family_safeguarding.tests.utils import HttpSession, make_people

# One user of each role inside the protocol, none of them allowed to read team B's family.
USERS_BY_ROLE = (
	"tm_a",
	"sw_a1",
	"police_a",
	"mh_alloc",
	"cp_a",
	"probation_a",
	"recovery_a",
	"fw_a",
	"da_a",
	"bs_a",
	"admin",
	"analyst",
)
# Ending the session would make the rest of the run a guest's: tried once, at the end.
ENDS_THE_SESSION = {"frappe.handler.logout", "frappe.handler.web_logout", "login"}

HEALTH_SECRET = "UNSEEN-HEALTH-5Z: psychosis, clozapine"
POLICE_SECRET = "UNSEEN-POLICE-8W: firearms marker"


def import_every_module(app: str) -> list[str]:
	"""Import each module of `app`, so that every function it whitelists is registered. Returns
	the modules that could not be imported (optional dependencies), for the record."""
	failed = []
	package = importlib.import_module(app)
	for module in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
		if ".tests" in module.name or ".test_" in module.name or module.name.endswith(".patches"):
			continue
		try:
			importlib.import_module(module.name)
		except Exception:
			failed.append(module.name)
	return failed


def registered_methods() -> dict[str, object]:
	"""Dotted path -> function, for every whitelisted module-level function of the installed apps."""
	for app in frappe.get_installed_apps():
		import_every_module(app)
	methods = {}
	for function in frappe.whitelisted:
		if "." in function.__qualname__:
			continue  # a controller's method: reached through run_doc_method, tried there
		methods[f"{function.__module__}.{function.__qualname__}"] = function
	# run_doc_method is not whitelisted: Frappe's handler calls it without asking (execute_cmd)
	from frappe.handler import run_doc_method

	methods["frappe.handler.run_doc_method"] = methods["frappe.handler.runserverobj"] = run_doc_method
	for short, path in SHORT_NAMES.items():
		if path in methods:
			methods[short] = methods[path]
	return methods


class TestEveryEndpoint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		family = cls.people.families.b1
		member = cls.people.members.b1[0]
		worker = cls.people.workers["sw_b"]
		cls.health = cls._record("Health Information", family, member, worker, HEALTH_SECRET)
		cls.police = cls._record("Police Information", family, member, worker, POLICE_SECRET)
		frappe.db.commit()
		cls.unreadable = [
			HEALTH_SECRET,
			POLICE_SECRET,
			frappe.db.get_value("Family", family, "family_name"),
			*(frappe.db.get_value("Member", m, "full_name") for m in cls.people.members.b1),
		]
		cls.family, cls.member, cls.worker = family, member, worker
		cls.sessions = {key: HttpSession(cls.people.users[key]) for key in USERS_BY_ROLE}

	@classmethod
	def _record(cls, doctype, family, member, author, text):
		existing = frappe.db.get_value(doctype, {"family": family, "information": text}, "name")
		if existing:
			return existing
		return (
			frappe.get_doc(
				{
					"doctype": doctype,
					"family": family,
					"member": member,
					"author": author,
					"source": "Other",
					"information": text,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)

	def case_arguments(self) -> dict:
		"""Arguments under every name Frappe's endpoints use, all pointing at the unreadable
		Health Information record (or its family and member)."""
		doc = {"doctype": "Health Information", "name": self.health, "family": self.family}
		name_filter = [["Health Information", "name", "=", self.health]]
		return {
			"doctype": "Health Information",
			"dt": "Health Information",
			"reference_doctype": "Health Information",
			"ref_doctype": "Health Information",
			"document_type": "Health Information",
			"parent_doctype": "Family",
			"name": self.health,
			"docname": self.health,
			"dn": self.health,
			"doc_name": self.health,
			"reference_name": self.health,
			"document_name": self.health,
			"member": self.member,
			"family": self.family,
			"txt": "",
			"text": "UNSEEN",
			"fields": json.dumps(["name", "information"]),
			"fieldname": "information",
			"field": "information",
			"filters": json.dumps(name_filter),
			"current_filters": json.dumps(name_filter),
			"doc": json.dumps(doc),
			"docs": json.dumps(doc),
			"document": json.dumps(doc),
			"report_name": "Caseload",
			"value": self.health,
			"items": json.dumps(["Health Information"]),
		}

	def assert_nothing_unreadable(self, body: str, why: str):
		for text in self.unreadable:
			self.assertNotIn(text, body, why)

	def test_every_allowlist_entry_reads_its_endpoints_own_arguments(self):
		"""A check that read an argument the endpoint does not use could be passed with a decoy
		(get_link_title's `docname` checked as `name`)."""
		methods = registered_methods()
		for method, entry in ALLOWED_METHODS.items():
			with self.subTest(method):
				function = methods.get(method)
				if method == "login":
					continue  # Frappe answers it before any method runs
				self.assertIsNotNone(function, f"{method} on the allowlist is not a whitelisted method")
				parameters = set(inspect.signature(function).parameters)
				reads_form_dict = "form_dict" in inspect.getsource(function) or not parameters
				for param in entry.params:
					self.assertTrue(
						param in parameters or reads_form_dict,
						f"{method}'s check reads {param!r}, which the endpoint does not take",
					)

	def test_every_whitelisted_method_as_every_role(self):
		methods = registered_methods()
		args = self.case_arguments()
		refused = allowed = 0
		for method, function in sorted(methods.items()):
			if method in ENDS_THE_SESSION:
				continue
			http_methods = frappe.allowed_http_methods_for_whitelisted_func.get(function, ["GET", "POST"])
			on_allowlist = resolve(SHORT_NAMES.get(method, method)) in ALLOWED_METHODS
			for key, session in self.sessions.items():
				if "POST" in http_methods:
					response = session.post(f"/api/method/{method}", args)
				else:
					response = session.get(f"/api/method/{method}", args)
				body = response.get_data(as_text=True)
				why = f"{method} as {key}"
				self.assert_nothing_unreadable(body, why)
				if on_allowlist:
					allowed += 1
				else:
					refused += 1
					self.assertEqual(response.status_code, 403, f"{why}: {body[:200]}")
					self.assertIn("not on the allowlist", body, why)
		print(
			f"\nEvery whitelisted method: {len(methods)} methods x {len(self.sessions)} roles; "
			f"{refused} calls refused as not on the allowlist, {allowed} calls to allowlisted "
			f"methods ({sum(1 for m in methods if resolve(SHORT_NAMES.get(m, m)) in ALLOWED_METHODS)} "
			"methods), none answering with a record the user may not read."
		)

	def test_every_rest_route_as_every_role(self):
		from frappe.api import API_URL_MAP

		routes = set()
		for rule in API_URL_MAP.iter_rules():
			path = rule.rule
			for placeholder, value in (
				("<path:method>", "frappe.client.get"),
				("<method>", "get_title"),
				("<string:method>", "get_title"),
				("<doctype>", "Health Information"),
				("<path:name>", self.health),
			):
				path = path.replace(placeholder, value)
			for verb in sorted(rule.methods or {"GET", "POST"}):
				if verb in ("HEAD", "OPTIONS"):
					continue
				routes.add((verb, path))
		args = self.case_arguments()
		for verb, path in sorted(routes):
			if path.endswith(("/login", "/logout")):
				continue
			for key, session in self.sessions.items():
				response = session._send(
					verb.lower(),
					path,
					query_string=args if verb == "GET" else None,
					data=None if verb == "GET" else args,
				)
				self.assert_nothing_unreadable(response.get_data(as_text=True), f"{verb} {path} as {key}")
		print(
			f"\nEvery REST route: {len(routes)} routes x {len(self.sessions)} roles, none answering with a record the user may not read."
		)

	def test_the_session_endings_as_the_last_call(self):
		"""logout and web_logout end the session; tried on a session of their own."""
		session = HttpSession(self.people.users["police_a"])
		for method in ("frappe.handler.web_logout", "frappe.handler.logout"):
			response = session.get(f"/api/method/{method}", self.case_arguments())
			self.assert_nothing_unreadable(response.get_data(as_text=True), method)
