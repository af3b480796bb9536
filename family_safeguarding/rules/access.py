"""Which DocTypes the row-level rule covers, and how. Pure data, read by hooks.py (which registers
the permission hooks for them), permissions.py (which applies the rule) and the tests."""

# Records that belong to a family through their `family` field and follow its visibility.
FAMILY_RECORDS = (
	"Member",
	"Workbook Module",
	"Goal",
	"Practitioner Summary",
	"Group Supervision",
	"Health Information",
	"Police Information",
	"Child Protection Plan",
	"PLO Case",
	"Referral",
)

# Referrals are also seen, once sent, by the workers of the agency they are sent to (access.md,
# clause 3): the DocType and its fields naming the receiving agency and the sending date.
RECEIVED_BY_AGENCY = {"Referral": ("to_agency", "sent_on")}

# What a worker who reaches a referral only through clause 3 may do to it: answer it. The workflow
# actions they may take, and the fields they may change; nothing else (not the receiving agency,
# which would hand the referral to another agency).
RECEIVER_MAY_CHANGE = {
	"Referral": {
		"actions": ("Accept", "Decline", "Record First Appointment", "Close"),
		"fields": ("first_appointment_on", "decline_reason"),
	},
}

# The print format a receiving agency prints such a record with: it names the need, not the family.
RECEIVER_PRINT_FORMATS = {"Referral": "Referral Letter"}

# Every case DocType: the family and what belongs to it.
CASE_DOCTYPES = ("Family", *FAMILY_RECORDS)

# Business Support see their team's families and members, and nothing else of them.
TEAM_WIDE_FOR_BUSINESS_SUPPORT = ("Family", "Member")

# "(own)" in access.md: only the worker a record belongs to changes it (fieldname of that worker).
OWN_RECORD_FIELD = {
	"Practitioner Summary": "worker",
	"Health Information": "author",
	"Police Information": "author",
}

# ...except that a team manager also changes these, for their team's families.
MANAGER_MAY_CHANGE = ("Practitioner Summary",)

# access.md, "What each role may do (document level)", as data: DocType -> role -> rights, with
# R read, C create, W write, S submit (and cancel), P print, E export. A role not listed has none.
# The DocType permissions must say the same (tests/test_access_table.py), and the bench suite
# tries every right of every role on every path (tests/test_access_matrix.py).
_TEAM_MANAGER, _SOCIAL_WORKER, _BUSINESS_SUPPORT = (
	"FS Team Manager",
	"FS Social Worker",
	"FS Business Support",
)
_PRACTITIONERS = (
	"FS Family Worker",
	"FS Domestic Abuse Practitioner",
	"FS Police Officer",
	"FS Probation Officer",
	"FS Recovery Worker",
	"FS Mental Health Practitioner",
	"FS Clinical Psychologist",
)


def _rights(team_manager: str, social_worker: str, practitioners: str = "", business_support: str = ""):
	table = {_TEAM_MANAGER: team_manager, _SOCIAL_WORKER: social_worker, _BUSINESS_SUPPORT: business_support}
	table.update({role: practitioners for role in _PRACTITIONERS})
	return {role: rights for role, rights in table.items() if rights}


DOCUMENT_RIGHTS = {
	"Family": _rights("RCWPE", "RCWP", "RP", "R"),
	"Member": _rights("RCWPE", "RCWP", "RP", "R"),
	"Workbook Module": _rights("RCWP", "RCWP", "RCWP"),
	"Goal": _rights("RCWP", "RCWP", "RCWP"),
	"Practitioner Summary": _rights("RCWP", "RCWP", "RCWP"),
	"Group Supervision": _rights("RCWSP", "RCWP", "RP"),
	"Health Information": {
		**_rights("RP", "RP"),
		"FS Mental Health Practitioner": "RCWP",
		"FS Clinical Psychologist": "RCWP",
	},
	"Police Information": {
		**_rights("RP", "RP"),
		"FS Police Officer": "RCWP",
		"FS Probation Officer": "RCWP",
		"FS Domestic Abuse Practitioner": "R",
	},
	"Child Protection Plan": _rights("RCWP", "RCWP", "R"),
	"PLO Case": _rights("RCWP", "RCWP"),
	"Referral": _rights("RCWP", "RCWP", "RCWP"),
}

# The letters and the DocPerm columns they stand for.
RIGHT_COLUMNS = {"R": "read", "C": "create", "W": "write", "S": "submit", "P": "print", "E": "export"}

# access.md's last two rows, as data: who runs the outcome reports. The aggregate reports name no
# family and are for team managers, social workers and performance analysts; the two that list
# families by name apply the row-level rule and are for team managers and social workers.
_PERFORMANCE_ANALYST = "FS Performance Analyst"
AGGREGATE_REPORTS = (
	"Caseload",
	"Statutory Timeliness",
	"Child Protection Outcomes",
	"Goal Progress",
	"Referral Response",
	"Workbook Rhythm",
	"Time Use",
	"Headline Measures",
)
NAMED_REPORTS = ("PLO Tracker", "Overdue Statutory Work")
REPORT_ROLES = {
	**{report: (_TEAM_MANAGER, _SOCIAL_WORKER, _PERFORMANCE_ANALYST) for report in AGGREGATE_REPORTS},
	**{report: (_TEAM_MANAGER, _SOCIAL_WORKER) for report in NAMED_REPORTS},
	# access.md, "Audit": the team manager sees who opened, changed, printed or exported a child
	"Record Access History": (_TEAM_MANAGER,),
}

# Frappe's own tables whose rows point at another record, each with its pairs of fields (the
# DocType, the name) that name it. A row pointing at a case record, or at a row of one of its
# child tables, follows that record's rule (protocol/side_tables.py); a row pointing at anything
# else is left to Frappe. A table with no pair names no record but may hold case data (a prepared
# report keeps a report's rows and filters for whoever reads it): none of it is for users inside
# the protocol.
SIDE_TABLES = {
	"Tag Link": (("document_type", "document_name"),),
	"File": (("attached_to_doctype", "attached_to_name"),),
	"Comment": (("reference_doctype", "reference_name"),),
	"Communication": (("reference_doctype", "reference_name"),),
	"Version": (("ref_doctype", "docname"),),
	"Activity Log": (
		("reference_doctype", "reference_name"),
		("timeline_doctype", "timeline_name"),
		("link_doctype", "link_name"),
	),
	"View Log": (("reference_doctype", "reference_name"),),
	"Access Log": (("export_from", "reference_document"),),
	"ToDo": (("reference_type", "reference_name"),),
	"Notification Log": (("document_type", "document_name"),),
	"Document Follow": (("ref_doctype", "ref_docname"),),
	"Energy Point Log": (("reference_doctype", "reference_name"),),
	"Workflow Action": (("reference_doctype", "reference_name"),),
	"Deleted Document": (("deleted_doctype", "deleted_name"),),
	"Reminder": (("reminder_doctype", "reminder_docname"),),
	"Submission Queue": (("ref_doctype", "ref_docname"),),
	"Milestone": (("reference_type", "reference_name"),),
	"DocShare": (("share_doctype", "share_name"),),
	"Document Share Key": (("reference_doctype", "reference_docname"),),
	"Email Queue": (("reference_doctype", "reference_name"),),
	"Error Log": (("reference_doctype", "reference_name"),),
	# the links of a Contact or an Address, which carry the linked record's title
	"Dynamic Link": (("link_doctype", "link_name"),),
	"Prepared Report": (),
}
