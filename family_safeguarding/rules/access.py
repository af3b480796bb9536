"""Which DocTypes the row-level rule covers, and how. Pure data, read by hooks.py (which registers
the permission hooks for them), permissions.py (which applies the rule) and the tests."""

from family_safeguarding.rules.roles import (
	BUSINESS_SUPPORT,
	CLINICAL_PSYCHOLOGIST,
	DOMESTIC_ABUSE_PRACTITIONER,
	MENTAL_HEALTH_PRACTITIONER,
	PERFORMANCE_ANALYST,
	POLICE_OFFICER,
	PRACTITIONER_ROLES,
	PROBATION_OFFICER,
	SOCIAL_WORKER,
	TEAM_MANAGER,
)
from family_safeguarding.rules.workflows import ACCEPT, CLOSE, DECLINE, RECORD_FIRST_APPOINTMENT

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
	"CIN Episode",
	"Social Care Contact",
)

# Referrals are also seen, once sent, by the workers of the agency they are sent to: the DocType
# and its fields naming the receiving agency and the sending date (the receiving-agency clause:
# docs/information-governance/access-protocol.md, "Receiving agencies").
RECEIVED_BY_AGENCY = {"Referral": ("to_agency", "sent_on")}

# What a worker who reaches a referral only through the receiving-agency clause may do to it:
# answer it. The workflow actions they may take, and the fields they may change; nothing else (not
# the receiving agency, which would hand the referral to another agency).
RECEIVER_MAY_CHANGE = {
	"Referral": {
		"actions": (ACCEPT, DECLINE, RECORD_FIRST_APPOINTMENT, CLOSE),
		"fields": ("first_appointment_on", "decline_reason"),
	},
}

# The print format a receiving agency prints such a record with: it names the need, not the family.
RECEIVER_PRINT_FORMATS = {"Referral": "Referral Letter"}

# Every case DocType: the family and what belongs to it.
CASE_DOCTYPES = ("Family", *FAMILY_RECORDS)

# Records that are not a family's but hold case data of many families: the statutory returns made
# from the case records and the imports that made them, each with a private file of children's
# records (the census XML, the Annex A workbook, the imported file) and child rows naming children
# (LA child IDs, findings). No row rule applies to them: their role permissions alone say who reads
# them. What would let their data past those permissions is closed as for a case record: their
# files, the side tables pointing at them, shares and follows (permissions.case_data_doctypes).
HOLDERS_OF_CASE_DATA = ("CIN Census Return", "Annex A Return", "CIN Import")

# Business Support see their team's families and members, and nothing else of them.
TEAM_WIDE_FOR_BUSINESS_SUPPORT = ("Family", "Member")

# Own records (docs/information-governance/access-protocol.md, "What each role may do with what it
# reaches"): only the worker a record belongs to changes it (fieldname of that worker).
OWN_RECORD_FIELD = {
	"Practitioner Summary": "worker",
	"Health Information": "author",
	"Police Information": "author",
}

# ...except that a team manager also changes these, for their team's families.
MANAGER_MAY_CHANGE = ("Practitioner Summary",)


# The rights table of docs/information-governance/access-protocol.md ("What each role may do with
# what it reaches"), as data: DocType -> role -> rights, with R read, C create, W write, S submit
# (and cancel), P print, E export. A role not listed has none.
# The DocType permissions must say the same (tests/test_access_table.py), and the bench suite
# tries every right of every role on every path (tests/test_access_matrix.py).
def _rights(team_manager: str, social_worker: str, practitioners: str = "", business_support: str = ""):
	table = {TEAM_MANAGER: team_manager, SOCIAL_WORKER: social_worker, BUSINESS_SUPPORT: business_support}
	table.update({role: practitioners for role in PRACTITIONER_ROLES})
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
		MENTAL_HEALTH_PRACTITIONER: "RCWP",
		CLINICAL_PSYCHOLOGIST: "RCWP",
	},
	"Police Information": {
		**_rights("RP", "RP"),
		POLICE_OFFICER: "RCWP",
		PROBATION_OFFICER: "RCWP",
		DOMESTIC_ABUSE_PRACTITIONER: "R",
	},
	"Child Protection Plan": _rights("RCWP", "RCWP", "R"),
	"PLO Case": _rights("RCWP", "RCWP"),
	"Referral": _rights("RCWP", "RCWP", "RCWP"),
	"CIN Episode": _rights("RCWP", "RCWP", "R"),
	"Social Care Contact": _rights("RCWP", "RCWP", "R"),
}

# The letters and the DocPerm columns they stand for.
RIGHT_COLUMNS = {"R": "read", "C": "create", "W": "write", "S": "submit", "P": "print", "E": "export"}

# Who runs which report, as data (docs/information-governance/access-protocol.md, "Who runs which
# report"). The aggregate reports name no family and are for team managers, social workers and
# performance analysts; the two that list families by name apply the row-level rule and are for
# team managers and social workers.
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
	**{report: (TEAM_MANAGER, SOCIAL_WORKER, PERFORMANCE_ANALYST) for report in AGGREGATE_REPORTS},
	**{report: (TEAM_MANAGER, SOCIAL_WORKER) for report in NAMED_REPORTS},
	# the team manager sees who read or changed a child's records (docs/information-governance/audit.md)
	"Record Access History": (TEAM_MANAGER,),
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
	# the app's audit of reads and of the guard's refusals: for System Managers only (audit/)
	"Case Record Access": (),
	"Guard Refusal": (),
}
