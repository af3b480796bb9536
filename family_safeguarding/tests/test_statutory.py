"""The statutory workflows as real users: who may take each action, what each needs, the derived
dates and legal status, the daily job, and that practitioners never reach a PLO case."""

import frappe
from frappe.desk.form.load import getdoc
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, getdate, today

from family_safeguarding.statutory.overdue import describe
from family_safeguarding.tests.builders import new_member, new_user, new_worker
from family_safeguarding.tests.utils import (
	PASSWORD,
	RECOVERY,
	TEAM_B,
	HttpSession,
	as_user,
	email,
	make_people,
)

CATEGORY = "NEG - Neglect"


def act(user, doc, action):
	"""Take a workflow action as `user`, as the desk does: on the stored document."""
	with as_user(user):
		return apply_workflow(frappe.get_doc(doc.doctype, doc.name).as_dict(), action)


def stored_state(doc):
	return frappe.db.get_value(doc.doctype, doc.name, "workflow_state")


class StatutoryTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.u = cls.people.users
		cls.family = cls.people.families.a1

	def new_child(self, first_name):
		# a child of their own for each test
		return new_member(
			self.family,
			"Child",
			first_name + frappe.generate_hash(length=6),
			"Statutory",
			date_of_birth="2018-02-02",
		)

	def assert_refused(self, user, doc, action, message, exc=frappe.ValidationError):
		before = stored_state(doc)
		with self.assertRaisesRegex(exc, message):
			act(user, doc, action)
		self.assertEqual(stored_state(doc), before, f"{action} changed the state")


class TestChildProtectionWorkflow(StatutoryTestCase):
	def new_plan(self, child, **fields):
		with as_user(self.u.sw_a1):
			return frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": child,
					"strategy_discussion_date": add_days(today(), -20),
					**fields,
				}
			).insert()

	def test_a_plan_from_strategy_discussion_to_its_end(self):
		plan = self.new_plan(self.new_child("Journey"))
		self.assertEqual(plan.workflow_state, "Strategy Discussion")
		self.assertEqual(plan.family, self.family)
		self.assertEqual(
			getdate(plan.icpc_due),
			getdate(
				frappe.get_attr("family_safeguarding.timescales.icpc_due")(plan.strategy_discussion_date)
			),
		)

		act(self.u.sw_a1, plan, "Start Enquiry")
		self.assertEqual(stored_state(plan), "Section 47 Enquiry")

		self.assert_refused(self.u.sw_a1, plan, "Book Conference", "first record: Initial Conference Date")
		frappe.db.set_value("Child Protection Plan", plan.name, "icpc_date", add_days(today(), -2))
		act(self.u.sw_a1, plan, "Book Conference")
		self.assertEqual(stored_state(plan), "Conference Scheduled")

		# only the team manager starts a plan, and only with the conference's decision recorded
		self.assert_refused(
			self.u.sw_a1,
			plan,
			"Start Plan",
			"Not a valid Workflow Action|not allowed",
			frappe.ValidationError,
		)
		self.assert_refused(self.u.police_a, plan, "Start Plan", "", frappe.ValidationError)
		self.assert_refused(
			self.u.tm_a, plan, "Start Plan", "first record: Initial Category of Abuse, Plan Start"
		)
		frappe.db.set_value(
			"Child Protection Plan",
			plan.name,
			{"initial_category": CATEGORY, "plan_start": add_days(today(), -2)},
		)
		act(self.u.tm_a, plan, "Start Plan")
		plan.reload()
		self.assertEqual(plan.workflow_state, "Active Plan")
		self.assertEqual(plan.latest_category, CATEGORY)
		self.assertIsNotNone(plan.first_core_group_due)
		self.assertIsNotNone(plan.next_review_due)
		self.assertEqual(frappe.db.get_value("Family", self.family, "legal_status"), "Child Protection")

		self.assert_refused(self.u.tm_a, plan, "End Plan", "first record: Plan End, End Reason")
		frappe.db.set_value(
			"Child Protection Plan",
			plan.name,
			{"plan_end": today(), "end_reason": "Moved to another local authority"},
		)
		self.assert_refused(self.u.sw_a1, plan, "End Plan", "Not a valid Workflow Action|not allowed")
		act(self.u.tm_a, plan, "End Plan")
		self.assertEqual(stored_state(plan), "Plan Ended")

		# the child's next episode counts the ended one
		again = self.new_plan(plan.member)
		self.assertEqual(again.previous_plans, 1)

	def test_no_further_action_needs_a_reason(self):
		plan = self.new_plan(self.new_child("Nfa"))
		act(self.u.sw_a1, plan, "Start Enquiry")
		self.assert_refused(self.u.sw_a1, plan, "No Further Action", "first record: Reason for No Plan")
		frappe.db.set_value(
			"Child Protection Plan", plan.name, "no_plan_reason", "Concerns not substantiated"
		)
		act(self.u.sw_a1, plan, "No Further Action")
		self.assertEqual(stored_state(plan), "Closed - No Plan")

	def test_a_plan_is_for_a_child_and_one_open_episode_at_a_time(self):
		with self.assertRaisesRegex(frappe.ValidationError, "is for a child or an unborn child"):
			self.new_plan(self.people.members.a1[0])  # a parent
		child = self.new_child("Twice")
		self.new_plan(child)
		with self.assertRaisesRegex(frappe.ValidationError, "already has an open child protection episode"):
			self.new_plan(child)

	def test_writing_the_state_directly_is_refused(self):
		plan = self.new_plan(self.new_child("Direct"))
		with as_user(self.u.sw_a1):
			doc = frappe.get_doc("Child Protection Plan", plan.name)
			doc.update(
				{
					"workflow_state": "Active Plan",
					"icpc_date": add_days(today(), -1),
					"initial_category": CATEGORY,
					"plan_start": today(),
				}
			)
			with self.assertRaises(frappe.ValidationError):
				doc.save()
		self.assertEqual(stored_state(plan), "Strategy Discussion")


