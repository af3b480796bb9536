"""The audit, attacked: what a user inside the protocol can make it keep, or keep out of it.

- Markup in what they send (a method's name, a filter's field) was kept as it came and run as
  script in the browser of the System Manager who opened Recent Guard Refusals.
- A value too long for its column (the X-Forwarded-For address) made the database refuse the row,
  so the refusal was not kept.
- An answer that gave back a case record ID the request sent (a user setting) put a read of that
  record in the audit, though the user may not read it.
- A grouped list (group by, the list sidebar's counts) shows names and dates of birth of every
  record it counts, and was kept as no read at all.
- A file attached to an e-mail about a family was kept as no read of the family.

Real users over HTTP, through Frappe's own WSGI application (audit/record.py, audit/reads.py)."""

import io
import json
from urllib.parse import quote

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import now_datetime

from family_safeguarding.safeguarding_setup.report.recent_guard_refusals.recent_guard_refusals import (
	execute as recent_refusals,
)
from family_safeguarding.tests.utils import HttpSession, as_user, make_people, visible

M = "/api/method/"
READS = "Case Record Access"
MARKUP = "<img src=x onerror=alert(document.cookie)>"


def latest():
	frappe.db.commit()


class AttackFixture(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		cls.user = cls.people.users["sw_a1"]  # reads family a1 only
		cls.session = HttpSession(cls.user)

	def setUp(self):
		self.started = now_datetime()

	def reads(self, doctype: str, names=None) -> set[str]:
		latest()
		filters = {"user": self.user, "reference_doctype": doctype, "accessed_at": (">=", self.started)}
		if names is not None:
			filters["reference_name"] = ("in", list(names))
		return set(frappe.get_all(READS, filters=filters, pluck="reference_name"))

	def refusals(self) -> list[dict]:
		latest()
		return frappe.get_all(
			"Guard Refusal",
			filters={"user": self.user, "refused_at": (">=", self.started)},
			fields=["endpoint", "reason", "remote_address"],
		)


class TestWhatTheAuditKeeps(AttackFixture):
	def test_markup_sent_to_the_guard_is_kept_as_text(self):
		self.session.get(M + quote("x" + MARKUP))
		self.session.get(M + "frappe.client.get_list", {"doctype": "Note", "filters": {MARKUP: 1}})
		rows = self.refusals()
		self.assertEqual(len(rows), 2, rows)
		for row in rows:
			for text in row.values():
				self.assertNotIn("<", text or "")
		self.assertIn("&lt;img", rows[0].endpoint + rows[1].endpoint)
		# and as the System Manager's report shows it
		with_markup = [
			row
			for row in recent_refusals({"user": self.user})[1]
			if "&lt;img" in (row["endpoint"] + row["reason"])
		]
		self.assertEqual(len(with_markup), 2)
		self.assertNotIn("<img", json.dumps(recent_refusals({"user": self.user})[1], default=str))

	def test_a_refusal_is_kept_whatever_the_length_of_what_was_sent(self):
		self.session._send(
			"post",
			M + "frappe.share.add",
			data={"doctype": "Family", "name": self.people.families.b1, "user": self.user, "read": 1},
			headers={"X-Forwarded-For": "9" * 500},
		)
		response = self.session.post(
			M + "frappe.client.get_list", {"doctype": "Note", "filters": json.dumps({"-" * 70000: 1})}
		)
		self.assertEqual(response.status_code, 403)
		rows = self.refusals()
		self.assertEqual(len(rows), 2, f"a refusal was not kept: {rows}")
		self.assertIn("frappe.share.add", {row.endpoint for row in rows})

	def test_an_id_the_request_sent_is_no_read_of_a_record_the_user_may_not_read(self):
		unreadable, own = self.people.families.b1, self.people.families.a1
		response = self.session.post(
			M + "frappe.model.utils.user_settings.save",
			{"doctype": "Note", "user_settings": json.dumps({"note": f"{unreadable} {own}"})},
		)
		self.assertEqual(response.status_code, 200)
		self.assertIn(unreadable, response.get_data(as_text=True))  # given back, as Frappe does
		self.assertEqual(self.reads("Family", [unreadable]), set())
		# a link search for a record the user reads, by its ID, is a read of it
		response = self.session.get(M + "frappe.desk.search.search_link", {"doctype": "Family", "txt": own})
		self.assertIn(own, response.get_data(as_text=True))
		self.assertEqual(self.reads("Family", [own]), {own})

	def test_a_grouped_list_is_a_read_of_every_record_it_shows_values_of(self):
		family = self.people.families.a1
		members = set(frappe.get_all("Member", filters={"family": family}, pluck="name"))
		paths = {
			"group by": (
				"frappe.client.get_list",
				{
					"doctype": "Member",
					"fields": ["first_name", "date_of_birth", "count(name) as c"],
					"group_by": "first_name, date_of_birth",
				},
			),
			"aggregate beside a field": (
				"frappe.desk.reportview.get",
				{"doctype": "Member", "fields": ["count(name) as c", "first_name"]},
			),
			"sidebar group by": (
				"frappe.desk.listview.get_group_by_count",
				{
					"doctype": "Member",
					"field": "date_of_birth",
					"current_filters": [["Member", "family", "=", family]],
				},
			),
			"sidebar stats": (
				"frappe.desk.reportview.get_sidebar_stats",
				{"doctype": "Member", "stats": ["first_name"], "filters": []},
			),
		}
		every_member = visible("Member", self.user)
		for label, (method, args) in paths.items():
			with self.subTest(label):
				self.started = now_datetime()
				response = self.session.get(M + method, args)
				self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
				expected = members if label == "sidebar group by" else every_member
				self.assertEqual(self.reads("Member"), expected)
		# a count alone shows nothing of any record: no read
		self.started = now_datetime()
		self.session.get(M + "frappe.client.get_list", {"doctype": "Member", "fields": ["count(name) as c"]})
		self.assertEqual(self.reads("Member"), set())


class TestAttachmentsBehindAnEmail(AttackFixture):
	def test_a_file_of_an_email_about_a_family_is_a_read_of_the_family(self):
		family = self.people.families.a1
		email = frappe.get_doc(
			{
				"doctype": "Communication",
				"communication_type": "Communication",
				"communication_medium": "Email",
				"sent_or_received": "Received",
				"subject": "School report",
				"content": "Attached",
				"reference_doctype": "Family",
				"reference_name": family,
			}
		).insert(ignore_permissions=True)
		content = f"school report {frappe.generate_hash(length=12)}".encode()
		with as_user(self.user):  # Frappe serves a file to its owner, or to readers of its e-mail
			attachment = frappe.get_doc(
				{
					"doctype": "File",
					"file_name": f"report-{frappe.generate_hash(length=6)}.txt",
					"attached_to_doctype": "Communication",
					"attached_to_name": email.name,
					"is_private": 1,
					"content": content,
				}
			).insert(ignore_permissions=True)
		# the same content attached to a family the user may not read: Frappe stores it once
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"copy-{frappe.generate_hash(length=6)}.txt",
				"attached_to_doctype": "Family",
				"attached_to_name": self.people.families.b1,
				"is_private": 1,
				"content": content,
			}
		).insert(ignore_permissions=True)
		latest()
		response = self.session.get(attachment.file_url)
		self.assertEqual(response.status_code, 200)
		self.assertEqual(response.get_data(), content)
		self.assertEqual(self.reads("Family"), {family})


