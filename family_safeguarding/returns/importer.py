"""Bring a council's Children in Need census history into the app: each child of a census file
(cin_read.py) found among the app's children or made anew, with its CIN Episodes and Child
Protection Plans created or brought up to date (census_records.py says what they should hold).

Every record is saved through its controller, as the administrator: the form rules that a worker's
save passes, an import passes too, and a child whose records they refuse is rolled back whole and
reported with the reason. Importing the same file again changes nothing. A dry run does all of it
and rolls it all back.

A child is found by its LA child ID, then by its UPN, then by its date of birth and sex; the last
two only when exactly one child has them and no other LA child ID is recorded for it.

A new plan is made in the workflow state its history puts it in, with one save, given the route of
transitions that history took: the form checks each step of the route as it would check one save a
step (ChildProtectionPlan.validate_workflow). A recorded plan moves on by its transitions, one save
each, which the administrator may take.

A long import shares its children among processes, one a core (import_groups.py says which child
goes where, import_processes.py runs them), and commits every CHILDREN_PER_TRANSACTION children.
"""

import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

import frappe
from frappe import _
from frappe.database import get_db
from frappe.model.base_document import get_controller
from frappe.model.naming import parse_naming_series
from frappe.utils import getdate, strip_html_tags

from family_safeguarding.refusals import rule_error_message
from family_safeguarding.returns.census_records import (
	IMPORTED_REVIEW_OUTCOME,
	PlannedEpisode,
	PlannedPlan,
	disability_options,
	is_born,
	member_values,
	new_family_values,
	new_member_names,
	planned_episodes,
	planned_plans,
	steps_from,
)
from family_safeguarding.returns.cin_model import CensusReturn, Child
from family_safeguarding.returns.cin_read import Refusal, read_return
from family_safeguarding.returns.import_groups import groups_of
from family_safeguarding.returns.import_processes import run_in_processes
from family_safeguarding.rules import RuleError
from family_safeguarding.rules.census.codes import census_child_id
from family_safeguarding.rules.workflows import ACTIVE_PLAN, PLAN_ENDED

CREATED, UPDATED, UNCHANGED, REFUSED = "Created", "Updated", "Unchanged", "Refused"
# What a dry run reports in place of what it would have done.
DRY_RUN_OUTCOMES = {CREATED: "Would create", UPDATED: "Would update"}
CHILD_TYPES = ("Child", "Unborn Child")
# The options that say a value is not known (an unborn child's sex is written U).
NOT_KNOWN = {"sex": "U - Not Known", "ethnicity": "NOBT - Information Not Yet Obtained"}
MEMBER_FIELDS = (
	"name",
	"family",
	"member_type",
	"la_child_id",
	"upn",
	"former_upn",
	"upn_unknown_reason",
	"date_of_birth",
	"expected_date_of_birth",
	"date_of_death",
	"sex",
	"ethnicity",
)
EPISODE_FIELDS = ("referral_source", "primary_need", "no_further_action", "closure_date", "closure_reason")
ASSESSMENT_FIELDS = ("start_date", "internal_review_date", "authorisation_date", "factors")
CIN_PLAN_FIELDS = ("start_date", "end_date")
# The fields of a Child Protection Plan the census carries; the others are the app's own (why a
# plan ended, the strategy discussion) and an import sets them only as a plan enters a state.
PLAN_CENSUS_FIELDS = ("section_47_start", "icpc_date", "plan_start", "plan_end", "initial_category")
PLAN_FIELDS = (
	"name",
	"member",
	"workflow_state",
	"strategy_discussion_date",
	"icpc_not_required",
	"latest_category",
	*PLAN_CENSUS_FIELDS,
)
# Children imported in one transaction by the bench command and the desk's job (import_return's
# `chunk`). Each save queues its realtime updates until the commit, and Frappe checks every new one
# against those queued (frappe.realtime.publish_realtime), which costs less the fewer children a
# transaction holds (docs/administrators/scaling.md).
CHILDREN_PER_TRANSACTION = 50
# Processes a long import runs at most: one a core, leaving the database a share of the machine's.
MOST_PROCESSES = 4
CHILD_SAVEPOINT = "cin_import_child"
DRY_RUN_SAVEPOINT = "cin_import_dry_run"


