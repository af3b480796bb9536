import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.roles import (
	ALL_ROLES,
	SPECIALISM_ROLES,
	SPECIALISMS,
	check_specialism_fits_agency,
	role_for_specialism,
)


def test_each_specialism_gives_one_role_of_the_protocol():
	for specialism in SPECIALISMS:
		assert role_for_specialism(specialism) in ALL_ROLES
	# Administrator and Performance Analyst are configuration and performance staff, not specialisms.
	assert "FS Administrator" not in SPECIALISM_ROLES
	assert "FS Performance Analyst" not in SPECIALISM_ROLES


@pytest.mark.parametrize(
	"specialism, agency_type",
	[
		("Police Domestic Abuse Officer", "Police"),
		("Probation Officer", "Probation"),
		("Mental Health Practitioner", "NHS Mental Health Trust"),
		("Mental Health Practitioner", "Integrated Care Board"),
		("Clinical Psychologist", "Children's Services"),
		("Domestic Abuse Perpetrator Practitioner", "Domestic Abuse Service"),
		("Recovery Worker", "Recovery Service"),
		("Social Worker", "Children's Services"),
	],
)
def test_fitting_agencies(specialism, agency_type):
	check_specialism_fits_agency(specialism, agency_type)


@pytest.mark.parametrize(
	"specialism, agency_type",
	[
		("Police Domestic Abuse Officer", "Children's Services"),
		("Mental Health Practitioner", "Police"),
		("Social Worker", "NHS Mental Health Trust"),
		("Recovery Worker", "Children's Services"),
		("Team Manager", "Probation"),
		("Probation Officer", None),
	],
)
def test_a_specialism_that_does_not_fit_its_agency_is_refused(specialism, agency_type):
	with pytest.raises(RuleError) as refused:
		check_specialism_fits_agency(specialism, agency_type)
	assert refused.value.field == "specialism"
	assert specialism in refused.value.message


def test_unknown_specialism():
	with pytest.raises(RuleError):
		role_for_specialism("Astronaut")
