"""The access protocol for the workbook (docs/information-governance/access-protocol.md): protected
information is refused, on every path below, to the roles that may not read it; summaries are
changed only by their own worker; and a worker not allocated to the family reaches none of it."""

import json

import frappe
from frappe.desk.form.load import getdoc
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.access import CASE_DOCTYPES, TEAM_WIDE_FOR_BUSINESS_SUPPORT
from family_safeguarding.tests.utils import (
	HEALTH_TEXT,
	POLICE_TEXT,
	HttpSession,
	as_user,
	make_people,
	make_workbook,
	visible,
)

# docs/information-governance/access-protocol.md, "Protected information: Health and Police"
NEVER_READ_HEALTH = ("police_a", "probation_a", "recovery_a", "fw_a", "da_a")
NEVER_READ_POLICE = ("mh_alloc", "cp_a", "recovery_a", "fw_a")
READ_HEALTH = ("sw_a1", "tm_a", "mh_alloc", "cp_a")
READ_POLICE = ("sw_a1", "tm_a", "police_a", "probation_a", "da_a")


class TestProtectedInformation(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.records = make_workbook(cls.people)
		cls.sessions = {}

	def session(self, key) -> HttpSession:
		if key not in self.sessions:
			self.sessions[key] = HttpSession(self.people.users[key])
		return self.sessions[key]

	def assert_every_path_refuses(self, key, doctype, name, secret):
		user = self.people.users[key]
		why = f"{key} reached {doctype}"
		with as_user(user), self.assertRaises(frappe.PermissionError, msg=why):
			getdoc(doctype, name)
		http = self.session(key)
		paths = {
			"resource list": http.get(f"/api/resource/{doctype}", {"fields": ["name", "information"]}),
			"resource get": http.get(f"/api/resource/{doctype}/{name}"),
			"get_value": http.get(
				"/api/method/frappe.client.get_value",
				{"doctype": doctype, "fieldname": "information", "filters": {"name": name}},
			),
			"report view": http.get(
				"/api/method/frappe.desk.reportview.get",
				{"doctype": doctype, "fields": [f"`tab{doctype}`.`name`", f"`tab{doctype}`.`information`"]},
			),
			"link search": http.get(
				"/api/method/frappe.desk.search.search_link", {"doctype": doctype, "txt": ""}
			),
			"print view": http.get("/printview", {"doctype": doctype, "name": name, "format": "Standard"}),
			"print html": http.get(
				"/api/method/frappe.www.printview.get_html_and_style", {"doc": doctype, "name": name}
			),
		}
		for path, response in paths.items():
			body = response.get_data(as_text=True)
			self.assertNotIn(secret, body, f"{why} via {path}")
			self.assertNotEqual(response.status_code, 200, f"{why} via {path}: {body[:200]}")
		# the Family form they load shows no trace of it
		family = self.people.families.a1
		with as_user(user):
			frappe.local.response = frappe._dict(docs=[])
			getdoc("Family", family)
			loaded = json.dumps(frappe.response.docs[0].as_dict(), default=str) + json.dumps(
				frappe.response.get("docinfo") or {}, default=str
			)
		self.assertNotIn(secret, loaded, f"{why} in the Family form")
		self.assertNotIn(doctype, frappe.response.docs[0].get("__onload").workbook["protected"])
		form = http.get("/api/method/frappe.desk.form.load.getdoc", {"doctype": "Family", "name": family})
		self.assertEqual(form.status_code, 200)
		self.assertNotIn(secret, form.get_data(as_text=True), f"{why} in the Family form over HTTP")

	def test_health_information_is_refused_to_the_agencies_that_may_not_read_it(self):
		for key in NEVER_READ_HEALTH:
			with self.subTest(key):
				self.assert_every_path_refuses(key, "Health Information", self.records.health, HEALTH_TEXT)

	def test_police_information_is_refused_to_the_agencies_that_may_not_read_it(self):
		for key in NEVER_READ_POLICE:
			with self.subTest(key):
				self.assert_every_path_refuses(key, "Police Information", self.records.police, POLICE_TEXT)

	def test_the_roles_that_may_read_it_do_and_see_it_listed_on_the_family(self):
		for doctype, readers, name, secret in (
			("Health Information", READ_HEALTH, self.records.health, HEALTH_TEXT),
			("Police Information", READ_POLICE, self.records.police, POLICE_TEXT),
		):
			for key in readers:
				with self.subTest(f"{key} {doctype}"):
					response = self.session(key).get(f"/api/resource/{doctype}/{name}")
					self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:200])
					self.assertEqual(response.json["data"]["information"], secret)
					with as_user(self.people.users[key]):
						frappe.local.response = frappe._dict(docs=[])
						getdoc("Family", self.people.families.a1)
						listed = frappe.response.docs[0].get("__onload").workbook["protected"][doctype]
					self.assertIn(name, [row.name for row in listed])

	def test_no_shared_record_carries_protected_text(self):
		for doctype in (
			"Workbook Module",
			"Goal",
			"Practitioner Summary",
			"Group Supervision",
			"Family",
			"Member",
		):
			rows = frappe.get_all(
				doctype,
				fields=["*"],
				filters={"family" if doctype != "Family" else "name": self.people.families.a1},
			)
			text = json.dumps(rows, default=str)
			self.assertNotIn(HEALTH_TEXT, text, doctype)
			self.assertNotIn(POLICE_TEXT, text, doctype)

	def test_only_the_author_changes_protected_information(self):
		with as_user(self.people.users["cp_a"]):  # may write Health Information, but not someone else's
			doc = frappe.get_doc("Health Information", self.records.health)
			doc.information = "changed by another clinician"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		with as_user(self.people.users["sw_a1"]):  # reads, never writes
			doc = frappe.get_doc("Health Information", self.records.health)
			doc.information = "changed by the social worker"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		with as_user(self.people.users["da_a"]):  # reads Police Information only
			doc = frappe.get_doc("Police Information", self.records.police)
			doc.information = "changed"
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		self.assertEqual(
			frappe.db.get_value("Health Information", self.records.health, "information"), HEALTH_TEXT
		)
		self.assertEqual(
			frappe.db.get_value("Police Information", self.records.police, "information"), POLICE_TEXT
		)
		with as_user(self.people.users["mh_alloc"]):
			doc = frappe.get_doc("Health Information", self.records.health)
			doc.source = "GP"
			doc.save()

	def test_no_one_writes_protected_information_in_another_workers_name(self):
		with as_user(self.people.users["cp_a"]):
			doc = frappe.get_doc(
				{
					"doctype": "Health Information",
					"family": self.people.families.a1,
					"author": self.people.workers["mh_alloc"],
					"source": "GP",
					"information": "forged",
				}
			)
			with self.assertRaises(frappe.PermissionError):
				doc.insert()
		self.assertFalse(frappe.db.exists("Health Information", {"information": "forged"}))


