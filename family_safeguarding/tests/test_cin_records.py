"""The records the Children in Need census is made from, as the forms keep them: a CIN Episode
(referral, assessments, CIN plans, closure), a Social Care Contact, a Member's census details and
a Child Protection Plan's census dates. Each rule refuses with a message naming the field, and
nothing is saved; the census queries are shown without stopping the save; and the new records
follow the row rule like every case record (docs/information-governance/access-protocol.md).

The dates are fixed days of the 2025-26 census year, each chosen on a weekday."""

from contextlib import contextmanager

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import formatdate

from family_safeguarding.rules.identifiers import upn_check_letter
from family_safeguarding.tests.builders import new_member
from family_safeguarding.tests.utils import (
	as_user,
	assert_refused_and_nothing_saved,
	make_people,
	raw_insert,
	visible,
)

REFERRAL = "2025-04-07"  # a Monday
SOURCE = "6 - Police"
NEED = "N1 - Abuse or neglect"
CLOSED_FOR = "RC7 - Services ceased for any other reason, including child no longer in need"
UPN = upn_check_letter("801200001001") + "801200001001"


def on(day: str) -> str:
	"""A date as the site writes it in messages."""
	return formatdate(day)


def listed(doctype: str, user: str) -> set[str]:
	"""What the user's list shows: nothing, when their roles do not open the list at all."""
	try:
		return visible(doctype, user)
	except frappe.PermissionError:
		return set()


class CINRecordsTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")

	def tearDown(self):
		frappe.set_user("Administrator")
		frappe.local.message_log = []

	def new_child(self, family=None, **fields) -> str:
		return new_member(
			family or self.people.families.a1,
			"Child",
			"Census" + frappe.generate_hash(length=6),
			"Child",
			date_of_birth="2017-03-03",
			**fields,
		)

	def episode(self, member=None, **fields):
		return frappe.get_doc(
			{
				"doctype": "CIN Episode",
				"member": member or self.new_child(),
				"referral_date": REFERRAL,
				"referral_source": SOURCE,
				"primary_need": NEED,
				**fields,
			}
		)

	def plan(self, member, **fields):
		return frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"member": member,
				"strategy_discussion_date": "2025-04-28",
				**fields,
			}
		)

	def messages(self) -> str:
		return " ".join(str(message) for message in frappe.local.message_log)


