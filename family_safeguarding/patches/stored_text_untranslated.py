"""Stored text in no one's language: the overdue items of the statutory records become codes with
due dates (rules/overdue.py), and the titles built from a record's data are built again without
translation or a user's date format (rules/titles.py).

Safe to run again: every value is computed afresh from the record, and only a row whose stored value
differs is written."""

import frappe
from frappe.utils import getdate

from family_safeguarding.rules import overdue
from family_safeguarding.rules.titles import (
	group_supervision_title,
	plo_case_title,
	practitioner_summary_title,
	protected_information_title,
	referral_title,
)

# DocType -> its controller's refresh, which recomputes what is overdue
STATUTORY = {
	"Child Protection Plan": (
		"family_safeguarding.statutory.doctype.child_protection_plan.child_protection_plan.refresh"
	),
	"PLO Case": "family_safeguarding.statutory.doctype.plo_case.plo_case.refresh",
	"Referral": "family_safeguarding.statutory.doctype.referral.referral.refresh",
}

CHUNK = 500


def execute():
	for doctype, refresh_path in STATUTORY.items():
		recode_overdue_items(doctype, frappe.get_attr(refresh_path))
	retitle_records()


def recode_overdue_items(doctype: str, refresh) -> None:
	"""Recompute what is overdue where a sentence is stored, and keep the notifications already sent
	under their codes, so that nobody is told twice."""
	rows = frappe.db.sql(
		f"""select name, overdue_items, notified_overdue from `tab{doctype}`
		where ifnull(overdue_items, '') != '' or ifnull(notified_overdue, '') != ''""",
		as_dict=True,
	)
	for row in rows:
		changed = {}
		if row.overdue_items and not _all_codes(row.overdue_items):
			doc = frappe.get_doc(doctype, row.name)
			refresh(doc)
			changed.update(is_overdue=doc.is_overdue, overdue_items=doc.overdue_items)
		notified = _recode_notified(row.notified_overdue)
		if notified != (row.notified_overdue or None):
			changed["notified_overdue"] = notified
		if changed:
			frappe.db.set_value(doctype, row.name, changed, update_modified=False)


def _all_codes(stored: str) -> bool:
	return all(overdue.parse(line) for line in stored.splitlines() if line.strip())


def _recode_notified(stored: str | None) -> str | None:
	"""Each "label|due" line an earlier release kept (its English label) as "code|due"; a line that is
	a code already, or whose label is not known in English, is kept as it is."""
	lines = set()
	for line in (stored or "").splitlines():
		if not line.strip():
			continue
		label, _separator, due = line.rpartition("|")
		code = overdue.label_code(label)
		lines.add(f"{code}|{due}" if code and overdue.parse(f"{code}|{due}") else line)
	return "\n".join(sorted(lines)) or None


def retitle_records() -> None:
	_retitle(
		"Referral",
		["reason", "to_agency"],
		lambda row: referral_title(row.reason, row.to_agency),
	)
	family_names = dict(frappe.db.sql("select name, family_name from `tabFamily`"))
	_retitle("PLO Case", ["family"], lambda row: plo_case_title(family_names.get(row.family)))
	_retitle(
		"Group Supervision",
		["meeting_date"],
		lambda row: group_supervision_title(getdate(row.meeting_date)) if row.meeting_date else row.title,
	)
	_retitle(
		"Practitioner Summary",
		["specialism", "period_start"],
		lambda row: (
			practitioner_summary_title(row.specialism, getdate(row.period_start))
			if row.period_start
			else row.title
		),
	)
	for doctype in ("Health Information", "Police Information"):
		_retitle(
			doctype,
			["source", "recorded_on"],
			lambda row: (
				protected_information_title(row.source, getdate(row.recorded_on))
				if row.recorded_on
				else row.title
			),
		)


def _retitle(doctype: str, fields: list[str], title) -> None:
	rows = frappe.get_all(doctype, fields=["name", "title", *fields], order_by="name")
	changed = [(row.name, title(row)) for row in rows]
	changed = [(name, new) for (name, new), row in zip(changed, rows, strict=True) if new != row.title]
	for start in range(0, len(changed), CHUNK):
		chunk = changed[start : start + CHUNK]
		cases = " ".join("when %s then %s" for _ in chunk)
		frappe.db.sql(
			f"""update `tab{doctype}` set title = case name {cases} end
			where name in ({", ".join(["%s"] * len(chunk))})""",
			[value for pair in chunk for value in pair] + [name for name, _title in chunk],
		)
