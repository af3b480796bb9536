"""End-to-end tests of the desk in headless Chromium, against a served site with the demo data.

    FS_E2E_URL=http://127.0.0.1:8001 FS_E2E_PASSWORD=<demo password> \
    FS_E2E_ADMIN_PASSWORD=<site Administrator password> python -m pytest e2e

FS_E2E_CHROMIUM names the browser (default: Debian's /usr/bin/chromium) and FS_E2E_SCREENSHOTS
where each test saves the screenshots of what it asserts (default: e2e/screenshots). `.ci/run`
sets them all. Every test makes records of its own with a name unique to the run, so the suite
passes again on the same site.
"""

import json
import os
import re
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEMO_DOMAIN = "demo.family-safeguarding.example.org"
RUN = time.strftime("%H%M%S")
SCREENSHOTS = Path(os.environ.get("FS_E2E_SCREENSHOTS") or Path(__file__).parent / "screenshots")


def pytest_collection_modifyitems(config, items):
	if not os.environ.get("FS_E2E_URL"):
		skip = pytest.mark.skip(reason="FS_E2E_URL is not set: no served site to test")
		for item in items:
			item.add_marker(skip)


@pytest.fixture(scope="session")
def browser():
	from playwright.sync_api import sync_playwright

	with sync_playwright() as playwright:
		browser = playwright.chromium.launch(
			executable_path=os.environ.get("FS_E2E_CHROMIUM", "/usr/bin/chromium"),
			args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
		)
		yield browser
		browser.close()


def family_named(desk, family_name: str) -> str:
	rows = desk.api("GET", f'/api/resource/Family?filters=[["family_name","=","{family_name}"]]')["data"]
	assert len(rows) == 1, f"{desk.user} sees {len(rows)} families called {family_name}"
	return rows[0]["name"]


