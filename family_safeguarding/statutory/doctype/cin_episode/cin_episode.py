# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding.refusals import refuse_future_date, refuse_rule_errors, row_prefix
from family_safeguarding.rules.census.codes import normalise_assessment_factors
from family_safeguarding.rules.census.episodes import (
	Episode,
	assessment_query,
	check_assessment_dates,
	check_cin_plan_apart_from_cp_plans,
	check_cin_plan_dates,
	check_closure,
	check_episode_among_others,
	check_no_further_action,
	check_nothing_after_closure,
	episode_containing,
	plan_key_date,
)
from family_safeguarding.statutory.episodes import (
	as_date,
	episode_of,
	episodes_of,
	family_of_child,
	plans_of,
	show_query,
	working_day_calendar,
)


class CINEpisode(Document):
	def validate(self):
		if not (self.member and self.referral_date):
			return  # Frappe refuses the missing required fields next, naming them
		self.validate_child()
		self.validate_dates()
		childs_plans = plans_of(self.member)
		for row in self.assessments:
			self.validate_assessment(row)
		for row in self.cin_plans:
			self.validate_cin_plan(row, childs_plans)
		episode, others = episode_of(self), episodes_of(self.member, self.name)
		plans = self.plans_in_this_episode(episode, others, childs_plans)
		with refuse_rule_errors():
			check_closure(episode.referral_date, episode.closure_date, self.closure_reason)
			check_episode_among_others(episode, others)
			check_no_further_action(
				bool(self.no_further_action),
				assessments=len(self.assessments),
				section_47_enquiries=sum(1 for plan in plans if plan.section_47_start),
				cin_plans=len(self.cin_plans),
				cp_plans=sum(1 for plan in plans if plan.plan_start),
			)
			check_nothing_after_closure(episode.closure_date, self.activities(plans))
		self.show_assessment_queries()

	def validate_child(self):
		self.family = family_of_child(self.member, _("a CIN episode"))
		if self.contact and frappe.db.get_value("Social Care Contact", self.contact, "member") != self.member:
			# the contact is not named or described: it may be about a child the user may not read
			frappe.throw(_("Contact: the contact chosen is not about this child."), frappe.ValidationError)

	def validate_dates(self):
		for field in ("referral_date", "closure_date"):
			refuse_future_date(self.get(field), self.meta.get_label(field))

	def validate_assessment(self, row):
		for field in ("start_date", "internal_review_date", "authorisation_date"):
			refuse_future_date(row.get(field), row.meta.get_label(field), row.idx)
		start = as_date(row.start_date)
		if not start:
			return  # required: Frappe refuses the row next
		with refuse_rule_errors(row=row.idx, table=_("Assessments")):
			check_assessment_dates(
				getdate(self.referral_date),
				start,
				as_date(row.internal_review_date),
				as_date(row.authorisation_date),
			)
			row.factors = normalise_assessment_factors(row.factors)

	def validate_cin_plan(self, row, childs_plans: list):
		for field in ("start_date", "end_date"):
			refuse_future_date(row.get(field), row.meta.get_label(field), row.idx)
		start, end = as_date(row.start_date), as_date(row.end_date)
		if not start:
			return  # required: Frappe refuses the row next
		with refuse_rule_errors(row=row.idx, table=_("CIN Plans")):
			check_cin_plan_dates(getdate(self.referral_date), start, end)
			check_cin_plan_apart_from_cp_plans(
				start, end, [(plan.plan_start, plan.plan_end) for plan in childs_plans if plan.plan_start]
			)

	def plans_in_this_episode(self, episode: Episode, others: list[Episode], childs_plans: list) -> list:
		"""The child's child protection plans that belong to this episode, or would if it were still
		open: the key date of each is in it, and not in a later episode (episode_containing gives a
		day to the latest episode that holds it)."""
		if episode.no_further_action and not episode.closure_date:
			reopened = episode
		else:
			reopened = Episode(episode.referral_date)
		return [
			plan
			for plan in childs_plans
			if episode_containing(
				[*others, reopened], plan_key_date(plan.section_47_start, plan.icpc_date, plan.plan_start)
			)
			is reopened
		]

	def activities(self, plans: list) -> list[tuple[str, str, object]]:
		"""(fieldname, label, date) of everything recorded in the episode, for the closure rule: the
		label names the table and row, or the child protection plan's field."""
		found = []
		for row in self.assessments:
			where = row_prefix(row.idx, _("Assessments"))
			found += [
				("closure_date", where + _("Assessment Start Date"), as_date(row.start_date)),
				("closure_date", where + _("Authorisation Date"), as_date(row.authorisation_date)),
			]
		for row in self.cin_plans:
			where = row_prefix(row.idx, _("CIN Plans"))
			found += [
				("closure_date", where + _("CIN Plan Start Date"), as_date(row.start_date)),
				("closure_date", where + _("CIN Plan End Date"), as_date(row.end_date)),
			]
		for plan in plans:
			found += [
				(
					"closure_date",
					_("Child protection plan: Section 47 Enquiry Started"),
					plan.section_47_start,
				),
				("closure_date", _("Child protection plan: Initial Conference Date"), plan.icpc_date),
				("closure_date", _("Child protection plan: Plan Start"), plan.plan_start),
				("closure_date", _("Child protection plan: Plan End"), plan.plan_end),
			]
		return found

	def show_assessment_queries(self):
		"""The 45-working-day query of each assessment entered or changed by this save."""
		before = self.get_doc_before_save()
		stored = {row.name: row for row in before.assessments} if before else {}
		calendar = working_day_calendar()
		for row in self.assessments:
			if not row.start_date:
				continue
			old = stored.get(row.name)
			if old and (old.start_date, old.authorisation_date) == (row.start_date, row.authorisation_date):
				continue
			query = assessment_query(
				as_date(row.start_date), as_date(row.authorisation_date), getdate(today()), **calendar
			)
			show_query(query, row_prefix(row.idx, _("Assessments")))
