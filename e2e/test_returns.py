"""The statutory returns as the Performance Analyst makes them in the desk, on a desk screen and on a
phone: the Children in Need census of the demo data (which the DfE's rules must pass) and Ofsted's
Annex A for the last six months; and a social worker refused both. The returns are made by the
site's background worker, as on a live site."""

import time
from datetime import date, timedelta

PHONE = {"width": 390, "height": 844}
WAIT_SECONDS = 300


def last_complete_census_year(today: date) -> int:
	"""The year end of the last census year (1 April to 31 March) that has ended."""
	return today.year if today.month >= 4 else today.year - 1


def wait_until_made(desk, doctype: str, name: str) -> dict:
	"""The return once its background work has ended, as its form shows it."""
	deadline = time.monotonic() + WAIT_SECONDS
	while time.monotonic() < deadline:
		record = desk.api("GET", f"/api/resource/{doctype}/{name}")["data"]
		if record["status"] not in ("Queued", "Running"):
			desk.goto(f"/app/{doctype.lower().replace(' ', '-')}/{name}")
			desk.page.wait_for_function(
				"(status) => window.cur_frm && cur_frm.doc.status === status", arg=record["status"]
			)
			return record
		time.sleep(3)
	raise AssertionError(
		f"{doctype} {name} was still being made after {WAIT_SECONDS} s: is a worker running?"
	)


def test_analyst_makes_the_demo_census_and_the_validator_finds_no_error(desk):
	analyst = desk("analyst")
	year = last_complete_census_year(date.today())
	analyst.goto("/app/cin-census-return/new")
	analyst.fill("year", str(year))
	analyst.save()
	made = wait_until_made(analyst, "CIN Census Return", analyst.saved()["name"])
	assert made["status"] == "Ready", made.get("outcome")
	assert made["structure_ok"] and made["errors_count"] == 0, made["findings"]
	assert made["children_count"] > 0 and made["file"].startswith("/private/files/")
	assert {finding["kind"] for finding in made["findings"]} <= {"Query"}, made["findings"]
	analyst.shot("census-ready-desk")
	analyst.page.set_viewport_size(PHONE)
	analyst.goto(f"/app/cin-census-return/{made['name']}")
	analyst.page.wait_for_function("() => window.cur_frm && cur_frm.doc.status === 'Ready'")
	analyst.shot("census-ready-phone")


def test_analyst_makes_annex_a_for_six_months(desk):
	analyst = desk("analyst")
	today = date.today()
	analyst.goto("/app/annex-a-return/new")
	analyst.fill("from_date", (today - timedelta(days=182)).strftime("%d-%m-%Y"))
	analyst.fill("to_date", today.strftime("%d-%m-%Y"))
	analyst.save()
	made = wait_until_made(analyst, "Annex A Return", analyst.saved()["name"])
	assert made["status"] == "Ready", made
	assert made["workbook"].startswith("/private/files/") and made["workbook"].endswith(".xlsx")
	assert sum(row["rows"] for row in made["lists"]) > 0, made["lists"]
	analyst.shot("annex-a-ready-desk")
	analyst.page.set_viewport_size(PHONE)
	analyst.goto(f"/app/annex-a-return/{made['name']}")
	analyst.page.wait_for_function("() => window.cur_frm && cur_frm.doc.status === 'Ready'")
	analyst.shot("annex-a-ready-phone")


def test_a_social_worker_is_refused_the_returns(desk):
	worker = desk("north.social.worker1")
	for route, doctype in (("cin-census-return", "CIN Census Return"), ("annex-a-return", "Annex A Return")):
		worker.goto(f"/app/{route}/new")
		assert not worker.page.evaluate("(doctype) => frappe.model.can_create(doctype)", doctype)
		# the desk says no such page to a user with no right on the DocType, naming nothing else
		assert "not found" in worker.message().lower()
		worker.shot(f"{route}-refused")
		worker.close_message()
		response = worker.context.request.get(f"{worker.base}/api/resource/{doctype}")
		assert response.status == 403, (doctype, response.status)