class TestCINEpisode(CINRecordsTestCase):
	def test_an_episode_with_an_assessment_and_a_cin_plan_is_saved(self):
		episode = self.episode(
			assessments=[
				{
					"start_date": "2025-04-08",
					"authorisation_date": "2025-05-20",
					"factors": "3b 16A,  4B",
					"child_seen": 1,
					"support_needed": "Yes",
				}
			],
			cin_plans=[{"start_date": "2025-05-21"}],
		).insert()
		stored = frappe.get_doc("CIN Episode", episode.name)
		self.assertEqual(stored.family, self.people.families.a1)
		self.assertTrue(stored.name.startswith("CIN-"))
		self.assertEqual(stored.assessments[0].factors, "3B, 16A, 4B")
		self.assertEqual(str(stored.cin_plans[0].start_date), "2025-05-21")
		# authorised within its 45 working days: no query
		self.assertNotIn("45 working days", self.messages())

	def test_a_closure_date_and_its_reason_go_together_and_not_before_the_referral(self):
		assert_refused_and_nothing_saved(
			self, self.episode(closure_date="2025-06-02"), "Reason for Closure is required"
		)
		assert_refused_and_nothing_saved(
			self, self.episode(closure_reason=CLOSED_FOR), "Closure Date is required"
		)
		assert_refused_and_nothing_saved(
			self,
			self.episode(closure_date="2025-04-04", closure_reason=CLOSED_FOR),
			f"Closure Date {on('2025-04-04')} is before the Referral Date {on('2025-04-07')}",
		)

	def test_one_open_episode_at_a_time_and_no_overlap(self):
		child = self.new_child()
		first = self.episode(child, closure_date="2025-06-30", closure_reason=CLOSED_FOR).insert()
		second = self.episode(child, referral_date="2025-06-30").insert()  # on the day the first closed
		refused = self.episode(child, referral_date="2025-08-04")
		assert_refused_and_nothing_saved(self, refused, "This child already has an open episode")
		overlapping = self.episode(
			child, referral_date="2025-05-05", closure_date="2025-05-30", closure_reason=CLOSED_FOR
		)
		with self.assertRaises(frappe.ValidationError) as caught:
			overlapping.insert()
		message = str(caught.exception)
		self.assertIn("overlap another episode of this child", message)
		# the other episodes are not named or described
		for other in (first, second):
			self.assertNotIn(other.name, message)
		self.assertNotIn(on("2025-06-30"), message)
		self.assertFalse(frappe.db.exists("CIN Episode", {"member": child, "referral_date": "2025-05-05"}))

	def test_a_referral_with_no_further_action_has_no_assessment_or_plan(self):
		episode = self.episode(no_further_action=1, assessments=[{"start_date": "2025-04-08"}])
		assert_refused_and_nothing_saved(self, episode, "untick No Further Action")
		episode = self.episode(no_further_action=1, cin_plans=[{"start_date": "2025-04-08"}])
		assert_refused_and_nothing_saved(self, episode, "untick No Further Action")
		child = self.new_child()
		raw_insert(
			{
				"doctype": "Child Protection Plan",
				"member": child,
				"family": self.people.families.a1,
				"workflow_state": "Section 47 Enquiry",
				"strategy_discussion_date": REFERRAL,
				"section_47_start": REFERRAL,
			}
		)
		assert_refused_and_nothing_saved(
			self, self.episode(child, no_further_action=1), "section 47 enquiry.*untick No Further Action"
		)
		self.episode(no_further_action=1, closure_date=REFERRAL, closure_reason=CLOSED_FOR).insert()

	def test_assessment_factors_are_census_codes(self):
		for factors, message in (
			("3B 99X", "Assessments, row #1: Assessment factor '99X' is not a census code"),
			("18A", "Assessments, row #1: Assessment factor 18A is no longer used"),
			("3B, 3b", "Assessments, row #1: Assessment factor 3B is recorded twice"),
			("21 3B", r"Assessments, row #1: Assessment factor 21 \(no factors identified\)"),
		):
			with self.subTest(factors):
				episode = self.episode(assessments=[{"start_date": "2025-04-08", "factors": factors}])
				assert_refused_and_nothing_saved(self, episode, message)

	def test_assessment_and_plan_dates_in_order(self):
		episode = self.episode(assessments=[{"start_date": "2025-04-04"}])
		assert_refused_and_nothing_saved(
			self,
			episode,
			f"Assessments, row #1: Assessment Start Date {on('2025-04-04')} is before the Referral Date",
		)
		episode = self.episode(assessments=[{"start_date": "2025-04-08", "authorisation_date": "2025-04-07"}])
		assert_refused_and_nothing_saved(
			self,
			episode,
			f"Assessments, row #1: Authorisation Date {on('2025-04-07')} is before the Assessment Start",
		)
		episode = self.episode(cin_plans=[{"start_date": "2025-05-21", "end_date": "2025-05-20"}])
		assert_refused_and_nothing_saved(
			self,
			episode,
			f"CIN Plans, row #1: CIN Plan End Date {on('2025-05-20')} is before the CIN Plan Start",
		)

	def test_nothing_is_recorded_after_the_closure(self):
		episode = self.episode(
			closure_date="2025-05-30",
			closure_reason=CLOSED_FOR,
			assessments=[{"start_date": "2025-04-08", "authorisation_date": "2025-06-02"}],
		)
		assert_refused_and_nothing_saved(
			self,
			episode,
			f"Assessments, row #1: Authorisation Date {on('2025-06-02')} is after the episode closed on {on('2025-05-30')}",
		)
		# closing an open episode before its child protection plan's enquiry began
		child = self.new_child()
		open_episode = self.episode(child).insert()
		raw_insert(
			{
				"doctype": "Child Protection Plan",
				"member": child,
				"family": self.people.families.a1,
				"workflow_state": "Section 47 Enquiry",
				"strategy_discussion_date": "2025-06-09",
				"section_47_start": "2025-06-10",
			}
		)
		open_episode.closure_date, open_episode.closure_reason = "2025-05-30", CLOSED_FOR
		assert_refused_and_nothing_saved(
			self,
			open_episode,
			f"Child protection plan: Section 47 Enquiry Started {on('2025-06-10')} is after the episode closed",
		)
		self.assertIsNone(frappe.db.get_value("CIN Episode", open_episode.name, "closure_date"))

	def test_a_cin_plan_does_not_run_alongside_a_child_protection_plan(self):
		child = self.new_child()
		raw_insert(
			{
				"doctype": "Child Protection Plan",
				"member": child,
				"family": self.people.families.a1,
				"workflow_state": "Active Plan",
				"strategy_discussion_date": "2025-05-01",
				"icpc_date": "2025-06-02",
				"plan_start": "2025-06-02",
			}
		)
		episode = self.episode(child, cin_plans=[{"start_date": "2025-05-12"}])  # still open
		assert_refused_and_nothing_saved(
			self, episode, "CIN Plans, row #1: This CIN plan runs at the same time as a child protection plan"
		)
		# ending on the day the child protection plan starts is fine
		self.episode(child, cin_plans=[{"start_date": "2025-05-12", "end_date": "2025-06-02"}]).insert()

	def test_an_assessment_beyond_45_working_days_is_a_query_not_a_refusal(self):
		episode = self.episode(
			assessments=[{"start_date": "2025-04-08", "authorisation_date": "2025-07-01"}]
		).insert()
		self.assertTrue(frappe.db.exists("CIN Episode", episode.name))
		self.assertIn(
			f"Assessments, row #1: The assessment was authorised on {on('2025-07-01')}", self.messages()
		)
		self.assertIn("after its 45 working days", self.messages())

	def test_an_episode_is_about_a_child_and_its_contact_about_the_same_child(self):
		parent = self.people.members.a1[0]
		assert_refused_and_nothing_saved(
			self, self.episode(parent), "Child: the person chosen is recorded as Parent"
		)
		other_child = self.new_child()
		contact = frappe.get_doc(
			{
				"doctype": "Social Care Contact",
				"member": other_child,
				"contact_date": "2025-04-04",
				"contact_source": SOURCE,
				"outcome": "Referral to children's social care",
			}
		).insert()
		episode = self.episode(contact=contact.name)
		with self.assertRaisesRegex(
			frappe.ValidationError, "Contact: the contact chosen is not about this child"
		):
			episode.insert()
		self.assertFalse(frappe.db.exists("CIN Episode", {"contact": contact.name}))
		self.episode(other_child, contact=contact.name).insert()