class TestDailyJob(StatutoryTestCase):
	"""On its own: the daily job commits, as the scheduler's job does."""

	def test_the_daily_job_flags_overdue_items_and_notifies_once(self):
		from family_safeguarding.statutory.daily import run_daily

		with as_user(self.u.sw_a1):
			plan = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": self.new_child("Overdue"),
					"strategy_discussion_date": add_days(today(), -40),
				}
			).insert()
		frappe.db.commit()

		def notifications():
			return frappe.db.count(
				"Notification Log",
				{"document_name": plan.name, "for_user": ("in", [self.u.sw_a1, self.u.tm_a])},
			)

		run_daily()
		self.assertEqual(frappe.db.get_value("Child Protection Plan", plan.name, "is_overdue"), 1)
		# stored as a code and a due date, in no one's language; described where it is shown
		stored = frappe.db.get_value("Child Protection Plan", plan.name, "overdue_items")
		self.assertTrue(stored.startswith("icpc|"), stored)
		self.assertIn("Initial child protection conference", describe(stored)[0])
		self.assertEqual(notifications(), 2)  # the lead social worker and the team manager
		for subject in frappe.get_all("Notification Log", {"document_name": plan.name}, pluck="subject"):
			self.assertIn("Overdue: Initial child protection conference", subject)
		run_daily()
		self.assertEqual(notifications(), 2)
		frappe.delete_doc("Child Protection Plan", plan.name, force=True)
		frappe.db.delete("Notification Log", {"document_name": plan.name})
		frappe.db.commit()


