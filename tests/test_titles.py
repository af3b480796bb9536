"""Stored titles are built from the record's data alone: the same whoever saves the record."""

from datetime import date

from family_safeguarding.rules import titles


def test_titles_carry_the_records_data_in_one_fixed_form():
	assert (
		titles.referral_title("Domestic Abuse", "Hartshire Refuge")
		== "Domestic Abuse referral to Hartshire Refuge"
	)
	assert titles.plo_case_title("Smith household") == "Public Law Outline, Smith household"
	assert titles.group_supervision_title(date(2026, 3, 2)) == "Group supervision, 02-03-2026"
	assert titles.practitioner_summary_title("Social Worker", date(2026, 3, 1)) == "Social Worker, March 2026"
	assert titles.protected_information_title("GP", date(2026, 3, 2)) == "GP, 02-03-2026"
