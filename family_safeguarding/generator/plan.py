"""A council's case records at scale, as rows: pure Python, no database.

`Plan` decides once, for the whole data set, how many of each record every family gets, so the
totals match the chosen scale exactly; `Plan.batch()` then writes one slice of families into rows
(tuples in the column order of `COLUMNS`) that `load.py` hands to Frappe's bulk insert.

Every record is consistent with the rest: dates fall inside the family's time with the service,
records are written by workers allocated to the family at the time, due dates come from the
statutory rules the forms use, a closed family has nothing left open, and an open family's legal
status is the one `rules.statutory.legal_status` gives. Each child's contacts and episodes of need
keep the census rules (social_care.py). The same seed gives the same data.
"""

import random
from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import date, datetime, time, timedelta

from family_safeguarding.generator import social_care
from family_safeguarding.rules import overdue, statutory
from family_safeguarding.rules.dates import add_months
from family_safeguarding.rules.identifiers import nhs_number_check_digit
from family_safeguarding.rules.people import age_on
from family_safeguarding.rules.roles import (
	BUSINESS_SUPPORT_SPECIALISM,
	CHILDRENS_SERVICES,
	CLINICAL_PSYCHOLOGIST_SPECIALISM,
	DOMESTIC_ABUSE_PERPETRATOR_SPECIALISM,
	DOMESTIC_ABUSE_SERVICE,
	DOMESTIC_ABUSE_VICTIM_SPECIALISM,
	FAMILY_WORKER_SPECIALISM,
	MENTAL_HEALTH_SPECIALISM,
	NHS_TRUST,
	POLICE,
	POLICE_OFFICER_SPECIALISM,
	PROBATION,
	PROBATION_OFFICER_SPECIALISM,
	RECOVERY_SERVICE,
	RECOVERY_WORKER_SPECIALISM,
	SOCIAL_WORKER_SPECIALISM,
	TEAM_MANAGER_SPECIALISM,
	role_for_specialism,
)
from family_safeguarding.rules.titles import (
	group_supervision_title,
	plo_case_title,
	practitioner_summary_title,
	referral_title,
)
from family_safeguarding.rules.workflows import (
	ACCEPTED,
	ACTIVE_PLAN,
	CLOSED_NO_PLAN,
	CONCLUDED,
	DECLINED,
	ENGAGED,
	PLAN_ENDED,
	PRE_PROCEEDINGS,
	PROCEEDINGS_ISSUED,
	REFERRAL_CLOSED,
	SENT,
	STEPPED_DOWN,
	WITHDRAWN,
)


@dataclass(frozen=True)
class Scale:
	"""How many of each record; the default is a large council's ten years."""

	workers: int = 800
	families: int = 50_000
	members: int = 150_000
	modules: int = 150_000
	goals: int = 200_000
	goal_reviews: int = 1_000_000
	summaries: int = 600_000
	supervisions: int = 100_000
	plans: int = 20_000
	plo_cases: int = 3_000
	referrals: int = 80_000
	# referrals to children's social care (CIN episodes): one for each child's time with the
	# service; the rest, before or after it, ended in no further action or after an assessment
	episodes: int = 130_000
	contacts: int = 195_000  # one and a half for each referral
	years: int = 10

	def times(self, factor: float) -> "Scale":
		"""The same shape, `factor` times the size (at least one team and a few families)."""
		counts = {
			f.name: max(1, round(getattr(self, f.name) * factor)) for f in fields(self) if f.name != "years"
		}
		counts["workers"] = max(counts["workers"], WORKERS_PER_TEAM)
		counts["families"] = max(counts["families"], 4)
		return replace(self, **counts)


# One team's establishment (40 workers); larger councils have more teams of the same shape.
TEAM_ESTABLISHMENT = (
	(TEAM_MANAGER_SPECIALISM, CHILDRENS_SERVICES, 1),
	(SOCIAL_WORKER_SPECIALISM, CHILDRENS_SERVICES, 16),
	(FAMILY_WORKER_SPECIALISM, CHILDRENS_SERVICES, 6),
	(DOMESTIC_ABUSE_VICTIM_SPECIALISM, DOMESTIC_ABUSE_SERVICE, 2),
	(DOMESTIC_ABUSE_PERPETRATOR_SPECIALISM, CHILDRENS_SERVICES, 2),
	(POLICE_OFFICER_SPECIALISM, POLICE, 2),
	(PROBATION_OFFICER_SPECIALISM, PROBATION, 2),
	(RECOVERY_WORKER_SPECIALISM, RECOVERY_SERVICE, 3),
	(MENTAL_HEALTH_SPECIALISM, NHS_TRUST, 3),
	(CLINICAL_PSYCHOLOGIST_SPECIALISM, NHS_TRUST, 1),
	(BUSINESS_SUPPORT_SPECIALISM, CHILDRENS_SERVICES, 2),
)
WORKERS_PER_TEAM = sum(count for _, _, count in TEAM_ESTABLISHMENT)

LOCALITIES = (
	"Abbotsford", "Ashby", "Barrowfield", "Brackenhurst", "Castleton", "Dunmere", "Eastwick",
	"Fenwick", "Greystone", "Hartford", "Ivybridge", "Kingsmead", "Langley", "Marshfield",
	"Northgate", "Oakham", "Penbury", "Queensbridge", "Redhill", "Southmoor", "Thornbury",
	"Upton", "Westcliff", "Whitmore", "Yardley",
)  # fmt: skip

FIRST_NAMES = (
	"Olivia", "Amelia", "Isla", "Ava", "Mia", "Grace", "Freya", "Lily", "Ella", "Sophie", "Ruby",
	"Chloe", "Jessica", "Leah", "Aisha", "Zara", "Maya", "Hannah", "Emily", "Megan", "Noah",
	"Oliver", "George", "Leo", "Harry", "Jack", "Charlie", "Jacob", "Alfie", "Thomas", "Ethan",
	"Mohammed", "Ryan", "Kyle", "Liam", "Connor", "Callum", "Tyler", "Daniel", "Samuel",
)  # fmt: skip
LAST_NAMES = (
	"Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
	"Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
	"Thomas", "Clarke", "Jackson", "Wood", "Harris", "Edwards", "Turner", "Martin", "Cooper",
	"Hill", "Ward", "Hughes", "Moore", "Clark", "King", "Harrison", "Lewis", "Baker", "Lee",
	"Allen", "Morris", "Khan", "Scott", "Watson", "Davis", "Parker", "James", "Bennett", "Young",
	"Phillips", "Richardson", "Mitchell", "Bailey", "Carter", "Cook", "Singh", "Shaw", "Bell",
)  # fmt: skip

