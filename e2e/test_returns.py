"""The statutory returns as the Performance Analyst makes them in the desk, on a desk screen and on a
phone: the Children in Need census of the demo data (which the DfE's rules must pass) and Ofsted's
Annex A for the last six months; a social worker refused both; and the IT administrator importing
a census file, a dry run and then for real. The returns and imports are made by the site's
background worker, as on a live site."""

import time
from datetime import date, timedelta

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1400, "height": 1000}
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
			desk.goto(form_route(doctype, name))
			desk.page.wait_for_function(
				"(status) => window.cur_frm && cur_frm.doc.status === status", arg=record["status"]
			)
			return record
		time.sleep(3)
	raise AssertionError(
		f"{doctype} {name} was still being made after {WAIT_SECONDS} s: is a worker running?"
	)


def form_route(doctype: str, name: str = "") -> str:
	return f"/app/{doctype.lower().replace(' ', '-')}" + (f"/{name}" if name else "")


def shown_on_desk_and_phone(desk, doctype: str, name: str, what: str):
	"""A screenshot of the finished record's form on the desk's screen, then on a phone's."""
	desk.shot(f"{what}-desk")
	desk.page.set_viewport_size(PHONE)
	desk.goto(form_route(doctype, name))
	desk.page.wait_for_function("(name) => window.cur_frm && cur_frm.doc.name === name", arg=name)
	desk.shot(f"{what}-phone")
	desk.page.set_viewport_size(DESK)


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
	shown_on_desk_and_phone(analyst, "CIN Census Return", made["name"], "census-ready")


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
	shown_on_desk_and_phone(analyst, "Annex A Return", made["name"], "annex-a-ready")


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


def test_it_administrator_imports_a_census_file_with_a_dry_run_first(desk):
	"""The demo's own census, imported back: every child is found and left as it is."""
	admin = desk("it.administrator")
	year = last_complete_census_year(date.today())
	census = admin.api("POST", "/api/resource/CIN Census Return", {"year": year})["data"]
	census = wait_until_made(admin, "CIN Census Return", census["name"])
	content = admin.context.request.get(f"{admin.base}{census['file']}").body()
	assert content.count(b"<Child>") == census["children_count"] > 0

	admin.goto("/app/cin-import/new")
	admin.link("team", "North Family Safeguarding Team")
	admin.fill("census_year", str(year))
	assert admin.doc()["dry_run"] == 1  # a new import is a dry run until the person says otherwise
	# attaching a file to a new record saves it (Frappe attaches files to stored records only)
	admin.field("import_file").locator("button", has_text="Attach").click()
	admin.page.locator(".file-uploader input[type=file]").set_input_files(
		files=[{"name": f"lcs-census-{year}.xml", "mimeType": "application/xml", "buffer": content}]
	)
	admin.page.locator(".modal.show .btn-primary", has_text="Upload").click()
	dry = wait_until_made(admin, "CIN Import", admin.saved()["name"])
	assert dry["status"] == "Done", dry.get("error")
	assert (dry["created"], dry["updated"], dry["refused"]) == (0, 0, 0), dry
	assert dry["unchanged"] == census["children_count"], dry
	shown_on_desk_and_phone(admin, "CIN Import", dry["name"], "dry-run-done")

	admin.page.locator(".page-actions button", has_text="Import for real").first.click()
	admin.settle()
	assert (admin.doc()["dry_run"], admin.doc()["import_file"]) == (0, dry["import_file"])
	admin.save()
	real = wait_until_made(admin, "CIN Import", admin.saved()["name"])
	assert real["status"] == "Done", real.get("error")
	assert (real["created"], real["updated"], real["refused"]) == (0, 0, 0), real
	assert real["unchanged"] == census["children_count"], real
	shown_on_desk_and_phone(admin, "CIN Import", real["name"], "import-done")
