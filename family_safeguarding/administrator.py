"""Acting as Administrator, for a system consequence of an action the user was allowed to take."""

from contextlib import contextmanager

import frappe


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
