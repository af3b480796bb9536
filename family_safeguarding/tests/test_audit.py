"""The audit (docs/information-governance/audit.md): every read of a case record,
by every path, by every user, System Managers included, is kept in Case Record Access with who,
when, what and how, and the team manager sees it in Record Access History; a refused request is
not a read, and is kept in Guard Refusal for the System Managers' Recent Guard Refusals; Frappe's
Log Settings clear none of it, and the retention job deletes only what is older than the period
the council sets. Real users over HTTP, through Frappe's own WSGI application."""

import io
import json
from contextlib import contextmanager

import frappe
from frappe.desk.query_report import run
from frappe.installer import update_site_config
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, add_to_date, get_datetime, now_datetime, today

from family_safeguarding.audit.record import REFUSALS
from family_safeguarding.audit.retention import delete_expired_audit
from family_safeguarding.family_records.report.record_access_history.record_access_history import execute
from family_safeguarding.rules import audit as rules
from family_safeguarding.rules.access import CASE_DOCTYPES
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.tests.builders import new_user
from family_safeguarding.tests.utils import (
	PASSWORD,
	RECOVERY,
	HttpSession,
	as_user,
	assets_served,
	make_people,
	make_workbook,
	raw_insert,
)

M = "/api/method/"
READS = "Case Record Access"


def latest() -> None:
	"""End the test's transaction: its snapshot would not show the rows the requests committed."""
	frappe.db.commit()


_SYSTEM_MANAGER = []


def system_manager() -> str:
	"""An IT administrator of this run: a System User with System Manager and no FS role."""
	if not _SYSTEM_MANAGER:
		_SYSTEM_MANAGER.append(new_system_manager())
	return _SYSTEM_MANAGER[0]


def new_system_manager() -> str:
	email = f"audit-it-{frappe.generate_hash(length=8)}@fs-test.example.org"
	return new_user(email, "Audit", "IT Administrator", PASSWORD, roles=[SYSTEM_MANAGER])


@contextmanager
def site_served_for_pdfs():
	"""wkhtmltopdf fetches the print stylesheet from the site's address: the bench's files are
	served and the site's address points at them, in the site's config, which each request reads."""
	with assets_served():
		previous = frappe.get_site_config().get("host_name")
		update_site_config("host_name", frappe.local.conf.host_name)
		try:
			yield
		finally:
			update_site_config("host_name", previous or "None")


def ok(test, response):
	if response.status_code != 200:
		test.fail(f"{response.status_code}: {response.get_data()[:300]!r}")


