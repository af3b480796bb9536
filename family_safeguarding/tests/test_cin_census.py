"""The Children in Need census return made from the records (docs/returns/cin-census.md): which
children and items the year takes in, the file's structure and the DfE's rules on it, the CIN
Census Return a Performance Analyst makes, and the refusal of every other FS role.

The site may hold other tests' records, so the return's checks are run on this test's children
alone (`of_this_test`); the CIN Census Return itself is made of the whole site.

The DfE validator runs in its own environment (returns/validator.py), made here at its default
path if it is not there yet; that needs PyPI, and the tests that run it are skipped, saying why,
when it cannot be made (they fail instead where FS_REQUIRE_CIN_VALIDATOR=1, as in .ci/run).
"""

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date

import frappe
from frappe.tests.utils import FrappeTestCase

from family_safeguarding.returns import cin_census_run as run
from family_safeguarding.returns.census import SETTINGS, census_return
from family_safeguarding.returns.cin_structure import check_structure
from family_safeguarding.returns.cin_xml import write_return
from family_safeguarding.returns.validator import (
	ValidatorUnavailable,
	create_environment,
	run_validator,
)
from family_safeguarding.rules.identifiers import upn_check_letter
from family_safeguarding.tests.builders import RUN, new_member
from family_safeguarding.tests.utils import (
	HttpSession,
	as_user,
	assert_refused_and_nothing_saved,
	make_people,
	raw_insert,
)

RETURN = run.RETURN
LA_CODE = "201"
D = date


def child_id(n: int) -> str:
	"""This run's LA child ID number `n`."""
	return f"C{RUN}{n}"


def upn(n: int) -> str:
	digits = f"8012000{int(RUN, 16) % 100000:05d}"[:-1] + str(n)
	return upn_check_letter(digits) + digits


def of_this_test(census, ids):
	return replace(census, children=tuple(c for c in census.children if c.la_child_id in ids))


def validator_or_skip(test):
	"""The validator's environment, made if need be; the test is skipped, with the reason, if not."""
	try:
		environment = run.validator_environment()
		create_environment(environment)
	except ValidatorUnavailable as e:
		if os.environ.get("FS_REQUIRE_CIN_VALIDATOR") == "1":
			test.fail(f"The CIN validator must run here (FS_REQUIRE_CIN_VALIDATOR=1) but: {e}")
		test.skipTest(f"The CIN validator's environment could not be made (it installs from PyPI): {e}")
	return environment


class CensusTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()
		frappe.set_user("Administrator")
		frappe.db.set_single_value(SETTINGS, {"la_code": LA_CODE, "census_validator_environment": None})
		cls.analyst = cls.people.users["analyst"]

	def tearDown(self):
		frappe.set_user("Administrator")

	@classmethod
	def child(cls, n: int, member_type="Child", **fields) -> str:
		return new_member(
			cls.people.families.a1,
			member_type,
			"Census" + frappe.generate_hash(length=6),
			"Child",
			la_child_id=child_id(n),
			ethnicity="WBRI - White British",
			**fields,
		)

	@staticmethod
	def episode(member: str, referral: str, **fields) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "CIN Episode",
					"member": member,
					"referral_date": referral,
					"referral_source": "6 - Police",
					"primary_need": "N1 - Abuse or neglect",
					**fields,
				}
			)
			.insert()
			.name
		)


