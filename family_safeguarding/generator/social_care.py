"""A child's history with children's social care, for the generator: contacts, episodes of need
(each with its assessment and CIN plans), disabilities and census identifiers. Pure Python, no
database: `plan.py` decides how many of each a family gets and writes these decisions into rows.

The episodes keep the rules the forms and the DfE keep (rules/census/episodes.py): a child's
episodes never overlap and one at most is open, nothing happens in an episode after it closed, a
closure has its reason, a referral with no further action has nothing else, a CIN plan never runs
beside the child's child protection plan, the child protection plan's section 47 enquiry lies
inside the episode, a closed episode's assessment is authorised, and only an episode closed after
an assessment and nothing more is closed as RC8 or RC9.
"""

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from family_safeguarding.rules.census.codes import (
	ASSESSMENT_FACTORS,
	DISABILITIES,
	PRIMARY_NEEDS,
	REFERRAL_SOURCES,
	code_of,
)
from family_safeguarding.rules.census.episodes import Episode as CensusEpisode
from family_safeguarding.rules.census.episodes import assessment_due
from family_safeguarding.rules.code_lists import CLOSURE_REASONS
from family_safeguarding.rules.code_lists import PRIORITY_ISSUES as ISSUE_FACTORS
from family_safeguarding.rules.identifiers import upn_check_letter

# Who refers children, roughly as the DfE's national figures have it: the police and schools most.
SOURCE_WEIGHTS = {
	"6": 28, "2A": 19, "3A": 2, "3B": 3, "3D": 3, "3E": 3, "3F": 4, "5A": 3, "5B": 3, "5C": 2,
	"5D": 5, "1A": 4, "1B": 1, "1C": 1, "1D": 1, "4": 2, "7": 4, "8": 6, "2B": 1, "9": 1, "10": 4,
}  # fmt: skip
SOURCES = [option for option in REFERRAL_SOURCES if code_of(option) in SOURCE_WEIGHTS]
SOURCE_CHANCES = [SOURCE_WEIGHTS[code_of(option)] for option in SOURCES]

# The child's main need at assessment; a child on a child protection plan is N1 (abuse or neglect).
NEED_WEIGHTS = {"N1": 45, "N2": 6, "N3": 5, "N4": 14, "N5": 22, "N6": 3, "N7": 1, "N8": 1, "N9": 2, "N0": 1}
NEEDS = [option for option in PRIMARY_NEEDS if code_of(option) in NEED_WEIGHTS]
NEED_CHANCES = [NEED_WEIGHTS[code_of(option)] for option in NEEDS]
ABUSE_OR_NEGLECT = PRIMARY_NEEDS[0]

# About one child in need in eight has a disability; learning, behaviour, autism and communication
# are the commonest.
DISABLED_SHARE = 0.12
DISABILITY_WEIGHTS = {
	"LD": 25, "BEH": 20, "AUT": 20, "COMM": 15, "MOB": 5, "HAND": 2, "PC": 3, "INC": 2, "HEAR": 3,
	"VIS": 2, "CON": 1, "DDA": 8,
}  # fmt: skip
NO_DISABILITY = DISABILITIES[0]
DISABLED = [option for option in DISABILITIES if code_of(option) in DISABILITY_WEIGHTS]
DISABILITY_CHANCES = [DISABILITY_WEIGHTS[code_of(option)] for option in DISABLED]

# The factor a child protection plan's category of abuse adds at assessment.
CATEGORY_FACTORS = {"NEG": ("16A",), "PHY": ("18C",), "SAB": ("19C",), "EMO": ("17A",), "MUL": ("16A", "17A")}
FACTOR_ORDER = {code_of(option): position for position, option in enumerate(ASSESSMENT_FACTORS)}
NO_FACTORS = "21"

REFERRAL = "Referral to children's social care"
INFORMATION = "Information and advice"
OTHER_OUTCOMES = ("Early help", INFORMATION, "No further action")
OTHER_OUTCOME_CHANCES = (40, 35, 25)

CLOSURE = {code_of(option): option for option in CLOSURE_REASONS}
# What an episode with a plan can close as; RC8 and RC9 mean "closed after assessment" only.
AFTER_SERVICES = ("RC3", "RC5", "RC7")

# A UPN's characters 2 to 4 are the issuing council's number. Made-up UPNs use 001, one of the
# pseudo-LA codes the DfE's check accepts (rule 1530), rather than a council's number.
UPN_PSEUDO_LA = "001"
SCHOOL_AGE = 5
UPN_UNKNOWN_UNDER_SCHOOL_AGE = "UN1 - Child is not of school age"
UPN_UNKNOWN_OTHER = ("UN2", "UN3", "UN4", "UN5", "UN6")
LA_CHILD_ID_PREFIX = "HS"  # the made-up council's own child IDs, as its old system issued them

