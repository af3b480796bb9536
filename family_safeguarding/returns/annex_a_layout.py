"""Ofsted's Annex A lists this app can fill, as data: each list's sheet, its columns in order as
(header, source key, value format), and the maps from the app's codes to Ofsted's wording.

Ofsted revises the headers and the wording of values between frameworks: a revision is a change
here, and nowhere else (docs/returns/annex-a.md, "When Ofsted revises Annex A"). The headers follow
the child-level lists of Annex A of Ofsted's ILACS guidance as published for 2023 to 2024; check
them against the current guidance before a return goes to Ofsted.

A source key names a value of the rows returns/annex_a.py reads from the records. NOT_RECORDED is
a column the app has nothing for: its cells are always empty, never guessed.
"""

from typing import NamedTuple

from family_safeguarding.rules.annex_a import (
	AGE,
	CASE_STATUS,
	CATEGORY,
	CHILD_IN_NEED_PLAN,
	CHILD_PROTECTION_PLAN,
	CLOSED_EPISODE,
	CLOSURE_REASON,
	COUNT,
	DATE,
	ETHNICITY,
	GENDER,
	LOOKED_AFTER,
	NO,
	OPEN_ASSESSMENT,
	PRIMARY_NEED,
	SOURCE,
	TEXT,
	UNKNOWN,
	YES,
	YES_NO,
	YES_NO_UNKNOWN,
)

REVISION = "Ofsted ILACS Annex A, 2023 to 2024"

NOT_RECORDED = None


class Column(NamedTuple):
	header: str
	source: str | None
	value_format: str


class AnnexList(NamedTuple):
	key: str  # the source of the list's rows, and its count on an Annex A Return
	sheet: str
	title: str
	columns: tuple[Column, ...]


COMMON_COLUMNS = (
	Column("Child Unique ID", "child_id", TEXT),
	Column("Gender", "sex", GENDER),
	Column("Ethnicity", "ethnicity", ETHNICITY),
	Column("Date of Birth", "date_of_birth", DATE),
	Column("Age of Child (Years)", "date_of_birth", AGE),
)
DISABILITY = Column("Does the Child have a Disability", "disability", YES_NO_UNKNOWN)
ALLOCATED = (
	Column("Allocated Team", "team", TEXT),
	Column("Allocated Worker", "worker", TEXT),
)

CONTACTS = AnnexList(
	"contacts",
	"List 1",
	"Contacts",
	(
		*COMMON_COLUMNS,
		Column("Date of Contact", "contact_date", DATE),
		Column("Contact Source", "contact_source", SOURCE),
	),
)
REFERRALS = AnnexList(
	"referrals",
	"List 3",
	"Referrals",
	(
		*COMMON_COLUMNS,
		Column("Date of Referral", "referral_date", DATE),
		Column("Referral Source", "referral_source", SOURCE),
		Column("Referral NFA?", "no_further_action", YES_NO),
		Column("Number of Referrals in Last 12 Months", "referrals_in_12_months", COUNT),
		*ALLOCATED,
	),
)
ASSESSMENTS = AnnexList(
	"assessments",
	"List 4",
	"Assessments",
	(
		*COMMON_COLUMNS,
		DISABILITY,
		Column("Continuous Assessment Start Date", "start_date", DATE),
		Column("Child Seen During Continuous Assessment", "child_seen", YES_NO_UNKNOWN),
		Column("Continuous Assessment Date of Authorisation", "authorisation_date", DATE),
		Column(
			"Was the child assessed as requiring LA children's social care support?",
			"support_needed",
			YES_NO_UNKNOWN,
		),
		*ALLOCATED,
	),
)
SECTION_47_ENQUIRIES = AnnexList(
	"section_47_enquiries",
	"List 5",
	"Section 47 enquiries and initial child protection conferences",
	(
		*COMMON_COLUMNS,
		DISABILITY,
		Column("Strategy discussion initiating Section 47 Enquiry Start Date", "section_47_start", DATE),
		Column("Was an Initial Child Protection Conference deemed unnecessary?", "icpc_not_required", YES_NO),
		Column("Date of Initial Child Protection Conference", "icpc_date", DATE),
		Column(
			"Did the Initial Child Protection Conference Result in a Child Protection Plan",
			"icpc_made_plan",
			YES_NO,
		),
		Column("Number of Section 47 Enquiries in the last 12 months", "section_47s_in_12_months", COUNT),
		Column("Number of ICPCs in the last 12 months", "icpcs_in_12_months", COUNT),
		*ALLOCATED,
	),
)
CHILDREN_IN_NEED = AnnexList(
	"children_in_need",
	"List 6",
	"Children in need",
	(
		*COMMON_COLUMNS,
		DISABILITY,
		Column("CIN Start Date", "referral_date", DATE),
		Column("Primary Need Code", "primary_need", PRIMARY_NEED),
		Column("Date Child Was Last Seen", "last_seen", DATE),
		Column("CIN Closure Date", "closure_date", DATE),
		Column("Reason for Closure", "closure_reason", CLOSURE_REASON),
		Column("Case Status", "case_status", CASE_STATUS),
		*ALLOCATED,
	),
)
CHILD_PROTECTION = AnnexList(
	"child_protection",
	"List 7",
	"Child protection",
	(
		*COMMON_COLUMNS,
		DISABILITY,
		Column("Child Protection Plan Start Date", "plan_start", DATE),
		Column("Initial Category of Abuse", "initial_category", CATEGORY),
		Column("Latest Category of Abuse", "latest_category", CATEGORY),
		Column("Date of the Last Statutory Visit", "last_visit", DATE),
		Column("Was the Child Seen Alone?", NOT_RECORDED, YES_NO_UNKNOWN),
		Column("Date of latest review conference", "latest_review", DATE),
		Column("Child Protection Plan End Date", "plan_end", DATE),
		Column(
			"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
			NOT_RECORDED,
			YES_NO,
		),
		Column("Number of Previous Child Protection Plans", "previous_plans", COUNT),
		*ALLOCATED,
	),
)

