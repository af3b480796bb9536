"""The user as a worker: their Agency Worker record."""

import frappe


def own_active_worker(user: str | None = None) -> str | None:
	"""The name of the active Agency Worker record of `user` (the session user), if they have one."""
	return frappe.db.get_value("Agency Worker", {"user": user or frappe.session.user, "is_active": 1}, "name")
