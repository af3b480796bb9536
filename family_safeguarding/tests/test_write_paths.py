"""The write paths of the protocol (protocol/writes.py), each attacked as it was found: as a real
user over HTTP (`frappe.client.set_value`, `save`, `insert`, `savedocs`), and the same write in
the process, so that the refusal is the document hook's whatever the request guard does. Each
test checks that the refusal names no one the user may not read, that nothing was saved, and that
the legitimate action still works."""

import json

import frappe
from frappe.model.workflow import apply_workflow
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.protocol import writes
from family_safeguarding.tests.builders import new_family, new_member, new_user, new_worker, this_run
from family_safeguarding.tests.utils import (
	PASSWORD,
	POLICE,
	RECOVERY,
	TEAM_A,
	TEAM_B,
	HttpSession,
	as_user,
	email,
	make_people,
)

M = "/api/method/"
REFUSED = (frappe.PermissionError, frappe.ValidationError)


def stored(doctype, name, *fields):
	"""The record as stored now: what requests served in other threads have committed included."""
	frappe.db.commit()  # ends this connection's snapshot
	return frappe.db.get_value(doctype, name, list(fields), as_dict=True)


def as_json(doc) -> str:
	return frappe.as_json(doc.as_dict())


class WritePathTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.u = cls.people.users
		# families of this class alone, so that the children and records it adds change no other
		# test's family: wa1 (team A, sw_a1), wa2 (team A, sw_a2), wb1 (team B, sw_b)
		cls.families, cls.members = frappe._dict(), frappe._dict()
		for key, team, lead in (("wa1", TEAM_A, "sw_a1"), ("wa2", TEAM_A, "sw_a2"), ("wb1", TEAM_B, "sw_b")):
			family = new_family(
				this_run(f"Test Household Writes {key.upper()} {cls.__name__}"),
				team,
				cls.people.workers[lead],
				opened_on=add_days(today(), -30),
			)
			cls.families[key] = family
			cls.members[key] = [
				new_member(family, "Parent", "Parent", f"Writes {key.upper()}", date_of_birth="1990-04-01"),
				new_member(family, "Child", "Child", f"Writes {key.upper()}", date_of_birth="2019-09-15"),
			]
		frappe.db.commit()
		cls.a1, cls.a2, cls.b1 = cls.families.wa1, cls.families.wa2, cls.families.wb1
		# what no one outside family wb1 (or wa2) may learn from a refusal
		cls.b1_names = cls.names_in("wb1")
		cls.a2_names = cls.names_in("wa2")

	@classmethod
	def names_in(cls, key):
		return [
			frappe.db.get_value("Family", cls.families[key], "family_name"),
			*(frappe.db.get_value("Member", m, "full_name") for m in cls.members[key]),
		]

	def assert_refused_over_http(self, response, names, why):
		body = response.get_data(as_text=True)
		self.assertIn(response.status_code, (403, 417), f"{why}: {response.status_code} {body[:300]}")
		for name in names:
			self.assertNotIn(name, body, f"{why}: the refusal names {name}")

	def assert_refused_in_process(self, save, names, why):
		with self.assertRaises(REFUSED, msg=why) as refusal:
			save()
		frappe.db.rollback()
		message = str(refusal.exception) + " ".join(str(m) for m in frappe.message_log)
		frappe.clear_messages()
		for name in names:
			self.assertNotIn(name, message, f"{why}: the refusal names {name}")
		return refusal.exception

	def new_child(self, family, first_name):
		child = new_member(
			family, "Child", first_name + frappe.generate_hash(length=6), "Writes", date_of_birth="2018-05-05"
		)
		frappe.db.commit()
		return child