class Desk:
	"""One user's browser session in the desk, with the few moves every test makes."""

	def __init__(self, browser, user: str, password: str, test_name: str):
		self.base = os.environ["FS_E2E_URL"].rstrip("/")
		self.user = user
		self.context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
		self.page = self.context.new_page()
		self.page.set_default_timeout(20000)
		self.folder = SCREENSHOTS / test_name
		self.folder.mkdir(parents=True, exist_ok=True)
		self.shots = 0
		self.page.goto(f"{self.base}/login")
		self.page.fill("#login_email", user)
		self.page.fill("#login_password", password)
		self.page.click(".btn-login")
		self.page.wait_for_url("**/app**")

	def goto(self, route: str):
		from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

		self.page.goto(f"{self.base}{route}")
		try:
			self.page.wait_for_load_state("networkidle")
		except PlaywrightTimeoutError:
			pass  # a page that polls (the print page) may never be network-idle: settle() decides
		self.settle()

	def settle(self):
		# the desk renders after its requests come back; wait until it has nothing in flight
		self.page.wait_for_function("() => !window.frappe || !frappe.request || !frappe.request.ajax_count")
		self.page.wait_for_timeout(400)

	def field(self, fieldname: str, parent: str = ".form-layout"):
		return self.page.locator(f'{parent} .frappe-control[data-fieldname="{fieldname}"]:visible').first

	def fill(self, fieldname: str, value: str):
		control = self.field(fieldname)
		box = control.locator("input, textarea").first
		box.fill(value)
		box.press("Tab") if box.evaluate("e => e.tagName") == "INPUT" else box.blur()
		self.settle()

	def select(self, fieldname: str, value: str):
		self.field(fieldname).locator("select").select_option(value)
		self.settle()

	def link(self, fieldname: str, value: str):
		"""Type a link's value and take it from the search list, as a person does."""
		box = self.field(fieldname).locator("input").first
		box.click()
		box.fill("")
		box.press_sequentially(value, delay=40)
		self.page.locator(".awesomplete ul:not([hidden]) [role=option]", has_text=value).first.click()
		self.settle()

	def add_row(self, table: str, values: dict, selects: dict | None = None, links: dict | None = None):
		"""Add a row to a child table through the row's own form, as the grid offers it."""
		grid = self.field(table)
		grid.locator(".grid-add-row").click()
		self.page.wait_for_timeout(300)
		grid.locator(".grid-body .grid-row").last.locator(".btn-open-row").click()
		editor = ".grid-row-open"
		self.page.locator(editor).wait_for()
		for fieldname, text in (links or {}).items():
			box = self.field(fieldname, editor).locator("input").first
			box.click()
			box.press_sequentially(text, delay=60)
			self.page.locator(".awesomplete ul:not([hidden]) [role=option]", has_text=text).first.click()
			self.settle()
		for fieldname, value in (selects or {}).items():
			self.field(fieldname, editor).locator("select").select_option(value)
		for fieldname, value in values.items():
			box = self.field(fieldname, editor).locator("input, textarea").first
			for _attempt in range(3):
				box.fill(value)
				box.press("Tab")
				self.settle()
				if self.row_has(table, fieldname):
					break
				# a date control takes what is typed after a short delay of its own, and on a busy
				# machine sometimes not at all: type it again, as a person would
			else:
				raise AssertionError(f"the {table} row did not take its {fieldname} {value!r}")
		self.page.locator(f"{editor} .grid-collapse-row").first.click()
		self.settle()

	def row_has(self, table: str, fieldname: str, seconds: float = 3) -> bool:
		"""Whether the table's last row holds a value for the field, within a few seconds."""
		from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

		try:
			self.page.wait_for_function(
				"([table, field]) => { const rows = cur_frm.doc[table] || []; "
				"return rows.length && rows[rows.length - 1][field]; }",
				arg=[table, fieldname],
				timeout=seconds * 1000,
			)
			return True
		except PlaywrightTimeoutError:
			return False

	def chart_points(self) -> int:
		"""How many dates the goal's score chart shows along its axis."""
		self.page.locator(".goal-score-chart svg").first.wait_for()
		self.page.wait_for_timeout(1200)  # the chart animates its lines in
		# SVG text has no innerText: read its text content
		labels = self.page.evaluate(
			"() => Array.from(document.querySelectorAll('.goal-score-chart .x.axis text'), t => t.textContent)"
		)
		return len({label for label in labels if label.strip()})

	def save(self):
		"""Save as a person does, with the form's primary button."""
		self.page.locator(".page-head:visible .primary-action").first.click()
		self.settle()

	def saved(self) -> dict:
		"""Wait until the form is a stored record with nothing unsaved, and return it."""
		self.page.wait_for_function("() => window.cur_frm && !cur_frm.is_new() && !cur_frm.is_dirty()")
		self.settle()
		return self.doc()

	def message(self) -> str:
		dialog = self.page.locator(".modal.show .msgprint, .modal.show .modal-body").first
		dialog.wait_for()
		return dialog.inner_text()

	def close_message(self):
		self.page.locator(".modal.show .btn-modal-close").first.click()
		self.page.locator(".modal.show").first.wait_for(state="hidden")

	def action(self, label: str):
		"""Take a workflow action from the form's Actions menu."""
		self.page.locator(
			".form-page-actions .actions-btn-group button, .page-actions .actions-btn-group button"
		).first.click()
		self.page.locator(
			".actions-btn-group .dropdown-menu.show .dropdown-item", has_text=label
		).first.click()
		self.settle()
		confirm = self.page.locator(".modal.show .btn-primary:visible", has_text=re.compile("Yes|Confirm"))
		if confirm.count():
			confirm.first.click()
			self.settle()

	def doc(self) -> dict:
		return self.page.evaluate("() => cur_frm.doc")

	def api(self, method: str, path: str, data: dict | None = None) -> dict:
		"""The REST API with this user's session, as the desk's own calls are made."""
		headers = {"X-Frappe-CSRF-Token": self.page.evaluate("() => frappe.csrf_token")}
		response = self.context.request.fetch(
			f"{self.base}{path}",
			method=method,
			headers={**headers, "Content-Type": "application/json"} if data is not None else headers,
			data=json.dumps(data) if data is not None else None,
		)
		assert response.ok, f"{method} {path}: {response.status} {response.text()[:300]}"
		return response.json()

	def shot(self, what: str) -> Path:
		self.shots += 1
		path = self.folder / f"{self.shots:02d}-{what}.png"
		self.page.screenshot(path=str(path), full_page=True)
		return path

	def close(self):
		self.context.close()


@pytest.fixture
def desk(browser, request):
	sessions = []

	def login(who: str) -> Desk:
		user = who if "@" in who or who == "Administrator" else f"{who}@{DEMO_DOMAIN}"
		password = (
			os.environ["FS_E2E_ADMIN_PASSWORD"] if user == "Administrator" else os.environ["FS_E2E_PASSWORD"]
		)
		session = Desk(browser, user, password, request.node.name)
		sessions.append(session)
		return session

	yield login
	failed = getattr(request.node, "failed", False)
	for session in sessions:
		if failed:
			session.shot("failed")  # what the user saw when the test failed
		session.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
	outcome = yield
	report = outcome.get_result()
	if report.when == "call" and report.failed:
		item.failed = True
