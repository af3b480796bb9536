"""Checks of the app's own metadata, read from the DocType JSON without Frappe."""

import json
import re
from pathlib import Path

import pytest

from family_safeguarding.rules import code_lists
from family_safeguarding.rules.access import CASE_DOCTYPES
from family_safeguarding.rules.roles import AGENCY_TYPES, ALL_ROLES, SPECIALISMS
from family_safeguarding.rules.working_days import CALENDARS

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"

# Frappe's own DocTypes the app may link to.
FRAPPE_DOCTYPES = {"User", "Role", "DocType", "File", "Module Def", "Workflow State"}
FRAPPE_ROLES = {"System Manager", "Administrator", "All", "Guest"}

# Opening these is logged (docs/information-governance/audit.md); the protected information too.
VIEW_LOGGED = {
	"Family",
	"Member",
	"Workbook Module",
	"Practitioner Summary",
	"Health Information",
	"Police Information",
}


def module_folder(module: str) -> str:
	return module.lower().replace(" ", "_")


def load_doctypes() -> dict[str, dict]:
	doctypes = {}
	for path in sorted(APP.glob("*/doctype/*/*.json")):
		if path.stem != path.parent.name:
			continue
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType":
			doctypes[meta["name"]] = {**meta, "_path": path}
	return doctypes


DOCTYPES = load_doctypes()


def test_the_app_has_its_doctypes():
	assert {"Agency", "Family Safeguarding Team", "Agency Worker", "Family", "Member"} <= set(DOCTYPES)


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_doctype_json_is_well_formed(name):
	meta = DOCTYPES[name]
	modules = (APP / "modules.txt").read_text().split("\n")
	assert meta["module"] in modules
	assert meta["_path"].parent.parent.parent.name == module_folder(meta["module"])
	fieldnames = [field["fieldname"] for field in meta["fields"]]
	assert len(fieldnames) == len(set(fieldnames)), "a fieldname is repeated"
	# Frappe keeps the file's earlier order of `fields` and orders the form by `field_order`.
	assert sorted(meta["field_order"]) == sorted(fieldnames)
	controller = meta["_path"].with_suffix(".py")
	assert controller.exists(), f"{name} has no controller"


@pytest.mark.parametrize("name", sorted(n for n, m in DOCTYPES.items() if not m.get("istable")))
def test_changes_are_tracked(name):
	assert DOCTYPES[name].get("track_changes") == 1


@pytest.mark.parametrize("name", sorted(VIEW_LOGGED))
def test_opening_a_case_record_is_logged(name):
	assert DOCTYPES[name].get("track_views") == 1


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_every_link_points_at_a_doctype_that_exists(name):
	for field in DOCTYPES[name]["fields"]:
		if field["fieldtype"] in ("Link", "Table", "Table MultiSelect"):
			target = field.get("options")
			assert target in DOCTYPES or target in FRAPPE_DOCTYPES, f"{name}.{field['fieldname']} -> {target}"
		if field["fieldtype"] in ("Table", "Table MultiSelect"):
			assert DOCTYPES[field["options"]].get("istable") == 1
	for link in DOCTYPES[name].get("links", []):
		assert link["link_doctype"] in DOCTYPES
		linked_fields = {f["fieldname"] for f in DOCTYPES[link["link_doctype"]]["fields"]}
		assert link["link_fieldname"] in linked_fields


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_every_role_named_in_a_doctype_exists_in_the_setup_code(name):
	for permission in DOCTYPES[name].get("permissions", []):
		assert permission["role"] in set(ALL_ROLES) | FRAPPE_ROLES, permission["role"]


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_no_one_may_share_or_delete_outside_system_manager(name):
	for permission in DOCTYPES[name].get("permissions", []):
		assert not permission.get("share"), f"{permission['role']} may share {name}"
		if permission["role"] != "System Manager":
			assert not permission.get("delete"), f"{permission['role']} may delete {name}"


@pytest.mark.parametrize("name", sorted(CASE_DOCTYPES))
def test_case_records_are_named_opaquely(name):
	meta = DOCTYPES[name]
	assert re.fullmatch(r"[A-Z]{2,4}-\.(YYYY\.-\.)?#+", meta["autoname"]), meta["autoname"]
	assert not meta.get("allow_rename")
	assert meta.get("title_field")
	assert meta.get("show_title_field_in_link") == 1


@pytest.mark.parametrize("name", sorted(DOCTYPES))
def test_no_field_is_in_global_search(name):
	assert not [f["fieldname"] for f in DOCTYPES[name]["fields"] if f.get("in_global_search")]


def select_options(doctype: str, fieldname: str) -> list[str]:
	field = next(f for f in DOCTYPES[doctype]["fields"] if f["fieldname"] == fieldname)
	return [option for option in field["options"].split("\n") if option]


