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


def worker_of(user: str) -> str | None:
	"""The Agency Worker record of a user, if they have one."""
	return frappe.db.get_value("Agency Worker", {"user": user}, "name")
