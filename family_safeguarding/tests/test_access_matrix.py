"""The access protocol as a matrix (docs/information-governance/access-protocol.md): for every
role, every case DocType and every path a record leaves by, as a real user over HTTP, what the
table (rules/access.py, DOCUMENT_RIGHTS) and the row-level rule allow works, and everything else
is refused or comes back empty.

The cases are derived from the table, not written out: a record of each case DocType in family a1
(which the team A users reach through their allocations or their team) and one in family b1 (which
none of them reaches), tried by each user on each path below. The test fails with the list of
every cell that disagreed, and prints the count of each outcome. The paths: report view, the
REST list, frappe.client.get_list, the list count, CSV export, link search, the form, the REST
document, frappe.client.get_value, the form's docinfo (comments, versions, timeline), a private
attachment's address, global search and the print view.
"""

import json
from collections import Counter

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.rules.access import (
	CASE_DOCTYPES,
	DOCUMENT_RIGHTS,
	REPORT_ROLES,
	TEAM_WIDE_FOR_BUSINESS_SUPPORT,
)
from family_safeguarding.tests.utils import (
	RECOVERY,
	HttpSession,
	make_people,
	make_workbook,
	raw_insert,
)

# The users tried, and whether the row-level rule lets them reach family a1 (the record's family).
# mh_a has a practitioner role but no allocation; sw_b and tm_b belong to the other team.
REACHES_A1 = {
	"tm_a": True,
	"sw_a1": True,
	"police_a": True,
	"mh_alloc": True,
	"cp_a": True,
	"probation_a": True,
	"recovery_a": True,
	"fw_a": True,
	"da_a": True,
	"bs_a": "team",  # Business Support: Family and Member of their own team only
	"mh_a": False,
	"sw_b": False,
	"tm_b": False,
	"admin": False,
	"analyst": False,
}
ON_OTHER_TEAM = {"sw_b", "tm_b"}  # they may reach b1's records, so b1 is not tried for them


def roles_of(user: str) -> set[str]:
	return set(frappe.get_roles(user))


