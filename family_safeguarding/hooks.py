app_name = "family_safeguarding"
app_title = "Family Safeguarding"
app_publisher = "family_safeguarding developers"
app_description = "One shared, multi-agency record of each family for Family Safeguarding teams"
app_email = "developers@family-safeguarding.invalid"
app_license = "mit"
required_apps = []

# The desk script (public/js/family_safeguarding.bundle.js): what several reports and forms share
# (filters, form scripts), written once. Built by `bench build --app family_safeguarding`.
app_include_js = f"{app_name}.bundle.js"

# Installation, migration and tests all run the same idempotent setup.
# ------------
after_install = "family_safeguarding.setup.install.after_install"
after_migrate = "family_safeguarding.setup.install.after_migrate"
before_tests = "family_safeguarding.setup.install.before_tests"
before_uninstall = "family_safeguarding.setup.install.before_uninstall"

# Permissions: one row-level rule (family_safeguarding.permissions) behind both hooks, for the case
# DocTypes; Frappe's side tables that point at a record (Tag Link, File, Comment, Version, ...)
# follow the rule of the case record a row points at (protocol/side_tables.py).
# -----------
from family_safeguarding.rules.access import FAMILY_RECORDS, SIDE_TABLES

permission_query_conditions = {
	"Family": "family_safeguarding.permissions.family_query_conditions",
	**{
		doctype: "family_safeguarding.permissions.family_record_query_conditions"
		for doctype in FAMILY_RECORDS
	},
	**{
		doctype: "family_safeguarding.protocol.side_tables.side_table_query_conditions"
		for doctype in SIDE_TABLES
	},
}

has_permission = {
	"Family": "family_safeguarding.permissions.has_family_permission",
	**{doctype: "family_safeguarding.permissions.has_family_record_permission" for doctype in FAMILY_RECORDS},
	**{
		doctype: "family_safeguarding.protocol.side_tables.has_side_table_permission"
		for doctype in SIDE_TABLES
	},
	"File": [
		"family_safeguarding.protocol.side_tables.has_side_table_permission",
		"family_safeguarding.protocol.files.has_file_permission",
	],
}

# Request guard (guard/): deny by default for users inside the protocol. An auth hook runs once on
# every request, after cookie, API-key and OAuth authentication.
auth_hooks = ["family_safeguarding.guard.guard_request"]

# The audit (audit/): every read of a case record by any signed-in user, superusers included, and
# every refusal of the guard, kept once the response is built. The rows stay when the record or the
# user they name is deleted.
after_request = ["family_safeguarding.audit.record.after_request"]
ignore_links_on_delete = ["Case Record Access", "Guard Refusal"]

# Endpoints the app answers itself, so that their check and their use are one piece of code.
override_whitelisted_methods = {
	"frappe.client.get_count": "family_safeguarding.guard.overrides.get_count",
	"frappe.desk.form.load.getdoc": "family_safeguarding.guard.overrides.getdoc",
	"frappe.desk.notifications.get_open_count": "family_safeguarding.guard.overrides.get_open_count",
	"frappe.desk.search.get_link_title": "family_safeguarding.guard.overrides.get_link_title",
}

doc_events = {
	# Writes by users inside the protocol keep to the rule (protocol/writes.py): rows of other
	# records, links into other families, fields the workflow sets, state changes.
	"*": {
		"before_validate": "family_safeguarding.protocol.writes.before_validate",
		"validate": "family_safeguarding.protocol.writes.validate",
		"before_update_after_submit": "family_safeguarding.protocol.writes.before_submitted_record_changes",
		"before_cancel": "family_safeguarding.protocol.writes.before_submitted_record_changes",
	},
	# No copy of a case record's file by its address or content, no attaching beyond the rule
	# (protocol/files.py).
	"File": {
		"before_insert": "family_safeguarding.protocol.files.check_new_file",
		"validate": "family_safeguarding.protocol.files.check_changed_file",
		"on_trash": "family_safeguarding.protocol.files.check_removed_file",
	},
	# A notification about a case record goes only to a user who may read it (protocol/side_tables.py).
	"Notification Log": {
		"before_insert": "family_safeguarding.protocol.side_tables.refuse_notification_beyond_rule",
	},
	# No one shares a case record, System Managers included: a share passes the row rule
	# (protocol/sharing.py). Site-wide sharing stays as the administrator set it.
	"DocShare": {
		"before_insert": "family_safeguarding.protocol.sharing.refuse_share_of_case_record",
		"validate": "family_safeguarding.protocol.sharing.refuse_share_of_case_record",
	},
	# ...nor by a link that opens its print to whoever holds it, Guest included
	"Document Share Key": {
		"before_insert": "family_safeguarding.protocol.sharing.refuse_share_key_of_case_record",
		"validate": "family_safeguarding.protocol.sharing.refuse_share_key_of_case_record",
	},
	# No user holds System Manager (or Administrator) and an FS role together (protocol/superusers.py);
	# no user inside the protocol is e-mailed digests of the records they follow (protocol/following.py).
	"User": {
		"before_validate": "family_safeguarding.protocol.superusers.remember_roles_asked",
		"validate": [
			"family_safeguarding.protocol.superusers.check_user_roles",
			"family_safeguarding.protocol.following.keep_digests_off",
		],
	},
}

# Scheduled Tasks
# ---------------
# Each run of a daily job is kept beyond Frappe's 7-day log (operations/); the hourly check tells the
# System Managers when the daily statutory job has not succeeded for more than a day.
scheduler_events = {
	"daily": [
		"family_safeguarding.operations.jobs.member_ages_job",
		"family_safeguarding.operations.jobs.daily_statutory_job",
		"family_safeguarding.operations.jobs.audit_retention_job",
	],
	"hourly": [
		"family_safeguarding.operations.outage.check_daily_job",
	],
}

# Testing
# -------
# The demo and test users are created by the app; nothing here relies on ERPNext.

# Print formats: what they print is gathered as the printing user (printing.py).
# -------------
jinja = {
	"methods": [
		"family_safeguarding.printing.fs_case_summary",
		"family_safeguarding.printing.fs_family_plan",
		"family_safeguarding.printing.fs_conference_report",
		"family_safeguarding.printing.fs_referral_letter",
		"family_safeguarding.printing.fs_supervision_record",
		"family_safeguarding.printing.fs_date",
		"family_safeguarding.printing.fs_lines",
	],
}
