"""What a social worker, a police officer, a mental health practitioner and a recovery worker do in
the desk, through its forms and lists."""

import random

from conftest import RUN, family_named

from family_safeguarding.rules.identifiers import format_nhs_number, nhs_number_check_digit

ASHWORTH = "Ashworth household"  # the social worker's family the police officer is allocated to
CHOWDHURY = "Chowdhury household"  # the social worker's family with the mental health practitioner


def valid_nhs_number() -> str:
	while True:
		first_nine = "9" + "".join(random.choice("0123456789") for _ in range(8))
		check = nhs_number_check_digit(first_nine)
		if check is not None:
			return first_nine + str(check)


def open_family_from_list(desk, family_name: str):
	desk.goto("/app/family")
	desk.page.locator(".list-row-container .list-subject a", has_text=family_name).first.click()
	desk.page.wait_for_url("**/app/family/FAM-*")
	desk.settle()


def test_social_worker_adds_a_member_and_a_goal(desk):
	sw = desk("north.social.worker1")
	open_family_from_list(sw, ASHWORTH)
	assert sw.doc()["family_name"] == ASHWORTH
	sw.shot("family-found-from-the-list")

	sw.page.get_by_role("button", name="Add Member").click()
	sw.page.wait_for_url("**/app/member/new**")
	sw.settle()
	sw.select("member_type", "Child")
	sw.fill("first_name", f"Robin{RUN}")
	sw.fill("last_name", "Ashworth")
	sw.fill("date_of_birth", "01-03-2022")
	nhs = valid_nhs_number()
	wrong = nhs[:-1] + str((int(nhs[-1]) + 1) % 10)
	sw.fill("nhs_number", wrong)
	sw.save()
	message = sw.message()
	assert "NHS Number" in message and "check digit" in message, message
	sw.shot("invalid-nhs-number-refused")
	sw.close_message()
	assert sw.page.url.endswith("/new") or "new-member" in sw.page.url, "a refused member was saved"

	sw.fill("nhs_number", nhs)
	sw.save()
	sw.saved()
	member = sw.doc()
	assert member["nhs_number"] == nhs and member["is_child"] == 1
	sw.shot("member-saved")

	sw.goto(f"/app/goal/new?family={member['family']}&member={member['name']}")
	sw.fill("goal", f"Robin goes to nursery every day ({RUN})")
	sw.fill("start_date", "01-09-2026")
	sw.add_row("reviews", {"review_date": "01-10-2026", "score": "3"}, selects={"scale": "Progress"})
	sw.save()
	sw.saved()
	points_before = sw.chart_points()
	assert points_before == 1, points_before
	sw.shot("goal-with-one-review")

	sw.add_row("reviews", {"review_date": "01-11-2026", "score": "6"}, selects={"scale": "Progress"})
	sw.save()
	sw.saved()
	assert sw.chart_points() == 2
	goal = sw.doc()
	assert (goal["baseline_score"], goal["latest_score"]) == (3, 6)
	sw.shot("chart-shows-the-second-review")


def test_police_officer_writes_a_summary_and_police_information_and_finds_no_health(desk):
	police = desk("north.police")
	open_family_from_list(police, ASHWORTH)
	family = police.doc()["name"]
	page_text = police.page.locator(".form-layout").inner_text()
	assert "Health Information" not in page_text
	police.shot("family-without-health-information")

	# this month's chapter: written new, or added to when an earlier run of these tests wrote it
	own = police.api(
		"GET",
		"/api/resource/Practitioner Summary?filters="
		f'[["family","=","{family}"],["owner","=","{police.user}"],["period_start","=","2026-11-01"]]',
	)["data"]
	if own:
		police.goto(f"/app/practitioner-summary/{own[0]['name']}")
	else:
		police.goto(f"/app/practitioner-summary/new?family={family}")
		police.fill("period_start", "01-11-2026")
		police.fill("period_end", "30-11-2026")
	police.fill("work_undertaken", f"Joint visit with the social worker ({RUN}).")
	police.fill("direct_work_minutes", "90")
	police.fill("recording_minutes", "20")
	police.save()
	police.saved()
	assert police.doc()["worker"], "the summary is not the officer's own"
	police.shot("summary-saved")

	police.goto(f"/app/police-information/new?family={family}")
	police.fill("recorded_on", "20-11-2026")
	police.fill("information", f"Call-out to the address, no arrest ({RUN}).")
	police.save()
	police.saved()
	police.shot("police-information-saved")

	# Health Information: not in the workspace, not openable, not in the search bar
	police.goto("/app/family-safeguarding")
	assert "Health Information" not in police.page.locator(".layout-main").inner_text()
	police.shot("workspace-without-health-information")
	police.goto("/app/health-information")
	assert police.page.locator(".list-row-container").count() == 0
	police.shot("health-information-refused")


def test_mental_health_practitioner_writes_health_information_and_finds_no_police(desk):
	mh = desk("north.mental.health")
	open_family_from_list(mh, CHOWDHURY)
	family = mh.doc()["name"]
	assert "Police Information" not in mh.page.locator(".form-layout").inner_text()
	mh.shot("family-without-police-information")

	mh.goto(f"/app/health-information/new?family={family}")
	mh.fill("recorded_on", "18-11-2026")
	mh.fill("information", f"Attended the perinatal clinic; mood improving ({RUN}).")
	mh.save()
	mh.saved()
	mh.shot("health-information-saved")

	mh.goto("/app/family-safeguarding")
	assert "Police Information" not in mh.page.locator(".layout-main").inner_text()
	mh.goto("/app/police-information")
	assert mh.page.locator(".list-row-container").count() == 0
	mh.shot("police-information-refused")


def test_recovery_worker_accepts_a_referral_to_their_agency(desk):
	sw = desk("north.social.worker1")
	ashworth = family_named(sw, ASHWORTH)
	referral = sw.api(
		"POST",
		"/api/resource/Referral",
		{
			"family": ashworth,
			"to_agency": "Hartshire Recovery Partnership",
			"reason": "Parental Alcohol Misuse",
			"consent": "Given",
			"consent_date": "2026-11-20",
			"details": f"Father asks for help with his drinking ({RUN}).",
		},
	)["data"]
	sw.api(
		"POST",
		"/api/method/frappe.model.workflow.apply_workflow",
		{"doc": referral, "action": "Send"},
	)

	recovery = desk("north.recovery")
	recovery.goto("/app/referral?workflow_state=Sent")
	recovery.shot("referrals-waiting")
	recovery.goto(f"/app/referral/{referral['name']}")
	recovery.shot("referral-received")
	recovery.action("Accept")
	assert recovery.doc()["workflow_state"] == "Accepted"
	recovery.shot("referral-accepted")
