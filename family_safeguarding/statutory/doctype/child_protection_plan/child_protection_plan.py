# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from itertools import pairwise

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.model.workflow import WorkflowPermissionError, get_workflow, is_transition_condition_satisfied
from frappe.utils import getdate, today

from family_safeguarding import timescales
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.refusals import refuse_future_date, refuse_rule_errors
from family_safeguarding.rules import overdue
from family_safeguarding.rules.census.episodes import (
	check_cp_plan_starts_at_icpc,
	check_icpc_not_on_weekend,
	check_nothing_after_closure,
	check_plan_in_an_episode,
	icpc_query,
	plan_key_date,
)
from family_safeguarding.rules.workflows import (
	ACTIVE_PLAN,
	BEFORE_CONFERENCE_STATES,
	CHILD_PROTECTION,
	CLOSED_NO_PLAN,
	CONFERENCE_SCHEDULED,
	PLAN_CLOSED_STATES,
	PLAN_ENDED,
	SECTION_47_ENQUIRY,
	first_state,
)
from family_safeguarding.statutory.episodes import (
	PLAN_DATES,
	as_date,
	episodes_of,
	show_query,
	working_day_calendar,
)
from family_safeguarding.statutory.overdue import describe
from family_safeguarding.statutory.process import require_for_state, set_overdue, update_legal_status

# What each state needs before a plan may move into it (docs/developers/data-model.md, "Workflows").
REQUIRED_FOR_STATE = {
	SECTION_47_ENQUIRY: ("strategy_discussion_date",),
	CONFERENCE_SCHEDULED: ("icpc_date",),
	ACTIVE_PLAN: ("icpc_date", "initial_category", "plan_start"),
	CLOSED_NO_PLAN: ("no_plan_reason",),
	PLAN_ENDED: ("plan_end", "end_reason"),
}


