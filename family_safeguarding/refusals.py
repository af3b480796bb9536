"""How a controller refuses a save: in the user's language, naming the field (and the table and
row) the message is about, and never naming another family's data.

`refuse_rule_errors` is the one place a pure rule's RuleError becomes a Frappe message: the rule's
English template is translated here, where it is shown, and filled with its arguments."""

from contextlib import contextmanager
from datetime import date

import frappe
from frappe import _
from frappe.utils import formatdate, getdate, today

from family_safeguarding.rules import RuleError


@contextmanager
def refuse_rule_errors(
	titles: dict[str, str] | None = None, row: int | None = None, table: str | None = None
):
	"""Turn a pure rule's RuleError into the ValidationError that stops a save (or a report), its
	message translated. `titles` gives the message box a title by the field the error is about;
	`row` and `table` name the child-table row the checked values came from ("Assessments, row #2: ")."""
	try:
		yield
	except RuleError as error:
		title = (titles or {}).get(error.field) or _("Please check the form")
		message = row_prefix(row, table) + rule_error_message(error)
		frappe.throw(message, frappe.ValidationError, title=title)


def rule_error_message(error: RuleError) -> str:
	"""The rule's message in the user's language, its dates in the user's date format."""
	arguments = {
		name: formatdate(value) if isinstance(value, date) else value
		for name, value in error.arguments.items()
	}
	return row_prefix(error.row) + _(error.template).format(**arguments)


def check_member_in_family(
	member: str | None, family: str, label: str, row: int | None = None, table: str | None = None
) -> None:
	"""Refuse a member who is not in the record's family, naming the field (and table and row),
	never the member: they may be of a family the user may not read."""
	if member and frappe.db.get_value("Member", member, "family") != family:
		refuse_member_outside_family(label, row, table)


def refuse_member_outside_family(label: str, row: int | None = None, table: str | None = None) -> None:
	frappe.throw(
		_("{0}{1}: the person chosen is not a member of this family.").format(
			row_prefix(row, table), _(label)
		),
		frappe.ValidationError,
	)


def row_prefix(row: int | None, table: str | None = None) -> str:
	"""What goes before a message about a field of a child row: "Row #2: " or "Reviews, row #2: "."""
	if not row:
		return ""
	if table:
		return _("{0}, row #{1}: ").format(_(table), row)
	return _("Row #{0}: ").format(row)


def refuse_future_date(value, label: str, row: int | None = None) -> None:
	if value and getdate(value) > getdate(today()):
		frappe.throw(
			_("{0}{1} cannot be in the future.").format(row_prefix(row), _(label)),
			frappe.ValidationError,
		)
