from datetime import date

import pytest

from family_safeguarding.rules.statutory import (
	concluded_in_time,
	first_core_group_due,
	icpc_due,
	legal_status,
	next_review_due,
	next_visit_due,
	overdue,
	plo_target_end,
	response_due,
	waiting_days,
	week_26_date,
	weeks_between,
)


# Hand-checked against a calendar and the England and Wales bank holidays.
@pytest.mark.parametrize(
	"strategy, due",
	[
		(date(2026, 11, 2), date(2026, 11, 23)),  # Mon + 15 working days, no holidays: Mon 23 Nov
		# Thu 10 Dec 2026 + 15: 11, 14-18 (6), 21-24 (10), 25 Christmas Fri and 28 Boxing Day
		# (substitute, Mon) skipped, 29-31 (13), 1 Jan holiday, 4-5 Jan (15).
		(date(2026, 12, 10), date(2027, 1, 5)),
		# Wed 18 Mar 2026 + 15: 19-20 (2), 23-27 (7), 30-31 (9), 1-2 Apr (11), Good Friday 3 Apr and
		# Easter Monday 6 Apr skipped, 7-10 Apr (15).
		(date(2026, 3, 18), date(2026, 4, 10)),
	],
)
def test_icpc_within_fifteen_working_days_of_the_strategy_discussion(strategy, due):
	assert icpc_due(strategy) == due


def test_first_core_group_within_ten_working_days_of_the_icpc():
	# Fri 18 Dec 2026 + 10: 21-24 (4), 25 and 28 skipped, 29-31 (7), 1 Jan skipped, 4-6 Jan (10).
	assert first_core_group_due(date(2026, 12, 18)) == date(2027, 1, 6)
	assert first_core_group_due(date(2026, 11, 2), 10) == date(2026, 11, 16)


def test_review_conferences_three_then_six_months():
	icpc = date(2026, 1, 31)
	assert next_review_due(icpc, []) == date(2026, 4, 30)
	assert next_review_due(icpc, [date(2026, 4, 28)]) == date(2026, 10, 28)
	assert next_review_due(icpc, [date(2026, 4, 28), date(2026, 8, 31)]) == date(2027, 2, 28)
	assert next_review_due(date(2027, 11, 30), []) == date(2028, 2, 29)  # leap year month end
	assert next_review_due(icpc, [], first_months=2) == date(2026, 3, 31)


def test_statutory_visits_every_ten_working_days():
	# Wed 23 Dec 2026 + 10: 24 (1), 25 and 28 skipped, 29-31 (4), 1 Jan skipped, 4-8 Jan (9), 11 Jan (10).
	assert next_visit_due(date(2026, 12, 23)) == date(2027, 1, 11)


def test_pre_proceedings_and_proceedings_in_weeks():
	assert plo_target_end(date(2026, 1, 31)) == date(2026, 5, 23)
	# 26 weeks beginning with Monday 2 March 2026: day 1 is 2 March, day 182 is Sunday 30 August
	assert week_26_date(date(2026, 3, 2)) == date(2026, 8, 30)
	assert week_26_date(date(2026, 3, 2), weeks=34) == date(2026, 10, 25)
	assert weeks_between(date(2026, 1, 31), date(2026, 5, 22)) == 15
	assert weeks_between(date(2026, 1, 31), date(2026, 5, 23)) == 16
	assert weeks_between(date(2026, 5, 1), date(2026, 4, 1)) == 0


def test_referrals_wait_in_days_and_are_overdue_after_five_working_days():
	assert waiting_days(date(2026, 11, 2), date(2026, 11, 20), date(2026, 11, 23)) == 18
	assert waiting_days(date(2026, 11, 2), None, date(2026, 11, 23)) == 21
	# sent Fri 18 Dec 2026: working days after it are 21-24 (4), then 29 Dec (5), past Christmas
	# Day and the Boxing Day substitute on Monday 28 Dec: a response is due by Tuesday 29 Dec
	assert response_due(date(2026, 12, 18)) == date(2026, 12, 29)
	assert response_due(date(2026, 12, 18), 1) == date(2026, 12, 21)


@pytest.mark.parametrize(
	"family_open, plans, plo, status",
	[
		(True, 0, None, "Child in Need"),
		(False, 0, None, "None"),
		(True, 2, None, "Child Protection"),
		(True, 1, "Pre-Proceedings", "Pre-Proceedings"),
		(True, 1, "Proceedings Issued", "Care Proceedings"),
		(True, 0, "Stepped Down", "Child in Need"),
		(True, 1, "Legal Gateway", "Child Protection"),
	],
)
def test_legal_status_is_the_most_serious_that_applies(family_open, plans, plo, status):
	assert legal_status(family_open, plans, plo) == status


def test_overdue_items():
	today = date(2026, 11, 23)
	items = [
		("ICPC", date(2026, 11, 20)),
		("Visit", date(2026, 11, 23)),
		("Review", None),
		("Core group", date(2026, 11, 30)),
	]
	assert overdue(items, today) == [("ICPC", date(2026, 11, 20))]


def test_proceedings_concluded_on_the_last_day_are_in_time():
	last_day = week_26_date(date(2026, 3, 2))  # Sunday 30 August 2026
	assert concluded_in_time(date(2026, 8, 30), last_day)
	assert not concluded_in_time(date(2026, 8, 31), last_day)
	assert not concluded_in_time(None, last_day)
