"""The row-level rule of the information-sharing protocol, written once. The protocol clause by
clause, with its reasons: docs/information-governance/access-protocol.md, "The row rule".

A user sees a case record only when the record's family is visible to them:

1. their active Agency Worker has an allocation on the family that is current today;
2. they are the team manager of the family's team;
3. (Business Support, Family and Member only) the family belongs to their own team.

(The Referral clause for a receiving agency joins this rule with the Referral DocType.)

`visible_families` is the rule, as one query. The list hook (`permission_query_conditions`) uses
its answer as a SQL condition (`family_condition`), and the document hook (`has_permission`) asks
it about the stored family, so the two can never disagree, and a document sent by the caller with
altered values cannot change the answer.

System Manager and Administrator are Frappe's own superusers and are outside the protocol
(docs/administrators/superusers.md).
"""

from functools import lru_cache

import frappe
from frappe.utils import today

from family_safeguarding.rules.access import (
	CASE_DOCTYPES,
	HOLDERS_OF_CASE_DATA,
	MANAGER_MAY_CHANGE,
	OWN_RECORD_FIELD,
	RECEIVED_BY_AGENCY,
	TEAM_WIDE_FOR_BUSINESS_SUPPORT,
)
from family_safeguarding.rules.roles import (
	BUSINESS_SUPPORT,
	OPENS_FAMILIES,
	TEAM_MANAGER,
	TEAM_MANAGER_SPECIALISMS,
	TEAM_WIDE_SPECIALISMS,
)
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.workers import own_active_worker


def child_tables_of(doctype: str) -> tuple[str, ...]:
	return tuple(field.options for field in frappe.get_meta(doctype).get_table_fields())


def case_doctypes_and_tables() -> frozenset[str]:
	"""The case DocTypes and their child tables: a row of a child table is its parent's."""
	return _with_child_tables(frappe.local.site, CASE_DOCTYPES)


def case_child_tables() -> frozenset[str]:
	return case_doctypes_and_tables() - set(CASE_DOCTYPES)


def case_data_doctypes() -> tuple[str, ...]:
	"""The records whose case data the protocol keeps from every side path (their attachments, the
	side tables pointing at them, shares, follows): the case records, and the records that hold
	case data of many families (HOLDERS_OF_CASE_DATA), which their role permissions alone open."""
	return (*CASE_DOCTYPES, *HOLDERS_OF_CASE_DATA)


def case_data_doctypes_and_tables() -> frozenset[str]:
	"""`case_data_doctypes` and their child tables: a row of a child table is its parent's."""
	return _with_child_tables(frappe.local.site, case_data_doctypes())


@lru_cache(maxsize=16)
def _with_child_tables(site: str, doctypes: tuple[str, ...]) -> frozenset[str]:
	return frozenset(doctypes).union(*(child_tables_of(doctype) for doctype in doctypes))


def is_outside_protocol(user: str) -> bool:
	return user == "Administrator" or SYSTEM_MANAGER in frappe.get_roles(user)


def _rule_queries(user: str, *, team_wide_for_business_support: bool, family: str | None = None) -> list[str]:
	"""The rule's clauses, each a query for the names of the families it makes visible (only
	`family`, when given). A clause that cannot apply to the user is left out: its own conditions
	would exclude every family anyway, so leaving it out changes no answer, only the query's shape."""
	user_sql, today_sql = frappe.db.escape(user), frappe.db.escape(today())
	managers_sql, team_wide_sql = _sql_list(TEAM_MANAGER_SPECIALISMS), _sql_list(TEAM_WIDE_SPECIALISMS)
	only = f"and {{column}} = {frappe.db.escape(family)}" if family else ""
	roles = frappe.get_roles(user)
	queries = [
		# 1. a current allocation of the user's active Agency Worker
		f"""select allocation.parent from `tabFamily Allocation` allocation
			inner join `tabAgency Worker` worker on worker.name = allocation.worker
			where worker.user = {user_sql} and worker.is_active = 1
				and allocation.parenttype = 'Family'
				and allocation.from_date <= {today_sql}
				and (allocation.to_date is null or allocation.to_date >= {today_sql})
				{only.format(column="allocation.parent")}"""
	]
	if TEAM_MANAGER in roles:  # given by an active team manager's specialism, which clause 2 asks for
		# 2. the team manager of the family's team, while still its active Team Manager
		queries.append(
			f"""select managed.name from `tabFamily` managed
			inner join `tabFamily Safeguarding Team` team on team.name = managed.team
			inner join `tabAgency Worker` manager on manager.user = team.team_manager and manager.team = team.name
			where team.team_manager = {user_sql} and manager.is_active = 1
				and manager.specialism in ({managers_sql})
				{only.format(column="managed.name")}"""
		)
	if team_wide_for_business_support and BUSINESS_SUPPORT in roles:
		# 3. Business Support: the families of the user's own team
		queries.append(
			f"""select supported.name from `tabFamily` supported
			inner join `tabAgency Worker` worker on worker.team = supported.team
			where worker.user = {user_sql} and worker.is_active = 1
				and worker.specialism in ({team_wide_sql})
				{only.format(column="supported.name")}"""
		)
	return queries


