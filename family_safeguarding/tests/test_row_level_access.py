"""The row-level rule (docs/information-governance/access-protocol.md, "The row rule") for Family
and Member, as real users, on the list, the form and /api/resource."""

import frappe
from frappe.desk.form.load import getdoc
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.builders import new_user, new_worker, this_run
from family_safeguarding.tests.utils import (
	CHILDRENS_SERVICES,
	PASSWORD,
	TEAM_A,
	TEAM_B,
	HttpSession,
	as_user,
	email,
	make_people,
	visible,
)


class TestFamilyAndMemberAccess(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.families = cls.people.families
		cls.members = cls.people.members

	def all_members(self) -> set[str]:
		return {member for members in self.members.values() for member in members}

	def user(self, key):
		return self.people.users[key]

	def assert_form_opens(self, user, doctype, name):
		with as_user(user):
			frappe.local.response = frappe._dict(docs=[])
			getdoc(doctype, name)
			self.assertEqual(frappe.response.docs[0].name, name)

	def assert_form_refused(self, user, doctype, name):
		with as_user(user):
			with self.assertRaises(frappe.PermissionError):
				getdoc(doctype, name)

	def test_allocated_social_worker_sees_their_family_and_its_members_only(self):
		user = self.user("sw_a1")
		a1, a2, b1 = self.families.a1, self.families.a2, self.families.b1
		self.assertEqual(visible("Family", user) & {a1, a2, b1}, {a1})
		self.assertEqual(visible("Member", user) & self.all_members(), set(self.members.a1))
		self.assert_form_opens(user, "Family", a1)
		self.assert_form_opens(user, "Member", self.members.a1[1])
		self.assert_form_refused(user, "Family", a2)
		self.assert_form_refused(user, "Member", self.members.a2[1])
		self.assert_form_refused(user, "Family", b1)

	def test_allocated_social_worker_over_http(self):
		session = HttpSession(self.user("sw_a1"))
		families = session.resource_names("Family")
		self.assertIn(self.families.a1, families)
		self.assertNotIn(self.families.a2, families)
		self.assertNotIn(self.families.b1, families)
		self.assertEqual(session.get(f"/api/resource/Family/{self.families.a1}").status_code, 200)
		self.assertEqual(session.get(f"/api/resource/Family/{self.families.a2}").status_code, 403)
		members = session.resource_names("Member")
		self.assertTrue(set(self.members.a1) <= members)
		self.assertFalse(set(self.members.a2 + self.members.b1) & members)
		self.assertEqual(session.get(f"/api/resource/Member/{self.members.a2[0]}").status_code, 403)
		child = session.get(f"/api/resource/Member/{self.members.a1[1]}")
		self.assertEqual(child.status_code, 200)
		self.assertEqual(child.json["data"]["family"], self.families.a1)

	def test_allocated_police_officer_sees_that_family_only(self):
		user = self.user("police_a")
		self.assertEqual(visible("Family", user) & set(self.families.values()), {self.families.a1})
		self.assert_form_opens(user, "Family", self.families.a1)
		self.assert_form_refused(user, "Family", self.families.a2)
		session = HttpSession(user)
		self.assertEqual(session.resource_names("Family") & set(self.families.values()), {self.families.a1})

	def test_worker_not_allocated_sees_neither_family_nor_members(self):
		user = self.user("mh_a")  # in team A, allocated to nothing
		self.assertFalse(visible("Family", user) & set(self.families.values()))
		self.assertFalse(visible("Member", user) & self.all_members())
		self.assert_form_refused(user, "Family", self.families.a1)
		self.assert_form_refused(user, "Member", self.members.a1[0])
		session = HttpSession(user)
		self.assertFalse(session.resource_names("Family") & set(self.families.values()))
		self.assertEqual(session.get(f"/api/resource/Family/{self.families.a1}").status_code, 403)
		self.assertEqual(session.get(f"/api/resource/Member/{self.members.a1[0]}").status_code, 403)

	def test_allocation_counts_only_while_it_is_current(self):
		worker_user = new_user(email("temp_fw"), "Temp", "Worker", PASSWORD)
		worker = new_worker(worker_user, CHILDRENS_SERVICES, TEAM_A, "Family Worker")
		family = frappe.get_doc("Family", self.families.a2)
		family.append(
			"allocations", {"worker": worker, "from_date": add_days(today(), -10), "to_date": today()}
		)
		family.save()
		frappe.db.commit()
		self.assertIn(family.name, visible("Family", worker_user))
		self.assertIn(self.members.a2[0], visible("Member", worker_user))

		# ended yesterday
		family.allocations[-1].to_date = add_days(today(), -1)
		family.save()
		frappe.db.commit()
		self.assertNotIn(family.name, visible("Family", worker_user))
		self.assertNotIn(self.members.a2[0], visible("Member", worker_user))
		self.assert_form_refused(worker_user, "Family", family.name)
		self.assertEqual(HttpSession(worker_user).get(f"/api/resource/Family/{family.name}").status_code, 403)

		# starts tomorrow
		family.allocations[-1].from_date = add_days(today(), 1)
		family.allocations[-1].to_date = None
		family.save()
		frappe.db.commit()
		self.assertNotIn(family.name, visible("Family", worker_user))

		family.remove(family.allocations[-1])
		family.save()
		frappe.db.commit()

	def test_inactive_worker_sees_nothing(self):
		worker_user = new_user(email("temp_leaver"), "Temp", "Leaver", PASSWORD)
		worker = new_worker(worker_user, CHILDRENS_SERVICES, TEAM_A, "Family Worker")
		family = frappe.get_doc("Family", self.families.a2)
		family.append("allocations", {"worker": worker, "from_date": add_days(today(), -5)})
		family.save()
		frappe.db.commit()
		self.assertIn(family.name, visible("Family", worker_user))
		frappe.db.set_value("Agency Worker", worker, "is_active", 0)
		self.assertNotIn(family.name, visible("Family", worker_user))
		frappe.db.set_value("Agency Worker", worker, "is_active", 1)
		family.reload()
		family.allocations = [row for row in family.allocations if row.worker != worker]
		family.save()
		frappe.db.commit()

	def test_team_manager_sees_every_family_of_the_team_and_no_other(self):
		user = self.user("tm_a")
		a1, a2, b1 = self.families.a1, self.families.a2, self.families.b1
		self.assertEqual(visible("Family", user) & {a1, a2, b1}, {a1, a2})
		self.assertTrue(set(self.members.a1 + self.members.a2) <= visible("Member", user))
		self.assert_form_refused(user, "Family", b1)
		session = HttpSession(user)
		self.assertEqual(session.resource_names("Family") & {a1, a2, b1}, {a1, a2})

	def test_a_team_manager_who_is_no_longer_one_loses_the_team(self):
		user = new_user(email("temp_tm"), "Temp", "Manager", PASSWORD)
		worker = new_worker(user, CHILDRENS_SERVICES, TEAM_A, "Team Manager")
		frappe.db.set_value("Family Safeguarding Team", TEAM_A, "team_manager", user)
		try:
			self.assertTrue({self.families.a1, self.families.a2} <= visible("Family", user))
			doc = frappe.get_doc("Agency Worker", worker)
			doc.specialism = "Social Worker"
			doc.save()
			self.assertNotEqual(frappe.db.get_value("Family Safeguarding Team", TEAM_A, "team_manager"), user)
			self.assertFalse({self.families.a1, self.families.a2} & visible("Family", user))
		finally:
			frappe.db.set_value("Family Safeguarding Team", TEAM_A, "team_manager", email("tm_a"))
			frappe.db.commit()

	def test_business_support_sees_its_own_team_and_cannot_change_it(self):
		a1, a2, b1 = self.families.a1, self.families.a2, self.families.b1
		self.assertEqual(visible("Family", self.user("bs_a")) & {a1, a2, b1}, {a1, a2})
		self.assertEqual(visible("Family", self.user("bs_b")) & {a1, a2, b1}, {b1})
		self.assertTrue(set(self.members.b1) <= visible("Member", self.user("bs_b")))
		self.assertFalse(set(self.members.a1) & visible("Member", self.user("bs_b")))
		self.assert_form_refused(self.user("bs_b"), "Family", a1)
		family = frappe.get_doc("Family", a1)
		self.assertTrue(frappe.has_permission("Family", "read", family, user=self.user("bs_a")))
		self.assertFalse(frappe.has_permission("Family", "write", family, user=self.user("bs_a")))
		self.assertFalse(frappe.has_permission("Family", "print", family, user=self.user("bs_a")))

	def test_fs_administrator_and_analyst_see_no_case_record(self):
		for key in ("admin", "analyst"):
			user = self.user(key)
			with as_user(user), self.assertRaises(frappe.PermissionError):
				frappe.get_list("Family")
			with as_user(user), self.assertRaises(frappe.PermissionError):
				frappe.get_list("Member")
			self.assert_form_refused(user, "Family", self.families.a1)
			self.assert_form_refused(user, "Member", self.members.a1[0])
			session = HttpSession(user)
			self.assertIsNone(session.resource_names("Family"))
			self.assertIsNone(session.resource_names("Member"))
			self.assertEqual(session.get(f"/api/resource/Family/{self.families.a1}").status_code, 403)

	def test_every_permission_type_follows_the_rule(self):
		seen = frappe.get_doc("Family", self.families.a1)
		unseen = frappe.get_doc("Family", self.families.a2)
		user = self.user("sw_a1")
		for ptype in ("read", "select", "write", "print", "email", "export", "report", "submit", "cancel"):
			self.assertFalse(frappe.has_permission("Family", ptype, unseen, user=user), ptype)
		for ptype in ("read", "write", "print"):
			self.assertTrue(frappe.has_permission("Family", ptype, seen, user=user), ptype)
		# the document-level table: a social worker does not export; no one shares
		self.assertFalse(frappe.has_permission("Family", "export", seen, user=user))
		self.assertFalse(frappe.has_permission("Family", "share", seen, user=user))
		self.assertFalse(frappe.has_permission("Family", "share", seen, user=self.user("tm_a")))
		self.assertTrue(frappe.has_permission("Family", "export", seen, user=self.user("tm_a")))
		self.assertTrue(frappe.has_permission("Family", "print", seen, user=self.user("police_a")))
		self.assertFalse(frappe.has_permission("Family", "write", seen, user=self.user("police_a")))

	def test_a_member_cannot_be_moved_into_a_family_the_user_cannot_see(self):
		member = self.members.a1[1]
		with as_user(self.user("sw_a1")):
			doc = frappe.get_doc("Member", member)
			doc.family = self.families.a2
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		self.assertEqual(frappe.db.get_value("Member", member, "family"), self.families.a1)

	def test_a_member_of_an_unseen_family_cannot_be_pulled_into_a_seen_one(self):
		member = self.members.a2[1]
		doc = frappe.get_doc("Member", member)  # as Administrator, as an attacker might forge it
		with as_user(self.user("sw_a1")):
			doc.family = self.families.a1
			with self.assertRaises(frappe.PermissionError):
				doc.save()
		self.assertEqual(frappe.db.get_value("Member", member, "family"), self.families.a2)

	def test_link_search_offers_only_the_members_of_visible_families(self):
		from frappe.desk.search import search_link

		with as_user(self.user("sw_a1")):
			offered = {row["value"] for row in search_link("Member", "", page_length=100)}
		self.assertTrue(set(self.members.a1) <= offered)
		self.assertFalse(set(self.members.a2 + self.members.b1) & offered)
		with as_user(self.user("sw_a1")):
			offered = {row["value"] for row in search_link("Family", "Test Household", page_length=100)}
		self.assertEqual(offered & set(self.families.values()), {self.families.a1})

	def test_case_records_are_not_in_global_search(self):
		from frappe.utils.global_search import search

		for text in ("Test Household", "Child A1"):
			found = search(text, limit=100)
			self.assertFalse([row for row in found if row.doctype in ("Family", "Member")], text)

	def test_no_one_inside_the_protocol_may_share(self):
		# and no one at all shares a case record: protocol/sharing.py, test_sharing.py
		family = frappe.get_doc("Family", self.families.a1)
		for key in ("sw_a1", "tm_a", "bs_a"):
			self.assertFalse(frappe.has_permission("Family", "share", family, user=self.user(key)), key)


class TestAllocationsAreTheTeamManagersDecision(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def test_a_social_worker_opens_a_family_and_leads_it(self):
		with as_user(self.people.users["sw_a2"]):
			family = frappe.get_doc(
				{"doctype": "Family", "family_name": this_run("Opened By Social Worker"), "team": TEAM_A}
			).insert()
			self.assertEqual(family.lead_social_worker, self.people.workers["sw_a2"])
			self.assertEqual([row.worker for row in family.allocations], [self.people.workers["sw_a2"]])
			self.assertIn(family.name, visible("Family", self.people.users["sw_a2"]))

	def test_a_social_worker_cannot_allocate_anyone(self):
		family = frappe.get_doc("Family", self.people.families.a1)
		with as_user(self.people.users["sw_a1"]):
			family.append("allocations", {"worker": self.people.workers["mh_a"], "from_date": today()})
			with self.assertRaisesRegex(frappe.PermissionError, "team manager"):
				family.save()
		self.assertFalse(
			frappe.db.exists(
				"Family Allocation", {"parent": family.name, "worker": self.people.workers["mh_a"]}
			)
		)

	def test_a_social_worker_cannot_open_a_family_for_someone_else_or_with_others_allocated(self):
		with as_user(self.people.users["sw_a1"]):
			family = frappe.get_doc(
				{
					"doctype": "Family",
					"family_name": this_run("Allocated By Social Worker"),
					"team": TEAM_A,
					"allocations": [{"worker": self.people.workers["police_a"], "from_date": today()}],
				}
			)
			with self.assertRaises(frappe.PermissionError):
				family.insert()
		self.assertFalse(frappe.db.exists("Family", {"family_name": this_run("Allocated By Social Worker")}))

	def test_a_social_worker_cannot_open_a_family_in_another_team(self):
		with as_user(self.people.users["sw_a1"]):
			with self.assertRaises(frappe.PermissionError):
				frappe.get_doc(
					{"doctype": "Family", "family_name": this_run("Other Team's"), "team": TEAM_B}
				).insert()
		self.assertFalse(frappe.db.exists("Family", {"family_name": this_run("Other Team's")}))

	def test_the_team_manager_allocates_a_worker_who_then_sees_the_family(self):
		family = frappe.get_doc("Family", self.people.families.a2)
		mh = self.people.workers["mh_a"]
		self.assertNotIn(family.name, visible("Family", self.people.users["mh_a"]))
		with as_user(self.people.users["tm_a"]):
			family.append("allocations", {"worker": mh, "from_date": today()})
			family.save()
		self.assertIn(family.name, visible("Family", self.people.users["mh_a"]))
