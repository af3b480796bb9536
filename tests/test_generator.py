"""The scale generator's rows, checked against the DocTypes' own JSON and the statutory rules.

The rows go into the database through bulk insert, past every controller, so what a controller
would refuse must never be in them."""

import itertools
import json
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

import pytest

from family_safeguarding.generator.plan import COLUMNS, Plan, Scale, next_nhs_number, next_weekday, spread
from family_safeguarding.rules import statutory
from family_safeguarding.rules.census import codes, episodes
from family_safeguarding.rules.identifiers import normalise_nhs_number
from family_safeguarding.rules.people import age_on
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
	# a family whose children have no room for another episode writes fewer
	assert scale.episodes * 0.99 <= len(rows["CIN Episode"]) <= scale.episodes
	# one contact started each episode; the others are exactly the rest of the total
	others = scale.contacts - scale.episodes
	assert len(rows["Social Care Contact"]) == len(rows["CIN Episode"]) + others


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
	for doctype in ("CIN Episode", "CIN Assessment", "Social Care Contact"):
		assert [tuple(row.values()) for row in rows[doctype][:50]] == again[doctype][:50], doctype


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


# Children's social care: the rules of rules/census/episodes.py and codes.py, held to every row ---


@pytest.fixture(scope="module")
def social_care(rows):
	"""Each child's episodes (rule Episode, row, its assessments and CIN plans, oldest first) and
	child protection plans, and its member row."""
	assessments, cin_plans, reviews = defaultdict(list), defaultdict(list), defaultdict(list)
	for row in rows["CIN Assessment"]:
		assessments[row["parent"]].append(row)
	for row in rows["CIN Plan Period"]:
		cin_plans[row["parent"]].append(row)
	for row in rows["Protection Review"]:
		reviews[row["parent"]].append(row["review_date"])
	by_child = defaultdict(list)
	for row in rows["CIN Episode"]:
		episode = episodes.Episode(row["referral_date"], row["closure_date"], bool(row["no_further_action"]))
		by_child[row["member"]].append((episode, row, assessments[row["name"]], cin_plans[row["name"]]))
	protection = defaultdict(list)
	for row in rows["Child Protection Plan"]:
		protection[row["member"]].append((row, reviews[row["name"]]))
	members = {row["name"]: row for row in rows["Member"]}
	return {
		"episodes": {
			child: sorted(held, key=lambda e: e[0].referral_date) for child, held in by_child.items()
		},
		"protection": protection,
		"members": members,
	}


def test_every_child_has_an_episode_and_only_children_do(rows, social_care):
	children = {row["name"] for row in rows["Member"] if row["member_type"] == "Child"}
	assert set(social_care["episodes"]) == children


def test_a_childs_episodes_never_overlap_and_one_at_most_is_open(social_care):
	for child, held in social_care["episodes"].items():
		for index, (episode, row, _, _) in enumerate(held):
			others = [other for position, (other, *_) in enumerate(held) if position != index]
			episodes.check_episode_among_others(episode, others)  # raises RuleError when broken
			assert episode.ends is None or episode.ends <= AS_OF, row["name"]
			assert row["referral_date"] >= social_care["members"][child]["date_of_birth"], row["name"]
		open_ones = [episode for episode, *_ in held if episode.ends is None]
		assert not open_ones or open_ones[0] is held[-1][0], child  # an open episode is the latest


def test_a_closure_has_its_reason_and_a_referral_with_no_further_action_has_nothing_else(social_care):
	for held in social_care["episodes"].values():
		for _, row, assessments, cin_plans in held:
			episodes.check_closure(row["referral_date"], row["closure_date"], row["closure_reason"])
			episodes.check_no_further_action(
				row["no_further_action"], assessments=len(assessments), cin_plans=len(cin_plans)
			)
			if row["no_further_action"]:
				assert not row["primary_need"] and not row["closure_date"], row["name"]
			else:
				assert row["primary_need"], row["name"]  # DfE 8610