class TestSocialCareContact(CINRecordsTestCase):
	def test_a_contact_about_a_child_is_saved_in_the_childs_family(self):
		contact = frappe.get_doc(
			{
				"doctype": "Social Care Contact",
				"member": self.new_child(self.people.families.a2),
				"contact_date": "2025-04-04",
				"contact_source": "2A - Schools",
				"outcome": "Early help",
			}
		).insert()
		self.assertTrue(contact.name.startswith("CON-"))
		self.assertEqual(
			frappe.db.get_value("Social Care Contact", contact.name, "family"), self.people.families.a2
		)

	def test_a_contact_needs_its_date_source_and_outcome_and_is_about_a_child(self):
		contact = frappe.get_doc(
			{"doctype": "Social Care Contact", "member": self.new_child(), "contact_source": SOURCE}
		)
		assert_refused_and_nothing_saved(self, contact, "contact_date, outcome", frappe.MandatoryError)
		contact = frappe.get_doc(
			{
				"doctype": "Social Care Contact",
				"member": self.people.members.a1[0],
				"contact_date": "2025-04-04",
				"contact_source": SOURCE,
				"outcome": "Early help",
			}
		)
		assert_refused_and_nothing_saved(self, contact, "Child: the person chosen is recorded as Parent")


class TestMemberCensusDetails(CINRecordsTestCase):
	def test_census_details_are_saved(self):
		member = frappe.get_doc("Member", self.new_child())
		member.update(
			{
				"la_child_id": " LA" + frappe.generate_hash(length=8).upper() + " ",
				"upn_unknown_reason": "UN1 - Child is not of school age",
				"disabilities": [{"disability": "MOB - Mobility"}, {"disability": "VIS - Vision"}],
			}
		)
		member.save()
		stored = frappe.get_doc("Member", member.name)
		self.assertEqual(stored.la_child_id, member.la_child_id.strip())
		self.assertEqual([row.disability for row in stored.disabilities], ["MOB - Mobility", "VIS - Vision"])

	def test_each_census_rule_refuses_naming_the_field(self):
		for fields, message in (
			({"la_child_id": "LA-12"}, "LA Child ID 'LA-12' may contain only letters and digits"),
			({"la_child_id": "A" * 21}, "LA Child ID '.*' is 21 characters long"),
			({"former_upn": "X123"}, "Former UPN: UPN must be 13 characters"),
			(
				{"upn": UPN, "upn_unknown_reason": "UN1 - Child is not of school age"},
				"Leave UPN Unknown Reason empty",
			),
			(
				{"disabilities": [{"disability": "NONE - No disability"}, {"disability": "MOB - Mobility"}]},
				"Disability NONE",
			),
			(
				{"disabilities": [{"disability": "MOB - Mobility"}, {"disability": "MOB - Mobility"}]},
				"Disability MOB is recorded twice",
			),
		):
			with self.subTest(message):
				member = frappe.get_doc("Member", self.new_child())
				member.update(fields)
				assert_refused_and_nothing_saved(self, member, message)
				stored = frappe.get_doc("Member", member.name)
				self.assertFalse(stored.la_child_id or stored.former_upn or stored.upn_unknown_reason)
				self.assertEqual(stored.disabilities, [])

	def test_an_la_child_id_is_one_child_s_and_the_other_is_not_named(self):
		la_child_id = "LA" + frappe.generate_hash(length=8).upper()
		first = self.new_child(self.people.families.b1, la_child_id=la_child_id)
		member = frappe.get_doc("Member", self.new_child())
		member.la_child_id = la_child_id
		with self.assertRaises(frappe.ValidationError) as caught:
			member.save()
		message = str(caught.exception)
		self.assertIn(f"LA Child ID {la_child_id} is already recorded for another child", message)
		self.assertNotIn(first, message)
		self.assertNotIn(frappe.db.get_value("Member", first, "first_name"), message)
		self.assertFalse(frappe.db.get_value("Member", member.name, "la_child_id"))

	def test_an_la_child_id_of_a_child_the_user_may_not_read_is_not_told(self):
		# The check is among the children the user reads: a refusal here would tell a worker that a
		# child of another family has the ID. The census (rule 8510) finds such a duplicate instead.
		la_child_id = "LA" + frappe.generate_hash(length=8).upper()
		self.new_child(self.people.families.b1, la_child_id=la_child_id)
		member = frappe.get_doc("Member", self.new_child())
		frappe.set_user(self.people.users["sw_a1"])
		self.assertFalse(frappe.has_permission("Family", "read", doc=self.people.families.b1))
		member.la_child_id = la_child_id
		member.save()
		self.assertEqual(frappe.db.get_value("Member", member.name, "la_child_id"), la_child_id)

	def test_the_check_asks_as_much_whether_or_not_a_child_the_user_may_not_read_holds_the_id(self):
		# An attacker timed saves: a check that asked the database more when another family's child
		# held the ID was measurably slower, and so told them the ID was held.
		held = "LA" + frappe.generate_hash(length=8).upper()
		self.new_child(self.people.families.b1, la_child_id=held)
		members = [frappe.get_doc("Member", self.new_child()) for _ in range(3)]
		frappe.set_user(self.people.users["sw_a1"])
		# the first save of the session fills Frappe's caches: not counted
		members.pop().update({"la_child_id": "LA" + frappe.generate_hash(length=8).upper()}).save()
		asked = []
		for member, la_child_id in zip(
			members, (held, "LA" + frappe.generate_hash(length=8).upper()), strict=True
		):
			member.la_child_id = la_child_id
			with statements() as run:
				member.save()
			asked.append(run)
		self.assertEqual(len(asked[0]), len(asked[1]), "\n".join(asked[0]))


