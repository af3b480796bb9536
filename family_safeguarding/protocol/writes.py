"""What a save by a user inside the protocol may do to a record, whatever the path (the form,
`frappe.client.set_value`, `save` and `insert`, `savedocs`, `apply_workflow`).

The permission hooks (permissions.py) decide whether the user may write the stored record; these
document hooks decide what the save may change:

- every child row that already exists belongs to this record's table (Frappe updates a row by its
  name alone, so a row of another record named in the request would move here);
- every Link to a Member, a Family or another case record, in the record and its rows, points into
  the record's family; the family the record ends up in (after the controller has derived it from
  the links), and the one it leaves, are families the user may write;
- a worker who reaches a referral only as its receiving agency answers it and changes nothing else;
- fields the workflow or the system sets change only that way;
- a change of workflow state keeps Frappe's self-approval rule, and the owner it reads stays.

Refusals name the field (and table and row), never the other record. Users outside the protocol
and code that saves with `ignore_permissions` (the daily job, the demo, the generator) are not
checked here.
"""

import frappe
from frappe import _
from frappe.model import float_like_fields, no_value_fields
from frappe.model.workflow import (
	WorkflowPermissionError,
	get_workflow,
	get_workflow_name,
	has_approval_access,
	is_transition_condition_satisfied,
)
from frappe.utils import cint, cstr, flt, get_datetime, get_timedelta, getdate

from family_safeguarding.permissions import can_see_family, is_outside_protocol, reaches_only_as_receiver
from family_safeguarding.protocol.side_tables import may_read_record
from family_safeguarding.refusals import check_member_in_family, refuse_member_outside_family, row_prefix
from family_safeguarding.rules.access import (
	CASE_DOCTYPES,
	RECEIVER_MAY_CHANGE,
	TEAM_WIDE_FOR_BUSINESS_SUPPORT,
)
from family_safeguarding.rules.writes import owning_states, system_owned_fields, workflow_owned_fields

# The hooks (hooks.py, doc_events for every DocType)


def before_validate(doc, method=None):
	"""Before the controller, so that it never reads a row of another record or a link into a
	family the user may not write (its messages could describe them)."""
	if not _inside_protocol(doc):
		return
	refuse_rows_of_other_records(doc)
	refuse_links_to_unreadable_records(doc)
	if doc.doctype in CASE_DOCTYPES:
		if reached_only_as_receiver(doc):
			refuse_changes_by_the_receiver(doc)
		else:
			refuse_links_into_other_families(doc)


def validate(doc, method=None):
	"""After the controller (Frappe runs doc_events after it), so that the family it derived from
	the record's links is final."""
	if not _inside_protocol(doc):
		return
	if doc.doctype in CASE_DOCTYPES:
		check_family(doc)
	keep_owned_fields(doc)
	check_state_change(doc)


def before_submitted_record_changes(doc, method=None):
	"""A submitted record updated or cancelled: Frappe runs neither validate event, and still
	writes the record and its rows as they were sent."""
	if not _inside_protocol(doc):
		return
	before_validate(doc, method)
	validate(doc, method)


def _inside_protocol(doc) -> bool:
	return not doc.flags.ignore_permissions and not is_outside_protocol(frappe.session.user)


# Child rows


def refuse_rows_of_other_records(doc):
	"""Every row that exists already is one of this record's, in this table."""
	for table in doc.meta.get_table_fields():
		if frappe.get_meta(table.options).is_virtual:
			continue
		rows = [row for row in doc.get(table.fieldname) if row.name]
		if not rows:
			continue
		stored = {
			row.name: row
			for row in frappe.db.sql(
				f"select name, parent, parenttype, parentfield from `tab{table.options}` where name in %(names)s",
				{"names": tuple(row.name for row in rows)},
				as_dict=True,
			)
		}
		for position, row in enumerate(rows, 1):
			owner = stored.get(row.name)
			if owner and (owner.parent, owner.parenttype, owner.parentfield) != (
				doc.name,
				doc.doctype,
				table.fieldname,
			):
				frappe.throw(
					_("{0}, row #{1}: this row belongs to another record. Add a new row instead.").format(
						_(table.label), row.idx or position
					),
					frappe.PermissionError,
				)


# Links into families


def refuse_links_to_unreadable_records(doc):
	"""On any DocType (a Contact, an Address, a ToDo as much as a Goal), a link the save sets or
	changes to a case record points at one the user may read. Frappe copies a linked record's title
	into some records (a Contact's links), and its link check answers "Could not find" for a record
	that does not exist: a record the user may not read gets that same answer, so that neither
	the title nor the record's existence comes back."""
	before = doc.get_doc_before_save()
	user = frappe.session.user
	for link in case_links(doc):
		if before and link.value == _stored_link(before, link):
			continue
		if not may_read_record(user, link.target, link.value):
			where = f"{_('Row')} #{link.row}: " if link.row else ""
			frappe.throw(
				_("Could not find {0}").format(f"{where}{_(link.label)}: {link.value}"),
				frappe.LinkValidationError,
			)


