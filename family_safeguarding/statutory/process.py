"""What the statutory processes share: the data a workflow transition needs, the overdue flags and
their notifications, and the family's legal status."""

import frappe
from frappe import _
from frappe.utils import formatdate, getdate, today

from family_safeguarding.rules import overdue as overdue_items
from family_safeguarding.rules.statutory import legal_status, overdue
from family_safeguarding.rules.workflows import ACTIVE_PLAN, PLO_OPEN_STATES
from family_safeguarding.statutory.overdue import item_label


def entered_state(doc) -> str | None:
	"""The workflow state the document is moving into with this save, if it is moving."""
	before = doc.get_doc_before_save()
	previous = before.get("workflow_state") if before else None
	return doc.workflow_state if doc.workflow_state and doc.workflow_state != previous else None


def require_for_state(doc, required: dict[str, tuple[str, ...]]) -> str | None:
	"""Refuse a transition whose required data is missing, naming every missing field."""
	state = entered_state(doc)
	if not state:
		return None
	missing = [_(doc.meta.get_label(field)) for field in required.get(state, ()) if not doc.get(field)]
	if missing:
		frappe.throw(
			_("To move to {0}, first record: {1}.").format(frappe.bold(_(state)), ", ".join(missing)),
			frappe.ValidationError,
			title=_("Missing information"),
		)
	return state


def set_overdue(doc, items: list[tuple[str, object]], on=None) -> list[tuple[str, object]]:
	"""Mark what is overdue on the document and return it: `items` are (code, due date) pairs
	(rules/overdue.py), and the document stores the codes, never a sentence in one language."""
	late = overdue([(code, getdate(due) if due else None) for code, due in items], getdate(on or today()))
	doc.is_overdue = int(bool(late))
	doc.overdue_items = overdue_items.encode(late)
	return late


def notify_overdue_once(doc, late: list[tuple[str, object]]) -> int:
	"""Tell the lead social worker and the team manager of each newly overdue item, once.

	Uses Frappe's Notification Log (the bell, and e-mail where the user has it switched on). The
	subject carries the record's opaque name, never a child's name.
	"""
	from frappe.desk.doctype.notification_log.notification_log import make_notification_logs
	from frappe.translate import get_user_lang

	already = set((doc.notified_overdue or "").splitlines())
	new = [(code, due) for code, due in late if overdue_items.line(code, due) not in already]
	if not new:
		return 0
	# Frappe keeps a notification's subject as it is written: each recipient's in their language
	by_language = {}
	for user in recipients_for(doc):
		by_language.setdefault(get_user_lang(user), []).append(user)
	for code, due in new:
		for lang, users in by_language.items():
			make_notification_logs(
				{
					"subject": _("Overdue: {0} for {1} {2} (due {3})", lang=lang).format(
						item_label(code, lang), _(doc.doctype, lang=lang), doc.name, formatdate(due)
					),
					"type": "Alert",
					"document_type": doc.doctype,
					"document_name": doc.name,
					"from_user": "Administrator",
				},
				users,
			)
		already.add(overdue_items.line(code, due))
	doc.notified_overdue = "\n".join(sorted(already))
	return len(new)


def recipients_for(doc) -> list[str]:
	family = frappe.db.get_value("Family", doc.family, ["lead_social_worker", "team"], as_dict=True)
	if not family:
		return []
	lead = doc.get("lead_social_worker") or family.lead_social_worker
	users = [
		frappe.db.get_value("Agency Worker", lead, "user") if lead else None,
		frappe.db.get_value("Family Safeguarding Team", family.team, "team_manager"),
	]
	return sorted({user for user in users if user})


def update_legal_status(family: str) -> str:
	status, closed = frappe.db.get_value("Family", family, ["legal_status", "status"])
	on_plans = frappe.db.count("Child Protection Plan", {"family": family, "workflow_state": ACTIVE_PLAN})
	plo = frappe.get_all(
		"PLO Case",
		filters={"family": family, "workflow_state": ("in", PLO_OPEN_STATES)},
		pluck="workflow_state",
		order_by="modified desc",
		limit=1,
	)
	new = legal_status(closed != "Closed", on_plans, plo[0] if plo else None)
	if new != status:
		frappe.db.set_value("Family", family, "legal_status", new)
	return new
