"""A record of each run of a watched job (Safeguarding Job Run), kept for JOB_RUN_RETENTION_DAYS."""

import sys
import traceback
from collections.abc import Callable

import frappe
from frappe.utils import now_datetime

from family_safeguarding.rules.operations import (
	FAILED_RUN,
	RUNNING,
	SUCCESS,
	error_summary,
	retention_cutoff,
)

JOB_RUN = "Safeguarding Job Run"


def record_run(job: str, run: Callable[[], object], count_raised: Callable[[object], int] | None = None):
	"""Run `run` and keep a record of it: started, ended, Success or Failed, a summary of the error
	that carries no record's values, and (with `count_raised`) the overdue items it raised.

	A failure is re-raised, so that Frappe's scheduler logs it too (with the full traceback, for 7
	days). What the failed run wrote is rolled back before its record is kept, as the scheduler
	would roll it back anyway."""
	record = frappe.get_doc({"doctype": JOB_RUN, "job": job, "status": RUNNING, "started": now_datetime()})
	record.insert(ignore_permissions=True)
	frappe.db.commit()  # a run that is killed part-way stays visible as Running
	try:
		result = run()
	except Exception:
		frappe.db.rollback()
		exception_type, _value, trace = sys.exc_info()
		frames = [(frame.filename, frame.lineno, frame.name) for frame in traceback.extract_tb(trace)]
		record.db_set(
			{
				"status": FAILED_RUN,
				"ended": now_datetime(),
				"error_summary": error_summary(exception_type.__name__, frames, "family_safeguarding"),
			}
		)
		prune_job_runs()
		frappe.db.commit()
		raise
	record.db_set(
		{
			"status": SUCCESS,
			"ended": now_datetime(),
			"overdue_items_raised": count_raised(result) if count_raised else 0,
		}
	)
	prune_job_runs()
	frappe.db.commit()
	return result


def prune_job_runs() -> None:
	frappe.db.delete(JOB_RUN, {"started": ("<", retention_cutoff(now_datetime()))})


def last_run(job: str, status: str | None = None):
	"""The latest record of `job` (of that status, when given), or None."""
	filters = {"job": job, **({"status": status} if status else {})}
	rows = frappe.get_all(
		JOB_RUN,
		filters=filters,
		fields=[
			"name",
			"status",
			"started",
			"ended",
			"error_summary",
			"overdue_items_raised",
			"notified_users",
		],
		order_by="started desc",
		limit=1,
	)
	return rows[0] if rows else None
