"""What the IT administrator and a team manager see of the app's oversight: the health view, who read
a child's record, and a PDF from the print page, on a desk screen and on a phone."""

from conftest import family_named

PHONE = {"width": 390, "height": 844}
FLETCHER = "Fletcher household"


def report_rows(desk) -> list[dict]:
	desk.page.wait_for_function("() => frappe.query_report && frappe.query_report.data")
	desk.settle()
	return desk.page.evaluate("() => frappe.query_report.data")


def test_it_administrator_reads_the_health_view_on_desk_and_phone(desk):
	it = desk("it.administrator")
	it.goto("/app/query-report/Safeguarding Health")
	checks = {row["check"]: row["status"] for row in report_rows(it)}
	assert any("Daily Statutory Job" in check for check in checks), checks
	assert any("Scheduler" in check for check in checks), checks
	assert set(checks.values()) <= {"OK", "Warning", "Failed"}, checks
	it.shot("health-desk")
	it.page.set_viewport_size(PHONE)
	it.goto("/app/query-report/Safeguarding Health")
	assert report_rows(it)
	it.shot("health-phone")


def test_a_practitioner_is_refused_the_health_view(desk):
	worker = desk("north.social.worker1")
	worker.goto("/app/query-report/Safeguarding Health")
	assert "for System Managers only" in worker.message()
	assert not worker.page.evaluate("() => (frappe.query_report && frappe.query_report.data) || []")
	worker.shot("health-refused")


def test_team_manager_sees_their_own_reading_in_record_access_history(desk):
	tm = desk("north.manager")
	family = family_named(tm, FLETCHER)
	tm.goto(f"/app/family/{family}")
	members = tm.api("GET", f'/api/resource/Member?filters=[["family","=","{family}"]]')["data"]
	assert members
	member = members[0]["name"]
	tm.goto(f"/app/query-report/Record Access History?member={member}")
	rows = report_rows(tm)
	reads = {
		(row["record_type"], row["how"]) for row in rows if row["user"] == tm.user and row["action"] == "Read"
	}
	assert ("Family", "Form") in reads, reads
	tm.shot("access-history-desk")
	tm.page.set_viewport_size(PHONE)
	tm.goto(f"/app/query-report/Record Access History?member={member}")
	assert report_rows(tm)
	tm.shot("access-history-phone")


def test_team_manager_makes_a_pdf_from_the_print_page_without_an_error(desk):
	tm = desk("north.manager")
	family = family_named(tm, FLETCHER)
	tm.goto(f"/app/print/Family/{family}")
	# the PDF opens in a new tab; its response says whether a PDF was made (the tab's own load event
	# comes late or not at all in headless Chromium when the machine is busy)
	with (
		tm.context.expect_page() as opened,
		tm.context.expect_event("response", lambda r: "download_pdf" in r.url, timeout=60000) as made,
	):
		tm.page.locator(".page-actions button, .page-head button", has_text="PDF").first.click()
	pdf = opened.value
	assert made.value.status == 200, made.value.status
	assert made.value.headers.get("content-type", "").startswith("application/pdf"), made.value.headers
	tm.settle()
	# the print page asks whether wkhtmltopdf is the patched build first: it may warn that it is not
	# (Debian's build, on a development bench), but no refusal may pop up
	shown = " ".join(tm.page.locator(".modal.show").all_inner_texts())
	assert "Not permitted" not in shown and "not allowed" not in shown, shown
	assert "download_pdf" in pdf.url
	tm.shot("pdf-from-print-page")


def corrections(desk) -> list[dict]:
	settings = desk.api("GET", "/api/resource/Family Safeguarding Settings/Family Safeguarding Settings")
	return settings["data"]["bank_holiday_corrections"]


def test_administrator_corrects_the_bank_holidays_and_a_weekend_day_is_refused(desk):
	admin = desk("administrator")
	before = corrections(admin)
	admin.goto("/app/family-safeguarding-settings")
	# Saturday 5 December 2026: never a working day, so the row would change nothing
	admin.add_row(
		"bank_holiday_corrections",
		{"holiday_date": "05-12-2026", "reason": "E2E: a weekend"},
		selects={"change": "Add"},
	)
	admin.save()
	shown = admin.message()
	assert "Bank Holiday Corrections, row #1: Date" in shown and "weekend" in shown, shown
	admin.shot("weekend-day-refused")
	assert corrections(admin) == before  # nothing saved

	admin.close_message()
	admin.goto("/app/family-safeguarding-settings")
	admin.add_row(
		"bank_holiday_corrections",
		{"holiday_date": "07-12-2026", "reason": "E2E: a day announced this year"},
		selects={"change": "Add"},
	)
	admin.save()
	admin.saved()
	admin.shot("bank-holiday-added")
	assert [(row["holiday_date"], row["change"]) for row in corrections(admin)] == [("2026-12-07", "Add")]

	site_admin = desk("Administrator")  # put the demo's Settings back as they were
	site_admin.api(
		"PUT",
		"/api/resource/Family Safeguarding Settings/Family Safeguarding Settings",
		{"bank_holiday_corrections": before},
	)
	assert corrections(site_admin) == before