def default_processes() -> int:
	"""The processes a long import runs on this machine (bench command and desk alike)."""
	return max(1, min(MOST_PROCESSES, os.cpu_count() or 1))


@dataclass
class ChildOutcome:
	la_child_id: str
	outcome: str
	member: str | None = None
	reason: str = ""


@dataclass
class ImportResult:
	year_end: int
	dry_run: bool
	outcomes: list[ChildOutcome] = field(default_factory=list)
	# what was skipped outside any child (an element the census does not have)
	notes: list[str] = field(default_factory=list)
	processes: int = 1  # the processes the children were shared among

	def count(self, outcome: str) -> int:
		return sum(1 for child in self.outcomes if child.outcome == outcome)

	@property
	def created(self) -> int:
		return self.count(CREATED)

	@property
	def updated(self) -> int:
		return self.count(UPDATED)

	@property
	def unchanged(self) -> int:
		return self.count(UNCHANGED)

	@property
	def refused(self) -> int:
		return self.count(REFUSED)

	@property
	def matched(self) -> int:
		"""Children found among the app's children (updated or unchanged)."""
		return self.updated + self.unchanged

	def shown(self, child: ChildOutcome) -> str:
		"""The outcome as a dry run words it."""
		return DRY_RUN_OUTCOMES.get(child.outcome, child.outcome) if self.dry_run else child.outcome


class ChildRefused(Exception):
	"""A child the import cannot take, with the reason in the user's language."""


def import_file(
	xml: bytes,
	*,
	team: str,
	dry_run: bool,
	expected_year_end: int | None = None,
	progress: Callable[[int, int], None] | None = None,
	chunk: int | None = None,
	processes: int = 1,
) -> ImportResult:
	"""Read a census file and import it: the children the reading refused are reported with the
	others. A file refused whole raises frappe.ValidationError."""
	try:
		census, refusals = read_return(xml, expected_year_end)
	except RuleError as error:
		frappe.throw(rule_error_message(error), frappe.ValidationError, title=_("Census file refused"))
	result = import_return(
		census, team=team, dry_run=dry_run, progress=progress, chunk=chunk, processes=processes
	)
	add_reading_refusals(result, refusals)
	return result


def add_reading_refusals(result: ImportResult, refusals: list[Refusal]) -> None:
	"""The children the reading left out, as refused, and what it skipped of the others."""
	kept = {child.la_child_id: child for child in result.outcomes}
	by_child: dict[int, list[Refusal]] = {}
	for refusal in refusals:
		if refusal.position:
			by_child.setdefault(refusal.position, []).append(refusal)
		else:
			result.notes.append(_refusal_text(refusal))
	for found in by_child.values():
		reason = "\n".join(_refusal_text(refusal) for refusal in found)
		if any(refusal.child_left_out for refusal in found):
			result.outcomes.append(ChildOutcome(found[0].la_child_id or "", REFUSED, reason=reason))
		elif found[0].la_child_id in kept:
			outcome = kept[found[0].la_child_id]
			outcome.reason = "\n".join(filter(None, (outcome.reason, reason)))


def _refusal_text(refusal: Refusal) -> str:
	message = rule_error_message(RuleError(refusal.item, refusal.template, **refusal.arguments))
	return _("{0} (at {1})").format(message, refusal.item)


