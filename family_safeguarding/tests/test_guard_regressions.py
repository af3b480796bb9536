"""Ways through the request guard found by trying it as an attacker, one test per class.

Each request here went through the guard as it was when it checked only requests that named a
case DocType, with its own reading of the arguments: each test fails on that guard."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import today

from family_safeguarding.tests.utils import RECOVERY, HttpSession, make_people, raw_insert

M = "/api/method/"
SECRET = "CLASS-TEST-HEALTH-4J: bipolar disorder, lithium"


class TestGuardRegressions(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		cls.family = cls.people.families.b1
		cls.member = cls.people.members.b1[0]
		cls.health = frappe.db.get_value("Health Information", {"information": SECRET}, "name") or (
			frappe.get_doc(
				{
					"doctype": "Health Information",
					"family": cls.family,
					"member": cls.member,
					"author": cls.people.workers["sw_b"],
					"source": "GP",
					"information": SECRET,
				}
			)
			.insert(ignore_permissions=True)
			.name
		)
		# a referral of team B's family, sent to the recovery service: recovery_a (team A) receives it
		cls.referral = raw_insert(
			{
				"doctype": "Referral",
				"family": cls.family,
				"member": cls.member,
				"to_agency": RECOVERY,
				"reason": "Parental Alcohol Misuse",
				"consent": "Given",
				"consent_date": today(),
				"workflow_state": "Sent",
				"sent_on": today(),
				"title": "Parental Alcohol Misuse referral",
			}
		)
		frappe.db.commit()
		cls.family_name = frappe.db.get_value("Family", cls.family, "family_name")
		cls.member_name = frappe.db.get_value("Member", cls.member, "full_name")
		cls.police = HttpSession(cls.people.users["police_a"])
		cls.analyst = HttpSession(cls.people.users["analyst"])
		cls.receiver = HttpSession(cls.people.users["recovery_a"])

	def assert_refused(self, response, *unreadable):
		body = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 403, body[:300])
		for text in unreadable:
			self.assertNotIn(text, body)

	def test_1_sql_in_the_filters_of_any_doctype(self):
		"""A filter that is text is pasted into the query by Frappe 15.44, on any DocType."""
		union = "1=0 union select 1 as count, information as name from `tabHealth Information` `tabAgency`"
		for session in (self.police, self.analyst):
			self.assert_refused(
				session.get(
					M + "frappe.desk.listview.get_group_by_count",
					{"doctype": "Agency", "field": "name", "current_filters": [["name", "is", "set"], union]},
				),
				SECRET,
			)
			self.assert_refused(
				session.get(
					M + "frappe.desk.search.search_link",
					{"doctype": "Agency", "txt": "", "filters": [["name", "is", "set"], "1=1"]},
				)
			)
			self.assert_refused(
				session.get(
					"/api/resource/Agency", {"filters": json.dumps({"name`) or (1=1": ["is", "set"]})}
				)
			)

	def test_3_a_decoy_argument(self):
		"""get_link_title reads `docname`; a `name` beside it decides nothing."""
		self.assert_refused(
			self.police.get(
				M + "frappe.desk.search.get_link_title",
				{"doctype": "Family", "docname": self.family, "name": "zz"},
			),
			self.family_name,
		)
		# Frappe runs the `cmd` form parameter before the method in the path: so does the guard
		self.assert_refused(
			self.police.get(
				M + "frappe.ping",
				{"cmd": "frappe.desk.search.get_link_title", "doctype": "Member", "docname": self.member},
			),
			self.member_name,
		)

	def test_4_a_decoy_doctype(self):
		"""get_html_and_style prints `doc`: a forged case document beside an innocent `doctype`."""
		forged = {"doctype": "Member", "name": self.member, "family": self.people.families.a1}
		self.assert_refused(
			self.police.post(
				M + "frappe.www.printview.get_html_and_style",
				{"doc": json.dumps(forged), "doctype": "Agency", "name": self.member},
			),
			self.member_name,
		)

	def test_6_the_receiving_agency_never_sees_the_family_or_member(self):
		form = self.receiver.get(
			M + "frappe.desk.form.load.getdoc", {"doctype": "Referral", "name": self.referral}
		)
		self.assertEqual(form.status_code, 200, form.get_data(as_text=True)[:300])
		body = form.get_data(as_text=True)
		self.assertIn(self.referral, body)
		self.assertNotIn(self.family_name, body)
		self.assertNotIn(self.member_name, body)
		self.assert_refused(
			self.receiver.get(
				"/api/resource/Referral",
				{"fields": ["name", "family.family_name", "member.full_name"], "limit_page_length": 0},
			),
			self.family_name,
			self.member_name,
		)
		for link_doctype, link_name, title in (
			("Family", self.family, self.family_name),
			("Member", self.member, self.member_name),
		):
			self.assert_refused(
				self.receiver.get(
					M + "frappe.desk.search.get_link_title", {"doctype": link_doctype, "docname": link_name}
				),
				title,
			)
		self.assert_refused(
			self.receiver.get(
				"/printview", {"doctype": "Referral", "name": self.referral, "format": "Standard"}
			),
			self.family_name,
			self.member_name,
		)
		letter = self.receiver.get(
			"/printview", {"doctype": "Referral", "name": self.referral, "format": "Referral Letter"}
		)
		self.assertEqual(letter.status_code, 200, letter.get_data(as_text=True)[:300])
		self.assertNotIn(self.family_name, letter.get_data(as_text=True))

	def test_every_other_endpoint_is_refused_whatever_it_names(self):
		"""Deny by default: an endpoint off the allowlist is refused even when it names no case
		DocType at all (get_documents_for_tag reads Tag Link titles past every hook)."""
		for method, params in (
			("frappe.desk.doctype.tag.tag.get_documents_for_tag", {"tag": "anything"}),
			("frappe.desk.doctype.tag.tag.get_tags_list_for_awesomebar", {}),
			("frappe.core.doctype.user.user.get_all_roles", {}),
			("frappe.email.get_contact_list", {"txt": ""}),
		):
			with self.subTest(method):
				response = self.police.get(M + method, params)
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
				self.assertIn("not on the allowlist", response.get_data(as_text=True))
		self.assert_refused(self.police.get("/list", {}))
