"""What the Children in Need census needs to know of each demo child: sex, ethnicity, the UPN or why
there is none, the council's LA child ID and disabilities. The North team's children have an LA
child ID; the South team's have none, so the census names them by their record."""

import frappe

from family_safeguarding.demo.families import demo_family
from family_safeguarding.rules.census.codes import (
	DISABILITIES,
	NO_DISABILITY,
	UPN_UNKNOWN_REASONS,
	code_of,
)
from family_safeguarding.rules.code_lists import ETHNICITY, SEX
from family_safeguarding.rules.identifiers import upn_check_letter

# The demo council's three-digit LA code, in the return's header and in its pupils' UPNs. A code
# the DfE's validator accepts (DfE 1530 for UPNs); the demo council is made up, so is its choice.
DEMO_LA_CODE = "201"
DEMO_SCHOOL = "2001"
# a school-age child who moved in from another council keeps that council's UPN as its former one
OTHER_LA_CODE = "873"

# (household, first name; None for its unborn child) -> sex, ethnicity, the UPN's serial or the
# reason there is no UPN (UN1: not of school age), LA child ID, disabilities (none: "NONE").
CHILDREN = {
	("Ashworth household", "Maisie"): ("F", "WBRI", 1, "HC100101", ()),
	("Ashworth household", "Jack"): ("M", "WBRI", "UN1", "HC100102", ()),
	("Brennan household", "Connor"): ("M", "WIRI", 2, "HC100201", ()),
	("Brennan household", "Aoife"): ("F", "WIRI", 3, "HC100202", ()),
	("Chowdhury household", "Ayaan"): ("M", "ABAN", "UN1", "HC100301", ("COMM",)),
	("Davies household", None): ("U", "NOBT", "UN1", "HC100401", ()),
	("Davies household", "Tyler"): ("M", "WBRI", "UN1", "HC100402", ()),
	("Evans household", "Ellie"): ("F", "WBRI", 4, "HC100501", ("LD", "COMM")),
	("Evans household", "Mason"): ("M", "WBRI", 5, "HC100502", ("BEH",)),
	("Evans household", "Ruby"): ("F", "WBRI", 6, "HC100503", ()),
	("Fletcher household", "Harley"): ("M", "WBRI", "UN1", "HC100601", ()),
	("Green household", "Poppy"): ("F", "MWBC", 7, None, ()),
	("Hussain household", "Zara"): ("F", "APKN", 8, None, ()),
	("Ivanova household", "Daniel"): ("M", "WOTH", 9, None, ()),
	("Ivanova household", None): ("U", "NOBT", "UN1", None, ()),
	("Jones household", "Alfie"): ("M", "WBRI", "UN1", None, ("HEAR",)),
	("Jones household", "Isla"): ("F", "WBRI", "UN1", None, ()),
	("Kowalski household", "Oskar"): ("M", "WOTH", 10, None, ()),
	("Lambert household", "Kai"): ("M", "BCRB", 11, None, ()),
	("Lambert household", "Lily"): ("F", "BCRB", 12, None, ()),
}
FORMER_UPNS = {("Kowalski household", "Oskar"): 17}


def demo_upn(serial: int, la_code: str = DEMO_LA_CODE, school: str = DEMO_SCHOOL) -> str:
	"""A well-formed UPN: its check letter, the LA code, the school's number and a serial."""
	body = f"{la_code}{school}{serial:05d}"
	return upn_check_letter(body) + body


def demo_child(family_name: str, first_name: str | None) -> str | None:
	"""The demo child's Member, found by household and first name (None: the household's unborn
	child)."""
	filters = {"family": demo_family(family_name)}
	if first_name:
		filters.update(first_name=first_name, member_type="Child")
	else:
		filters["member_type"] = "Unborn Child"
	return frappe.db.get_value("Member", filters, "name")


def ensure_demo_children() -> int:
	"""Record the census details of every demo child, leaving alone any detail already recorded.
	Returns how many children were changed."""
	changed = 0
	for (family_name, first_name), (sex, ethnicity, upn, la_child_id, disabilities) in CHILDREN.items():
		member = demo_child(family_name, first_name)
		if not member:
			continue
		doc = frappe.get_doc("Member", member)
		wanted = {
			"sex": option_for(SEX, sex),
			"ethnicity": option_for(ETHNICITY, ethnicity),
			"la_child_id": la_child_id,
		}
		if not (doc.upn or doc.upn_unknown_reason):
			if isinstance(upn, int):
				wanted["upn"] = demo_upn(upn)
			else:
				wanted["upn_unknown_reason"] = option_for(UPN_UNKNOWN_REASONS, upn)
		former = FORMER_UPNS.get((family_name, first_name))
		if former:
			wanted["former_upn"] = demo_upn(former, OTHER_LA_CODE)
		missing = {field: value for field, value in wanted.items() if value and not doc.get(field)}
		doc.update(missing)
		no_disabilities = not doc.disabilities
		if no_disabilities:
			for code in disabilities or (NO_DISABILITY,):
				doc.append("disabilities", {"disability": option_for(DISABILITIES, code)})
		if missing or no_disabilities:
			doc.save(ignore_permissions=True)
			changed += 1
	return changed


def option_for(options, code: str) -> str:
	"""The "CODE - description" option of a code list that has this code."""
	return next(option for option in options if code_of(option) == code)