class TestMessagesNameNoOne(WritePathTestCase):
	"""5. A refusal names the field, never a member or family the user may not read."""

	def goal(self, family, member):
		return {
			"doctype": "Goal",
			"family": family,
			"member": member,
			"goal": "Keep to the safety plan",
			"status": "Active",
			"start_date": add_days(today(), -10),
		}

	def test_a_member_of_another_family_is_refused_without_their_name(self):
		other = self.members.wb1[0]
		before = frappe.db.count("Goal")
		response = HttpSession(self.u.sw_a1).post(
			M + "frappe.client.insert", {"doc": json.dumps(self.goal(self.a1, other))}
		)
		self.assert_refused_over_http(response, self.b1_names, "a goal for another family's member")
		with as_user(self.u.sw_a1):
			self.assert_refused_in_process(
				frappe.get_doc(self.goal(self.a1, other)).insert, self.b1_names, "in process"
			)
		frappe.db.commit()
		self.assertEqual(frappe.db.count("Goal"), before, "a refused goal was saved")

	def test_every_not_a_member_of_this_family_check_names_the_field_only(self):
		# tm_a may write families a1 and a2, so each controller's own check is what refuses
		a2_parent, a2_child = self.members.wa2
		records = {
			"Goal": self.goal(self.a1, a2_parent),
			"Referral": {
				"doctype": "Referral",
				"family": self.a1,
				"member": a2_parent,
				"to_agency": RECOVERY,
				"reason": "Parental Alcohol Misuse",
				"consent": "Given",
				"consent_date": today(),
			},
			"PLO Case": {
				"doctype": "PLO Case",
				"family": self.a1,
				"legal_gateway_date": add_days(today(), -5),
				"children": [{"member": self.members.wa1[1]}, {"member": a2_child}],
			},
		}
		for doctype, record in records.items():
			with as_user(self.u.tm_a):
				error = self.assert_refused_in_process(
					frappe.get_doc(record).insert, self.a2_names, f"{doctype}: another family's member"
				)
			self.assertIn("not a member of this family", str(error), doctype)
		self.assertIn("Row #2: Children:", str(error), "the row of a table is named")