class TestChildProtectionPlanCensusDates(CINRecordsTestCase):
	def test_an_initial_conference_is_not_held_at_a_weekend(self):
		plan = self.plan(self.new_child(), icpc_date="2025-06-14")
		assert_refused_and_nothing_saved(
			self, plan, f"Initial Conference Date {on('2025-06-14')} is a Saturday"
		)

	def test_the_plan_starts_on_the_day_of_the_conference(self):
		plan = self.plan(self.new_child(), icpc_date="2025-06-02", plan_start="2025-06-03")
		assert_refused_and_nothing_saved(
			self,
			plan,
			f"Plan Start Date {on('2025-06-03')} differs from the initial conference on {on('2025-06-02')}",
		)

	def test_a_plan_of_a_child_with_episodes_falls_in_one_of_them(self):
		child = self.new_child()
		self.episode(child, closure_date="2025-05-30", closure_reason=CLOSED_FOR).insert()
		plan = self.plan(child, strategy_discussion_date="2025-06-09", section_47_start="2025-06-10")
		assert_refused_and_nothing_saved(
			self,
			plan,
			f"Section 47 Enquiry Started {on('2025-06-10')} is outside this child's CIN episodes.*not after its closure",
		)
		plan = self.plan(
			child, section_47_start="2025-05-01", icpc_date="2025-06-02", plan_start="2025-06-02"
		)
		assert_refused_and_nothing_saved(
			self,
			plan,
			f"Initial Conference Date {on('2025-06-02')} is after the episode closed on {on('2025-05-30')}",
		)
		# inside the episode: saved
		plan = self.plan(child, section_47_start="2025-05-01", icpc_date="2025-05-20").insert()
		self.assertTrue(frappe.db.exists("Child Protection Plan", plan.name))

	def test_a_plan_of_a_child_without_episodes_is_not_placed(self):
		plan = self.plan(
			self.new_child(), strategy_discussion_date="2025-06-09", section_47_start="2025-06-10"
		)
		plan.insert()
		self.assertTrue(frappe.db.exists("Child Protection Plan", plan.name))

	def test_a_late_initial_conference_is_a_query_not_a_refusal(self):
		plan = self.plan(
			self.new_child(),
			section_47_start="2025-04-28",
			icpc_date="2025-06-02",
			plan_start="2025-06-02",
		).insert()
		self.assertTrue(frappe.db.exists("Child Protection Plan", plan.name))
		self.assertIn(
			f"The initial conference on {on('2025-06-02')} came after the 15 working days", self.messages()
		)
		frappe.local.message_log = []
		plan = self.plan(self.new_child(), section_47_start="2025-04-28", icpc_not_required=1).insert()
		self.assertNotIn("15 working days", self.messages())