class TestAccessMatrix(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		# goals with reviews, summaries and protected records in family a1: rows for the reports
		make_workbook(cls.people)
		frappe.set_user("Administrator")
		cls.records = {"a1": {}, "b1": {}}
		cls.made = []
		for key in ("a1", "b1"):
			family = cls.people.families[key]
			parent, child = cls.people.members[key]
			cls.records[key] = {"Family": family, "Member": child}
			for doctype, fields in (
				("Workbook Module", {"title": f"Matrix module {key}", "status": "Not Started"}),
				("Goal", {"member": parent, "goal": f"Matrix goal {key}", "start_date": "2026-01-01"}),
				("Practitioner Summary", {"period_start": "2026-01-01", "period_end": "2026-01-31"}),
				("Group Supervision", {"meeting_date": "2026-01-15", "docstatus": 1}),
				("Health Information", {"member": parent, "information": f"Matrix health {key}"}),
				("Police Information", {"member": parent, "information": f"Matrix police {key}"}),
				("Child Protection Plan", {"member": child, "workflow_state": "Strategy Discussion"}),
				("PLO Case", {"title": f"Matrix PLO {key}", "workflow_state": "Legal Gateway"}),
				("Referral", {"to_agency": RECOVERY, "workflow_state": "Draft"}),
				(
					"CIN Episode",
					{"member": child, "referral_date": "2025-04-07", "referral_source": "6 - Police"},
				),
				(
					"Social Care Contact",
					{
						"member": child,
						"contact_date": "2025-04-04",
						"contact_source": "6 - Police",
						"outcome": "Early help",
					},
				),
			):
				name = raw_insert({"doctype": doctype, "family": family, **fields})
				cls.records[key][doctype] = name
				cls.made.append((doctype, name))
		# a private attachment on every record, whose address is tried like the record itself
		cls.files = {}
		for records in cls.records.values():
			for doctype, name in records.items():
				content = f"matrix attachment {doctype} {name} {frappe.generate_hash(length=8)}"
				attachment = frappe.get_doc(
					{
						"doctype": "File",
						"file_name": f"matrix-{frappe.generate_hash(length=10)}.txt",
						"attached_to_doctype": doctype,
						"attached_to_name": name,
						"is_private": 1,
						"content": content,
					}
				).insert(ignore_permissions=True)
				cls.files[name] = (attachment.file_url, content)
				cls.made.append(("File", attachment.name))
		assert set(cls.records["a1"]) == set(CASE_DOCTYPES)
		frappe.db.commit()  # the HTTP requests read committed data
		cls.sessions = {key: HttpSession(cls.people.users[key]) for key in REACHES_A1}

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		for doctype, name in cls.made:
			frappe.db.delete(doctype, name)
		frappe.db.commit()
		super().tearDownClass()

	# --- what the table and the rule say --------------------------------------------------------

	def rights(self, key: str, doctype: str) -> str:
		user_roles = roles_of(self.people.users[key])
		return "".join(
			sorted(
				{r for role, rights in DOCUMENT_RIGHTS[doctype].items() if role in user_roles for r in rights}
			)
		)

	def may(self, key: str, doctype: str, record: str, right: str) -> bool:
		if record == "b1":
			return False
		reach = REACHES_A1[key]
		if reach == "team":
			reach = doctype in TEAM_WIDE_FOR_BUSINESS_SUPPORT
		return bool(reach) and right in self.rights(key, doctype)

	# --- the paths ----------------------------------------------------------------------------------

	def listed(self, response) -> set[str] | None:
		"""Names in a list response, or None when the request was refused."""
		if response.status_code != 200:
			return None
		message = response.json.get("message", response.json.get("data"))
		if isinstance(message, dict) and "keys" in message:  # reportview.get's compressed form
			index = message["keys"].index("name")
			return {row[index] for row in message["values"]}
		if isinstance(message, list):
			return {row["name"] if isinstance(row, dict) else row[0] for row in message}
		return set()

	def paths(self, session, doctype: str, names: list[str]):
		"""(path, kind, outcome) for every path: a list path gives the names it returned (None if
		refused), a document path gives a status per name."""
		filters = json.dumps([["name", "in", names]])
		yield (
			"reportview.get",
			"list",
			self.listed(
				session.post(
					"/api/method/frappe.desk.reportview.get",
					{
						"doctype": doctype,
						"fields": json.dumps([f"`tab{doctype}`.`name`"]),
						"filters": filters,
					},
				)
			),
		)
		yield (
			"api/resource list",
			"list",
			self.listed(
				session.get(
					f"/api/resource/{doctype}", {"filters": [["name", "in", names]], "limit_page_length": 0}
				)
			),
		)
		yield (
			"client.get_list",
			"list",
			self.listed(
				session.post(
					"/api/method/frappe.client.get_list",
					{
						"doctype": doctype,
						"fields": json.dumps(["name"]),
						"filters": filters,
						"limit_page_length": 0,
					},
				)
			),
		)
		export = session.post(
			"/api/method/frappe.desk.reportview.export_query",
			{
				"doctype": doctype,
				"file_format_type": "CSV",
				"fields": json.dumps([f"`tab{doctype}`.`name`"]),
				"filters": filters,
			},
		)
		body = export.get_data(as_text=True) if export.status_code == 200 else None
		yield "export (CSV)", "export", None if body is None else {name for name in names if name in body}
		count = session.post(
			"/api/method/frappe.desk.reportview.get_count", {"doctype": doctype, "filters": filters}
		)
		yield "reportview.get_count", "count", (count.json["message"] if count.status_code == 200 else None)
		for name in names:
			found = session.post(
				"/api/method/frappe.desk.search.search_link",
				{"doctype": doctype, "txt": name, "page_length": 50},
			)
			results = (
				{row["value"] for row in found.json.get("message", [])} if found.status_code == 200 else set()
			)
			yield "search_link", ("doc", name), name in results
			yield (
				"form getdoc",
				("doc", name),
				session.get(
					"/api/method/frappe.desk.form.load.getdoc", {"doctype": doctype, "name": name}
				).status_code
				== 200,
			)
			yield (
				"api/resource get",
				("doc", name),
				session.get(f"/api/resource/{doctype}/{name}").status_code == 200,
			)
			value = session.post(
				"/api/method/frappe.client.get_value",
				{"doctype": doctype, "filters": json.dumps({"name": name}), "fieldname": "name"},
			)
			yield (
				"client.get_value",
				("doc", name),
				value.status_code == 200 and bool(value.json.get("message")),
			)
			docinfo = session.post(
				"/api/method/frappe.desk.form.load.get_docinfo", {"doctype": doctype, "name": name}
			)
			yield "docinfo (comments, versions, timeline)", ("doc", name), docinfo.status_code == 200
			file_url, content = self.files[name]
			download = session.get(file_url)
			downloaded = download.status_code == 200 and download.get_data(as_text=True) == content
			yield "attachment URL", ("doc", name), downloaded
			searched = session.post(
				"/api/method/frappe.utils.global_search.search", {"text": name, "limit": 20}
			)
			hits = searched.json.get("message", []) if searched.status_code == 200 else []
			# no case DocType is in global search, so no role finds a record there
			yield "global search", ("never", name), any(hit.get("name") == name for hit in hits)
			yield (
				"print view",
				("print", name),
				session.get(
					"/printview", {"doctype": doctype, "name": name, "format": "Standard"}
				).status_code
				== 200,
			)

	def test_every_role_on_every_case_doctype_on_every_path(self):
		outcomes, wrong = Counter(), []
		for key, session in self.sessions.items():
			for doctype in CASE_DOCTYPES:
				names = {"a1": self.records["a1"][doctype]}
				if key not in ON_OTHER_TEAM:
					names["b1"] = self.records["b1"][doctype]
				which = {name: record for record, name in names.items()}
				expected = {name for name, record in which.items() if self.may(key, doctype, record, "R")}
				for path, kind, got in self.paths(session, doctype, list(which)):
					if kind == "list":
						ok = (got or set()) == expected
						cell = "allowed" if expected else "refused or empty"
					elif kind == "export":
						exportable = {n for n, record in which.items() if self.may(key, doctype, record, "E")}
						ok = (got or set()) == exportable
						cell = "allowed" if exportable else "refused or empty"
					elif kind == "count":
						ok = (got or 0) == len(expected)
						cell = "allowed" if expected else "refused or empty"
					else:
						_kind, name = kind
						right = "P" if _kind == "print" else "R"
						allowed = _kind != "never" and self.may(key, doctype, which[name], right)
						ok = got == allowed
						cell = "allowed" if allowed else "refused or empty"
					outcomes[(cell, "as expected" if ok else "WRONG")] += 1
					if not ok:
						wrong.append(f"{key} {doctype} {path}: got {got!r}, expected {cell}")
		total = sum(outcomes.values())
		print(
			f"\naccess matrix: {len(self.sessions)} users x {len(CASE_DOCTYPES)} DocTypes x 13 paths, "
			f"{total} cells: " + ", ".join(f"{a} {b}: {n}" for (a, b), n in sorted(outcomes.items()))
		)
		self.assertEqual(wrong, [], f"{len(wrong)} cells disagree with the rights table")
		self.assertGreater(outcomes[("allowed", "as expected")], 100)
		self.assertGreater(outcomes[("refused or empty", "as expected")], 100)

	def test_every_role_on_every_report_card_chart_and_live_update(self):
		"""Each user runs each of the app's reports, and the report behind each workspace number card
		and dashboard chart; asks for a prepared report of it; and asks to follow live list updates
		(what the socket.io server asks Frappe before it sends `list_update`) of each case DocType."""
		cards = frappe.get_all(
			"Number Card", filters={"module": "Outcomes"}, fields=["name", "report_name"]
		) + frappe.get_all("Dashboard Chart", filters={"module": "Outcomes"}, fields=["name", "report_name"])
		self.assertGreaterEqual(len(cards), 8)
		outcomes, wrong = Counter(), []

		def record(key, path, ok, allowed):
			cell = "allowed" if allowed else "refused or empty"
			outcomes[(cell, "as expected" if ok else "WRONG")] += 1
			if not ok:
				wrong.append(f"{key} {path}: expected {cell}")

		# reports that name a family the user reaches: without them, that none names another proves nothing
		named_reached = 0
		for key, session in self.sessions.items():
			user_roles = roles_of(self.people.users[key])
			# the family of the other team, which this user does not reach, and the one they do
			unreached = self.records["a1" if key in ON_OTHER_TEAM else "b1"]["Family"]
			reached = self.records["b1" if key in ON_OTHER_TEAM else "a1"]["Family"]
			runs = [(report, report) for report in REPORT_ROLES] + [
				(f"card or chart {c.name}", c.report_name) for c in cards
			]
			for path, report in runs:
				allowed = bool(user_roles & set(REPORT_ROLES[report]))
				if report == "Record Access History":
					allowed = allowed and self.may(key, "Member", "a1", "R")
				# the access history is of one child, asked for by name
				filters = (
					{"member": self.records["a1"]["Member"]} if report == "Record Access History" else {}
				)
				response = session.get(
					"/api/method/frappe.desk.query_report.run", {"report_name": report, "filters": filters}
				)
				text = response.get_data(as_text=True)
				# a report that names families never names one the user cannot reach
				ok = (response.status_code == 200) == allowed and unreached not in text
				record(key, path, ok, allowed)
				named_reached += allowed and response.status_code == 200 and reached in text
			for report in REPORT_ROLES:
				# never prepared, never read from someone's preparation (docs/developers/exit-paths.md,
				# "Prepared reports")
				response = session.post(
					"/api/method/frappe.core.doctype.prepared_report.prepared_report.make_prepared_report",
					{"report_name": report, "filters": "{}"},
				)
				record(key, f"prepare {report}", response.status_code != 200, False)
			for doctype in CASE_DOCTYPES:
				response = session.get(
					"/api/method/frappe.realtime.can_subscribe_doctype", {"doctype": doctype}
				)
				# list_update carries every saved record's name to every subscriber, whatever the rule
				record(key, f"live list of {doctype}", response.status_code != 200, False)
		total = sum(outcomes.values())
		print(
			f"\nreports, cards, charts, prepared reports and live lists: {len(self.sessions)} users, "
			f"{total} cells: " + ", ".join(f"{a} {b}: {n}" for (a, b), n in sorted(outcomes.items()))
		)
		self.assertEqual(wrong, [], "\n".join(wrong))
		self.assertGreater(outcomes[("allowed", "as expected")], 30)
		self.assertGreater(named_reached, 0, "no report named a family its user reaches")
