"""Writes made by a job that reads from a MariaDB replica (`read_from_replica` in the site config)."""

import frappe


@frappe.write_only()
def on_primary(write, *args, **kwargs):
	"""Run `write` on the primary database while a read-only job reads from a replica."""
	return write(*args, **kwargs)
