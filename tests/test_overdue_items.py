from datetime import date

from family_safeguarding.rules import overdue
from family_safeguarding.rules.statutory import overdue as late


def test_a_record_stores_codes_and_dates_never_a_sentence():
	items = [(overdue.INITIAL_CONFERENCE, date(2026, 3, 2)), (overdue.WEEK_26, date(2026, 11, 20))]
	stored = overdue.encode(items)
	assert stored == "icpc|2026-03-02\nweek_26|2026-11-20"
	assert overdue.decode(stored) == items
	assert overdue.encode([]) is None
	assert overdue.decode(None) == []


def test_what_an_earlier_release_stored_is_not_taken_for_an_item():
	assert overdue.parse("Initial child protection conference: due 02-03-2026") is None
	assert overdue.parse("unknown|2026-03-02") is None
	assert overdue.parse("icpc|not a date") is None
	assert overdue.decode("icpc|2026-03-02\nReview conference: due 01-01-2026") == [
		(overdue.INITIAL_CONFERENCE, date(2026, 3, 2))
	]


def test_every_item_has_an_english_label_to_translate_and_is_found_by_it():
	assert len(set(overdue.ITEMS.values())) == len(overdue.ITEMS)
	for code, label in overdue.ITEMS.items():
		assert overdue.label_code(label) == code
		assert "|" not in code and "\n" not in code
	assert overdue.label_code("Something else") is None


def test_the_overdue_rule_keeps_the_codes():
	today = date(2026, 3, 2)
	items = [(overdue.REVIEW_CONFERENCE, date(2026, 3, 1)), (overdue.STATUTORY_VISIT, date(2026, 3, 2))]
	assert late(items, today) == [(overdue.REVIEW_CONFERENCE, date(2026, 3, 1))]
