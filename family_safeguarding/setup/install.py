"""Idempotent setup: install, migrate and `before_tests` call these, and running them twice changes nothing.

Setup creates what is missing and never overwrites what an administrator has configured. It leaves
System Settings "Disable Document Sharing" as it is: a share of a case record is refused by the
app's own DocShare hooks (protocol/sharing.py), so sharing stays available to other apps.
"""

import frappe
from frappe import _

from family_safeguarding.rules.audit import DEFAULT_RETENTION_YEARS
from family_safeguarding.rules.code_lists import PRIORITY_ISSUES
from family_safeguarding.rules.roles import ALL_ROLES
from family_safeguarding.rules.working_days import DEFAULT_CALENDAR
from family_safeguarding.setup.workflows import ensure_workflows

# The statutory and local timescales of Family Safeguarding Settings, with their defaults.
SETTINGS_DEFAULTS = {
	"icpc_working_days": 15,
	"first_core_group_working_days": 10,
	"first_review_months": 3,
	"later_review_months": 6,
	"visit_interval_working_days": 10,
	"supervision_interval_months": 1,
	"plo_pre_proceedings_weeks": 16,
	"care_proceedings_weeks": 26,
	"referral_response_working_days": 5,
	"bank_holiday_calendar": DEFAULT_CALENDAR,
	"audit_retention_years": DEFAULT_RETENTION_YEARS,
}

# Clearly labelled placeholders: the real programme's modules are licensed material, which each
# council enters itself (docs/administrators/install.md, "Settings and people").
PLACEHOLDER_MODULES = (
	(1, "Engagement and understanding the worries", "Family"),
	(2, "Family history, genogram and network", "Family"),
	(3, "The child's world and needs", "Child"),
	(4, "Parenting (six dimensions)", "Parent"),
	(5, "Domestic abuse", "Parent"),
	(6, "Substance use", "Parent"),
	(7, "Mental and emotional health", "Parent"),
	(8, "Safety and relapse planning, sustaining change", "Family"),
)
PLACEHOLDER_PURPOSE = (
	"PLACEHOLDER shipped with the app for setting up and testing. Rename this module and replace its "
	"purpose and tools with your council's licensed Family Safeguarding programme."
)


def after_install():
	run_setup()
	ensure_placeholder_workbook_modules()


def after_migrate():
	run_setup()


def before_tests():
	run_setup()
	ensure_placeholder_workbook_modules()
	frappe.db.commit()


def run_setup():
	ensure_module_defs()
	ensure_roles()
	ensure_settings_defaults()
	ensure_priority_issues()
	ensure_workflows()
	ensure_default_print_formats()


def ensure_module_defs():
	"""A module added in a later release needs its Module Def on sites installed before it:
	Frappe creates them only when the app is installed."""
	for module in frappe.get_module_list("family_safeguarding"):
		if not frappe.db.exists("Module Def", module):
			frappe.get_doc(
				{"doctype": "Module Def", "module_name": module, "app_name": "family_safeguarding"}
			).insert(ignore_permissions=True)


# The print format the desk opens first, for DocTypes whose record is printed one way. Frappe
# keeps a standard DocType's default in a Property Setter, as Customize Form does.
DEFAULT_PRINT_FORMATS = {
	"Child Protection Plan": "Child Protection Conference Report",
	"Referral": "Referral Letter",
	"Group Supervision": "Group Supervision Record",
}


def ensure_default_print_formats():
	from frappe.custom.doctype.property_setter.property_setter import make_property_setter

	for doctype, print_format in DEFAULT_PRINT_FORMATS.items():
		if (
			frappe.db.exists("Print Format", print_format)
			and not frappe.get_meta(doctype).default_print_format
		):
			make_property_setter(
				doctype,
				None,
				"default_print_format",
				print_format,
				"Data",
				for_doctype=True,
				validate_fields_for_doctype=False,
			)


def ensure_roles():
	for role_name in ALL_ROLES:
		if not frappe.db.exists("Role", role_name):
			frappe.get_doc({"doctype": "Role", "role_name": role_name, "desk_access": 1}).insert(
				ignore_permissions=True
			)


def ensure_settings_defaults():
	missing = {
		field: value
		for field, value in SETTINGS_DEFAULTS.items()
		if frappe.db.get_single_value("Family Safeguarding Settings", field) in (None, "", 0)
	}
	if missing:
		settings = frappe.get_single("Family Safeguarding Settings")
		settings.update(missing)
		settings.flags.ignore_permissions = True
		settings.save()


def ensure_priority_issues():
	for issue, (code, description) in PRIORITY_ISSUES.items():
		if not frappe.db.exists("Priority Issue", issue):
			frappe.get_doc(
				{
					"doctype": "Priority Issue",
					"issue_name": issue,
					"cin_factor_code": code,
					"description": description,
					"is_active": 1,
				}
			).insert(ignore_permissions=True)


def ensure_placeholder_workbook_modules():
	"""Only on install and for tests: a council that deletes a placeholder does not get it back."""
	for number, title, applies_to in PLACEHOLDER_MODULES:
		if not frappe.db.exists("Workbook Module Template", {"module_number": number}):
			frappe.get_doc(
				{
					"doctype": "Workbook Module Template",
					"module_number": number,
					"module_name": f"Placeholder {number}: {title}",
					"purpose": PLACEHOLDER_PURPOSE,
					"applies_to": applies_to,
					"is_active": 1,
				}
			).insert(ignore_permissions=True)


def before_uninstall():
	"""Refuse to remove the app while case records exist: uninstalling drops their tables."""
	families = frappe.db.count("Family")
	if families:
		frappe.throw(
			_(
				"Family Safeguarding holds {0} family records. Uninstalling would delete them and every "
				"record that belongs to them. Take a backup and remove the case records under your "
				"retention policy first."
			).format(families),
			title=_("Case records exist"),
		)
