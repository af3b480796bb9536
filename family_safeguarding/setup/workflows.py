"""The statutory workflows, shipped by setup code (Frappe does not sync workflows from module
folders). Each is created when missing and never overwritten: an administrator who adds a state
or swaps a role in the desk keeps that change through every migrate.

What each transition needs before it may happen is checked by the document's controller (see
`REQUIRED_FOR_STATE` in each), which names what is missing."""

import frappe

from family_safeguarding.rules.workflows import WORKFLOWS, editors


def ensure_workflows():
	for workflow_name, (doctype, states, transitions) in WORKFLOWS.items():
		for state, style in states:
			if not frappe.db.exists("Workflow State", state):
				frappe.get_doc(
					{"doctype": "Workflow State", "workflow_state_name": state, "style": style}
				).insert(ignore_permissions=True)
		for _from, action, _to, _roles, _self in transitions:
			if not frappe.db.exists("Workflow Action Master", action):
				frappe.get_doc({"doctype": "Workflow Action Master", "workflow_action_name": action}).insert(
					ignore_permissions=True
				)
		if frappe.db.exists("Workflow", workflow_name):
			continue  # an administrator's workflow is theirs to change
		frappe.get_doc(
			{
				"doctype": "Workflow",
				"workflow_name": workflow_name,
				"document_type": doctype,
				"workflow_state_field": "workflow_state",
				"is_active": 1,
				"send_email_alert": 0,
				"override_status": 0,  # show the workflow state as the form's status
				"states": [
					{"state": state, "doc_status": "0", "allow_edit": edit_role}
					for state, _style in states
					for edit_role in editors(workflow_name)
				],
				"transitions": [
					{
						"state": from_state,
						"action": action,
						"next_state": to_state,
						"allowed": role,
						"allow_self_approval": int(self_approval),
					}
					for from_state, action, to_state, roles, self_approval in transitions
					for role in roles
				],
			}
		).insert(ignore_permissions=True)