def import_return(
	census: CensusReturn,
	*,
	team: str,
	dry_run: bool,
	progress: Callable[[int, int], None] | None = None,
	chunk: int | None = None,
	processes: int = 1,
) -> ImportResult:
	"""Create or update the records of each child of the return; see the module's docstring.

	`progress(done, total)` is called after each child. With `chunk`, the import ends its
	transaction after that many children, committing them in a real run and rolling them back in
	a dry run: a long import then stays under Frappe's limit of writes in one transaction, and,
	stopped half way, can be run again. The caller must have nothing uncommitted of its own. With
	`chunk`, `processes` above one shares the children among that many processes (import_groups.py,
	import_processes.py). Without `chunk` (tests, a small file), the import is one transaction, in
	this process, and a dry run rolls back to a savepoint."""
	if not frappe.db.get_value("Family Safeguarding Team", team, "is_active"):
		frappe.throw(
			_("Team {0} is not an active Family Safeguarding Team.").format(frappe.bold(team)),
			frappe.ValidationError,
		)
	result = ImportResult(census.header.year_end, dry_run)
	children = census.children
	done = 0

	def on_child():
		nonlocal done
		done += 1
		if progress:
			progress(done, len(children))

	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		known = _Known()

		def work(positions: list[int], report: Callable[[], None]) -> list[ChildOutcome]:
			return _import_children([children[p] for p in positions], known, team, dry_run, chunk, report)

		groups = (
			groups_of(
				[_shared_keys(child, known) for child in children],
				[_records_of(child) for child in children],
				processes,
			)
			if chunk and processes > 1 and len(children) > chunk
			else []
		)
		if len(groups) > 1:
			result.processes = len(groups)
			by_position = run_in_processes(groups, work, on_child)
			result.outcomes = [by_position[position] for position in range(len(children))]
		else:
			result.outcomes = work(list(range(len(children))), on_child)
	finally:
		frappe.set_user(user)
	return result


def _import_children(
	children: list[Child],
	known: "_Known",
	team: str,
	dry_run: bool,
	chunk: int | None,
	on_child: Callable[[], None],
) -> list[ChildOutcome]:
	"""The children's import, one after the other, in this process and its database connection."""
	if dry_run:
		names = _DryRunNames()
	else:
		# A long import reserves its numbers on a connection of its own, committed at once, so that
		# it never holds a series locked: not from a worker's new family, nor from its own processes.
		names = _SeriesBlocks(_own_connection() if chunk else frappe.db)
	if dry_run and not chunk:
		frappe.db.savepoint(DRY_RUN_SAVEPOINT)
	outcomes = []
	try:
		for done, child in enumerate(children, 1):
			outcome = _import_child(child, known, names, team)
			if dry_run and outcome.outcome == CREATED:
				outcome.member = None  # rolled back: its name would be given to another record
			outcomes.append(outcome)
			if chunk and (done % chunk == 0 or done == len(children)):
				if dry_run:
					frappe.db.rollback()
				else:
					frappe.db.commit()
			on_child()
		names.give_back()
	finally:
		if dry_run:
			if chunk:
				frappe.db.rollback()
			else:
				frappe.db.rollback(save_point=DRY_RUN_SAVEPOINT)
		names.close()
	return outcomes


def _shared_keys(child: Child, known: "_Known") -> set[tuple]:
	"""What could make the child's import touch another's records (import_groups.py)."""
	keys = {("LA child ID", child.la_child_id.upper())}
	if child.upn:
		keys.add(("UPN", child.upn))
	born, sex = child.birth_date or child.expected_birth_date, member_values(child)["sex"]
	if born and sex:
		keys.add(("born", born, sex))
	try:
		member, _found_by = known.match(child)
	except ChildRefused:
		member = None  # refused again by its import, where the reason is kept
	if member:
		keys |= {("member", member), ("family", known.members[member].family)}
	return keys


def _records_of(child: Child) -> int:
	"""About how many records the child's import writes: its family, itself, its episodes and plans."""
	return 2 + sum(1 + len(episode.section_47s) + len(episode.protection_plans) for episode in child.episodes)


def _import_child(child: Child, known: "_Known", names, team: str) -> ChildOutcome:
	# A savepoint of the same name replaces the last child's: no release is needed.
	frappe.db.savepoint(CHILD_SAVEPOINT)
	try:
		outcome = _ChildImport(child, known, names, team).run()
	except (ChildRefused, frappe.ValidationError) as error:
		frappe.db.rollback(save_point=CHILD_SAVEPOINT)
		names.child_rolled_back()
		return ChildOutcome(child.la_child_id, REFUSED, reason=_error_text(error))
	finally:
		# the forms' census queries and messages, shown to no one here
		frappe.clear_messages()
	names.child_kept()
	known.add(child, outcome.member)
	return outcome


def _error_text(error: Exception) -> str:
	text = str(error) or next(
		(frappe.parse_json(m).get("message") for m in reversed(frappe.local.message_log or [])), ""
	)
	return strip_html_tags(text).strip() or _("Refused: {0}").format(type(error).__name__)


