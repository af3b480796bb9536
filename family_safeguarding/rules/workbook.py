"""Rules of the family workbook: scaling scores, goal progress, practitioner summaries and
group supervision."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.dates import add_months, day_after, month_period, periods_overlap

SCORE_MIN, SCORE_MAX = 0, 10
SCALES = ("Importance", "Confidence", "Readiness", "Progress", "Safety")
PROGRESS = "Progress"


def check_score(score, field: str = "score", row: int | None = None) -> int:
	"""A motivational-interviewing scaling score: a whole number from 0 to 10."""
	if score is None or score == "":
		raise RuleError(field, _lt("Score is required (0 to 10)."), row=row)
	try:
		value = float(score)
	except (TypeError, ValueError):
		value = None
	if isinstance(score, bool) or value is None or value != int(value):
		raise RuleError(
			field, _lt("Score must be a whole number from 0 to 10, not {score}."), row=row, score=score
		)
	if not SCORE_MIN <= int(value) <= SCORE_MAX:
		raise RuleError(
			field, _lt("Score must be from 0 to 10; {score} is outside the scale."), row=row, score=score
		)
	return int(value)


@dataclass(frozen=True)
class Review:
	review_date: date
	scale: str
	score: int
	order: int = 0  # the row's position, to order two reviews on one day


def baseline_and_latest(reviews: Iterable[Review], scale: str = PROGRESS) -> tuple[int | None, int | None]:
	"""The first and the latest score on one scale, by review date (then by row order)."""
	on_scale = sorted((r for r in reviews if r.scale == scale), key=lambda r: (r.review_date, r.order))
	if not on_scale:
		return None, None
	return on_scale[0].score, on_scale[-1].score


def check_period(period_start: date | None, period_end: date | None) -> None:
	if not period_start:
		raise RuleError("period_start", _lt("Period Start is required."))
	if not period_end:
		raise RuleError("period_end", _lt("Period End is required."))
	if period_end < period_start:
		raise RuleError("period_end", _lt("Period End is before Period Start."))


def default_summary_period(on: date) -> tuple[date, date]:
	"""A practitioner summary is a monthly chapter: by default the calendar month of `on`."""
	return month_period(on)


def find_overlapping_summary(
	period_start: date, period_end: date, others: Iterable[tuple[str, date, date]]
) -> str | None:
	"""The name of another summary (same worker and family) whose period overlaps this one."""
	for name, start, end in others:
		if periods_overlap(period_start, period_end, start, end):
			return name
	return None


def supervision_period(meeting_date: date, previous_period_end: date | None) -> tuple[date, date]:
	"""What a group supervision covers: from the day after the last one's period (or the start of
	the meeting's month, for a family's first) up to the meeting."""
	start = day_after(previous_period_end) if previous_period_end else month_period(meeting_date)[0]
	return min(start, meeting_date), meeting_date


def summary_covered(period_start: date, period_end: date, summary_start: date, summary_end: date) -> bool:
	"""A supervision discusses, and on submission locks, the summaries whose period overlaps its own:
	the monthly chapter of 1-31 October is covered by the supervision held on 14 October."""
	return periods_overlap(period_start, period_end, summary_start, summary_end)


def next_supervision_due(meeting_date: date, interval_months: int) -> date:
	if interval_months < 1:
		raise RuleError(
			"supervision_interval_months", _lt("Group Supervision Every (Months) must be at least 1.")
		)
	return add_months(meeting_date, interval_months)
