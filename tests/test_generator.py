"""The scale generator's rows, checked against the DocTypes' own JSON and the statutory rules.

The rows go into the database through bulk insert, past every controller, so what a controller
would refuse must never be in them."""

import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from family_safeguarding.generator.plan import COLUMNS, Plan, Scale, next_nhs_number, spread
from family_safeguarding.rules import statutory
from family_safeguarding.rules.identifiers import normalise_nhs_number
from family_safeguarding.rules.roles import AGENCY_TYPES

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"
AS_OF = date(2026, 11, 24)
AGENCIES = {agency_type: f"Test {agency_type}" for agency_type in AGENCY_TYPES}
STANDARD = {"name", "owner", "creation", "modified", "modified_by", "docstatus", "idx"}
CHILD_STANDARD = {"parent", "parentfield", "parenttype"}
CLOSED_STATES = {
	"Child Protection Plan": {"Plan Ended", "Closed - No Plan"},
	"PLO Case": {"Stepped Down", "Concluded"},
	"Referral": {"Closed", "Declined", "Withdrawn"},
}


def doctype_fields() -> dict[str, dict]:
	fields = {}
	for path in APP.glob("*/doctype/*/*.json"):
		meta = json.loads(path.read_text())
		if meta.get("doctype") == "DocType":
			fields[meta["name"]] = {field["fieldname"]: field for field in meta["fields"]}
	return fields


FIELDS = doctype_fields()


@pytest.fixture(scope="module")
def plan():
	return Plan(Scale().times(0.005), AS_OF, AGENCIES, seed=7)


@pytest.fixture(scope="module")
def rows(plan):
	rows = defaultdict(list)
	families = len(plan.families)
	for start in range(0, families, 100):  # in slices, as the loader writes them
		for doctype, values in plan.batch(start, start + 100).items():
			rows[doctype].extend(dict(zip(COLUMNS[doctype], value, strict=True)) for value in values)
	return rows


def test_the_totals_are_the_scale_asked_for(plan, rows):
	scale = plan.scale
	assert len(rows["Family"]) == scale.families == 250
	assert len(rows["Member"]) == scale.members
	assert len(rows["Workbook Module"]) == scale.modules
	assert len(rows["Goal"]) == scale.goals
	assert len(rows["Goal Review"]) == scale.goal_reviews
	assert len(rows["Child Protection Plan"]) == scale.plans
	assert len(rows["Referral"]) == scale.referrals
	# one summary and one supervision a month at most per worker and family: a few may not fit
	assert scale.summaries * 0.98 <= len(rows["Practitioner Summary"]) <= scale.summaries
	assert scale.supervisions * 0.98 <= len(rows["Group Supervision"]) <= scale.supervisions
	assert scale.plo_cases * 0.8 <= len(rows["PLO Case"]) <= scale.plo_cases


def test_every_column_is_a_field_of_its_doctype(rows):
	for doctype, columns in COLUMNS.items():
		if doctype in ("User", "Has Role"):
			continue
		standard = STANDARD | (CHILD_STANDARD if "parent" in columns else set())
		unknown = set(columns) - standard - set(FIELDS[doctype])
		assert not unknown, f"{doctype}: {unknown}"


def test_every_select_value_is_one_the_form_offers(rows):
	for doctype, values in rows.items():
		if doctype not in FIELDS:
			continue
		for fieldname, field in FIELDS[doctype].items():
			if field["fieldtype"] != "Select" or fieldname not in COLUMNS[doctype]:
				continue
			offered = set(field.get("options", "").split("\n")) | {None}
			used = {row[fieldname] for row in values}
			assert used <= offered, f"{doctype}.{fieldname}: {used - offered}"


def test_mandatory_fields_are_filled(rows):
	for doctype, values in rows.items():
		if doctype not in FIELDS:
			continue
		for fieldname, field in FIELDS[doctype].items():
			if field.get("reqd") and fieldname in COLUMNS[doctype]:
				assert all(row[fieldname] not in (None, "") for row in values), f"{doctype}.{fieldname}"


def test_links_point_at_generated_records(plan, rows):
	names = {doctype: {row["name"] for row in values} for doctype, values in rows.items()}
	names["Agency Worker"] = {worker.name for worker in plan.workers}
	for doctype, values in rows.items():
		if doctype not in FIELDS:
			continue
		for fieldname, field in FIELDS[doctype].items():
			target = field.get("options")
			if field["fieldtype"] == "Link" and fieldname in COLUMNS[doctype] and target in names:
				missing = {row[fieldname] for row in values if row[fieldname]} - names[target]
				assert not missing, f"{doctype}.{fieldname} -> {target}: {sorted(missing)[:3]}"
	for doctype, values in rows.items():
		if "parent" in COLUMNS[doctype]:
			parenttype = values[0]["parenttype"]
			assert {row["parent"] for row in values} <= names[parenttype], doctype


def test_names_are_unique_and_continue_the_series():
	plan = Plan(Scale().times(0.001), AS_OF, AGENCIES, series_start={"Member": 41, "FAM-2020-": 9})
	rows = plan.batch(0, len(plan.families))
	members = [row[0] for row in rows["Member"]]
	assert members[0] == "MEM-0000042"
	assert len(set(members)) == len(members)
	in_2020 = sorted(row[0] for row in rows["Family"] if row[0].startswith("FAM-2020-"))
	assert not in_2020 or in_2020[0] == "FAM-2020-00010"
	assert plan.series_values()["MEM-"] == 41 + len(members)


