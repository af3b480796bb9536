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
