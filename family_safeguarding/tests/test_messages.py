"""Messages in the reader's language, and stored text in no one's: a rule's message is translated
where it is shown; what is overdue is stored as codes and described for whoever reads it; and the
patch that brings an earlier release's stored sentences into that form changes nothing run twice."""

from contextlib import contextmanager

import frappe
from frappe.desk.form.load import getdoc
from frappe.tests.utils import FrappeTestCase
from frappe.translate import clear_cache as clear_translation_cache
from frappe.utils import add_days, formatdate, getdate, today

from family_safeguarding.patches import stored_text_untranslated
from family_safeguarding.refusals import refuse_rule_errors
from family_safeguarding.rules import RuleError, overdue
from family_safeguarding.rules.titles import referral_title
from family_safeguarding.statutory.daily import run_daily
from family_safeguarding.statutory.overdue import describe
from family_safeguarding.tests.utils import RECOVERY, as_user, make_people, raw_insert

LANGUAGE = "de"


@contextmanager
def translated(translations: dict[str, str]):
	"""The German of these texts, on the site, for the duration."""
	names = [
		frappe.get_doc(
			{"doctype": "Translation", "language": LANGUAGE, "source_text": source, "translated_text": text}
		)
		.insert(ignore_permissions=True)
		.name
		for source, text in translations.items()
	]
	try:
		yield
	finally:
		for name in names:
			frappe.delete_doc("Translation", name, ignore_permissions=True, force=True)
		clear_translation_cache()


@contextmanager
def users_language(user: str, lang: str):
	"""The user's language for the duration. Frappe caches it with the user (get_cached_value), and
	the tests after this one share the user: so clear that cache both ways."""
	frappe.db.set_value("User", user, "language", lang)
	frappe.clear_document_cache("User", user)
	try:
		yield
	finally:
		frappe.db.set_value("User", user, "language", None)
		frappe.clear_document_cache("User", user)


@contextmanager
def speaking(lang: str):
	previous = frappe.local.lang
	frappe.local.lang = lang
	try:
		yield
	finally:
		frappe.local.lang = previous


class TestRuleMessages(FrappeTestCase):
	def refusal(self, error: RuleError) -> str:
		with self.assertRaises(frappe.ValidationError) as refused, refuse_rule_errors():
			raise error
		return str(refused.exception)

	def test_a_rules_message_is_translated_where_it_is_shown_then_filled(self):
		template = "Postcode '{value}' is not a valid UK postcode."
		with translated({template: "Die Postleitzahl '{value}' ist keine britische Postleitzahl."}):
			with speaking(LANGUAGE):
				shown = self.refusal(RuleError("postcode", template, value="XYZ"))
		self.assertEqual(shown, "Die Postleitzahl 'XYZ' ist keine britische Postleitzahl.")
		with speaking("en"):
			self.assertEqual(
				self.refusal(RuleError("postcode", template, value="XYZ")),
				"Postcode 'XYZ' is not a valid UK postcode.",
			)

	def test_dates_are_shown_in_the_users_format_and_a_row_is_named(self):
		day = getdate("2026-03-02")
		shown = self.refusal(
			RuleError(
				"allocations",
				"To Date {to_date} is before From Date {from_date}.",
				row=2,
				to_date=day,
				from_date=day,
			)
		)
		self.assertEqual(shown, f"Row #2: To Date {formatdate(day)} is before From Date {formatdate(day)}.")

	def test_a_refusal_by_a_form_comes_from_the_rule(self):
		people = make_people()
		family = frappe.get_doc("Family", people.families.a1)
		family.append("allocations", {"worker": people.workers.sw_a2, "from_date": "2026-01-01"})
		family.append("allocations", {"worker": people.workers.sw_a2, "from_date": "2026-02-01"})
		with self.assertRaisesRegex(frappe.ValidationError, "is already allocated to this family from"):
			family.save(ignore_permissions=True)