def test_records_fall_inside_the_familys_time_with_the_service(rows):
	families = {row["name"]: row for row in rows["Family"]}
	dated = {
		"Workbook Module": "start_date",
		"Goal": "start_date",
		"Practitioner Summary": "period_start",
		"Group Supervision": "meeting_date",
		"Child Protection Plan": "strategy_discussion_date",
		"PLO Case": "legal_gateway_date",
		"Referral": "sent_on",
	}
	for doctype, fieldname in dated.items():
		for row in rows[doctype]:
			family = families[row["family"]]
			end = family["closed_on"] or AS_OF
			assert family["opened_on"] <= row[fieldname] <= end, (doctype, row["name"])


def test_a_closed_family_has_nothing_left_open_and_an_open_one_has_its_legal_status(rows):
	open_by_family = defaultdict(Counter)
	for doctype, closed in CLOSED_STATES.items():
		for row in rows[doctype]:
			if row["workflow_state"] not in closed:
				open_by_family[row["family"]][row["workflow_state"]] += 1
	for family in rows["Family"]:
		still_open = open_by_family[family["name"]]
		if family["status"] == "Closed":
			assert not still_open, family["name"]
			assert family["closed_on"] and family["closure_reason"]
			continue
		plo = next((state for state in ("Proceedings Issued", "Pre-Proceedings") if still_open[state]), None)
		assert family["legal_status"] == statutory.legal_status(True, still_open["Active Plan"], plo)
	assert any(f["legal_status"] == "Child Protection" for f in rows["Family"])


def test_due_dates_are_the_statutory_rules(rows):
	reviews = defaultdict(list)
	for row in rows["Protection Review"]:
		reviews[row["parent"]].append(row["review_date"])
	for plan in rows["Child Protection Plan"]:
		assert plan["icpc_due"] == statutory.icpc_due(plan["strategy_discussion_date"])
		if plan["workflow_state"] == "Active Plan":
			assert plan["next_review_due"] == statutory.next_review_due(
				plan["icpc_date"], reviews[plan["name"]]
			)
			assert plan["next_visit_due"] == statutory.next_visit_due(plan["last_visit"])
	for case in rows["PLO Case"]:
		assert case["target_end"] == statutory.plo_target_end(case["letter_before_proceedings"])


def test_goal_scores_are_the_reviews_first_and_last(rows):
	scores = defaultdict(list)
	for row in rows["Goal Review"]:
		assert 0 <= row["score"] <= 10
		scores[row["parent"]].append((row["idx"], row["score"]))
	for goal in rows["Goal"]:
		ordered = [score for _, score in sorted(scores[goal["name"]])]
		assert (goal["baseline_score"], goal["latest_score"]) == (ordered[0], ordered[-1])


def test_records_are_written_by_workers_allocated_to_the_family(rows):
	allocated = defaultdict(set)
	for row in rows["Family Allocation"]:
		allocated[row["parent"]].add(row["worker"])
	for row in rows["Practitioner Summary"]:
		assert row["worker"] in allocated[row["family"]]
	for row in rows["Goal"]:
		assert row["goal_owner"] in allocated[row["family"]]


def test_nhs_numbers_are_valid_unique_and_in_the_test_range(rows):
	numbers = [row["nhs_number"] for row in rows["Member"]]
	assert len(set(numbers)) == len(numbers)
	assert all(number.startswith("999") and normalise_nhs_number(number) == number for number in numbers)
	assert next_nhs_number("9990000000") > "9990000000"


def test_the_same_seed_gives_the_same_records(plan, rows):
	again = Plan(Scale().times(0.005), AS_OF, AGENCIES, seed=7).batch(0, 100)
	assert [row[0] for row in again["Goal"]] == [row["name"] for row in rows["Goal"][: len(again["Goal"])]]
	assert again["Member"][0][7:] == tuple(rows["Member"][0].values())[7:]


@pytest.mark.parametrize(
	"total, weights, minimum",
	[
		(1000, [1, 2, 3, 0.5], 10),  # shares with fractions: the last units go by weight
		(997, [1, 1, 1], 0),  # a total the counts cannot share evenly
		(13, [5, 0, 1, 2.5], 2),  # a weight of nought keeps the minimum only
		(40, [1.0] * 40, 1),  # exactly the minimums
		(12_345, [0.5 + i / 10 for i in range(37)], 3),
	],
)
def test_spread_sums_exactly_and_keeps_the_minimum(total, weights, minimum):
	import random

	rest = total - minimum * len(weights)
	whole_shares = [minimum + int(rest * weight / sum(weights)) for weight in weights]
	left_over = total - sum(whole_shares)
	assert left_over > 0 or rest == 0  # the cases hand out units beyond the whole shares
	for seed in range(20):
		counts = spread(total, weights, random.Random(seed), minimum=minimum)
		assert sum(counts) == total, (seed, counts)
		assert len(counts) == len(weights)
		for count, whole, weight in zip(counts, whole_shares, weights, strict=True):
			assert count >= minimum
			# its whole share, and no more of what is left over than there is (none for a weight of 0)
			assert whole <= count <= whole + (left_over if weight else 0), (seed, counts)


def test_spread_gives_the_minimums_when_the_total_is_too_small_for_them():
	import random

	assert spread(5, [1, 1, 1], random.Random(1), minimum=3) == [3, 3, 3]
	assert spread(0, [1, 2], random.Random(1)) == [0, 0]


def test_spread_follows_the_weights():
	import random

	counts = spread(1000, [1, 2, 3, 0.5], random.Random(1), minimum=10)
	assert counts[3] < counts[0] < counts[1] < counts[2]
