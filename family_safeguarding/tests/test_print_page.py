"""The desk's print page, as a user inside the protocol uses it: it sends the form's whole document to
frappe.www.printview.get_html_and_style. The stored record it names is printed, never the values
sent, and a record the user may not print is refused as one that does not exist."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.utils import HttpSession, make_people

PRINT_PAGE = "/api/method/frappe.www.printview.get_html_and_style"


class TestPrintPage(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		cls.own = cls.people.families.a1
		cls.other = cls.people.families.b1
		cls.stored_name = frappe.db.get_value("Family", cls.own, "family_name")
		cls.social_worker = HttpSession(cls.people.users["sw_a1"])

	def print_page(self, doc: dict):
		return self.social_worker.post(
			PRINT_PAGE, {"doc": json.dumps(doc), "print_format": "Standard", "no_letterhead": 1}
		)

	def test_the_print_page_prints_the_stored_record_not_the_values_sent(self):
		doc = frappe.get_doc("Family", self.own).as_dict()
		doc["family_name"] = "A NAME THE CALLER CHOSE"
		response = self.print_page(json.loads(frappe.as_json(doc)))
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		html = response.json["message"]["html"]
		self.assertIn(self.stored_name, html)
		self.assertNotIn("A NAME THE CALLER CHOSE", html)

	def test_a_document_naming_a_family_the_user_may_not_read_is_refused_like_a_missing_one(self):
		other = json.loads(frappe.as_json(frappe.get_doc("Family", self.other).as_dict()))
		missing = {**other, "name": "FAM-0000-99999"}
		answers = [self.print_page(doc) for doc in (other, missing)]
		self.assertEqual([answer.status_code for answer in answers], [403, 403])
		messages = [
			[json.loads(m)["message"] for m in json.loads(answer.json["_server_messages"])]
			for answer in answers
		]
		self.assertEqual(messages[0], messages[1])
		other_name = frappe.db.get_value("Family", self.other, "family_name")
		self.assertNotIn(other_name, answers[0].get_data(as_text=True))

	def test_a_document_that_names_no_record_is_refused(self):
		self.assertEqual(self.print_page({"doctype": "Family", "family_name": "Anything"}).status_code, 403)

	def test_a_doctype_spelled_otherwise_is_refused_by_the_guard(self):
		# the database matches these to the Family table; only an exact DocType name is printed
		for spelling in ("family", "Family ", "FAMILY"):
			with self.subTest(spelling=spelling):
				answer = self.print_page({"doctype": spelling, "name": self.other})
				self.assertEqual(answer.status_code, 403)
				self.assertIn("name the DocType to print", answer.get_data(as_text=True))
