"""A Children in Need return as plain values: what the census XML says, item by item, without XML
and without Frappe. The export fills it from the records and writes it as XML (cin_xml.py); the
import reads XML into it (cin_read.py) and saves it as records. Both sides meet here, so a round
trip can be compared item for item.

Codes are the census's bare codes ("N1", "RC8", "NEG"), dates are `datetime.date`, and an item
that is absent is None (or an empty tuple).
"""

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class Assessment:
	start_date: date
	internal_review_date: date | None = None
	authorisation_date: date | None = None
	factors: tuple[str, ...] = ()


@dataclass(frozen=True)
class CinPlan:
	start_date: date
	end_date: date | None = None


@dataclass(frozen=True)
class Section47:
	start_date: date
	icpc_target: date | None = None
	icpc_date: date | None = None
	icpc_not_required: bool = False


@dataclass(frozen=True)
class ChildProtectionPlan:
	start_date: date
	end_date: date | None = None
	initial_category: str | None = None
	latest_category: str | None = None
	previous_plans: int = 0
	review_dates: tuple[date, ...] = ()


@dataclass(frozen=True)
class PreProceedings:
	"""The 2026-27 pre-proceedings block, written only from that census year on."""

	start_date: date | None = None
	letter_sent_date: date | None = None
	fgdm_offered: bool | None = None
	fgdm_facilitated: bool | None = None
	initial_meeting_date: date | None = None
	review_meetings: int | None = None
	step_decision_date: date | None = None
	outcome: str | None = None
	court_application_date: date | None = None
	letter_initial_cp_date: date | None = None


@dataclass(frozen=True)
class Episode:
	"""One CINdetails: a referral to children's social care and what followed it."""

	referral_date: date
	referral_source: str
	primary_need: str | None = None
	closure_date: date | None = None
	closure_reason: str | None = None
	# An initial conference held without a section 47 enquiry in this episode.
	initial_cpc_date: date | None = None
	no_further_action: bool = False
	assessments: tuple[Assessment, ...] = ()
	cin_plans: tuple[CinPlan, ...] = ()
	section_47s: tuple[Section47, ...] = ()
	protection_plans: tuple[ChildProtectionPlan, ...] = ()
	pre_proceedings: tuple[PreProceedings, ...] = ()


@dataclass(frozen=True)
class Child:
	la_child_id: str
	sex: str
	ethnicity: str | None = None
	upn: str | None = None
	former_upn: str | None = None
	upn_unknown_reason: str | None = None
	birth_date: date | None = None
	expected_birth_date: date | None = None
	death_date: date | None = None
	disabilities: tuple[str, ...] = ()
	episodes: tuple[Episode, ...] = ()


@dataclass(frozen=True)
class Header:
	year_end: int
	la_code: str
	software_code: str = "family_safeguarding"
	release: str = "1"
	serial_no: str = "001"
	made_at: datetime | None = None

	@property
	def reference_date(self) -> date:
		return date(self.year_end, 3, 31)


@dataclass(frozen=True)
class CensusReturn:
	header: Header
	children: tuple[Child, ...] = field(default_factory=tuple)
