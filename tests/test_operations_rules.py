import json
from datetime import datetime, timedelta
from pathlib import Path

from family_safeguarding.rules.operations import (
	DAILY_JOB_LATE_AFTER_HOURS,
	FAILED,
	FAILED_RUN,
	LAST_RUN_FAILED,
	NEVER_RUN,
	NO_RECENT_SUCCESS,
	OK,
	QUEUE_BACKLOG_WARNING,
	RUN_STATUSES,
	RUNNING,
	RUNNING_TOO_LONG,
	STILL_RUNNING,
	SUCCEEDED,
	SUCCESS,
	WARNING,
	WATCHED_JOBS,
	error_summary,
	job_health,
	outage_to_notify,
	queue_health,
	retention_cutoff,
)

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"
NOW = datetime(2026, 3, 10, 9, 0)
SET_UP = datetime(2026, 1, 5, 12, 0)


def hours_ago(hours: float) -> datetime:
	return NOW - timedelta(hours=hours)


def test_the_error_summary_keeps_the_type_and_the_place_never_the_message():
	frames = [
		("/home/frappe/frappe-bench/apps/frappe/frappe/utils/background_jobs.py", 180, "execute_job"),
		(
			"/home/frappe/frappe-bench/apps/family_safeguarding/family_safeguarding/statutory/daily.py",
			42,
			"run_daily",
		),
		("/home/frappe/frappe-bench/apps/frappe/frappe/model/document.py", 305, "insert"),
	]
	summary = error_summary("DuplicateEntryError", frames, "family_safeguarding")
	assert summary == (
		"DuplicateEntryError at frappe/model/document.py:305 (insert) "
		"< family_safeguarding/statutory/daily.py:42 (run_daily)"
	)
	assert "home" not in summary  # no machine's folders
	# raised in the app's own code: one place
	assert error_summary("KeyError", frames[:2], "family_safeguarding") == (
		"KeyError at family_safeguarding/statutory/daily.py:42 (run_daily)"
	)
	assert error_summary("KeyError", [], "family_safeguarding") == "KeyError"


def test_a_daily_job_is_ok_after_a_recent_success():
	assert job_health(SUCCESS, hours_ago(3), hours_ago(2.9), SET_UP, NOW) == (OK, SUCCEEDED)
	assert job_health(RUNNING, hours_ago(1), hours_ago(24), SET_UP, NOW) == (OK, STILL_RUNNING)


def test_a_failed_last_run_is_failed_even_after_a_recent_success():
	assert job_health(FAILED_RUN, hours_ago(1), hours_ago(24), SET_UP, NOW) == (FAILED, LAST_RUN_FAILED)


def test_no_success_for_more_than_the_limit_is_failed():
	late = DAILY_JOB_LATE_AFTER_HOURS + 1
	assert job_health(SUCCESS, hours_ago(late), hours_ago(late), SET_UP, NOW) == (FAILED, NO_RECENT_SUCCESS)
	assert job_health(None, None, None, hours_ago(late), NOW) == (FAILED, NO_RECENT_SUCCESS)


def test_a_job_not_run_yet_or_stuck_warns():
	assert job_health(None, None, None, hours_ago(2), NOW) == (WARNING, NEVER_RUN)
	assert job_health(RUNNING, hours_ago(7), hours_ago(20), SET_UP, NOW) == (WARNING, RUNNING_TOO_LONG)


def test_an_outage_is_notified_once_and_again_after_a_recovery():
	success = hours_ago(27)
	assert not outage_to_notify(hours_ago(25), SET_UP, None, NOW)
	assert outage_to_notify(success, SET_UP, None, NOW)
	# told an hour ago, about this outage: not again
	assert not outage_to_notify(success, SET_UP, hours_ago(1), NOW)
	# told about an earlier outage, before the last success: this is a new one
	assert outage_to_notify(success, SET_UP, hours_ago(100), NOW)
	# never succeeded since it was set up: once
	assert outage_to_notify(None, hours_ago(30), None, NOW)
	assert not outage_to_notify(None, hours_ago(30), hours_ago(3), NOW)


def test_a_queue_without_a_worker_fails_and_one_with_failed_jobs_or_a_backlog_warns():
	assert queue_health(0, 0, 2) == OK
	assert queue_health(3, 0, 0) == FAILED
	assert queue_health(0, 1, 2) == WARNING
	assert queue_health(QUEUE_BACKLOG_WARNING, 0, 2) == WARNING


def test_runs_are_kept_400_days():
	assert retention_cutoff(NOW) == NOW - timedelta(days=400)


def test_the_job_run_doctype_offers_the_rules_jobs_and_statuses():
	path = APP / "safeguarding_setup/doctype/safeguarding_job_run/safeguarding_job_run.json"
	fields = {field["fieldname"]: field for field in json.loads(path.read_text())["fields"]}
	assert fields["job"]["options"].split("\n") == list(WATCHED_JOBS)
	assert fields["status"]["options"].split("\n") == list(RUN_STATUSES)
	permissions = json.loads(path.read_text())["permissions"]
	assert [p["role"] for p in permissions] == ["System Manager"]
	assert not any(p.get(right) for p in permissions for right in ("create", "write", "delete"))
