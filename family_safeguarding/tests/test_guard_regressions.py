"""Ways through the request guard found by trying it as an attacker, one test per class.

Each request here went through the guard as it was when it checked only requests that named a
case DocType, with its own reading of the arguments: each test fails on that guard."""

import json
import os
import re

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

	def assert_no_title(self, response, *titles):
		"""get_link_title answers for a record the user may not read as for one that does not
		exist: no title, and no error on every form that links to it."""
		body = response.get_data(as_text=True)
		self.assertEqual(response.status_code, 200, body[:300])
		self.assertIsNone(response.json.get("message"), body[:300])
		for title in titles:
			self.assertNotIn(title, body)

	def test_3_a_decoy_argument(self):
		"""get_link_title reads `docname`; a `name` beside it decides nothing."""
		self.assert_no_title(
			self.police.get(
				M + "frappe.desk.search.get_link_title",
				{"doctype": "Family", "docname": self.family, "name": "zz"},
			),
			self.family_name,
		)
		# Frappe runs the `cmd` form parameter before the method in the path: so does the guard
		self.assert_no_title(
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
			self.assert_no_title(
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

	def test_every_refusal_is_logged(self):
		"""Frappe's loggers keep only errors outside its development server; a refusal is a
		warning and must be kept all the same."""
		path = frappe.get_site_path("logs", "family_safeguarding.guard.log")
		before = os.path.getsize(path) if os.path.exists(path) else 0
		self.assert_refused(self.police.get(M + "frappe.core.doctype.user.user.get_all_roles", {}))
		with open(path) as log:
			log.seek(before)
			written = log.read()
		self.assertIn(self.people.users["police_a"], written)
		self.assertIn("frappe.core.doctype.user.user.get_all_roles is not on the allowlist", written)

	def test_an_endpoint_that_runs_another_method(self):
		"""upload_file runs whatever whitelisted function `method` names: past the allowlist."""
		response = self.police.post(
			M + "upload_file", {"method": "frappe.core.doctype.user.user.get_all_roles"}
		)
		self.assert_refused(response, "FS Administrator")

	def test_connection_counts_only_of_what_the_role_reads(self):
		"""The form's counts of a family's records, without `items`, counted Health Information for
		a recovery worker and every workbook record for Business Support."""
		family = self.people.families.a1
		frappe.set_user("Administrator")
		if not frappe.db.exists("Health Information", {"family": family}):
			frappe.get_doc(
				{
					"doctype": "Health Information",
					"family": family,
					"author": self.people.workers["mh_alloc"],
					"source": "GP",
					"information": "counted",
				}
			).insert(ignore_permissions=True)
			frappe.db.commit()
		for key in ("recovery_a", "bs_a"):
			session = HttpSession(self.people.users[key])
			response = session.get(
				M + "frappe.desk.notifications.get_open_count", {"doctype": "Family", "name": family}
			)
			self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
			counted = {row["doctype"] for row in response.json["message"]["count"]["external_links_found"]}
			self.assertNotIn("Health Information", counted, key)
			if key == "bs_a":
				self.assertFalse(
					counted - {"Member"}, f"Business Support reads families and members only: {counted}"
				)

	def test_the_receiving_agency_adds_nothing_to_the_referral(self):
		for method, params in (
			("frappe.desk.doctype.tag.tag.add_tag", {"tag": "probe", "dt": "Referral", "dn": self.referral}),
			(
				"frappe.desk.form.utils.add_comment",
				{
					"reference_doctype": "Referral",
					"reference_name": self.referral,
					"content": "probe",
					"comment_email": self.people.users["recovery_a"],
					"comment_by": "Recovery",
				},
			),
			(
				"frappe.desk.form.assign_to.add",
				{
					"doctype": "Referral",
					"name": self.referral,
					"assign_to": json.dumps([self.people.users["recovery_a"]]),
				},
			),
			("frappe.desk.like.toggle_like", {"doctype": "Referral", "name": self.referral, "add": "Yes"}),
		):
			with self.subTest(method):
				self.assert_refused(self.receiver.post(M + method, params), self.family_name)
		self.assertFalse(frappe.db.exists("Comment", {"reference_name": self.referral, "content": "probe"}))
		self.assertFalse(frappe.db.exists("Tag Link", {"document_name": self.referral}))

	def test_get_next_places_no_record_the_user_may_not_read(self):
		"""get_next read the named record's sort field without a check: an ordering oracle."""
		self.assert_refused(
			self.police.get(
				M + "frappe.desk.form.utils.get_next",
				{
					"doctype": "Family",
					"value": self.family,
					"prev": 0,
					"sort_field": "family_name",
					"sort_order": "asc",
				},
			)
		)
		self.assert_refused(
			self.police.get(
				M + "frappe.desk.form.utils.get_next",
				{
					"doctype": "Family",
					"value": self.people.families.a1,
					"prev": 0,
					"sort_field": "(select 1)",
				},
			)
		)

	def test_no_existence_test_by_link_title(self):
		answers = {
			self.police.get(
				M + "frappe.desk.search.get_link_title", {"doctype": "Family", "docname": name}
			).get_data(as_text=True)
			for name in (self.family, "FAM-NO-SUCH-FAMILY")
		}
		self.assertEqual(answers, {"{}"})

	def test_no_existence_test(self):
		"""A record that does not exist is refused like one the user may not read."""
		for path, template in (
			(M + "frappe.desk.form.load.getdoc", {"doctype": "Family", "name": "{}"}),
			(M + "frappe.client.get_value", {"doctype": "Family", "filters": "{}", "fieldname": "name"}),
			("/api/resource/Family/{}", {}),
			("/api/v2/document/Family/{}", {}),
		):
			answers = set()
			for name in (self.family, "FAM-NO-SUCH-FAMILY"):
				params = {k: (name if v == "{}" else v) for k, v in template.items()}
				response = self.police.get(path.replace("{}", name), params)
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
				self.assertNotIn('"exc"', response.get_data(as_text=True), "a traceback went back")
				body = response.get_data(as_text=True).replace(name, "NAME")
				answers.add(re.sub(r"__frappe_exc_id[^,}]*", "", body))  # a new id for every error
			self.assertEqual(
				len(answers), 1, f"{path} tells an existing record from a missing one: {answers}"
			)

	def test_no_existence_test_by_filters_or_a_document_sent(self):
		"""Found by an attacker's pass: frappe.client.get by filters loaded the first match, readable
		or not, and refused it by name (so letter by letter a name could be read); a document sent
		for a workflow's transitions or to be saved was refused one way when stored and another when
		not."""
		for method, template in (
			("frappe.client.get", {"doctype": "Family", "filters": json.dumps({"name": "{}"})}),
			(
				"frappe.client.get",
				{"doctype": "Member", "filters": json.dumps({"family": "{}", "first_name": ["like", "%"]})},
			),
			(
				"frappe.model.workflow.get_transitions",
				{"doc": json.dumps({"doctype": "Family", "name": "{}"})},
			),
			(
				"frappe.client.save",
				{"doc": json.dumps({"doctype": "Family", "name": "{}", "family_name": "Renamed"})},
			),
			(
				"frappe.client.insert",
				{"doc": json.dumps({"doctype": "Family", "name": "{}", "family_name": "Chosen name"})},
			),
		):
			with self.subTest(method):
				answers = set()
				for name in (self.family, "FAM-NO-SUCH-FAMILY"):
					data = {k: v.replace("{}", name) for k, v in template.items()}
					response = self.police.post(M + method, data)
					body = response.get_data(as_text=True)
					self.assertEqual(response.status_code, 403, body[:300])
					body = body.replace(name, "NAME")
					answers.add(re.sub(r"__frappe_exc_id[^,}]*", "", body))
				self.assertEqual(
					len(answers), 1, f"{method} tells an existing record from a missing one: {answers}"
				)


class TestSecondRound(FrappeTestCase):
	"""Ways through found by a second attacker, once the first round's were closed."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.unseen_member = cls.people.members.b1[0]
		cls.member_name = frappe.db.get_value("Member", cls.unseen_member, "full_name")
		cls.sw = HttpSession(cls.people.users["sw_a1"])

	def refused(self, response, *unreadable):
		body = response.get_data(as_text=True)
		self.assertIn(response.status_code, (403, 417), body[:300])
		for text in unreadable:
			self.assertNotIn(text, body)
		return body

	def test_sql_inside_a_json_argument(self):
		"""A number card's fields came from the card sent in the request, into the query."""
		card = {
			"function": "Maximum",
			"document_type": "Agency Worker",
			"aggregate_function_based_on": "(select count(*) from `tabHealth Information`)*1",
		}
		body = self.refused(
			self.sw.post(
				M + "frappe.desk.doctype.number_card.number_card.get_result",
				{"doc": json.dumps(card), "filters": "[]"},
			)
		)
		self.assertIn("not on the allowlist", body)

	def test_a_doctype_argument_names_a_doctype_exactly(self):
		"""add_tag pastes `dt` into its UPDATE (CVE-2025-52048)."""
		for dt in ("ToDo`", "family", "Family "):
			with self.subTest(dt=dt):
				body = self.refused(
					self.sw.post(
						M + "frappe.desk.doctype.tag.tag.add_tag", {"tag": "probe", "dt": dt, "dn": "x"}
					)
				)
				self.assertIn("must name a DocType", body)
		# and what reaches the database is never shown back: Frappe's debug messages carry the query
		response = self.sw.get(
			M + "frappe.desk.reportview.get",
			{"doctype": "Agency", "fields": ["name"], "order_by": "name desc desc"},
		)
		self.assertEqual(
			response.json.get("exc_type"), "ProgrammingError", response.get_data(as_text=True)[:300]
		)
		self.assertNotIn("_debug_messages", response.get_data(as_text=True))

	def test_a_link_to_a_record_the_user_may_not_read_is_not_found(self):
		"""A Contact's links copied the linked member's name into the answer."""
		answers = set()
		for member in (self.unseen_member, "MEM-NO-SUCH-MEMBER"):
			contact = {
				"doctype": "Contact",
				"first_name": "Probe",
				"links": [{"link_doctype": "Member", "link_name": member}],
			}
			body = self.refused(
				self.sw.post(M + "frappe.client.insert", {"doc": json.dumps(contact)}), self.member_name
			)
			answers.add(re.sub(r"__frappe_exc_id[^,}]*", "", body.replace(member, "NAME")))
		self.assertEqual(len(answers), 1, f"a missing member is told from an unreadable one: {answers}")
		self.assertFalse(frappe.db.exists("Contact", {"first_name": "Probe"}))

	def test_rows_of_other_doctypes_that_link_to_a_case_record_follow_its_rule(self):
		frappe.set_user("Administrator")
		contact = frappe.get_doc(
			{
				"doctype": "Contact",
				"first_name": "Linked",
				"links": [{"link_doctype": "Member", "link_name": self.unseen_member}],
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		try:
			response = self.sw.get(
				"/api/resource/Dynamic Link",
				{
					"parent": "Contact",
					"fields": ["parent", "link_name", "link_title"],
					"limit_page_length": 0,
				},
			)
			body = response.get_data(as_text=True)
			self.assertNotIn(self.member_name, body)
			self.assertNotIn(self.unseen_member, body)
		finally:
			contact.delete(ignore_permissions=True)
			frappe.db.commit()

	def test_only_the_apps_reports_are_run(self):
		"""A report of Frappe's or another app's runs its own queries past the rule."""
		body = self.refused(
			self.sw.get(M + "frappe.desk.query_report.run", {"report_name": "Permitted Documents For User"})
		)
		self.assertIn("Family Safeguarding reports only", body)
		response = self.sw.get(M + "frappe.desk.query_report.run", {"report_name": "Caseload"})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])

	def test_search_runs_no_query_off_its_list(self):
		body = self.refused(
			self.sw.get(
				M + "frappe.desk.search.search_link",
				{
					"doctype": "Contact",
					"txt": "",
					"query": "frappe.contacts.doctype.contact.contact.contact_query",
				},
			)
		)
		self.assertIn("search query", body)

	def test_comments_in_ones_own_name_mentioning_readers_only(self):
		family = self.people.families.a1
		outsider = self.people.users["sw_b"]  # team B: may not read family a1
		mention = f'<span class="mention" data-id="{outsider}">@Outsider</span> see this'
		self.refused(
			self.sw.post(
				M + "frappe.desk.form.utils.add_comment",
				{
					"reference_doctype": "Family",
					"reference_name": family,
					"content": mention,
					"comment_email": self.people.users["sw_a1"],
					"comment_by": "Sw A1",
				},
			)
		)
		self.refused(
			self.sw.post(
				M + "frappe.desk.form.utils.add_comment",
				{
					"reference_doctype": "Family",
					"reference_name": family,
					"content": "in someone else's name",
					"comment_email": self.people.users["tm_a"],
					"comment_by": "Tm A",
				},
			)
		)
		# and wherever a notification comes from, none about the family reaches the outsider
		frappe.set_user("Administrator")
		with self.assertRaises(frappe.PermissionError):
			frappe.get_doc(
				{
					"doctype": "Notification Log",
					"for_user": outsider,
					"subject": "about a family",
					"document_type": "Family",
					"document_name": family,
					"type": "Mention",
				}
			).insert(ignore_permissions=True)

	def test_only_ones_own_notifications_are_marked_read(self):
		frappe.set_user("Administrator")
		log = frappe.get_doc(
			{
				"doctype": "Notification Log",
				"for_user": self.people.users["tm_a"],
				"subject": "yours",
				"type": "Alert",
			}
		).insert(ignore_permissions=True)
		frappe.db.commit()
		self.refused(
			self.sw.post(
				M + "frappe.desk.doctype.notification_log.notification_log.mark_as_read",
				{"docname": log.name},
			)
		)
		self.assertEqual(frappe.db.get_value("Notification Log", log.name, "read"), 0)
