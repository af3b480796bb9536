"""What a team manager and an administrator do in the desk."""

from conftest import RUN, family_named

NORTH_TEAM = "North Family Safeguarding Team"
FLETCHER = "Fletcher household"  # one child, so one risk judgement to record


def test_team_manager_holds_a_group_supervision_and_submits_it(desk):
	tm = desk("north.manager")
	family = family_named(tm, FLETCHER)
	tm.goto(f"/app/group-supervision/new?family={family}")
	tm.fill("decisions", f"Keep the plan; the recovery work goes on ({RUN}).")
	tm.select("recommendation", "No Change")
	tm.add_row(
		"risks",
		{"rationale": "Mother engaging with recovery; relapse risk remains."},
		selects={"level": "Medium"},
		links={"member": "Harley"},
	)
	tm.save()
	tm.saved()
	saved = tm.doc()
	assert saved["attendees"], "the allocated workers were not listed as attendees"
	tm.shot("supervision-saved-with-its-attendees")

	tm.page.get_by_role("button", name="Submit").first.click()
	tm.page.locator(".modal.show .btn-primary", has_text="Yes").click()
	tm.settle()
	assert tm.doc()["docstatus"] == 1
	tm.shot("supervision-submitted")


def test_team_manager_takes_a_plan_from_strategy_discussion_to_active_plan(desk):
	sw = desk("north.social.worker1")
	family = family_named(sw, "Evans household")
	# a child of this run, so that no earlier run's open plan stands in the way
	child = sw.api(
		"POST",
		"/api/resource/Member",
		{
			"family": family,
			"member_type": "Child",
			"first_name": f"Rosie{RUN}",
			"last_name": "Evans",
			"date_of_birth": "2020-06-01",
		},
	)["data"]["name"]
	plan = sw.api(
		"POST",
		"/api/resource/Child Protection Plan",
		{"member": child, "strategy_discussion_date": "2026-11-02", "section_47_start": "2026-11-03"},
	)["data"]

	tm = desk("north.manager")
	tm.goto(f"/app/child-protection-plan/{plan['name']}")
	tm.shot("strategy-discussion")
	tm.action("Start Enquiry")
	assert tm.doc()["workflow_state"] == "Section 47 Enquiry"
	tm.fill("icpc_date", "20-11-2026")
	tm.save()
	tm.action("Book Conference")
	assert tm.doc()["workflow_state"] == "Conference Scheduled"
	tm.shot("conference-scheduled")

	tm.action("Start Plan")
	message = tm.message()
	assert "Initial Category" in message and "Plan Start" in message, message
	tm.shot("start-plan-refused-until-the-data-is-recorded")
	tm.close_message()

	tm.select("initial_category", "NEG - Neglect")
	tm.fill("plan_start", "20-11-2026")
	tm.save()
	tm.action("Start Plan")
	assert tm.doc()["workflow_state"] == "Active Plan"
	tm.shot("active-plan")


def test_team_manager_prints_the_case_summary_for_court_to_pdf(desk):
	tm = desk("north.manager")
	family = family_named(tm, "Ashworth household")
	query = f"doctype=Family&name={family}&format=Case%20Summary%20for%20Court"
	tm.goto(f"/printview?{query}")
	body = tm.page.locator("body").inner_text()
	assert "Social work evidence" in body and "Ashworth household" in body
	tm.shot("case-summary-print-view")
	pdf = tm.context.request.get(f"{tm.base}/api/method/frappe.utils.print_format.download_pdf?{query}")
	assert pdf.ok, pdf.status
	assert pdf.headers["content-type"].startswith("application/pdf")
	assert pdf.body().startswith(b"%PDF")


def test_administrator_adds_an_agency_and_a_worker_whose_user_gets_the_role(desk):
	admin = desk("administrator")
	agency = f"E2E Recovery Service {RUN}"
	admin.goto("/app/agency/new")
	admin.fill("agency_name", agency)
	admin.select("agency_type", "Recovery Service")
	admin.save()
	admin.saved()
	admin.shot("agency-added")

	email = f"e2e.worker.{RUN}@demo.family-safeguarding.example.org"
	admin.goto("/app/agency-worker/new")
	admin.page.get_by_role("button", name="Create User").click()
	dialog = ".modal.show"
	admin.field("email", dialog).locator("input").fill(email)
	admin.field("first_name", dialog).locator("input").fill("Eddie")
	admin.field("last_name", dialog).locator("input").fill(f"Worker {RUN}")
	admin.page.locator(f"{dialog} .btn-primary", has_text="Create").click()
	admin.settle()
	assert admin.doc()["user"] == email
	admin.link("agency", agency)
	admin.link("team", NORTH_TEAM)
	admin.select("specialism", "Recovery Worker")
	admin.save()
	admin.saved()
	admin.shot("worker-added")

	site_admin = desk("Administrator")
	roles = {row["role"] for row in site_admin.api("GET", f"/api/resource/User/{email}")["data"]["roles"]}
	assert "FS Recovery Worker" in roles, roles
