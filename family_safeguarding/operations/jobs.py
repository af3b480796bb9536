"""The app's scheduled jobs as hooks.py names them: each runs its job through record_run, so that
every run is kept (runs.py)."""

import frappe
from frappe.utils import now_datetime

from family_safeguarding.operations.runs import JOB_RUN, record_run
from family_safeguarding.rules.operations import AUDIT_RETENTION_JOB, DAILY_STATUTORY_JOB, MEMBER_AGES_JOB

# What each watched job runs, and the entry point hooks.py schedules for it.
JOB_FUNCTIONS = {
	DAILY_STATUTORY_JOB: "family_safeguarding.statutory.daily.run_daily",
	MEMBER_AGES_JOB: "family_safeguarding.family_records.doctype.member.member.refresh_ages",
	AUDIT_RETENTION_JOB: "family_safeguarding.audit.retention.delete_expired_audit",
}
SCHEDULED_ENTRY_POINTS = {
	DAILY_STATUTORY_JOB: "family_safeguarding.operations.jobs.daily_statutory_job",
	MEMBER_AGES_JOB: "family_safeguarding.operations.jobs.member_ages_job",
	AUDIT_RETENTION_JOB: "family_safeguarding.operations.jobs.audit_retention_job",
}


def daily_statutory_job():
	"""Due dates, overdue flags and their notifications, legal status (statutory/daily.py)."""
	return record_run(
		DAILY_STATUTORY_JOB,
		frappe.get_attr(JOB_FUNCTIONS[DAILY_STATUTORY_JOB]),
		count_raised=lambda result: (result or {}).get("notified"),
	)


def member_ages_job():
	return record_run(MEMBER_AGES_JOB, frappe.get_attr(JOB_FUNCTIONS[MEMBER_AGES_JOB]))


def audit_retention_job():
	"""Audit and refusal rows older than the retention period in Settings, and only those (audit/retention.py)."""
	return record_run(AUDIT_RETENTION_JOB, frappe.get_attr(JOB_FUNCTIONS[AUDIT_RETENTION_JOB]))


def watched_since(job: str):
	"""When the scheduler was first given the job's entry point (Frappe makes its Scheduled Job
	Type on install or migrate): a job is late from then if it has never succeeded."""
	return (
		frappe.db.get_value("Scheduled Job Type", {"method": SCHEDULED_ENTRY_POINTS[job]}, "creation")
		or next(
			iter(frappe.get_all(JOB_RUN, {"job": job}, pluck="started", order_by="started", limit=1)), None
		)
		or now_datetime()
	)
