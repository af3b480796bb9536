from contextlib import contextmanager

import frappe

from family_safeguarding.rules import RuleError


@contextmanager
def refuse_rule_errors():
	"""Turn a pure rule's RuleError into the ValidationError that stops a save, message unchanged."""
	try:
		yield
	except RuleError as error:
		frappe.throw(error.message, frappe.ValidationError, title=frappe._("Please check the form"))


def own_active_worker(user: str | None = None) -> str | None:
	return frappe.db.get_value("Agency Worker", {"user": user or frappe.session.user, "is_active": 1}, "name")


def check_member_in_family(
	member: str | None, family: str, label: str, row: int | None = None, table: str | None = None
) -> None:
	"""Refuse a member who is not in the record's family, naming the field (and table and row),
	never the member: they may be of a family the user may not read."""
	if member and frappe.db.get_value("Member", member, "family") != family:
		refuse_member_outside_family(label, row, table)


def refuse_member_outside_family(label: str, row: int | None = None, table: str | None = None) -> None:
	frappe.throw(
		frappe._("{0}{1}: the person chosen is not a member of this family.").format(
			row_prefix(row, table), frappe._(label)
		),
		frappe.ValidationError,
	)


def row_prefix(row: int | None, table: str | None = None) -> str:
	"""What goes before a message about a field of a child row: "Row #2: " or "Reviews, row #2: "."""
	if not row:
		return ""
	if table:
		return frappe._("{0}, row #{1}: ").format(frappe._(table), row)
	return frappe._("Row #{0}: ").format(row)


def refuse_future_date(value, label: str, row: int | None = None) -> None:
	from frappe.utils import getdate, today

	if value and getdate(value) > getdate(today()):
		frappe.throw(
			frappe._("{0}{1} cannot be in the future.").format(row_prefix(row), frappe._(label)),
			frappe.ValidationError,
		)


@contextmanager
def as_administrator():
	"""For a system consequence of an action the user was allowed to take (giving a new worker's
	user their role): Frappe's User.on_update saves other records without ignore_permissions."""
	user = frappe.session.user
	frappe.set_user("Administrator")
	try:
		yield
	finally:
		frappe.set_user(user)


@frappe.write_only()
def on_primary(write, *args, **kwargs):
	"""Run `write` on the primary database while a read-only job reads from a replica."""
	return write(*args, **kwargs)
