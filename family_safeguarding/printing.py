"""What the print formats print, gathered as the user who prints.

Every list here comes through `frappe.get_list`, so the row-level rule and the role permissions
(docs/information-governance/access-protocol.md, "Prints") decide what a print holds exactly as
they decide what the forms show: a police officer's court summary has no Health Information, a
mental health practitioner's no Police Information. The templates (each print format's `.html`)
only lay the values out; they escape everything they print (`{% autoescape true %}`), and
`fs_lines` keeps a text's line breaks.

Registered in hooks.py as Jinja methods and a filter.
"""

import frappe
from frappe import _
from frappe.utils import formatdate, get_fullname, getdate, today
from markupsafe import Markup

from family_safeguarding.audit import note_read
from family_safeguarding.family_records.doctype.family.family import MEMBER_FIELDS
from family_safeguarding.rules.text import escaped_lines
from family_safeguarding.rules.workbook import SCALES
from family_safeguarding.rules.workflows import ANSWERED_STATES


def fs_lines(text) -> Markup:
	"""Escaped text with its line breaks kept (Frappe names a Jinja method by its function)."""
	return escaped_lines(text)


def fs_date(value) -> str:
	return formatdate(value) if value else ""


def may_read(doctype: str) -> bool:
	return bool(frappe.has_permission(doctype, "read"))


def readable(doctype: str, filters: dict, fields: list[str], order_by: str | None = None) -> list[dict]:
	"""The records of `doctype` the user may read, as the list view would give them. Each is
	recorded as read by the print (a PDF shows no ID the audit could find)."""
	if not may_read(doctype):
		return []
	rows = frappe.get_list(
		doctype,
		filters=filters,
		fields=list(dict.fromkeys(["name", *fields])),
		order_by=order_by or "creation asc",
		limit_page_length=0,
	)
	note_read(doctype, [row.name for row in rows])
	return rows


def child_rows(child_doctype: str, parents: list[str], fields: list[str], order_by: str) -> dict:
	"""The child rows of parents already read through `readable`, by parent."""
	rows: dict[str, list] = {name: [] for name in parents}
	if parents:
		for row in frappe.get_all(
			child_doctype,
			filters={"parent": ("in", parents)},
			fields=["parent", *fields],
			order_by=order_by,
		):
			rows[row.parent].append(row)
	return rows


def worker_names(names) -> dict:
	names = {name for name in names if name}
	if not names:
		return {}
	return dict(
		frappe.get_all(
			"Agency Worker", filters={"name": ("in", list(names))}, fields=["name", "full_name"], as_list=True
		)
	)


def members_of(family: str) -> list[dict]:
	return readable(
		"Member",
		{"family": family},
		[*MEMBER_FIELDS, "sex", "has_parental_responsibility", "lives_in_household"],
		order_by="is_child asc, date_of_birth asc",
	)


def goals_of(family: str, member: str | None = None) -> list[dict]:
	filters = {"family": family, "status": ("!=", "Withdrawn")}
	if member:
		filters["member"] = member
	goals = readable(
		"Goal",
		filters,
		[
			"name",
			"member",
			"goal",
			"priority_issue",
			"goal_owner",
			"status",
			"start_date",
			"target_date",
			"baseline_score",
			"latest_score",
		],
		order_by="member asc, start_date asc",
	)
	latest = latest_scores([goal.name for goal in goals])
	owners = worker_names(goal.goal_owner for goal in goals)
	for goal in goals:
		goal.owner_name = owners.get(goal.goal_owner, "")
		goal.scores = latest[goal.name]
	return goals


def latest_scores(goals: list[str]) -> dict:
	"""Each goal's latest score on each scale."""
	scores = {goal: {} for goal in goals}
	for goal, rows in child_rows(
		"Goal Review", goals, ["scale", "score", "review_date"], "review_date asc, idx asc"
	).items():
		for row in rows:
			scores[goal][row.scale] = row.score
	return scores


def plans_of(family: str, member: str | None = None) -> list[dict]:
	filters = {"family": family}
	if member:
		filters["member"] = member
	plans = readable(
		"Child Protection Plan",
		filters,
		[
			"name",
			"member",
			"member_name",
			"workflow_state",
			"strategy_discussion_date",
			"section_47_start",
			"icpc_due",
			"icpc_date",
			"plan_start",
			"initial_category",
			"latest_category",
			"plan_end",
			"end_reason",
			"previous_plans",
			"next_review_due",
			"last_visit",
			"next_visit_due",
			"first_core_group_due",
			"lead_social_worker",
		],
		order_by="strategy_discussion_date asc",
	)
	names = [plan.name for plan in plans]
	reviews = child_rows(
		"Protection Review", names, ["review_date", "outcome", "category"], "review_date asc"
	)
	core_groups = child_rows("Core Group Meeting", names, ["meeting_date", "notes"], "meeting_date asc")
	for plan in plans:
		plan.reviews = reviews[plan.name]
		plan.core_groups = core_groups[plan.name]
	return plans


