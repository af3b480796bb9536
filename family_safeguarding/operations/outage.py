"""The hourly check: when the daily statutory job has not completed successfully for more than
DAILY_JOB_LATE_AFTER_HOURS, tell every enabled System Manager, once per outage.

Without the daily job no due date is recomputed and no overdue item reaches a social worker, and
nothing else on the site says so. The check runs in the same scheduler as the job, so it cannot
report a scheduler that is switched off or has no worker: the Safeguarding Health report shows that,
and docs/administrators/operations.md says how to watch it from outside."""

import frappe
from frappe import _
from frappe.utils import format_datetime, now_datetime
from frappe.utils.user import get_system_managers

from family_safeguarding.operations.jobs import watched_since
from family_safeguarding.operations.runs import JOB_RUN, last_run
from family_safeguarding.rules.operations import (
	DAILY_JOB_LATE_AFTER_HOURS,
	DAILY_STATUTORY_JOB,
	MISSED,
	SUCCESS,
	late_since,
	outage_to_notify,
)

HEALTH_REPORT_LINK = "/app/query-report/Safeguarding Health"


def check_daily_job(now=None) -> str | None:
	"""Scheduled hourly. Returns the name of the Missed record when it told the System Managers.
	`now` is for tests that look at a day without a successful run."""
	now = now or now_datetime()
	success = last_run(DAILY_STATUTORY_JOB, SUCCESS)
	last_success_ended = success.ended if success else None
	since = watched_since(DAILY_STATUTORY_JOB)
	notice = last_run(DAILY_STATUTORY_JOB, MISSED)
	if not outage_to_notify(last_success_ended, since, notice.started if notice else None, now):
		return None
	return notify_outage(late_since(last_success_ended, since), succeeded_before=bool(success), now=now)


def notify_outage(since, succeeded_before: bool, now) -> str:
	"""Keep a Missed record, and tell every enabled System Manager by a Notification Log (the bell),
	and by e-mail through Frappe's queue where an outgoing e-mail account is set up."""
	users = get_system_managers(only_name=True) or ["Administrator"]
	record = frappe.get_doc(
		{
			"doctype": JOB_RUN,
			"job": DAILY_STATUTORY_JOB,
			"status": MISSED,
			"started": now,
			"ended": now,
			"notified_users": len(users),
		}
	).insert(ignore_permissions=True)
	subject = outage_subject(since, succeeded_before)
	for user in users:
		frappe.get_doc(
			{
				"doctype": "Notification Log",
				"type": "Alert",
				"for_user": user,
				"from_user": "Administrator",
				"subject": subject,
				"document_type": JOB_RUN,
				"document_name": record.name,
				"link": HEALTH_REPORT_LINK,
			}
		).insert(ignore_permissions=True)
	recipients = [email for email in frappe.get_all("User", {"name": ("in", users)}, pluck="email") if email]
	if recipients and outgoing_email_is_set_up():
		frappe.sendmail(
			recipients=recipients,
			subject=subject,
			message=subject
			+ "<br><br>"
			+ _("Open the Safeguarding Health report: {0}").format(frappe.utils.get_url(HEALTH_REPORT_LINK)),
			reference_doctype=JOB_RUN,
			reference_name=record.name,
			delayed=True,
		)
	frappe.db.commit()
	return record.name


def outage_subject(since, succeeded_before: bool) -> str:
	if succeeded_before:
		what = _("The daily statutory job has not completed successfully since {0} (more than {1} hours).")
	else:
		what = _(
			"The daily statutory job has not completed successfully since it was set up on {0} (more than {1} hours)."
		)
	return (
		what.format(format_datetime(since), DAILY_JOB_LATE_AFTER_HOURS)
		+ " "
		+ _("Due dates and overdue alerts to social workers are not being updated.")
	)


def outgoing_email_is_set_up() -> bool:
	from frappe.email.doctype.email_account.email_account import EmailAccount

	return bool(
		frappe.db.exists("Email Account", {"enable_outgoing": 1, "default_outgoing": 1})
		or EmailAccount.find_from_config()
	)
