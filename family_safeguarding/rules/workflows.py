"""The statutory workflows: their states, actions, and the roles that may take each action
(data-model.md, access.md). Pure data: the setup code creates them in Frappe from here, the tests
read them, and the controllers check each state's required data."""

from family_safeguarding.rules.roles import PRACTITIONER_ROLES, SOCIAL_WORKER, TEAM_MANAGER

# Workflow name -> (DocType, states with their indicator style, transitions).
# A transition is (from state, action, to state, roles, allow self approval).
MANAGER_ONLY = (TEAM_MANAGER,)
CASE_WORKERS = (TEAM_MANAGER, SOCIAL_WORKER)
RECEIVING = (TEAM_MANAGER, *PRACTITIONER_ROLES, SOCIAL_WORKER)

WORKFLOWS = {
	"Child Protection": (
		"Child Protection Plan",
		[
			("Strategy Discussion", "Warning"),
			("Section 47 Enquiry", "Warning"),
			("Conference Scheduled", "Primary"),
			("Active Plan", "Danger"),
			("Plan Ended", "Success"),
			("Closed - No Plan", "Inverse"),
		],
		[
			("Strategy Discussion", "Start Enquiry", "Section 47 Enquiry", CASE_WORKERS, True),
			("Section 47 Enquiry", "Book Conference", "Conference Scheduled", CASE_WORKERS, True),
			("Section 47 Enquiry", "No Further Action", "Closed - No Plan", CASE_WORKERS, True),
			("Conference Scheduled", "Start Plan", "Active Plan", MANAGER_ONLY, False),
			("Conference Scheduled", "No Plan", "Closed - No Plan", MANAGER_ONLY, False),
			("Active Plan", "End Plan", "Plan Ended", MANAGER_ONLY, False),
		],
	),
	"Public Law Outline": (
		"PLO Case",
		[
			("Legal Gateway", "Warning"),
			("Pre-Proceedings", "Danger"),
			("Stepped Down", "Success"),
			("Proceedings Issued", "Danger"),
			("Concluded", "Inverse"),
		],
		[
			("Legal Gateway", "Enter Pre-Proceedings", "Pre-Proceedings", MANAGER_ONLY, False),
			("Legal Gateway", "Issue Proceedings", "Proceedings Issued", MANAGER_ONLY, False),
			("Legal Gateway", "No Further Legal Action", "Concluded", MANAGER_ONLY, False),
			("Pre-Proceedings", "Step Down", "Stepped Down", MANAGER_ONLY, False),
			("Pre-Proceedings", "Issue Proceedings", "Proceedings Issued", MANAGER_ONLY, False),
			("Proceedings Issued", "Conclude", "Concluded", MANAGER_ONLY, False),
		],
	),
	"Referral": (
		"Referral",
		[
			("Draft", "Warning"),
			("Sent", "Primary"),
			("Accepted", "Success"),
			("Declined", "Danger"),
			("Engaged", "Success"),
			("Closed", "Inverse"),
			("Withdrawn", "Inverse"),
		],
		[
			("Draft", "Send", "Sent", RECEIVING, True),
			("Draft", "Withdraw", "Withdrawn", RECEIVING, True),
			("Sent", "Accept", "Accepted", RECEIVING, True),
			("Sent", "Decline", "Declined", RECEIVING, True),
			("Sent", "Withdraw", "Withdrawn", RECEIVING, True),
			("Accepted", "Record First Appointment", "Engaged", RECEIVING, True),
			("Engaged", "Close", "Closed", RECEIVING, True),
			("Accepted", "Close", "Closed", RECEIVING, True),
		],
	),
}


def editors(workflow_name: str) -> tuple[str, ...]:
	"""Who may edit a document's fields while it rests in a state."""
	if workflow_name == "Referral":
		return RECEIVING
	return CASE_WORKERS