class TestAnUnauditedFileIsNotServed(AttackFixture):
	def test_nginx_is_not_told_to_send_the_file_when_the_audit_cannot_be_written(self):
		"""Behind nginx (the header Frappe's nginx configuration sends), Frappe answers a private
		file with X-Accel-Redirect, and nginx sends the file whatever the answer's status."""
		upload = self.session.post(
			M + "upload_file",
			{
				"doctype": "Family",
				"docname": self.people.families.a1,
				"is_private": "1",
				"file": (
					io.BytesIO(frappe.generate_hash().encode()),
					f"unaudited-{frappe.generate_hash(length=6)}.txt",
				),
			},
		)
		self.assertEqual(upload.status_code, 200, upload.get_data(as_text=True)[:300])
		file_url = upload.json["message"]["file_url"]
		table, aside = f"tab{READS}", f"tab{READS} aside"
		frappe.db.sql_ddl(f"rename table `{table}` to `{aside}`")
		try:
			response = self.session._send("get", file_url, headers={"X-Use-X-Accel-Redirect": "1"})
		finally:
			frappe.db.sql_ddl(f"rename table `{aside}` to `{table}`")
		self.assertEqual(response.status_code, 503)
		self.assertNotIn("X-Accel-Redirect", response.headers)
		self.assertNotIn("Content-Disposition", response.headers)