# Priority issue -> (the specialism that works with it, the agency type a referral goes to)
PRIORITY_ISSUES = {
	"Domestic Abuse": (DOMESTIC_ABUSE_VICTIM_SPECIALISM, DOMESTIC_ABUSE_SERVICE),
	"Parental Alcohol Misuse": (RECOVERY_WORKER_SPECIALISM, RECOVERY_SERVICE),
	"Parental Drug Misuse": (RECOVERY_WORKER_SPECIALISM, RECOVERY_SERVICE),
	"Parental Mental Health": (MENTAL_HEALTH_SPECIALISM, NHS_TRUST),
	"Neglect": (FAMILY_WORKER_SPECIALISM, CHILDRENS_SERVICES),
	"Other": (FAMILY_WORKER_SPECIALISM, CHILDRENS_SERVICES),
}
ISSUE_WEIGHTS = (5, 2, 2, 3, 3, 1)

# Workbook Module Template names as the app installs them: (name, applies to)
MODULE_TEMPLATES = (
	("WMT-001", "Family"), ("WMT-002", "Family"), ("WMT-003", "Child"), ("WMT-004", "Parent"),
	("WMT-005", "Parent"), ("WMT-006", "Parent"), ("WMT-007", "Parent"), ("WMT-008", "Family"),
)  # fmt: skip

CLOSURE_REASONS = (
	"RC7 - Services ceased for any other reason, including child no longer in need",
	"RC8 - Case closed after assessment, no further action",
	"RC9 - Case closed after assessment, referred to early help",
	"RC3 - Child arrangements order",
	"RC5 - Transferred to another local authority",
)
SEXES = ("F - Female", "M - Male")
ETHNICITIES = ("WBRI - White British", "WOTH - Any Other White Background", "MWBC - White and Black Caribbean", "AIND - Indian", "APKN - Pakistani", "BAFR - Black African", "NOBT - Information Not Yet Obtained")  # fmt: skip
PHRASES = (
	"Talked through the week with both parents using the scaling questions.",
	"Mother described three days without drinking and what helped.",
	"Father engaged well and named what he wants to be different for the children.",
	"Reviewed the safety plan together; the children know who to call.",
	"School reports better attendance since the last visit.",
	"Worked on the family's routines at bedtime and in the morning.",
	"Explored the impact of the arguments on the children, using the children's own words.",
	"Home conditions improved; food in the cupboards and the beds made.",
	"Parents attended the appointment with the recovery service together.",
	"Discussed the worries raised by health visiting and agreed next steps.",
)
# What a family member might say they want, in their own words, by priority issue.
GOALS = {
	"Domestic Abuse": ("I want to feel safe in my own home.", "I want the children not to hear us arguing."),
	"Parental Alcohol Misuse": (
		"I want to stop drinking during the week.",
		"I want to be sober when I collect the children from school.",
	),
	"Parental Drug Misuse": (
		"I want to stay clean and keep going to my appointments.",
		"I want the house to be free of drugs.",
	),
	"Parental Mental Health": (
		"I want to keep the children safe when I feel low.",
		"I want to take my medication every day.",
	),
	"Neglect": (
		"I want the children to go to school every day, on time.",
		"I want the house clean and food in the cupboards.",
	),
	"Other": (
		"I want the children to feel settled at home.",
		"I want us to spend time together as a family.",
	),
}
TOOLS = ("Scaling questions", "Decisional balance", "Timeline", "Genogram", "Three houses", "Safety plan")
DECISIONS = (
	"Continue the plan; the recovery worker to increase sessions to weekly.",
	"Progress is steady; review the family's support network next month.",
	"Risk remains high; the social worker to arrange a strategy discussion.",
	"Step down is considered at the next meeting if progress holds.",
)
RECOMMENDATIONS = (
	"No Change",
	"No Change",
	"No Change",
	"Step Down to Child in Need",
	"Escalate to Child Protection",
)
NO_PLAN_AT_CONFERENCE = "Conference decided the threshold for a plan was not met."
NO_CONFERENCE_NEEDED = "The section 47 enquiry found no conference was needed."
REFERRAL_SERVICES = {
	"Domestic Abuse Service": "Freedom programme",
	"Recovery Service": "Community alcohol and drug team",
	"NHS Mental Health Trust": "Adult community mental health team",
	"Children's Services": "Family support",
}

BASE = ("name", "owner", "creation", "modified", "modified_by", "docstatus")
CHILD = ("name", "parent", "parentfield", "parenttype", "idx", "owner", "creation", "modified", "modified_by")

