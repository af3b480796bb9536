"""Role, specialism and workflow state names are written once, in rules/: the code elsewhere uses
their constants, and the DocType JSON that must name them says what the rules say."""

import json
import re
from pathlib import Path

import pytest

from family_safeguarding.rules import roles
from family_safeguarding.rules.roles import AGENCY_TYPES, ALL_ROLES, SPECIALISMS
from family_safeguarding.rules.workflows import WORKFLOWS

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"

# Workflow states that are also another field's option: a Family is "Closed", a Goal "Withdrawn".
STATES_ALSO_USED_ELSEWHERE = {"Closed", "Withdrawn", "Draft"}
STATES = {state for _doctype, states, _t in WORKFLOWS.values() for state, _style in states}
NAMES = set(ALL_ROLES) | set(SPECIALISMS) | (STATES - STATES_ALSO_USED_ELSEWHERE)

# Where the names are data rather than code: the rules themselves, the tests, and the demo data.
NOT_CODE = ("rules", "tests", "demo", "patches")


def code_files():
	for path in sorted(APP.rglob("*")):
		relative = path.relative_to(APP)
		if path.suffix not in (".py", ".js", ".html") or relative.parts[0] in NOT_CODE:
			continue
		if path.name.startswith("test_") or path.name == "demo.py":
			continue
		yield path


def test_no_code_spells_out_a_role_specialism_or_state():
	# a quoted name, unless it is a label translated for the screen: _("Stepped Down")
	names = "|".join(re.escape(name) for name in sorted(NAMES, key=len, reverse=True))
	pattern = re.compile(rf"""(?<!_\()(["'])({names})\1""")
	found = [
		f"{path.relative_to(APP)}:{number}: {line.strip()}"
		for path in code_files()
		for number, line in enumerate(path.read_text().splitlines(), 1)
		if pattern.search(line)
	]
	assert not found, "use the constants of rules/:\n" + "\n".join(found)


def test_the_specialism_constants_are_the_specialisms():
	constants = {value for name, value in vars(roles).items() if name.endswith("_SPECIALISM")}
	assert constants == set(SPECIALISMS)
	for group in (
		roles.LEAD_SOCIAL_WORKER_SPECIALISMS,
		roles.TEAM_MANAGER_SPECIALISMS,
		roles.TEAM_WIDE_SPECIALISMS,
		roles.OPENS_FAMILIES,
		roles.NO_CASELOAD,
	):
		assert set(group) <= set(SPECIALISMS), group
	for _role, agency_types in SPECIALISMS.values():
		assert set(agency_types) <= set(AGENCY_TYPES)


def test_the_team_manager_specialism_gives_the_team_manager_role():
	assert {SPECIALISMS[s][0] for s in roles.TEAM_MANAGER_SPECIALISMS} == {roles.TEAM_MANAGER}
	assert {SPECIALISMS[s][0] for s in roles.LEAD_SOCIAL_WORKER_SPECIALISMS} == {roles.SOCIAL_WORKER}
	assert {SPECIALISMS[s][0] for s in roles.TEAM_WIDE_SPECIALISMS} == {roles.BUSINESS_SUPPORT}


def _worker_filters(specialisms, *more):
	return [
		["Agency Worker", "specialism", "in", list(specialisms)],
		["Agency Worker", "is_active", "=", 1],
		*more,
	]


# The Link fields that offer workers of a specialism: the DocType, the field, its link filters.
LINK_FILTERS = [
	(
		"family_records/doctype/family/family.json",
		"lead_social_worker",
		_worker_filters(
			roles.LEAD_SOCIAL_WORKER_SPECIALISMS, ["Agency Worker", "team", "=", "eval:doc.team"]
		),
	),
	(
		"statutory/doctype/child_protection_plan/child_protection_plan.json",
		"lead_social_worker",
		_worker_filters(roles.LEAD_SOCIAL_WORKER_SPECIALISMS),
	),
	(
		"workbook/doctype/group_supervision/group_supervision.json",
		"chair",
		_worker_filters(roles.TEAM_MANAGER_SPECIALISMS),
	),
]


@pytest.mark.parametrize("path, fieldname, expected", LINK_FILTERS, ids=lambda v: str(v)[:40])
def test_a_fields_link_filters_offer_the_specialisms_of_the_rules(path, fieldname, expected):
	meta = json.loads((APP / path).read_text())
	(field,) = (f for f in meta["fields"] if f["fieldname"] == fieldname)
	assert json.loads(field["link_filters"]) == expected