class TestPublicLawOutline(StatutoryTestCase):
	def new_case(self):
		with as_user(self.u.sw_a1):
			return frappe.get_doc(
				{
					"doctype": "PLO Case",
					"family": self.family,
					"legal_gateway_date": add_days(today(), -60),
					"children": [{"member": self.people.members.a1[1]}],
				}
			).insert()

	def test_pre_proceedings_then_proceedings_by_the_team_manager_only(self):
		case = self.new_case()
		self.assertEqual(case.workflow_state, "Legal Gateway")
		self.assert_refused(
			self.u.sw_a1, case, "Enter Pre-Proceedings", "Not a valid Workflow Action|not allowed"
		)
		self.assert_refused(
			self.u.tm_a,
			case,
			"Enter Pre-Proceedings",
			"first record: Gateway Decision, Letter Before Proceedings",
		)
		frappe.db.set_value(
			"PLO Case",
			case.name,
			{
				"gateway_decision": "Enter Pre-Proceedings",
				"letter_before_proceedings": add_days(today(), -50),
			},
		)
		act(self.u.tm_a, case, "Enter Pre-Proceedings")
		case.reload()
		self.assertEqual(case.workflow_state, "Pre-Proceedings")
		self.assertEqual(getdate(case.target_end), getdate(add_days(today(), -50 + 16 * 7)))
		self.assertEqual(case.weeks_in_pre_proceedings, 7)
		self.assertEqual(frappe.db.get_value("Family", self.family, "legal_status"), "Pre-Proceedings")

		self.assert_refused(
			self.u.tm_a, case, "Issue Proceedings", "first record: Proceedings Issued On, Court"
		)
		frappe.db.set_value(
			"PLO Case", case.name, {"issue_date": add_days(today(), -10), "court": "Hartshire Family Court"}
		)
		act(self.u.tm_a, case, "Issue Proceedings")
		case.reload()
		self.assertEqual(getdate(case.week_26_date), getdate(add_days(today(), -10 + 26 * 7 - 1)))
		self.assertEqual(frappe.db.get_value("Family", self.family, "legal_status"), "Care Proceedings")
		frappe.db.set_value("PLO Case", case.name, "concluded_on", today())
		self.assert_refused(self.u.tm_a, case, "Conclude", "first record: Final Order")

	def test_practitioners_never_reach_a_plo_case(self):
		case = self.new_case()
		frappe.db.commit()
		try:
			for key in ("police_a", "fw_a", "mh_alloc"):
				user = self.u[key]
				with as_user(user), self.assertRaises(frappe.PermissionError):
					getdoc("PLO Case", case.name)
				with as_user(user), self.assertRaises(frappe.PermissionError):
					frappe.get_list("PLO Case")
				session = HttpSession(user)
				self.assertEqual(session.get(f"/api/resource/PLO Case/{case.name}").status_code, 403)
				self.assertIsNone(session.resource_names("PLO Case"))
				search = session.get(
					"/api/method/frappe.desk.search.search_link", {"doctype": "PLO Case", "txt": ""}
				)
				self.assertNotIn(case.name, search.get_data(as_text=True))
		finally:
			frappe.delete_doc("PLO Case", case.name, force=True)
			frappe.db.commit()


class TestReferralWorkflow(StatutoryTestCase):
	def new_referral(self, **fields):
		with as_user(self.u.sw_a1):
			return frappe.get_doc(
				{
					"doctype": "Referral",
					"family": self.family,
					"to_agency": RECOVERY,
					"reason": "Parental Alcohol Misuse",
					"consent": "Given",
					**fields,
				}
			).insert()

	def test_sent_only_with_consent_or_an_override_then_answered_by_the_receiving_agency(self):
		referral = self.new_referral()
		self.assert_refused(self.u.sw_a1, referral, "Send", "record the Consent Date")
		frappe.db.set_value("Referral", referral.name, {"consent": "Not Sought - Safeguarding Override"})
		self.assert_refused(self.u.sw_a1, referral, "Send", "Safeguarding Override Reason")
		frappe.db.set_value(
			"Referral", referral.name, {"override_reason": "Risk of harm if the father is told"}
		)
		act(self.u.sw_a1, referral, "Send")
		self.assertEqual(str(frappe.db.get_value("Referral", referral.name, "sent_on")), today())

		# a worker of another agency may not accept it; the receiving agency's worker may
		self.assert_refused(self.u.police_a, referral, "Accept", "Only a worker of", frappe.PermissionError)
		self.assert_refused(self.u.recovery_a, referral, "Decline", "first record: Decline Reason")
		act(self.u.recovery_a, referral, "Accept")
		self.assertEqual(stored_state(referral), "Accepted")
		self.assert_refused(
			self.u.recovery_a, referral, "Record First Appointment", "first record: First Appointment On"
		)

	def test_the_receiving_agency_sees_a_referral_once_it_is_sent(self):
		outside = new_user(email("recovery_other"), "Recovery", "Elsewhere", PASSWORD)
		new_worker(outside, RECOVERY, TEAM_B, "Recovery Worker")  # not allocated to the family
		referral = self.new_referral(consent_date=today())
		with as_user(outside):
			self.assertNotIn(referral.name, frappe.get_list("Referral", pluck="name"))
		act(self.u.sw_a1, referral, "Send")
		with as_user(outside):
			self.assertIn(referral.name, frappe.get_list("Referral", pluck="name"))
			getdoc("Referral", referral.name)
			with self.assertRaises(frappe.PermissionError):
				getdoc("Family", self.family)  # the referral, not the family

	def test_a_referral_to_an_inactive_agency_is_refused(self):
		frappe.db.set_value("Agency", RECOVERY, "is_active", 0)
		try:
			with self.assertRaisesRegex(frappe.ValidationError, "is not active"):
				self.new_referral()
		finally:
			frappe.db.set_value("Agency", RECOVERY, "is_active", 1)


