"""The restore check (.ci/run; docs/administrators/backup-and-restore.md, "The restore drill"): the
fingerprint of the case records sees one field of one row, and one byte of one attached file, and
is the same for the same data."""

import os

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.setup.checks import FILE_CONTENTS, case_record_fingerprint
from family_safeguarding.tests.utils import make_people


class TestCaseRecordFingerprint(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def tearDown(self):
		frappe.db.rollback()

	def test_the_same_data_gives_the_same_fingerprint(self):
		self.assertEqual(case_record_fingerprint(), case_record_fingerprint())

	def test_one_field_of_one_record_changes_it(self):
		member = self.people.members.a1[1]
		before = case_record_fingerprint()
		self.assertGreaterEqual(before["Member"]["rows"], 2)
		first_name = frappe.db.get_value("Member", member, "first_name")
		# neither the modified time nor the name changes: only the field itself
		frappe.db.set_value("Member", member, "first_name", first_name + "x", update_modified=False)
		changed = case_record_fingerprint()
		self.assertNotEqual(changed["Member"]["digest"], before["Member"]["digest"])
		self.assertEqual(changed["Member"]["rows"], before["Member"]["rows"])
		self.assertEqual(
			{k: v for k, v in changed.items() if k != "Member"},
			{k: v for k, v in before.items() if k != "Member"},
		)
		frappe.db.set_value("Member", member, "first_name", first_name, update_modified=False)
		self.assertEqual(case_record_fingerprint(), before)

	def test_one_field_of_a_child_table_row_changes_it(self):
		family = frappe.get_doc("Family", self.people.families.a1)
		row = family.allocations[0]
		before = case_record_fingerprint()
		frappe.db.set_value("Family Allocation", row.name, "idx", row.idx + 100, update_modified=False)
		self.assertNotEqual(case_record_fingerprint()["Family Allocation"], before["Family Allocation"])

	def test_one_byte_of_an_attached_file_changes_it(self):
		for is_private in (1, 0):
			with self.subTest(private=is_private):
				file = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"fingerprint-{frappe.generate_hash(length=8)}.txt",
						"attached_to_doctype": "Family",
						"attached_to_name": self.people.families.a1,
						"is_private": is_private,
						"content": "a letter about the family",
					}
				).insert(ignore_permissions=True)
				path = file.get_full_path()
				try:
					before = case_record_fingerprint()
					self.assertEqual(case_record_fingerprint(), before)
					with open(path, "r+b") as f:
						f.write(b"A")  # "a letter" becomes "A letter": one byte, the same size
					changed = case_record_fingerprint()
					self.assertNotEqual(changed[FILE_CONTENTS], before[FILE_CONTENTS])
					self.assertEqual(changed["File"], before["File"])  # the row itself is unchanged
					with open(path, "r+b") as f:
						f.write(b"a")
					self.assertEqual(case_record_fingerprint(), before)
					os.remove(path)
					self.assertNotEqual(case_record_fingerprint()[FILE_CONTENTS], before[FILE_CONTENTS])
				finally:
					frappe.db.rollback()
					if os.path.exists(path):
						os.remove(path)

	def test_a_side_table_row_pointing_at_a_case_record_changes_it(self):
		before = case_record_fingerprint()
		frappe.get_doc(
			{
				"doctype": "Comment",
				"comment_type": "Comment",
				"reference_doctype": "Family",
				"reference_name": self.people.families.a1,
				"content": "seen at home",
			}
		).insert(ignore_permissions=True)
		changed = case_record_fingerprint()
		self.assertEqual(changed["Comment"]["rows"], before["Comment"]["rows"] + 1)
