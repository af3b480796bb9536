"""Superusers stand outside the protocol, so no FS user becomes one: not by an Agency Worker, not
in the User's roles, not by Frappe's "there must be a System Manager" rule, not in the demo; and
the Protocol Check lists what a site already holds."""

from contextlib import contextmanager

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.demo.builders import users_not_throttled
from family_safeguarding.demo.people import (
	IT_ADMINISTRATOR,
	TEAM_STAFF,
	TEAMS,
	demo_email,
	ensure_demo_people,
)
from family_safeguarding.protocol.superusers import stored_roles
from family_safeguarding.rules.roles import ALL_ROLES, SOCIAL_WORKER, TEAM_MANAGER
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.tests.builders import new_user, new_worker
from family_safeguarding.tests.utils import (
	CHILDRENS_SERVICES,
	PASSWORD,
	TEAM_A,
	HttpSession,
	assert_refused_and_nothing_saved,
	email,
	make_people,
)


def unsaved_worker(user, specialism="Social Worker"):
	return frappe.get_doc(
		{
			"doctype": "Agency Worker",
			"user": user,
			"agency": CHILDRENS_SERVICES,
			"team": TEAM_A,
			"specialism": specialism,
		}
	)


@contextmanager
def undone(*users):
	"""Roll back what the block did (it must not commit), and forget the users' cached roles."""
	try:
		yield
	finally:
		frappe.db.rollback()
		frappe.db.value_cache = {}
		frappe.clear_document_cache("System Settings", "System Settings")
		for user in users:
			frappe.clear_cache(user=user)


def as_a_site_fresh_from_the_wizard():
	"""The setup wizard done, and no enabled System Manager but Administrator: the state in which
	Frappe makes the next System User saved a System Manager."""
	frappe.db.set_single_value("System Settings", "setup_complete", 1)
	frappe.db.sql(
		"""delete from `tabHas Role` where parenttype = 'User' and role = %s and parent != 'Administrator'""",
		SYSTEM_MANAGER,
	)
	frappe.db.value_cache = {}


