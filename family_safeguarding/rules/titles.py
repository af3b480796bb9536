"""The titles of the records that are titled from their data (links, lists and the reports show
them). A title is stored, so it is built from the record's data alone, the same whoever saves it
and in whatever language they read: never translated, never in a user's date format. Read by the
controllers and by the data generator, which writes records without them."""

from datetime import date


def referral_title(reason: str | None, to_agency: str | None) -> str:
	return f"{reason} referral to {to_agency}"


def plo_case_title(family_name: str | None) -> str:
	return f"Public Law Outline, {family_name}"


def group_supervision_title(meeting_date: date) -> str:
	return f"Group supervision, {meeting_date:%d-%m-%Y}"


def practitioner_summary_title(specialism: str | None, period_start: date) -> str:
	"""A summary is a monthly chapter: the writer's specialism and the month."""
	return f"{specialism}, {period_start:%B %Y}"


def protected_information_title(source: str | None, recorded_on: date) -> str:
	"""Who the information came from and when: never any clinical or police detail."""
	return f"{source}, {recorded_on:%d-%m-%Y}"