def _sql_list(values) -> str:
	"""Values from the rules, as an SQL list: escaped like any value, never spelled out in the SQL."""
	return ", ".join(frappe.db.escape(value) for value in values)


def visible_families(
	user: str, *, team_wide_for_business_support: bool = False, family: str | None = None
) -> list[str]:
	"""The names of the families visible to `user` today (only `family`, when given), by one query."""
	queries = _rule_queries(
		user, team_wide_for_business_support=team_wide_for_business_support, family=family
	)
	return frappe.db.sql_list(" union ".join(queries))


def family_condition(user: str, family_column: str, *, team_wide_for_business_support: bool = False) -> str:
	"""SQL that is true when the family named by `family_column` is visible to `user`.

	Only the clauses that can apply to the user are in it. A worker's one clause lets MariaDB read
	their allocations first. A team manager's or Business Support's clauses are tested family by
	family, which is quick because one family in twenty is their team's; for a worker, with a few
	families among many thousands, that shape is slow, and so is naming a team's families first
	(the figures: docs/administrators/scaling.md)."""
	queries = _rule_queries(user, team_wide_for_business_support=team_wide_for_business_support)
	return "(" + " or ".join(f"{family_column} in ({query})" for query in queries) + ")"


def can_see_family(user: str, family: str | None, *, team_wide_for_business_support: bool = False) -> bool:
	if not family:
		return False
	return bool(
		visible_families(user, team_wide_for_business_support=team_wide_for_business_support, family=family)
	)


def _query_conditions(user: str | None, family_column: str, **kwargs) -> str:
	user = user or frappe.session.user
	if is_outside_protocol(user):
		return ""
	return family_condition(user, family_column, **kwargs)


def _has_permission(doc, ptype: str, user: str | None, families: set, **kwargs) -> bool | None:
	"""Answer every permission type Frappe asks about: the rule is the same for all of them."""
	user = user or frappe.session.user
	if is_outside_protocol(user):
		return None
	if ptype == "share":
		return False  # sharing overrides both hooks, so no one inside the protocol may share
	return bool(families) and all(can_see_family(user, family, **kwargs) for family in families)


def _stored_value(doc, fieldname: str):
	if not doc.name or doc.is_new():
		return None
	return frappe.db.get_value(doc.doctype, doc.name, fieldname)


# Family


def family_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	return _query_conditions(
		user, "`tabFamily`.name", team_wide_for_business_support="Family" in TEAM_WIDE_FOR_BUSINESS_SUPPORT
	)


def has_family_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	user = user or frappe.session.user
	if not doc.name or not frappe.db.exists("Family", doc.name):
		# A family being created: only by a social worker or the team manager of its team.
		if ptype == "create" and not is_outside_protocol(user):
			return can_create_family_in_team(user, doc.get("team"))
		return _has_permission(doc, ptype, user, set())
	return _has_permission(
		doc,
		ptype,
		user,
		{doc.name},
		team_wide_for_business_support="Family" in TEAM_WIDE_FOR_BUSINESS_SUPPORT,
	)


def manages_team(user: str, team: str | None) -> bool:
	"""The same test as clause 2 of the rule, for one team."""
	if not team or frappe.db.get_value("Family Safeguarding Team", team, "team_manager") != user:
		return False
	return bool(
		frappe.db.exists(
			"Agency Worker",
			{"user": user, "team": team, "is_active": 1, "specialism": ("in", TEAM_MANAGER_SPECIALISMS)},
		)
	)