def plo_cases_of(family: str) -> list[dict]:
	cases = readable(
		"PLO Case",
		{"family": family},
		[
			"name",
			"workflow_state",
			"legal_gateway_date",
			"gateway_decision",
			"letter_before_proceedings",
			"pre_proceedings_meeting",
			"weeks_in_pre_proceedings",
			"stepped_down_on",
			"issue_date",
			"court",
			"week_26_date",
			"final_order",
			"concluded_on",
		],
		order_by="legal_gateway_date asc",
	)
	hearings = child_rows(
		"Court Hearing",
		[case.name for case in cases],
		["hearing_type", "hearing_date", "outcome"],
		"hearing_date asc",
	)
	for case in cases:
		case.hearings = hearings[case.name]
	return cases


def legal_history(plans: list[dict], cases: list[dict]) -> list[dict]:
	"""The legal events of the family, oldest first."""
	events = []

	def add(day, text):
		if day:
			events.append({"date": getdate(day), "event": text})

	for plan in plans:
		child = plan.member_name
		add(plan.strategy_discussion_date, _("Strategy discussion about {0}").format(child))
		add(plan.icpc_date, _("Initial child protection conference for {0}").format(child))
		if plan.plan_start:
			add(
				plan.plan_start,
				_("{0} made subject of a child protection plan ({1})").format(
					child, plan.initial_category or ""
				),
			)
		for review in plan.reviews:
			add(review.review_date, _("Review conference for {0}: {1}").format(child, review.outcome or ""))
		add(plan.plan_end, _("Child protection plan for {0} ended: {1}").format(child, plan.end_reason or ""))
	for case in cases:
		add(case.legal_gateway_date, _("Legal gateway meeting: {0}").format(case.gateway_decision or ""))
		add(case.letter_before_proceedings, _("Letter before proceedings sent"))
		add(case.pre_proceedings_meeting, _("Pre-proceedings meeting"))
		add(case.stepped_down_on, _("Stepped down from pre-proceedings"))
		add(case.issue_date, _("Care proceedings issued ({0})").format(case.court or ""))
		for hearing in case.hearings:
			add(
				hearing.hearing_date,
				_("{0} hearing: {1}").format(hearing.hearing_type, hearing.outcome or ""),
			)
		add(case.concluded_on, _("Proceedings concluded: {0}").format(case.final_order or ""))
	return sorted(events, key=lambda event: event["date"])


def modules_of(family: str) -> list[dict]:
	modules = readable(
		"Workbook Module",
		{"family": family},
		[
			"name",
			"title",
			"status",
			"worker",
			"start_date",
			"completed_on",
			"strengths",
			"worries",
			"capacity_to_change",
			"capacity_evidence",
			"summary",
		],
		order_by="start_date asc",
	)
	names = [module.name for module in modules]
	sessions = child_rows("Workbook Session", names, ["session_date", "minutes"], "session_date asc")
	members = child_rows("Workbook Member", names, ["member"], "idx asc")
	workers = worker_names(module.worker for module in modules)
	member_names = dict(
		frappe.get_all("Member", filters={"family": family}, fields=["name", "full_name"], as_list=True)
	)
	for module in modules:
		module.worker_name = workers.get(module.worker, "")
		module.sessions = len(sessions[module.name])
		module.minutes = sum(row.minutes or 0 for row in sessions[module.name])
		module.members = [row.member for row in members[module.name]]
		module.member_names = ", ".join(member_names.get(row.member, "") for row in members[module.name])
	return modules


def specialist_work(family: str) -> list[dict]:
	"""Each worker's work with the family, from their practitioner summaries, latest first."""
	summaries = readable(
		"Practitioner Summary",
		{"family": family},
		[
			"worker",
			"specialism",
			"period_start",
			"period_end",
			"work_undertaken",
			"whats_working_well",
			"worries",
			"next_steps",
			"direct_work_minutes",
		],
		order_by="period_end desc",
	)
	names = worker_names(summary.worker for summary in summaries)
	by_worker: dict[str, dict] = {}
	for summary in summaries:
		entry = by_worker.setdefault(
			summary.worker,
			frappe._dict(
				worker_name=names.get(summary.worker, ""),
				specialism=summary.specialism,
				latest=summary,
				summaries=0,
				direct_hours=0.0,
				first_period=summary.period_start,
			),
		)
		entry.summaries += 1
		entry.direct_hours += (summary.direct_work_minutes or 0) / 60
		entry.first_period = min(getdate(entry.first_period), getdate(summary.period_start))
	for entry in by_worker.values():
		entry.direct_hours = round(entry.direct_hours, 1)
	return list(by_worker.values())


def latest_supervision(family: str) -> dict | None:
	held = readable(
		"Group Supervision",
		{"family": family, "docstatus": 1},
		["name"],
		order_by="meeting_date desc",
	)
	return supervision_record(held[0].name) if held else None