class TestWorkflowSetup(FrappeTestCase):
	def test_an_administrators_change_to_a_workflow_survives_migrate(self):
		from family_safeguarding.setup.install import after_migrate

		workflow = frappe.get_doc("Workflow", "Referral")
		kept = [
			t
			for t in workflow.transitions
			if not (t.action == "Withdraw" and t.allowed == "FS Family Worker")
		]
		self.assertLess(len(kept), len(workflow.transitions))
		workflow.transitions = kept
		workflow.save()
		after_migrate()
		transitions = frappe.get_doc("Workflow", "Referral").transitions
		self.assertEqual(len(transitions), len(kept))
		self.assertFalse(
			[t for t in transitions if t.action == "Withdraw" and t.allowed == "FS Family Worker"]
		)

	def test_manager_only_actions_do_not_allow_self_approval(self):
		manager_only = ("Start Plan", "No Plan", "End Plan")
		rows = [
			row
			for row in frappe.get_doc("Workflow", "Child Protection").transitions
			if row.action in manager_only
		]
		self.assertEqual({row.action for row in rows}, set(manager_only))  # none missing, none renamed
		for row in rows:
			self.assertEqual(row.allowed, "FS Team Manager")
			self.assertEqual(row.allow_self_approval, 0)


class TestEveryRoleIsOfferedExactlyItsActions(StatutoryTestCase):
	"""Derived from the workflow table (rules/workflows.py), through Frappe's own get_transitions."""

	USERS = ("sw_a1", "tm_a", "police_a", "recovery_a", "fw_a")

	def test_each_state_offers_each_role_the_actions_of_the_table_and_no_other(self):
		from frappe.model.workflow import get_transitions

		from family_safeguarding.rules.workflows import WORKFLOWS

		samples = {
			"Child Protection Plan": lambda: frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": self.new_child("Offered"),
					"strategy_discussion_date": today(),
				}
			).insert(),
			"PLO Case": lambda: frappe.get_doc(
				{"doctype": "PLO Case", "family": self.family, "legal_gateway_date": today()}
			).insert(),
			"Referral": lambda: frappe.get_doc(
				{
					"doctype": "Referral",
					"family": self.family,
					"to_agency": RECOVERY,
					"reason": "Other",
					"consent": "Given",
					"consent_date": today(),
				}
			).insert(),
		}
		checked = {}
		for _workflow, (doctype, states, transitions) in WORKFLOWS.items():
			doc = samples[doctype]()
			for state, _style in states:
				frappe.db.set_value(doctype, doc.name, "workflow_state", state)
				for key in self.USERS:
					user = self.u[key]
					if not frappe.has_permission(
						doctype, "read", frappe.get_doc(doctype, doc.name), user=user
					):
						continue
					with as_user(user):
						roles = set(frappe.get_roles(user))
						offered = {t.action for t in get_transitions(frappe.get_doc(doctype, doc.name))}
					expected = {
						action
						for s, action, _to, allowed, _self in transitions
						if s == state and roles & set(allowed)
					}
					self.assertEqual(offered, expected, f"{doctype} in {state} for {key}")
					checked.setdefault(doctype, set()).add(key)
		# never vacuous: each workflow was checked for the case workers, and the case-less roles
		self.assertEqual(checked["PLO Case"], {"sw_a1", "tm_a"})
		self.assertEqual(checked["Child Protection Plan"], set(self.USERS))
		self.assertEqual(checked["Referral"], set(self.USERS))