OTHER_YEARS = 3  # how far before or after the family's time with the service other referrals are
GAP_BETWEEN_EPISODES = 30  # days at least between the end of one episode and the next referral
ASSESSED_EPISODE_DAYS = 80  # room an episode closed after assessment needs


@dataclass(frozen=True)
class Protection:
	"""A child's child protection plan as the generator wrote it: what an episode must hold."""

	section_47_start: date
	icpc_date: date | None
	plan_start: date | None
	plan_end: date | None  # None while the plan is active
	category: str | None


@dataclass(frozen=True)
class Assessment:
	start: date
	authorised: date | None
	factors: tuple[str, ...]
	support_needed: str


@dataclass
class Episode:
	contact_date: date
	source: str
	referral: date
	need: str | None
	no_further_action: bool = False
	assessment: Assessment | None = None
	cin_plans: list[tuple[date, date | None]] = field(default_factory=list)
	closure: date | None = None
	reason: str | None = None

	@property
	def ends(self) -> date | None:
		"""The day it ends, as the census rules count it; None while it is open."""
		return CensusEpisode(self.referral, self.closure, self.no_further_action).ends


def days_later(rng: random.Random, day: date, low: int, high: int) -> date:
	return day + timedelta(days=rng.randint(low, high))


def day_between(rng: random.Random, start: date, end: date) -> date:
	return start + timedelta(days=rng.randrange(max(1, (end - start).days + 1)))


def source(rng: random.Random) -> str:
	return rng.choices(SOURCES, weights=SOURCE_CHANCES)[0]


def factors(issues: tuple[str, ...], category: str | None) -> tuple[str, ...]:
	"""The factors an assessment identifies: the family's presenting issues as census factors, and
	the plan's category of abuse, in the census's order."""
	found = {ISSUE_FACTORS[issue][0] for issue in issues}
	found.update(CATEGORY_FACTORS.get(code_of(category), ()) if category else ())
	return tuple(sorted(found, key=FACTOR_ORDER.__getitem__))


def disabilities(rng: random.Random) -> tuple[str, ...]:
	"""NONE, or one or two disabilities (the census asks for each a child has)."""
	if rng.random() >= DISABLED_SHARE:
		return (NO_DISABILITY,)
	chosen = []
	while len(chosen) < (2 if rng.random() < 0.3 else 1):
		option = rng.choices(DISABLED, weights=DISABILITY_CHANCES)[0]
		if option not in chosen:
			chosen.append(option)
	return tuple(chosen)


def upn(number: int) -> str:
	"""A valid made-up UPN, unique to the member `number`."""
	body = f"{UPN_PSEUDO_LA}{number:09d}"
	return upn_check_letter(body) + body


def identifiers(rng: random.Random, number: int, age: int) -> tuple[str | None, str | None, str | None]:
	"""A child's LA child ID (most have one from the council's old system; the return uses the
	record's name for the others), and its UPN or the reason it has none."""
	la_child_id = f"{LA_CHILD_ID_PREFIX}{number:07d}" if rng.random() < 0.85 else None
	if age < SCHOOL_AGE:
		return la_child_id, None, UPN_UNKNOWN_UNDER_SCHOOL_AGE
	if rng.random() < 0.03:
		return la_child_id, None, rng.choice(UPN_UNKNOWN_OTHER)
	return la_child_id, upn(number), None


def other_episodes(rng: random.Random, born: date, start: date, stop: date, count: int) -> list[Episode]:
	"""Up to `count` episodes of a child between `start` and `stop`, oldest first, all ended by
	`stop`: referrals with no further action, and episodes closed after an assessment found no need
	for more (RC8) or a need early help meets (RC9). Each has a slot of its own, so none overlaps."""
	start = max(born, start)
	room = (stop - start).days
	count = min(count, room)
	if count <= 0:
		return []
	slot = room // count
	episodes = []
	for index in range(count):
		slot_start = start + timedelta(days=slot * index)
		if slot >= ASSESSED_EPISODE_DAYS and rng.random() < 0.6:
			referral = days_later(rng, slot_start, 0, slot - ASSESSED_EPISODE_DAYS)
			began = days_later(rng, referral, 0, 3)
			authorised = days_later(rng, began, 10, 60)
			found = (NO_FACTORS,) if rng.random() < 0.4 else (rng.choice(("3B", "4B", "16A", "20")),)
			episode = Episode(
				contact_date=max(born, days_later(rng, referral, -2, 0)),
				source=source(rng),
				referral=referral,
				need=rng.choices(NEEDS, weights=NEED_CHANCES)[0],
				assessment=Assessment(began, authorised, found, "No"),
				closure=days_later(rng, authorised, 0, 7),
				reason=CLOSURE["RC8" if rng.random() < 0.7 else "RC9"],
			)
		else:
			referral = days_later(rng, slot_start, 0, slot - 1)
			episode = Episode(
				contact_date=max(born, days_later(rng, referral, -2, 0)),
				source=source(rng),
				referral=referral,
				need=None,
				no_further_action=True,
			)
		episodes.append(episode)
	return episodes


