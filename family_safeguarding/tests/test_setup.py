"""Setup is idempotent: install, migrate and before_tests run it, and twice changes nothing."""

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.roles import ALL_ROLES
from family_safeguarding.setup import install


def snapshot():
	return {
		"roles": frappe.get_all(
			"Role",
			filters={"name": ("in", ALL_ROLES)},
			fields=["name", "modified", "desk_access"],
			order_by="name",
		),
		"issues": frappe.get_all("Priority Issue", fields=["name", "modified"], order_by="name"),
		"templates": frappe.get_all(
			"Workbook Module Template", fields=["name", "modified", "module_name"], order_by="name"
		),
		"settings": frappe.db.sql(
			"select field, value from tabSingles where doctype = 'Family Safeguarding Settings' order by field"
		),
		"sharing": frappe.db.get_single_value("System Settings", "disable_document_sharing"),
	}


class TestSetup(FrappeTestCase):
	def test_every_role_of_the_protocol_exists_with_desk_access(self):
		for role in ALL_ROLES:
			self.assertEqual(frappe.db.get_value("Role", role, "desk_access"), 1, role)

	def test_setup_run_twice_changes_nothing(self):
		install.after_install()
		first = snapshot()
		install.after_install()
		install.after_migrate()
		self.assertEqual(snapshot(), first)
		self.assertEqual(len(first["roles"]), len(ALL_ROLES))

	def test_setup_keeps_what_an_administrator_configured(self):
		template = frappe.get_all("Workbook Module Template", filters={"module_number": 1}, pluck="name")[0]
		original_name = frappe.db.get_value("Workbook Module Template", template, "module_name")
		frappe.db.set_single_value("Family Safeguarding Settings", "icpc_working_days", 12)
		frappe.db.set_value("Workbook Module Template", template, "module_name", "Our council's first module")
		try:
			install.after_migrate()
			install.after_install()
			self.assertEqual(
				frappe.db.get_single_value("Family Safeguarding Settings", "icpc_working_days"), 12
			)
			self.assertEqual(
				frappe.db.get_value("Workbook Module Template", template, "module_name"),
				"Our council's first module",
			)
		finally:
			frappe.db.set_single_value("Family Safeguarding Settings", "icpc_working_days", 15)
			frappe.db.set_value("Workbook Module Template", template, "module_name", original_name)

	def test_install_and_migrate_leave_site_wide_sharing_as_it_was(self):
		# the app refuses shares of case records itself (protocol/sharing.py, test_sharing.py)
		original = frappe.db.get_single_value("System Settings", "disable_document_sharing")
		try:
			for switch in (1, 0):
				frappe.db.set_single_value("System Settings", "disable_document_sharing", switch)
				install.after_install()
				install.after_migrate()
				install.before_tests()
				self.assertEqual(
					frappe.db.get_single_value("System Settings", "disable_document_sharing"), switch
				)
		finally:
			frappe.db.set_single_value("System Settings", "disable_document_sharing", original)
			frappe.db.commit()


class TestUninstall(FrappeTestCase):
	def test_uninstall_is_refused_while_case_records_exist(self):
		from family_safeguarding.tests.utils import make_people

		make_people()
		with self.assertRaisesRegex(frappe.ValidationError, "family records"):
			install.before_uninstall()


class TestRestoreFingerprint(FrappeTestCase):
	"""The check .ci/run makes after restoring a backup notices a record or a file that differs."""

	def test_a_changed_record_or_file_changes_the_fingerprint(self):
		from family_safeguarding.setup.checks import case_record_fingerprint
		from family_safeguarding.tests.utils import make_people

		people = make_people()
		before = case_record_fingerprint()
		self.assertEqual(before, case_record_fingerprint())
		frappe.db.set_value("Member", people.members.a1[0], "modified", "2001-01-01 00:00:00")
		changed = case_record_fingerprint()
		self.assertNotEqual(changed["Member"]["digest"], before["Member"]["digest"])
		self.assertEqual(changed["Family"], before["Family"])
		frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"fingerprint-{frappe.generate_hash(length=6)}.txt",
				"attached_to_doctype": "Family",
				"attached_to_name": people.families.a1,
				"is_private": 1,
				"content": "a letter",
			}
		).insert(ignore_permissions=True)
		self.assertEqual(case_record_fingerprint()["File"]["rows"], before["File"]["rows"] + 1)
		frappe.db.rollback()
