"""What is overdue on a statutory record, described in the reader's language.

The record stores codes and due dates (rules/overdue.py); the form, the reports and the
notifications describe them here, where they are shown."""

from frappe import _
from frappe.utils import formatdate

from family_safeguarding.rules import overdue


def item_label(code: str, lang: str | None = None) -> str:
	return _(overdue.ITEMS[code], lang=lang)


def describe(stored: str | None) -> list[str]:
	"""Each overdue item the record stores: "Initial child protection conference: due 02-03-2026"."""
	described = []
	for line in (stored or "").splitlines():
		item = overdue.parse(line)
		if item:
			code, due = item
			described.append(_("{0}: due {1}").format(item_label(code), formatdate(due)))
		elif line.strip():  # a sentence an earlier release stored, until the daily job replaces it
			described.append(line.strip())
	return described
