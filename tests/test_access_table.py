"""The DocType permissions say what the rights table says (rules/access.py holds it as data; it is
set out in docs/information-governance/access-protocol.md, "What each role may do with what it
reaches"), for every FS role and every case DocType."""

import json
from pathlib import Path

import pytest

from family_safeguarding.rules.access import (
	CASE_DOCTYPES,
	DOCUMENT_RIGHTS,
	NAMED_REPORTS,
	REPORT_ROLES,
	RIGHT_COLUMNS,
)
from family_safeguarding.rules.roles import ALL_ROLES
from family_safeguarding.rules.superusers import SUPERUSER_REPORTS

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"
DOCTYPES = {
	(doc := json.loads(path.read_text()))["name"]: doc
	for path in APP.glob("*/doctype/*/*.json")
	if json.loads(path.read_text()).get("doctype") == "DocType"
}


def test_the_table_covers_every_case_doctype():
	assert set(DOCUMENT_RIGHTS) == set(CASE_DOCTYPES)


@pytest.mark.parametrize("doctype", sorted(CASE_DOCTYPES))
def test_docperms_match_the_table(doctype):
	granted = {role: set() for role in ALL_ROLES}
	for perm in DOCTYPES[doctype]["permissions"]:
		if perm["role"] in granted and not perm.get("permlevel"):
			granted[perm["role"]] |= {letter for letter, column in RIGHT_COLUMNS.items() if perm.get(column)}
			assert not perm.get("share"), f"{perm['role']} may share {doctype}"
			assert not perm.get("delete"), f"{perm['role']} may delete {doctype}"
	expected = {role: set(DOCUMENT_RIGHTS[doctype].get(role, "")) for role in ALL_ROLES}
	assert granted == expected


def test_submit_only_where_a_doctype_is_submittable():
	for doctype, rights in DOCUMENT_RIGHTS.items():
		if any("S" in r for r in rights.values()):
			assert DOCTYPES[doctype].get("is_submittable"), doctype


REPORTS = {(doc := json.loads(path.read_text()))["name"]: doc for path in APP.glob("*/report/*/*.json")}


def test_every_report_of_the_app_is_in_the_table():
	# or is about the protocol itself, for superusers only
	assert set(REPORTS) == set(REPORT_ROLES) | set(SUPERUSER_REPORTS)
	assert not set(REPORT_ROLES) & set(SUPERUSER_REPORTS)


@pytest.mark.parametrize("report", SUPERUSER_REPORTS)
def test_a_superuser_report_is_for_system_managers_only_and_not_prepared(report):
	meta = REPORTS[report]
	assert {row["role"] for row in meta["roles"]} == {"System Manager"}
	assert not meta.get("prepared_report")


@pytest.mark.parametrize("report", sorted(REPORT_ROLES))
def test_report_roles_match_the_table_and_none_is_prepared(report):
	meta = REPORTS[report]
	# System Manager is Frappe's superuser, outside the protocol
	assert {row["role"] for row in meta["roles"]} - {"System Manager"} == set(REPORT_ROLES[report])
	# a prepared result is read by whoever names it (docs/developers/exit-paths.md, "Prepared reports")
	assert not meta.get("prepared_report")
	if report in NAMED_REPORTS:
		assert "FS Performance Analyst" not in REPORT_ROLES[report]
