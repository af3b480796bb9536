"""The print formats: each renders to PDF for every role that may print it, holds the protected
information only of a role that may read it, and prints every text escaped."""

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.test_workbook_access import READ_HEALTH, READ_POLICE
from family_safeguarding.tests.utils import (
	HEALTH_TEXT,
	NHS,
	POLICE_TEXT,
	RECOVERY,
	HttpSession,
	as_user,
	assets_served,
	css_warnings_unprinted,
	make_people,
	make_workbook,
	raw_insert,
)

SCRIPT = "<script>alert('fs-print')</script>"
ESCAPED_SCRIPT = "&lt;script&gt;alert(&#39;fs-print&#39;)&lt;/script&gt;"
SQL = "'; DROP TABLE `tabFamily`; --"

PRACTITIONERS = ("police_a", "mh_alloc", "cp_a", "probation_a", "recovery_a", "fw_a", "da_a")
# Who may print each DocType (P in the rights table of rules/access.py), all of them allocated to
# family a1 or managing it.
PRINTED_BY = {
	"Case Summary for Court": ("sw_a1", "tm_a", *PRACTITIONERS),
	"Family Plan": ("sw_a1", "tm_a", *PRACTITIONERS),
	"Child Protection Conference Report": ("sw_a1", "tm_a"),
	"Referral Letter": ("sw_a1", "tm_a", *PRACTITIONERS),
	"Group Supervision Record": ("sw_a1", "tm_a", *PRACTITIONERS),
}


