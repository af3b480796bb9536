"""The statutory work a record can fall behind on, and how a record keeps what is overdue.

A record stores each overdue item as its code and due date, one a line ("icpc|2026-03-02"), never
as a sentence: the database holds no one user's language. Where it is shown, the item is described
in the reader's language (statutory/overdue.py). The daily job remembers which items it has told
people about in the same form, so that a change of language never tells them twice."""

from collections.abc import Iterable
from datetime import date

from family_safeguarding.rules import _lt

INITIAL_CONFERENCE = "icpc"
FIRST_CORE_GROUP = "first_core_group"
REVIEW_CONFERENCE = "review_conference"
STATUTORY_VISIT = "statutory_visit"
END_OF_PRE_PROCEEDINGS = "end_of_pre_proceedings"
WEEK_26 = "week_26"
REFERRAL_RESPONSE = "referral_response"

# code -> what it is, in English (translated where it is shown)
ITEMS = {
	INITIAL_CONFERENCE: _lt("Initial child protection conference"),
	FIRST_CORE_GROUP: _lt("First core group"),
	REVIEW_CONFERENCE: _lt("Review conference"),
	STATUTORY_VISIT: _lt("Statutory visit"),
	END_OF_PRE_PROCEEDINGS: _lt("End of pre-proceedings"),
	WEEK_26: _lt("Week 26 of care proceedings"),
	REFERRAL_RESPONSE: _lt("Response to the referral"),
}


def line(code: str, due: date) -> str:
	"""One item as a record stores it."""
	return f"{code}|{due.isoformat()}"


def encode(items: Iterable[tuple[str, date]]) -> str | None:
	"""The (code, due date) items as a record stores them; None when there are none."""
	return "\n".join(line(code, due) for code, due in items) or None


def parse(stored_line: str) -> tuple[str, date] | None:
	"""(code, due date) of one stored line, or None for a line that is not one (such as the sentence
	an earlier release stored)."""
	code, separator, due = stored_line.strip().partition("|")
	if not separator or code not in ITEMS:
		return None
	try:
		return code, date.fromisoformat(due)
	except ValueError:
		return None


def decode(stored: str | None) -> list[tuple[str, date]]:
	"""The items a record stores, in order; lines that are not items are left out."""
	return [item for item in map(parse, (stored or "").splitlines()) if item]


def label_code(label: str) -> str | None:
	"""The code of an item from its English label (what an earlier release stored)."""
	return next((code for code, english in ITEMS.items() if english == label), None)