class TestNoFsUserIsASuperuser(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def test_an_agency_worker_for_a_system_manager_is_refused_and_gives_no_role(self):
		user = new_user(email("su_it"), "It", "Tester", PASSWORD, roles=[SYSTEM_MANAGER])
		assert_refused_and_nothing_saved(self, unsaved_worker(user), r"User: .*System Manager.*User field")
		self.assertFalse(stored_roles(user) & set(ALL_ROLES))

	def test_giving_system_manager_to_a_worker_is_refused(self):
		user = frappe.get_doc("User", self.people.users["sw_a1"])
		user.append("roles", {"role": SYSTEM_MANAGER})
		assert_refused_and_nothing_saved(self, user, r"Roles: a user cannot hold System Manager")
		self.assertNotIn(SYSTEM_MANAGER, stored_roles(user.name))

	def test_a_system_manager_with_an_fs_role_but_no_worker_is_listed_not_refused(self):
		"""Without an Agency Worker a user has no allocation and does no case work: Frappe's own test
		users hold every role. Such a user is a superuser like any other, and Protocol Check lists them."""
		from frappe.desk.query_report import run

		user = frappe.get_doc(
			"User", new_user(email("su_it_fs"), "It", "Tester", PASSWORD, roles=[SYSTEM_MANAGER])
		)
		user.append("roles", {"role": SOCIAL_WORKER})
		user.save()
		checks = {(row["check"], row["user"]) for row in run("Protocol Check")["result"]}
		self.assertIn(("System Manager with an FS role", user.name), checks)
		user.set("roles", [row for row in user.roles if row.role != SOCIAL_WORKER])
		user.save()

	def test_frappes_first_user_rule_never_makes_an_fs_user_a_system_manager(self):
		sw_a1 = self.people.users["sw_a1"]
		with undone(sw_a1, email("su_first")):
			as_a_site_fresh_from_the_wizard()
			# any save of an FS user (here a new time zone) would have made them one
			frappe.clear_messages()
			user = frappe.get_doc("User", sw_a1)
			user.time_zone = "Europe/London"
			user.save()
			self.assertEqual(stored_roles(sw_a1) & {SYSTEM_MANAGER}, set())
			# Frappe did add it, and was undone with a word why
			messages = [message.get("message") for message in frappe.local.message_log]
			self.assertTrue(any("was not made a System Manager" in m for m in messages), messages)
			self.assertFalse(any("Adding System Manager" in m for m in messages), messages)
			self.assertIn(SOCIAL_WORKER, stored_roles(sw_a1))
			# a first user ticked with an FS role when created is not made one either
			created = frappe.get_doc(
				{
					"doctype": "User",
					"email": email("su_first"),
					"first_name": "First",
					"send_welcome_email": 0,
					"roles": [{"role": TEAM_MANAGER}],
				}
			)
			with users_not_throttled():
				created.insert()
			self.assertEqual(stored_roles(created.name), {TEAM_MANAGER})

	def test_a_first_user_frappe_made_a_system_manager_cannot_become_a_worker(self):
		with undone(email("su_first")):
			as_a_site_fresh_from_the_wizard()
			user = new_user(email("su_first"), "First", "Tester")
			self.assertIn(SYSTEM_MANAGER, stored_roles(user))  # Frappe's rule, on a user with no role
			assert_refused_and_nothing_saved(self, unsaved_worker(user), r"User: .*System Manager")

	def test_the_demo_makes_its_it_administrator_first_and_no_worker_a_superuser(self):
		demo_users = [demo_email(team, prefix) for team in TEAMS for prefix, *_ in TEAM_STAFF]
		with undone(IT_ADMINISTRATOR, *demo_users):
			as_a_site_fresh_from_the_wizard()
			ensure_demo_people("Demo-Pass-1")
			users_before = frappe.db.count("User")
			ensure_demo_people("Demo-Pass-1")
			self.assertEqual(frappe.db.count("User"), users_before, "the demo added users twice")
			self.assertEqual(stored_roles(IT_ADMINISTRATOR) & set(ALL_ROLES), set())
			self.assertIn(SYSTEM_MANAGER, stored_roles(IT_ADMINISTRATOR))
			self.assertFalse(frappe.db.exists("Agency Worker", {"user": IT_ADMINISTRATOR}))
			first_protocol_user = demo_email("north", "manager")
			created = frappe.get_all(
				"User",
				filters={"name": ("in", [IT_ADMINISTRATOR, *demo_users])},
				order_by="creation",
				pluck="name",
			)
			self.assertEqual(created[:2], [IT_ADMINISTRATOR, first_protocol_user])
			self.assertEqual(
				stored_roles(first_protocol_user) & {SYSTEM_MANAGER, TEAM_MANAGER}, {TEAM_MANAGER}
			)
			for user in demo_users:
				self.assertNotIn(SYSTEM_MANAGER, stored_roles(user), user)


class TestProtocolCheck(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.it_administrator = new_user(email("it_admin"), "It", "Administrator", PASSWORD, [SYSTEM_MANAGER])
		frappe.db.commit()

	def test_it_lists_a_legacy_superuser_worker_and_a_shared_family(self):
		legacy, family = email("su_legacy"), self.people.families.a1
		with undone(legacy):
			new_user(legacy, "Legacy", "Tester", PASSWORD)
			new_worker(legacy, CHILDRENS_SERVICES, TEAM_A, "Social Worker")
			# as a site from before the User hook might hold them, written past it
			frappe.db.sql(
				"""insert into `tabHas Role` (name, parent, parenttype, parentfield, role, idx)
				values (%s, %s, 'User', 'roles', %s, 99)""",
				(frappe.generate_hash(length=10), legacy, SYSTEM_MANAGER),
			)
			frappe.get_doc(
				{
					"doctype": "DocShare",
					"name": frappe.generate_hash(length=10),
					"user": self.people.users["sw_b"],
					"share_doctype": "Family",
					"share_name": family,
					"read": 1,
				}
			).db_insert()

			from frappe.desk.query_report import run

			rows = run("Protocol Check")["result"]
			checks = {(row["check"], row["user"]) for row in rows}
			self.assertIn(("System Manager with an FS role", legacy), checks)
			self.assertIn(("System Manager", legacy), checks)
			shared = [
				row
				for row in rows
				if row["check"] == "Shared case record" and row["user"] == self.people.users["sw_b"]
			]
			self.assertEqual(len(shared), 1, rows)
			self.assertIn(f"Family {family} is shared", shared[0]["finding"])

	def test_it_is_refused_to_a_team_manager_over_http(self):
		path = "/api/method/frappe.desk.query_report.run"
		response = HttpSession(self.people.users["tm_a"]).get(path, {"report_name": "Protocol Check"})
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertNotIn("result", response.json.get("message") or {})
		# while the site's IT administrator runs it (a fixture like the council's own)
		superuser = HttpSession(self.it_administrator)
		response = superuser.get(path, {"report_name": "Protocol Check"})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		self.assertIn("columns", response.json["message"])