class _ChildImport:
	"""One child's records, found, created or updated."""

	def __init__(self, child: Child, known: "_Known", names, team: str):
		self.child = child
		self.known = known
		self.names = names
		self.team = team
		self.done: list[str] = []

	def run(self) -> ChildOutcome:
		member, matched_by = self.known.match(self.child)
		if member is None:
			member = self.create_member()
			outcome = CREATED
		else:
			self.update_member(member)
			outcome = None
		for planned in planned_episodes(self.child):
			self.import_episode(member, planned)
		recorded_plans = list(self.known.plans.get(member, ()))
		for planned in planned_plans(self.child):
			self.import_plan(member, planned, recorded_plans)
		if outcome is None:
			outcome = UPDATED if self.done else UNCHANGED
		reason = "; ".join(filter(None, (matched_by, *self.done)))
		return ChildOutcome(self.child.la_child_id, outcome, member, reason)

	# the child

	def create_member(self) -> str:
		family = self.insert({"doctype": "Family", **new_family_values(self.child, self.team)})
		values = {name: value for name, value in member_values(self.child).items() if value is not None}
		member = self.insert(
			{
				"doctype": "Member",
				"family": family.name,
				**new_member_names(self.child),
				**values,
				"disabilities": [{"disability": option} for option in disability_options(self.child)],
			}
		)
		self.done.append(_("family and child created"))
		return member.name

	def update_member(self, member: str) -> None:
		recorded = self.known.members[member]
		wanted = member_values(self.child)
		if self.known.stands_for_record(self.child):
			wanted["la_child_id"] = None  # the record's own name, not the council's LA child ID
		if not is_born(self.child) and recorded.member_type != "Unborn Child":
			# an older file, from before the child was born: the record knows more
			wanted.update(member_type=None, expected_date_of_birth=None)
		if wanted["upn_unknown_reason"] and recorded.upn and not wanted["upn"]:
			wanted["upn_unknown_reason"] = None  # the UPN is known since
		for name, not_known in NOT_KNOWN.items():
			if wanted[name] == not_known and recorded.get(name):
				wanted[name] = None  # "not known" in the file never hides what is known
		changes = {
			name: value
			for name, value in wanted.items()
			if value is not None and not _same(recorded.get(name), value)
		}
		if wanted["upn"] and recorded.upn_unknown_reason:
			changes["upn_unknown_reason"] = None
		disabilities = disability_options(self.child)
		replace_disabilities = bool(disabilities) and set(disabilities) != set(
			self.known.disabilities.get(member, ())
		)
		if not changes and not replace_disabilities:
			return
		doc = frappe.get_doc("Member", member)
		doc.update(changes)
		if replace_disabilities:
			doc.set("disabilities", [{"disability": option} for option in disabilities])
		doc.save()
		self.done.append(_("child updated"))

	# CIN episodes

	def import_episode(self, member: str, planned: PlannedEpisode) -> None:
		recorded = next(
			(e for e in self.known.episodes.get(member, ()) if e.referral_date == planned.referral_date), None
		)
		if recorded is None:
			self.insert(
				{
					"doctype": "CIN Episode",
					"member": member,
					"referral_date": planned.referral_date,
					**_given(planned.values),
					"assessments": [_given(row) for row in planned.assessments],
					"cin_plans": [_given(row) for row in planned.cin_plans],
				}
			)
			self.done.append(_("episode of {0} created").format(_shown(planned.referral_date)))
			return
		changes = _changes(recorded, planned.values, EPISODE_FIELDS)
		assessments = _row_changes(recorded.assessments, planned.assessments, ASSESSMENT_FIELDS)
		cin_plans = _row_changes(recorded.cin_plans, planned.cin_plans, CIN_PLAN_FIELDS)
		if not (changes or assessments or cin_plans):
			return
		doc = frappe.get_doc("CIN Episode", recorded.name)
		doc.update(changes)
		_apply_rows(doc, "assessments", assessments)
		_apply_rows(doc, "cin_plans", cin_plans)
		doc.save()
		self.done.append(_("episode of {0} updated").format(_shown(planned.referral_date)))

	# child protection plans

	def import_plan(self, member: str, planned: PlannedPlan, recorded_plans: list) -> None:
		recorded = next((plan for plan in recorded_plans if planned.matches(plan)), None)
		if recorded is None:
			self.create_plan(member, planned)
			return
		recorded_plans.remove(recorded)  # one record answers one plan of the file
		steps = steps_from(planned, recorded.workflow_state)
		if steps is None:
			raise ChildRefused(
				_(
					"The child protection plan record {0} is in the state {1}; the file has it as {2}, which "
					"that state cannot move to."
				).format(recorded.name, _(recorded.workflow_state), _(planned.state))
			)
		changes = _changes(recorded, planned.values, PLAN_CENSUS_FIELDS)
		if (
			planned.values.get("latest_category")
			and not recorded.review_categories
			and not _same(recorded.latest_category, planned.values["latest_category"])
		):
			# the plan's reviews decide its latest category when they record one
			changes["latest_category"] = planned.values["latest_category"]
		reviews = sorted(set(planned.reviews) - recorded.reviews)
		if not (changes or steps or reviews):
			return
		doc = frappe.get_doc("Child Protection Plan", recorded.name)
		doc.update(changes)
		added_now = []
		if recorded.workflow_state in (ACTIVE_PLAN, PLAN_ENDED):
			_add_reviews(doc, reviews)
			added_now, reviews = reviews, []
		if changes or added_now:
			doc.save()
		self.walk(doc, steps, reviews)
		self.done.append(_("child protection plan {0} updated").format(recorded.name))

	def create_plan(self, member: str, planned: PlannedPlan) -> None:
		"""One save: the plan is made in its state with what each state of its route needs, and the
		form checks the route as it would each step of it (ChildProtectionPlan.validate_workflow)."""
		route = tuple(state for state, _values in planned.steps)
		values = {
			"doctype": "Child Protection Plan",
			"member": member,
			**_given(planned.values),
			"workflow_state": planned.state,
		}
		if ACTIVE_PLAN in route:
			values["reviews"] = [_review(day) for day in planned.reviews]
		self.insert(values, workflow_route=route)
		self.done.append(_("child protection plan created"))

	def insert(self, values: dict, **flags):
		"""A new record, named from the numbers the import has reserved (_SeriesBlocks). An insert
		makes no Version (Frappe keeps one only for a save, or for an insert by its Data Import), so
		ignore_version only spares building one for nothing."""
		doc = frappe.get_doc(values)
		doc.flags.update(flags, ignore_version=True)
		return doc.insert(set_name=self.names.name_for(doc))

	def walk(self, doc, steps, reviews: list[date]) -> None:
		"""Move the plan through the workflow's transitions, one save each, setting the fields each
		state needs as it enters it; reviews are held while the plan is active."""
		for state, values in steps:
			doc.update(_given(values))
			if state == ACTIVE_PLAN:
				_add_reviews(doc, reviews)
			doc.workflow_state = state
			doc.save()