class TestWhoReachesTheCensusRecords(CINRecordsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		child = cls.people.members.a1[1]
		cls.records = {
			"CIN Episode": raw_insert(
				{
					"doctype": "CIN Episode",
					"member": child,
					"family": cls.people.families.a1,
					"referral_date": "2025-04-07",
					"referral_source": SOURCE,
				}
			),
			"Social Care Contact": raw_insert(
				{
					"doctype": "Social Care Contact",
					"member": child,
					"family": cls.people.families.a1,
					"contact_date": "2025-04-04",
					"contact_source": SOURCE,
					"outcome": "Referral to children's social care",
				}
			),
		}

	def test_workers_of_the_family_read_them_and_practitioners_only_read(self):
		for doctype, name in self.records.items():
			for key in ("tm_a", "sw_a1", "police_a", "fw_a"):
				with self.subTest(doctype=doctype, user=key):
					user = self.people.users[key]
					self.assertTrue(frappe.has_permission(doctype, "read", doc=name, user=user))
					self.assertIn(name, visible(doctype, user))
			for key, may_write in (("tm_a", True), ("sw_a1", True), ("police_a", False), ("fw_a", False)):
				with self.subTest(doctype=doctype, user=key, right="write"):
					self.assertEqual(
						frappe.has_permission(doctype, "write", doc=name, user=self.people.users[key]),
						may_write,
					)

	def test_workers_of_other_families_neither_read_nor_list_them(self):
		# tm_b and sw_b work for the other team; mh_a is a practitioner of team A not allocated to a1
		for doctype, name in self.records.items():
			for key in ("tm_b", "sw_b", "mh_a", "bs_a"):
				with self.subTest(doctype=doctype, user=key):
					user = self.people.users[key]
					self.assertFalse(frappe.has_permission(doctype, "read", doc=name, user=user))
					self.assertNotIn(name, listed(doctype, user))
					with as_user(user), self.assertRaises(frappe.PermissionError):
						frappe.get_doc(doctype, name).check_permission("read")


@contextmanager
def statements():
	"""The SQL statements run inside the block, as Frappe's own assertQueryCount counts them."""
	run = []
	database = frappe.db.__class__
	original = database.sql

	def counted(db, *args, **kwargs):
		found = original(db, *args, **kwargs)
		run.append(db.last_query)
		return found

	database.sql = counted
	try:
		yield run
	finally:
		database.sql = original
