# Copyright (c) 2026, family_safeguarding developers and Contributors
# See license.txt

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.utils import assert_refused_and_nothing_saved, make_people


class TestGoal(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def goal(self, reviews=(), **fields):
		values = {
			"doctype": "Goal",
			"family": self.people.families.a2,
			"member": self.people.members.a2[0],
			"goal": "Stay calm when the children argue",
			"start_date": add_days(today(), -90),
			"reviews": list(reviews),
		}
		values.update(fields)
		return frappe.get_doc(values)

	def test_baseline_and_latest_progress_scores_are_derived(self):
		goal = self.goal(
			[
				{"review_date": add_days(today(), -30), "scale": "Progress", "score": 5},
				{"review_date": add_days(today(), -90), "scale": "Progress", "score": 2},
				{"review_date": add_days(today(), -60), "scale": "Confidence", "score": 9},
				{"review_date": add_days(today(), -1), "scale": "Progress", "score": 7},
			]
		).insert()
		self.assertEqual((goal.baseline_score, goal.latest_score), (2, 7))

	def test_a_score_outside_zero_to_ten_is_refused(self):
		for score in (11, -1):
			goal = self.goal([{"review_date": today(), "scale": "Progress", "score": score}])
			assert_refused_and_nothing_saved(self, goal, r"Row #1: Score must be from 0 to 10")

	def test_a_goal_for_a_member_of_another_family_is_refused(self):
		assert_refused_and_nothing_saved(
			self, self.goal(member=self.people.members.b1[0]), "not a member of this family"
		)

	def test_review_dates_and_target_dates_must_make_sense(self):
		assert_refused_and_nothing_saved(
			self,
			self.goal([{"review_date": add_days(today(), 2), "scale": "Progress", "score": 3}]),
			"Review Date cannot be in the future",
		)
		assert_refused_and_nothing_saved(
			self,
			self.goal([{"review_date": add_days(today(), -200), "scale": "Progress", "score": 3}]),
			"before the goal's Start Date",
		)
		assert_refused_and_nothing_saved(
			self, self.goal(target_date=add_days(today(), -100)), "Target Date cannot be before Start Date"
		)

	def test_a_later_invalid_review_saves_nothing(self):
		goal = self.goal([{"review_date": add_days(today(), -10), "scale": "Progress", "score": 4}]).insert()
		goal.append("reviews", {"review_date": today(), "scale": "Progress", "score": 12})
		assert_refused_and_nothing_saved(self, goal, "Score must be from 0 to 10")
		self.assertEqual(frappe.db.count("Goal Review", {"parent": goal.name}), 1)