def _add_reviews(doc, reviews: list[date]) -> None:
	for day in reviews:
		doc.append("reviews", _review(day))


def _review(day: date) -> dict:
	return {"review_date": day, "outcome": IMPORTED_REVIEW_OUTCOME}


class _Known:
	"""The app's children and their episodes and plans, read in bulk once, so that finding each
	child of the file and comparing its records costs no query."""

	def __init__(self):
		rows = frappe.get_all(
			"Member", filters={"member_type": ("in", CHILD_TYPES)}, fields=list(MEMBER_FIELDS)
		)
		self.members = {row.name: row for row in rows}
		self.by_child_id: dict[str, list[str]] = defaultdict(list)
		# A child with no LA child ID is named in this app's returns by its record (census_child_id):
		# a return this app made, imported back, finds its children by that.
		self.by_record_id: dict[str, str] = {}
		self.by_upn: dict[str, list[str]] = defaultdict(list)
		self.by_birth: dict[tuple, list[str]] = defaultdict(list)
		for row in rows:
			self.index(row)
		self.disabilities = _child_rows("Member Disability", "Member", ("disability",))
		self.disabilities = {
			parent: [row.disability for row in found] for parent, found in self.disabilities.items()
		}
		self.episodes = self.load_episodes()
		self.plans = self.load_plans()

	def index(self, row) -> None:
		if row.la_child_id:
			self.by_child_id[row.la_child_id.upper()].append(row.name)
		else:
			self.by_record_id[census_child_id(row.name).upper()] = row.name
		if row.upn:
			self.by_upn[row.upn].append(row.name)
		born = row.date_of_birth or row.expected_date_of_birth
		if born and row.sex:
			self.by_birth[(getdate(born), row.sex)].append(row.name)

	def load_episodes(self) -> dict[str, list]:
		rows = frappe.get_all(
			"CIN Episode",
			fields=["name", "member", "referral_date", *EPISODE_FIELDS],
			order_by="referral_date",
		)
		assessments = _child_rows("CIN Assessment", "CIN Episode", ASSESSMENT_FIELDS)
		cin_plans = _child_rows("CIN Plan Period", "CIN Episode", CIN_PLAN_FIELDS)
		episodes = defaultdict(list)
		for row in rows:
			row.referral_date = getdate(row.referral_date)
			row.assessments = assessments.get(row.name, [])
			row.cin_plans = cin_plans.get(row.name, [])
			episodes[row.member].append(row)
		return episodes

	def load_plans(self) -> dict[str, list]:
		rows = frappe.get_all("Child Protection Plan", fields=list(PLAN_FIELDS), order_by="creation")
		reviews = _child_rows("Protection Review", "Child Protection Plan", ("review_date", "category"))
		plans = defaultdict(list)
		for row in rows:
			for name in ("section_47_start", "icpc_date", "plan_start", "plan_end"):
				row[name] = getdate(row[name]) if row[name] else None
			found = reviews.get(row.name, [])
			row.reviews = {getdate(review.review_date) for review in found}
			row.review_categories = any(review.category for review in found)
			plans[row.member].append(row)
		return plans

	def match(self, child: Child) -> tuple[str | None, str | None]:
		"""The app's child that is the file's child, and how it was found; (None, None) for a child
		the app does not know. A match that is not certain refuses the child."""
		found = self.by_child_id.get(child.la_child_id.upper(), [])
		if len(found) > 1:
			raise ChildRefused(
				_("LA child ID {0} is recorded for {1} children: {2}. Leave it on one of them.").format(
					child.la_child_id, len(found), ", ".join(found)
				)
			)
		if found:
			return found[0], _("found by LA child ID as {0}").format(found[0])
		if self.stands_for_record(child):
			member = self.by_record_id[child.la_child_id.upper()]
			return member, _("found by its record's name as {0}").format(member)
		if child.upn:
			found = self.by_upn.get(child.upn, [])
			others = [name for name in found if self.members[name].la_child_id]
			if others:
				raise ChildRefused(
					_("UPN {0} is recorded for {1}, whose LA child ID is another.").format(
						child.upn, ", ".join(others)
					)
				)
			if len(found) > 1:
				raise ChildRefused(
					_("UPN {0} is recorded for {1} children: {2}.").format(
						child.upn, len(found), ", ".join(found)
					)
				)
			if found:
				return found[0], _("found by UPN as {0}").format(found[0])
		return self.match_by_birth(child)

	def stands_for_record(self, child: Child) -> bool:
		"""Whether the file names the child by the record of a child with no LA child ID: not an LA
		child ID to store."""
		return child.la_child_id.upper() in self.by_record_id

	def match_by_birth(self, child: Child) -> tuple[str | None, str | None]:
		born = child.birth_date or child.expected_birth_date
		sex = member_values(child)["sex"]
		found = [
			name
			for name in self.by_birth.get((born, sex), [])
			if not self.members[name].la_child_id and not (child.upn and self.members[name].upn)
		]
		if len(found) > 1:
			raise ChildRefused(
				_(
					"{0} children have the date of birth and sex of this child, and none its LA child ID or "
					"UPN: {1}. Record the LA child ID on the right one, then import again."
				).format(len(found), ", ".join(found))
			)
		if found:
			return found[0], _("found by date of birth and sex as {0}: check it is the same child").format(
				found[0]
			)
		return None, None

	def add(self, child: Child, member: str | None) -> None:
		"""A child just imported: found by its LA child ID from now on."""
		if member and member not in self.members:
			values = member_values(child)
			row = frappe._dict({name: values.get(name) for name in MEMBER_FIELDS}, name=member)
			self.members[member] = row
			self.index(row)
		elif member and not self.members[member].la_child_id and not self.stands_for_record(child):
			self.members[member].la_child_id = child.la_child_id
			self.by_child_id[child.la_child_id.upper()].append(member)


