"""SQL and HTML typed into any text field of a case record: the SQL is kept as text and run by no
one, the markup is neutralised when the record is saved, and no print shows it as markup."""

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.access import CASE_DOCTYPES
from family_safeguarding.tests.utils import RECOVERY, make_people, raw_insert

TEXT_TYPES = ("Data", "Small Text", "Text", "Long Text")
HOSTILE = "<script>alert('fs')</script><img src=x onerror=alert(2)> '; DROP TABLE `tabFamily`; -- \"q\""


def text_fields(doctype: str) -> list[str]:
	"""The free-text fields a user types into: not derived, not hidden, no fixed format, and long
	enough for the text (identifiers such as the postcode are checked by their own rules)."""
	return [
		df.fieldname
		for df in frappe.get_meta(doctype).fields
		if df.fieldtype in TEXT_TYPES
		and not df.read_only
		and not df.hidden
		and not df.options
		and not (df.length and df.length < len(HOSTILE))
	]


class TestHostileText(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		people = make_people()
		frappe.set_user("Administrator")
		family, (parent, child) = people.families.a1, people.members.a1
		cls.records = {"Family": family, "Member": child}
		for doctype, fields in (
			("Workbook Module", {}),
			("Goal", {"member": parent, "goal": "x"}),
			("Practitioner Summary", {}),
			("Group Supervision", {}),
			("Health Information", {"member": parent}),
			("Police Information", {"member": parent}),
			("Child Protection Plan", {"member": child}),
			("PLO Case", {}),
			("Referral", {"to_agency": RECOVERY}),
			("CIN Episode", {"member": child, "referral_date": "2025-04-07"}),
			("Social Care Contact", {"member": child, "contact_date": "2025-04-04"}),
		):
			cls.records[doctype] = raw_insert({"doctype": doctype, "family": family, **fields})

	def test_every_text_field_of_every_case_doctype(self):
		tried = 0
		families = frappe.db.count("Family")
		for doctype in CASE_DOCTYPES:
			doc = frappe.get_doc(doctype, self.records[doctype])
			fields = text_fields(doctype)
			for fieldname in fields:
				doc.set(fieldname, HOSTILE)
			# the controllers' own rules are not what is tried here: only what Frappe does with the text
			doc.flags.ignore_validate = doc.flags.ignore_mandatory = doc.flags.ignore_links = True
			doc.save(ignore_permissions=True)
			# had the text run as SQL, the table would be gone (and MariaDB would have committed)
			self.assertIn("tabFamily", frappe.db.get_tables(cached=False), "the SQL in the text ran")
			self.assertEqual(frappe.db.count("Family"), families, "the SQL in the text ran")
			for fieldname in fields:
				with self.subTest(doctype=doctype, field=fieldname):
					stored = frappe.db.get_value(doctype, doc.name, fieldname) or ""
					self.assertNotIn("<script", stored)
					self.assertNotIn("onerror", stored)
					if fieldname not in ("family_name",):  # a title may be derived from other fields
						self.assertIn("DROP TABLE `tabFamily`", stored)
					tried += 1
			html = frappe.get_print(doctype, doc.name, "Standard")
			with self.subTest(doctype=doctype, print="Standard"):
				self.assertNotIn("<script>alert", html)
				self.assertNotIn("onerror=alert", html)
		print(f"\nhostile text: {tried} text fields of {len(CASE_DOCTYPES)} case DocTypes, each printed")
		self.assertGreater(tried, 20)
