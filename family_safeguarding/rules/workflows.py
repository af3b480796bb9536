"""The statutory workflows: their states, actions, and the roles that may take each action
(docs/information-governance/access-protocol.md, "Statutory records and their workflows"). Pure
data: the setup code creates them in Frappe from here, the tests read them, and the controllers,
the daily job and the reports use these names and sets of states, never their own copies."""

from family_safeguarding.rules.roles import PRACTITIONER_ROLES, SOCIAL_WORKER, TEAM_MANAGER

# The workflows, by name.
CHILD_PROTECTION = "Child Protection"
PUBLIC_LAW_OUTLINE = "Public Law Outline"
REFERRAL_WORKFLOW = "Referral"

# Child Protection: the states of a Child Protection Plan.
STRATEGY_DISCUSSION = "Strategy Discussion"
SECTION_47_ENQUIRY = "Section 47 Enquiry"
CONFERENCE_SCHEDULED = "Conference Scheduled"
ACTIVE_PLAN = "Active Plan"
PLAN_ENDED = "Plan Ended"
CLOSED_NO_PLAN = "Closed - No Plan"
# ...and its actions.
START_ENQUIRY = "Start Enquiry"
BOOK_CONFERENCE = "Book Conference"
NO_FURTHER_ACTION = "No Further Action"
START_PLAN = "Start Plan"
NO_PLAN = "No Plan"
END_PLAN = "End Plan"

# Public Law Outline: the states of a PLO Case.
LEGAL_GATEWAY = "Legal Gateway"
PRE_PROCEEDINGS = "Pre-Proceedings"
STEPPED_DOWN = "Stepped Down"
PROCEEDINGS_ISSUED = "Proceedings Issued"
CONCLUDED = "Concluded"
# ...and its actions.
ENTER_PRE_PROCEEDINGS = "Enter Pre-Proceedings"
ISSUE_PROCEEDINGS = "Issue Proceedings"
NO_FURTHER_LEGAL_ACTION = "No Further Legal Action"
STEP_DOWN = "Step Down"
CONCLUDE = "Conclude"

# Referral: the states of a Referral.
DRAFT = "Draft"
SENT = "Sent"
ACCEPTED = "Accepted"
DECLINED = "Declined"
ENGAGED = "Engaged"
REFERRAL_CLOSED = "Closed"
WITHDRAWN = "Withdrawn"
# ...and its actions.
SEND = "Send"
WITHDRAW = "Withdraw"
ACCEPT = "Accept"
DECLINE = "Decline"
RECORD_FIRST_APPOINTMENT = "Record First Appointment"
CLOSE = "Close"

# Workflow name -> (DocType, states with their indicator style, transitions).
# A transition is (from state, action, to state, roles, allow self approval).
MANAGER_ONLY = (TEAM_MANAGER,)
CASE_WORKERS = (TEAM_MANAGER, SOCIAL_WORKER)
RECEIVING = (TEAM_MANAGER, *PRACTITIONER_ROLES, SOCIAL_WORKER)

