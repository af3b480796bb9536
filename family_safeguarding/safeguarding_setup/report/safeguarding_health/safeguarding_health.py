# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

"""Is the app's background work running? One row per check, OK, Warning or Failed: the scheduler,
each scheduled job the app watches (its last run and last success, from the run records that
outlive Frappe's 7-day log), the background queues, the overdue statutory items open now, and the
last outage notification. For System Managers only; it names no family, child or worker, only counts.

`bench --site SITE execute family_safeguarding.safeguarding_setup.report.safeguarding_health.safeguarding_health.checks`
prints the same rows, for a monitor outside the site (the scheduler cannot report its own stop)."""

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime

from family_safeguarding.operations.jobs import watched_since
from family_safeguarding.operations.runs import JOB_RUN, last_run
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.rules import operations
from family_safeguarding.rules.operations import (
	DAILY_JOB_LATE_AFTER_HOURS,
	DAILY_STATUTORY_JOB,
	FAILED,
	JOB_RUN_RETENTION_DAYS,
	MISSED,
	OK,
	SUCCESS,
	WARNING,
	WATCHED_JOBS,
)
from family_safeguarding.statutory.daily import OPEN_RECORDS


def execute(filters=None):
	# the report's roles say the same; this holds should someone add an FS role to them
	if not is_outside_protocol(frappe.session.user):
		raise frappe.PermissionError(_("Only a System Manager may run the Safeguarding Health report."))
	return columns(), checks()


def columns() -> list[dict]:
	return [
		{"fieldname": "check", "label": _("Check"), "fieldtype": "Data", "width": 260},
		{"fieldname": "status", "label": _("Status"), "fieldtype": "Data", "width": 100},
		{"fieldname": "detail", "label": _("Detail"), "fieldtype": "Small Text", "width": 700},
	]


def row(check: str, status: str, detail: str) -> dict:
	return {"check": check, "status": status, "detail": detail}


def checks(now=None) -> list[dict]:
	now = now or now_datetime()
	return [
		scheduler_check(),
		*(job_check(job, now) for job in WATCHED_JOBS),
		*queue_checks(),
		overdue_check(),
		notification_check(),
		retention_check(),
	]


def scheduler_check() -> dict:
	from frappe.utils.scheduler import is_scheduler_disabled, is_scheduler_inactive

	if is_scheduler_disabled(verbose=False):
		return row(
			_("Scheduler"),
			FAILED,
			_(
				"The scheduler is disabled for this site: no scheduled job runs, and no outage notification "
				"can be sent. Run: bench --site {0} enable-scheduler"
			).format(frappe.local.site),
		)
	if is_scheduler_inactive(verbose=False):
		return row(
			_("Scheduler"),
			WARNING,
			_("The scheduler is paused (maintenance mode or pause_scheduler in the site config)."),
		)
	return row(_("Scheduler"), OK, _("Enabled."))


def job_check(job: str, now) -> dict:
	last, success = last_run_of(job), last_run(job, SUCCESS)
	since = watched_since(job)
	status, reason = operations.job_health(
		last.status if last else None,
		last.started if last else None,
		success.ended if success else None,
		since,
		now,
	)
	said = {
		operations.LAST_RUN_FAILED: _("The last run, started {0}, failed: {1}.").format(
			when(last and last.started), last and last.error_summary
		),
		operations.NO_RECENT_SUCCESS: _("No successful run for more than {0} hours.").format(
			DAILY_JOB_LATE_AFTER_HOURS
		),
		operations.RUNNING_TOO_LONG: _(
			"Marked Running since {0}: the run was probably stopped (a worker restarted, or the job timed out)."
		).format(when(last and last.started)),
		operations.STILL_RUNNING: _("Running since {0}.").format(when(last and last.started)),
		operations.NEVER_RUN: _("Not run yet since it was set up on {0}.").format(when(since)),
		operations.SUCCEEDED: _("The last run succeeded."),
	}[reason]
	details = [said]
	if last and reason not in (operations.LAST_RUN_FAILED, operations.NEVER_RUN):
		details.append(_("Last run: {0}, started {1}.").format(_(last.status), when(last.started)))
	details.append(
		_("Last success: ended {0}.").format(when(success.ended)) if success else _("No successful run kept.")
	)
	if job == DAILY_STATUTORY_JOB and success:
		details.append(_("It raised {0} new overdue item(s).").format(success.overdue_items_raised))
	return row(_(job), status, " ".join(details))