class _SeriesBlocks:
	"""The names of the records an import makes, numbered from their DocType's naming series in
	blocks. Frappe reads and moves a series' counter with two queries for each record it names (a
	third of the queries of a child referred with no further action); here a block of numbers is
	reserved with two, and the numbers left over are given back at the end, unless another record
	was numbered after them.

	On the import's own connection (one transaction, a test or a small file), the series' rows stay
	locked from the first reservation to the commit, and a child rolled back to its savepoint undoes
	the reservations it made, so they are forgotten. On a connection of its own (a long import), each
	reservation is committed at once and locks nothing for longer. Either way, the numbers a refused
	child took are left unused, as Frappe leaves a deleted record's. A DocType named any other way (a
	Document Naming Rule, a controller's autoname, a naming series field) is named by Frappe."""

	BLOCK = 100
	ATTEMPTS = 5  # of a reservation on a connection of its own, another process making the row

	def __init__(self, db):
		self.db = db
		self.own_connection = db is not frappe.db
		self.series: dict[str, str | None] = {}
		self.blocks: dict[str, list[int]] = {}  # prefix -> [next number, last number reserved]
		self.reserved_in_child: set[str] = set()

	def name_for(self, doc) -> str | None:
		"""The new record's name; None to let Frappe name it."""
		if doc.doctype not in self.series:
			self.series[doc.doctype] = _plain_naming_series(doc.doctype)
		series = self.series[doc.doctype]
		return parse_naming_series(series, doc=doc, number_generator=self.take) if series else None

	def take(self, prefix: str, digits: int) -> str:
		block = self.blocks.get(prefix)
		if block is None or block[0] > block[1]:
			block = self.blocks[prefix] = self.reserve(prefix)
			self.reserved_in_child.add(prefix)
		number = block[0]
		block[0] += 1
		return f"{number:0{digits}d}"

	def reserve(self, prefix: str) -> list[int]:
		if not self.own_connection:
			return self.reserve_now(prefix)
		for attempt in range(1, self.ATTEMPTS + 1):
			try:
				block = self.reserve_now(prefix)
				self.db.commit()
				return block
			except Exception as error:
				# Two processes making a new series' row at once (a new year's FAM-2025-): one of them
				# is refused, its reservation undone, and it asks again, when the row is there.
				self.db.rollback()
				if attempt == self.ATTEMPTS or not _made_at_once(self.db, error):
					raise

	def reserve_now(self, prefix: str) -> list[int]:
		current = self.db.sql("select `current` from `tabSeries` where `name` = %s for update", (prefix,))
		if current and current[0][0] is not None:
			first = int(current[0][0]) + 1
			self.db.sql(
				"update `tabSeries` set `current` = `current` + %s where `name` = %s", (self.BLOCK, prefix)
			)
		else:
			first = 1
			self.db.sql("insert into `tabSeries` (`name`, `current`) values (%s, %s)", (prefix, self.BLOCK))
		return [first, first + self.BLOCK - 1]

	def child_kept(self) -> None:
		self.reserved_in_child.clear()

	def child_rolled_back(self) -> None:
		if not self.own_connection:
			for prefix in self.reserved_in_child:
				self.blocks.pop(prefix, None)
		self.reserved_in_child.clear()

	def give_back(self) -> None:
		"""Return each block's unused numbers to its series, if no record was numbered after them.
		On a connection of its own, each series is given back in a transaction of its own: processes
		giving back several series in one transaction each deadlocked (found by .ci/run)."""
		for prefix, (following, last) in sorted(self.blocks.items()):
			if following <= last:
				self.db.sql(
					"update `tabSeries` set `current` = %s where `name` = %s and `current` = %s",
					(following - 1, prefix, last),
				)
				if self.own_connection:
					self.db.commit()
		self.blocks.clear()

	def close(self) -> None:
		if self.own_connection:
			self.db.close()