LISTS = (CONTACTS, REFERRALS, ASSESSMENTS, SECTION_47_ENQUIRIES, CHILDREN_IN_NEED, CHILD_PROTECTION)

# The app's codes (rules/code_lists.py, rules/census/codes.py, rules/statutory.py) in Ofsted's
# wording, by value format.
VALUE_MAPS = {
	GENDER: {"M": "a) Male", "F": "b) Female", "U": "c) Not stated/recorded"},
	ETHNICITY: {
		"WBRI": "a) WBRI",
		"WIRI": "b) WIRI",
		"WIRT": "c) WIRT",
		"WOTH": "d) WOTH",
		"WROM": "e) WROM",
		"MWBC": "f) MWBC",
		"MWBA": "g) MWBA",
		"MWAS": "h) MWAS",
		"MOTH": "i) MOTH",
		"AIND": "j) AIND",
		"APKN": "k) APKN",
		"ABAN": "l) ABAN",
		"AOTH": "m) AOTH",
		"BCRB": "n) BCRB",
		"BAFR": "o) BAFR",
		"BOTH": "p) BOTH",
		"CHNE": "q) CHNE",
		"OOTH": "r) OOTH",
		"REFU": "s) REFU",
		"NOBT": "t) NOBT",
	},
	SOURCE: {
		"1A": "a) 1A: Individual",
		"1B": "b) 1B: Individual",
		"1C": "c) 1C: Individual",
		"1D": "d) 1D: Individual",
		"2A": "e) 2A: Schools",
		"2B": "f) 2B: Education services",
		"3A": "g) 3A: Health services",
		"3B": "h) 3B: Health services",
		"3C": "i) 3C: Health services",
		"3D": "j) 3D: Health services",
		"3E": "k) 3E: Health services",
		"3F": "l) 3F: Health services",
		"4": "m) 4: Housing",
		"5A": "n) 5A: LA services",
		"5B": "o) 5B: LA services",
		"5C": "p) 5C: LA services",
		"5D": "p1) 5D: LA services",
		"6": "q) 6: Police",
		"7": "r) 7: Other legal agency",
		"8": "s) 8: Other",
		"9": "t) 9: Anonymous",
		"10": "u) 10: Unknown",
	},
	YES_NO: {YES: "a) Yes", NO: "b) No"},
	YES_NO_UNKNOWN: {YES: "a) Yes", NO: "b) No", UNKNOWN: "c) Unknown"},
	CATEGORY: {
		"NEG": "a) Neglect",
		"PHY": "b) Physical abuse",
		"SAB": "c) Sexual abuse",
		"EMO": "d) Emotional abuse",
		"MUL": "e) Multiple/not recommended",
	},
	PRIMARY_NEED: {
		"N1": "N1 - Abuse or neglect",
		"N2": "N2 - Child's disability",
		"N3": "N3 - Parental disability or illness",
		"N4": "N4 - Family in acute stress",
		"N5": "N5 - Family dysfunction",
		"N6": "N6 - Socially unacceptable behaviour",
		"N7": "N7 - Low income",
		"N8": "N8 - Absent parenting",
		"N9": "N9 - Cases other than children in need",
		"N0": "N0 - Not stated",
	},
	CLOSURE_REASON: {
		"RC1": "RC1 - Adopted",
		"RC2": "RC2 - Died",
		"RC3": "RC3 - Child arrangements order",
		"RC4": "RC4 - Special guardianship order",
		"RC5": "RC5 - Transferred to services of another local authority",
		"RC6": "RC6 - Transferred to adult social care services",
		"RC7": "RC7 - Services ceased for any other reason, including child no longer in need",
		"RC8": "RC8 - Case closed after assessment, no further action",
		"RC9": "RC9 - Case closed after assessment, referred to early help",
	},
	CASE_STATUS: {
		LOOKED_AFTER: "a) Looked after child",
		CHILD_PROTECTION_PLAN: "b) Child Protection plan",
		CHILD_IN_NEED_PLAN: "c) Child in need plan",
		OPEN_ASSESSMENT: "d) Open assessment",
		CLOSED_EPISODE: "e) Closed episode",
	},
}
