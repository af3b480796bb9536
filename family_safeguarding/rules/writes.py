"""What a save by a user inside the protocol may not change, as data: the fields only a workflow
transition sets, and those only the system sets. Pure data, read by protocol/writes.py (which
refuses any other change of them) and the tests."""

from family_safeguarding.rules.workflows import ANSWER_STATES, SENT

# Fields the workflow alone sets: DocType -> fieldname -> the states whose transition sets them
# (the controller sets the field as the record enters one of these states). Setting `sent_on` any
# other way would share a draft referral with the receiving agency without the consent check. Any
# other change of them is refused, naming the field.
WORKFLOW_OWNED_FIELDS = {
	"Referral": {"sent_on": (SENT,), "responded_on": ANSWER_STATES},
}

# Fields the system alone sets, outside any save of the record (the daily job, a group supervision
# being submitted, a plan or PLO case changing the family's legal status): a user's save keeps the
# stored value (a new record, the field's default), whatever the request carried.
SYSTEM_OWNED_FIELDS = {
	"Family": ("legal_status", "next_supervision_due"),
	"Practitioner Summary": ("locked_by",),
	"Child Protection Plan": ("notified_overdue",),
	"PLO Case": ("notified_overdue",),
	"Referral": ("notified_overdue",),
}


def owning_states(doctype: str, fieldname: str) -> tuple[str, ...] | None:
	"""The states whose transition sets `fieldname`, or None when no workflow owns it."""
	return WORKFLOW_OWNED_FIELDS.get(doctype, {}).get(fieldname)


def workflow_owned_fields(doctype: str) -> tuple[str, ...]:
	return tuple(WORKFLOW_OWNED_FIELDS.get(doctype, {}))


def system_owned_fields(doctype: str) -> tuple[str, ...]:
	return SYSTEM_OWNED_FIELDS.get(doctype, ())
