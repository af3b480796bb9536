"""Frappe's tables that point at case records (tags, attachments, comments, versions, assignments,
notifications, workflow actions...) follow the rule of the record, and a private attachment of a
family cannot be copied, by creating a File row, by a user who may not read the family.

Team A's police officer (allocated to a1 only) against team B's family b1, whose social worker
still lists and reads what points at b1. The hooks are tried in-process, where Frappe's request
guard does not stand in front of them, and over HTTP as the desk and the API use them."""

import io
import json

import frappe
from frappe.model.db_query import DatabaseQuery
from frappe.permissions import has_controller_permissions
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.access import SIDE_TABLES
from family_safeguarding.tests.utils import HttpSession, as_user, make_people, raw_insert

M = "/api/method/"
MARK = "fs-side-table-test"

# Fields by which Frappe's own hooks give a row to a user: the rows made here are the user's by all
# of them, so that only this app's hooks can take them away.
USER_FIELDS = ("allocated_to", "assigned_by", "for_user", "user", "viewed_by", "queued_by")
EXTRA_FIELDS = {
	"Workflow Action": {"status": "Open", "permitted_roles": [{"role": "All"}]},
	"Communication": {"communication_medium": "Other", "subject": MARK},
	"File": {"file_name": f"{MARK}.txt", "file_url": f"/private/files/{MARK}.txt", "is_private": 1},
	"Tag Link": {"tag": MARK},
	"Prepared Report": {"report_name": "Caseload"},
}


def stored_file(owner: str, **fields) -> frappe._dict:
	doc = frappe.get_doc({"doctype": "File", "is_private": 1, **fields}).insert(ignore_permissions=True)
	frappe.db.set_value("File", doc.name, "owner", owner)
	return frappe._dict(name=doc.name, file_url=doc.file_url)