WORKFLOWS = {
	CHILD_PROTECTION: (
		"Child Protection Plan",
		[
			(STRATEGY_DISCUSSION, "Warning"),
			(SECTION_47_ENQUIRY, "Warning"),
			(CONFERENCE_SCHEDULED, "Primary"),
			(ACTIVE_PLAN, "Danger"),
			(PLAN_ENDED, "Success"),
			(CLOSED_NO_PLAN, "Inverse"),
		],
		[
			(STRATEGY_DISCUSSION, START_ENQUIRY, SECTION_47_ENQUIRY, CASE_WORKERS, True),
			(SECTION_47_ENQUIRY, BOOK_CONFERENCE, CONFERENCE_SCHEDULED, CASE_WORKERS, True),
			(SECTION_47_ENQUIRY, NO_FURTHER_ACTION, CLOSED_NO_PLAN, CASE_WORKERS, True),
			(CONFERENCE_SCHEDULED, START_PLAN, ACTIVE_PLAN, MANAGER_ONLY, False),
			(CONFERENCE_SCHEDULED, NO_PLAN, CLOSED_NO_PLAN, MANAGER_ONLY, False),
			(ACTIVE_PLAN, END_PLAN, PLAN_ENDED, MANAGER_ONLY, False),
		],
	),
	PUBLIC_LAW_OUTLINE: (
		"PLO Case",
		[
			(LEGAL_GATEWAY, "Warning"),
			(PRE_PROCEEDINGS, "Danger"),
			(STEPPED_DOWN, "Success"),
			(PROCEEDINGS_ISSUED, "Danger"),
			(CONCLUDED, "Inverse"),
		],
		[
			(LEGAL_GATEWAY, ENTER_PRE_PROCEEDINGS, PRE_PROCEEDINGS, MANAGER_ONLY, False),
			(LEGAL_GATEWAY, ISSUE_PROCEEDINGS, PROCEEDINGS_ISSUED, MANAGER_ONLY, False),
			(LEGAL_GATEWAY, NO_FURTHER_LEGAL_ACTION, CONCLUDED, MANAGER_ONLY, False),
			(PRE_PROCEEDINGS, STEP_DOWN, STEPPED_DOWN, MANAGER_ONLY, False),
			(PRE_PROCEEDINGS, ISSUE_PROCEEDINGS, PROCEEDINGS_ISSUED, MANAGER_ONLY, False),
			(PROCEEDINGS_ISSUED, CONCLUDE, CONCLUDED, MANAGER_ONLY, False),
		],
	),
	REFERRAL_WORKFLOW: (
		"Referral",
		[
			(DRAFT, "Warning"),
			(SENT, "Primary"),
			(ACCEPTED, "Success"),
			(DECLINED, "Danger"),
			(ENGAGED, "Success"),
			(REFERRAL_CLOSED, "Inverse"),
			(WITHDRAWN, "Inverse"),
		],
		[
			(DRAFT, SEND, SENT, RECEIVING, True),
			(DRAFT, WITHDRAW, WITHDRAWN, RECEIVING, True),
			(SENT, ACCEPT, ACCEPTED, RECEIVING, True),
			(SENT, DECLINE, DECLINED, RECEIVING, True),
			(SENT, WITHDRAW, WITHDRAWN, RECEIVING, True),
			(ACCEPTED, RECORD_FIRST_APPOINTMENT, ENGAGED, RECEIVING, True),
			(ENGAGED, CLOSE, REFERRAL_CLOSED, RECEIVING, True),
			(ACCEPTED, CLOSE, REFERRAL_CLOSED, RECEIVING, True),
		],
	),
}

# The sets of states the app reasons about; each is checked against the workflows above by the
# plain tests (tests/test_workflow_states.py).

# A child protection episode is open until it ends with a plan ended or with no plan.
PLAN_CLOSED_STATES = (PLAN_ENDED, CLOSED_NO_PLAN)
PLAN_OPEN_STATES = (STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, ACTIVE_PLAN)
# Before the conference is booked its date is not known: the conference is overdue from its due date.
BEFORE_CONFERENCE_STATES = (STRATEGY_DISCUSSION, SECTION_47_ENQUIRY)
# The episodes that became plans (the CIN census counts these as plans).
PLAN_STARTED_STATES = (ACTIVE_PLAN, PLAN_ENDED)

# A PLO case is open until it is stepped down or concluded; a family has one open case at most.
PLO_OPEN_STATES = (LEGAL_GATEWAY, PRE_PROCEEDINGS, PROCEEDINGS_ISSUED)
PLO_CLOSED_STATES = (STEPPED_DOWN, CONCLUDED)

# A referral sent and not yet answered, and those the receiving service has answered.
AWAITING_ANSWER_STATES = (SENT,)
ANSWERED_STATES = (ACCEPTED, DECLINED, ENGAGED, REFERRAL_CLOSED)
# The states a referral's answer moves it into (its `responded_on` is set then), and those in which
# the service had accepted it.
ANSWER_STATES = (ACCEPTED, DECLINED)
ACCEPTED_STATES = (ACCEPTED, ENGAGED, REFERRAL_CLOSED)

# DocType -> the states in which a record still has statutory due dates to watch: the daily job
# recomputes these records, and flags what is overdue in them.
WATCHED_STATES = {
	"Child Protection Plan": PLAN_OPEN_STATES,
	"PLO Case": PLO_OPEN_STATES,
	"Referral": AWAITING_ANSWER_STATES,
}


def states_of(workflow_name: str) -> tuple[str, ...]:
	return tuple(state for state, _style in WORKFLOWS[workflow_name][1])


def first_state(workflow_name: str) -> str:
	"""The state a new document starts in."""
	return states_of(workflow_name)[0]


def editors(workflow_name: str) -> tuple[str, ...]:
	"""Who may edit a document's fields while it rests in a state."""
	if workflow_name == REFERRAL_WORKFLOW:
		return RECEIVING
	return CASE_WORKERS
