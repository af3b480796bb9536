"""National code lists the app records, so that statutory returns can be produced from its data.

The Select options in the DocType JSON carry these codes; the plain test suite checks that they
match. Source: the DfE Children in Need census (2024-25 specification); see
docs/developers/timescales.md, "Outcome measures".
"""

# CIN census Ethnicity codes, as "CODE - description".
ETHNICITY = (
	"WBRI - White British",
	"WIRI - White Irish",
	"WIRT - Traveller of Irish Heritage",
	"WOTH - Any Other White Background",
	"WROM - Gypsy/Roma",
	"MWBC - White and Black Caribbean",
	"MWBA - White and Black African",
	"MWAS - White and Asian",
	"MOTH - Any Other Mixed Background",
	"AIND - Indian",
	"APKN - Pakistani",
	"ABAN - Bangladeshi",
	"AOTH - Any Other Asian Background",
	"BCRB - Black Caribbean",
	"BAFR - Black African",
	"BOTH - Any Other Black Background",
	"CHNE - Chinese",
	"OOTH - Any Other Ethnic Group",
	"REFU - Refused",
	"NOBT - Information Not Yet Obtained",
)

# CIN census Sex (from 2024-25).
SEX = ("F - Female", "M - Male", "U - Not Known")

# CIN census ReasonForClosure.
CLOSURE_REASONS = (
	"RC1 - Adopted",
	"RC2 - Died",
	"RC3 - Child arrangements order",
	"RC4 - Special guardianship order",
	"RC5 - Transferred to another local authority",
	"RC6 - Transferred to adult social care",
	"RC7 - Services ceased for any other reason, including child no longer in need",
	"RC8 - Case closed after assessment, no further action",
	"RC9 - Case closed after assessment, referred to early help",
)

# The presenting issues (priority issues) of the model, each with the CIN census assessment factor
# it is recorded as (FactorsIdentifiedAtAssessment; the parent as subject where the factor has one).
PRIORITY_ISSUES = {
	"Domestic Abuse": ("3B", "Domestic abuse: concerns about the parent or carer"),
	"Parental Alcohol Misuse": ("1B", "Alcohol misuse: concerns about the parent or carer"),
	"Parental Drug Misuse": ("2B", "Drug misuse: concerns about the parent or carer"),
	"Parental Mental Health": ("4B", "Mental health: concerns about the parent or carer"),
	"Neglect": ("16A", "Neglect"),
	"Other": ("20", "Other"),
}

MEMBER_TYPES = ("Child", "Unborn Child", "Parent", "Carer", "Other Adult")

RELATIONSHIPS = (
	"Mother",
	"Father",
	"Step-parent",
	"Parent's Partner",
	"Grandparent",
	"Aunt or Uncle",
	"Sibling",
	"Half-sibling",
	"Step-sibling",
	"Son or Daughter",
	"Foster Carer",
	"Family Friend",
	"Other",
)