class SideTableFixture(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.police = cls.people.users["police_a"]  # allocated to a1, not to b1
		cls.social_worker = cls.people.users["sw_b"]  # b1's lead social worker
		cls.b1 = cls.people.families.b1
		cls.b1_child = cls.people.members.b1[1]
		cls.b1_child_name = frappe.get_doc("Member", cls.b1_child).get_title()
		cls.made = []

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype, name in cls.made:
			frappe.db.delete(doctype, name)
		frappe.db.commit()
		super().tearDownClass()

	@classmethod
	def keep(cls, doctype: str, name: str) -> str:
		cls.made.append((doctype, name))
		return name

	@classmethod
	def side_row(cls, doctype: str, pair, target: tuple, user: str, fields: dict | None = None) -> str:
		"""A row of a side table pointing at `target`, the user's by every field Frappe gives a row to
		a user by; `fields` are the values each side table needs (EXTRA_FIELDS by default)."""
		meta = frappe.get_meta(doctype)
		row = {"doctype": doctype, **(fields or EXTRA_FIELDS).get(doctype, {})}
		row.update({field: user for field in USER_FIELDS if meta.has_field(field)})
		if pair and target[0]:
			row.update(dict(zip(pair, target, strict=True)))
		if doctype == "Tag Link" and target[0] == "Member":
			row["title"] = cls.b1_child_name  # what Frappe stores: the record's title
		name = raw_insert(row)
		frappe.db.set_value(doctype, name, "owner", user, update_modified=False)
		return cls.keep(doctype, name)

	def listed(self, doctype: str, user: str) -> set[str]:
		"""The rows every list hook registered for the DocType gives the user (Frappe's and ours)."""
		condition = DatabaseQuery(doctype, user=user).get_permission_query_conditions()
		return set(
			frappe.db.sql_list(
				f"select name from `tab{doctype}`" + (f" where {condition}" if condition else "")
			)
		)


class TestSideTablesFollowTheRecord(SideTableFixture):
	"""Every table of SIDE_TABLES: a row pointing at b1 (its family, member, Health Information or
	allocation row) is not listed or opened by the police officer of team A, though Frappe's own
	rules give it to them; b1's social worker lists theirs; rows pointing at a1 or at no case record
	stay the police officer's."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		health = raw_insert(
			{
				"doctype": "Health Information",
				"family": cls.b1,
				"member": cls.b1_child,
				"author": cls.people.workers["sw_b"],
				"source": "Mental Health Assessment",
				"information": MARK,
			}
		)
		allocation = frappe.db.get_value("Family Allocation", {"parenttype": "Family", "parent": cls.b1})
		cls.keep("Health Information", health)
		b1_targets = [
			("Member", cls.b1_child),
			("Family", cls.b1),
			("Health Information", health),
			("Family Allocation", allocation),
		]
		cls.rows = {}
		for index, (doctype, pairs) in enumerate(SIDE_TABLES.items()):
			pair = pairs[0] if pairs else None
			cls.rows[doctype] = {
				"police_b1": cls.side_row(doctype, pair, b1_targets[index % len(b1_targets)], cls.police),
				"police_a1": cls.side_row(doctype, pair, ("Family", cls.people.families.a1), cls.police),
				"police_other": cls.side_row(doctype, pair, (None, None), cls.police),
				"social_worker_b1": cls.side_row(
					doctype, pair, b1_targets[index % len(b1_targets)], cls.social_worker
				),
			}
		frappe.db.commit()

	def test_lists_of_every_side_table_follow_the_record(self):
		for doctype, rows in self.rows.items():
			with self.subTest(doctype):
				police, social_worker = (
					self.listed(doctype, self.police),
					self.listed(doctype, self.social_worker),
				)
				self.assertNotIn(
					rows["police_b1"], police, "a row pointing at a family the user may not read"
				)
				if not SIDE_TABLES[doctype]:
					self.assertFalse({rows["police_a1"], rows["police_other"]} & police)
					continue
				self.assertIn(rows["police_a1"], police, "a row pointing at the user's own family")
				self.assertIn(rows["police_other"], police, "a row pointing at no case record")
				self.assertIn(rows["social_worker_b1"], social_worker, "b1's social worker")

	def test_documents_of_every_side_table_follow_the_record(self):
		for doctype, rows in self.rows.items():
			with self.subTest(doctype):
				for key, user, expected in (
					("police_b1", self.police, False),
					("police_a1", self.police, bool(SIDE_TABLES[doctype])),
					("social_worker_b1", self.social_worker, bool(SIDE_TABLES[doctype])),
				):
					doc = frappe.get_doc(doctype, rows[key])
					self.assertEqual(has_controller_permissions(doc, "read", user=user), expected, key)

	def test_the_desk_lists_them_by_the_record(self):
		readable = [
			doctype
			for doctype in SIDE_TABLES
			if frappe.has_permission(doctype, "read", user=self.police) and SIDE_TABLES[doctype]
		]
		self.assertTrue(
			{"Tag Link", "File", "ToDo", "Notification Log", "Workflow Action"} <= set(readable), readable
		)
		for doctype in readable:
			with self.subTest(doctype):
				with as_user(self.police):
					police = set(frappe.get_list(doctype, pluck="name", limit_page_length=0))
				with as_user(self.social_worker):
					social_worker = set(frappe.get_list(doctype, pluck="name", limit_page_length=0))
				rows = self.rows[doctype]
				self.assertNotIn(rows["police_b1"], police)
				self.assertIn(rows["police_a1"], police)
				self.assertIn(rows["social_worker_b1"], social_worker)
				with as_user(self.police):
					self.assertFalse(frappe.has_permission(doctype, "read", doc=rows["police_b1"]))

	def test_over_http_no_row_names_a_record_of_b1(self):
		police, social_worker = HttpSession(self.police), HttpSession(self.social_worker)
		for doctype in ("Tag Link", "File", "ToDo", "Notification Log", "Workflow Action", "Document Follow"):
			with self.subTest(doctype):
				rows = self.rows[doctype]
				response = police.get(f"/api/resource/{doctype}", {"fields": ["*"], "limit_page_length": 0})
				body = response.get_data(as_text=True)
				self.assertNotIn(rows["police_b1"], body)
				self.assertNotIn(self.b1_child_name, body)
				self.assertNotIn(self.b1, body)
				one = police.get(f"/api/resource/{doctype}/{rows['police_b1']}")
				self.assertIn(one.status_code, (403, 404), one.get_data(as_text=True)[:300])
				if response.status_code == 200:  # the request guard may refuse the list outright
					self.assertIn(rows["police_a1"], {row["name"] for row in response.json["data"]})
				self.assertIn(rows["social_worker_b1"], social_worker.resource_names(doctype) or set())


class TestFilesOfCaseRecords(SideTableFixture):
	"""A private attachment of b1 cannot be copied, moved or served to team A's police officer."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		secret = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"{MARK}-safety-plan.txt",
				"content": f"SIDE-SECRET-4R {frappe.generate_hash(length=12)}",
				"is_private": 1,
				"attached_to_doctype": "Family",
				"attached_to_name": cls.b1,
			}
		).insert(ignore_permissions=True)
		cls.secret = frappe._dict(name=cls.keep("File", secret.name), file_url=secret.file_url)
		cls.police_information = frappe.db.get_value(
			"Police Information", {"family": cls.people.families.a1, "author": cls.people.workers["police_a"]}
		) or cls.keep(
			"Police Information",
			raw_insert(
				{
					"doctype": "Police Information",
					"family": cls.people.families.a1,
					"author": cls.people.workers["police_a"],
					"source": "Police",
					"information": MARK,
				}
			),
		)
		frappe.db.commit()

	def copies(self) -> list[str]:
		"""Files of the officer's with the secret's content, whatever their address."""
		content_hash = frappe.db.get_value("File", self.secret.name, "content_hash")
		return frappe.get_all(
			"File", filters={"content_hash": content_hash, "owner": self.police}, pluck="name"
		)

	def assert_refused(self, response, why: str):
		body = response.get_data(as_text=True)
		self.assertIn(response.status_code, (403, 417), f"{why}: {body[:300]}")
		self.assertNotIn("SIDE-SECRET-4R", body, why)
		self.assertNotIn(f"{MARK}-safety-plan", body, why)
		self.assertEqual(self.copies(), [], why)

	def test_a_file_record_copying_another_familys_file_is_refused(self):
		police = HttpSession(self.police)
		another_spelling = self.secret.file_url.replace("/private/files/", "/private/files/./")
		for why, file_url, attached in (
			("unattached", self.secret.file_url, {}),
			(
				"on a record the officer writes",
				self.secret.file_url,
				{"attached_to_doctype": "Police Information", "attached_to_name": self.police_information},
			),
			("by another spelling of its address", another_spelling, {}),
		):
			fields = {"file_url": file_url, "is_private": 1, **attached}
			self.assert_refused(police.post("/api/resource/File", fields), f"/api/resource/File {why}")
			self.assert_refused(
				police.post(M + "frappe.client.insert", {"doc": json.dumps({"doctype": "File", **fields})}),
				f"frappe.client.insert {why}",
			)
			with as_user(self.police), self.assertRaises(frappe.PermissionError, msg=why):
				frappe.get_doc({"doctype": "File", **fields}).insert(ignore_permissions=True)
			frappe.db.rollback()
			self.assertEqual(self.copies(), [], why)

	def test_an_existing_file_cannot_be_pointed_at_it_or_moved(self):
		own = stored_file(self.police, file_name=f"{MARK}-own.txt", content=f"own {frappe.generate_hash()}")
		attached = stored_file(
			self.police,
			file_name=f"{MARK}-statement.txt",
			content=f"statement {frappe.generate_hash()}",
			attached_to_doctype="Police Information",
			attached_to_name=self.police_information,
		)
		self.keep("File", own.name), self.keep("File", attached.name)
		frappe.db.commit()
		for why, name, changes in (
			("pointed at b1's file", own.name, {"file_url": self.secret.file_url}),
			("attached to b1", own.name, {"attached_to_doctype": "Family", "attached_to_name": self.b1}),
			(
				"moved off its record",
				attached.name,
				{"attached_to_doctype": "ToDo", "attached_to_name": frappe.generate_hash()},
			),
		):
			with as_user(self.police), self.assertRaises(frappe.PermissionError, msg=why):
				doc = frappe.get_doc("File", name)
				doc.update(changes)
				doc.save(ignore_permissions=True)
			frappe.db.rollback()
		self.assertEqual(frappe.db.get_value("File", own.name, "attached_to_name"), None)
		self.assertEqual(
			frappe.db.get_value("File", attached.name, "attached_to_name"), self.police_information
		)

	def test_files_go_only_on_records_the_user_may_change_and_stay_private(self):
		with as_user(self.police), self.assertRaisesRegex(frappe.PermissionError, "Attached To"):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{MARK}-note.txt",
					"content": f"a note {frappe.generate_hash()}",
					"is_private": 1,
					"attached_to_doctype": "Family",  # the officer's own family, which their role only reads
					"attached_to_name": self.people.families.a1,
				}
			).insert()
		frappe.db.rollback()
		with as_user(self.social_worker), self.assertRaisesRegex(frappe.ValidationError, "Is Private"):
			frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{MARK}-public.txt",
					"content": f"public {frappe.generate_hash()}",
					"is_private": 0,
					"attached_to_doctype": "Family",
					"attached_to_name": self.b1,
				}
			).insert()
		frappe.db.rollback()
		with as_user(self.police):
			statement = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"{MARK}-statement.txt",
					"content": f"statement {frappe.generate_hash()}",
					"is_private": 1,
					"attached_to_doctype": "Police Information",
					"attached_to_name": self.police_information,
				}
			).insert()
		self.keep("File", statement.name)

	def test_a_file_row_of_their_own_does_not_serve_it(self):
		# b1's social worker attaches a file through the desk's uploader and reads it back
		social_worker = HttpSession(self.social_worker)
		content = f"SIDE-SECRET-4R uploaded {frappe.generate_hash(length=12)}"
		response = social_worker._send(
			"post",
			M + "upload_file",
			data={
				"file": (io.BytesIO(content.encode()), f"{MARK}-letter.txt"),
				"is_private": "1",
				"doctype": "Family",
				"docname": self.b1,
			},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		uploaded = response.json["message"]
		self.keep("File", uploaded["name"])
		frappe.db.rollback()  # a new transaction, which sees what the request committed
		self.assertEqual(social_worker.get(uploaded["file_url"]).get_data(as_text=True), content)
		# a File row the officer owns with its address: an old copy, or a file they attached to b1
		# while they were allocated to it
		for file_url in (uploaded["file_url"], self.secret.file_url):
			copy = frappe.get_doc(
				{"doctype": "File", "file_url": file_url, "is_private": 1, "file_name": f"{MARK}-copy.txt"}
			).insert(ignore_permissions=True)
			frappe.db.set_value("File", copy.name, "owner", self.police)
			self.keep("File", copy.name)
			frappe.db.commit()
			download = HttpSession(self.police).get(file_url)
			self.assertEqual(download.status_code, 403, file_url)
			self.assertNotIn("SIDE-SECRET-4R", download.get_data(as_text=True))
			self.assertFalse(frappe.has_permission("File", "read", doc=copy.name, user=self.police))
		self.assertEqual(social_worker.get(uploaded["file_url"]).status_code, 200)