class _DryRunNames:
	"""The names of a dry run's records: random, since they are rolled back, and a series would be
	locked until then, from everyone else and from the dry run's other processes."""

	def __init__(self):
		self.series: dict[str, bool] = {}

	def name_for(self, doc) -> str | None:
		if doc.doctype not in self.series:
			self.series[doc.doctype] = bool(_plain_naming_series(doc.doctype))
		return frappe.generate_hash(length=12) if self.series[doc.doctype] else None

	def child_kept(self) -> None:
		pass

	def child_rolled_back(self) -> None:
		pass

	def give_back(self) -> None:
		pass

	def close(self) -> None:
		pass


def _made_at_once(db, error: Exception) -> bool:
	"""Whether the database refused a statement because another connection wrote the same row at the
	same moment: a deadlock, or a duplicate of the row it made first."""
	return isinstance(error, frappe.QueryDeadlockError) or (bool(error.args) and db.is_duplicate_entry(error))


def _own_connection():
	"""A second connection to the site's database, as frappe.connect makes the first."""
	conf = frappe.local.conf
	return get_db(
		host=conf.db_host,
		port=conf.db_port,
		user=conf.db_name,
		password=conf.db_password,
		cur_db_name=conf.db_name,
	)


def _plain_naming_series(doctype: str) -> str | None:
	"""The DocType's autoname when Frappe names its records by that series alone ("FAM-.YYYY.-.#####"),
	else None."""
	autoname = frappe.get_meta(doctype).autoname or ""
	other_rules = ("field:", "naming_series:", "prompt", "format:", "hash", "autoincrement", "uuid")
	if "#" not in autoname or autoname.lower().startswith(other_rules):
		return None
	controller = get_controller(doctype)
	if hasattr(controller, "autoname") or hasattr(controller, "before_naming"):
		return None
	hooks = frappe.get_hooks("doc_events")
	if any("before_naming" in hooks.get(key, {}) for key in (doctype, "*")):
		return None
	if frappe.get_all("Document Naming Rule", {"document_type": doctype, "disabled": 0}, limit=1):
		return None
	return autoname