class AuditFixture(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		workbook = make_workbook(cls.people)
		frappe.set_user("Administrator")
		family, child = cls.people.families.a1, cls.people.members.a1[1]
		cls.made = {
			"Child Protection Plan": raw_insert(
				{
					"doctype": "Child Protection Plan",
					"family": family,
					"member": child,
					"workflow_state": "Active Plan",
					"strategy_discussion_date": add_days(today(), -40),
				}
			),
			"PLO Case": raw_insert(
				{
					"doctype": "PLO Case",
					"family": family,
					"workflow_state": "Pre-Proceedings",
					"legal_gateway_date": add_days(today(), -30),
					"title": "Pre-proceedings",
				}
			),
			"Referral": raw_insert(
				{
					"doctype": "Referral",
					"family": family,
					"member": child,
					"to_agency": RECOVERY,
					"reason": "Parental Alcohol Misuse",
					"workflow_state": "Draft",
					"title": "Parental Alcohol Misuse referral",
				}
			),
			"CIN Episode": raw_insert(
				{
					"doctype": "CIN Episode",
					"family": family,
					"member": child,
					"referral_date": add_days(today(), -60),
					"referral_source": "6 - Police",
				}
			),
			"Social Care Contact": raw_insert(
				{
					"doctype": "Social Care Contact",
					"family": family,
					"member": child,
					"contact_date": add_days(today(), -61),
					"contact_source": "6 - Police",
					"outcome": "Referral to children's social care",
				}
			),
			"Group Supervision": raw_insert(
				{
					"doctype": "Group Supervision",
					"family": family,
					"meeting_date": add_days(today(), -10),
					"docstatus": 1,
					"decisions": "Keep going",
					"recommendation": "No Change",
					"title": "Supervision",
				}
			),
		}
		# one record of each case DocType, all in family a1, which team A's manager reads
		cls.records = {
			"Family": family,
			"Member": child,
			"Workbook Module": workbook.module,
			"Goal": workbook.goal,
			"Practitioner Summary": workbook.summary_sw_a1,
			"Health Information": workbook.health,
			"Police Information": workbook.police,
			**cls.made,
		}
		cls.superuser = system_manager()
		frappe.db.commit()  # the HTTP requests below read committed data
		cls.manager = cls.people.users["tm_a"]
		cls.started = now_datetime()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype, name in cls.made.items():
			frappe.db.delete(doctype, name)
		frappe.db.commit()
		super().tearDownClass()

	def member_of(self, doctype: str) -> str:
		"""The member whose Record Access History shows the record."""
		name = self.records[doctype]
		if frappe.get_meta(doctype).has_field("member"):
			return frappe.db.get_value(doctype, name, "member")
		return self.people.members.a1[1]

	def history(self, member: str) -> list[dict]:
		latest()
		with as_user(self.manager):
			return execute({"member": member})[1]

	def reads(self, user: str, doctype: str, name: str) -> set[str]:
		"""How `user` read the record since the test began, by the audit's rows."""
		latest()
		return set(
			frappe.get_all(
				READS,
				filters={
					"user": user,
					"reference_doctype": doctype,
					"reference_name": name,
					"accessed_at": (">=", self.started),
				},
				pluck="how",
			)
		)


class TestEveryPathIsAudited(AuditFixture):
	def paths(self, doctype: str, name: str) -> dict[str, tuple[str, dict]]:
		in_list = {
			"doctype": doctype,
			"fields": [f"`tab{doctype}`.`name`"],
			"filters": [[doctype, "name", "=", name]],
		}
		return {
			rules.FORM: (M + "frappe.desk.form.load.getdoc", {"doctype": doctype, "name": name}),
			rules.REST: (f"/api/resource/{doctype}/{name}", {}),
			rules.CLIENT_API: (M + "frappe.client.get", {"doctype": doctype, "name": name}),
			rules.PRINT: ("/printview", {"doctype": doctype, "name": name, "format": "Standard"}),
			rules.LIST: (M + "frappe.desk.reportview.get", {**in_list, "view": "List"}),
			rules.REPORT: (M + "frappe.desk.reportview.get", {**in_list, "view": "Report"}),
		}

	def test_a_read_of_each_case_doctype_by_each_path_is_in_record_access_history(self):
		self.assertEqual(set(self.records), set(CASE_DOCTYPES))
		manager = HttpSession(self.manager)
		for doctype, name in self.records.items():
			for how, (path, params) in self.paths(doctype, name).items():
				with self.subTest(doctype=doctype, how=how):
					response = manager.get(path, params)
					ok(self, response)
					self.assertIn(how, self.reads(self.manager, doctype, name))
		for doctype, name in self.records.items():
			with self.subTest(doctype=doctype):
				# the family and member are the run's own, which other tests read too: only since this class began
				shown = {
					row["how"]
					for row in self.history(self.member_of(doctype))
					if (row["user"], row["action"], row["record_type"], row["record"])
					== (self.manager, "Read", doctype, name)
					and get_datetime(row["when"]) >= self.started
				}
				self.assertEqual(shown, set(self.paths(doctype, name)))

	def test_a_system_managers_reads_are_audited_like_anyones(self):
		superuser = HttpSession(self.superuser)
		health = self.records["Health Information"]
		response = superuser.get(f"/api/resource/Health Information/{health}")
		self.assertEqual(response.status_code, 200)
		response = superuser.get(
			M + "frappe.client.get_list",
			{"doctype": "Member", "fields": ["full_name"], "filters": {"family": self.people.families.a1}},
		)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(self.reads(self.superuser, "Health Information", health), {rules.REST})
		# a list whose rows carry no ID still records the records it listed
		self.assertIn(rules.CLIENT_API, self.reads(self.superuser, "Member", self.people.members.a1[0]))
		rows = [
			row
			for row in self.history(self.member_of("Health Information"))
			if row["user"] == self.superuser and row["record"] == health
		]
		self.assertEqual([(row["how"], row["superuser"]) for row in rows], [(rules.REST, 1)])
		# no role has the e-mail right on a case DocType: a System Manager cannot send one either
		response = superuser.post(
			M + "frappe.core.doctype.communication.email.make",
			{
				"doctype": "Family",
				"name": self.people.families.a1,
				"subject": "Audit test",
				"content": "Audit test",
				"recipients": "someone@fs-test.example.org",
				"send_email": 0,
			},
		)
		self.assertEqual(response.status_code, 403)
		self.assertNotIn(rules.EMAIL, self.reads(self.superuser, "Family", self.people.families.a1))

	def test_every_record_an_answer_names_is_read(self):
		"""A Member list shows each member's family, with its title: the family is read too; a
		REST list of members without their IDs still names the members it listed."""
		manager = HttpSession(self.manager)
		family, (parent, child) = self.people.families.a1, self.people.members.a1
		response = manager.get(
			"/api/resource/Member", {"fields": ["full_name"], "filters": [["family", "=", family]]}
		)
		self.assertEqual(response.status_code, 200)
		self.assertNotIn(parent, response.get_data(as_text=True))  # no ID in the answer
		self.assertIn(rules.REST, self.reads(self.manager, "Member", parent))
		self.assertIn(rules.REST, self.reads(self.manager, "Member", child))
		response = manager.get(
			M + "frappe.desk.form.load.getdoc", {"doctype": "Goal", "name": self.records["Goal"]}
		)
		self.assertEqual(response.status_code, 200)
		self.assertIn(rules.FORM, self.reads(self.manager, "Family", family))  # the goal's family, by title
		# a link field's title: the answer is the title alone
		response = manager.get(
			M + "frappe.desk.search.get_link_title", {"doctype": "Member", "docname": child}
		)
		ok(self, response)
		self.assertNotIn(child, response.get_data(as_text=True))
		self.assertIn(rules.SEARCH, self.reads(self.manager, "Member", child))

	def test_a_script_report_and_an_export_are_audited(self):
		manager = HttpSession(self.manager)
		response = manager.get(
			M + "frappe.desk.query_report.run", {"report_name": "PLO Tracker", "filters": {}}
		)
		ok(self, response)
		self.assertIn(rules.REPORT, self.reads(self.manager, "PLO Case", self.records["PLO Case"]))
		for file_format in ("Excel", "CSV"):
			with self.subTest(file_format):
				response = manager.post(
					M + "frappe.desk.reportview.export_query",
					{
						"doctype": "Member",
						"file_format_type": file_format,
						"fields": json.dumps(["`tabMember`.`name`", "`tabMember`.`full_name`"]),
						"filters": json.dumps([["Member", "family", "=", self.people.families.a1]]),
						"title": "Members",
					},
				)
				ok(self, response)
				self.assertIn(rules.EXPORT, self.reads(self.manager, "Member", self.people.members.a1[0]))

	def test_a_pdf_records_everything_the_print_holds(self):
		"""A PDF shows no ID: the printed family, and the records the court summary gathers, are
		recorded by the print itself."""
		manager = HttpSession(self.manager)
		with site_served_for_pdfs():
			response = manager.get(
				M + "frappe.utils.print_format.download_pdf",
				{"doctype": "Family", "name": self.people.families.a1, "format": "Case Summary for Court"},
			)
		ok(self, response)
		self.assertTrue(response.get_data().startswith(b"%PDF"))
		# the court summary has no referrals, CIN episodes or contacts
		for doctype in set(CASE_DOCTYPES) - {"Referral", "CIN Episode", "Social Care Contact"}:
			with self.subTest(doctype):
				self.assertIn(rules.PRINT, self.reads(self.manager, doctype, self.records[doctype]))

	def test_an_attachment_is_a_read_of_its_record(self):
		manager = HttpSession(self.manager)
		upload = manager.post(
			M + "upload_file",
			{
				"doctype": "Family",
				"docname": self.people.families.a1,
				"is_private": "1",
				"file": (
					io.BytesIO(frappe.generate_hash().encode()),
					f"audit-{frappe.generate_hash(length=6)}.txt",
				),
			},
		)
		ok(self, upload)
		file_url = upload.json["message"]["file_url"]
		response = manager.get(file_url)
		self.assertEqual(response.status_code, 200)
		self.assertIn(rules.ATTACHMENT, self.reads(self.manager, "Family", self.people.families.a1))


class TestRecordAccessHistory(AuditFixture):
	def test_only_the_team_manager_of_the_childs_team_may_review_it(self):
		child = self.people.members.a1[1]
		with as_user(self.people.users["tm_b"]), self.assertRaises(frappe.PermissionError):
			execute({"member": child})
		with as_user(self.people.users["sw_a1"]), self.assertRaises(frappe.PermissionError):
			run("Record Access History", filters={"member": child})
		response = HttpSession(self.people.users["sw_a1"]).get(
			M + "frappe.desk.query_report.run",
			{"report_name": "Record Access History", "filters": {"member": child}},
		)
		self.assertEqual(response.status_code, 403)
		ok(self, HttpSession(self.manager).get(f"/api/resource/Member/{child}"))  # this test's own read
		latest()
		with as_user(self.manager):
			result = run("Record Access History", filters={"member": child})
		self.assertIn(
			(self.manager, "Read", rules.REST, "Member", child),
			{
				(row["user"], row["action"], row["how"], row["record_type"], row["record"])
				for row in result["result"]
			},
		)

	def test_changes_are_shown_beside_reads(self):
		child = self.people.members.a1[1]
		with as_user(self.people.users["sw_a1"]):
			member = frappe.get_doc("Member", child)
			member.lives_in_household = 0 if member.lives_in_household else 1
			# Frappe skips versions while tests run unless asked, as every live save is
			member.save(ignore_version=False)
		rows = self.history(child)
		self.assertIn(
			(self.people.users["sw_a1"], "Changed", "Member", child),
			{(row["user"], row["action"], row["record_type"], row["record"]) for row in rows},
		)
		self.assertEqual([row["when"] for row in rows], sorted((row["when"] for row in rows), reverse=True))


class TestDeletedRecords(AuditFixture):
	def test_the_reads_of_a_deleted_record_are_kept(self):
		"""Frappe deletes a deleted record's View Log and Version rows with it; not the audit's."""
		referral = raw_insert(
			{
				"doctype": "Referral",
				"family": self.people.families.a1,
				"member": self.people.members.a1[1],
				"to_agency": RECOVERY,
				"reason": "Parental Alcohol Misuse",
				"workflow_state": "Draft",
				"title": "Referral to delete",
			}
		)
		frappe.db.commit()
		ok(self, HttpSession(self.manager).get(f"/api/resource/Referral/{referral}"))
		self.assertEqual(self.reads(self.manager, "Referral", referral), {rules.REST})
		frappe.delete_doc("Referral", referral)
		frappe.db.commit()
		self.assertFalse(frappe.db.exists("Referral", referral))
		self.assertEqual(self.reads(self.manager, "Referral", referral), {rules.REST})


class TestRefusals(AuditFixture):
	def test_a_refused_read_is_not_a_read_and_is_in_recent_guard_refusals(self):
		police = self.people.users["police_a"]  # allocated to a1, but no reader of Health Information
		health = self.records["Health Information"]
		response = HttpSession(police).get(
			M + "frappe.desk.form.load.getdoc", {"doctype": "Health Information", "name": health}
		)
		self.assertEqual(response.status_code, 403)
		self.assertEqual(self.reads(police, "Health Information", health), set())
		kept = frappe.get_all(
			REFUSALS,
			filters={"user": police, "refused_at": (">=", self.started)},
			fields=["endpoint", "reason", "http_method", "remote_address"],
		)
		self.assertIn(
			("family_safeguarding.guard.overrides.getdoc", "GET"),
			{(row.endpoint, row.http_method) for row in kept},
		)
		superuser = HttpSession(self.superuser)
		report = superuser.get(
			M + "frappe.desk.query_report.run",
			{"report_name": "Recent Guard Refusals", "filters": {"user": police}},
		)
		ok(self, report)
		rows = report.json["message"]["result"]
		self.assertIn("family_safeguarding.guard.overrides.getdoc", {row["endpoint"] for row in rows})
		self.assertNotIn(
			frappe.db.get_value("Family", self.people.families.a1, "family_name"),
			report.get_data(as_text=True),
		)

	def test_recent_guard_refusals_is_refused_to_users_inside_the_protocol_and_that_is_kept(self):
		manager = HttpSession(self.manager)
		response = manager.get(M + "frappe.desk.query_report.run", {"report_name": "Recent Guard Refusals"})
		self.assertEqual(response.status_code, 403)
		self.assertNotIn("result", response.json.get("message") or {})
		with as_user(self.manager), self.assertRaises(frappe.PermissionError):
			run("Recent Guard Refusals")
		latest()
		self.assertTrue(
			frappe.db.exists(
				REFUSALS,
				{
					"user": self.manager,
					"endpoint": "frappe.desk.query_report.run",
					"refused_at": (">=", self.started),
				},
			)
		)

	def test_a_burst_of_refusals_is_kept_in_full(self):
		police = HttpSession(self.people.users["police_a"])
		mark = now_datetime()
		for _ in range(60):
			response = police.get(M + "frappe.core.doctype.user.user.get_all_roles", {})
			self.assertEqual(response.status_code, 403)
		latest()
		self.assertEqual(
			frappe.db.count(REFUSALS, {"user": self.people.users["police_a"], "refused_at": (">=", mark)}), 60
		)

	def test_the_audit_is_closed_to_users_inside_the_protocol_and_kept_from_change(self):
		manager = HttpSession(self.manager)
		for doctype in (READS, REFUSALS):
			with self.subTest(doctype):
				self.assertIn(manager.get(f"/api/resource/{doctype}", {}).status_code, (403, 417))
		latest()
		name = frappe.get_all(READS, limit=1, pluck="name")[0]
		superuser = HttpSession(self.superuser)
		response = superuser._send("delete", f"/api/resource/{READS}/{name}")
		self.assertEqual(response.status_code, 403)
		forged = {
			"user": self.manager,
			"reference_doctype": "Family",
			"reference_name": self.people.families.a1,
		}
		response = superuser.post(f"/api/resource/{READS}", {"data": json.dumps(forged)})
		self.assertEqual(response.status_code, 403)
		with self.assertRaises(frappe.PermissionError):  # Administrator
			frappe.get_doc({"doctype": READS, **forged}).insert()
		with self.assertRaises(frappe.PermissionError):  # Administrator, whom no role permission stops
			frappe.delete_doc(READS, name)
		with self.assertRaises(frappe.PermissionError):
			doc = frappe.get_doc(READS, name)
			doc.how = rules.OTHER
			doc.save()
		frappe.db.rollback()
		self.assertTrue(frappe.db.exists(READS, name))


class TestAnUnauditedReadIsNotServed(AuditFixture):
	def test_when_the_audit_cannot_be_written_the_answer_is_withheld(self):
		manager = HttpSession(self.manager)
		table, aside = f"tab{READS}", f"tab{READS} aside"
		frappe.db.sql_ddl(f"rename table `{table}` to `{aside}`")
		try:
			response = manager.get(
				M + "frappe.desk.form.load.getdoc", {"doctype": "Family", "name": self.people.families.a1}
			)
		finally:
			frappe.db.sql_ddl(f"rename table `{aside}` to `{table}`")
		self.assertEqual(response.status_code, 503)
		body = response.get_data(as_text=True)
		self.assertNotIn(self.people.families.a1, body)
		self.assertNotIn(frappe.db.get_value("Family", self.people.families.a1, "family_name"), body)


class TestRetention(AuditFixture):
	def backdated(self, doctype: str, column: str, when) -> str:
		name = frappe.generate_hash(length=20)
		row = {
			"name": name,
			"creation": when,
			"modified": when,
			column: when,
			"user": self.manager,
		}
		if doctype == READS:
			row.update(
				reference_doctype="Family",
				reference_name=self.people.families.a1,
				family=self.people.families.a1,
				how=rules.FORM,
			)
		frappe.db.bulk_insert(doctype, list(row), [tuple(row.values())])
		return name

	def test_log_settings_clearing_leaves_the_audit_intact(self):
		from frappe.core.doctype.log_settings.log_settings import run_log_clean_up

		long_ago = add_to_date(now_datetime(), days=-400)
		kept = [
			self.backdated(READS, "accessed_at", long_ago),
			self.backdated(REFUSALS, "refused_at", long_ago),
		]
		view_log = frappe.get_doc(
			{
				"doctype": "View Log",
				"viewed_by": self.manager,
				"reference_doctype": "Family",
				"reference_name": self.people.families.a1,
			}
		).insert(ignore_permissions=True)
		frappe.db.set_value(
			"View Log", view_log.name, {"creation": long_ago, "modified": long_ago}, update_modified=False
		)
		settings = frappe.get_single("Log Settings")
		before = [(row.ref_doctype, row.days) for row in settings.logs_to_clear]
		try:
			for doctype in ("View Log", "Access Log", READS, REFUSALS):
				settings.register_doctype(doctype, 1)
			settings.save()
			registered = {row.ref_doctype for row in settings.logs_to_clear}
			self.assertTrue({"View Log", "Access Log"} <= registered)
			self.assertFalse({READS, REFUSALS} & registered, "Log Settings must refuse the app's audit")
			run_log_clean_up()
		finally:
			settings = frappe.get_single("Log Settings")
			settings.logs_to_clear = []
			for doctype, days in before:
				settings.append("logs_to_clear", {"ref_doctype": doctype, "days": days})
			settings.save()
			frappe.db.commit()
		self.assertFalse(frappe.db.exists("View Log", view_log.name), "Log Settings cleared nothing")
		self.assertTrue(frappe.db.exists(READS, kept[0]))
		self.assertTrue(frappe.db.exists(REFUSALS, kept[1]))

	def test_the_retention_job_deletes_only_rows_older_than_the_period(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		previous = settings.audit_retention_years
		try:
			settings.audit_retention_years = 2
			settings.save()
			now = now_datetime()
			old = [
				self.backdated(READS, "accessed_at", add_to_date(now, years=-2, days=-1)),
				self.backdated(REFUSALS, "refused_at", add_to_date(now, years=-2, days=-1)),
			]
			young = [
				self.backdated(READS, "accessed_at", add_to_date(now, years=-2, days=1)),
				self.backdated(REFUSALS, "refused_at", add_to_date(now, years=-2, days=1)),
			]
			frappe.db.commit()
			delete_expired_audit()
			self.assertFalse(frappe.db.exists(READS, old[0]) or frappe.db.exists(REFUSALS, old[1]))
			self.assertTrue(frappe.db.exists(READS, young[0]) and frappe.db.exists(REFUSALS, young[1]))
		finally:
			settings.reload()
			settings.audit_retention_years = previous
			settings.save()
			frappe.db.commit()

	def test_the_retention_period_is_at_least_a_year(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		settings.audit_retention_years = 0
		with self.assertRaisesRegex(frappe.ValidationError, "Audit Retention \\(Years\\) must be at least 1"):
			settings.save()