def test_nothing_happens_in_an_episode_after_it_closed(social_care):
	for held in social_care["episodes"].values():
		for _, row, assessments, cin_plans in held:
			activities = [("start_date", "Assessment Start", a["start_date"]) for a in assessments]
			activities += [("authorisation_date", "Authorised", a["authorisation_date"]) for a in assessments]
			activities += [("start_date", "CIN Plan Start", plan["start_date"]) for plan in cin_plans]
			activities += [("end_date", "CIN Plan End", plan["end_date"]) for plan in cin_plans]
			episodes.check_nothing_after_closure(row["closure_date"], activities)
			for _, _, day in activities:
				assert day is None or row["referral_date"] <= day, row["name"]  # DfE 1103, 4015
			if row["closure_date"]:  # a closed episode's work is finished (DfE 8867)
				assert all(a["authorisation_date"] for a in assessments), row["name"]
				assert all(plan["end_date"] for plan in cin_plans), row["name"]


def test_every_child_protection_plan_lies_inside_an_episode_of_its_child(social_care):
	for child, plans in social_care["protection"].items():
		held = social_care["episodes"][child]
		for plan, reviews in plans:
			key = episodes.plan_key_date(plan["section_47_start"], plan["icpc_date"], plan["plan_start"])
			episode = episodes.check_plan_in_an_episode("section_47_start", "S47", key, [e for e, *_ in held])
			assert episode is not None, plan["name"]
			row = next(row for e, row, *_ in held if e is episode)
			assert not row["no_further_action"], plan["name"]
			activities = [
				("icpc_date", "ICPC", plan["icpc_date"]),
				("plan_start", "Plan Start", plan["plan_start"]),
				("plan_end", "Plan End", plan["plan_end"]),
				*(("review_date", "Review", review) for review in reviews),
			]
			episodes.check_nothing_after_closure(row["closure_date"], activities)
			if row["closure_date"]:
				assert plan["workflow_state"] in ("Plan Ended", "Closed - No Plan"), plan["name"]


def test_conferences_are_on_weekdays_and_plans_start_at_them(rows):
	for plan in rows["Child Protection Plan"]:
		episodes.check_icpc_not_on_weekend(plan["icpc_date"])
		episodes.check_cp_plan_starts_at_icpc(plan["icpc_date"], plan["plan_start"])
		if plan["icpc_not_required"]:
			assert not plan["icpc_date"] and plan["workflow_state"] == "Closed - No Plan", plan["name"]
		else:
			assert plan["icpc_date"], plan["name"]
	assert any(plan["icpc_not_required"] for plan in rows["Child Protection Plan"])
	assert next_weekday(date(2026, 11, 28)) == date(2026, 11, 30)  # a Saturday, to the Monday
	assert next_weekday(date(2026, 11, 27)) == date(2026, 11, 27)


def test_a_cin_plan_never_runs_beside_a_child_protection_plan(social_care):
	for child, held in social_care["episodes"].items():
		cp_plans = [
			(plan["plan_start"], plan["plan_end"])
			for plan, _ in social_care["protection"].get(child, [])
			if plan["plan_start"]
		]
		periods = sorted(
			(plan["start_date"], plan["end_date"]) for *_, cin_plans in held for plan in cin_plans
		)
		for start, end in periods:
			episodes.check_cin_plan_apart_from_cp_plans(start, end, cp_plans)
			assert end is None or start < end, child  # DfE 4011, 4012Q
		for (_, end), (next_start, _) in itertools.pairwise(periods):
			assert end is not None and end <= next_start, child  # DfE 4004, 4014


def test_assessment_factors_are_census_codes_given_with_the_authorisation(rows):
	for row in rows["CIN Assessment"]:
		factors = [code.strip() for code in (row["factors"] or "").split(",") if code.strip()]
		codes.check_assessment_factors(factors)
		# factors come with a completed assessment, and only then (DfE 8614, 8897Q)
		assert bool(factors) == bool(row["authorisation_date"]), row["name"]
		if row["authorisation_date"]:
			assert row["start_date"] <= row["authorisation_date"], row["name"]


