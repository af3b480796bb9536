"""How the app's scheduled jobs are watched: what a run record says, when a job is late, when the
System Managers are told, and what a queue's numbers mean. Pure: read by operations/ and the
Safeguarding Health report, plain-tested in tests/test_operations_rules.py.

Frappe deletes its own Scheduled Job Log after 7 days, so a job that failed last week leaves no
trace there: the app keeps a Safeguarding Job Run of each run of the jobs below, for a year and a
bit, so that a council can answer "did the overdue alerts go out that week?".
"""

from collections.abc import Iterable
from datetime import datetime, timedelta
from pathlib import PurePath

# The jobs the app watches, as the Job field of Safeguarding Job Run names them.
DAILY_STATUTORY_JOB = "Daily Statutory Job"
MEMBER_AGES_JOB = "Member Ages"
AUDIT_RETENTION_JOB = "Audit Retention"
WATCHED_JOBS = (DAILY_STATUTORY_JOB, MEMBER_AGES_JOB, AUDIT_RETENTION_JOB)

# A daily job runs at midnight (Frappe's "daily" cron), give or take the queue: two hours of grace
# before a missed day counts as an outage.
DAILY_JOB_LATE_AFTER_HOURS = 26
# A run still marked Running after this was killed (a worker restarted, the job timed out).
RUNNING_TOO_LONG_HOURS = 6
# Run records are kept this long, and pruned by the jobs themselves.
JOB_RUN_RETENTION_DAYS = 400
# Jobs waiting in one background queue before the health view warns.
QUEUE_BACKLOG_WARNING = 500

# The Status of a Safeguarding Job Run. Missed is not a run: it records that the System Managers
# were told the daily job had not succeeded for DAILY_JOB_LATE_AFTER_HOURS.
RUNNING, SUCCESS, FAILED_RUN, MISSED = "Running", "Success", "Failed", "Missed"
RUN_STATUSES = (RUNNING, SUCCESS, FAILED_RUN, MISSED)

# The health view's statuses.
OK, WARNING, FAILED = "OK", "Warning", "Failed"

# Why a job has the health status it has (job_health).
NEVER_RUN = "never run"
LAST_RUN_FAILED = "last run failed"
NO_RECENT_SUCCESS = "no recent success"
STILL_RUNNING = "still running"
RUNNING_TOO_LONG = "running too long"
SUCCEEDED = "succeeded"


def error_summary(exception_type: str, frames: Iterable[tuple[str, int, str]], app: str) -> str:
	"""What a failed run keeps of its exception: the exception's type and where it was raised (the
	innermost line of the app's own code, and the innermost line of all), as file:line (function).

	Never the exception's message: a message can carry a record's values (a validation message
	quoting a field, a database error quoting a duplicate entry), and the run record outlives the
	7-day logs that keep the full traceback for a System Manager."""
	frames = list(frames)
	places = []
	own = [frame for frame in frames if app in PurePath(frame[0]).parts]
	if own:
		places.append(_place(own[-1], app))
	if frames and (not own or frames[-1] is not own[-1]):
		places.append(_place(frames[-1], app))
	return f"{exception_type} at {' < '.join(reversed(places))}" if places else exception_type


def _place(frame: tuple[str, int, str], app: str) -> str:
	"""A frame as a path from its package (family_safeguarding/statutory/daily.py), never a
	machine's folders."""
	filename, line, function = frame
	parts = PurePath(filename).parts
	roots = [i for i, part in enumerate(parts) if part in (app, "frappe")]
	path = "/".join(parts[roots[-1] :] if roots else parts[-2:])
	return f"{path}:{line} ({function})"


def late_since(last_success_ended: datetime | None, watched_since: datetime) -> datetime:
	"""From when a job's lateness counts: its last success, or when the watch began."""
	return last_success_ended or watched_since


def is_late(last_success_ended: datetime | None, watched_since: datetime, now: datetime) -> bool:
	return now - late_since(last_success_ended, watched_since) > timedelta(hours=DAILY_JOB_LATE_AFTER_HOURS)


def job_health(
	last_status: str | None,
	last_started: datetime | None,
	last_success_ended: datetime | None,
	watched_since: datetime,
	now: datetime,
) -> tuple[str, str]:
	"""(health status, reason) of a daily job from its last run and its last success."""
	if last_status == FAILED_RUN:
		return FAILED, LAST_RUN_FAILED
	if is_late(last_success_ended, watched_since, now):
		return FAILED, NO_RECENT_SUCCESS
	if last_status == RUNNING:
		if now - last_started > timedelta(hours=RUNNING_TOO_LONG_HOURS):
			return WARNING, RUNNING_TOO_LONG
		return OK, STILL_RUNNING
	if last_status is None:
		return WARNING, NEVER_RUN
	return OK, SUCCEEDED


def outage_to_notify(
	last_success_ended: datetime | None,
	watched_since: datetime,
	last_notified: datetime | None,
	now: datetime,
) -> bool:
	"""Whether to tell the System Managers now: the job is late, and they have not been told since
	its last success. Once per outage, however often the check runs; again after a recovery."""
	if not is_late(last_success_ended, watched_since, now):
		return False
	return last_notified is None or last_notified < late_since(last_success_ended, watched_since)


def queue_health(queued: int, failed: int, workers: int) -> str:
	"""A background queue: no worker means nothing on it runs; failed jobs or a long backlog warn."""
	if not workers:
		return FAILED
	if failed or queued >= QUEUE_BACKLOG_WARNING:
		return WARNING
	return OK


def retention_cutoff(now: datetime) -> datetime:
	"""Run records that started before this are deleted."""
	return now - timedelta(days=JOB_RUN_RETENTION_DAYS)
