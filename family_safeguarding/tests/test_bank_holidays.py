"""An administrator's bank holiday corrections in Family Safeguarding Settings move the real due dates
of case records, and a wrong correction is refused naming its row (docs/administrators/operations.md).

Hand-checked dates, England and Wales (no bank holiday in June 2025; the Spring bank holiday is
Monday 26 May 2025):
- strategy discussion Monday 2 June 2025, ICPC within 15 working days: 3-6 Jun (4), 9-13 (9),
  16-20 (14), Monday 23 June (15). With Wednesday 11 June added: 3-6 (4), 9-10 (6), 12-13 (8),
  16-20 (13), 23-24 (15): Tuesday 24 June.
- strategy discussion Friday 16 May 2025: 19-23 May (5), 27-30 (9), 2-6 Jun (14), Monday 9 June (15).
  With 26 May removed: 19-23 (5), 26-30 (10), 2-6 Jun (15): Friday 6 June.
"""

from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from family_safeguarding import timescales
from family_safeguarding.tests.builders import new_member, this_run
from family_safeguarding.tests.utils import as_user, make_people

SETTINGS = "Family Safeguarding Settings"
REASON = this_run("Test correction")


def correct(*rows):
	"""Replace this test's corrections in Settings with `rows` of (date, change), as an administrator
	saving the form would."""
	settings = frappe.get_single(SETTINGS)
	settings.bank_holiday_corrections = [r for r in settings.bank_holiday_corrections if r.reason != REASON]
	for day, change in rows:
		settings.append("bank_holiday_corrections", {"holiday_date": day, "change": change, "reason": REASON})
	settings.save()
	frappe.db.commit()


class TestBankHolidayCorrections(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def setUp(self):
		self.addCleanup(correct)

	def new_plan(self, strategy_discussion):
		child = new_member(
			self.people.families.a1,
			"Child",
			"Holiday" + frappe.generate_hash(length=6),
			"Test",
			date_of_birth="2018-02-02",
		)
		with as_user(self.people.users.sw_a1):
			plan = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": child,
					"strategy_discussion_date": strategy_discussion,
				}
			).insert()
		frappe.db.commit()
		self.addCleanup(self.delete_plan, plan.name)
		return plan

	def delete_plan(self, name):
		frappe.delete_doc("Child Protection Plan", name, force=True, ignore_permissions=True)
		frappe.db.delete("Notification Log", {"document_name": name})
		frappe.db.commit()

	def resaved_icpc_due(self, plan):
		with as_user(self.people.users.sw_a1):
			doc = frappe.get_doc("Child Protection Plan", plan.name)
			doc.save()
		return getdate(frappe.db.get_value("Child Protection Plan", plan.name, "icpc_due"))

	def test_an_added_bank_holiday_moves_an_icpc_due_date_and_taking_it_out_moves_it_back(self):
		plan = self.new_plan("2025-06-02")
		self.assertEqual(getdate(plan.icpc_due), date(2025, 6, 23))

		correct(("2025-06-11", "Add"))
		self.assertEqual(self.resaved_icpc_due(plan), date(2025, 6, 24))
		self.assertEqual(timescales.icpc_due("2025-06-02"), date(2025, 6, 24))

		correct()
		self.assertEqual(self.resaved_icpc_due(plan), date(2025, 6, 23))

	def test_a_removed_bank_holiday_moves_an_icpc_due_date_earlier(self):
		plan = self.new_plan("2025-05-16")
		self.assertEqual(getdate(plan.icpc_due), date(2025, 6, 9))
		correct(("2025-05-26", "Remove"))
		self.assertEqual(self.resaved_icpc_due(plan), date(2025, 6, 6))
		self.assertEqual(timescales.working_days_between("2025-05-23", "2025-05-26"), 1)

	def test_the_daily_job_uses_the_corrected_calendar(self):
		plan = self.new_plan("2025-06-02")
		correct(("2025-06-11", "Add"))
		from family_safeguarding.statutory.daily import run_daily

		run_daily()
		self.assertEqual(
			getdate(frappe.db.get_value("Child Protection Plan", plan.name, "icpc_due")), date(2025, 6, 24)
		)

	def assert_refused(self, rows, message):
		before = frappe.get_all("Bank Holiday Correction", {"parent": SETTINGS}, ["holiday_date", "change"])
		with self.assertRaisesRegex(frappe.ValidationError, message):
			correct(*rows)
		frappe.db.rollback()
		after = frappe.get_all("Bank Holiday Correction", {"parent": SETTINGS}, ["holiday_date", "change"])
		self.assertEqual(sorted(map(str, after)), sorted(map(str, before)))

	def test_a_date_given_twice_is_refused_naming_the_row(self):
		self.assert_refused(
			[("2025-06-11", "Add"), ("2025-06-11", "Remove")],
			r"Bank Holiday Corrections, row #\d+: Date: .* is given in an earlier row already",
		)

	def test_removing_a_day_that_is_not_a_bank_holiday_is_refused_naming_the_row(self):
		self.assert_refused(
			[("2025-06-12", "Remove")],
			r"Bank Holiday Corrections, row #\d+: Date: .* is not a bank holiday of England and Wales",
		)

	def test_a_weekend_day_is_refused(self):
		self.assert_refused([("2025-06-14", "Add")], r"row #\d+: Date: .* is a weekend day")
