"""No one shares a case record, System Managers and Administrator included, on any path that saves a
DocShare; sharing anything else still works, and the app no longer touches System Settings "Disable
Document Sharing" (protocol/sharing.py, docs/administrators/operations.md)."""

import json

import frappe
from frappe.desk.form import assign_to
from frappe.share import add as share_add
from frappe.share import set_permission
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.patches import sharing_back_to_frappe_default
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.tests.builders import new_user
from family_safeguarding.tests.utils import PASSWORD, HttpSession, as_user, email, make_people

REFUSED = "records are not shared"


def switch():
	return frappe.db.get_single_value("System Settings", "disable_document_sharing")


class TestSharing(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.u = cls.people.users
		cls.family = cls.people.families.a1
		cls.member = cls.people.members.a1[1]
		cls.unallocated_family = cls.people.families.b1
		cls.it_admin = new_user(email("share_it"), "Share", "Administrator", PASSWORD, roles=[SYSTEM_MANAGER])
		cls.original_switch = switch()
		# the state in which Frappe shares at all: the app's refusal must not lean on the switch
		frappe.db.set_single_value("System Settings", "disable_document_sharing", 0)
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.db.set_single_value("System Settings", "disable_document_sharing", cls.original_switch)
		frappe.db.commit()
		super().tearDownClass()

	def shares_of(self, doctype, name):
		return frappe.db.count("DocShare", {"share_doctype": doctype, "share_name": name})

	def assert_refused(self, make_share, doctype, name):
		before = self.shares_of(doctype, name)
		with self.assertRaises(frappe.PermissionError) as refused:
			make_share()
		self.assertEqual(self.shares_of(doctype, name), before)
		return str(refused.exception)

	def assert_sharing_refused_by_the_app(self, doctype, name):
		"""The share dialog's endpoints refuse it with the app's message, naming no record."""
		title = frappe.db.get_value("Family", self.family, "family_name")
		for make_share in (
			lambda: share_add(doctype, name, self.u.sw_b, read=1),
			lambda: set_permission(doctype, name, self.u.sw_b, "write"),
			lambda: share_add(doctype, name, everyone=1),
		):
			message = self.assert_refused(make_share, doctype, name)
			self.assertIn(f"{doctype} {REFUSED}", message)
			self.assertNotIn(name, message)  # names the DocType, not the record
			self.assertNotIn(title, message)

	def test_administrator_cannot_share_a_family_or_member(self):
		for doctype, name in (("Family", self.family), ("Member", self.member)):
			with self.subTest(doctype), as_user("Administrator"):
				self.assert_sharing_refused_by_the_app(doctype, name)

	def test_a_system_manager_cannot_share_a_family_or_member_even_given_the_right_to(self):
		for doctype, name in (("Family", self.family), ("Member", self.member)):
			with as_user(self.it_admin):
				# the app's DocTypes give no one the right to share (test_metadata.py)
				self.assert_refused(lambda d=doctype, n=name: share_add(d, n, self.u.sw_b), doctype, name)
			if frappe.db.exists("Custom DocPerm", {"parent": doctype}):
				continue  # the site's own permissions: not ours to reset
			# a System Manager can give themselves that right in the Role Permission Manager
			frappe.permissions.update_permission_property(doctype, SYSTEM_MANAGER, 0, "share", 1)
			frappe.clear_cache(doctype=doctype)
			try:
				with self.subTest(doctype), as_user(self.it_admin):
					self.assertTrue(frappe.has_permission(doctype, "share", name))
					self.assert_sharing_refused_by_the_app(doctype, name)
			finally:
				frappe.permissions.reset_perms(doctype)
				frappe.clear_cache(doctype=doctype)
				frappe.db.commit()

	def test_inserting_a_docshare_is_refused_on_every_path(self):
		record = {"doctype": "DocShare", "share_doctype": "Family", "share_name": self.family, "read": 1}
		for user in (self.it_admin, "Administrator"):
			with self.subTest(user=user), as_user(user):
				message = self.assert_refused(
					lambda: frappe.get_doc({**record, "user": self.u.sw_b}).insert(),
					"Family",
					self.family,
				)
				self.assertIn(REFUSED, message)
				self.assert_refused(
					lambda: frappe.get_doc({**record, "user": self.u.sw_b}).insert(ignore_permissions=True),
					"Family",
					self.family,
				)
		# a row of a case record's child table, as the record itself
		allocation = frappe.get_all("Family Allocation", {"parent": self.family}, pluck="name", limit=1)[0]
		with as_user(self.it_admin):
			self.assert_refused(
				lambda: frappe.get_doc(
					{
						**record,
						"share_doctype": "Family Allocation",
						"share_name": allocation,
						"user": self.u.sw_b,
					}
				).insert(),
				"Family Allocation",
				allocation,
			)
		# over HTTP, as the System Manager: REST and frappe.client.insert
		session = HttpSession(self.it_admin)
		document = {**record, "user": self.u.sw_b}
		response = session.post("/api/resource/DocShare", {"data": json.dumps(document)})
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertIn(REFUSED, response.get_data(as_text=True))
		response = session.post("/api/method/frappe.client.insert", {"doc": json.dumps(document)})
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertEqual(self.shares_of("Family", self.family), 0)

	def test_a_share_of_something_else_cannot_be_moved_onto_a_case_record(self):
		with as_user(self.it_admin):
			note = frappe.get_doc({"doctype": "Note", "title": "Moved share", "content": "x"}).insert()
			share = share_add("Note", note.name, self.u.sw_b, read=1)
			share.share_doctype, share.share_name = "Family", self.family
			with self.assertRaises(frappe.PermissionError):
				share.save()
		self.assertEqual(frappe.db.get_value("DocShare", share.name, "share_doctype"), "Note")

	def test_users_inside_the_protocol_cannot_share(self):
		with as_user(self.u.tm_a):
			self.assert_refused(
				lambda: share_add("Family", self.family, self.u.sw_a2, read=1), "Family", self.family
			)
			self.assert_refused(
				lambda: frappe.get_doc(
					{
						"doctype": "DocShare",
						"user": self.u.sw_a2,
						"share_doctype": "Member",
						"share_name": self.member,
						"read": 1,
					}
				).insert(ignore_permissions=True),
				"Member",
				self.member,
			)
		response = HttpSession(self.u.tm_a).post(
			"/api/method/frappe.share.add",
			{"doctype": "Family", "name": self.family, "user": self.u.sw_a2, "read": 1},
		)
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertEqual(self.shares_of("Family", self.family), 0)

	def test_sharing_anything_else_still_works(self):
		with as_user(self.it_admin):
			note = frappe.get_doc({"doctype": "Note", "title": "Rota", "content": "Who is on call"}).insert()
			self.assertFalse(frappe.has_permission("Note", "write", note.name, user=self.u.sw_b))
			share_add("Note", note.name, self.u.sw_b, read=1, write=1)
			todo = frappe.get_doc({"doctype": "ToDo", "description": "Book the room"}).insert()
			share_add("ToDo", todo.name, self.u.sw_b, read=1)
		self.assertEqual(self.shares_of("Note", note.name), 1)
		self.assertEqual(self.shares_of("ToDo", todo.name), 1)
		self.assertTrue(frappe.has_permission("Note", "write", note.name, user=self.u.sw_b))

	def test_assigning_a_case_record_to_someone_who_may_not_read_it_is_refused_without_a_share(self):
		"""Frappe's assign_to shares the record with an assignee who may not read it: that share is
		refused, so the assignment is (a System Manager is refused by the DocType's share right
		first, Administrator by the app)."""

		def todos():
			return frappe.db.count(
				"ToDo", {"reference_type": "Family", "reference_name": self.unallocated_family}
			)

		before = todos()
		for user in (self.it_admin, "Administrator"):
			with self.subTest(user), as_user(user):
				message = self.assert_refused(
					lambda: assign_to.add(
						{"assign_to": [self.u.sw_a1], "doctype": "Family", "name": self.unallocated_family}
					),
					"Family",
					self.unallocated_family,
				)
				if user == "Administrator":
					self.assertIn(REFUSED, message)
			frappe.db.rollback()  # as the request would be
			self.assertEqual(todos(), before)

	def test_assigning_a_case_record_to_someone_who_may_read_it_works_and_shares_nothing(self):
		with as_user(self.it_admin):
			assign_to.add({"assign_to": [self.u.sw_a1], "doctype": "Family", "name": self.family})
		self.assertTrue(
			frappe.db.exists(
				"ToDo",
				{
					"reference_type": "Family",
					"reference_name": self.family,
					"allocated_to": self.u.sw_a1,
					"status": "Open",
				},
			)
		)
		self.assertEqual(self.shares_of("Family", self.family), 0)
		with as_user(self.it_admin):
			assign_to.remove("Family", self.family, self.u.sw_a1)


class TestSharingPatch(FrappeTestCase):
	"""The patch that stops switching sharing off, for sites that ran the app before it."""

	def test_it_removes_shares_of_case_records_and_switches_sharing_back_once(self):
		people = make_people()
		original = switch()
		legacy = frappe.generate_hash(length=10)
		# a share as an older site might hold, made past the hooks
		frappe.get_doc(
			{
				"doctype": "DocShare",
				"name": legacy,
				"user": people.users["sw_b"],
				"share_doctype": "Family",
				"share_name": people.families.a1,
				"read": 1,
			}
		).db_insert()
		frappe.db.set_single_value("System Settings", "disable_document_sharing", 1)
		try:
			sharing_back_to_frappe_default.execute()
			self.assertFalse(frappe.db.exists("DocShare", legacy))
			self.assertEqual(switch(), 0)
			# run twice, it changes nothing more
			sharing_back_to_frappe_default.execute()
			self.assertEqual(switch(), 0)
		finally:
			frappe.db.delete("DocShare", {"name": legacy})
			frappe.db.set_single_value("System Settings", "disable_document_sharing", original)
			frappe.db.commit()

	def test_it_is_in_patches_txt(self):
		patches = frappe.get_app_path("family_safeguarding", "patches.txt")
		with open(patches) as lines:
			self.assertIn("family_safeguarding.patches.sharing_back_to_frappe_default", lines.read().split())