def _child_rows(doctype: str, parenttype: str, fields: tuple[str, ...]) -> dict[str, list]:
	"""The rows of a child table, by their record, in the record's order."""
	table = frappe.qb.DocType(doctype)
	rows = (
		frappe.qb.from_(table)
		.select(table.parent, table.name, *(table[name] for name in fields))
		.where(table.parenttype == parenttype)
		.orderby(table.parent)
		.orderby(table.idx)
		.run(as_dict=True)
	)
	found = defaultdict(list)
	for row in rows:
		found[row.parent].append(row)
	return found


def _given(values: dict) -> dict:
	"""The values the file gives: an item it leaves out never empties a recorded one."""
	return {name: value for name, value in values.items() if value is not None}


def _same(recorded, wanted) -> bool:
	if isinstance(wanted, date):
		return bool(recorded) and getdate(recorded) == wanted
	if isinstance(wanted, int):
		return int(recorded or 0) == wanted
	return (recorded or None) == wanted


def _changes(recorded, values: dict, fields: tuple[str, ...]) -> dict:
	return {
		name: values[name]
		for name in fields
		if values.get(name) is not None and not _same(recorded.get(name), values[name])
	}


def _row_changes(recorded_rows: list, planned_rows: tuple[dict, ...], fields: tuple[str, ...]) -> list:
	"""(row name or None for a new row, changes) of each planned row, found by its start date."""
	changes = []
	for planned in planned_rows:
		recorded = next(
			(
				row
				for row in recorded_rows
				if row.start_date and getdate(row.start_date) == planned["start_date"]
			),
			None,
		)
		if recorded is None:
			changes.append((None, _given(planned)))
		elif found := _changes(recorded, planned, fields):
			changes.append((recorded.name, found))
	return changes


def _apply_rows(doc, table: str, changes: list) -> None:
	rows = {row.name: row for row in doc.get(table)}
	for name, values in changes:
		if name is None:
			doc.append(table, values)
		else:
			rows[name].update(values)


def _shown(day: date) -> str:
	return frappe.utils.formatdate(day)
