# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.demo.builders import users_not_throttled
from family_safeguarding.rules.roles import SPECIALISM_ROLES
from family_safeguarding.tests.builders import RUN, new_user
from family_safeguarding.tests.utils import (
	CHILDRENS_SERVICES,
	NHS,
	PASSWORD,
	POLICE,
	TEAM_A,
	as_user,
	assert_refused_and_nothing_saved,
	email,
	make_people,
)


def specialism_roles(user):
	return set(frappe.get_roles(user)) & set(SPECIALISM_ROLES)


class TestAgencyWorker(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def new_worker(self, key, **fields):
		user = new_user(email(key), key.title(), "Tester", PASSWORD)
		values = {
			"doctype": "Agency Worker",
			"user": user,
			"agency": POLICE,
			"team": TEAM_A,
			"specialism": "Police Domestic Abuse Officer",
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_saving_a_worker_gives_their_user_exactly_the_role_of_their_specialism(self):
		worker = self.new_worker("aw_role").insert()
		self.assertTrue(worker.name.startswith("AW-"))
		self.assertEqual(specialism_roles(worker.user), {"FS Police Officer"})
		self.assertEqual(frappe.db.get_value("User", worker.user, "user_type"), "System User")

		worker.agency = NHS
		worker.specialism = "Mental Health Practitioner"
		worker.save()
		frappe.clear_cache(user=worker.user)
		self.assertEqual(specialism_roles(worker.user), {"FS Mental Health Practitioner"})

		worker.is_active = 0
		worker.save()
		frappe.clear_cache(user=worker.user)
		self.assertEqual(specialism_roles(worker.user), set())

		worker.is_active = 1
		worker.save()
		worker.delete()
		frappe.clear_cache(user=worker.user)
		self.assertEqual(specialism_roles(worker.user), set())

	def test_a_specialism_that_does_not_fit_the_agency_is_refused_and_gives_no_role(self):
		worker = self.new_worker("aw_mismatch", agency=CHILDRENS_SERVICES)
		assert_refused_and_nothing_saved(
			self, worker, "Police Domestic Abuse Officer is employed by a Police agency"
		)
		self.assertEqual(specialism_roles(worker.user), set())

	def test_changing_to_a_specialism_that_does_not_fit_is_refused_and_keeps_the_role(self):
		worker = self.new_worker("aw_change").insert()
		worker.specialism = "Social Worker"
		assert_refused_and_nothing_saved(
			self, worker, "Social Worker is employed by a Children's Services agency"
		)
		frappe.clear_cache(user=worker.user)
		self.assertEqual(specialism_roles(worker.user), {"FS Police Officer"})

	def test_an_inactive_agency_takes_no_new_workers(self):
		frappe.db.set_value("Agency", POLICE, "is_active", 0)
		try:
			assert_refused_and_nothing_saved(self, self.new_worker("aw_inactive"), "is not active")
		finally:
			frappe.db.set_value("Agency", POLICE, "is_active", 1)

	def test_no_one_changes_their_own_roles_through_their_worker_record(self):
		admin = self.people.users["admin"]
		# an FS Administrator may manage workers...
		with as_user(admin):
			worker = self.new_worker("aw_by_admin").insert()
			self.assertEqual(specialism_roles(worker.user), {"FS Police Officer"})
		# ...but not give themselves a worker record, and so a role
		with as_user(admin):
			own = frappe.get_doc(
				{
					"doctype": "Agency Worker",
					"user": admin,
					"agency": CHILDRENS_SERVICES,
					"team": TEAM_A,
					"specialism": "Team Manager",
				}
			)
			assert_refused_and_nothing_saved(
				self, own, "your own Agency Worker record", frappe.PermissionError
			)
		self.assertNotIn("FS Team Manager", frappe.get_roles(admin))
		# a worker cannot change their own specialism either (they have no write permission at all)
		with as_user(self.people.users["sw_a1"]):
			own = frappe.get_doc("Agency Worker", self.people.workers["sw_a1"])
			own.specialism = "Team Manager"
			with self.assertRaises(frappe.PermissionError):
				own.save()
		self.assertEqual(
			frappe.db.get_value("Agency Worker", self.people.workers["sw_a1"], "specialism"), "Social Worker"
		)

	def test_a_user_has_one_worker_record(self):
		duplicate = frappe.get_doc(
			{
				"doctype": "Agency Worker",
				"user": self.people.users["sw_a1"],
				"agency": CHILDRENS_SERVICES,
				"team": TEAM_A,
				"specialism": "Family Worker",
			}
		)
		assert_refused_and_nothing_saved(self, duplicate, "", frappe.UniqueValidationError)

	def test_the_worker_is_named_without_the_persons_name(self):
		worker = frappe.get_doc("Agency Worker", self.people.workers["sw_a1"])
		self.assertRegex(worker.name, r"^AW-\d{5}$")
		self.assertEqual(worker.full_name, "Sw A1 Tester")


class TestCreatingAWorkersUser(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def test_an_administrator_creates_a_user_with_no_role_until_the_worker_is_saved(self):
		from family_safeguarding.safeguarding_setup.doctype.agency_worker.agency_worker import (
			create_user_for_worker,
		)

		with as_user(self.people.users["admin"]), users_not_throttled():
			user = create_user_for_worker(
				f" New.Starter.{RUN.upper()}@FS-Test.example.org ", "New", "Starter"
			)
			self.assertEqual(user, f"new.starter.{RUN}@fs-test.example.org")
			self.assertEqual(specialism_roles(user), set())
			frappe.get_doc(
				{
					"doctype": "Agency Worker",
					"user": user,
					"agency": POLICE,
					"team": TEAM_A,
					"specialism": "Police Domestic Abuse Officer",
				}
			).insert()
		frappe.clear_cache(user=user)
		self.assertEqual(specialism_roles(user), {"FS Police Officer"})
		# the role makes them a desk user
		self.assertEqual(frappe.db.get_value("User", user, "user_type"), "System User")

	def test_only_administrators_create_users(self):
		from family_safeguarding.safeguarding_setup.doctype.agency_worker.agency_worker import (
			create_user_for_worker,
		)

		with as_user(self.people.users["tm_a"]), self.assertRaises(frappe.PermissionError):
			create_user_for_worker(email("sneaky"), "Sneaky")
		self.assertFalse(frappe.db.exists("User", email("sneaky")))

	def test_a_bad_or_existing_email_is_refused(self):
		from family_safeguarding.safeguarding_setup.doctype.agency_worker.agency_worker import (
			create_user_for_worker,
		)

		with as_user(self.people.users["admin"]):
			with self.assertRaisesRegex(frappe.ValidationError, "not a valid e-mail"):
				create_user_for_worker("not-an-email", "Nobody")
			with self.assertRaisesRegex(frappe.DuplicateEntryError, "already exists"):
				create_user_for_worker(self.people.users["sw_a1"], "Again")
