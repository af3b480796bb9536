# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from family_safeguarding.rules.dates import add_months
from family_safeguarding.tests.utils import as_user, assert_refused_and_nothing_saved, make_people


class TestGroupSupervision(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.family = cls.people.families.b1
		cls.child, cls.parent = cls.people.members.b1[1], cls.people.members.b1[0]

	def summary(self, start, end, worker_key="sw_b"):
		return frappe.get_doc(
			{
				"doctype": "Practitioner Summary",
				"family": self.family,
				"worker": self.people.workers[worker_key],
				"period_start": start,
				"period_end": end,
				"work_undertaken": "Home visits",
			}
		).insert()

	def supervision(self, meeting=None, **fields):
		values = {
			"doctype": "Group Supervision",
			"family": self.family,
			"meeting_date": meeting or add_days(today(), -1),
			"chair": self.people.workers["tm_b"],
			"risks": [{"member": self.child, "level": "Medium", "rationale": "Safety plan holding"}],
			"decisions": "Continue the plan.",
			"actions": [
				{
					"action": "Review the safety plan",
					"action_owner": self.people.workers["sw_b"],
					"due_date": today(),
				}
			],
			"recommendation": "No Change",
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_submitting_locks_the_periods_summaries_and_sets_the_next_supervision(self):
		meeting = getdate(add_days(today(), -1))
		covered = self.summary(meeting.replace(day=1), meeting)
		later = self.summary(add_days(meeting, 1), add_days(meeting, 20))
		with as_user(self.people.users["tm_b"]):
			supervision = self.supervision(meeting).insert()
			self.assertEqual([row.worker for row in supervision.attendees], [self.people.workers["sw_b"]])
			# the attendee's name, role and agency are stored with the row, as the grid shows them
			self.assertEqual(
				[(row.worker_name, row.specialism) for row in supervision.attendees],
				[("Sw B Tester", "Social Worker")],
			)
			supervision.submit()
		self.assertEqual(
			frappe.db.get_value("Practitioner Summary", covered.name, "locked_by"), supervision.name
		)
		self.assertIsNone(frappe.db.get_value("Practitioner Summary", later.name, "locked_by"))
		self.assertEqual(
			getdate(frappe.db.get_value("Family", self.family, "next_supervision_due")),
			add_months(meeting, 1),
		)

		# a later edit is refused with a clear message, for the worker and for the team manager
		for key in ("sw_b", "tm_b"):
			with as_user(self.people.users[key]):
				locked = frappe.get_doc("Practitioner Summary", covered.name)
				locked.worries = "an afterthought"
				assert_refused_and_nothing_saved(
					self, locked, "locked when the group supervision .* was submitted"
				)
		with as_user(self.people.users["sw_b"]), self.assertRaises(frappe.PermissionError):
			frappe.get_doc("Practitioner Summary", covered.name).delete()  # no FS role deletes
		with self.assertRaisesRegex(frappe.ValidationError, "locked"):
			frappe.get_doc(
				"Practitioner Summary", covered.name
			).delete()  # nor may a System Manager, once locked
		self.assertTrue(frappe.db.exists("Practitioner Summary", covered.name))

		# the submitted record itself is not edited: its decisions stand as the meeting made them
		with as_user(self.people.users["tm_b"]):
			submitted = frappe.get_doc("Group Supervision", supervision.name)
			decided = submitted.decisions
			submitted.decisions = "rewritten afterwards"
			with self.assertRaises(frappe.ValidationError):
				submitted.save()
		self.assertEqual(frappe.db.get_value("Group Supervision", supervision.name, "decisions"), decided)

		# cancelling the supervision unlocks them again
		with as_user(self.people.users["tm_b"]):
			frappe.get_doc("Group Supervision", supervision.name).cancel()
		self.assertIsNone(frappe.db.get_value("Practitioner Summary", covered.name, "locked_by"))

	def test_a_social_worker_prepares_but_does_not_submit(self):
		with as_user(self.people.users["sw_b"]):
			supervision = self.supervision().insert()
			with self.assertRaises(frappe.PermissionError):
				supervision.submit()
		self.assertEqual(frappe.db.get_value("Group Supervision", supervision.name, "docstatus"), 0)

	def test_every_child_needs_a_risk_judgement_before_submitting(self):
		supervision = self.supervision(risks=[]).insert()
		with self.assertRaisesRegex(frappe.ValidationError, "risk judgement for every child"):
			supervision.submit()
		self.assertEqual(frappe.db.get_value("Group Supervision", supervision.name, "docstatus"), 0)

	def test_a_risk_judgement_for_an_adult_or_another_familys_child_is_refused(self):
		assert_refused_and_nothing_saved(
			self,
			self.supervision(risks=[{"member": self.parent, "level": "Low", "rationale": "x"}]),
			"is an adult",
		)
		other = self.people.members.a1[1]
		assert_refused_and_nothing_saved(
			self,
			self.supervision(risks=[{"member": other, "level": "Low", "rationale": "x"}]),
			"not a member of this family",
		)

	def test_bad_dates_and_chairs_are_refused(self):
		assert_refused_and_nothing_saved(
			self, self.supervision(add_days(today(), 3)), "Meeting Date cannot be in the future"
		)
		assert_refused_and_nothing_saved(
			self,
			self.supervision(
				actions=[
					{
						"action": "x",
						"action_owner": self.people.workers["sw_b"],
						"due_date": add_days(today(), -30),
					}
				]
			),
			"Due Date is before the meeting",
		)
		assert_refused_and_nothing_saved(
			self, self.supervision(chair=self.people.workers["sw_b"]), "Chair must be a team manager"
		)
		assert_refused_and_nothing_saved(
			self, self.supervision(decisions=None), "decisions", frappe.MandatoryError
		)

	def test_a_worker_listed_twice_as_an_attendee_is_refused(self):
		worker = self.people.workers["sw_b"]
		twice = [{"worker": worker, "attended": 1}, {"worker": worker, "attended": 1}]
		assert_refused_and_nothing_saved(
			self, self.supervision(attendees=twice), "Attendees lists this worker twice"
		)
