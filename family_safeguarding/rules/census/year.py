"""The census year and what it takes in.

A census year runs from 1 April to 31 March and is named by the year it ends in: the 2025-26
census has Year 2026 and ReferenceDate 31 March 2026. It takes in every child referred to
children's social care in the year (referrals with no further action too) and every child with an
episode open at any point in it, whenever that episode began; an unborn child is in like any other.
"""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True, order=True)
class CensusYear:
	year_end: int

	@property
	def start(self) -> date:
		return date(self.year_end - 1, 4, 1)

	@property
	def reference_date(self) -> date:
		"""The last day of the year, the return's ReferenceDate."""
		return date(self.year_end, 3, 31)

	@property
	def label(self) -> str:
		return f"{self.year_end - 1}-{self.year_end % 100:02d}"

	def __contains__(self, day: date) -> bool:
		return self.start <= day <= self.reference_date


def census_year_of(day: date) -> CensusYear:
	"""The census year a day falls in: 31 March 2025 is in 2024-25, 1 April 2025 in 2025-26."""
	return CensusYear(day.year + 1 if day.month >= 4 else day.year)


def episode_in_scope(
	year: CensusYear,
	referral_date: date,
	closure_date: date | None = None,
	no_further_action: bool = False,
) -> bool:
	"""Whether an episode (one referral to children's social care) belongs in the year's return.

	It does when it was open on any day of the year: referred on or before 31 March and not closed
	before 1 April. A referral with no further action and no closure date ends the day it was made.
	"""
	if referral_date > year.reference_date:
		return False
	ended = closure_date or (referral_date if no_further_action else None)
	return ended is None or ended >= year.start


def period_in_year(year: CensusYear, start: date, end: date | None) -> tuple[date, date | None] | None:
	"""How a dated item (an assessment, a plan, an episode) appears in the year's return, or None
	when it does not.

	An item that ended before the year began, or begins after it, is left out. An item still open on
	31 March is returned open, even if it has ended since: an end date must fall inside the year.
	An open item keeps its start date, however early.
	"""
	if start > year.reference_date or (end is not None and end < year.start):
		return None
	return start, end if end is not None and end <= year.reference_date else None


def date_in_year(year: CensusYear, day: date | None) -> date | None:
	"""A single date (an initial conference, an assessment's authorisation) as the return has it:
	the date when it falls inside the year, else None."""
	return day if day is not None and day in year else None