def test_closed_after_assessment_means_an_assessment_and_nothing_more(social_care):
	"""RC8 and RC9 (closed after assessment) need an assessment and no plan (DfE 8825Q, 2990)."""
	planned = {child for child, plans in social_care["protection"].items() if plans}
	for child, held in social_care["episodes"].items():
		for episode, row, assessments, cin_plans in held:
			if codes.code_of(row["closure_reason"] or "") in ("RC8", "RC9"):
				assert assessments and not cin_plans, row["name"]
				holds_a_plan = any(
					episodes.episode_containing([episode], plan["section_47_start"])
					for plan, _ in social_care["protection"].get(child, [])
				)
				assert not holds_a_plan, row["name"]
	assert planned


def test_a_closed_familys_children_have_closed_episodes_and_an_open_familys_mostly_open(rows, social_care):
	members_of = defaultdict(list)
	for row in rows["Member"]:
		if row["member_type"] == "Child":
			members_of[row["family"]].append(row["name"])
	open_children = with_open_episode = 0
	for family in rows["Family"]:
		held = [e for child in members_of[family["name"]] for e in social_care["episodes"][child]]
		if family["status"] == "Closed":
			assert all(episode.ends for episode, *_ in held), family["name"]
			continue
		opened = [episode for episode, *_ in held if episode.ends is None]
		assert opened, family["name"]  # every open family has a child in need
		open_children += len(members_of[family["name"]])
		with_open_episode += len(opened)
	assert with_open_episode >= 0.8 * open_children
	reasons = Counter(
		codes.code_of(row["closure_reason"]) for row in rows["CIN Episode"] if row["closure_reason"]
	)
	assert {"RC7", "RC8", "RC9"} <= set(reasons)
	assert any(row["no_further_action"] for row in rows["CIN Episode"])


def test_each_episode_was_started_by_a_contact_about_its_child(rows):
	contacts = {row["name"]: row for row in rows["Social Care Contact"]}
	started = set()
	for row in rows["CIN Episode"]:
		contact = contacts[row["contact"]]
		assert contact["member"] == row["member"] and contact["family"] == row["family"], row["name"]
		assert contact["contact_date"] <= row["referral_date"], row["name"]
		assert contact["outcome"] == "Referral to children's social care", row["name"]
		assert contact["contact_source"] == row["referral_source"], row["name"]
		started.add(contact["name"])
	others = [row for name, row in contacts.items() if name not in started]
	assert others and {row["outcome"] for row in others} <= set(codes.CONTACT_OUTCOMES)


def test_children_have_census_identifiers_and_disabilities(rows):
	disabilities = defaultdict(list)
	for row in rows["Member Disability"]:
		disabilities[row["parent"]].append(row["disability"])
	children = [row for row in rows["Member"] if row["member_type"] == "Child"]
	for child in children:
		codes.check_disabilities(disabilities[child["name"]])
		assert disabilities[child["name"]], child["name"]  # DfE 8540: NONE when there is none
		if child["la_child_id"]:
			codes.check_la_child_id(child["la_child_id"])
		codes.check_upn_or_reason(child["upn"], child["upn_unknown_reason"])
		assert child["upn"] or child["upn_unknown_reason"], child["name"]
		if age_on(child["date_of_birth"], AS_OF) < 5:
			assert codes.code_of(child["upn_unknown_reason"]) == "UN1", child["name"]
	for parent in (row for row in rows["Member"] if row["member_type"] != "Child"):
		assert not (parent["la_child_id"] or parent["upn"] or disabilities[parent["name"]]), parent["name"]
	census_ids = [codes.census_child_id(child["name"], child["la_child_id"]) for child in children]
	upns = [child["upn"] for child in children if child["upn"]]
	assert len(set(census_ids)) == len(census_ids) and len(set(upns)) == len(upns)
	assert any(child["la_child_id"] for child in children) and not all(c["la_child_id"] for c in children)
	disabled = [values for values in disabilities.values() if values and values != ["NONE - No disability"]]
	assert disabled and any(len(values) > 1 for values in disabled)