def supervision_record(name: str) -> dict:
	doc = frappe.get_doc("Group Supervision", name)
	doc.check_permission("read")
	note_read("Group Supervision", [doc.name])
	note_read("Family", [doc.family])  # its name is printed
	workers = worker_names([doc.chair, *(row.action_owner for row in doc.actions)])
	return frappe._dict(
		name=doc.name,
		family_name=frappe.db.get_value("Family", doc.family, "family_name"),
		meeting_date=doc.meeting_date,
		period_start=doc.period_start,
		period_end=doc.period_end,
		next_due=doc.next_due,
		chair=workers.get(doc.chair, ""),
		attendees=doc.attendees,
		risks=doc.risks,
		decisions=doc.decisions,
		actions=[
			frappe._dict(row.as_dict(), owner_name=workers.get(row.action_owner, "")) for row in doc.actions
		],
		recommendation=doc.recommendation,
	)


def protected_information(family: str, member: str | None = None) -> dict:
	"""Health and Police Information, each only for a role that may read it
	(docs/information-governance/access-protocol.md, "Protected information: Health and Police")."""
	result = {}
	for doctype in ("Health Information", "Police Information"):
		filters = {"family": family}
		if member:
			filters["member"] = member
		rows = readable(
			doctype,
			filters,
			["recorded_on", "source", "member", "author", "information"],
			order_by="recorded_on asc",
		)
		authors = worker_names(row.author for row in rows)
		for row in rows:
			row.author_name = authors.get(row.author, "")
		result[doctype] = {"readable": may_read(doctype), "rows": rows}
	return result


def prepared() -> dict:
	return {"by": get_fullname(frappe.session.user), "on": fs_date(today())}


# The Jinja methods, one per print format.


def fs_case_summary(family_name: str) -> dict:
	family = frappe.get_doc("Family", family_name)
	family.check_permission("read")
	plans = plans_of(family.name)
	cases = plo_cases_of(family.name)
	members = members_of(family.name)
	return frappe._dict(
		prepared=prepared(),
		lead_social_worker=worker_names([family.lead_social_worker]).get(family.lead_social_worker, ""),
		members=members,
		plans=plans,
		plo_cases=cases,
		legal_history=legal_history(plans, cases),
		modules=modules_of(family.name),
		goals=goals_of(family.name),
		member_names={member.name: member.full_name for member in members},
		specialist_work=specialist_work(family.name),
		supervision=latest_supervision(family.name),
		protected=protected_information(family.name),
		scales=SCALES,
	)


def fs_family_plan(family_name: str) -> dict:
	family = frappe.get_doc("Family", family_name)
	family.check_permission("read")
	members = members_of(family.name)
	goals = goals_of(family.name)
	for member in members:
		member.goals = [goal for goal in goals if goal.member == member.name]
	return frappe._dict(
		prepared=prepared(),
		members=[member for member in members if member.goals],
		next_meeting=family.next_supervision_due,
	)


def fs_conference_report(plan_name: str) -> dict:
	plan = frappe.get_doc("Child Protection Plan", plan_name)
	plan.check_permission("read")
	child = frappe.get_doc("Member", plan.member)
	previous = [p for p in plans_of(plan.family, plan.member) if p.name != plan.name]
	supervision = latest_supervision(plan.family)
	return frappe._dict(
		prepared=prepared(),
		child=child,
		lead_social_worker=worker_names([plan.lead_social_worker]).get(plan.lead_social_worker, ""),
		previous_plans=previous,
		members=members_of(plan.family),
		goals=goals_of(plan.family, plan.member),
		modules=[module for module in modules_of(plan.family) if plan.member in module.members],
		risk=[row for row in (supervision.risks if supervision else []) if row.member == plan.member],
		supervision=supervision,
		protected=protected_information(plan.family, plan.member),
	)


def fs_referral_letter(referral_name: str) -> dict:
	referral = frappe.get_doc("Referral", referral_name)
	referral.check_permission("read")
	worker = (
		frappe.db.get_value(
			"Agency Worker", referral.referred_by, ["full_name", "team", "agency"], as_dict=True
		)
		if referral.referred_by
		else None
	)
	# The receiving agency reads the referral but not the family: its copy names the family and the
	# member only for a user who may read them (docs/information-governance/access-protocol.md,
	# "Receiving agencies").
	member = (
		frappe.db.get_value("Member", referral.member, ["full_name", "date_of_birth", "age"], as_dict=True)
		if referral.member and frappe.has_permission("Member", "read", doc=referral.member)
		else None
	)
	family_name = (
		frappe.db.get_value("Family", referral.family, "family_name")
		if frappe.has_permission("Family", "read", doc=referral.family)
		else None
	)
	note_read("Member", [referral.member] if member else [])
	note_read("Family", [referral.family] if family_name else [])
	return frappe._dict(
		prepared=prepared(),
		worker=worker or frappe._dict(),
		# the letter gives the service's answer once it has answered (rules/workflows.py)
		answered=referral.workflow_state in ANSWERED_STATES,
		member=member,
		family_name=family_name,
	)


def fs_supervision_record(supervision_name: str) -> dict:
	record = supervision_record(supervision_name)
	record.prepared = prepared()
	return record
