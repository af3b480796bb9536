"""Operations an IT team can watch: each run of the daily jobs kept (and a failure in it), the
Safeguarding Health report for System Managers only, and the notification when the daily statutory
job has stopped (docs/administrators/operations.md)."""

from datetime import timedelta

import frappe
from frappe.desk.query_report import run as run_report
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_to_date, get_datetime, now_datetime

from family_safeguarding.operations import jobs, outage
from family_safeguarding.operations.runs import JOB_RUN, prune_job_runs, record_run
from family_safeguarding.rules.operations import (
	DAILY_STATUTORY_JOB,
	FAILED,
	FAILED_RUN,
	JOB_RUN_RETENTION_DAYS,
	MISSED,
	SUCCESS,
)
from family_safeguarding.rules.superusers import SYSTEM_MANAGER
from family_safeguarding.tests.builders import new_user
from family_safeguarding.tests.utils import PASSWORD, HttpSession, as_user, email, make_people

HEALTH = "Safeguarding Health"
# What a failing job's message might carry: it must not reach the run record.
CHILD_NAME = "Ellie-Mae Pemberton"
FAILED_RUN_WROTE = "Written by a run that then failed " + frappe.generate_hash(length=8)


class ChildNamedError(ValueError):
	pass


def fail_naming_a_child():
	# what the run wrote before it failed is rolled back
	frappe.get_doc({"doctype": "ToDo", "description": FAILED_RUN_WROTE}).insert(ignore_permissions=True)
	raise ChildNamedError(f"Duplicate entry '{CHILD_NAME}' for key 'full_name'")


def health_rows(user: str) -> dict[str, dict]:
	with as_user(user):
		return {row["check"]: row for row in run_report(HEALTH)["result"]}


_it_administrator = []


def it_administrator() -> str:
	"""This run's IT administrator: a System Manager with no FS role, made once for the module."""
	if not _it_administrator:
		_it_administrator.append(
			new_user(email("ops_it"), "Ops", "Administrator", PASSWORD, roles=[SYSTEM_MANAGER])
		)
		frappe.db.commit()
	return _it_administrator[0]


class OperationsTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.it_admin = it_administrator()

	def setUp(self):
		self.made_runs = set(frappe.get_all(JOB_RUN, pluck="name"))
		self.addCleanup(self.delete_runs_made)

	def delete_runs_made(self):
		made = set(frappe.get_all(JOB_RUN, pluck="name")) - self.made_runs
		if made:
			frappe.db.delete("Notification Log", {"document_type": JOB_RUN, "document_name": ("in", made)})
			frappe.db.delete("Email Queue", {"reference_doctype": JOB_RUN, "reference_name": ("in", made)})
			frappe.db.delete(JOB_RUN, {"name": ("in", made)})
		frappe.db.commit()


class TestJobRuns(OperationsTestCase):
	def test_a_failed_run_is_kept_without_its_message_and_the_health_report_shows_it_failed(self):
		started = now_datetime()
		with self.assertRaises(ChildNamedError):  # re-raised, for Frappe's scheduler log
			record_run(DAILY_STATUTORY_JOB, fail_naming_a_child)
		(run,) = frappe.get_all(
			JOB_RUN,
			filters={"job": DAILY_STATUTORY_JOB, "started": (">=", started.replace(microsecond=0))},
			fields=["status", "started", "ended", "error_summary"],
		)
		self.assertEqual(run.status, FAILED_RUN)
		self.assertIsNotNone(run.ended)
		self.assertIn("ChildNamedError at family_safeguarding/tests/test_operations.py:", run.error_summary)
		self.assertIn("(fail_naming_a_child)", run.error_summary)
		self.assertNotIn("Pemberton", run.error_summary)
		self.assertNotIn("Duplicate entry", run.error_summary)
		self.assertFalse(frappe.db.exists("ToDo", {"description": FAILED_RUN_WROTE}))

		row = health_rows(self.it_admin)[DAILY_STATUTORY_JOB]
		self.assertEqual(row["status"], FAILED)
		self.assertIn("failed: ChildNamedError", row["detail"])
		self.assertNotIn("Pemberton", frappe.as_json(health_rows(self.it_admin)))

	def test_a_run_of_the_daily_job_is_kept_with_the_overdue_items_it_raised(self):
		result = jobs.daily_statutory_job()  # the scheduled entry point, on this site's records
		(run,) = frappe.get_all(
			JOB_RUN,
			filters={"job": DAILY_STATUTORY_JOB, "name": ("not in", self.made_runs)},
			fields=["status", "overdue_items_raised", "started", "ended"],
		)
		self.assertEqual(run.status, SUCCESS)
		self.assertEqual(run.overdue_items_raised, result["notified"])
		self.assertLessEqual(run.started, run.ended)
		rows = health_rows(self.it_admin)
		self.assertEqual(rows[DAILY_STATUTORY_JOB]["status"], "OK", rows[DAILY_STATUTORY_JOB])
		self.assertIn(
			f"It raised {result['notified']} new overdue item(s).", rows[DAILY_STATUTORY_JOB]["detail"]
		)
		self.assertEqual(rows["Overdue statutory items"]["status"], "OK")
		self.assertIn("open record(s) with overdue items", rows["Overdue statutory items"]["detail"])

	def test_the_scheduler_row_follows_system_settings(self):
		original = frappe.db.get_single_value("System Settings", "enable_scheduler")
		try:
			frappe.db.set_single_value("System Settings", "enable_scheduler", 0)
			self.assertEqual(health_rows(self.it_admin)["Scheduler"]["status"], FAILED)
			frappe.db.set_single_value("System Settings", "enable_scheduler", 1)
			expected = "Warning" if frappe.conf.maintenance_mode or frappe.conf.pause_scheduler else "OK"
			self.assertEqual(health_rows(self.it_admin)["Scheduler"]["status"], expected)
		finally:
			frappe.db.set_single_value("System Settings", "enable_scheduler", original)
			frappe.db.commit()

	def test_runs_older_than_the_retention_are_pruned_by_the_job(self):
		now = now_datetime()
		old, kept = (
			frappe.get_doc(
				{
					"doctype": JOB_RUN,
					"job": DAILY_STATUTORY_JOB,
					"status": SUCCESS,
					"started": add_to_date(now, days=-days),
					"ended": add_to_date(now, days=-days),
				}
			)
			.insert(ignore_permissions=True)
			.name
			for days in (JOB_RUN_RETENTION_DAYS + 1, JOB_RUN_RETENTION_DAYS - 1)
		)
		record_run(DAILY_STATUTORY_JOB, lambda: None)
		self.assertFalse(frappe.db.exists(JOB_RUN, old))
		self.assertTrue(frappe.db.exists(JOB_RUN, kept))
		prune_job_runs()
		self.assertTrue(frappe.db.exists(JOB_RUN, kept))

	def test_hooks_schedule_the_recording_entry_points(self):
		hooks = frappe.get_hooks("scheduler_events")
		self.assertIn("family_safeguarding.operations.jobs.daily_statutory_job", hooks["daily"])
		self.assertIn("family_safeguarding.operations.jobs.member_ages_job", hooks["daily"])
		self.assertNotIn("family_safeguarding.statutory.daily.run_daily", hooks["daily"])
		self.assertIn("family_safeguarding.operations.outage.check_daily_job", hooks["hourly"])