class TestStoredText(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.u = cls.people.users

	def new_plan(self, **fields) -> str:
		with as_user(self.u.sw_a1):
			plan = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": self.people.members.a1[1],
					"strategy_discussion_date": add_days(today(), -40),
					**fields,
				}
			).insert()
		# the daily job commits what it notifies, and the plan's name comes back to the series when
		# the test's work is rolled back: so remove both for good, or a later test that gets the same
		# name finds these notifications (cleanups run last first: the commit runs last)
		self.addCleanup(frappe.db.commit)
		self.addCleanup(frappe.delete_doc, "Child Protection Plan", plan.name, force=True)
		self.addCleanup(frappe.db.delete, "Notification Log", {"document_name": plan.name})
		return plan.name

	def test_the_form_describes_the_stored_codes_in_the_readers_language(self):
		plan = self.new_plan()
		stored = frappe.db.get_value("Child Protection Plan", plan, "overdue_items")
		self.assertEqual([code for code, _due in overdue.decode(stored)], [overdue.INITIAL_CONFERENCE])
		frappe.local.response = frappe._dict(docs=[])
		with as_user(self.u.sw_a1):
			getdoc("Child Protection Plan", plan)
		(loaded,) = frappe.response.docs
		self.assertEqual(loaded.get("__onload").overdue, describe(stored))
		with translated({"Initial child protection conference": "Erste Kinderschutzkonferenz"}):
			with speaking(LANGUAGE):
				self.assertTrue(describe(stored)[0].startswith("Erste Kinderschutzkonferenz"))

	def test_each_recipient_is_told_in_their_own_language(self):
		plan = self.new_plan()
		with translated({"Overdue: {0} for {1} {2} (due {3})": "Überfällig: {0} für {1} {2} (fällig {3})"}):
			with users_language(self.u.tm_a, LANGUAGE):
				run_daily()
		subjects = dict(
			frappe.get_all("Notification Log", {"document_name": plan}, ["for_user", "subject"], as_list=True)
		)
		self.assertTrue(subjects[self.u.tm_a].startswith("Überfällig: "), subjects)
		self.assertTrue(subjects[self.u.sw_a1].startswith("Overdue: "), subjects)

	def test_the_patch_stores_codes_and_titles_and_changes_nothing_run_again(self):
		plan = self.new_plan()
		due = add_days(today(), -19)
		# what an earlier release stored, in the language of whoever saved the record
		frappe.db.set_value(
			"Child Protection Plan",
			plan,
			{
				"overdue_items": f"Erste Kinderschutzkonferenz: fällig {formatdate(due)}",
				"notified_overdue": f"Initial child protection conference|{due}\nSomething else|{due}",
			},
			update_modified=False,
		)
		referral = raw_insert(
			{
				"doctype": "Referral",
				"family": self.people.families.a1,
				"to_agency": RECOVERY,
				"reason": "Parental Alcohol Misuse",
				"title": "Parental Alcohol Misuse Überweisung an die Suchtberatung",
				"workflow_state": "Draft",
			}
		)
		self.addCleanup(frappe.db.delete, "Referral", referral)
		stored_text_untranslated.execute()
		after = frappe.db.get_value(
			"Child Protection Plan", plan, ["overdue_items", "notified_overdue", "modified"], as_dict=True
		)
		self.assertEqual(overdue.decode(after.overdue_items)[0][0], overdue.INITIAL_CONFERENCE)
		self.assertIn(
			overdue.line(overdue.INITIAL_CONFERENCE, getdate(due)), after.notified_overdue.splitlines()
		)
		self.assertIn(f"Something else|{due}", after.notified_overdue.splitlines())
		self.assertEqual(
			frappe.db.get_value("Referral", referral, "title"),
			referral_title("Parental Alcohol Misuse", RECOVERY),
		)
		stored_text_untranslated.execute()
		self.assertEqual(
			frappe.db.get_value(
				"Child Protection Plan", plan, ["overdue_items", "notified_overdue", "modified"], as_dict=True
			),
			after,
		)
