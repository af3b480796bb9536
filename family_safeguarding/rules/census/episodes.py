"""Rules of a child's episodes of need that belong on the forms, so a worker hears at once what the
DfE would otherwise reject months later in the census return.

An episode is one referral to children's social care, from the referral to its closure. Periods
are half-open, as the DfE's rules compare them: an episode or plan may start on the day the one
before it ends. The messages describe only the record being saved, never another child's or
another episode's details, which the user may not be allowed to read.

Errors raise RuleError. The timeliness checks are queries, not errors: the work may be late for a
good reason, so they return a CensusQuery for the form to show, and never stop a save.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.census.codes import CLOSURE_REASONS, check_code
from family_safeguarding.rules.statutory import icpc_due
from family_safeguarding.rules.working_days import DEFAULT_CALENDAR, NO_DAYS, add_working_days

ASSESSMENT_WORKING_DAYS = 45
S47_TO_ICPC_WORKING_DAYS = 15


@dataclass(frozen=True)
class Episode:
	referral_date: date
	closure_date: date | None = None
	no_further_action: bool = False

	@property
	def ends(self) -> date | None:
		"""The day the episode ends; None while it is open. A referral with no further action and
		no closure date ends the day it was made."""
		if self.closure_date:
			return self.closure_date
		return self.referral_date if self.no_further_action else None

	def overlaps(self, other: "Episode") -> bool:
		return _overlap(self.referral_date, self.ends, other.referral_date, other.ends)


@dataclass(frozen=True)
class CensusQuery:
	"""A census query: something to check, or explain, before the return is made. Like RuleError,
	an English template and its arguments, translated where it is shown."""

	field: str
	template: str
	arguments: dict = field(default_factory=dict)

	@property
	def message(self) -> str:
		"""The query in English, its dates written as RuleError writes them, for logs and tests."""
		return self.template.format(
			**{
				name: f"{value:%d-%m-%Y}" if isinstance(value, date) else value
				for name, value in self.arguments.items()
			}
		)


def plan_key_date(
	section_47_start: date | None, icpc_date: date | None, plan_start: date | None
) -> date | None:
	"""The day that places a Child Protection Plan in one of the child's episodes: the start of its
	section 47 enquiry, else its initial conference, else the start of its plan. None when it has
	none of them yet."""
	return section_47_start or icpc_date or plan_start


def episode_containing(episodes: Iterable[Episode], day: date | None) -> Episode | None:
	"""The episode whose period, from its referral to its closure (open: no end), holds `day`. The
	closure day is inside, so work recorded on the day an episode closed stays in it; when the next
	episode was referred that same day, the day belongs to the newer one. None when no episode
	holds the day, or there is no day. A referral with no further action holds only its own day."""
	if day is None:
		return None
	holding = [
		episode
		for episode in episodes
		if episode.referral_date <= day and (episode.ends is None or day <= episode.ends)
	]
	return max(holding, key=lambda episode: episode.referral_date, default=None)


def check_plan_in_an_episode(
	fieldname: str, label: str, day: date | None, episodes: Iterable[Episode]
) -> Episode | None:
	"""A child protection plan of a child who has CIN episodes belongs to one of them: its key date
	(plan_key_date, on the field `fieldname` labelled `label`) falls on or after an episode's
	referral and not after its closure. Returns that episode; None when the child has no episodes
	or the plan no key date yet, since then there is nothing to place. The caller translates the
	label."""
	episodes = list(episodes)
	if not episodes or day is None:
		return None
	episode = episode_containing(episodes, day)
	if episode is None:
		raise RuleError(
			fieldname,
			_lt(
				"{label} {day} is outside this child's CIN episodes: a child protection plan belongs to "
				"an episode, on or after its referral and not after its closure. Record the referral, or "
				"check the date."
			),
			label=label,
			day=day,
		)
	return episode


def check_closure(referral_date: date, closure_date: date | None, closure_reason: str | None) -> None:
	"""A closure date and its reason go together (DfE 8805, 8810), the reason is a census code
	(DfE 8640) and the episode does not close before it was referred (DfE 8630)."""
	if closure_date and not closure_reason:
		raise RuleError(
			"closure_reason", _lt("Reason for Closure is required when the episode has a Closure Date.")
		)
	if closure_reason and not closure_date:
		raise RuleError(
			"closure_date", _lt("Closure Date is required when a Reason for Closure is recorded.")
		)
	check_code(closure_reason, CLOSURE_REASONS, "closure_reason", "Reason for Closure")
	if closure_date and closure_date < referral_date:
		raise RuleError(
			"closure_date",
			_lt("Closure Date {closure_date} is before the Referral Date {referral_date}."),
			closure_date=closure_date,
			referral_date=referral_date,
		)


def check_episode_among_others(episode: Episode, others: Iterable[Episode]) -> None:
	"""A child has one open episode at a time (DfE 8815) and episodes never overlap (DfE 8820,
	8816): one closes before, or on the day, the next is referred."""
	others = list(others)
	if episode.ends is None and any(other.ends is None for other in others):
		raise RuleError(
			"referral_date",
			_lt("This child already has an open episode: close it before recording a new referral."),
		)
	if any(episode.overlaps(other) for other in others):
		raise RuleError(
			"closure_date" if episode.closure_date else "referral_date",
			_lt(
				"This episode's dates overlap another episode of this child: each episode closes before "
				"the next referral."
			),
		)


def check_nothing_after_closure(
	closure_date: date | None, activities: Iterable[tuple[str, str, date | None]]
) -> None:
	"""Nothing is recorded in an episode after it closed (DfE 8565). `activities` are (fieldname,
	label, date) of the record being saved: an assessment's start and authorisation, a section 47
	enquiry's start, a conference, a plan's start and end. The caller translates the label."""
	if not closure_date:
		return
	for fieldname, label, day in activities:
		if day and day > closure_date:
			raise RuleError(
				fieldname,
				_lt(
					"{label} {day} is after the episode closed on {closure_date}: nothing is recorded in "
					"an episode after its closure."
				),
				label=label,
				day=day,
				closure_date=closure_date,
			)


def check_no_further_action(
	no_further_action: bool,
	assessments: int = 0,
	section_47_enquiries: int = 0,
	cin_plans: int = 0,
	cp_plans: int = 0,
) -> None:
	"""A referral with no further action has no assessment, section 47 enquiry, CIN plan or child
	protection plan (DfE 8831, 4000, 8832)."""
	if no_further_action and any((assessments, section_47_enquiries, cin_plans, cp_plans)):
		raise RuleError(
			"no_further_action",
			_lt(
				"A referral with no further action has no assessment, section 47 enquiry, CIN plan or "
				"child protection plan, and this episode has one: untick No Further Action, or remove it."
			),
		)


def check_assessment_dates(
	referral_date: date,
	start: date,
	internal_review: date | None = None,
	authorised: date | None = None,
) -> None:
	"""An assessment starts on or after the referral, and is reviewed and authorised on or after it
	starts. The caller names the row."""
	if start < referral_date:
		raise RuleError(
			"start_date",
			_lt("Assessment Start Date {start} is before the Referral Date {referral_date}."),
			start=start,
			referral_date=referral_date,
		)
	if internal_review and internal_review < start:
		raise RuleError(
			"internal_review_date",
			_lt("Internal Review Date {day} is before the Assessment Start Date {start}."),
			day=internal_review,
			start=start,
		)
	if authorised and authorised < start:
		raise RuleError(
			"authorisation_date",
			_lt("Authorisation Date {day} is before the Assessment Start Date {start}."),
			day=authorised,
			start=start,
		)


def check_cin_plan_dates(referral_date: date, start: date, end: date | None) -> None:
	"""A CIN plan starts on or after the referral and ends on or after it starts. The caller names
	the row."""
	if start < referral_date:
		raise RuleError(
			"start_date",
			_lt("CIN Plan Start Date {start} is before the Referral Date {referral_date}."),
			start=start,
			referral_date=referral_date,
		)
	if end and end < start:
		raise RuleError(
			"end_date",
			_lt("CIN Plan End Date {end} is before the CIN Plan Start Date {start}."),
			end=end,
			start=start,
		)


def check_icpc_not_on_weekend(day: date | None, field: str = "icpc_date") -> None:
	"""An initial child protection conference is not held on a Saturday or Sunday (DfE 8875)."""
	if day and day.weekday() == 5:
		raise RuleError(
			field,
			_lt("Initial Conference Date {day} is a Saturday: a conference is not held at a weekend."),
			day=day,
		)
	if day and day.weekday() == 6:
		raise RuleError(
			field,
			_lt("Initial Conference Date {day} is a Sunday: a conference is not held at a weekend."),
			day=day,
		)


def check_cp_plan_starts_at_icpc(icpc_date: date | None, plan_start: date | None) -> None:
	"""A child protection plan starts on the day of the initial conference that made it (DfE 2885)."""
	if icpc_date and plan_start and icpc_date != plan_start:
		raise RuleError(
			"start_date",
			_lt(
				"Plan Start Date {plan_start} differs from the initial conference on {icpc_date}: a child "
				"protection plan starts on the day of the conference."
			),
			plan_start=plan_start,
			icpc_date=icpc_date,
		)


def check_cin_plan_apart_from_cp_plans(
	cin_start: date, cin_end: date | None, cp_plans: Iterable[tuple[date, date | None]]
) -> None:
	"""A child is not on a CIN plan and a child protection plan at once (DfE 4001, 4016, 4017): the
	CIN plan ends on or before the day the child protection plan starts, or starts on or after the
	day it ends. The message names the CIN plan's own fields only."""
	for cp_start, cp_end in cp_plans:
		if _overlap(cin_start, cin_end, cp_start, cp_end):
			raise RuleError(
				"start_date" if cp_start <= cin_start else "end_date",
				_lt(
					"This CIN plan runs at the same time as a child protection plan of the child: a CIN "
					"plan ends when a child protection plan starts."
				),
			)


