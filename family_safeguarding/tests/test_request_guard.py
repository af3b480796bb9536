"""The request guard (guard/) against the paths of docs/developers/exit-paths.md, as real users
over HTTP.

Each case is an exit path Frappe 15.44 leaves open for case records: the guard refuses it with a
403, and no record the user may not see comes back. The desk's own endpoints keep working."""

import json

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.builders import RUN
from family_safeguarding.tests.utils import HttpSession, make_people, make_workbook

M = "/api/method/"


class TestRequestGuard(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.records = make_workbook(cls.people)
		cls.seen = cls.people.families.a1  # police_a is allocated to a1
		cls.unseen = cls.people.families.b1
		cls.police = HttpSession(cls.people.users["police_a"])

	def assert_refused(self, response, why):
		body = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 403, f"{why}: {body[:300]}")
		for name in (self.unseen, *self.people.members.b1, self.records.health):
			self.assertNotIn(name, body, why)

	def test_the_desk_and_the_documented_api_keep_working(self):
		for path, params in (
			(M + "frappe.desk.form.load.getdoc", {"doctype": "Family", "name": self.seen}),
			(
				M + "frappe.desk.reportview.get",
				{
					"doctype": "Member",
					"fields": ["`tabMember`.`name`", "family.family_name as family_family_name"],
				},
			),
			(
				M + "frappe.desk.reportview.get_count",
				{"doctype": "Family", "filters": [["Family", "status", "=", "Open"]]},
			),
			(
				M + "frappe.desk.search.search_link",
				{"doctype": "Family", "txt": "", "ignore_user_permissions": 0},
			),
			(
				M + "frappe.desk.notifications.get_open_count",
				{"doctype": "Family", "name": self.seen, "items": ["Member", "Goal"]},
			),
			(
				M + "frappe.client.get_value",
				{"doctype": "Family", "fieldname": "family_name", "filters": self.seen},
			),
			("/api/resource/Member", {"fields": ["name", "family"], "filters": [["family", "=", self.seen]]}),
			("/printview", {"doctype": "Family", "name": self.seen, "format": "Standard"}),
		):
			response = self.police.get(path, params)
			self.assertEqual(response.status_code, 200, f"{path}: {response.get_data(as_text=True)[:300]}")
			self.assertNotIn(self.unseen, response.get_data(as_text=True), path)

	def test_paths_that_skip_the_permission_hooks_are_refused(self):
		unseen_member = self.people.members.b1[0]
		cases = {
			"1 link search ignoring user permissions": (
				M + "frappe.desk.search.search_link",
				{"doctype": "Family", "txt": "", "ignore_user_permissions": 1},
			),
			"1 search_widget with filter_fields": (
				M + "frappe.desk.search.search_widget",
				{
					"doctype": "Member",
					"txt": "",
					"ignore_user_permissions": 1,
					"filter_fields": ["nhs_number"],
				},
			),
			"2 workflow state count of any column": (
				M + "frappe.workflow.doctype.workflow.workflow.get_workflow_state_count",
				{
					"doctype": "Child Protection Plan",
					"workflow_state_field": "member",
					"states": ["__none__"],
				},
			),
			"4 ad-hoc dashboard chart": (
				M + "frappe.desk.doctype.dashboard_chart.dashboard_chart.get",
				{
					"chart": json.dumps(
						{
							"document_type": "Family",
							"type": "Heatmap",
							"chart_type": "Count",
							"based_on": "creation",
						}
					),
					"heatmap_year": 2026,
				},
			),
			"5 raw SQL filter": (
				M + "frappe.desk.listview.get_group_by_count",
				{
					"doctype": "Family",
					"field": "name",
					"current_filters": [["name", "is", "set"], "1=1 or 1=1"],
				},
			),
			"6 group by assigned_to": (
				M + "frappe.desk.listview.get_group_by_count",
				{"doctype": "Family", "field": "assigned_to", "current_filters": []},
			),
			"9 child table listed directly": (
				"/api/resource/Family Allocation",
				{"parent": "Family", "fields": ["parent", "worker"], "limit_page_length": 0},
			),
			"10 dotted link field": ("/api/resource/Member", {"fields": ["name", "family.postcode"]}),
			"11 goal graph": (
				M + "frappe.utils.goal.get_monthly_goal_graph_data",
				{
					"title": "t",
					"doctype": "Family",
					"docname": self.seen,
					"goal_value_field": "family_name",
					"goal_total_field": "family_name",
					"goal_history_field": "name",
					"goal_doctype": "Member",
					"goal_doctype_link": "name",
					"goal_field": "name",
					"date_field": "creation",
					"aggregation": "count",
				},
			),
			"13 run_doc_method": (
				M + "run_doc_method",
				{"dt": "Family", "dn": self.unseen, "method": "onload"},
			),
			"15 attachments of case records": (
				"/api/resource/File",
				{"filters": [["attached_to_doctype", "=", "Family"]], "fields": ["name", "attached_to_name"]},
			),
			"19 docinfo of an unseen record": (
				M + "frappe.desk.form.load.get_docinfo",
				{"doctype": "Member", "name": unseen_member},
			),
			"20 follow a record": (
				M + "frappe.desk.form.document_follow.follow_document",
				{"doctype": "Family", "doc_name": self.unseen, "user": self.people.users["police_a"]},
			),
			"22 tag links": (
				"/api/resource/Tag Link",
				{"filters": [["document_type", "=", "Family"]], "fields": ["document_name", "title"]},
			),
			"27 printing a forged document": (
				M + "frappe.www.printview.get_html_and_style",
				{"doc": json.dumps({"doctype": "Family", "name": self.unseen}), "print_format": "Standard"},
			),
			"30 counts in a DocType that is not the record's connection": (
				M + "frappe.desk.notifications.get_open_count",
				{"doctype": "Family", "name": self.seen, "items": ["Agency"]},
			),
			"31 data export": (
				M + "frappe.core.doctype.data_export.exporter.export_data",
				{
					"doctype": "Family",
					"parent_doctype": "Family",
					"with_data": 1,
					"all_doctypes": 1,
					"file_type": "CSV",
				},
			),
			"12 web list": ("/list", {"doctype": "Family"}),
			"version history by filter": (
				"/api/resource/Version",
				{"filters": [["ref_doctype", "=", "Member"]], "fields": ["docname", "data"]},
			),
			"comments by filter": (
				"/api/resource/Comment",
				{"filters": {"reference_doctype": "Family"}, "fields": ["reference_name", "content"]},
			),
		}
		for why, (path, params) in cases.items():
			with self.subTest(why):
				self.assert_refused(self.police.get(path, params), why)

	def test_connection_counts_leave_out_what_the_role_may_not_read(self):
		"""A police officer asks the family form's counts of Health Information: the answer has none
		(the counts are made of the DocTypes the role reads only; test_guard_regressions asks
		without naming them)."""
		response = self.police.get(
			M + "frappe.desk.notifications.get_open_count",
			{"doctype": "Family", "name": self.seen, "items": ["Health Information", "Member"]},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		counted = response.json["message"]["count"]
		names = {row["doctype"] for rows in counted.values() for row in rows}
		self.assertNotIn("Health Information", names)
		self.assertIn("Member", names)

	def test_get_count_counts_only_what_the_user_may_read(self):
		"""frappe.client.get_count counted the whole table for anyone; it now answers with the
		permission-checked count, so clients such as frappe-js-sdk's getCount keep working."""
		filters = {"family_name": ["like", f"Test Household % {RUN}"]}  # this run's a1, a2 and b1
		self.assertEqual(frappe.db.count("Family", filters), 3)
		response = self.police.get(M + "frappe.client.get_count", {"doctype": "Family", "filters": filters})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(response.json["message"], 1)  # a1, where police_a is allocated

	def test_a_forged_document_cannot_be_saved_or_acted_on(self):
		forged = json.dumps(
			{
				"doctype": "Member",
				"name": self.people.members.b1[0],
				"family": self.seen,
				"modified": "2000-01-01",
			}
		)
		self.assert_refused(
			self.police.post(M + "frappe.model.workflow.get_transitions", {"doc": forged}),
			"workflow on a forged doc",
		)
		self.assert_refused(
			self.police.post(M + "frappe.client.save", {"doc": forged}), "save of a forged doc"
		)

	def test_token_callers_are_guarded_too(self):
		user = frappe.get_doc("User", self.people.users["police_a"])
		api_key = user.api_key or frappe.generate_hash(length=15)
		api_secret = frappe.generate_hash(length=15)
		user.api_key, user.api_secret = api_key, api_secret
		user.save(ignore_permissions=True)
		frappe.db.commit()
		from frappe.app import application
		from werkzeug.test import Client

		session = HttpSession.__new__(HttpSession)
		session.site = frappe.local.site
		session.client = Client(application, use_cookies=False)
		headers = {"Authorization": f"token {api_key}:{api_secret}"}
		original = session._send

		def send(method, path, **kwargs):
			return original(method, path, headers=headers, **kwargs)

		response = send(
			"get",
			M + "frappe.desk.search.search_link",
			query_string={"doctype": "Family", "txt": "", "ignore_user_permissions": 1},
		)
		self.assert_refused(response, "token caller")
		response = send(
			"get",
			M + "frappe.desk.search.search_link",
			query_string={"doctype": "Family", "txt": "", "ignore_user_permissions": 0},
		)
		self.assertEqual(response.status_code, 200)


class TestAttachmentsOfCaseRecords(FrappeTestCase):
	"""A private attachment of a family the user may not see cannot be copied to get its contents."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		secret = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "court-bundle.txt",
				# this run's content: Frappe stores identical content once, at one address
				"content": f"COURT-BUNDLE-9Z: contents of a private attachment, run {RUN}".encode(),
				"is_private": 1,
				"attached_to_doctype": "Family",
				"attached_to_name": cls.people.families.b1,
			}
		).insert(ignore_permissions=True)
		cls.file = secret
		frappe.db.commit()
		cls.police = HttpSession(cls.people.users["police_a"])  # not allocated to b1
		cls.social_worker = HttpSession(cls.people.users["sw_b"])  # b1's lead social worker

	def test_copies_by_address_or_by_record_are_refused(self):
		todo = frappe.get_doc(
			{"doctype": "ToDo", "description": "mine", "allocated_to": self.people.users["police_a"]}
		)
		todo.insert(ignore_permissions=True)
		frappe.db.commit()
		for why, (path, data) in {
			"14c upload_file with another file's address": (
				M + "upload_file",
				{"file_url": self.file.file_url, "is_private": 1},
			),
			"14a add_attachments of another record's file": (
				M + "frappe.utils.file_manager.add_attachments",
				{"doctype": "ToDo", "name": todo.name, "attachments": json.dumps([self.file.name])},
			),
			"14b e-mail carrying another record's file": (
				M + "frappe.core.doctype.communication.email.make",
				{"subject": "x", "content": "x", "attachments": json.dumps([self.file.name])},
			),
		}.items():
			with self.subTest(why):
				response = self.police.post(path, data)
				self.assertEqual(response.status_code, 403, f"{why}: {response.get_data(as_text=True)[:300]}")
		self.assertFalse(
			frappe.db.exists("File", {"file_url": self.file.file_url, "owner": self.people.users["police_a"]})
		)
		download = self.police.get(self.file.file_url)
		self.assertNotIn("COURT-BUNDLE-9Z", download.get_data(as_text=True))

	def test_the_familys_own_workers_still_read_it(self):
		download = self.social_worker.get(self.file.file_url)
		self.assertEqual(download.status_code, 200)
		self.assertIn("COURT-BUNDLE-9Z", download.get_data(as_text=True))


class TestOtherListsFilteredByCaseRecords(FrappeTestCase):
	"""The method endpoints, like /api/resource, refuse another DocType's list filtered by a case
	DocType: attachments, versions and comments of families the user may not see."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": "unseen-family-note.txt",
				"content": b"note",
				"is_private": 1,
				"attached_to_doctype": "Family",
				"attached_to_name": cls.people.families.b1,
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		cls.police = HttpSession(cls.people.users["police_a"])

	def test_lists_of_attachments_versions_and_comments_are_refused(self):
		for doctype, filters in (
			("File", [["File", "attached_to_doctype", "=", "Family"]]),
			("Version", [["Version", "ref_doctype", "=", "Member"]]),
			("Comment", [["Comment", "reference_doctype", "=", "Family"]]),
		):
			for method in (
				"frappe.desk.reportview.get",
				"frappe.client.get_list",
				"frappe.desk.reportview.get_count",
			):
				with self.subTest(f"{method} {doctype}"):
					response = self.police.get(
						M + method, {"doctype": doctype, "filters": filters, "fields": ["name"]}
					)
					body = response.get_data(as_text=True)
					self.assertEqual(response.status_code, 403, body[:300])
					self.assertNotIn(self.people.families.b1, body)

	def test_link_fields_in_case_forms_still_search_other_doctypes(self):
		response = self.police.get(
			M + "frappe.desk.search.search_link",
			{
				"doctype": "Agency Worker",
				"txt": "",
				"reference_doctype": "Family",
				"ignore_user_permissions": 0,
			},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
