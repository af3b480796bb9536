# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.utils import TEAM_A, TEAM_B, assert_refused_and_nothing_saved, make_people


class TestFamilySafeguardingTeam(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def test_team_manager_must_be_an_active_team_manager_of_that_team(self):
		team = frappe.get_doc("Family Safeguarding Team", TEAM_A)
		team.team_manager = self.people.users["sw_a1"]  # a social worker
		assert_refused_and_nothing_saved(self, team, "is not an active Team Manager of this team")
		team.reload()
		team.team_manager = self.people.users["tm_b"]  # manager of another team
		assert_refused_and_nothing_saved(self, team, "is not an active Team Manager of this team")

	def test_the_right_manager_is_accepted(self):
		team = frappe.get_doc("Family Safeguarding Team", TEAM_B)
		team.team_manager = self.people.users["tm_b"]
		team.save()
		self.assertEqual(team.team_manager, self.people.users["tm_b"])