class TestReceivingAgency(WritePathTestCase):
	"""6. The receiving agency of a referral answers it and changes nothing else."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		# a recovery worker of another team: reaches the referral only as its receiving agency
		cls.receiver = new_user(email("recovery_receiver"), "Recovery", "Receiver", PASSWORD)
		new_worker(cls.receiver, RECOVERY, TEAM_B, "Recovery Worker")
		cls.a1_names = cls.names_in("wa1")
		frappe.db.commit()

	def sent_referral(self):
		with as_user(self.u.sw_a1):
			referral = frappe.get_doc(
				{
					"doctype": "Referral",
					"family": self.a1,
					"member": self.members.wa1[0],
					"to_agency": RECOVERY,
					"reason": "Parental Alcohol Misuse",
					"consent": "Given",
					"consent_date": today(),
					"details": "Needs an assessment",
				}
			).insert()
			apply_workflow(referral.as_dict(), "Send")
		frappe.db.commit()
		return referral.name

	def test_the_receiver_cannot_redirect_or_change_a_referral(self):
		name = self.sent_referral()
		session = HttpSession(self.receiver)
		for fieldname, value in (("to_agency", POLICE), ("details", "Changed by the receiver")):
			response = session.post(
				M + "frappe.client.set_value",
				{"doctype": "Referral", "name": name, "fieldname": fieldname, "value": value},
			)
			self.assert_refused_over_http(response, self.a1_names, f"the receiver sets {fieldname}")
		withdraw = session.post(
			M + "frappe.model.workflow.apply_workflow",
			{"doc": as_json(frappe.get_doc("Referral", name)), "action": "Withdraw"},
		)
		self.assert_refused_over_http(withdraw, self.a1_names, "the receiver withdraws the referral")
		with as_user(self.receiver):
			doc = frappe.get_doc("Referral", name)
			doc.to_agency = POLICE
			self.assert_refused_in_process(doc.save, self.a1_names, "in process")
		self.assertEqual(
			stored("Referral", name, "to_agency", "details", "workflow_state"),
			{"to_agency": RECOVERY, "details": "Needs an assessment", "workflow_state": "Sent"},
		)

	def test_the_receiver_accepts_and_records_the_first_appointment(self):
		name = self.sent_referral()
		session = HttpSession(self.receiver)
		accept = session.post(
			M + "frappe.model.workflow.apply_workflow",
			{"doc": as_json(frappe.get_doc("Referral", name)), "action": "Accept"},
		)
		self.assertEqual(accept.status_code, 200, accept.get_data(as_text=True)[:300])
		appointment = session.post(
			M + "frappe.client.set_value",
			{"doctype": "Referral", "name": name, "fieldname": "first_appointment_on", "value": today()},
		)
		self.assertEqual(appointment.status_code, 200, appointment.get_data(as_text=True)[:300])
		engaged = session.post(
			M + "frappe.model.workflow.apply_workflow",
			{"doc": as_json(frappe.get_doc("Referral", name)), "action": "Record First Appointment"},
		)
		self.assertEqual(engaged.status_code, 200, engaged.get_data(as_text=True)[:300])
		self.assertEqual(
			stored("Referral", name, "workflow_state", "to_agency"),
			{"workflow_state": "Engaged", "to_agency": RECOVERY},
		)
		self.assertEqual(str(stored("Referral", name, "responded_on").responded_on), today())


class TestWorkflowOwnedFields(WritePathTestCase):
	"""7. Sent On and Responded On change only through the transitions that set them."""

	def draft_referral(self):
		with as_user(self.u.sw_a1):
			name = (
				frappe.get_doc(
					{
						"doctype": "Referral",
						"family": self.a1,
						"to_agency": RECOVERY,
						"reason": "Parental Alcohol Misuse",
						"consent": "Refused",
					}
				)
				.insert()
				.name
			)
		frappe.db.commit()
		return name

	def test_sent_on_is_not_set_by_hand(self):
		name = self.draft_referral()
		response = HttpSession(self.u.sw_a1).post(
			M + "frappe.client.set_value",
			{"doctype": "Referral", "name": name, "fieldname": "sent_on", "value": today()},
		)
		self.assert_refused_over_http(response, (), "sent_on set on a draft")
		self.assertIn("Sent On", response.get_data(as_text=True))
		with as_user(self.u.sw_a1):
			doc = frappe.get_doc("Referral", name)
			doc.sent_on = today()
			self.assert_refused_in_process(doc.save, (), "in process")
			doc = frappe.get_doc("Referral", name)
			doc.responded_on = today()
			self.assert_refused_in_process(doc.save, (), "responded_on in process")
		self.assertEqual(
			stored("Referral", name, "sent_on", "responded_on", "workflow_state"),
			{"sent_on": None, "responded_on": None, "workflow_state": "Draft"},
		)

	def test_a_field_the_system_sets_keeps_its_stored_value(self):
		name = self.draft_referral()
		# a form opened before the daily job wrote it carries an old value: the save keeps the stored one
		frappe.db.set_value("Referral", name, "notified_overdue", "by the daily job", update_modified=False)
		frappe.db.commit()
		response = HttpSession(self.u.sw_a1).post(
			M + "frappe.client.set_value",
			{
				"doctype": "Referral",
				"name": name,
				"fieldname": json.dumps({"notified_overdue": "", "details": "More detail"}),
			},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(
			stored("Referral", name, "notified_overdue", "details"),
			{"notified_overdue": "by the daily job", "details": "More detail"},
		)

	def test_sending_sets_sent_on(self):
		name = self.draft_referral()
		frappe.db.set_value("Referral", name, "override_reason", "Risk of harm if the father is told")
		frappe.db.commit()
		with as_user(self.u.sw_a1):
			apply_workflow(frappe.get_doc("Referral", name).as_dict(), "Send")
		self.assertEqual(str(stored("Referral", name, "sent_on").sent_on), today())


class TestMovingAcrossFamilies(WritePathTestCase):
	"""8. A record stays in the families the user may write, whichever link would move it."""

	def plan(self, user, child):
		with as_user(user):
			name = (
				frappe.get_doc(
					{
						"doctype": "Child Protection Plan",
						"member": child,
						"strategy_discussion_date": add_days(today(), -3),
					}
				)
				.insert()
				.name
			)
		frappe.db.commit()
		return name

	def test_a_plan_cannot_be_moved_to_another_teams_child(self):
		child = self.new_child(self.a1, "Moving")
		name = self.plan(self.u.sw_a1, child)
		other_child = self.new_child(self.b1, "Other")
		names = [*self.b1_names, frappe.db.get_value("Member", other_child, "full_name")]
		doc = frappe.get_doc("Child Protection Plan", name).as_dict()
		doc.member = other_child  # the family as the client sent it is still a1
		response = HttpSession(self.u.sw_a1).post(M + "frappe.client.save", {"doc": frappe.as_json(doc)})
		self.assert_refused_over_http(response, names, "a plan moved to another team's child")
		with as_user(self.u.sw_a1):
			plan = frappe.get_doc("Child Protection Plan", name)
			plan.member = other_child
			self.assert_refused_in_process(plan.save, names, "in process")
			# the validate hook alone, on the family the controller derived from the member
			plan = frappe.get_doc("Child Protection Plan", name)
			plan.member, plan.family = other_child, self.b1
			plan.load_doc_before_save()
			self.assert_refused_in_process(lambda: writes.check_family(plan), names, "the validate hook")
		self.assertEqual(
			stored("Child Protection Plan", name, "member", "family"), {"member": child, "family": self.a1}
		)

	def test_a_plan_moves_between_families_the_user_may_write(self):
		name = self.plan(self.u.sw_a1, self.new_child(self.a1, "Sibling"))
		sibling = self.new_child(self.a1, "Sibling")
		response = HttpSession(self.u.sw_a1).post(
			M + "frappe.client.set_value",
			{"doctype": "Child Protection Plan", "name": name, "fieldname": "member", "value": sibling},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(stored("Child Protection Plan", name, "member").member, sibling)
		# the team manager of both families moves it from a1 to a2; sw_a1 may not write a2
		a2_child = self.new_child(self.a2, "Moved")
		with as_user(self.u.sw_a1):
			plan = frappe.get_doc("Child Protection Plan", name)
			plan.member = a2_child
			self.assert_refused_in_process(plan.save, (), "sw_a1 moves it to family a2")
		with as_user(self.u.tm_a):
			plan = frappe.get_doc("Child Protection Plan", name)
			plan.member = a2_child
			plan.save()
		self.assertEqual(
			stored("Child Protection Plan", name, "member", "family"), {"member": a2_child, "family": self.a2}
		)


class TestChildRows(WritePathTestCase):
	"""9. A save cannot take a child row of another record by naming it."""

	def goal(self, family, member, text):
		return {
			"doctype": "Goal",
			"family": family,
			"member": member,
			"goal": text,
			"status": "Active",
			"start_date": add_days(today(), -20),
			"reviews": [
				{"review_date": add_days(today(), -20), "scale": "Progress", "score": 3, "comment": text}
			],
		}

	def setUp(self):
		self.other_text = "B1-GOAL-" + frappe.generate_hash(length=6)
		self.other = (
			frappe.get_doc(self.goal(self.b1, self.members.wb1[0], self.other_text))
			.insert(ignore_permissions=True)
			.name
		)
		with as_user(self.u.sw_a1):
			self.own = frappe.get_doc(self.goal(self.a1, self.members.wa1[0], "Own goal")).insert().name
		frappe.db.commit()
		self.other_row = frappe.get_doc("Goal", self.other).reviews[0].name

	def assert_other_row_untouched(self):
		self.assertEqual(
			stored("Goal Review", self.other_row, "parent", "parentfield", "comment"),
			{"parent": self.other, "parentfield": "reviews", "comment": self.other_text},
		)
		self.assertEqual(frappe.db.count("Goal Review", {"parent": self.own}), 1)

	def stolen_row(self):
		return {
			"doctype": "Goal Review",
			"name": self.other_row,
			"parentfield": "reviews",
			"review_date": add_days(today(), -1),
			"scale": "Progress",
			"score": 5,
		}

	def test_a_row_of_another_familys_goal_is_not_taken(self):
		names = [*self.b1_names, self.other_text]
		doc = frappe.get_doc("Goal", self.own).as_dict()
		doc.reviews.append(self.stolen_row())
		session = HttpSession(self.u.sw_a1)
		for method in ("frappe.client.save", "frappe.desk.form.save.savedocs"):
			params = {"doc": frappe.as_json(doc)}
			if method.endswith("savedocs"):
				params["action"] = "Save"
			response = session.post(M + method, params)
			self.assert_refused_over_http(response, names, f"{method} with another goal's review")
			self.assert_other_row_untouched()
		with as_user(self.u.sw_a1):
			goal = frappe.get_doc("Goal", self.own)
			goal.append("reviews", self.stolen_row())
			error = self.assert_refused_in_process(goal.save, names, "in process")
		self.assertIn("Reviews, row #2", str(error))
		self.assert_other_row_untouched()

	def test_the_worker_edits_their_own_goals_reviews(self):
		doc = frappe.get_doc("Goal", self.own).as_dict()
		doc.reviews[0].comment = "Going well"
		doc.reviews.append(
			{
				"doctype": "Goal Review",
				"review_date": today(),
				"scale": "Progress",
				"score": 6,
				"__islocal": 1,
			}
		)
		response = HttpSession(self.u.sw_a1).post(M + "frappe.client.save", {"doc": frappe.as_json(doc)})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		frappe.db.commit()
		reviews = frappe.get_doc("Goal", self.own).reviews
		self.assertEqual([(r.comment, r.score) for r in reviews], [("Going well", 3), (None, 6)])


class TestSelfApproval(WritePathTestCase):
	"""10. A change of workflow state keeps the self-approval rule on every path."""

	def case_by(self, user):
		# a family of its own: a family has one open PLO case at a time
		family = new_family(
			this_run(f"Test Household Writes PLO {frappe.generate_hash(length=6)}"),
			TEAM_A,
			self.people.workers.sw_a1,
		)
		frappe.db.commit()
		with as_user(user):
			name = (
				frappe.get_doc(
					{
						"doctype": "PLO Case",
						"family": family,
						"legal_gateway_date": add_days(today(), -30),
						"gateway_decision": "Enter Pre-Proceedings",
						"letter_before_proceedings": add_days(today(), -20),
					}
				)
				.insert()
				.name
			)
		frappe.db.commit()
		return name

	def test_a_manager_cannot_approve_their_own_step_by_writing_the_state(self):
		name = self.case_by(self.u.tm_a)
		session = HttpSession(self.u.tm_a)
		response = session.post(
			M + "frappe.client.set_value",
			{"doctype": "PLO Case", "name": name, "fieldname": "workflow_state", "value": "Pre-Proceedings"},
		)
		self.assert_refused_over_http(response, (), "set_value of the state")
		doc = frappe.get_doc("PLO Case", name).as_dict()
		doc.workflow_state = "Pre-Proceedings"
		for method, params in (
			("frappe.client.save", {"doc": frappe.as_json(doc)}),
			("frappe.desk.form.save.savedocs", {"doc": frappe.as_json(doc), "action": "Save"}),
		):
			self.assert_refused_over_http(session.post(M + method, params), (), method)
		# nor by handing the case to someone else first: the owner decides self-approval
		doc = frappe.get_doc("PLO Case", name).as_dict()
		doc.owner = self.u.sw_a1
		self.assert_refused_over_http(
			session.post(M + "frappe.client.save", {"doc": frappe.as_json(doc)}), (), "owner changed"
		)
		with as_user(self.u.tm_a):
			case = frappe.get_doc("PLO Case", name)
			case.workflow_state = "Pre-Proceedings"
			self.assert_refused_in_process(case.save, (), "in process")
			with self.assertRaisesRegex(frappe.ValidationError, "Self approval"):
				apply_workflow(frappe.get_doc("PLO Case", name).as_dict(), "Enter Pre-Proceedings")
			frappe.db.rollback()
		self.assertEqual(
			stored("PLO Case", name, "workflow_state", "owner"),
			{"workflow_state": "Legal Gateway", "owner": self.u.tm_a},
		)

	def test_a_manager_takes_a_manager_only_step_on_someone_elses_case(self):
		name = self.case_by(self.u.sw_a1)
		response = HttpSession(self.u.tm_a).post(
			M + "frappe.model.workflow.apply_workflow",
			{"doc": as_json(frappe.get_doc("PLO Case", name)), "action": "Enter Pre-Proceedings"},
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertEqual(stored("PLO Case", name, "workflow_state").workflow_state, "Pre-Proceedings")
