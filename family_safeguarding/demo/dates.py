"""The demo's dates. Current work is dated back from the day the demo was first loaded; children's
social care history from the start of the last complete census year, so that a Children in Need
census of that year always has children in it, whatever day the demo is loaded on."""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate, today

from family_safeguarding.demo.families import FAMILIES
from family_safeguarding.rules.census.year import CensusYear, census_year_of


def demo_day() -> date:
	"""The day the demo was first loaded on the site (the day its first family was made), today on
	a site without it. The demo's work is dated from it, so that loading the demo again on a later
	day adds records that fit those it made the first time."""
	made = frappe.db.get_value("Family", {"family_name": FAMILIES[0][0]}, "creation")
	return getdate(made or today())


def last_census_year(on: date) -> CensusYear:
	"""The last census year that has ended `on` a day: 2025-26 (1 April 2025 to 31 March 2026) for
	any day of 2026-27. It began at least 365 days before that day, so history dated in its first
	150 days comes before anything the demo dates back from the day (the earliest: 200 days back)."""
	return CensusYear(census_year_of(on).year_end - 1)


def weekday_on_or_after(day: date) -> date:
	"""The day itself, or the Monday after when it falls on a weekend: an initial conference is not
	held at a weekend (DfE 8875)."""
	return day + timedelta(days=7 - day.weekday()) if day.weekday() >= 5 else day