def refuse_links_into_other_families(doc):
	"""Each link the save sets or changes points into a family the user may write."""
	before = doc.get_doc_before_save()
	for link in case_links(doc):
		if before and link.value == _stored_link(before, link):
			continue
		if may_write_family(doc.doctype, family_of(link.target, link.value)):
			continue
		if link.target == "Member":
			refuse_member_outside_family(link.label, link.row, link.table)
		elif link.target == "Family":
			frappe.throw(
				_("{0}{1}: choose a family you work with.").format(link.where, _(link.label)),
				frappe.PermissionError,
			)
		else:
			refuse_record_outside_family(link)


def check_family(doc):
	"""The record's links all point into its family, which the user may write, as they may the
	family it is leaving."""
	if doc.doctype == "Family":
		return  # the family itself: who may create or change one is the permission hook's rule
	family = doc.get("family")
	for link in case_links(doc):
		if link.row is None and link.fieldname == "family":
			continue  # the family itself, checked below
		if link.target == "Member":
			check_member_in_family(link.value, family, link.label, link.row, link.table)
		elif family_of(link.target, link.value) != family:
			refuse_record_outside_family(link)
	before = doc.get_doc_before_save()
	stored = before.get("family") if before else None
	if family == stored and reached_only_as_receiver(doc):
		return
	if not may_write_family(doc.doctype, family):
		frappe.throw(_("Family: choose a family you work with."), frappe.PermissionError)
	if stored and stored != family and not may_write_family(doc.doctype, stored):
		frappe.throw(
			_("Family: this record belongs to a family you do not work with, and cannot be moved."),
			frappe.PermissionError,
		)


def refuse_record_outside_family(link):
	frappe.throw(
		_("{0}{1}: choose a {2} of this family.").format(link.where, _(link.label), _(link.target)),
		frappe.ValidationError,
	)


def may_write_family(doctype: str, family: str | None) -> bool:
	return can_see_family(
		frappe.session.user, family, team_wide_for_business_support=doctype in TEAM_WIDE_FOR_BUSINESS_SUPPORT
	)


def family_of(doctype: str, name: str) -> str | None:
	if doctype == "Family":
		return name
	return frappe.db.get_value(doctype, name, "family")


class Link(frappe._dict):
	"""A Link (or Dynamic Link) to a case record: in the record itself (row None) or in a row."""


def case_links(doc):
	"""Every link of the record and its rows to a case record, with where it is for messages."""
	for field in doc.meta.fields:
		link = _case_link(doc, field)
		if link:
			yield link
	for table in doc.meta.get_table_fields():
		fields = frappe.get_meta(table.options).fields
		for position, row in enumerate(doc.get(table.fieldname), 1):
			for field in fields:
				link = _case_link(row, field, table, row.idx or position)
				if link:
					yield link


def _case_link(d, field, table=None, row: int | None = None) -> Link | None:
	if field.fieldtype == "Link":
		target = field.options
	elif field.fieldtype == "Dynamic Link":
		target = d.get(field.options)
	else:
		return None
	value = d.get(field.fieldname)
	if target not in CASE_DOCTYPES or not value:
		return None
	return Link(
		fieldname=field.fieldname,
		label=field.label,
		target=target,
		value=value,
		table=table.label if table else None,
		tablefield=table.fieldname if table else None,
		row=row,
		row_name=d.name if table else None,
		where=row_prefix(row, table.label if table else None),
	)


def _stored_link(before, link: Link):
	if link.row is None:
		return before.get(link.fieldname)
	stored_row = next(
		(row for row in before.get(link.tablefield) if link.row_name and row.name == link.row_name), None
	)
	return stored_row.get(link.fieldname) if stored_row else None


# The receiving agency of a referral


def reached_only_as_receiver(doc) -> bool:
	"""The user reaches the stored record through the receiving-agency clause of the rule, not
	through its family (the permission hook has already let them reach it one way or the other)."""
	before = doc.get_doc_before_save()
	return bool(before) and reaches_only_as_receiver(frappe.session.user, doc.doctype, before.get("family"))


def refuse_changes_by_the_receiver(doc):
	"""The receiving agency answers the referral (RECEIVER_MAY_CHANGE) and changes nothing else.
	Read-only fields are left to the controller, which derives them, and to keep_owned_fields."""
	may = RECEIVER_MAY_CHANGE.get(doc.doctype, {})
	before = doc.get_doc_before_save()
	state_field = _workflow_state_field(doc.doctype)
	for fieldname, label in changed_fields(doc, before):
		if (
			fieldname not in may.get("fields", ())
			and fieldname != state_field
			and not doc.meta.get_field(fieldname).read_only
		):
			frappe.throw(
				_("{0}: as the receiving agency you can answer this referral, not change it.").format(
					_(label)
				),
				frappe.PermissionError,
			)
	if state_field and doc.get(state_field) != before.get(state_field):
		answers = {
			(transition.state, transition.next_state)
			for transition in get_workflow(doc.doctype).transitions
			if transition.action in may.get("actions", ())
		}
		if (before.get(state_field), doc.get(state_field)) not in answers:
			frappe.throw(
				_("Workflow State: as the receiving agency you can only {0} this referral.").format(
					_(" or ").join(frappe.bold(_(action)) for action in may.get("actions", ()))
				),
				WorkflowPermissionError,
			)