def can_create_family_in_team(user: str, team: str | None) -> bool:
	if not team:
		return True  # the form asks for the team; validate() refuses a family without one
	return bool(
		frappe.db.exists(
			"Agency Worker",
			{
				"user": user,
				"team": team,
				"is_active": 1,
				"specialism": ("in", OPENS_FAMILIES),
			},
		)
	)


# Records that belong to a family through their `family` field follow the family's visibility.

CHANGING_PTYPES = ("write", "create", "submit", "cancel", "amend", "delete")


def record_condition(user: str, doctype: str) -> str:
	"""SQL true for the rows of `doctype` the user may see: those of a visible family, and for a
	referral, one sent to the user's agency."""
	condition = family_condition(
		user,
		f"`tab{doctype}`.family",
		team_wide_for_business_support=doctype in TEAM_WIDE_FOR_BUSINESS_SUPPORT,
	)
	if doctype in RECEIVED_BY_AGENCY:
		agency_field, sent_field = RECEIVED_BY_AGENCY[doctype]
		condition = f"""({condition} or (`tab{doctype}`.`{sent_field}` is not null and `tab{doctype}`.`{agency_field}` in (
			select worker.agency from `tabAgency Worker` worker
			where worker.user = {frappe.db.escape(user)} and worker.is_active = 1)))"""
	return condition


def family_record_query_conditions(user: str | None = None, doctype: str | None = None) -> str:
	user = user or frappe.session.user
	return "" if is_outside_protocol(user) else record_condition(user, doctype)


def has_family_record_permission(doc, ptype: str | None = None, user: str | None = None, debug: bool = False):
	user = user or frappe.session.user
	if is_outside_protocol(user):
		return None
	if ptype == "share":
		return False
	stored_family = None
	if doc.name and not doc.is_new():
		# The stored record decides, whatever values the caller sent with it.
		row = frappe.db.sql(
			f"select family from `tab{doc.doctype}` where name = %s and {record_condition(user, doc.doctype)}",
			doc.name,
		)
		exists = row or frappe.db.exists(doc.doctype, doc.name)
		if exists and not row:
			return False
		stored_family = row[0][0] if row else None
	family = doc.get("family") or (
		frappe.db.get_value("Member", doc.get("member"), "family") if doc.get("member") else None
	)
	# A new record, or one being moved, must go to a family the user can see.
	if family != stored_family and not can_see_family(
		user, family, team_wide_for_business_support=doc.doctype in TEAM_WIDE_FOR_BUSINESS_SUPPORT
	):
		return False
	if ptype not in CHANGING_PTYPES or doc.doctype not in OWN_RECORD_FIELD:
		return True
	if doc.doctype in MANAGER_MAY_CHANGE and manages_team(
		user, frappe.db.get_value("Family", family, "team")
	):
		return True
	return is_own_record(doc, user)


def is_own_record(doc, user: str) -> bool:
	"""The record is, and stays, the user's own. A new record with no worker yet becomes the
	user's own when it is validated."""
	field = OWN_RECORD_FIELD[doc.doctype]
	own = own_active_worker(user)
	if not own:
		return False
	workers = {worker for worker in (doc.get(field), _stored_value(doc, field)) if worker}
	return workers <= {own}


# The receiving agency (docs/information-governance/access-protocol.md, "Receiving agencies")


def reaches_only_as_receiver(user: str, doctype: str, family: str | None) -> bool:
	"""Whether the user reaches a record of `doctype` in `family` only through the receiving-agency
	clause, not through the family: they answer it, and see and change nothing of the family."""
	return (
		doctype in RECEIVED_BY_AGENCY and not is_outside_protocol(user) and not can_see_family(user, family)
	)


def receives_records_outside_families(user: str) -> bool:
	"""Whether any record of a DocType in RECEIVED_BY_AGENCY reaches the user only as receiver."""
	for doctype in RECEIVED_BY_AGENCY:
		if frappe.db.sql(
			f"""select 1 from `tab{doctype}` where {record_condition(user, doctype)}
			and not {family_condition(user, f"`tab{doctype}`.family")} limit 1"""
		):
			return True
	return False
