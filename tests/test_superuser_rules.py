"""No one holds a superuser role and an FS role together, and the Protocol Check's findings."""

import pytest

from family_safeguarding.rules.roles import (
	ADMINISTRATOR,
	ALL_ROLES,
	PERFORMANCE_ANALYST,
	POLICE_OFFICER,
	SOCIAL_WORKER,
)
from family_safeguarding.rules.superusers import (
	API_KEY_WITH_PROTOCOL_ROLE,
	PROTOCOL_ROLES,
	SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM,
	SPECIALISM_ROLE_WITHOUT_WORKER,
	SUPERUSER,
	SUPERUSER_WITH_PROTOCOL_ROLE,
	SYSTEM_MANAGER,
	puts_protocol_user_outside,
	user_findings,
)


def test_every_fs_role_is_inside_the_protocol():
	assert set(PROTOCOL_ROLES) == set(ALL_ROLES)
	assert {ADMINISTRATOR, PERFORMANCE_ANALYST} <= set(PROTOCOL_ROLES)


@pytest.mark.parametrize("role", ALL_ROLES)
@pytest.mark.parametrize("superuser", [SYSTEM_MANAGER, "Administrator"])
def test_a_superuser_role_with_any_fs_role_is_refused(role, superuser):
	assert puts_protocol_user_outside([superuser, role])
	assert not puts_protocol_user_outside([role])


def test_a_superuser_with_an_active_worker_is_refused_and_a_plain_one_is_not():
	assert puts_protocol_user_outside([SYSTEM_MANAGER], has_active_worker=True)
	assert not puts_protocol_user_outside([SYSTEM_MANAGER, "Desk User"])


def findings(roles, enabled=True, system_user=True, specialism=None, api_key=False):
	return user_findings(
		roles,
		enabled=enabled,
		is_system_user=system_user,
		active_specialism=specialism,
		has_api_key=api_key,
	)


def test_an_it_administrator_is_listed_as_outside_the_protocol_and_nothing_else():
	assert findings([SYSTEM_MANAGER]) == [(SUPERUSER, (SYSTEM_MANAGER,))]
	assert findings([SYSTEM_MANAGER], enabled=False) == []


def test_a_system_manager_social_worker_is_listed_twice():
	assert findings([SYSTEM_MANAGER, SOCIAL_WORKER], specialism="Social Worker") == [
		(SUPERUSER, (SYSTEM_MANAGER,)),
		(SUPERUSER_WITH_PROTOCOL_ROLE, (SYSTEM_MANAGER, SOCIAL_WORKER)),
	]


def test_a_specialism_role_needs_an_active_worker_of_that_specialism():
	assert findings([SOCIAL_WORKER]) == [(SPECIALISM_ROLE_WITHOUT_WORKER, (SOCIAL_WORKER,))]
	assert findings([SOCIAL_WORKER], specialism="Social Worker") == []
	assert findings([SOCIAL_WORKER, POLICE_OFFICER], specialism="Social Worker") == [
		(SPECIALISM_ROLE_OF_ANOTHER_SPECIALISM, (POLICE_OFFICER,))
	]
	# FS Administrator is given without a worker
	assert findings([ADMINISTRATOR]) == []


def test_an_fs_users_api_key_is_listed_for_information():
	assert findings([ADMINISTRATOR], api_key=True) == [(API_KEY_WITH_PROTOCOL_ROLE, (ADMINISTRATOR,))]
	assert findings(["Desk User"], api_key=True) == []