class TestTheOtherTransitions(StatutoryTestCase):
	def test_a_conference_that_decides_no_plan(self):
		with as_user(self.u.sw_a1):
			plan = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": self.new_child("NoPlan"),
					"strategy_discussion_date": add_days(today(), -20),
				}
			).insert()
		act(self.u.sw_a1, plan, "Start Enquiry")
		frappe.db.set_value("Child Protection Plan", plan.name, "icpc_date", add_days(today(), -1))
		act(self.u.sw_a1, plan, "Book Conference")
		self.assert_refused(self.u.tm_a, plan, "No Plan", "first record: Reason for No Plan")
		frappe.db.set_value(
			"Child Protection Plan", plan.name, "no_plan_reason", "Conference decided a child in need plan"
		)
		act(self.u.tm_a, plan, "No Plan")
		self.assertEqual(stored_state(plan), "Closed - No Plan")

	def test_stepping_down_concluding_and_no_further_legal_action(self):
		with as_user(self.u.sw_b):
			case = frappe.get_doc(
				{
					"doctype": "PLO Case",
					"family": self.people.families.b1,
					"legal_gateway_date": add_days(today(), -30),
				}
			).insert()
		frappe.db.set_value(
			"PLO Case",
			case.name,
			{
				"gateway_decision": "Enter Pre-Proceedings",
				"letter_before_proceedings": add_days(today(), -20),
			},
		)
		act(self.u.tm_b, case, "Enter Pre-Proceedings")
		self.assert_refused(self.u.tm_b, case, "Step Down", "first record: Stepped Down On")
		frappe.db.set_value("PLO Case", case.name, "stepped_down_on", today())
		act(self.u.tm_b, case, "Step Down")
		self.assertEqual(stored_state(case), "Stepped Down")

		with as_user(self.u.sw_b):
			urgent = frappe.get_doc(
				{
					"doctype": "PLO Case",
					"family": self.people.families.b1,
					"legal_gateway_date": add_days(today(), -30),
				}
			).insert()
		frappe.db.set_value(
			"PLO Case", urgent.name, {"issue_date": add_days(today(), -5), "court": "Hartshire Family Court"}
		)
		act(self.u.tm_b, urgent, "Issue Proceedings")
		frappe.db.set_value(
			"PLO Case", urgent.name, {"concluded_on": today(), "final_order": "Supervision Order"}
		)
		act(self.u.tm_b, urgent, "Conclude")
		self.assertEqual(stored_state(urgent), "Concluded")

		with as_user(self.u.sw_b):
			dropped = frappe.get_doc(
				{
					"doctype": "PLO Case",
					"family": self.people.families.b1,
					"legal_gateway_date": add_days(today(), -3),
				}
			).insert()
		frappe.db.set_value("PLO Case", dropped.name, "concluded_on", today())
		self.assert_refused(self.u.tm_b, dropped, "No Further Legal Action", "first record: Gateway Decision")
		frappe.db.set_value("PLO Case", dropped.name, "gateway_decision", "No Further Legal Action")
		act(self.u.tm_b, dropped, "No Further Legal Action")
		self.assertEqual(stored_state(dropped), "Concluded")

	def test_declined_engaged_closed_and_withdrawn_referrals(self):
		def referral():
			with as_user(self.u.sw_a1):
				doc = frappe.get_doc(
					{
						"doctype": "Referral",
						"family": self.family,
						"to_agency": RECOVERY,
						"reason": "Other",
						"consent": "Given",
						"consent_date": today(),
					}
				).insert()
			act(self.u.sw_a1, doc, "Send")
			return doc

		declined = referral()
		frappe.db.set_value("Referral", declined.name, "decline_reason", "Eligibility threshold not met")
		act(self.u.recovery_a, declined, "Decline")
		self.assertEqual(stored_state(declined), "Declined")
		self.assertEqual(str(frappe.db.get_value("Referral", declined.name, "responded_on")), today())

		engaged = referral()
		act(self.u.recovery_a, engaged, "Accept")
		frappe.db.set_value("Referral", engaged.name, "first_appointment_on", today())
		act(self.u.recovery_a, engaged, "Record First Appointment")
		self.assertEqual(frappe.db.get_value("Referral", engaged.name, "waiting_days"), 0)
		act(self.u.recovery_a, engaged, "Close")
		self.assertEqual(stored_state(engaged), "Closed")

		withdrawn = referral()
		act(self.u.sw_a1, withdrawn, "Withdraw")
		self.assertEqual(stored_state(withdrawn), "Withdrawn")

	def test_practitioners_read_child_protection_plans_but_do_not_change_them(self):
		with as_user(self.u.sw_a1):
			plan = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": self.new_child("Read"),
					"strategy_discussion_date": today(),
				}
			).insert()
		with as_user(self.u.police_a):
			getdoc("Child Protection Plan", plan.name)
			doc = frappe.get_doc("Child Protection Plan", plan.name)
			doc.last_visit = today()
			with self.assertRaises(frappe.PermissionError):
				doc.save()
