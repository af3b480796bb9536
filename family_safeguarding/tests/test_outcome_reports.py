"""The outcome reports on a small data set built by hand, each figure checked against the number
worked out below; and who may run which report.

The records are written straight to the database (`db_insert`), because they stand for what the
forms and the daily job leave behind, with dates and states chosen for the arithmetic; each run
uses a team of its own, so the figures do not depend on what else the site holds.
"""

import json

import frappe
from frappe.desk.query_report import run
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_days, today

from family_safeguarding.tests.builders import new_member, this_run
from family_safeguarding.tests.utils import CHILDRENS_SERVICES as CHILDRENS_SERVICES_OF_THE_TEST
from family_safeguarding.tests.utils import HttpSession, as_user, make_people, raw_insert

RECOVERY_AGENCY = this_run("FS Report Recovery Service")
NHS_AGENCY = this_run("FS Report NHS Trust")
CHILDRENS_SERVICES = this_run("FS Report Children's Services")
POLICE_AGENCY = this_run("FS Report Police")


def new_agency(name: str, agency_type: str) -> None:
	raw_insert({"doctype": "Agency", "agency_name": name, "agency_type": agency_type, "is_active": 1})


def report(name: str, user: str = "Administrator", **filters) -> list[dict]:
	with as_user(user):
		return run(name, filters=filters)["result"]


def by(rows: list[dict], key: str) -> dict:
	return {row[key]: row for row in rows}