@pytest.mark.parametrize(
	"doctype, fieldname, values",
	[
		("Member", "ethnicity", code_lists.ETHNICITY),
		("Member", "sex", code_lists.SEX),
		("Member", "member_type", code_lists.MEMBER_TYPES),
		("Member", "relationship", code_lists.RELATIONSHIPS),
		("Family", "closure_reason", code_lists.CLOSURE_REASONS),
		("Agency", "agency_type", AGENCY_TYPES),
		("Agency Worker", "specialism", tuple(SPECIALISMS)),
		("Family Safeguarding Settings", "bank_holiday_calendar", tuple(CALENDARS)),
	],
)
def test_select_options_are_the_code_lists(doctype, fieldname, values):
	assert select_options(doctype, fieldname) == list(values)


def test_census_codes_are_carried_in_the_labels():
	assert all(re.match(r"^[A-Z]{4} - ", value) for value in code_lists.ETHNICITY)
	assert len(code_lists.ETHNICITY) == 20
	assert [value.split(" - ")[0] for value in code_lists.CLOSURE_REASONS] == [f"RC{n}" for n in range(1, 10)]
	assert all(re.fullmatch(r"\d{1,2}[A-F]?", code) for code, _ in code_lists.PRIORITY_ISSUES.values())


def test_hooks_point_at_functions_that_exist():
	hooks = (APP / "hooks.py").read_text()
	for dotted in re.findall(r'"(family_safeguarding\.[\w.]+)"', hooks):
		module, _, function = dotted.rpartition(".")
		source = APP.parent / (module.replace(".", "/") + ".py")
		if not source.exists():
			source = APP.parent / module.replace(".", "/") / "__init__.py"  # a package
		assert source.exists(), dotted
		assert re.search(rf"^def {function}\(", source.read_text(), re.M), dotted


def test_both_permission_hooks_cover_every_case_doctype_and_side_table():
	from family_safeguarding import hooks
	from family_safeguarding.rules.access import SIDE_TABLES

	covered = set(CASE_DOCTYPES) | set(SIDE_TABLES)
	assert set(hooks.permission_query_conditions) == set(hooks.has_permission) == covered
	assert set(CASE_DOCTYPES) <= set(DOCTYPES)
	for doctype in CASE_DOCTYPES:
		assert hooks.permission_query_conditions[doctype].startswith("family_safeguarding.permissions.")


@pytest.mark.parametrize("name", sorted(n for n in CASE_DOCTYPES if n != "Family"))
def test_every_family_record_has_a_required_family_link(name):
	family = next(f for f in DOCTYPES[name]["fields"] if f["fieldname"] == "family")
	assert family["fieldtype"] == "Link" and family["options"] == "Family"
	# typed in, or taken from the member the record is about
	assert family.get("reqd") == 1 or family.get("fetch_from") == "member.family"


def test_the_rules_never_import_frappe():
	for path in (APP / "rules").glob("*.py"):
		assert not re.search(r"^\s*(import|from)\s+frappe", path.read_text(), re.M), path.name


def test_the_workspace_links_to_the_apps_doctypes_for_the_protocols_roles():
	(path,) = APP.glob("*/workspace/*/*.json")
	workspace = json.loads(path.read_text())
	assert workspace["module"] in (APP / "modules.txt").read_text().split("\n")
	reports = {json.loads(path.read_text())["name"] for path in APP.glob("*/report/*/*.json")}
	for shortcut in workspace["shortcuts"]:
		assert shortcut["link_to"] in (reports if shortcut["type"] == "Report" else DOCTYPES), shortcut[
			"link_to"
		]
	for row in workspace["roles"]:
		assert row["role"] in set(ALL_ROLES) | FRAPPE_ROLES
	blocks = json.loads(workspace["content"])
	labels = {shortcut["label"] for shortcut in workspace["shortcuts"]}
	assert {b["data"]["shortcut_name"] for b in blocks if b["type"] == "shortcut"} == labels


def test_every_workflow_names_roles_states_and_a_state_field_that_exist():
	from family_safeguarding.rules.workflows import WORKFLOWS

	for name, (doctype, states, transitions) in WORKFLOWS.items():
		fields = {f["fieldname"]: f for f in DOCTYPES[doctype]["fields"]}
		assert (
			fields["workflow_state"]["fieldtype"] == "Link"
			and fields["workflow_state"]["options"] == "Workflow State"
		), name
		state_names = {state for state, _style in states}
		for from_state, action, to_state, roles, _self_approval in transitions:
			assert {from_state, to_state} <= state_names, (name, action)
			assert set(roles) <= set(ALL_ROLES), (name, action)


def test_manager_only_statutory_actions_belong_to_the_team_manager_alone():
	from family_safeguarding.rules.workflows import WORKFLOWS

	manager_only = {("Child Protection", a) for a in ("Start Plan", "No Plan", "End Plan")} | {
		("Public Law Outline", a)
		for a in (
			"Enter Pre-Proceedings",
			"Issue Proceedings",
			"Step Down",
			"Conclude",
			"No Further Legal Action",
		)
	}
	for name, (_doctype, _states, transitions) in WORKFLOWS.items():
		for _from, action, _to, roles, self_approval in transitions:
			if (name, action) in manager_only:
				assert roles == ("FS Team Manager",) and not self_approval, (name, action)
