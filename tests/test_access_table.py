"""The DocType permissions say what the table of access.md says (rules/access.py holds it as data),
for every FS role and every case DocType."""

import json
from pathlib import Path

import pytest

from family_safeguarding.rules.access import CASE_DOCTYPES, DOCUMENT_RIGHTS, RIGHT_COLUMNS
from family_safeguarding.rules.roles import ALL_ROLES

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