# DocType -> the columns of its rows, in order.
COLUMNS = {
	"User": (*BASE, "email", "first_name", "last_name", "full_name", "enabled", "user_type", "time_zone"),
	"Has Role": (*CHILD, "role"),
	"Agency Worker": (*BASE, "user", "full_name", "agency", "team", "specialism", "is_active", "caseload_limit"),
	"Family": (
		*BASE, "family_name", "team", "lead_social_worker", "status", "opened_on", "legal_status",
		"next_supervision_due", "town", "postcode", "closed_on", "closure_reason",
	),
	"Family Presenting Issue": (*CHILD, "priority_issue"),
	"Family Allocation": (*CHILD, "worker", "worker_name", "specialism", "from_date", "to_date"),
	"Member": (
		*BASE, "family", "member_type", "relationship", "first_name", "last_name", "full_name",
		"date_of_birth", "age", "is_child", "sex", "ethnicity", "nhs_number",
		"has_parental_responsibility", "lives_in_household", "la_child_id", "upn", "upn_unknown_reason",
	),
	"Member Disability": (*CHILD, "disability"),
	"Workbook Module": (
		*BASE, "family", "module_template", "title", "status", "worker", "start_date", "completed_on",
		"strengths", "worries", "capacity_to_change",
	),
	"Workbook Member": (*CHILD, "member"),
	"Workbook Session": (*CHILD, "session_date", "worker", "minutes", "tools_used", "notes"),
	"Goal": (
		*BASE, "family", "member", "goal", "priority_issue", "goal_owner", "status", "start_date",
		"target_date", "baseline_score", "latest_score",
	),
	"Goal Review": (*CHILD, "review_date", "scale", "score", "rated_by"),
	"Practitioner Summary": (
		*BASE, "family", "worker", "specialism", "title", "period_start", "period_end", "locked_by",
		"work_undertaken", "whats_working_well", "next_steps", "direct_work_minutes", "recording_minutes",
	),
	"Group Supervision": (
		*BASE, "family", "meeting_date", "chair", "title", "period_start", "period_end", "next_due",
		"decisions", "recommendation",
	),
	"Supervision Attendee": (*CHILD, "worker", "worker_name", "specialism", "agency", "attended"),
	"Supervision Risk": (*CHILD, "member", "member_name", "level", "rationale"),
	"Supervision Action": (*CHILD, "action", "action_owner", "due_date", "status"),
	"Child Protection Plan": (
		*BASE, "member", "member_name", "family", "lead_social_worker", "previous_plans", "workflow_state",
		"strategy_discussion_date", "section_47_start", "icpc_due", "icpc_date", "plan_start",
		"initial_category", "latest_category", "first_core_group_due", "next_review_due",
		"visit_interval_days", "last_visit", "next_visit_due", "plan_end", "end_reason", "is_overdue",
		"overdue_items", "no_plan_reason", "icpc_not_required",
	),
	"Core Group Meeting": (*CHILD, "meeting_date", "notes"),
	"Protection Review": (*CHILD, "review_date", "outcome", "category"),
	"PLO Case": (
		*BASE, "family", "title", "legal_gateway_date", "gateway_decision", "workflow_state",
		"letter_before_proceedings", "pre_proceedings_meeting", "target_end", "weeks_in_pre_proceedings",
		"stepped_down_on", "issue_date", "court", "week_26_date", "weeks_in_proceedings", "final_order",
		"concluded_on", "is_overdue", "overdue_items",
	),
	"PLO Child": (*CHILD, "member"),
	"PLO Review": (*CHILD, "review_date", "progress"),
	"Court Hearing": (*CHILD, "hearing_type", "hearing_date", "outcome"),
	"Referral": (
		*BASE, "family", "member", "referred_by", "title", "to_agency", "service", "reason", "urgency",
		"workflow_state", "consent", "consent_date", "sent_on", "responded_on", "decline_reason",
		"first_appointment_on", "waiting_days", "is_overdue", "overdue_items", "details",
	),
	"Social Care Contact": (
		*BASE, "member", "member_name", "family", "contact_date", "contact_source", "outcome",
	),
	"CIN Episode": (
		*BASE, "member", "member_name", "family", "referral_date", "referral_source", "primary_need",
		"contact", "no_further_action", "closure_date", "closure_reason",
	),
	"CIN Assessment": (
		*CHILD, "start_date", "internal_review_date", "authorisation_date", "factors", "child_seen",
		"support_needed",
	),
	"CIN Plan Period": (*CHILD, "start_date", "end_date"),
}  # fmt: skip

FAMILY_LEGAL_STATUS = COLUMNS["Family"].index("legal_status")
FAMILY_NEXT_SUPERVISION = COLUMNS["Family"].index("next_supervision_due")
FAMILY_CLOSURE_REASON = COLUMNS["Family"].index("closure_reason")

# Naming series the generated records continue: DocType -> (prefix, digits)
SERIES = {
	"Agency Worker": ("AW-", 5),
	"Member": ("MEM-", 7),
	"Workbook Module": ("WBM-", 5),
	"Goal": ("GOAL-", 6),
	"Practitioner Summary": ("PS-", 6),
	"Group Supervision": ("GS-", 5),
	"Child Protection Plan": ("CPP-", 5),
	"PLO Case": ("PLO-", 5),
	"Referral": ("REF-", 6),
	"Social Care Contact": ("CON-", 5),
	"CIN Episode": ("CIN-", 5),
}
FAMILY_PREFIX = "FAM-{year}-"  # Family: FAM-.YYYY.-.#####, one series a year
FAMILY_DIGITS = 5


@dataclass
class Worker:
	name: str
	user: str
	full_name: str
	team: str
	specialism: str
	agency_type: str