class TestTheReturnOfTheRecords(CensusTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.make_children()

	@classmethod
	def make_children(cls):
		self = cls
		closed = "RC7 - Services ceased for any other reason, including child no longer in need"
		# 1: assessment, CIN plan, section 47 enquiry and a child protection plan with its reviews
		first = self.child(
			1,
			sex="F - Female",
			date_of_birth="2015-06-15",
			upn=upn(1),
			disabilities=[{"disability": "NONE - No disability"}],
		)
		self.episode(
			first,
			"2025-05-02",
			assessments=[
				{"start_date": "2025-05-06", "authorisation_date": "2025-06-10", "factors": "3B, 16A"}
			],
			cin_plans=[{"start_date": "2025-06-11", "end_date": "2025-07-04"}],
		)
		raw_insert(
			{
				"doctype": "Child Protection Plan",
				"member": first,
				"family": self.people.families.a1,
				"workflow_state": "Active Plan",
				"strategy_discussion_date": "2025-06-13",
				"section_47_start": "2025-06-16",
				"icpc_due": "2025-07-07",
				"icpc_date": "2025-07-04",
				"plan_start": "2025-07-04",
				"initial_category": "NEG - Neglect",
				"latest_category": "NEG - Neglect",
				"previous_plans": 0,
				"reviews": [
					{"review_date": "2025-10-03", "outcome": "Continue Plan"},
					{"review_date": "2026-03-27", "outcome": "Continue Plan"},
					# the next year's
					{"review_date": "2026-09-25", "outcome": "Continue Plan"},
				],
			}
		)
		# 2: born after the year ended, referred before birth with no further action
		self.episode(
			self.child(
				2,
				sex="M - Male",
				date_of_birth="2026-05-20",
				upn_unknown_reason="UN1 - Child is not of school age",
			),
			"2026-01-12",
			referral_source="3B - Health services: health visitor",
			primary_need=None,
			no_further_action=1,
			closure_date="2026-01-12",
			closure_reason="RC8 - Case closed after assessment, no further action",
		)
		# 3: unborn, its episode open
		self.episode(
			self.child(
				3,
				"Unborn Child",
				expected_date_of_birth="2026-06-15",
				upn_unknown_reason="UN1 - Child is not of school age",
			),
			"2026-02-02",
			referral_source="3B - Health services: health visitor",
		)
		# 4: closed before the year began
		self.episode(
			self.child(4, sex="F - Female", date_of_birth="2012-02-02", upn=upn(4)),
			"2024-06-03",
			closure_date="2025-03-14",
			closure_reason=closed,
		)
		# 5: referred before the year and open through it, on a CIN plan since then
		self.episode(
			self.child(
				5,
				sex="M - Male",
				date_of_birth="2013-09-09",
				upn=upn(5),
				disabilities=[{"disability": "AUT - Autism or Asperger syndrome"}],
			),
			"2024-11-04",
			assessments=[{"start_date": "2024-11-05", "authorisation_date": "2024-12-10", "factors": "4B"}],
			cin_plans=[{"start_date": "2024-12-11"}],
		)
		# 6: referred on the last day of the year, closed on the first day of the next
		self.episode(
			self.child(6, sex="F - Female", date_of_birth="2018-01-31", upn=upn(6)),
			"2026-03-31",
			closure_date="2026-04-01",
			closure_reason=closed,
		)
		# 7: referred on the first day of the next year
		self.episode(self.child(7, sex="M - Male", date_of_birth="2016-07-07", upn=upn(7)), "2026-04-01")

	def mine(self, year_end: int):
		return of_this_test(census_return(year_end), {child_id(n) for n in range(1, 8)})

	def test_which_children_each_year_takes_in(self):
		self.assertEqual(
			[c.la_child_id for c in self.mine(2026).children], [child_id(n) for n in (1, 2, 3, 5, 6)]
		)
		# the first child's episode is still open, for its child protection plan
		self.assertEqual(
			[c.la_child_id for c in self.mine(2027).children], [child_id(n) for n in (1, 3, 5, 6, 7)]
		)

	def test_each_child_as_the_return_has_it(self):
		children = {c.la_child_id: c for c in self.mine(2026).children}
		first = children[child_id(1)]
		self.assertEqual(
			(first.sex, first.ethnicity, first.upn, first.disabilities), ("F", "WBRI", upn(1), ("NONE",))
		)
		(episode,) = first.episodes
		self.assertEqual([a.factors for a in episode.assessments], [("3B", "16A")])
		(enquiry,) = episode.section_47s
		self.assertEqual((enquiry.start_date, enquiry.icpc_date), (D(2025, 6, 16), D(2025, 7, 4)))
		(plan,) = episode.protection_plans
		self.assertEqual(plan.review_dates, (D(2025, 10, 3), D(2026, 3, 27)))
		# born after 31 March: unborn in this return, with Sex U
		born_later = children[child_id(2)]
		self.assertEqual(
			(born_later.sex, born_later.birth_date, born_later.expected_birth_date),
			("U", None, D(2026, 5, 20)),
		)
		unborn = children[child_id(3)]
		self.assertEqual((unborn.sex, unborn.expected_birth_date), ("U", D(2026, 6, 15)))
		# open from before the year: its earlier dates kept, the assessment done before it left out
		(earlier,) = children[child_id(5)].episodes
		self.assertEqual(earlier.referral_date, D(2024, 11, 4))
		self.assertEqual(earlier.assessments, ())
		self.assertEqual([(p.start_date, p.end_date) for p in earlier.cin_plans], [(D(2024, 12, 11), None)])
		# closed after the year: open in it; closed in the next one
		self.assertIsNone(children[child_id(6)].episodes[0].closure_date)
		next_year = {c.la_child_id: c for c in self.mine(2027).children}
		self.assertEqual(next_year[child_id(6)].episodes[0].closure_date, D(2026, 4, 1))
		self.assertEqual(next_year[child_id(5)].episodes[0].cin_plans[0].start_date, D(2024, 12, 11))

	def test_the_file_has_the_census_structure_and_no_dfe_error(self):
		environment = validator_or_skip(self)
		xml = write_return(self.mine(2026))
		self.assertEqual(check_structure(ET.fromstring(xml), 2026), [])
		report = run_validator(xml, environment, 2026)
		self.assertEqual(
			[(e.child, e.rule, e.message) for e in report.errors], [], "the DfE's rules find an error"
		)
		self.assertEqual(report.rules_not_run, ())
		self.assertEqual(
			{(q.child, q.rule) for q in report.queries},
			{
				# closed as RC8 (after assessment) with no assessment: the referral needed none
				(child_id(2), "8825Q"),
				# fewer than eight disability codes in the whole return: five children use two
				(None, "2887Q"),
				# and the one child with a disability has only one recorded
				(None, "2888Q"),
			},
		)

	def test_a_performance_analyst_makes_the_return_with_its_file_findings_and_audit(self):
		validator_or_skip(self)
		with as_user(self.analyst):
			doc = frappe.get_doc(
				{"doctype": RETURN, "year": 2026, "status": "Ready", "errors_count": 99}
			).insert()
		doc.reload()
		self.assertTrue(doc.name.startswith("CINR-"))
		self.assertEqual((doc.made_by, doc.year), (self.analyst, 2026))
		# what the job found, not what was sent
		self.assertEqual(doc.status, "Ready", doc.outcome)
		self.assertTrue(doc.structure_ok)
		self.assertGreaterEqual(doc.children_count, 5)
		self.assertEqual(doc.errors_count, sum(1 for f in doc.findings if f.kind == "Error"))
		self.assertTrue(doc.validator_version)
		file = frappe.get_doc("File", {"file_url": doc.file})
		self.assertEqual(
			(file.attached_to_doctype, file.attached_to_name, file.is_private), (RETURN, doc.name, 1)
		)
		root = ET.fromstring(file.get_content())
		self.assertEqual(root.findtext("Header/Source/LEA"), LA_CODE)
		self.assertIn(child_id(1), {e.text for e in root.iter("LAchildID")})
		self.assertIn(
			(child_id(2), "Query", "8825Q"), {(f.la_child_id, f.kind, f.rule) for f in doc.findings}
		)
		# the export is in the audit: the return, and each child's record, as the analyst's
		rows = frappe.get_all(
			"Case Record Access",
			filters={"endpoint": ("like", f"{RETURN} {doc.name},%")},
			fields=["user", "reference_doctype", "reference_name", "family", "how", "endpoint"],
		)
		self.assertEqual({(r.user, r.how) for r in rows}, {(self.analyst, "Export")})
		self.assertIn((RETURN, doc.name), {(r.reference_doctype, r.reference_name) for r in rows})
		first = frappe.db.get_value("Member", {"la_child_id": child_id(1)})
		exported = {(r.reference_doctype, r.reference_name): r.family for r in rows}
		self.assertEqual(exported["Member", first], self.people.families.a1)
		self.assertIn(("Member", first), exported)
		for doctype in ("CIN Episode", "Child Protection Plan"):
			self.assertIn((doctype, frappe.db.get_value(doctype, {"member": first})), exported)
		self.assertTrue(rows[0].endpoint.endswith("CIN census 2025-26"))
		with as_user(self.analyst):
			self.assertTrue(file.is_downloadable())

	def test_a_return_whose_validator_is_missing_fails_and_attaches_no_file(self):
		frappe.db.set_single_value(SETTINGS, "census_validator_environment", f"/nonexistent/{RUN}")
		try:
			with as_user(self.analyst):
				doc = frappe.get_doc({"doctype": RETURN, "year": 2026}).insert()
		finally:
			frappe.db.set_single_value(SETTINGS, "census_validator_environment", None)
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIn(f"the CIN validator is not installed at /nonexistent/{RUN}", doc.outcome)
		self.assertFalse(doc.file)
		self.assertFalse(
			frappe.db.exists("File", {"attached_to_doctype": RETURN, "attached_to_name": doc.name})
		)
		self.assertGreaterEqual(doc.children_count, 5)
		self.assertIsNone(doc.validator_version)


class TestWhoMakesAReturn(CensusTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.episode(cls.child(9, sex="M - Male", date_of_birth="2011-11-11", upn=upn(9)), "2025-10-06")

	def test_social_workers_and_team_managers_may_not_make_or_read_a_return(self):
		with as_user(self.analyst):
			made = frappe.get_doc({"doctype": RETURN, "year": 2026}).insert()
		for key in ("sw_a1", "tm_a"):
			with as_user(self.people.users[key]):
				assert_refused_and_nothing_saved(
					self, frappe.get_doc({"doctype": RETURN, "year": 2026}), "", frappe.PermissionError
				)
				with self.assertRaises(frappe.PermissionError):
					frappe.get_list(RETURN)
				self.assertFalse(frappe.has_permission(RETURN, "read", doc=made.name))

	def test_social_workers_and_team_managers_may_not_download_its_file(self):
		validator_or_skip(self)
		with as_user(self.analyst):
			made = frappe.get_doc({"doctype": RETURN, "year": 2026}).insert()
		file = frappe.get_doc("File", {"attached_to_doctype": RETURN, "attached_to_name": made.name})
		with as_user(self.analyst):
			self.assertTrue(file.is_downloadable())
		for key in ("sw_a1", "tm_a"):
			with as_user(self.people.users[key]):
				self.assertFalse(file.is_downloadable(), key)

	def test_a_return_needs_the_la_code_and_a_census_year(self):
		frappe.db.set_single_value(SETTINGS, "la_code", None)
		try:
			with as_user(self.analyst):
				assert_refused_and_nothing_saved(
					self, frappe.get_doc({"doctype": RETURN, "year": 2026}), r"Set LA code \(census\)"
				)
		finally:
			frappe.db.set_single_value(SETTINGS, "la_code", LA_CODE)
		with as_user(self.analyst):
			assert_refused_and_nothing_saved(
				self,
				frappe.get_doc({"doctype": RETURN, "year": 2024}),
				"Year ending 31 March: 2024 is not a census year a return can be made for",
			)
			assert_refused_and_nothing_saved(
				self, frappe.get_doc({"doctype": RETURN, "year": 2040}), "choose one from 2025 to"
			)

	def test_the_la_code_cleared_before_the_job_runs_fails_the_return(self):
		with as_user(self.analyst):
			doc = frappe.get_doc({"doctype": RETURN, "year": 2026}).insert()
		frappe.db.set_single_value(SETTINGS, "la_code", None)
		try:
			with as_user(self.analyst):
				run.make(doc.name)
		finally:
			frappe.db.set_single_value(SETTINGS, "la_code", LA_CODE)
		doc.reload()
		self.assertEqual(doc.status, "Failed")
		self.assertIn("Set LA code (census) in Family Safeguarding Settings", doc.outcome)
		# nothing of the earlier run is left on it
		self.assertEqual((doc.findings, doc.file, doc.children_count), ([], None, 0))

	def test_the_settings_take_a_three_digit_la_code(self):
		settings = frappe.get_single(SETTINGS)
		settings.la_code = "20x"
		with self.assertRaisesRegex(
			frappe.ValidationError, "LA code \\(census\\) '20x' is not a three-digit"
		):
			settings.save()
		settings.reload()
		settings.census_validator_environment = "relative/folder"
		with self.assertRaisesRegex(
			frappe.ValidationError, "Census Validator Environment must be a folder's full path"
		):
			settings.save()


class TestTheReturnOverTheWeb(CensusTestCase):
	"""Through the request guard, as the desk makes its requests: committed, as a web worker sees.
	A child with an open episode is committed for the return to hold, and deleted afterwards (its
	audit rows stay, as every deleted record's do)."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.member = cls.child(8, sex="F - Female", date_of_birth="2014-03-03", upn=upn(8))
		cls.episode_name = cls.episode(cls.member, "2025-09-01")
		frappe.set_user(cls.analyst)
		cls.made = frappe.get_doc({"doctype": RETURN, "year": 2026}).insert()
		frappe.set_user("Administrator")
		cls.made.reload()
		frappe.db.commit()

	@classmethod
	def tearDownClass(cls):
		frappe.set_user("Administrator")
		frappe.delete_doc("CIN Episode", cls.episode_name, force=True)
		frappe.delete_doc("Member", cls.member, force=True)
		frappe.db.commit()
		super().tearDownClass()

	def test_the_analyst_makes_and_reads_a_return_and_downloads_its_file(self):
		self.assertEqual(self.made.status, "Ready", self.made.outcome)
		analyst = HttpSession(self.analyst)
		response = analyst.get(f"/api/resource/{RETURN}/{self.made.name}")
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		response = analyst.get(self.made.file)
		self.assertEqual(response.status_code, 200)
		self.assertTrue(response.get_data().startswith(b'<?xml version="1.0" encoding="UTF-8"?>'))
		self.assertIn(f"<LAchildID>{child_id(8)}</LAchildID>".encode(), response.get_data())
		response = analyst.post(
			"/api/method/frappe.client.insert", {"doc": json.dumps({"doctype": RETURN, "year": 2026})}
		)
		self.assertEqual(response.status_code, 200, response.get_data(as_text=True)[:300])
		name = response.json["message"]["name"]
		frappe.db.commit()  # read past this test's snapshot, as the request's commit is after it
		self.assertEqual(frappe.db.get_value(RETURN, name, ["made_by", "status"]), (self.analyst, "Queued"))

	def test_other_roles_are_refused_the_return_and_its_file(self):
		self.assertTrue(self.made.file)
		for key in ("sw_a1", "tm_a"):
			session = HttpSession(self.people.users[key])
			before = frappe.db.count(RETURN)
			response = session.post(
				"/api/method/frappe.client.insert", {"doc": json.dumps({"doctype": RETURN, "year": 2026})}
			)
			self.assertEqual(response.status_code, 403, key)
			self.assertEqual(frappe.db.count(RETURN), before, key)
			self.assertEqual(session.get(f"/api/resource/{RETURN}/{self.made.name}").status_code, 403, key)
			self.assertEqual(session.get(self.made.file).status_code, 403, key)