def windows(born: date, referred: date, closed: date | None, as_of: date) -> tuple[tuple[date, date], ...]:
	"""When a child may have other episodes: in the years before the family's referral, and, once
	the family's episode closed, re-referred in the years after it; each window may be empty."""
	gap, years = timedelta(days=GAP_BETWEEN_EPISODES), timedelta(days=365 * OTHER_YEARS)
	before = (max(born, referred - years), referred - gap)
	after = (closed + gap, min(as_of, closed + years)) if closed else (as_of, as_of)
	return before, after


def service_episode(
	rng: random.Random,
	born: date,
	referred: date,
	closed: date | None,
	as_of: date,
	protection: Protection | None,
	issues: tuple[str, ...],
	planned: bool,
	family_closure_reason: str | None,
) -> Episode:
	"""The episode of the child's time with the service: referred the day the family came to it,
	open while the family is (closed with it otherwise), unless an assessment and nothing more
	closed it early. `planned` keeps the episode open with the family and gives it a CIN plan when
	the child has no child protection plan: one child of a family is in need, or the family would
	not be open."""
	end = closed or as_of
	began = days_later(rng, referred, 0, 5)
	due = assessment_due(began)
	if rng.random() < 0.85:
		authorised = days_later(rng, began, 10, max(10, (due - began).days))
	else:
		authorised = days_later(rng, due, 1, 30)
	if closed:
		authorised = min(authorised, closed)  # a closed episode's assessment is complete
	elif authorised >= as_of:
		authorised = None
	plan_start = protection.plan_start if protection else None
	cin_plans = []
	if plan_start:
		# a CIN plan before the conference, and one after the child protection plan (stepped down)
		if authorised and (plan_start - authorised).days > 7 and rng.random() < 0.3:
			cin_plans.append((authorised, plan_start))
		if protection.plan_end and (end - protection.plan_end).days > 14 and rng.random() < 0.7:
			cin_plans.append((protection.plan_end, closed))
	elif authorised and (planned or protection or rng.random() < 0.8) and (end - authorised).days > 14:
		cin_plans.append((authorised, closed))
	supported = bool(plan_start or cin_plans)
	category = protection.category if protection else None
	assessment = Assessment(
		began,
		authorised,
		factors(issues, category) if authorised else (),  # factors come with the authorisation
		"Yes" if supported else "No",
	)
	episode = Episode(
		contact_date=max(born, days_later(rng, referred, -3, 0)),
		source=source(rng),
		referral=referred,
		need=ABUSE_OR_NEGLECT if protection else rng.choices(NEEDS, weights=NEED_CHANCES)[0],
		assessment=assessment,
		cin_plans=cin_plans,
	)
	if supported or protection or planned:
		if closed:
			family_code = code_of(family_closure_reason) if family_closure_reason else None
			episode.closure = closed
			episode.reason = CLOSURE[family_code if family_code in AFTER_SERVICES else "RC7"]
	elif authorised:
		episode.closure = min(days_later(rng, authorised, 0, 14), end)
		episode.reason = CLOSURE["RC8" if rng.random() < 0.7 else "RC9"]
	return episode


def other_contact(
	rng: random.Random, born: date, referred: date, end: date, episodes: list[Episode]
) -> tuple[date, str, str]:
	"""A contact that did not start an episode: (date, source, outcome). During an open episode it
	adds to it; outside one it ends in early help, advice or nothing further."""
	day = day_between(rng, max(born, referred - timedelta(days=730)), end)
	during = any(
		episode.referral <= day and (episode.ends is None or day <= episode.ends) for episode in episodes
	)
	outcome = INFORMATION if during else rng.choices(OTHER_OUTCOMES, weights=OTHER_OUTCOME_CHANCES)[0]
	return day, source(rng), outcome