def last_run_of(job: str):
	"""The latest run of the job (a Missed record is a notification, not a run)."""
	rows = frappe.get_all(
		JOB_RUN,
		filters={"job": job, "status": ("!=", MISSED)},
		fields=["name", "status", "started", "ended", "error_summary"],
		order_by="started desc",
		limit=1,
	)
	return rows[0] if rows else None


def queue_checks() -> list[dict]:
	from frappe.utils.background_jobs import get_queue, get_queue_list, get_workers

	try:
		rows = []
		for queue_type in get_queue_list():
			queue = get_queue(queue_type)
			queued, failed = queue.count, queue.failed_job_registry.count
			running, workers = queue.started_job_registry.count, len(get_workers(queue))
			rows.append(
				row(
					_("Background queue: {0}").format(queue_type),
					operations.queue_health(queued, failed, workers),
					_(
						"{0} waiting, {1} running, {2} failed, {3} worker(s) listening (every site of this bench)."
					).format(queued, running, failed, workers),
				)
			)
		return rows
	except Exception as error:  # Redis down: the view still shows everything else
		return [
			row(
				_("Background queues"),
				FAILED,
				_("The queue server cannot be reached ({0}).").format(type(error).__name__),
			)
		]


def overdue_check() -> dict:
	counts = {
		doctype: frappe.db.count(doctype, {"workflow_state": ("in", states), "is_overdue": 1})
		for doctype, (_refresh, states) in OPEN_RECORDS.items()
	}
	last_alert = frappe.get_all(
		"Notification Log",
		filters={"type": "Alert", "document_type": ("in", list(OPEN_RECORDS))},
		pluck="creation",
		order_by="creation desc",
		limit=1,
	)
	detail = _("{0} open record(s) with overdue items: {1}.").format(
		sum(counts.values()), ", ".join(f"{_(doctype)} {count}" for doctype, count in counts.items())
	)
	detail += " " + (
		_("Last overdue alert to a social worker or team manager: {0}.").format(when(last_alert[0]))
		if last_alert
		else _("No overdue alert sent yet.")
	)
	return row(_("Overdue statutory items"), OK, detail)


def notification_check() -> dict:
	notice, success = last_run(DAILY_STATUTORY_JOB, MISSED), last_run(DAILY_STATUTORY_JOB, SUCCESS)
	if not notice:
		return row(_("Outage notification"), OK, _("None sent."))
	sent = _("Last sent {0} to {1} System Manager(s).").format(when(notice.started), notice.notified_users)
	if success and success.ended > notice.started:
		return row(_("Outage notification"), OK, sent + " " + _("The daily job has succeeded since."))
	return row(_("Outage notification"), WARNING, sent + " " + _("The daily job has not succeeded since."))


def retention_check() -> dict:
	oldest = frappe.get_all(JOB_RUN, pluck="started", order_by="started", limit=1)
	kept = (
		_("{0} kept, the oldest started {1}.").format(frappe.db.count(JOB_RUN), when(oldest[0]))
		if oldest
		else _("None kept yet.")
	)
	return row(
		_("Job run records"),
		OK,
		kept + " " + _("The jobs delete those older than {0} days.").format(JOB_RUN_RETENTION_DAYS),
	)


def when(value) -> str:
	return format_datetime(value) if value else _("never")
