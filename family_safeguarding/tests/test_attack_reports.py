"""Reports, attacked.

- Existence tests through a report's filters: a report that names a case record in its filters
  (Record Access History's member) answered "not permitted" for a member of another team and "not
  found" for one that does not exist. Both now get the guard's one refusal (guard/reports.py).
- Requests forged from the server: a report's PDF (report_to_pdf) is drawn by wkhtmltopdf from HTML
  the caller sends, and wkhtmltopdf fetches every address in it, from the server. Only the site's
  own addresses are allowed now (guard/allowlist.py).

Real users over HTTP."""

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.tests.utils import HttpSession, make_people

M = "/api/method/"


class TestNoExistenceTestByReportFilters(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.manager = HttpSession(cls.people.users["tm_a"])

	def run_history(self, member: str, method: str = "frappe.desk.query_report.run"):
		return self.manager.post(
			M + method,
			{"report_name": "Record Access History", "filters": frappe.as_json({"member": member})},
		)

	def test_another_teams_member_and_one_that_does_not_exist_get_one_answer(self):
		other_team = self.people.members.b1[0]
		prefix, digits = re.fullmatch(r"(.*?)(\d+)", other_team).groups()
		missing = prefix + "9" * len(digits)
		self.assertFalse(frappe.db.exists("Member", missing))
		for method in ("frappe.desk.query_report.run", "frappe.desk.query_report.export_query"):
			answers = []
			for member in (other_team, missing):
				response = self.run_history(member, method)
				body = response.get_data(as_text=True)
				self.assertNotIn(member, body)
				answers.append((response.status_code, body.split("__frappe_exc_id")[0]))
			self.assertEqual(answers[0][0], 403, answers)
			self.assertEqual(answers[0], answers[1])
		# the team's own member's history is still shown
		response = self.run_history(self.people.members.a1[0])
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])


FETCHED: list[str] = []  # what the stand-in for an internal service was asked for


class _Recorder(BaseHTTPRequestHandler):
	def do_GET(self):
		FETCHED.append(self.path)
		self.send_response(200)
		self.send_header("Content-Type", "text/plain")
		self.end_headers()
		self.wfile.write(b"INTERNAL-SERVICE-ANSWER")

	def log_message(self, *args):
		pass


class TestNoRequestForgedFromTheServer(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		cls.server = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
		threading.Thread(target=cls.server.serve_forever, daemon=True).start()

	@classmethod
	def tearDownClass(cls):
		cls.server.shutdown()
		cls.server.server_close()
		super().tearDownClass()

	def test_a_reports_pdf_fetches_nothing_off_the_site(self):
		service = f"127.0.0.1:{self.server.server_address[1]}"
		analyst = HttpSession(self.people.users["analyst"])
		for label, html in {
			"an image": f'<img src="http://{service}/image">',
			"entities": f'<img src="&#104;ttp&#58;//{service}/entities">',
			"a CSS escape": f"<style>body {{ background: url(http\\3a //{service}/css) }}</style>",
			"a line break": f'<iframe src="http:/\n/{service}/newline"></iframe>',
			"no scheme": f'<style>@import "//{service}/relative";</style>',
		}.items():
			with self.subTest(label):
				response = analyst.post(M + "frappe.utils.print_format.report_to_pdf", {"html": html})
				self.assertEqual(response.status_code, 403, response.get_data(as_text=True)[:300])
		self.assertEqual(FETCHED, [])
		# the desk's own report HTML, with its stylesheet on the site, is not refused by the guard
		response = analyst.post(
			M + "frappe.utils.print_format.report_to_pdf",
			{"html": '<link href="http://localhost/assets/frappe/dist/css/print.bundle.css"><p>Caseload</p>'},
		)
		self.assertNotEqual(response.status_code, 403, response.get_data()[:300])
