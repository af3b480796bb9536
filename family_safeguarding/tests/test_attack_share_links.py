"""Sharing by link: a Document Share Key lets whoever holds its link, Guest included, print the
record past the information-sharing protocol (`/printview?doctype=..&name=..&key=..`, and the PDF).
No key is made for a case record, by anyone, on any path (protocol/sharing.py), and Guest is refused
every request that names a case DocType, which also closes the older signature links (the guard).
Real requests through Frappe's own WSGI application."""

import json
import re

import frappe
from frappe.tests.utils import FrappeTestCase
from werkzeug.test import Client

from family_safeguarding.patches import share_keys_of_case_records_removed
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.tests.builders import new_user
from family_safeguarding.tests.utils import PASSWORD, HttpSession, as_user, email, make_people

REFUSED = "records are not shared by link"


class GuestSession(HttpSession):
	"""A browser that has not signed in."""

	def __init__(self):
		from frappe.app import application

		self.site = frappe.local.site
		self.client = Client(application, use_cookies=True)


def stored_key(doctype: str, name: str) -> str:
	"""A key as a site that ran the app before this release may hold: stored past the hooks."""
	key = frappe.generate_hash(length=26)
	frappe.get_doc(
		{"doctype": "Document Share Key", "reference_doctype": doctype, "reference_docname": name, "key": key}
	).db_insert()
	return key


class TestNoShareLinks(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		cls.family = cls.people.families.b1
		cls.family_name = frappe.db.get_value("Family", cls.family, "family_name")
		cls.member = cls.people.members.b1[0]
		cls.it_admin = new_user(email("link_it"), "Link", "Administrator", PASSWORD, roles=[SYSTEM_MANAGER])
		frappe.db.commit()

	def keys_of(self, doctype, name):
		return frappe.db.count(
			"Document Share Key", {"reference_doctype": doctype, "reference_docname": name}
		)

	def test_no_one_makes_a_share_link_to_a_case_record(self):
		for user in (self.it_admin, "Administrator"):
			for doctype, name in (("Family", self.family), ("Member", self.member)):
				with self.subTest(user=user, doctype=doctype), as_user(user):
					with self.assertRaisesRegex(frappe.PermissionError, REFUSED):
						frappe.get_doc(doctype, name).get_document_share_key()
					with self.assertRaisesRegex(frappe.PermissionError, REFUSED):
						frappe.get_doc(
							{
								"doctype": "Document Share Key",
								"reference_doctype": doctype,
								"reference_docname": name,
							}
						).insert(ignore_permissions=True)
				self.assertEqual(self.keys_of(doctype, name), 0)
		# over REST, as the IT administrator
		response = HttpSession(self.it_admin).post(
			"/api/resource/Document Share Key",
			{"data": json.dumps({"reference_doctype": "Family", "reference_docname": self.family})},
		)
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertEqual(self.keys_of("Family", self.family), 0)

	def test_an_email_with_a_print_of_a_case_record_carries_no_link(self):
		"""With "Include Web View Link in Email" on (Frappe's default) an e-mail with a print carries
		a link with a key (Communication.get_content, as it sends): refused, with the way to send
		it without one."""
		original = frappe.db.get_single_value("System Settings", "attach_view_link")
		frappe.db.set_single_value("System Settings", "attach_view_link", 1)
		try:
			with as_user(self.it_admin):
				email = frappe.new_doc(
					"Communication",
					reference_doctype="Family",
					reference_name=self.family,
					content="The plan",
				)
				with self.assertRaisesRegex(frappe.PermissionError, "Include Web View Link in Email"):
					email.get_content(print_format="Standard")
			self.assertEqual(self.keys_of("Family", self.family), 0)
		finally:
			frappe.db.rollback()
			frappe.db.set_single_value("System Settings", "attach_view_link", original)
			frappe.db.commit()

	def test_a_share_link_to_anything_else_still_works(self):
		with as_user(self.it_admin):
			note = frappe.get_doc({"doctype": "Note", "title": "Rota link", "content": "x"}).insert()
			self.assertTrue(note.get_document_share_key())
		frappe.db.rollback()

	def test_guest_reads_no_case_record_by_a_key(self):
		key = stored_key("Family", self.family)
		frappe.db.commit()
		try:
			guest = GuestSession()
			args = {"doctype": "Family", "name": self.family, "key": key, "format": "Standard"}
			for path, doctype in (
				("/printview", "Family"),
				("/api/method/frappe.utils.print_format.download_pdf", "Family"),
				# the database matches a DocType's name in any case
				("/printview", "family"),
			):
				with self.subTest(path=path, doctype=doctype):
					response = guest.get(path, {**args, "doctype": doctype})
					body = response.get_data(as_text=True)
					self.assertEqual(response.status_code, 403, body[:300])
					self.assertNotIn(self.family_name, body)
					self.assertNotIn("Traceback", body)
		finally:
			frappe.db.delete("Document Share Key", {"key": key})
			frappe.db.commit()

	def test_guest_reads_no_case_record_by_an_older_signature_link(self):
		signature = frappe.get_doc("Family", self.family).get_signature()
		original = frappe.db.get_single_value("System Settings", "allow_older_web_view_links")
		frappe.db.set_single_value("System Settings", "allow_older_web_view_links", 1)
		frappe.db.commit()
		try:
			response = GuestSession().get(
				"/printview", {"doctype": "Family", "name": self.family, "key": signature}
			)
			self.assertEqual(response.status_code, 403)
			self.assertNotIn(self.family_name, response.get_data(as_text=True))
		finally:
			frappe.db.set_single_value("System Settings", "allow_older_web_view_links", original)
			frappe.db.commit()

	def test_guest_learns_nothing_of_which_case_records_exist(self):
		"""Frappe's comments and likes for web pages load the record Guest names before they look at
		its DocType: "not found" for a name that does not exist, nothing for one that does."""
		prefix, digits = re.fullmatch(r"(.*?)(\d+)", self.family).groups()
		missing = prefix + "9" * len(digits)
		self.assertFalse(frappe.db.exists("Family", missing))
		guest = GuestSession()
		for method, args in (
			(
				"frappe.templates.includes.comments.comments.add_comment",
				{"comment": "Hello", "comment_email": "a@example.org", "comment_by": "A", "route": "x"},
			),
			("frappe.templates.includes.likes.likes.like", {"like": "1", "route": "x"}),
		):
			with self.subTest(method):
				answers = [
					guest.post(
						"/api/method/" + method,
						{**args, "reference_doctype": "Family", "reference_name": name},
					)
					for name in (self.family, missing)
				]
				self.assertEqual([answer.status_code for answer in answers], [403, 403])

	def test_the_patch_removes_the_keys_made_before(self):
		key = stored_key("Member", self.member)
		with as_user(self.it_admin):
			note = frappe.get_doc({"doctype": "Note", "title": "Kept link", "content": "x"}).insert()
			note_key = note.get_document_share_key()
		share_keys_of_case_records_removed.execute()
		self.assertFalse(frappe.db.exists("Document Share Key", {"key": key}))
		self.assertTrue(frappe.db.exists("Document Share Key", {"key": note_key}))
		frappe.db.rollback()