class TestOutageNotification(OperationsTestCase):
	def last_success(self):
		record_run(DAILY_STATUTORY_JOB, lambda: {"notified": 0}, count_raised=lambda r: r["notified"])
		return get_datetime(
			frappe.get_all(
				JOB_RUN,
				filters={"job": DAILY_STATUTORY_JOB, "status": SUCCESS},
				pluck="ended",
				order_by="started desc",
				limit=1,
			)[0]
		)

	def notifications(self, user):
		return frappe.get_all(
			"Notification Log",
			filters={"for_user": user, "document_type": JOB_RUN},
			fields=["subject", "document_name", "link"],
		)

	def test_no_success_for_27_hours_tells_the_system_managers_once(self):
		ended = self.last_success()
		self.assertIsNone(outage.check_daily_job(now=ended + timedelta(hours=25)))
		self.assertEqual(self.notifications(self.it_admin), [])

		missed = outage.check_daily_job(now=ended + timedelta(hours=27))
		self.assertTrue(missed)
		self.assertEqual(frappe.db.get_value(JOB_RUN, missed, "status"), MISSED)
		(notice,) = self.notifications(self.it_admin)
		self.assertEqual(notice.document_name, missed)
		self.assertIn("has not completed successfully since", notice.subject)
		self.assertEqual(notice.link, "/app/query-report/Safeguarding Health")
		for manager in frappe.utils.user.get_system_managers(only_name=True):
			self.assertTrue(
				frappe.db.exists("Notification Log", {"for_user": manager, "document_name": missed}),
				manager,
			)

		# the hourly check again, and the next hour: still one notification for this outage
		self.assertIsNone(outage.check_daily_job(now=ended + timedelta(hours=27)))
		self.assertIsNone(outage.check_daily_job(now=ended + timedelta(hours=28)))
		self.assertEqual(len(self.notifications(self.it_admin)), 1)
		self.assertEqual(health_rows(self.it_admin)["Outage notification"]["status"], "Warning")

	def test_with_outgoing_email_set_up_the_notification_is_queued_as_an_email_too(self):
		ended = self.last_success()
		frappe.local.conf.mail_server = "smtp.invalid"
		try:
			missed = outage.check_daily_job(now=ended + timedelta(hours=27))
		finally:
			del frappe.local.conf["mail_server"]
		queued = frappe.get_all(
			"Email Queue",
			filters={"reference_doctype": JOB_RUN, "reference_name": missed},
			pluck="name",
		)
		self.assertEqual(len(queued), 1)
		recipients = frappe.get_all("Email Queue Recipient", {"parent": queued[0]}, pluck="recipient")
		self.assertIn(self.it_admin, recipients)


class TestHealthReportIsForSystemManagersOnly(OperationsTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()

	def test_it_is_refused_to_a_team_manager_and_run_by_a_system_manager(self):
		path = "/api/method/frappe.desk.query_report.run"
		response = HttpSession(self.people.users["tm_a"]).get(path, {"report_name": HEALTH})
		self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertNotIn("result", response.json.get("message") or {})
		with as_user(self.people.users["tm_a"]), self.assertRaises(frappe.PermissionError):
			from family_safeguarding.safeguarding_setup.report.safeguarding_health import (
				safeguarding_health,
			)

			safeguarding_health.execute()
		response = HttpSession(self.it_admin).get(path, {"report_name": HEALTH})
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		checks = {row["check"] for row in response.json["message"]["result"]}
		self.assertTrue({"Scheduler", DAILY_STATUTORY_JOB, "Outage notification"} <= checks, checks)