def changed_fields(doc, before):
	"""(fieldname, label) of each field, child tables included, whose value the save changes."""
	for field in doc.meta.fields:
		if field.fieldtype in ("Table", "Table MultiSelect"):
			if _rows(doc, field) != _rows(before, field):
				yield field.fieldname, field.label
		elif field.fieldtype not in no_value_fields and not same_value(
			field, doc.get(field.fieldname), before.get(field.fieldname)
		):
			yield field.fieldname, field.label


def _rows(doc, table) -> list:
	fields = [f for f in frappe.get_meta(table.options).fields if f.fieldtype not in no_value_fields]
	return [
		(row.name, *(_normalised(f, row.get(f.fieldname)) for f in fields))
		for row in doc.get(table.fieldname)
	]


def same_value(field, value, other) -> bool:
	return _normalised(field, value) == _normalised(field, other)


def _normalised(field, value):
	"""A value as stored, whether it came from the database or as text in a request."""
	if field.fieldtype in ("Int", "Long Int", "Check"):
		return cint(value)
	if field.fieldtype in float_like_fields:
		return flt(value)
	if value in (None, ""):
		return None
	if field.fieldtype == "Date":
		return getdate(value)
	if field.fieldtype == "Datetime":
		return get_datetime(value)
	if field.fieldtype == "Time":
		return get_timedelta(value)
	return cstr(value)


# Fields the workflow or the system sets


def keep_owned_fields(doc):
	"""A field the workflow sets changes only as the record enters its state; a field the system sets
	keeps its stored value (a form opened before the daily job wrote it still carries the old one)."""
	before = doc.get_doc_before_save()
	entering = _entered_state(doc, before)
	for fieldname in workflow_owned_fields(doc.doctype):
		states = owning_states(doc.doctype, fieldname)
		if entering not in states and _owned_field_changed(doc, before, fieldname):
			frappe.throw(
				_(
					"{0} is set by the workflow as the record moves to {1}, and cannot be changed otherwise."
				).format(
					_(doc.meta.get_label(fieldname)),
					_(" or ").join(frappe.bold(_(state)) for state in states),
				),
				frappe.ValidationError,
			)
	for fieldname in system_owned_fields(doc.doctype):
		doc.set(fieldname, before.get(fieldname) if before else doc.meta.get_field(fieldname).default)


def _owned_field_changed(doc, before, fieldname: str) -> bool:
	"""Whether the save changes the field from the stored value (for a new record, from empty)."""
	return not same_value(
		doc.meta.get_field(fieldname), doc.get(fieldname), before.get(fieldname) if before else None
	)


def _entered_state(doc, before) -> str | None:
	"""The workflow state the record moves into with this save, if it moves."""
	state_field = _workflow_state_field(doc.doctype)
	if not state_field:
		return None
	state = doc.get(state_field)
	return state if state and state != (before.get(state_field) if before else None) else None


# Workflow state


def check_state_change(doc):
	"""Frappe's validate_workflow (15.44) refuses on save a state that no transition from the stored
	state reaches for the user's roles, but leaves out the self-approval rule that apply_workflow
	keeps, and a cancel runs no check at all. The owner that rule reads stays as stored."""
	if not _workflow_state_field(doc.doctype):
		return
	before = doc.get_doc_before_save()
	if not before:
		return  # a new record: Frappe refuses any state but the first
	keep_the_owner(doc, before)
	workflow = get_workflow(doc.doctype)
	state_field = workflow.workflow_state_field
	first = workflow.states[0].state
	current, moving_to = before.get(state_field) or first, doc.get(state_field) or first
	if current == moving_to:
		return
	roles = frappe.get_roles()
	transitions = [
		transition
		for transition in workflow.transitions
		if transition.state == current
		and transition.next_state == moving_to
		and transition.allowed in roles
		and is_transition_condition_satisfied(transition, before)
	]
	if not transitions and doc._action != "cancel":
		return  # Frappe's validate_workflow refuses it, naming the states
	if not any(has_approval_access(frappe.session.user, before, transition) for transition in transitions):
		frappe.throw(
			_("Workflow State: moving this record to {0} needs someone other than its creator.").format(
				frappe.bold(_(moving_to))
			)
			if transitions
			else _("Workflow State: moving this record to {0} is not an action you can take.").format(
				frappe.bold(_(moving_to))
			),
			WorkflowPermissionError,
		)


def keep_the_owner(doc, before):
	"""The owner decides self-approval: a save that leaves it out keeps it, one that changes it is refused."""
	if not doc.owner:
		doc.owner = before.owner
	elif doc.owner != before.owner:
		frappe.throw(_("Created By cannot be changed."), frappe.PermissionError)


def _workflow_state_field(doctype: str) -> str | None:
	return get_workflow(doctype).workflow_state_field if get_workflow_name(doctype) else None