class TestAggregateReports(FrappeTestCase):
	"""One team, three families, three workers and their records (figures worked out per test)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.team = f"FS Report Team {frappe.generate_hash(length=6)}"
		raw_insert({"doctype": "Family Safeguarding Team", "team_name": cls.team, "is_active": 1})
		for name, agency_type in (
			(CHILDRENS_SERVICES, "Children's Services"),
			(POLICE_AGENCY, "Police"),
			(RECOVERY_AGENCY, "Recovery Service"),
			(NHS_AGENCY, "NHS Mental Health Trust"),
		):
			new_agency(name, agency_type)
		cls.w1 = cls.worker("Report Worker One", "Social Worker", CHILDRENS_SERVICES, 2)
		cls.w2 = cls.worker("Report Worker Two", "Social Worker", CHILDRENS_SERVICES, 1)
		cls.w3 = cls.worker("Report Worker Three", "Police Domestic Abuse Officer", POLICE_AGENCY, 0)
		cls.manager = cls.worker("Report Manager", "Team Manager", CHILDRENS_SERVICES, 0)
		yesterday = add_days(today(), -1)
		cls.f1 = cls.family(
			"1", "2024-06-01", [(cls.w1, None), (cls.w2, None), (cls.w3, yesterday)], status="Open"
		)
		cls.f2 = cls.family("2", "2025-02-10", [(cls.w1, None), (cls.w2, None)], status="Open")
		cls.f3 = cls.family("3", "2024-01-01", [(cls.w1, None)], status="Closed", closed_on="2025-01-20")
		cls.f1_children = [
			new_member(cls.f1, "Child", "Reportchild-One", "One", date_of_birth="2016-05-01"),
			new_member(cls.f1, "Child", "Reportchild-Two", "Two", date_of_birth="2019-05-01"),
		]
		new_member(cls.f1, "Parent", "Reportparent", "One", date_of_birth="1988-05-01")
		cls.f2_child = new_member(cls.f2, "Child", "Reportchild", "Three", date_of_birth="2020-05-01")
		new_member(cls.f3, "Child", "Reportchild", "Four", date_of_birth="2015-05-01")
		cls.make_plans()
		cls.make_summaries()
		cls.make_goals()
		cls.make_referrals()

	@classmethod
	def worker(cls, full_name, specialism, agency, limit):
		return raw_insert(
			{
				"doctype": "Agency Worker",
				"full_name": full_name,
				"team": cls.team,
				"agency": agency,
				"specialism": specialism,
				"is_active": 1,
				"caseload_limit": limit,
			}
		)

	@classmethod
	def family(cls, key, opened_on, allocations, **fields):
		return raw_insert(
			{
				"doctype": "Family",
				"family_name": f"Report Household {key}",
				"team": cls.team,
				"opened_on": opened_on,
				"allocations": [
					{"worker": worker, "from_date": "2024-01-01", "to_date": to_date}
					for worker, to_date in allocations
				],
				**fields,
			}
		)

	@classmethod
	def plan(cls, **fields):
		return raw_insert(
			{"doctype": "Child Protection Plan", "family": cls.f1, "member": cls.f1_children[0], **fields}
		)

	@classmethod
	def make_goals(cls):
		def goal(family, member, issue, start, scores, status="Active"):
			return raw_insert(
				{
					"doctype": "Goal",
					"family": family,
					"member": member,
					"goal": "Report goal",
					"priority_issue": issue,
					"start_date": start,
					"status": status,
					"baseline_score": scores[0],
					"latest_score": scores[-1],
				}
			)

		goal(cls.f1, cls.f1_children[0], "Domestic Abuse", "2025-02-01", (2, 6), "Achieved")
		goal(cls.f1, cls.f1_children[1], "Domestic Abuse", "2025-03-01", (5, 4))
		goal(cls.f2, cls.f2_child, "Parental Alcohol Misuse", "2025-04-01", (3,))
		goal(cls.f2, cls.f2_child, "Domestic Abuse", "2024-05-01", (1, 9))  # before the period

	@classmethod
	def make_referrals(cls):
		def referral(agency, sent_on, state, responded_on=None, first_appointment_on=None):
			return raw_insert(
				{
					"doctype": "Referral",
					"family": cls.f1,
					"to_agency": agency,
					"workflow_state": state,
					"sent_on": sent_on,
					"responded_on": responded_on,
					"first_appointment_on": first_appointment_on,
				}
			)

		# Sent on Monday 3 March 2025: an answer is due within 5 working days, by 10 March.
		referral(RECOVERY_AGENCY, "2025-03-03", "Engaged", "2025-03-05", "2025-03-13")
		referral(RECOVERY_AGENCY, "2025-03-03", "Declined", "2025-03-20")
		referral(RECOVERY_AGENCY, "2025-04-01", "Sent")
		referral(RECOVERY_AGENCY, "2024-12-02", "Accepted", "2024-12-03")  # before the period
		referral(NHS_AGENCY, "2025-05-05", "Closed", "2025-05-06", "2025-05-19")

	def test_caseload(self):
		# Worker One: families 1 and 2 (family 3 is closed), 3 children, limit 2: 100%.
		# Worker Two: families 1 and 2 against a limit of 1: 200%, over. Worker Three's allocation
		# ended yesterday: nothing.
		rows = by(report("Caseload", team=self.team), "worker_name")
		self.assertEqual(set(rows), {"Report Worker One", "Report Worker Two", "Report Worker Three"})
		one, two, three = (
			rows["Report Worker One"],
			rows["Report Worker Two"],
			rows["Report Worker Three"],
		)
		self.assertEqual((one.families, one.children, one.percent_of_limit, one.over_limit), (2, 3, 100.0, 0))
		self.assertEqual((two.families, two.children, two.percent_of_limit, two.over_limit), (2, 3, 200.0, 1))
		self.assertEqual((three.families, three.children, three.percent_of_limit), (0, 0, None))
		# the team manager holds no caseload, unless asked for by specialism
		managers = report("Caseload", team=self.team, specialism="Team Manager")
		self.assertEqual([row.worker_name for row in managers], ["Report Manager"])
		police_only = report("Caseload", team=self.team, specialism="Police Domestic Abuse Officer")
		self.assertEqual([row.worker_name for row in police_only], ["Report Worker Three"])

	@classmethod
	def make_plans(cls):
		# P1: a plan since 2022, reviewed late in March 2025 and in time in August 2025.
		cls.plan(
			workflow_state="Active Plan",
			plan_start="2022-01-10",
			icpc_date="2022-01-05",
			icpc_due="2022-01-06",
			first_core_group_due="2022-01-19",
			initial_category="NEG - Neglect",
			core_groups=[{"meeting_date": "2022-02-01"}],
			reviews=[
				{"review_date": "2022-04-01", "outcome": "Continue Plan"},
				{"review_date": "2025-03-01", "outcome": "Continue Plan"},  # due 1 Oct 2022: late
				{"review_date": "2025-08-20", "outcome": "Continue Plan"},  # due 1 Sep 2025: in time
			],
			next_review_due="2026-02-20",
			next_visit_due="2099-01-01",
		)
		# P2: a second plan for the child; ICPC and first core group in time, review late, visit late.
		cls.plan(
			workflow_state="Active Plan",
			previous_plans=1,
			plan_start="2025-02-01",
			icpc_date="2025-01-20",
			icpc_due="2025-01-25",
			first_core_group_due="2025-02-05",
			initial_category="PHY - Physical abuse",
			core_groups=[{"meeting_date": "2025-02-03"}],
			reviews=[{"review_date": "2025-04-25", "outcome": "Continue Plan"}],  # due 20 Apr: late
			next_review_due="2025-10-25",
			next_visit_due="2025-06-01",
		)
		# P3: ICPC late, first core group late, ended within three months.
		cls.plan(
			workflow_state="Plan Ended",
			plan_start="2025-03-01",
			plan_end="2025-05-01",
			icpc_date="2025-02-20",
			icpc_due="2025-02-10",
			first_core_group_due="2025-03-06",
			initial_category="NEG - Neglect",
			core_groups=[{"meeting_date": "2025-03-10"}],
		)
		# P4: ended in June 2025 after more than two years.
		cls.plan(
			workflow_state="Plan Ended",
			plan_start="2023-01-01",
			plan_end="2025-06-01",
			icpc_date="2022-12-20",
			icpc_due="2022-12-28",
			first_core_group_due="2023-01-10",
			initial_category="EMO - Emotional abuse",
			core_groups=[{"meeting_date": "2023-01-09"}],
		)
		# P5: ended before the period; P6: no plan; P7: an enquiry whose ICPC is overdue.
		cls.plan(workflow_state="Plan Ended", plan_start="2024-01-01", plan_end="2024-12-01")
		cls.plan(workflow_state="Closed - No Plan")
		cls.plan(workflow_state="Section 47 Enquiry", icpc_due="2025-03-01", is_overdue=1)
		# P8: started in November 2025, no core group yet and its due date has passed.
		cls.plan(
			workflow_state="Active Plan",
			plan_start="2025-11-01",
			icpc_date="2025-11-01",
			icpc_due="2025-11-05",
			first_core_group_due="2025-11-14",
			initial_category="SAB - Sexual abuse",
			next_review_due="2099-01-01",
			next_visit_due="2099-01-01",
		)

	def test_child_protection_outcomes(self):
		settings = frappe.get_single("Family Safeguarding Settings")
		previous_population = settings.child_population
		frappe.db.set_single_value("Family Safeguarding Settings", "child_population", 20000)
		try:
			rows = report(
				"Child Protection Outcomes", team=self.team, from_date="2025-01-01", to_date="2025-12-31"
			)
		finally:
			frappe.db.set_single_value(
				"Family Safeguarding Settings", "child_population", previous_population
			)
		figures = {row["measure"]: (row["value"], row["percent"]) for row in rows}
		# open at the end: P1, P2, P8; started: P2, P3, P8 (P2 a second plan); ended: P3 (within
		# three months), P4 (after two years); open two years or more: P1.
		self.assertEqual(figures["Children on a plan at the end of the period"], (3, None))
		self.assertEqual(figures["Rate per 10,000 children"], (1.5, None))
		self.assertEqual(figures["Plans started"], (3, None))
		self.assertEqual(figures["Second or subsequent plans started"], (1, 33.3))
		self.assertEqual(figures["Plans ended"], (2, None))
		self.assertEqual(figures["Plans ended after two years or more"], (1, 50.0))
		self.assertEqual(figures["Plans ended within three months"], (1, 50.0))
		self.assertEqual(figures["Plans open for two years or more at the end"], (1, 33.3))
		self.assertEqual(figures["Started under category NEG - Neglect"], (1, 33.3))
		self.assertEqual(figures["Started under category PHY - Physical abuse"], (1, 33.3))
		self.assertEqual(figures["Started under category SAB - Sexual abuse"], (1, 33.3))
		self.assertEqual(figures["Started under category EMO - Emotional abuse"], (0, 0.0))

	def test_statutory_timeliness(self):
		rows = report("Statutory Timeliness", team=self.team, from_date="2025-01-01", to_date="2025-12-31")
		figures = [(r["due"], r["on_time"], r["late"], r["percent_on_time"], r["overdue_now"]) for r in rows]
		self.assertEqual(
			figures,
			[
				(3, 2, 1, 66.7, 1),  # ICPC: P2 and P8 in time, P3 late; P7's overdue
				(3, 1, 2, 33.3, 1),  # first core group: P2 in time, P3 late, P8 none yet (overdue)
				(3, 1, 2, 33.3, 2),  # reviews in 2025: P1 late and in time, P2 late; P1, P2 overdue
				(3, 2, 1, 66.7, 1),  # visits today: P1 and P8 in time, P2 overdue
			],
		)

	def test_goal_progress(self):
		rows = by(
			report("Goal Progress", team=self.team, from_date="2025-01-01", to_date="2025-12-31"),
			"priority_issue",
		)
		self.assertEqual(set(rows), {"Domestic Abuse", "Parental Alcohol Misuse"})
		abuse, alcohol = rows["Domestic Abuse"], rows["Parental Alcohol Misuse"]
		self.assertEqual((abuse.goals, abuse.scored, abuse.improved, abuse.achieved), (2, 2, 1, 1))
		self.assertEqual((float(abuse.baseline), float(abuse.latest), float(abuse.change)), (3.5, 5.0, 1.5))
		self.assertEqual(abuse.percent_improved, 50.0)
		self.assertEqual((alcohol.goals, alcohol.improved, float(alcohol.change)), (1, 0, 0.0))
		self.assertEqual(alcohol.percent_improved, 0.0)

	def test_referral_response(self):
		rows = by(
			report("Referral Response", team=self.team, from_date="2025-01-01", to_date="2025-12-31"),
			"agency",
		)
		recovery, nhs = rows[RECOVERY_AGENCY], rows[NHS_AGENCY]
		self.assertEqual(
			(recovery["sent"], recovery["accepted"], recovery["declined"], recovery["awaiting"]), (3, 1, 1, 1)
		)
		self.assertEqual(recovery["acceptance_rate"], 50.0)
		self.assertEqual(recovery["response_days"], 9.5)  # 2 and 17 days
		self.assertEqual(recovery["answered_in_time"], 50.0)
		self.assertEqual(recovery["waiting_days"], 10.0)
		self.assertEqual((nhs["sent"], nhs["accepted"], nhs["acceptance_rate"]), (1, 1, 100.0))
		self.assertEqual(
			(nhs["response_days"], nhs["answered_in_time"], nhs["waiting_days"]), (1.0, 100.0, 14.0)
		)

	@classmethod
	def make_summaries(cls):
		def summary(worker, specialism, family, start, end, direct, recording):
			raw_insert(
				{
					"doctype": "Practitioner Summary",
					"family": family,
					"worker": worker,
					"specialism": specialism,
					"period_start": start,
					"period_end": end,
					"direct_work_minutes": direct,
					"recording_minutes": recording,
				}
			)

		summary(cls.w1, "Social Worker", cls.f1, "2025-01-01", "2025-01-31", 120, 30)
		summary(cls.w2, "Social Worker", cls.f1, "2025-01-01", "2025-01-31", 60, 60)
		summary(cls.w3, "Police Domestic Abuse Officer", cls.f1, "2025-01-01", "2025-01-31", 90, 90)
		summary(cls.w1, "Social Worker", cls.f2, "2025-02-01", "2025-02-28", 60, 30)

	def test_workbook_rhythm(self):
		for family, meeting_date, docstatus in (
			(self.f1, "2025-01-15", 1),
			(self.f1, "2025-01-28", 1),  # a second in the month counts the family once
			(self.f2, "2025-02-20", 1),
			(self.f1, "2025-03-10", 0),  # a draft is not a supervision held
		):
			raw_insert(
				{
					"doctype": "Group Supervision",
					"family": family,
					"meeting_date": meeting_date,
					"docstatus": docstatus,
				}
			)
		rows = report("Workbook Rhythm", team=self.team, from_date="2025-01-01", to_date="2025-03-31")
		# open: January families 1 and 3 (closed 20 January), February and March families 1 and 2.
		self.assertEqual(
			[
				(r["month"], r["open_families"], r["supervised"], r["percent_supervised"], r["summaries"])
				for r in rows
			],
			[("Jan 2025", 2, 1, 50.0, 3), ("Feb 2025", 2, 1, 50.0, 1), ("Mar 2025", 2, 0, 0.0, 0)],
		)
		self.assertEqual([r["summaries_per_family"] for r in rows], [1.5, 0.5, 0.0])

	def test_time_use(self):
		period = {"team": self.team, "from_date": "2025-01-01", "to_date": "2025-12-31"}
		rows = by(report("Time Use", **period), "grouping")
		social_work, police = rows["Social Worker"], rows["Police Domestic Abuse Officer"]
		self.assertEqual(
			(
				social_work.workers,
				social_work.summaries,
				social_work.direct_hours,
				social_work.recording_hours,
			),
			(2, 3, 4.0, 2.0),
		)
		self.assertEqual(social_work.direct_share, 66.7)
		self.assertEqual(
			(police.workers, police.direct_hours, police.recording_hours, police.direct_share),
			(1, 1.5, 1.5, 50.0),
		)
		team = report("Time Use", group_by="Team", **period)
		self.assertEqual([(r.grouping, r.summaries, r.direct_share) for r in team], [(self.team, 4, 61.1)])
		self.assertEqual(len(report("Time Use", group_by="Worker", **period)), 3)

	def test_headline_measures_agree_with_their_reports(self):
		(row,) = report("Headline Measures", team=self.team, from_date="2025-01-01", to_date="2025-12-31")
		# on plans today: P1, P2, P8; overdue: P7; goals: 1 of 3 scored improved (the goal of
		# 2024 is outside the period); waits of 10 and 14 days to a first appointment.
		self.assertEqual(row["children_on_plans"], 3)
		self.assertEqual(row["overdue_items"], 1)
		self.assertEqual(row["goals_improving"], 33.3)
		self.assertEqual(row["referral_waiting_days"], 12.0)

	def test_a_period_that_ends_before_it_starts_is_refused(self):
		with self.assertRaisesRegex(frappe.ValidationError, "To Date is before the From Date"):
			report("Goal Progress", from_date="2025-02-01", to_date="2025-01-01")


class TestWhoRunsWhichReport(FrappeTestCase):
	"""Named lists follow the row-level rule; aggregate reports are for managers, social workers
	and performance staff; practitioners run neither."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.u = cls.people.users
		frappe.set_user("Administrator")
		cls.cases = {}
		for key in ("a1", "a2", "b1"):
			cls.cases[key] = raw_insert(
				{
					"doctype": "PLO Case",
					"family": cls.people.families[key],
					"title": f"Report PLO {key}",
					"workflow_state": "Pre-Proceedings",
					"letter_before_proceedings": add_days(today(), -140),
					"weeks_in_pre_proceedings": 20,
					"is_overdue": 1,
					"overdue_items": "End of pre-proceedings",
				}
			)
		frappe.db.commit()  # the HTTP request below reads committed data

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for name in cls.cases.values():
			frappe.db.delete("PLO Case", name)
		frappe.db.commit()
		super().tearDownClass()

	def names(self, report_name, user, key="plo_case", **filters):
		return {row[key] for row in report(report_name, user, **filters)} & set(self.cases.values())

	def test_named_lists_follow_the_row_level_rule(self):
		c = self.cases
		self.assertEqual(self.names("PLO Tracker", self.u.tm_a), {c["a1"], c["a2"]})
		self.assertEqual(self.names("PLO Tracker", self.u.sw_a1), {c["a1"]})
		self.assertEqual(self.names("PLO Tracker", self.u.tm_b), {c["b1"]})
		self.assertEqual(self.names("Overdue Statutory Work", self.u.sw_a1, key="record"), {c["a1"]})
		self.assertEqual(self.names("Overdue Statutory Work", self.u.tm_a, key="record"), {c["a1"], c["a2"]})

	def test_a_referral_to_the_users_agency_does_not_put_its_family_on_their_list(self):
		# sw_a1 reads a referral sent to their agency (the receiving-agency clause), not its family
		referral = raw_insert(
			{
				"doctype": "Referral",
				"family": self.people.families.b1,
				"to_agency": CHILDRENS_SERVICES_OF_THE_TEST,
				"workflow_state": "Sent",
				"sent_on": add_days(today(), -30),
				"is_overdue": 1,
				"overdue_items": "Response to the referral",
			}
		)
		try:
			self.assertTrue(frappe.has_permission("Referral", "read", doc=referral, user=self.u.sw_a1))
			listed = {row["record"] for row in report("Overdue Statutory Work", self.u.sw_a1)}
			self.assertNotIn(referral, listed)
		finally:
			frappe.db.delete("Referral", referral)

	def test_practitioners_and_performance_staff_cannot_run_a_named_list(self):
		for user in (self.u.police_a, self.u.mh_a, self.u.bs_a, self.u.analyst, self.u.admin):
			for report_name in ("PLO Tracker", "Overdue Statutory Work"):
				with self.subTest(user=user, report=report_name), self.assertRaises(frappe.PermissionError):
					report(report_name, user)

	def test_aggregate_reports_are_for_managers_social_workers_and_analysts(self):
		for user in (self.u.tm_a, self.u.sw_a1, self.u.analyst):
			with self.subTest(user=user):
				# one row whatever the site holds
				self.assertEqual(len(report("Headline Measures", user)), 1)
		for user in (self.u.police_a, self.u.recovery_a, self.u.admin):
			with self.subTest(user=user), self.assertRaises(frappe.PermissionError):
				report("Caseload", user)

	def test_over_http_a_social_worker_sees_only_their_own_cases(self):
		response = HttpSession(self.u.sw_a1).get(
			"/api/method/frappe.desk.query_report.run", {"report_name": "PLO Tracker", "filters": {}}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		names = {row["plo_case"] for row in response.json["message"]["result"] if isinstance(row, dict)}
		self.assertEqual(names & set(self.cases.values()), {self.cases["a1"]})


class TestWorkspaceOutcomes(FrappeTestCase):
	"""The workspace's number cards, charts and report shortcuts reach only the roles that may run
	the reports behind them."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.u = make_people().users

	def page(self, user) -> dict:
		from frappe.desk.desktop import get_desktop_page

		frappe.cache.delete_keys("user_allowed_modules")
		frappe.cache.delete_keys("user_perm_can_read")
		with as_user(user):
			frappe.clear_cache(user=user)
			return get_desktop_page(
				json.dumps({"name": "Family Safeguarding", "title": "Family Safeguarding"})
			)

	def test_cards_and_charts_for_those_who_run_the_reports(self):
		for key in ("tm_a", "sw_a1", "analyst"):
			with self.subTest(user=key):
				page = self.page(self.u[key])
				self.assertEqual(len(page["number_cards"]["items"]), 4)
				self.assertEqual(len(page["charts"]["items"]), 4)
				reports = {s.link_to for s in page["shortcuts"]["items"] if s.type == "Report"}
				self.assertIn("Headline Measures", reports)
		for key in ("police_a", "mh_a", "bs_a"):
			with self.subTest(user=key):
				page = self.page(self.u[key])
				self.assertEqual(page["number_cards"]["items"], [])
				self.assertEqual(page["charts"]["items"], [])
				reports = {s.link_to for s in page["shortcuts"]["items"] if s.type == "Report"}
				self.assertFalse(reports & {"Caseload", "PLO Tracker", "Headline Measures"})

	def test_the_analyst_sees_no_case_list_in_the_workspace(self):
		# the teams, and the returns the analyst makes; no case DocType, and not the import
		page = self.page(self.u.analyst)
		doctypes = {s.link_to for s in page["shortcuts"]["items"] if s.type == "DocType"}
		self.assertEqual(doctypes, {"Family Safeguarding Team", "CIN Census Return", "Annex A Return"})
		reports = {s.link_to for s in page["shortcuts"]["items"] if s.type == "Report"}
		self.assertFalse(reports & {"PLO Tracker", "Overdue Statutory Work", "Record Access History"})
