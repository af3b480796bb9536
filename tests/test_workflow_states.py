"""The sets of workflow states the app reasons about, checked against the workflows themselves."""

import pytest

from family_safeguarding.rules import workflows as w
from family_safeguarding.rules.access import RECEIVER_MAY_CHANGE
from family_safeguarding.rules.writes import WORKFLOW_OWNED_FIELDS

DOCTYPE_WORKFLOW = {doctype: name for name, (doctype, _states, _transitions) in w.WORKFLOWS.items()}


def states(doctype: str) -> set[str]:
	return set(w.states_of(DOCTYPE_WORKFLOW[doctype]))


def transitions(doctype: str):
	return w.WORKFLOWS[DOCTYPE_WORKFLOW[doctype]][2]


def reachable_from(doctype: str, start: str) -> set[str]:
	seen, todo = {start}, [start]
	while todo:
		state = todo.pop()
		for from_state, _action, to_state, _roles, _self in transitions(doctype):
			if from_state == state and to_state not in seen:
				seen.add(to_state)
				todo.append(to_state)
	return seen


def final_states(doctype: str) -> set[str]:
	"""The states no transition leaves."""
	return states(doctype) - {from_state for from_state, *_rest in transitions(doctype)}


@pytest.mark.parametrize(
	"doctype, open_states, closed_states",
	[
		("Child Protection Plan", w.PLAN_OPEN_STATES, w.PLAN_CLOSED_STATES),
		("PLO Case", w.PLO_OPEN_STATES, w.PLO_CLOSED_STATES),
	],
)
def test_a_record_is_open_until_it_reaches_a_final_state(doctype, open_states, closed_states):
	assert set(closed_states) == final_states(doctype)
	assert set(open_states) == states(doctype) - set(closed_states)


def test_every_set_of_states_belongs_to_its_workflow():
	for doctype, subsets in {
		"Child Protection Plan": (w.BEFORE_CONFERENCE_STATES, w.PLAN_STARTED_STATES),
		"PLO Case": (),
		"Referral": (w.AWAITING_ANSWER_STATES, w.ANSWERED_STATES, w.ANSWER_STATES, w.ACCEPTED_STATES),
	}.items():
		for subset in subsets:
			assert set(subset) <= states(doctype), subset


def test_the_conference_is_awaited_until_it_is_booked():
	assert set(w.BEFORE_CONFERENCE_STATES) == {
		state
		for state in states("Child Protection Plan")
		if w.CONFERENCE_SCHEDULED in reachable_from("Child Protection Plan", state)
	} - {w.CONFERENCE_SCHEDULED}


def test_a_plan_started_is_active_or_ended():
	assert set(w.PLAN_STARTED_STATES) == reachable_from("Child Protection Plan", w.ACTIVE_PLAN)


def test_a_referrals_answer_is_where_sending_leads_but_withdrawal():
	answers = {to for from_state, _a, to, *_ in transitions("Referral") if from_state == w.SENT}
	assert set(w.ANSWER_STATES) == answers - {w.WITHDRAWN}
	assert set(w.ANSWERED_STATES) == set().union(*(reachable_from("Referral", s) for s in w.ANSWER_STATES))
	assert set(w.ACCEPTED_STATES) == reachable_from("Referral", w.ACCEPTED)
	assert set(w.AWAITING_ANSWER_STATES) == {w.SENT}


def test_the_daily_job_watches_every_statutory_doctype_in_its_open_states():
	assert set(w.WATCHED_STATES) == set(DOCTYPE_WORKFLOW)
	assert w.WATCHED_STATES["Child Protection Plan"] == w.PLAN_OPEN_STATES
	assert w.WATCHED_STATES["PLO Case"] == w.PLO_OPEN_STATES
	assert w.WATCHED_STATES["Referral"] == w.AWAITING_ANSWER_STATES


def test_a_new_record_starts_in_the_first_state():
	assert w.first_state(w.CHILD_PROTECTION) == w.STRATEGY_DISCUSSION
	assert w.first_state(w.PUBLIC_LAW_OUTLINE) == w.LEGAL_GATEWAY
	assert w.first_state(w.REFERRAL_WORKFLOW) == w.DRAFT
	for name in w.WORKFLOWS:
		doctype = w.WORKFLOWS[name][0]
		assert reachable_from(doctype, w.first_state(name)) == states(doctype), name


def test_the_receiving_agency_answers_with_the_referrals_own_actions():
	actions = {action for _f, action, *_ in transitions("Referral")}
	assert set(RECEIVER_MAY_CHANGE["Referral"]["actions"]) <= actions
	assert w.SEND not in RECEIVER_MAY_CHANGE["Referral"]["actions"]


def test_the_workflow_owned_fields_are_set_in_states_of_the_workflow():
	for doctype, fields in WORKFLOW_OWNED_FIELDS.items():
		for owning in fields.values():
			assert set(owning) <= states(doctype)


def test_each_state_and_action_is_named_once():
	for name, (_doctype, state_styles, transition_rows) in w.WORKFLOWS.items():
		names = [state for state, _style in state_styles]
		assert len(names) == len(set(names)), name
		assert len({(f, a) for f, a, *_ in transition_rows}) == len(transition_rows), name