class TestWorkbookRowLevelAccess(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.records = make_workbook(cls.people)

	def test_a_worker_not_allocated_to_the_family_reaches_none_of_its_workbook(self):
		for key in ("mh_a", "sw_a2", "sw_b"):
			user = self.people.users[key]
			for doctype, name in (
				("Workbook Module", self.records.module),
				("Goal", self.records.goal),
				("Practitioner Summary", self.records.summary_sw_a1),
				("Health Information", self.records.health),
				("Police Information", self.records.police),
			):
				with self.subTest(f"{key} {doctype}"):
					if frappe.has_permission(doctype, "read", user=user):
						self.assertNotIn(name, visible(doctype, user))
					with as_user(user), self.assertRaises(frappe.PermissionError):
						getdoc(doctype, name)
			session = HttpSession(user)
			self.assertEqual(session.get(f"/api/resource/Goal/{self.records.goal}").status_code, 403)
			self.assertFalse(
				set(self.records.values()) & (session.resource_names("Practitioner Summary") or set())
			)

	def test_every_allocated_worker_reads_every_summary(self):
		for key in ("police_a", "fw_a", "recovery_a", "sw_a1"):
			self.assertTrue(
				{self.records.summary_sw_a1, self.records.summary_police_a}
				<= visible("Practitioner Summary", self.people.users[key])
			)

	def test_business_support_and_administrators_reach_no_workbook_record(self):
		# every case record beyond Family and Member (Business Support reads those two only)
		for key in ("bs_a", "admin", "analyst"):
			for doctype in sorted(set(CASE_DOCTYPES) - set(TEAM_WIDE_FOR_BUSINESS_SUPPORT)):
				self.assertFalse(
					frappe.has_permission(doctype, "read", user=self.people.users[key]), f"{key} {doctype}"
				)

	def test_a_worker_cannot_edit_another_workers_summary(self):
		with as_user(self.people.users["police_a"]):
			summary = frappe.get_doc("Practitioner Summary", self.records.summary_sw_a1)
			summary.worries = "edited by the police officer"
			with self.assertRaises(frappe.PermissionError):
				summary.save()
		self.assertNotEqual(
			frappe.db.get_value("Practitioner Summary", self.records.summary_sw_a1, "worries"),
			"edited by the police officer",
		)
		with as_user(self.people.users["police_a"]):
			own = frappe.get_doc("Practitioner Summary", self.records.summary_police_a)
			if not own.locked_by:
				own.next_steps = "Joint visit"
				own.save()

	def test_a_worker_cannot_write_a_summary_in_someone_elses_name(self):
		with as_user(self.people.users["fw_a"]):
			forged = frappe.get_doc(
				{
					"doctype": "Practitioner Summary",
					"family": self.people.families.a1,
					"worker": self.people.workers["recovery_a"],
					"period_start": "2026-01-01",
					"period_end": "2026-01-31",
					"work_undertaken": "forged",
				}
			)
			with self.assertRaises(frappe.PermissionError):
				forged.insert()

	def test_a_practitioner_reads_but_cannot_submit_a_group_supervision(self):
		self.assertTrue(
			frappe.has_permission("Group Supervision", "read", user=self.people.users["police_a"])
		)
		self.assertFalse(
			frappe.has_permission("Group Supervision", "submit", user=self.people.users["police_a"])
		)
		self.assertFalse(
			frappe.has_permission("Group Supervision", "submit", user=self.people.users["sw_a1"])
		)
		self.assertTrue(frappe.has_permission("Group Supervision", "submit", user=self.people.users["tm_a"]))
