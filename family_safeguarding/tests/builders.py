"""Records of this test run only: each builder refuses a record that already exists, and every name
carries the run's own mark, so no test can pass on what an earlier run left on the site.

The demo's builders (demo/builders.py) find a record before they create one, which is what a
re-runnable demo needs and what a test must not rely on; these create, using them.
"""

import frappe

from family_safeguarding.demo.builders import (
	ensure_agency,
	ensure_family,
	ensure_member,
	ensure_team,
	ensure_user,
	ensure_worker,
)

# A mark of this run, in every name the fixtures make.
RUN = frappe.generate_hash(length=6).lower()


def this_run(name: str) -> str:
	"""`name`, marked as this run's."""
	return f"{name} {RUN}"


def _new(doctype: str, filters) -> None:
	if frappe.db.exists(doctype, filters):
		raise AssertionError(f"A {doctype} {filters} exists already: the fixtures make records of their own.")


def new_agency(agency_name: str, agency_type: str) -> str:
	_new("Agency", agency_name)
	return ensure_agency(agency_name, agency_type)


def new_team(team_name: str, locality: str | None = None) -> str:
	_new("Family Safeguarding Team", team_name)
	return ensure_team(team_name, locality)


def new_user(email: str, first_name: str, last_name: str = "", password: str | None = None, roles=()) -> str:
	_new("User", email)
	return ensure_user(email, first_name, last_name, password, roles)


def new_worker(user: str, agency: str, team: str, specialism: str, caseload_limit: int = 20) -> str:
	_new("Agency Worker", {"user": user})
	return ensure_worker(user, agency, team, specialism, caseload_limit)


def new_family(family_name: str, team: str, lead_social_worker: str, allocated=(), **fields) -> str:
	_new("Family", {"family_name": family_name, "team": team})
	return ensure_family(family_name, team, lead_social_worker, allocated, **fields)


def new_member(family: str, member_type: str, first_name: str, last_name: str = "", **fields) -> str:
	_new("Member", {"family": family, "member_type": member_type, "first_name": first_name})
	return ensure_member(family, member_type, first_name, last_name, **fields)