@dataclass
class FamilyPlan:
	"""The shape of one family's record, decided before any row is written."""

	index: int
	name: str
	team: int
	opened: date
	closed: date | None
	parents: int
	children: int
	issues: tuple[str, ...]
	modules: int = 0
	goals: int = 0
	reviews: int = 0
	summaries: int = 0
	supervisions: int = 0
	plans: int = 0
	plo: bool = False
	referrals: int = 0
	other_episodes: int = 0  # the children's referrals before the family came or after it left
	other_contacts: int = 0  # contacts about the children that did not start an episode

	def end(self, as_of: date) -> date:
		return self.closed or as_of

	def months(self, as_of: date) -> int:
		return max(1, (self.end(as_of) - self.opened).days // 30)


def spread(total: int, weights: list[float], rng: random.Random, minimum: int = 0) -> list[int]:
	"""Split `total` into len(weights) whole counts, each at least `minimum`, in proportion to the
	weights, summing exactly to `total` (or to minimum x len when total is smaller)."""
	counts = [minimum] * len(weights)
	rest = total - minimum * len(weights)
	weight_sum = sum(weights)
	if rest <= 0 or not weight_sum:
		return counts
	shares = [rest * weight / weight_sum for weight in weights]
	counts = [count + int(share) for count, share in zip(counts, shares, strict=True)]
	left = total - sum(counts)
	if left:
		for index in rng.choices(range(len(weights)), weights=weights, k=left):
			counts[index] += 1
	return counts


NHS_TEST_RANGE_START = 999_000_000  # the NHS keeps 999 numbers for test data


def next_nhs_number(after: str | None) -> str:
	"""The first valid NHS number in the 999 test range after `after` (ten digits, or None)."""
	base = int(after[:9]) + 1 if after else NHS_TEST_RANGE_START
	while nhs_number_check_digit(str(base)) is None:  # about one in eleven has no check digit
		base += 1
	return f"{base}{nhs_number_check_digit(str(base))}"


def next_weekday(day: date) -> date:
	"""The day itself, or the Monday after it when it falls at a weekend."""
	return day + timedelta(days=max(0, 7 - day.weekday())) if day.weekday() >= 5 else day


def _at(day: date, hour: int = 10) -> datetime:
	return datetime.combine(day, time(hour))


class Plan:
	def __init__(
		self,
		scale: Scale,
		as_of: date,
		agencies: dict[str, str],
		module_titles: dict[str, str] | None = None,
		seed: int = 2016,
		series_start: dict | None = None,
	):
		"""`agencies` names the agency of each agency type; `series_start` holds the naming series'
		current values (and "nhs", the highest NHS number in the test range already used), so the
		names and numbers continue from them."""
		self.scale = scale
		self.agencies = agencies
		self.module_titles = module_titles or {}  # template -> its module name, as the form titles it
		self.as_of = as_of
		self.seed = seed
		self.start = dict(series_start or {})
		self.counters = defaultdict(int, {k: v for k, v in self.start.items() if k != "nhs"})
		self.last_nhs_number = self.start.get("nhs")
		rng = random.Random(seed)
		self.teams = max(1, scale.workers // WORKERS_PER_TEAM)
		self.team_names = [self.team_name(index) for index in range(self.teams)]
		self.workers = self._workforce(rng)
		self.by_team = defaultdict(lambda: defaultdict(list))
		for worker in self.workers:
			self.by_team[worker.team][worker.specialism].append(worker)
		self.families = self._families(rng)

	# The workforce -----------------------------------------------------------------------------

	def team_name(self, index: int) -> str:
		locality = LOCALITIES[index % len(LOCALITIES)]
		suffix = f" {index // len(LOCALITIES) + 1}" if index >= len(LOCALITIES) else ""
		return f"{locality}{suffix} Family Safeguarding Team"

	def locality(self, index: int) -> str:
		return LOCALITIES[index % len(LOCALITIES)]

	def _workforce(self, rng: random.Random) -> list[Worker]:
		workers = []
		per_team = [
			(specialism, agency_type)
			for specialism, agency_type, count in TEAM_ESTABLISHMENT
			for _ in range(count)
		]
		for position in range(self.scale.workers):
			team = position // WORKERS_PER_TEAM % self.teams
			specialism, agency_type = per_team[position % WORKERS_PER_TEAM]
			number = self._next("Agency Worker")
			first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
			workers.append(
				Worker(
					name=self._series_name("Agency Worker", number),
					user=f"worker{number:05d}@scale.family-safeguarding.example.org",
					full_name=f"{first} {last}",
					team=self.team_names[team],
					specialism=specialism,
					agency_type=agency_type,
				)
			)
		return workers

	def worker_rows(self, time_zone: str) -> dict[str, list[tuple]]:
		rows = defaultdict(list)
		created = _at(self.as_of - timedelta(days=365 * self.scale.years), 9)
		for worker in self.workers:
			first, last = worker.full_name.split(" ", 1)
			base = (created, created, "Administrator")
			rows["User"].append(
				(
					worker.user,
					"Administrator",
					*base,
					0,
					worker.user,
					first,
					last,
					worker.full_name,
					1,
					"System User",
					time_zone,
				)
			)
			rows["Has Role"].append(
				(
					f"{worker.name}-role",
					worker.user,
					"roles",
					"User",
					1,
					"Administrator",
					*base,
					role_for_specialism(worker.specialism),
				)
			)
			rows["Agency Worker"].append(
				(
					worker.name,
					"Administrator",
					*base,
					0,
					worker.user,
					worker.full_name,
					self.agencies[worker.agency_type],
					worker.team,
					worker.specialism,
					1,
					20,
				)
			)
		return rows

	def team_managers(self) -> dict[str, str]:
		return {
			team: specialists[TEAM_MANAGER_SPECIALISM][0].user for team, specialists in self.by_team.items()
		}

	# The families: every count decided up front --------------------------------------------------

	def _families(self, rng: random.Random) -> list[FamilyPlan]:
		scale, as_of = self.scale, self.as_of
		first_day = as_of - timedelta(days=365 * scale.years)
		span = (as_of - first_day).days
		families = []
		opened_days = sorted(rng.randrange(span) for _ in range(scale.families))
		sizes = spread(scale.members, [rng.uniform(0.5, 1.5) for _ in range(scale.families)], rng, minimum=2)
		for index, (offset, size) in enumerate(zip(opened_days, sizes, strict=True)):
			opened = first_day + timedelta(days=offset)
			length = timedelta(days=int(rng.triangular(60, 900, 240)))
			closed = opened + length if opened + length < as_of else None
			parents = 1 if size < 3 or rng.random() < 0.35 else 2
			issues = tuple(
				sorted(set(rng.choices(list(PRIORITY_ISSUES), weights=ISSUE_WEIGHTS, k=rng.randint(1, 3))))
			)
			families.append(
				FamilyPlan(
					index=index,
					name=self._family_name(opened.year),
					team=rng.randrange(self.teams),
					opened=opened,
					closed=closed,
					parents=parents,
					children=size - parents,
					issues=issues,
				)
			)
		months = [family.months(as_of) for family in families]
		workers = [1 + len(family.issues) for family in families]
		for field, total, weights, minimum in (
			("modules", scale.modules, [min(m, 12) for m in months], 0),
			("goals", scale.goals, [f.parents + f.children for f in families], 1),
			("summaries", scale.summaries, [m * w for m, w in zip(months, workers, strict=True)], 0),
			("supervisions", scale.supervisions, months, 0),
			(
				"referrals",
				scale.referrals,
				[len(f.issues) * min(m, 12) for m, f in zip(months, families, strict=True)],
				0,
			),
		):
			for family, count in zip(families, spread(total, weights, rng, minimum), strict=True):
				setattr(family, field, count)
		reviews = spread(
			scale.goal_reviews - sum(f.goals for f in families),
			[f.goals * m for f, m in zip(families, months, strict=True)],
			rng,
		)
		for family, extra in zip(families, reviews, strict=True):
			family.reviews = family.goals + extra
		# Child protection: every child of a family on plans gets one, until the total is reached;
		# families that stayed long enough for a conference, the longest-serving most likely.
		eligible = [f for f in families if f.months(as_of) >= 3]
		rng.shuffle(eligible)
		eligible.sort(key=lambda f: -min(f.months(as_of), 18) * rng.random())
		left = scale.plans
		on_plans = []
		for family in eligible:
			if left <= 0:
				break
			family.plans = min(family.children, left)
			left -= family.plans
			on_plans.append(family)
		for family in sorted(on_plans, key=lambda f: -f.months(as_of))[: scale.plo_cases]:
			family.plo = family.months(as_of) >= 6
		# Every child has an episode for the family's time with the service; the other referrals
		# and the contacts that started no episode are shared in proportion to the children.
		children = [family.children for family in families]
		other_episodes = spread(max(0, scale.episodes - sum(children)), children, rng)
		other_contacts = spread(max(0, scale.contacts - scale.episodes), children, rng)
		for family, episodes, contacts in zip(families, other_episodes, other_contacts, strict=True):
			family.other_episodes, family.other_contacts = episodes, contacts
		return families

	def _family_name(self, year: int) -> str:
		key = FAMILY_PREFIX.format(year=year)
		self.counters[key] += 1
		return f"{key}{self.counters[key]:0{FAMILY_DIGITS}d}"

	def _next(self, doctype: str) -> int:
		self.counters[doctype] += 1
		return self.counters[doctype]

	def _series_name(self, doctype: str, number: int) -> str:
		prefix, digits = SERIES[doctype]
		return f"{prefix}{number:0{digits}d}"

	def new_name(self, doctype: str) -> str:
		return self._series_name(doctype, self._next(doctype))

	def series_values(self) -> dict[str, int]:
		"""tabSeries keys and the current value each should hold after the data is written."""
		values = {SERIES[doctype][0]: self.counters[doctype] for doctype in SERIES if self.counters[doctype]}
		values.update({key: value for key, value in self.counters.items() if key.startswith("FAM-")})
		return values

	# One slice of families as rows ------------------------------------------------------------------

	def batch(self, start: int, stop: int) -> dict[str, list[tuple]]:
		"""The rows of families [start, stop). Names are taken in family order, so batches must be
		written in order, each once."""
		rows = defaultdict(list)
		for family in self.families[start:stop]:
			_FamilyWriter(self, family, rows, random.Random(self.seed * 1_000_003 + family.index)).write()
		return rows

	def totals(self) -> dict[str, int]:
		families = self.families
		return {
			"Agency Worker": len(self.workers),
			"Family": len(families),
			"Member": sum(f.parents + f.children for f in families),
			"Workbook Module": sum(f.modules for f in families),
			"Goal": sum(f.goals for f in families),
			"Goal Review": sum(f.reviews for f in families),
			"Practitioner Summary": sum(f.summaries for f in families),
			"Group Supervision": sum(f.supervisions for f in families),
			"Child Protection Plan": sum(f.plans for f in families),
			"PLO Case": sum(f.plo for f in families),
			"Referral": sum(f.referrals for f in families),
			# planned: a family whose children have no room for another episode (born just before the
			# family's referral, and still open) writes fewer
			"CIN Episode": sum(f.children + f.other_episodes for f in families),
			"Social Care Contact": sum(f.children + f.other_episodes + f.other_contacts for f in families),
		}


class _FamilyWriter:
	def __init__(self, plan: Plan, family: FamilyPlan, rows: dict, rng: random.Random):
		self.plan, self.family, self.rows, self.rng = plan, family, rows, rng
		self.as_of = plan.as_of
		self.end = family.end(plan.as_of)
		self.open = family.closed is None
		self.team = plan.team_names[family.team]
		self.staff = plan.by_team[self.team]
		self.manager = self.staff[TEAM_MANAGER_SPECIALISM][0]
		# Children's social care draws from its own stream, so the records written before it came
		# are the same for the same seed as they were.
		self.census_rng = random.Random(f"social care {plan.seed} {family.index}")
		self.protection: dict[str, social_care.Protection] = {}

	# helpers
	def day_between(self, start: date, end: date) -> date:
		return start + timedelta(days=self.rng.randrange(max(1, (end - start).days + 1)))

	def base(self, name: str, author: Worker, on: date, docstatus: int = 0) -> tuple:
		stamp = _at(min(on, self.as_of))
		return (name, author.user, stamp, stamp, author.user, docstatus)

	def child(self, name: str, parent: str, field: str, parenttype: str, idx: int, author: Worker, on: date):
		stamp = _at(min(on, self.as_of))
		return (
			f"{parent}-{name}{idx}",
			parent,
			field,
			parenttype,
			idx,
			author.user,
			stamp,
			stamp,
			author.user,
		)

	def pick(self, specialism: str) -> Worker:
		workers = self.staff[specialism]
		# open families spread evenly over a team's workers; past ones anywhere
		return workers[self.family.index % len(workers)] if self.open else self.rng.choice(workers)

	def write(self):
		family, rows, rng = self.family, self.rows, self.rng
		self.lead = self.pick(SOCIAL_WORKER_SPECIALISM)
		specialists = {PRIORITY_ISSUES[issue][0] for issue in family.issues}
		self.allocated = [self.lead] + [self.pick(s) for s in sorted(specialists)]
		last_name = rng.choice(LAST_NAMES)
		self.members = self.write_members(last_name)
		self.children = [m for m in self.members if m[1] == "Child"]
		self.parents = [m for m in self.members if m[1] != "Child"]
		self.family_name = f"{last_name} household"
		self.write_family()
		self.write_modules()
		self.write_goals()
		supervisions = self.write_supervisions()
		self.write_summaries(supervisions)
		plans = self.write_plans()
		plo_state = self.write_plo(plans)
		self.write_referrals()
		self.write_social_care()
		on_plans = sum(1 for state in plans if state == ACTIVE_PLAN)
		legal = statutory.legal_status(self.open, on_plans, plo_state) if self.open else "None"
		next_due = supervisions[-1][2] if supervisions and self.open else None
		row = list(rows["Family"][-1])
		row[FAMILY_LEGAL_STATUS], row[FAMILY_NEXT_SUPERVISION] = legal, next_due
		rows["Family"][-1] = tuple(row)

	def write_members(self, last_name: str) -> list[tuple]:
		family, rows, rng = self.family, self.rows, self.rng
		members = []
		for position in range(family.parents + family.children):
			parent = position < family.parents
			name = self.plan.new_name("Member")
			if parent:
				born = family.opened - timedelta(days=rng.randint(19 * 365, 50 * 365))
				kind, relationship = "Parent", ("Mother", "Father")[position]
				sex = SEXES[position % 2]
			else:
				born = family.opened - timedelta(days=rng.randint(0, 16 * 365))
				kind, relationship = "Child", "Son or Daughter"
				sex = rng.choice(SEXES)
			first = rng.choice(FIRST_NAMES)
			age = age_on(born, self.as_of)
			self.plan.last_nhs_number = next_nhs_number(self.plan.last_nhs_number)
			la_child_id = upn = upn_unknown = None
			if not parent:
				number = int(name.rsplit("-", 1)[1])
				la_child_id, upn, upn_unknown = social_care.identifiers(self.census_rng, number, age)
				disabilities = social_care.disabilities(self.census_rng)
				for idx, disability in enumerate(disabilities, 1):
					rows["Member Disability"].append(
						(
							*self.child("d", name, "disabilities", "Member", idx, self.lead, family.opened),
							disability,
						)
					)
			rows["Member"].append(
				(
					*self.base(name, self.lead, family.opened),
					family.name,
					kind,
					relationship,
					first,
					last_name,
					f"{first} {last_name}",
					born,
					age,
					int(not parent and age < 18),
					sex,
					rng.choice(ETHNICITIES),
					self.plan.last_nhs_number,
					int(parent),
					1,
					la_child_id,
					upn,
					upn_unknown,
				)
			)
			members.append((name, kind, f"{first} {last_name}", born))
		return members

	def write_family(self):
		family, rows, rng = self.family, self.rows, self.rng
		rows["Family"].append(
			(
				*self.base(family.name, self.lead, family.opened),
				self.family_name,
				self.team,
				self.lead.name,
				"Open" if self.open else "Closed",
				family.opened,
				None,  # legal status and next supervision: set once the records are written
				None,
				self.plan.locality(family.team),
				f"HS{rng.randint(1, 29)} {rng.randint(1, 9)}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}{rng.choice('ABDEFGHJLNPQRSTUWXYZ')}",
				family.closed,
				None if self.open else rng.choice(CLOSURE_REASONS),
			)
		)
		self.closure_reason = rows["Family"][-1][FAMILY_CLOSURE_REASON]
		for idx, issue in enumerate(family.issues, 1):
			rows["Family Presenting Issue"].append(
				(
					*self.child(
						"issue", family.name, "presenting_issues", "Family", idx, self.lead, family.opened
					),
					issue,
				)
			)
		for idx, worker in enumerate(self.allocated, 1):
			rows["Family Allocation"].append(
				(
					*self.child("alloc", family.name, "allocations", "Family", idx, self.lead, family.opened),
					worker.name,
					worker.full_name,
					worker.specialism,
					family.opened,
					family.closed,
				)
			)

	def write_modules(self):
		family, rows, rng = self.family, self.rows, self.rng
		for _ in range(family.modules):
			name = self.plan.new_name("Workbook Module")
			template, applies_to = rng.choice(MODULE_TEMPLATES)
			pool = self.children if applies_to == "Child" and self.children else self.parents
			member = rng.choice(pool)
			worker = rng.choice(self.allocated)
			start = self.day_between(family.opened, self.end)
			finished = start + timedelta(days=rng.randint(14, 120))
			done = finished < self.end and (not self.open or rng.random() < 0.6)
			status = "Completed" if done else ("In Progress" if self.open else "Not Applicable")
			rows["Workbook Module"].append(
				(
					*self.base(name, worker, start),
					family.name,
					template,
					self.plan.module_titles.get(template, template),
					status,
					worker.name,
					start,
					finished if done else None,
					rng.choice(PHRASES),
					rng.choice(PHRASES),
					rng.choice(("Low", "Some", "Good")) if done else "Not Yet Assessed",
				)
			)
			rows["Workbook Member"].append(
				(*self.child("m", name, "members", "Workbook Module", 1, worker, start), member[0])
			)
			rows["Workbook Session"].append(
				(
					*self.child("s", name, "sessions", "Workbook Module", 1, worker, start),
					start,
					worker.name,
					rng.choice((45, 60, 90)),
					rng.choice(TOOLS),
					rng.choice(PHRASES),
				)
			)

	def write_goals(self):
		family, rows, rng = self.family, self.rows, self.rng
		counts = spread(family.reviews, [1.0] * family.goals, rng, minimum=1) if family.goals else []
		for reviews in counts:
			name = self.plan.new_name("Goal")
			member = rng.choice(self.members)
			issue = rng.choice(family.issues)
			owner = rng.choice(self.allocated)
			start = self.day_between(family.opened, max(family.opened, self.end - timedelta(days=14)))
			score = rng.randint(1, 5)
			scores, dates = [], sorted(self.day_between(start, self.end) for _ in range(reviews - 1))
			dates = [start, *dates]
			for idx, review_date in enumerate(dates, 1):
				if idx > 1:
					score = max(0, min(10, score + rng.choice((-1, 0, 1, 1, 2))))
				scores.append(score)
				rows["Goal Review"].append(
					(
						*self.child("r", name, "reviews", "Goal", idx, owner, review_date),
						review_date,
						"Progress",
						score,
						rng.choice(("Family Member", "Worker", "Group Supervision")),
					)
				)
			if self.open:
				status = "Active"
			else:
				status = (
					"Achieved"
					if scores[-1] >= 8
					else ("Partly Achieved" if scores[-1] > scores[0] else "Not Achieved")
				)
			rows["Goal"].append(
				(
					*self.base(name, owner, start),
					family.name,
					member[0],
					rng.choice(GOALS[issue]),
					issue,
					owner.name,
					status,
					start,
					add_months(start, 6),
					scores[0],
					scores[-1],
				)
			)

	def write_supervisions(self) -> list[tuple]:
		"""Monthly group case supervision, submitted; returns (name, meeting date, next due)."""
		family, rows, rng = self.family, self.rows, self.rng
		months = family.months(self.as_of)
		chosen = sorted(rng.sample(range(months), min(family.supervisions, months)))
		held, previous_end = [], None
		for month in chosen:
			meeting = min(self.end, family.opened + timedelta(days=30 * month + rng.randint(20, 29)))
			name = self.plan.new_name("Group Supervision")
			period_start = previous_end + timedelta(days=1) if previous_end else family.opened
			period_start = min(period_start, meeting)
			next_due = add_months(meeting, 1)
			rows["Group Supervision"].append(
				(
					*self.base(name, self.manager, meeting, docstatus=1),
					family.name,
					meeting,
					self.manager.name,
					group_supervision_title(meeting),
					period_start,
					meeting,
					next_due,
					rng.choice(DECISIONS),
					rng.choice(RECOMMENDATIONS),
				)
			)
			for idx, worker in enumerate([self.manager, *self.allocated], 1):
				rows["Supervision Attendee"].append(
					(
						*self.child("a", name, "attendees", "Group Supervision", idx, self.manager, meeting),
						worker.name,
						worker.full_name,
						worker.specialism,
						worker.agency_type,
						1,
					)
				)
			for idx, member in enumerate(self.children or self.members[:1], 1):
				rows["Supervision Risk"].append(
					(
						*self.child("k", name, "risks", "Group Supervision", idx, self.manager, meeting),
						member[0],
						member[2],
						rng.choice(("Low", "Medium", "Medium", "High")),
						rng.choice(PHRASES),
					)
				)
			rows["Supervision Action"].append(
				(
					*self.child("x", name, "actions", "Group Supervision", 1, self.manager, meeting),
					rng.choice(DECISIONS),
					self.lead.name,
					meeting + timedelta(days=14),
					"Done" if meeting + timedelta(days=14) < self.as_of else "Open",
				)
			)
			held.append((name, period_start, next_due, meeting))
			previous_end = meeting
		return held

	def write_summaries(self, supervisions: list[tuple]):
		"""Each allocated worker's monthly summary; one a supervision has read is locked by it."""
		family, rows, rng = self.family, self.rows, self.rng
		months = family.months(self.as_of)
		slots = [(month, worker) for month in range(months) for worker in self.allocated]
		for month, worker in sorted(rng.sample(slots, min(family.summaries, len(slots))), key=lambda s: s[0]):
			start = family.opened + timedelta(days=30 * month)
			end = min(start + timedelta(days=29), self.end)
			locked_by = next((s[0] for s in supervisions if s[1] <= end <= s[3]), None)
			rows["Practitioner Summary"].append(
				(
					*self.base(self.plan.new_name("Practitioner Summary"), worker, end),
					family.name,
					worker.name,
					worker.specialism,
					practitioner_summary_title(worker.specialism, start),
					start,
					end,
					locked_by,
					rng.choice(PHRASES),
					rng.choice(PHRASES),
					rng.choice(PHRASES),
					rng.choice((60, 90, 120, 180, 240, 300)),
					rng.choice((30, 45, 60, 90)),
				)
			)

	def write_plans(self) -> list[str]:
		"""One plan for each of the first `plans` children; returns the plans' states."""
		family, rows, rng = self.family, self.rows, self.rng
		states = []
		strategy = self.day_between(family.opened, min(self.end, family.opened + timedelta(days=45)))
		icpc_due = statutory.icpc_due(strategy)
		icpc = (
			icpc_due - timedelta(days=rng.randint(0, 5))
			if rng.random() < 0.85
			else icpc_due + timedelta(days=rng.randint(1, 10))
		)
		icpc = next_weekday(max(icpc, strategy + timedelta(days=1)))  # no conference at a weekend
		category = rng.choice(statutory.CATEGORIES)
		# a family taken to the legal gateway had a plan first
		no_plan = not family.plo and (rng.random() < 0.12 or icpc >= self.end)
		# half the enquiries that led to no plan found no conference was needed
		icpc_not_required = no_plan and (icpc >= self.end or self.census_rng.random() < 0.5)
		plan_end = None if no_plan else icpc + timedelta(days=rng.randint(120, 720))
		if plan_end and (not self.open or plan_end < self.end):
			plan_end = min(plan_end, self.end)
		active = not no_plan and self.open and (plan_end is None or plan_end >= self.as_of)
		for child in self.children[: family.plans]:
			name = self.plan.new_name("Child Protection Plan")
			core_groups, reviews = [], []
			if no_plan:
				state = CLOSED_NO_PLAN
				plan_start = first_core_due = next_review = next_visit = last_visit = None
			else:
				state = ACTIVE_PLAN if active else PLAN_ENDED
				plan_start = icpc
				stop = self.as_of if active else plan_end
				first_core_due = statutory.first_core_group_due(icpc)
				meeting = first_core_due - timedelta(days=rng.randint(0, 3))
				while meeting < stop and len(core_groups) < 12:
					core_groups.append(meeting)
					meeting += timedelta(weeks=6)
				review = add_months(icpc, 3)
				while review < stop:
					reviews.append(review)
					review = add_months(review, 6)
				next_review = statutory.next_review_due(icpc, reviews) if active else None
				last_visit = (self.as_of - timedelta(days=rng.randint(1, 16))) if active else stop
				next_visit = statutory.next_visit_due(last_visit) if active else None
			overdue_items = []
			if active:
				overdue_items = statutory.overdue(
					((overdue.REVIEW_CONFERENCE, next_review), (overdue.STATUTORY_VISIT, next_visit)),
					self.as_of,
				)
			states.append(state)
			rows["Child Protection Plan"].append(
				(
					*self.base(name, self.lead, strategy),
					child[0],
					child[2],
					family.name,
					self.lead.name,
					0,
					state,
					strategy,
					strategy,
					icpc_due,
					None if icpc_not_required else icpc,
					plan_start,
					None if no_plan else category,
					None if no_plan else category,
					first_core_due,
					next_review,
					10 if plan_start else 0,  # Int columns hold 0, never null
					last_visit,
					next_visit,
					None if (no_plan or active) else plan_end,
					None if (no_plan or active) else "No longer at continuing risk of significant harm",
					int(bool(overdue_items)),
					overdue.encode(overdue_items),
					NO_CONFERENCE_NEEDED
					if icpc_not_required
					else (NO_PLAN_AT_CONFERENCE if no_plan else None),
					int(icpc_not_required),
				)
			)
			self.protection[child[0]] = social_care.Protection(
				section_47_start=strategy,
				icpc_date=None if icpc_not_required else icpc,
				plan_start=plan_start,
				plan_end=plan_end if state == PLAN_ENDED else None,
				category=None if no_plan else category,
			)
			for idx, meeting in enumerate(core_groups, 1):
				rows["Core Group Meeting"].append(
					(
						*self.child(
							"c", name, "core_groups", "Child Protection Plan", idx, self.lead, meeting
						),
						meeting,
						rng.choice(PHRASES),
					)
				)
			for idx, review in enumerate(reviews, 1):
				last = not active and idx == len(reviews) and review >= (plan_end or review)
				rows["Protection Review"].append(
					(
						*self.child("v", name, "reviews", "Child Protection Plan", idx, self.manager, review),
						review,
						"End Plan" if last else "Continue Plan",
						category,
					)
				)
		self.plan_start = None if no_plan else icpc
		return states

	def write_plo(self, plan_states: list[str]) -> str | None:
		family, rows, rng = self.family, self.rows, self.rng
		if not family.plo or not self.plan_start:
			return None
		gateway = min(self.plan_start + timedelta(days=rng.randint(60, 150)), self.end - timedelta(days=1))
		if gateway <= self.plan_start:
			return None
		letter = gateway + timedelta(days=7)
		target_end = statutory.plo_target_end(letter)
		name = self.plan.new_name("PLO Case")
		issued = rng.random() < 0.4
		issue_date = target_end - timedelta(days=rng.randint(0, 30)) if issued else None
		week_26 = statutory.week_26_date(issue_date) if issued else None
		if self.open and ((issued and week_26 >= self.as_of) or (not issued and target_end >= self.as_of)):
			state = PROCEEDINGS_ISSUED if issued and issue_date < self.as_of else PRE_PROCEEDINGS
		else:
			state = CONCLUDED if issued else STEPPED_DOWN
		if issue_date and issue_date >= self.as_of:
			issue_date = week_26 = None
		stepped = min(target_end, self.end) if state == STEPPED_DOWN else None
		concluded = (
			min(week_26 + timedelta(days=rng.randint(-20, 30)), self.end) if state == CONCLUDED else None
		)
		pre_end = issue_date or stepped or self.as_of
		proceedings_end = concluded or self.as_of
		late = statutory.overdue(
			(
				(overdue.END_OF_PRE_PROCEEDINGS, target_end if state == PRE_PROCEEDINGS else None),
				(overdue.WEEK_26, week_26 if state == PROCEEDINGS_ISSUED else None),
			),
			self.as_of,
		)
		rows["PLO Case"].append(
			(
				*self.base(name, self.manager, gateway),
				family.name,
				plo_case_title(self.family_name),
				gateway,
				"Enter Pre-Proceedings",
				state,
				letter,
				letter + timedelta(days=14),
				target_end,
				statutory.weeks_between(letter, pre_end),
				stepped,
				issue_date,
				"Hartshire Family Court" if issue_date else None,
				week_26,
				statutory.weeks_between(issue_date, proceedings_end) if issue_date else 0,
				rng.choice(("Care Order", "Supervision Order", "Special Guardianship Order"))
				if concluded
				else None,
				concluded,
				int(bool(late)),
				overdue.encode(late),
			)
		)
		for idx, child in enumerate(self.children[: max(1, family.plans)], 1):
			rows["PLO Child"].append(
				(*self.child("c", name, "children", "PLO Case", idx, self.manager, gateway), child[0])
			)
		review = letter + timedelta(weeks=6)
		idx = 0
		while review < pre_end and idx < 4:
			idx += 1
			rows["PLO Review"].append(
				(
					*self.child("r", name, "reviews", "PLO Case", idx, self.manager, review),
					review,
					rng.choice(("Green", "Amber", "Red")),
				)
			)
			review += timedelta(weeks=6)
		if issue_date:
			rows["Court Hearing"].append(
				(
					*self.child("h", name, "hearings", "PLO Case", 1, self.manager, issue_date),
					"Case Management",
					issue_date + timedelta(days=12),
					None,
				)
			)
		return state if state in (PRE_PROCEEDINGS, PROCEEDINGS_ISSUED) else None

	def write_referrals(self):
		family, rows, rng = self.family, self.rows, self.rng
		for _ in range(family.referrals):
			issue = rng.choice(family.issues)
			agency_type = PRIORITY_ISSUES[issue][1]
			sent = self.day_between(family.opened, self.end)
			recent = self.open and (self.as_of - sent).days <= 7
			member = rng.choice(self.parents)
			responded = (
				statutory.response_due(sent) - timedelta(days=rng.randint(0, 4))
				if rng.random() < 0.8
				else statutory.response_due(sent) + timedelta(days=rng.randint(1, 6))
			)
			responded = max(responded, sent)
			if recent or responded >= self.as_of:
				state, responded, appointment = SENT, None, None
			else:
				state = rng.choices((REFERRAL_CLOSED, ENGAGED, DECLINED, WITHDRAWN), weights=(55, 25, 12, 8))[
					0
				]
				if state == ENGAGED and not self.open:
					state = REFERRAL_CLOSED
				appointment = (
					responded + timedelta(days=rng.randint(3, 35))
					if state in (REFERRAL_CLOSED, ENGAGED)
					else None
				)
				if appointment and appointment >= self.as_of:
					state, appointment = ACCEPTED, None
			waiting = statutory.waiting_days(sent, appointment, self.as_of) if state != WITHDRAWN else 0
			late = statutory.overdue(
				((overdue.REFERRAL_RESPONSE, statutory.response_due(sent) if state == SENT else None),),
				self.as_of,
			)
			rows["Referral"].append(
				(
					*self.base(self.plan.new_name("Referral"), self.lead, sent),
					family.name,
					member[0],
					self.lead.name,
					referral_title(issue, self.plan.agencies[agency_type]),
					self.plan.agencies[agency_type],
					REFERRAL_SERVICES[agency_type],
					issue,
					"Urgent" if rng.random() < 0.15 else "Routine",
					state,
					"Given",
					sent,
					sent,
					responded if state not in (SENT, WITHDRAWN) else None,
					"The family's needs are met by a service already involved."
					if state == DECLINED
					else None,
					appointment,
					waiting,
					int(bool(late)),
					overdue.encode(late),
					rng.choice(PHRASES),
				)
			)

	def write_social_care(self):
		"""Each child's contacts and episodes of need: the episode of its time with the service,
		which holds its child protection plan, and the family's share of the other referrals, before
		the family came to the service or after it left, in a window one child has room in."""
		family, rng = self.family, self.census_rng
		children = self.children
		windows = [
			(child, window)
			for child in children
			for window in social_care.windows(child[3], family.opened, family.closed, self.as_of)
			if window[0] < window[1]
		]
		other = defaultdict(int)
		for _ in range(family.other_episodes if windows else 0):
			other[rng.randrange(len(windows))] += 1
		by_child = defaultdict(list)
		for position, child in enumerate(children):
			by_child[child[0]].append(
				social_care.service_episode(
					rng,
					born=child[3],
					referred=family.opened,
					closed=family.closed,
					as_of=self.as_of,
					protection=self.protection.get(child[0]),
					issues=family.issues,
					planned=position == 0,
					family_closure_reason=self.closure_reason,
				)
			)
		for index, count in sorted(other.items()):
			child, (start, stop) = windows[index]
			by_child[child[0]].extend(social_care.other_episodes(rng, child[3], start, stop, count))
		for child in children:
			for episode in sorted(by_child[child[0]], key=lambda episode: episode.referral):
				self.write_episode(child, episode)
		for _ in range(family.other_contacts):
			child = rng.choice(children)
			day, source, outcome = social_care.other_contact(
				rng, child[3], family.opened, self.end, by_child[child[0]]
			)
			self.write_contact(child, day, source, outcome)

	def write_contact(self, child: tuple, day: date, source: str, outcome: str) -> str:
		name = self.plan.new_name("Social Care Contact")
		self.rows["Social Care Contact"].append(
			(*self.base(name, self.lead, day), child[0], child[2], self.family.name, day, source, outcome)
		)
		return name

	def write_episode(self, child: tuple, episode: social_care.Episode):
		contact = self.write_contact(child, episode.contact_date, episode.source, social_care.REFERRAL)
		name = self.plan.new_name("CIN Episode")
		self.rows["CIN Episode"].append(
			(
				*self.base(name, self.lead, episode.referral),
				child[0],
				child[2],
				self.family.name,
				episode.referral,
				episode.source,
				episode.need,
				contact,
				int(episode.no_further_action),
				episode.closure,
				episode.reason,
			)
		)
		assessment = episode.assessment
		if assessment:
			self.rows["CIN Assessment"].append(
				(
					*self.child("a", name, "assessments", "CIN Episode", 1, self.lead, assessment.start),
					assessment.start,
					None,
					assessment.authorised,
					", ".join(assessment.factors) or None,
					1,
					assessment.support_needed if assessment.authorised else None,
				)
			)
		for idx, (start, end) in enumerate(episode.cin_plans, 1):
			self.rows["CIN Plan Period"].append(
				(*self.child("p", name, "cin_plans", "CIN Episode", idx, self.lead, start), start, end)
			)
