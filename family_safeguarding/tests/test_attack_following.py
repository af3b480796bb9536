"""Following a case record: Frappe e-mails each follower a digest of a followed record's changes and
comments (hourly, daily or weekly), read past every permission, for as long as the follow lasts. A
worker whose allocation has ended would go on receiving a family's changes. So users inside the
protocol do not get these digests (protocol/following.py). Real users over HTTP."""

import frappe
from frappe.desk.form import document_follow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.protocol.following import keep_digests_off
from family_safeguarding.tests.builders import new_family, this_run
from family_safeguarding.tests.utils import TEAM_A, HttpSession, as_user, make_people

M = "/api/method/"
SECRET = "FOLLOW-SECRET-8R: moved to the refuge on Mill Lane"


class TestNoDigestsOfCaseRecords(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		cls.worker = cls.people.users["fw_a"]
		cls.family = new_family(
			this_run("Followed Household"),
			TEAM_A,
			cls.people.workers["sw_a1"],
			allocated=[cls.people.workers["fw_a"]],
			opened_on=add_days(today(), -30),
		)
		frappe.db.commit()

	def test_a_worker_whose_allocation_ends_gets_no_digest_of_the_family(self):
		session = HttpSession(self.worker)
		# the worker asks Frappe to follow what they comment on, and to send the digest hourly
		session.post(
			M + "frappe.client.set_value",
			{
				"doctype": "User",
				"name": self.worker,
				"fieldname": frappe.as_json(
					{
						"document_follow_notify": 1,
						"follow_commented_documents": 1,
						"document_follow_frequency": "Hourly",
					}
				),
			},
		)
		response = session.post(
			M + "frappe.desk.form.utils.add_comment",
			{
				"reference_doctype": "Family",
				"reference_name": self.family,
				"content": "Visited today",
				"comment_email": self.worker,
				"comment_by": "Family Worker",
			},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])

		# the allocation ends; the social worker then records something new about the family
		frappe.db.set_value(
			"Family Allocation",
			{"parent": self.family, "worker": self.people.workers["fw_a"]},
			"to_date",
			add_days(today(), -1),
		)
		with as_user(self.people.users["sw_a1"]):
			frappe.get_doc("Family", self.family).add_comment("Comment", SECRET)
		frappe.db.commit()
		self.assertFalse(frappe.has_permission("Family", "read", doc=self.family, user=self.worker))

		# what Frappe's hourly job would e-mail the worker
		message, followed = document_follow.get_message_for_user("Hourly", self.worker)
		self.assertNotIn(SECRET, frappe.as_json(message))
		self.assertNotIn(self.family, frappe.as_json(followed))
		self.assertNotIn(self.worker, document_follow.get_user_list("Hourly"))

	def test_the_setting_stays_off_for_users_inside_the_protocol_and_works_for_others(self):
		with as_user("Administrator"):
			user = frappe.get_doc("User", self.people.users["sw_a2"])
			user.document_follow_notify = 1
			user.save()
		self.assertEqual(frappe.db.get_value("User", user.name, "document_follow_notify"), 0)
		# a user outside the protocol keeps Frappe's feature (a user made here in memory: Frappe
		# throttles how many users a minute are made, and the test modules make many)
		outside = frappe.new_doc("User", email="follower@fs-test.example.org", document_follow_notify=1)
		keep_digests_off(outside)
		self.assertEqual(outside.document_follow_notify, 1)
		outside.append("roles", {"role": "FS Social Worker"})
		keep_digests_off(outside)
		self.assertEqual(outside.document_follow_notify, 0)
		frappe.db.rollback()