class ChildProtectionPlan(Document):
	def onload(self):
		self.set_onload("overdue", describe(self.overdue_items))

	def validate(self):
		self.validate_child()
		state = require_for_state(self, self.required_for_state())
		self.validate_dates(self.route()[1:] or ((state,) if state else ()))
		self.validate_census()
		self.refuse_a_second_open_plan()
		self.latest_category = next(
			(
				row.category
				for row in sorted(self.reviews, key=lambda r: getdate(r.review_date), reverse=True)
				if row.category
			),
			self.latest_category or self.initial_category,
		)
		self.previous_plans = frappe.db.count(
			"Child Protection Plan",
			{"member": self.member, "workflow_state": PLAN_ENDED, "name": ("!=", self.name or "")},
		)
		refresh(self)

	def on_update(self):
		update_legal_status(self.family)

	def route(self) -> tuple[str, ...]:
		"""The states a new plan went through when a user outside the protocol makes it in a later
		state than the first, with one save (validate_workflow): the census import's plans, whose
		history is over. Empty for any other save."""
		if self.is_new() and self.flags.workflow_route and is_outside_protocol(frappe.session.user):
			return tuple(self.flags.workflow_route)
		return ()

	def required_for_state(self) -> dict[str, tuple[str, ...]]:
		"""What the state the plan moves into needs; a plan made on its route needs, in its state,
		what every state of the route needs."""
		route = self.route()
		if not route:
			return REQUIRED_FOR_STATE
		needed = (field for state in route[1:] for field in REQUIRED_FOR_STATE.get(state, ()))
		return {route[-1]: tuple(dict.fromkeys(needed))}

	def validate_workflow(self):
		"""Frappe starts a new plan in the workflow's first state and moves it on one transition a
		save. Given the route it took (`flags.workflow_route`), a user outside the protocol may make it
		in its state with one save instead: the route starts in the first state, ends in the plan's,
		and each step of it is a transition the user may take, as it would be for one save a step.
		Inside the protocol, a new plan starts in the first state, as Frappe has it."""
		route = self.route()
		if not route:
			return super().validate_workflow()
		workflow = get_workflow(self.doctype)
		first, roles = workflow.states[0].state, frappe.get_roles()
		if route[0] != first or route[-1] != self.workflow_state:
			refuse_transition(first, self.workflow_state)
		for current, moving_to in pairwise(route):
			if not any(
				transition.state == current
				and transition.next_state == moving_to
				and transition.allowed in roles
				and is_transition_condition_satisfied(transition, self)
				for transition in workflow.transitions
			):
				refuse_transition(current, moving_to)

	def validate_child(self):
		member = frappe.db.get_value(
			"Member", self.member, ["family", "member_type", "full_name"], as_dict=True
		)
		if member.member_type not in ("Child", "Unborn Child"):
			frappe.throw(
				_(
					"Child: the person chosen is recorded as {0}; a child protection plan is for a child or an unborn child."
				).format(_(member.member_type)),
				frappe.ValidationError,
			)
		self.family = member.family
		self.lead_social_worker = self.lead_social_worker or frappe.db.get_value(
			"Family", self.family, "lead_social_worker"
		)

	def validate_dates(self, entering: tuple[str, ...]):
		for field in ("strategy_discussion_date", "section_47_start", "last_visit", "plan_start", "plan_end"):
			refuse_future_date(self.get(field), self.meta.get_label(field))
		if self.section_47_start and getdate(self.section_47_start) < getdate(self.strategy_discussion_date):
			frappe.throw(
				_("Section 47 Enquiry Started cannot be before the Strategy Discussion Date."),
				frappe.ValidationError,
			)
		if self.icpc_date and getdate(self.icpc_date) < getdate(self.strategy_discussion_date):
			frappe.throw(
				_("Initial Conference Date cannot be before the Strategy Discussion Date."),
				frappe.ValidationError,
			)
		if ACTIVE_PLAN in entering and getdate(self.icpc_date) > getdate(today()):
			frappe.throw(
				_(
					"The initial conference of {0} has not been held yet: a plan starts at the conference."
				).format(frappe.utils.formatdate(self.icpc_date)),
				frappe.ValidationError,
			)
		if self.plan_start and self.icpc_date and getdate(self.plan_start) < getdate(self.icpc_date):
			frappe.throw(
				_("Plan Start cannot be before the Initial Conference Date."), frappe.ValidationError
			)
		if self.plan_end and self.plan_start and getdate(self.plan_end) < getdate(self.plan_start):
			frappe.throw(_("Plan End cannot be before Plan Start."), frappe.ValidationError)

	def validate_census(self):
		"""The census's rules for the section 47 enquiry, the conference and the plan, checked when
		the dates they read are entered or changed, so that a plan recorded before them stays
		editable (docs/developers/data-model.md, "Child protection in the census")."""
		changed = {field for field in ("member", *PLAN_DATES) if self.has_value_changed(field)}
		dates = {field: as_date(self.get(field)) for field in PLAN_DATES}
		with refuse_rule_errors():
			if "icpc_date" in changed:
				check_icpc_not_on_weekend(dates["icpc_date"])
			if changed & {"icpc_date", "plan_start"}:
				check_cp_plan_starts_at_icpc(dates["icpc_date"], dates["plan_start"])
			if changed:
				self.check_in_an_episode(dates)
		if changed & {"section_47_start", "icpc_date"} or self.has_value_changed("icpc_not_required"):
			if dates["section_47_start"]:
				query = icpc_query(
					dates["section_47_start"],
					dates["icpc_date"],
					bool(self.icpc_not_required),
					getdate(today()),
					**working_day_calendar(),
				)
				show_query(query)

	def check_in_an_episode(self, dates: dict):
		"""When the child has CIN episodes, the plan belongs to the one holding its key date (the
		section 47 enquiry's start, else the conference, else the plan's start), and nothing of it
		comes after that episode's closure."""
		key = plan_key_date(dates["section_47_start"], dates["icpc_date"], dates["plan_start"])
		if not key:
			return
		key_field = next(field for field in PLAN_DATES if dates[field] == key)
		episode = check_plan_in_an_episode(
			key_field, _(self.meta.get_label(key_field)), dates[key_field], episodes_of(self.member)
		)
		if episode:
			check_nothing_after_closure(
				episode.closure_date,
				[(field, _(self.meta.get_label(field)), dates[field]) for field in PLAN_DATES],
			)

	def refuse_a_second_open_plan(self):
		other = frappe.db.get_value(
			"Child Protection Plan",
			{
				"member": self.member,
				"name": ("!=", self.name or ""),
				"workflow_state": ("not in", PLAN_CLOSED_STATES),
			},
			"name",
		)
		if other:
			frappe.throw(
				_("This child already has an open child protection episode ({0}).").format(other),
				frappe.ValidationError,
			)


def refuse_transition(current: str, moving_to: str):
	"""Frappe's refusal of a state no transition reaches."""
	frappe.throw(
		_("Workflow State transition not allowed from {0} to {1}").format(
			frappe.bold(current), frappe.bold(moving_to)
		),
		WorkflowPermissionError,
	)


def refresh(plan, on=None) -> list:
	"""Recompute the plan's due dates and what is overdue; return the overdue items."""
	state = plan.workflow_state or first_state(CHILD_PROTECTION)
	plan.icpc_due = timescales.icpc_due(plan.strategy_discussion_date)
	plan.first_core_group_due = timescales.first_core_group_due(plan.icpc_date) if plan.icpc_date else None
	plan.next_review_due = (
		timescales.next_review_due(plan.icpc_date, [row.review_date for row in plan.reviews])
		if plan.icpc_date and state == ACTIVE_PLAN
		else None
	)
	last_visit = plan.last_visit or plan.plan_start
	plan.next_visit_due = (
		timescales.next_visit_due(last_visit, plan.visit_interval_days)
		if last_visit and state == ACTIVE_PLAN
		else None
	)
	items = []
	if state in BEFORE_CONFERENCE_STATES or (
		state == CONFERENCE_SCHEDULED and getdate(plan.icpc_date) > getdate(plan.icpc_due)
	):
		items.append((overdue.INITIAL_CONFERENCE, plan.icpc_due))
	if state == ACTIVE_PLAN:
		if not plan.core_groups:
			items.append((overdue.FIRST_CORE_GROUP, plan.first_core_group_due))
		items.append((overdue.REVIEW_CONFERENCE, plan.next_review_due))
		items.append((overdue.STATUTORY_VISIT, plan.next_visit_due))
	return set_overdue(plan, items, on)