class TestPrintFormats(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.records = make_workbook(cls.people)
		frappe.set_user("Administrator")
		family, parent, child = cls.people.families.a1, *cls.people.members.a1
		frappe.db.set_value("Workbook Module", cls.records.module, "strengths", f"{SCRIPT}\n{SQL}")
		cls.made = {
			"Child Protection Plan": raw_insert(
				{
					"doctype": "Child Protection Plan",
					"family": family,
					"member": child,
					"member_name": frappe.db.get_value("Member", child, "full_name"),
					"workflow_state": "Active Plan",
					"strategy_discussion_date": "2026-01-05",
					"icpc_date": "2026-01-20",
					"plan_start": "2026-01-20",
					"initial_category": "NEG - Neglect",
					"core_groups": [{"meeting_date": "2026-01-30", "notes": SCRIPT}],
				}
			),
			"Referral": raw_insert(
				{
					"doctype": "Referral",
					"family": family,
					"member": parent,
					"to_agency": RECOVERY,
					"reason": "Parental Alcohol Misuse",
					"workflow_state": "Sent",
					"sent_on": "2026-02-02",
					"consent": "Given",
					"consent_date": "2026-02-01",
					"details": f"Needs an assessment.\n{SCRIPT}",
				}
			),
			"Group Supervision": raw_insert(
				{
					"doctype": "Group Supervision",
					"family": family,
					"meeting_date": "2026-02-10",
					"docstatus": 1,
					"decisions": f"{SQL}\n{SCRIPT}",
					"risks": [{"member": child, "level": "High", "rationale": SCRIPT}],
					"recommendation": "No Change",
				}
			),
		}
		frappe.db.commit()  # the HTTP requests below read committed data

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype, name in cls.made.items():
			frappe.db.delete(doctype, name)
		frappe.db.commit()
		super().tearDownClass()

	def document_of(self, print_format: str) -> tuple[str, str]:
		doctype = frappe.db.get_value("Print Format", print_format, "doc_type")
		if doctype == "Family":
			return doctype, self.people.families.a1
		return doctype, self.made[doctype]

	def test_each_format_renders_to_pdf_for_each_role_that_may_print_it(self):
		with assets_served(), css_warnings_unprinted():
			for print_format, keys in PRINTED_BY.items():
				doctype, name = self.document_of(print_format)
				for key in keys:
					with self.subTest(print_format=print_format, user=key), as_user(self.people.users[key]):
						html = frappe.get_print(doctype, name, print_format)
						self.assertIn('class="fs-print"', html)
						self.assertEqual(
							HEALTH_TEXT in html,
							print_format == "Case Summary for Court" and key in READ_HEALTH,
						)
						self.assertEqual(
							POLICE_TEXT in html,
							print_format == "Case Summary for Court" and key in READ_POLICE,
						)
						pdf = frappe.get_print(doctype, name, print_format, as_pdf=True)
						self.assertTrue(pdf.startswith(b"%PDF"), f"{print_format} for {key} is not a PDF")

	def test_the_court_summary_carries_the_workbook(self):
		with as_user(self.people.users.sw_a1):
			html = frappe.get_print("Family", self.people.families.a1, "Case Summary for Court")
		for expected in ("Keep to the safety plan", "Work by police_a", "Test Household A1", "High"):
			self.assertIn(expected, html)

	def test_every_text_is_printed_escaped(self):
		for print_format in PRINTED_BY:
			doctype, name = self.document_of(print_format)
			with self.subTest(print_format=print_format), as_user(self.people.users.sw_a1):
				html = frappe.get_print(doctype, name, print_format)
				self.assertNotIn("<script>alert", html)
				if print_format != "Family Plan":  # the plan prints goals, which hold no such text
					self.assertIn(ESCAPED_SCRIPT, html)

	def test_the_receiving_agencys_letter_does_not_name_a_family_it_cannot_read(self):
		# the mental health practitioner of team A is not allocated to family a1, but reads a
		# referral sent to their trust
		family, parent = self.people.families.a1, self.people.members.a1[0]
		referral = raw_insert(
			{
				"doctype": "Referral",
				"family": family,
				"member": parent,
				"to_agency": NHS,
				"reason": "Parental Mental Health",
				"workflow_state": "Sent",
				"sent_on": "2026-02-02",
				"consent": "Given",
				"details": "Please assess low mood.",
			}
		)
		try:
			with as_user(self.people.users.mh_a):
				html = frappe.get_print("Referral", referral, "Referral Letter")
			self.assertIn("Please assess low mood.", html)
			self.assertNotIn(frappe.db.get_value("Member", parent, "full_name"), html)
			self.assertNotIn(frappe.db.get_value("Family", family, "family_name"), html)
			with as_user(self.people.users.sw_a1):
				html = frappe.get_print("Referral", referral, "Referral Letter")
			self.assertIn(frappe.db.get_value("Member", parent, "full_name"), html)
		finally:
			frappe.db.delete("Referral", referral)

	def test_no_one_prints_a_family_they_cannot_read(self):
		for key in ("sw_b", "tm_b"):
			with (
				self.subTest(user=key),
				as_user(self.people.users[key]),
				self.assertRaises(frappe.PermissionError),
			):
				frappe.get_print("Family", self.people.families.a1, "Case Summary for Court")

	def test_over_http_print_needs_the_roles_print_permission(self):
		path = "/printview"
		params = {"doctype": "Family", "name": self.people.families.a1, "format": "Case Summary for Court"}
		police = HttpSession(self.people.users.police_a).get(path, params)
		self.assertEqual(police.status_code, 200)
		self.assertNotIn(HEALTH_TEXT, police.get_data(as_text=True))
		self.assertIn(POLICE_TEXT, police.get_data(as_text=True))
		# Business Support read the family (R) but may not print it; practitioners may not print a
		# child protection plan (R).
		self.assertEqual(HttpSession(self.people.users.bs_a).get(path, params).status_code, 403)
		plan = {
			"doctype": "Child Protection Plan",
			"name": self.made["Child Protection Plan"],
			"format": "Child Protection Conference Report",
		}
		self.assertEqual(HttpSession(self.people.users.police_a).get(path, plan).status_code, 403)
		self.assertEqual(HttpSession(self.people.users.sw_a1).get(path, plan).status_code, 200)
		pdf = HttpSession(self.people.users.bs_a).get(
			"/api/method/frappe.utils.print_format.download_pdf",
			{"doctype": "Family", "name": self.people.families.a1, "format": "Family Plan"},
		)
		self.assertEqual(pdf.status_code, 403)


class TestDefaultPrintFormats(FrappeTestCase):
	def test_a_record_printed_one_way_opens_in_its_format(self):
		from family_safeguarding.setup.install import DEFAULT_PRINT_FORMATS

		for doctype, print_format in DEFAULT_PRINT_FORMATS.items():
			self.assertEqual(frappe.get_meta(doctype).default_print_format, print_format)