def assessment_due(
	started_on: date,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> date:
	"""The last day for authorising an assessment: 45 working days after it started. `added` and
	`removed` are the council's corrections to the bank holidays (rules/working_days.py)."""
	return add_working_days(started_on, ASSESSMENT_WORKING_DAYS, calendar, added, removed)


def assessment_query(
	started_on: date,
	authorised_on: date | None,
	today: date,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> CensusQuery | None:
	"""A query when an assessment took, or is taking, more than 45 working days (the census asks
	about it in DfE 8670Q)."""
	due = assessment_due(started_on, calendar, added, removed)
	if authorised_on and authorised_on > due:
		return CensusQuery(
			"authorisation_date",
			_lt(
				"The assessment was authorised on {authorised_on}, after its 45 working days ended on "
				"{due}: check the dates, or record why it took longer."
			),
			{"authorised_on": authorised_on, "due": due},
		)
	if not authorised_on and today > due:
		return CensusQuery(
			"authorisation_date",
			_lt("The assessment is not authorised and its 45 working days ended on {due}."),
			{"due": due},
		)
	return None


def icpc_query(
	s47_started_on: date,
	icpc_on: date | None,
	icpc_not_required: bool,
	today: date,
	calendar: str = DEFAULT_CALENDAR,
	added: Collection[date] = NO_DAYS,
	removed: Collection[date] = NO_DAYS,
) -> CensusQuery | None:
	"""A query when the initial conference came, or is still to come, more than 15 working days
	after the section 47 enquiry started (the census asks about it in DfE 8675Q). None when the
	enquiry found no conference was needed."""
	if icpc_not_required:
		return None
	due = icpc_due(s47_started_on, S47_TO_ICPC_WORKING_DAYS, calendar, added, removed)
	if icpc_on and icpc_on > due:
		return CensusQuery(
			"icpc_date",
			_lt(
				"The initial conference on {icpc_on} came after the 15 working days from the section 47 "
				"enquiry, which ended on {due}: check the dates, or record why."
			),
			{"icpc_on": icpc_on, "due": due},
		)
	if not icpc_on and today > due:
		return CensusQuery(
			"icpc_date",
			_lt(
				"No initial conference is recorded and the 15 working days from the section 47 enquiry "
				"ended on {due}: record the conference, or that none is required."
			),
			{"due": due},
		)
	return None


def _overlap(start_a: date, end_a: date | None, start_b: date, end_b: date | None) -> bool:
	"""Whether two half-open periods share a day; an open period (no end) runs on for ever."""
	return (end_b is None or start_a < end_b) and (end_a is None or start_b < end_a)
