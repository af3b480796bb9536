"""A council's census history brought in (returns/importer.py, docs/returns/importing.md): a census
file's children found or made, with their episodes and plans; a dry run that saves nothing; a
second import that changes nothing; a child the file or the forms refuse left out whole; a plan
made in its state with one save, the record the workflow's steps make; the records' names, numbered
from their series; and the round trip, import then export, compared item for item.

Every child has this run's LA child ID, UPN and dates of birth, so a child of an earlier run or of
another test is never taken for one of these."""

import sys
from dataclasses import fields, is_dataclass, replace
from datetime import date, timedelta
from pathlib import Path

import frappe
from frappe.tests.utils import FrappeTestCase
from frappe.utils import getdate

from family_safeguarding.returns.census_records import IMPORTED_REVIEW_OUTCOME, PlannedPlan, planned_plans
from family_safeguarding.returns.cin_model import (
	Assessment,
	CensusReturn,
	Child,
	ChildProtectionPlan,
	CinPlan,
	Episode,
	Header,
	Section47,
)
from family_safeguarding.returns.cin_read import read_return
from family_safeguarding.returns.import_processes import ImportProcessFailed, run_in_processes
from family_safeguarding.returns.importer import _own_connection, _SeriesBlocks, import_file, import_return
from family_safeguarding.rules.census.codes import census_child_id
from family_safeguarding.rules.identifiers import upn_check_letter
from family_safeguarding.rules.workflows import (
	ACTIVE_PLAN,
	CLOSED_NO_PLAN,
	CONFERENCE_SCHEDULED,
	PLAN_ENDED,
	SECTION_47_ENQUIRY,
	STRATEGY_DISCUSSION,
)
from family_safeguarding.tests.builders import RUN, new_member, new_team, new_user, this_run
from family_safeguarding.tests.utils import as_user, make_people

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "tests"))
from census_sample import VALID_RETURN

# Every table an import writes to.
TABLES = (
	"Family",
	"Family Allocation",
	"Member",
	"Member Disability",
	"CIN Episode",
	"CIN Assessment",
	"CIN Plan Period",
	"Child Protection Plan",
	"Protection Review",
	"Version",
	"Workflow Action",
	"Workflow Action Permitted Role",
)
RUN_NUMBER = int(RUN, 16)


def child_id(n: int) -> str:
	"""This run's LA child ID number `n`."""
	return f"I{RUN}{n}"


def upn(n: int) -> str:
	digits = f"{RUN_NUMBER % 10**9:09d}{n:03d}"
	return upn_check_letter(digits) + digits


def born(n: int) -> date:
	"""This run's date of birth number `n`: no other run's child shares it."""
	return date(2008, 1, 1) + timedelta(days=RUN_NUMBER % 3000 + 7 * n)


def sample(first: int, second: int) -> str:
	"""The shared sample file, its two children made this run's."""
	return (
		VALID_RETURN.replace("FS0001", child_id(first))
		.replace("FS0002", child_id(second))
		.replace("R801200101001", upn(first))
		.replace("2015-06-15", born(first).isoformat())
		.replace("2026-05-20", born(second).isoformat())
	)


def rows() -> dict[str, int]:
	return {table: frappe.db.count(table) for table in TABLES}


def member_of(la_child_id: str) -> str | None:
	return frappe.db.get_value("Member", {"la_child_id": la_child_id}, "name")


def records_of(member: str) -> list[tuple[str, str]]:
	"""(DocType, name) of the child, its family and its episodes and plans."""
	found = [("Member", member), ("Family", frappe.db.get_value("Member", member, "family"))]
	for doctype in ("CIN Episode", "Child Protection Plan"):
		found += [(doctype, name) for name in frappe.get_all(doctype, {"member": member}, pluck="name")]
	return found


def modified(records) -> dict:
	return {record: frappe.db.get_value(*record, "modified") for record in records}


def first_difference(ours, theirs, path: str = "") -> str | None:
	"""Where two parts of a return first differ, and how; None when they are the same."""
	if is_dataclass(ours) and is_dataclass(theirs):
		for item in fields(ours):
			found = first_difference(
				getattr(ours, item.name), getattr(theirs, item.name), f"{path}.{item.name}"
			)
			if found:
				return found
		return None
	if isinstance(ours, tuple) and isinstance(theirs, tuple):
		if len(ours) != len(theirs):
			return f"{path}: {len(ours)} items against {len(theirs)}"
		for position, (mine, other) in enumerate(zip(ours, theirs, strict=True)):
			found = first_difference(mine, other, f"{path}[{position}]")
			if found:
				return found
		return None
	return None if ours == theirs else f"{path}: {ours!r} against {theirs!r}"


def simple_child(n: int, **identifiers) -> Child:
	"""A child referred with no further action: one episode, nothing else."""
	return Child(
		la_child_id=child_id(n),
		sex=identifiers.pop("sex", "M"),
		ethnicity="WBRI",
		birth_date=identifiers.pop("birth_date", born(n)),
		upn_unknown_reason=None if identifiers.get("upn") else "UN1",
		episodes=(
			Episode(
				referral_date=date(2026, 1, 12),
				referral_source="3B",
				closure_date=date(2026, 1, 12),
				closure_reason="RC8",
				no_further_action=True,
			),
		),
		**identifiers,
	)


def census(*children: Child, year_end: int = 2026) -> CensusReturn:
	return CensusReturn(Header(year_end=year_end, la_code="201"), children)


class CINImportTestCase(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		frappe.set_user("Administrator")
		cls.team = new_team(this_run("Census Import"))

	def tearDown(self):
		frappe.set_user("Administrator")

	def import_xml(self, text: str, dry_run: bool = False, **options):
		return import_file(text.encode(), team=self.team, dry_run=dry_run, **options)

	def import_model(self, model: CensusReturn, dry_run: bool = False):
		return import_return(model, team=self.team, dry_run=dry_run)

	def outcomes(self, result) -> dict[str, str]:
		return {child.la_child_id: result.shown(child) for child in result.outcomes}

	def new_family(self) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Family",
					"family_name": this_run("Known family"),
					"team": self.team,
					"opened_on": "2024-01-01",
				}
			)
			.insert()
			.name
		)

	def known_child(self, **fields) -> str:
		return (
			frappe.get_doc(
				{
					"doctype": "Member",
					"family": self.new_family(),
					"member_type": "Child",
					"first_name": "Known",
					"last_name": "Child",
					**fields,
				}
			)
			.insert()
			.name
		)


class TestImport(CINImportTestCase):
	def test_a_dry_run_saves_nothing_and_says_what_it_would_do(self):
		before = rows()
		result = self.import_xml(sample(1, 2), dry_run=True)
		self.assertEqual(self.outcomes(result), {child_id(1): "Would create", child_id(2): "Would create"})
		self.assertEqual(result.created, 2)
		self.assertEqual([child.member for child in result.outcomes], [None, None])
		self.assertEqual(rows(), before)
		self.assertIsNone(member_of(child_id(1)))

	def test_the_sample_becomes_the_records(self):
		result = self.import_xml(sample(3, 4))
		self.assertEqual(self.outcomes(result), {child_id(3): "Created", child_id(4): "Created"})
		member = frappe.get_doc("Member", member_of(child_id(3)))
		self.assertEqual(member.full_name, f"Census child {child_id(3)}")
		self.assertEqual(
			(member.member_type, member.upn, member.sex, member.ethnicity),
			("Child", upn(3), "F - Female", "WBRI - White British"),
		)
		self.assertEqual(frappe.utils.getdate(member.date_of_birth), born(3))
		self.assertEqual([row.disability for row in member.disabilities], ["NONE - No disability"])
		family = frappe.get_doc("Family", member.family)
		self.assertEqual(
			(family.family_name, family.team, family.status, str(family.opened_on), len(family.allocations)),
			(f"Imported from census {child_id(3)}", self.team, "Open", "2025-05-02", 0),
		)
		(episode,) = frappe.get_all("CIN Episode", {"member": member.name}, pluck="name")
		episode = frappe.get_doc("CIN Episode", episode)
		self.assertEqual(
			(str(episode.referral_date), episode.referral_source, episode.primary_need),
			("2025-05-02", "6 - Police", "N1 - Abuse or neglect"),
		)
		self.assertEqual(
			[(str(a.start_date), str(a.authorisation_date), a.factors) for a in episode.assessments],
			[("2025-05-06", "2025-06-10", "3B, 16A")],
		)
		self.assertEqual(
			[(str(p.start_date), str(p.end_date)) for p in episode.cin_plans], [("2025-06-11", "2025-07-04")]
		)
		(plan,) = frappe.get_all("Child Protection Plan", {"member": member.name}, pluck="name")
		plan = frappe.get_doc("Child Protection Plan", plan)
		self.assertEqual(
			(
				plan.workflow_state,
				str(plan.strategy_discussion_date),
				str(plan.section_47_start),
				str(plan.icpc_date),
				str(plan.plan_start),
				plan.initial_category,
			),
			("Active Plan", "2025-06-16", "2025-06-16", "2025-07-04", "2025-07-04", "NEG - Neglect"),
		)
		self.assertEqual([str(r.review_date) for r in plan.reviews], ["2025-10-03", "2026-03-27"])
		unborn = frappe.get_doc("Member", member_of(child_id(4)))
		self.assertEqual(unborn.member_type, "Unborn Child")
		self.assertEqual(frappe.utils.getdate(unborn.expected_date_of_birth), born(4))
		(nfa,) = frappe.get_all(
			"CIN Episode", {"member": unborn.name}, ["no_further_action", "closure_reason"]
		)
		self.assertEqual((nfa.no_further_action, nfa.closure_reason[:3]), (1, "RC8"))

	def test_importing_the_same_file_again_changes_nothing(self):
		self.import_xml(sample(5, 6))
		records = records_of(member_of(child_id(5))) + records_of(member_of(child_id(6)))
		before, counted = modified(records), rows()
		result = self.import_xml(sample(5, 6))
		self.assertEqual(self.outcomes(result), {child_id(5): "Unchanged", child_id(6): "Unchanged"})
		self.assertEqual((result.matched, result.created, result.updated), (2, 0, 0))
		self.assertEqual(modified(records), before)
		self.assertEqual(rows(), counted)

	def test_a_later_years_file_brings_the_records_up_to_date(self):
		referred, conference = date(2025, 5, 2), date(2025, 7, 4)
		child = simple_child(7, sex="F")
		first_year = replace(
			child,
			episodes=(
				Episode(
					referral_date=referred,
					referral_source="6",
					assessments=(Assessment(date(2025, 5, 6)),),
					section_47s=(Section47(date(2025, 6, 16), icpc_date=conference),),
					protection_plans=(
						ChildProtectionPlan(
							conference,
							initial_category="NEG",
							latest_category="NEG",
							review_dates=(date(2025, 10, 3),),
						),
					),
				),
			),
		)
		self.assertEqual(self.outcomes(self.import_model(census(first_year))), {child_id(7): "Created"})
		# the next year's file: the enquiry and the conference were before its year
		closed = date(2026, 5, 29)
		next_year = replace(
			child,
			episodes=(
				Episode(
					referral_date=referred,
					referral_source="6",
					closure_date=closed,
					closure_reason="RC7",
					assessments=(Assessment(date(2025, 5, 6), authorisation_date=date(2025, 6, 10)),),
					protection_plans=(
						ChildProtectionPlan(
							conference,
							end_date=closed,
							initial_category="NEG",
							latest_category="NEG",
							review_dates=(date(2026, 3, 27),),
						),
					),
				),
			),
		)
		result = self.import_model(census(next_year, year_end=2027))
		self.assertEqual(self.outcomes(result), {child_id(7): "Updated"})
		member = member_of(child_id(7))
		(plan,) = frappe.get_all(
			"Child Protection Plan",
			{"member": member},
			["name", "workflow_state", "plan_end", "section_47_start"],
		)
		self.assertEqual(
			(plan.workflow_state, plan.plan_end, str(plan.section_47_start)),
			("Plan Ended", closed, "2025-06-16"),
		)
		reviews = frappe.get_all("Protection Review", {"parent": plan.name}, pluck="review_date")
		self.assertEqual(sorted(map(str, reviews)), ["2025-10-03", "2026-03-27"])
		episode = frappe.get_doc("CIN Episode", {"member": member})
		self.assertEqual((episode.closure_date, episode.closure_reason[:3]), (closed, "RC7"))
		self.assertEqual(str(episode.assessments[0].authorisation_date), "2025-06-10")
		records = records_of(member)
		before = modified(records)
		again = self.import_model(census(next_year, year_end=2027))
		self.assertEqual(self.outcomes(again), {child_id(7): "Unchanged"})
		self.assertEqual(modified(records), before)

	def test_an_unborn_child_born_since_is_updated_and_an_older_file_never_unbirths_it(self):
		expected = date(2026, 1, 20)
		unborn = replace(simple_child(8, sex="U"), birth_date=None, expected_birth_date=expected)
		self.import_model(census(unborn))
		member = member_of(child_id(8))
		self.assertEqual(frappe.db.get_value("Member", member, "member_type"), "Unborn Child")
		born_since = replace(unborn, sex="F", birth_date=date(2026, 1, 22), expected_birth_date=None)
		result = self.import_model(census(born_since, year_end=2027))
		self.assertEqual(self.outcomes(result), {child_id(8): "Updated"})
		self.assertEqual(
			frappe.db.get_value("Member", member, ["member_type", "date_of_birth", "sex"]),
			("Child", date(2026, 1, 22), "F - Female"),
		)
		records = records_of(member)
		before = modified(records)
		again = self.import_model(census(unborn))
		self.assertEqual(self.outcomes(again), {child_id(8): "Unchanged"})
		self.assertEqual(modified(records), before)

	def test_an_element_the_census_does_not_have_is_reported_and_the_child_imported(self):
		text = sample(9, 10).replace(
			"<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnicity><Religion>x</Religion>", 1
		)
		result = self.import_xml(text)
		self.assertEqual(self.outcomes(result), {child_id(9): "Created", child_id(10): "Created"})
		created = next(c for c in result.outcomes if c.la_child_id == child_id(9))
		self.assertIn("Religion is not a census element inside ChildCharacteristics", created.reason)


class TestMatching(CINImportTestCase):
	def test_a_child_is_found_by_its_la_child_id(self):
		known = self.known_child(la_child_id=child_id(20), date_of_birth="2012-01-01", sex="M - Male")
		result = self.import_model(census(simple_child(20, upn=upn(20))))
		self.assertEqual([(c.outcome, c.member) for c in result.outcomes], [("Updated", known)])
		self.assertIn("LA child ID", result.outcomes[0].reason)
		self.assertEqual(frappe.db.get_value("Member", known, "upn"), upn(20))
		self.assertEqual(frappe.db.count("Member", {"la_child_id": child_id(20)}), 1)

	def test_a_child_named_by_its_record_in_this_apps_return_is_found_by_it(self):
		# The app's own return names a child with no LA child ID by its record (MEM-0000123 is
		# MEM0000123): read back, that is the child, and not an LA child ID to keep.
		known = self.known_child(date_of_birth=born(25), sex="M - Male")
		result = self.import_model(census(replace(simple_child(25), la_child_id=census_child_id(known))))
		self.assertEqual([(c.outcome, c.member) for c in result.outcomes], [("Updated", known)])
		self.assertIn("record", result.outcomes[0].reason)
		self.assertFalse(frappe.db.get_value("Member", known, "la_child_id"))

	def test_a_child_is_found_by_its_upn(self):
		known = self.known_child(upn=upn(21), date_of_birth=born(21))
		result = self.import_model(census(simple_child(21, upn=upn(21))))
		self.assertEqual([(c.outcome, c.member) for c in result.outcomes], [("Updated", known)])
		self.assertIn("UPN", result.outcomes[0].reason)
		self.assertEqual(member_of(child_id(21)), known)

	def test_a_child_is_found_by_date_of_birth_and_sex_when_only_one_has_them(self):
		known = self.known_child(date_of_birth=born(22), sex="F - Female")
		result = self.import_model(census(simple_child(22, sex="F")))
		self.assertEqual([(c.outcome, c.member) for c in result.outcomes], [("Updated", known)])
		self.assertIn("date of birth and sex", result.outcomes[0].reason)
		self.assertEqual(member_of(child_id(22)), known)

	def test_two_children_with_the_date_of_birth_and_sex_refuse_the_match(self):
		for _twin in range(2):
			self.known_child(date_of_birth=born(23), sex="M - Male")
		before = rows()
		result = self.import_model(census(simple_child(23)))
		self.assertEqual(self.outcomes(result), {child_id(23): "Refused"})
		self.assertIn("2 children have the date of birth and sex", result.outcomes[0].reason)
		self.assertEqual(rows(), before)

	def test_a_upn_recorded_with_another_la_child_id_refuses_the_match(self):
		self.known_child(upn=upn(24), la_child_id=child_id(99924), date_of_birth=born(24))
		result = self.import_model(census(simple_child(24, upn=upn(24))))
		self.assertEqual(self.outcomes(result), {child_id(24): "Refused"})
		self.assertIn("whose LA child ID is another", result.outcomes[0].reason)
		self.assertIsNone(member_of(child_id(24)))


class TestRefusals(CINImportTestCase):
	def test_a_child_with_a_value_outside_the_code_lists_is_left_out(self):
		text = sample(30, 31).replace(
			"<ReferralSource>6</ReferralSource>", "<ReferralSource>11</ReferralSource>"
		)
		result = self.import_xml(text)
		self.assertEqual(self.outcomes(result), {child_id(30): "Refused", child_id(31): "Created"})
		refused = next(c for c in result.outcomes if c.la_child_id == child_id(30))
		self.assertIn("ReferralSource '11' is not a census code", refused.reason)
		self.assertIsNone(member_of(child_id(30)))
		self.assertTrue(member_of(child_id(31)))

	def test_a_child_whose_records_the_forms_refuse_is_rolled_back_whole(self):
		# the episode closes before its assessment started: nothing is recorded after a closure
		text = sample(32, 33).replace(
			"<PrimaryNeedCode>N1</PrimaryNeedCode>",
			"<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2025-05-05</CINclosureDate>"
			"<ReasonForClosure>RC7</ReasonForClosure>",
		)
		before = rows()
		result = self.import_xml(text)
		self.assertEqual(self.outcomes(result), {child_id(32): "Refused", child_id(33): "Created"})
		refused = next(c for c in result.outcomes if c.la_child_id == child_id(32))
		self.assertIn("after the episode closed", refused.reason)
		self.assertIsNone(member_of(child_id(32)))
		self.assertFalse(frappe.db.exists("Family", {"family_name": f"Imported from census {child_id(32)}"}))
		after = rows()
		self.assertEqual(after["Member"], before["Member"] + 1)
		self.assertEqual(after["Family"], before["Family"] + 1)
		self.assertEqual(after["CIN Episode"], before["CIN Episode"] + 1)
		self.assertEqual(after["Child Protection Plan"], before["Child Protection Plan"])

	def test_a_plan_that_does_not_start_on_its_conference_day_is_refused(self):
		text = sample(34, 35).replace(
			"<CPPstartDate>2025-07-04</CPPstartDate>", "<CPPstartDate>2025-07-07</CPPstartDate>"
		)
		result = self.import_xml(text)
		self.assertEqual(self.outcomes(result), {child_id(34): "Refused", child_id(35): "Created"})
		refused = next(c for c in result.outcomes if c.la_child_id == child_id(34))
		self.assertIn("a child protection plan starts on the day of the conference", refused.reason)
		self.assertIsNone(member_of(child_id(34)))

	def test_a_conference_at_a_weekend_is_refused(self):
		saturday = "2025-07-05"
		text = (
			sample(38, 39)
			.replace(
				"<DateOfInitialCPC>2025-07-04</DateOfInitialCPC>",
				f"<DateOfInitialCPC>{saturday}</DateOfInitialCPC>",
			)
			.replace("<CPPstartDate>2025-07-04</CPPstartDate>", f"<CPPstartDate>{saturday}</CPPstartDate>")
		)
		result = self.import_xml(text)
		self.assertEqual(self.outcomes(result), {child_id(38): "Refused", child_id(39): "Created"})
		refused = next(c for c in result.outcomes if c.la_child_id == child_id(38))
		self.assertIn("is a Saturday", refused.reason)
		self.assertIsNone(member_of(child_id(38)))

	def test_a_file_of_another_year_or_collection_is_refused_whole(self):
		before = rows()
		with self.assertRaisesRegex(frappe.ValidationError, "census of 2025-26; this import is for 2026-27"):
			self.import_xml(sample(36, 37), expected_year_end=2027)
		with self.assertRaisesRegex(frappe.ValidationError, "SSDA903 collection"):
			self.import_xml(
				sample(36, 37).replace("<Collection>CIN</Collection>", "<Collection>SSDA903</Collection>")
			)
		self.assertEqual(rows(), before)


class TestCINImportRecord(CINImportTestCase):
	def attach(self, text: str) -> str:
		file = frappe.get_doc(
			{
				"doctype": "File",
				"file_name": f"census-{RUN}.xml",
				"content": text.encode(),
				"is_private": 1,
			}
		).insert()
		self.addCleanup(lambda: frappe.delete_doc("File", file.name, force=True, ignore_permissions=True))
		return file.file_url

	def new_import(self, file_url: str, **fields):
		return frappe.get_doc(
			{"doctype": "CIN Import", "import_file": file_url, "team": self.team, **fields}
		).insert()

	def test_a_dry_run_then_the_import_for_real(self):
		file_url = self.attach(sample(40, 41))
		before = rows()
		dry = self.new_import(file_url)
		dry.reload()
		self.assertEqual((dry.status, dry.dry_run, dry.created, dry.census_year_read), ("Done", 1, 2, 2026))
		self.assertEqual([row.outcome for row in dry.outcomes], ["Would create", "Would create"])
		self.assertEqual(rows(), before)
		real = self.new_import(file_url, dry_run=0, census_year=2026)
		real.reload()
		self.assertEqual((real.status, real.created, real.refused), ("Done", 2, 0))
		self.assertEqual(
			{(row.la_child_id, row.outcome, row.member) for row in real.outcomes},
			{
				(child_id(40), "Created", member_of(child_id(40))),
				(child_id(41), "Created", member_of(child_id(41))),
			},
		)

	def test_a_finished_import_stays_as_it_was_run(self):
		done = self.new_import(self.attach(sample(44, 45)))
		done.reload()
		self.assertEqual((done.status, len(done.outcomes)), ("Done", 2))
		for change in ({"dry_run": 0}, {"census_year": 2025}, {"created": 0}):
			with self.subTest(change):
				changed = frappe.get_doc("CIN Import", done.name).update(change)
				with self.assertRaisesRegex(frappe.PermissionError, "stays as it was run"):
					changed.save()
		stored = frappe.get_doc("CIN Import", done.name)
		self.assertEqual((stored.dry_run, stored.created, len(stored.outcomes)), (1, 2, 2))

	def test_a_file_of_another_year_fails_with_the_reason(self):
		failed = self.new_import(self.attach(sample(42, 43)), dry_run=0, census_year=2025)
		failed.reload()
		self.assertEqual(failed.status, "Failed")
		self.assertIn("this import is for 2024-25", failed.error)
		self.assertIsNone(member_of(child_id(42)))

	def test_the_file_must_be_private(self):
		public = frappe.get_doc(
			{"doctype": "File", "file_name": f"public-{RUN}.xml", "content": b"<Message/>", "is_private": 0}
		).insert()
		self.addCleanup(lambda: frappe.delete_doc("File", public.name, force=True, ignore_permissions=True))
		with self.assertRaisesRegex(frappe.ValidationError, "private file"):
			self.new_import(public.file_url)

	def test_only_a_system_manager_may_import(self):
		manager = new_user(
			f"import.manager.{RUN}@example.org", "Import", "Manager", roles=["FS Team Manager"]
		)
		for right in ("read", "create"):
			self.assertFalse(frappe.has_permission("CIN Import", right, user=manager))
		self.assertTrue(frappe.has_permission("CIN Import", "create", user="Administrator"))


class TestRoundTrip(CINImportTestCase):
	def test_a_census_file_imported_and_exported_again_is_the_same_item_for_item(self):
		from family_safeguarding.returns.census import census_return
		from family_safeguarding.returns.cin_xml import write_return

		text = sample(50, 51)
		result = self.import_xml(text)
		self.assertEqual(result.created, 2)
		ids = {child_id(50), child_id(51)}
		exported = census_return(2026, la_code="201")
		exported_file = write_return(
			replace(exported, children=tuple(c for c in exported.children if c.la_child_id in ids))
		)
		ours, refusals = read_return(text.encode(), 2026)
		self.assertEqual(refusals, [])
		theirs, refusals = read_return(exported_file, 2026)
		self.assertEqual(refusals, [])
		by_id = {child.la_child_id: child for child in theirs.children}
		self.assertEqual(set(by_id), ids)
		for child in ours.children:
			self.assertIsNone(first_difference(child, by_id[child.la_child_id], child.la_child_id))

	def test_a_return_with_every_kind_of_item_comes_back_the_same(self):
		from family_safeguarding.returns.census import census_return
		from family_safeguarding.returns.cin_xml import write_return
		from family_safeguarding.timescales import icpc_due

		def enquiry(start: date, **items) -> Section47:
			return Section47(start, icpc_target=getdate(icpc_due(start)), **items)

		first = Child(
			la_child_id=child_id(52),
			sex="M",
			ethnicity="APKN",
			upn=upn(52),
			former_upn=upn(152),
			birth_date=born(52),
			disabilities=("MOB", "COMM"),
			episodes=(
				Episode(
					referral_date=date(2025, 4, 7),
					referral_source="1A",
					primary_need="N2",
					closure_date=date(2025, 6, 30),
					closure_reason="RC7",
					assessments=(
						Assessment(
							date(2025, 4, 8),
							internal_review_date=date(2025, 4, 22),
							authorisation_date=date(2025, 5, 20),
							factors=("21",),
						),
					),
					section_47s=(enquiry(date(2025, 4, 14), icpc_not_required=True),),
				),
				Episode(
					referral_date=date(2025, 9, 1),
					referral_source="5D",
					primary_need="N4",
					initial_cpc_date=date(2025, 9, 15),
					protection_plans=(
						ChildProtectionPlan(
							date(2025, 9, 15),
							end_date=date(2026, 2, 27),
							initial_category="PHY",
							latest_category="PHY",
							review_dates=(date(2025, 12, 1),),
						),
					),
				),
			),
		)
		second = Child(
			la_child_id=child_id(53),
			sex="F",
			ethnicity="BAFR",
			upn_unknown_reason="UN1",
			birth_date=born(53),
			episodes=(
				Episode(
					referral_date=date(2025, 10, 1),
					referral_source="2A",
					primary_need="N1",
					cin_plans=(CinPlan(date(2025, 10, 2)),),
					section_47s=(enquiry(date(2025, 10, 6), icpc_date=date(2025, 10, 27)),),
				),
			),
		)
		text = write_return(census(first, second)).decode()
		self.assertEqual(self.import_xml(text).created, 2)
		exported = census_return(2026, la_code="201")
		ids = {child_id(52), child_id(53)}
		theirs, refusals = read_return(
			write_return(
				replace(exported, children=tuple(c for c in exported.children if c.la_child_id in ids))
			)
		)
		self.assertEqual(refusals, [])
		by_id = {child.la_child_id: child for child in theirs.children}
		for child in (first, second):
			self.assertIsNone(first_difference(child, by_id.get(child.la_child_id), child.la_child_id))


def made_step_by_step(member: str, planned: PlannedPlan) -> str:
	"""The plan made the way a worker makes one: in the workflow's first state, then one save a step
	into each state of its route, the reviews held once it is active."""
	(_first, values), *steps = planned.steps
	doc = frappe.get_doc(
		{
			"doctype": "Child Protection Plan",
			"member": member,
			**{k: v for k, v in values.items() if v is not None},
		}
	).insert()
	for state, values in steps:
		doc.update({k: v for k, v in values.items() if v is not None})
		if state == ACTIVE_PLAN:
			for day in planned.reviews:
				doc.append("reviews", {"review_date": day, "outcome": IMPORTED_REVIEW_OUTCOME})
		doc.workflow_state = state
		doc.save()
	return doc.name


def plan_record(name: str) -> dict:
	"""What a plan holds, but what names it and its child."""
	doc = frappe.get_doc("Child Protection Plan", name)
	record = {
		field: value
		for field, value in doc.as_dict(no_default_fields=True).items()
		if field not in ("member", "member_name", "family") and not isinstance(value, list)
	}
	record["reviews"] = [(str(row.review_date), row.outcome, row.category) for row in doc.reviews]
	return record


class TestPlansMadeInTheirState(CINImportTestCase):
	"""A plan of the file is made in its workflow state with one save, on the route its history took
	(ChildProtectionPlan.validate_workflow), not saved once a step."""

	def histories(self) -> dict[str, Episode]:
		enquiry = Section47(date(2025, 6, 16), icpc_date=date(2025, 7, 4))
		plan = ChildProtectionPlan(
			date(2025, 7, 4),
			initial_category="NEG",
			latest_category="NEG",
			review_dates=(date(2025, 10, 3), date(2026, 3, 27)),
		)
		referral = {"referral_date": date(2025, 5, 2), "referral_source": "6", "primary_need": "N1"}
		return {
			ACTIVE_PLAN: Episode(**referral, section_47s=(enquiry,), protection_plans=(plan,)),
			PLAN_ENDED: Episode(
				**referral,
				section_47s=(enquiry,),
				protection_plans=(replace(plan, end_date=date(2026, 4, 10)),),
			),
			CLOSED_NO_PLAN: Episode(**referral, section_47s=(enquiry,)),
			"no conference needed": Episode(
				**referral, section_47s=(Section47(date(2025, 6, 16), icpc_not_required=True),)
			),
		}

	def test_an_imported_plan_is_the_record_the_workflows_steps_make(self):
		for n, (history, episode) in enumerate(self.histories().items(), 60):
			with self.subTest(history):
				imported = replace(simple_child(n), episodes=(episode,))
				# its twin has the same episode without the plan; the plan is then made step by step
				twin = replace(
					simple_child(n + 10),
					episodes=(replace(episode, section_47s=(), protection_plans=()),),
				)
				result = self.import_model(census(imported, twin))
				self.assertEqual(result.created, 2, result.outcomes)
				(plan,) = frappe.get_all(
					"Child Protection Plan", {"member": member_of(child_id(n))}, pluck="name"
				)
				(planned,) = planned_plans(imported)
				by_steps = made_step_by_step(member_of(child_id(n + 10)), planned)
				self.assertEqual(plan_record(plan), plan_record(by_steps))
				self.assertEqual(
					frappe.db.get_value("Child Protection Plan", plan, "workflow_state"), planned.state
				)

	def new_plan(self, n: int, state: str, route, **fields):
		doc = frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"member": self.known_child(date_of_birth=born(n)),
				"strategy_discussion_date": date(2025, 6, 16),
				"workflow_state": state,
				**fields,
			}
		)
		doc.flags.workflow_route = route
		return doc

	def test_a_route_the_workflow_does_not_take_is_refused(self):
		conference = {
			"icpc_date": date(2025, 7, 4),
			"plan_start": date(2025, 7, 4),
			"initial_category": "NEG - Neglect",
		}
		for n, (state, route) in enumerate(
			(
				(ACTIVE_PLAN, (STRATEGY_DISCUSSION, ACTIVE_PLAN)),  # a step the workflow does not have
				(ACTIVE_PLAN, (SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, ACTIVE_PLAN)),  # not from the first
				(
					CONFERENCE_SCHEDULED,
					(STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, ACTIVE_PLAN),
				),
			),
			70,
		):
			with self.subTest(route=route):
				before = frappe.db.count("Child Protection Plan")
				with self.assertRaisesRegex(frappe.ValidationError, "Workflow State transition not allowed"):
					self.new_plan(n, state, route, **conference).insert()
				self.assertEqual(frappe.db.count("Child Protection Plan"), before)

	def test_a_plan_made_on_its_route_needs_what_every_state_of_the_route_needs(self):
		# closed with no plan at the conference, with no conference date recorded
		route = (STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, CLOSED_NO_PLAN)
		doc = self.new_plan(73, CLOSED_NO_PLAN, route, no_plan_reason="No plan")
		with self.assertRaisesRegex(frappe.ValidationError, "first record: Initial Conference Date"):
			doc.insert()
		# a conference still to come: no plan starts before it is held
		route = (STRATEGY_DISCUSSION, SECTION_47_ENQUIRY, CONFERENCE_SCHEDULED, ACTIVE_PLAN, PLAN_ENDED)
		doc = self.new_plan(
			74,
			PLAN_ENDED,
			route,
			icpc_date=date.today() + timedelta(days=7),
			plan_start=date(2025, 7, 4),
			initial_category="NEG - Neglect",
			plan_end=date(2025, 9, 1),
			end_reason="Other",
		)
		with self.assertRaisesRegex(frappe.ValidationError, "has not been held yet"):
			doc.insert()


class TestNaming(CINImportTestCase):
	def test_the_records_are_numbered_from_their_series_which_goes_on_after_them(self):
		from frappe.model.naming import NamingSeries

		series = NamingSeries(frappe.get_meta("Member").autoname)
		prefix, before = series.get_prefix(), series.get_current_value()
		# the middle child is refused once its family and member are made: rolled back whole
		refused = replace(
			simple_child(81),
			episodes=(
				Episode(
					referral_date=date(2025, 5, 2),
					referral_source="6",
					closure_date=date(2025, 5, 5),
					closure_reason="RC7",
					assessments=(Assessment(date(2025, 5, 6)),),
				),
			),
		)
		result = self.import_model(census(simple_child(80), refused, simple_child(82)))
		self.assertEqual(
			self.outcomes(result), {child_id(80): "Created", child_id(81): "Refused", child_id(82): "Created"}
		)
		self.assertIsNone(member_of(child_id(81)))
		first, _refused, last = (outcome.member for outcome in result.outcomes)
		numbers = [int(name.removeprefix(prefix)) for name in (first, last)]
		self.assertEqual([first, last], [f"{prefix}{number:07d}" for number in numbers])
		self.assertLess(before, numbers[0])
		self.assertLess(numbers[0], numbers[1])
		# the series stops at the last number taken, and Frappe numbers the next member after it
		self.assertEqual(series.get_current_value(), numbers[1])
		self.assertEqual(self.known_child(date_of_birth=born(83)), f"{prefix}{numbers[1] + 1:07d}")


class TestPlansInsideTheProtocol(FrappeTestCase):
	"""Only a user outside the protocol makes a plan in a later state than the first."""

	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		cls.people = make_people()  # commits: made before anything of this class
		frappe.set_user("Administrator")

	def test_inside_the_protocol_a_new_plan_starts_in_the_first_state(self):
		people = self.people
		child = new_member(
			people.families.a1, "Child", this_run("Routed"), "Child", date_of_birth="2018-02-02"
		)
		doc = frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"member": child,
				"strategy_discussion_date": date(2025, 6, 16),
				"workflow_state": SECTION_47_ENQUIRY,
			}
		)
		doc.flags.workflow_route = (STRATEGY_DISCUSSION, SECTION_47_ENQUIRY)
		with as_user(people.users.sw_a1):
			self.assertTrue(frappe.has_permission("Child Protection Plan", "create", doc))
			with self.assertRaisesRegex(frappe.ValidationError, "Workflow State transition not allowed"):
				doc.insert()
		self.assertFalse(frappe.db.exists("Child Protection Plan", {"member": child}))


class TestImportInProcesses(CINImportTestCase):
	"""A long import shares its children among processes (import_groups.py, import_processes.py):
	they make the outcomes and the records one process makes. A process sees only what is
	committed, so this class commits what it makes, as a long import does."""

	@classmethod
	def setUpClass(cls):
		FrappeTestCase.setUpClass()
		frappe.set_user("Administrator")
		cls.team = new_team(this_run("Census Import in processes"))
		frappe.db.commit()

	def test_processes_import_a_file_as_one_process_does(self):
		known = self.known_child(la_child_id=child_id(90), date_of_birth=born(90), sex="M - Male")
		self.addCleanup(self.remove_children, [child_id(n) for n in range(90, 97)])
		twin_upn = upn(93)
		model = census(
			simple_child(90),  # the known child: updated with its episode
			simple_child(91),
			simple_child(92, sex="F"),
			simple_child(93, upn=twin_upn),
			simple_child(94, upn=twin_upn),  # the UPN of the child before: refused, as in one process
			simple_child(95),
			simple_child(96),
		)
		frappe.db.commit()
		before = rows()
		in_one = import_return(model, team=self.team, dry_run=True)
		# rolled back to its savepoint, it still holds the rows it locked: the processes would wait
		frappe.db.rollback()
		dry = import_return(model, team=self.team, dry_run=True, chunk=2, processes=2)
		self.assertEqual(dry.processes, 2)
		# the refusal names the record a dry run made of the child before, rolled back, named at random
		self.assertEqual(
			self.described(dry)[:4] + self.described(dry)[5:],
			self.described(in_one)[:4] + self.described(in_one)[5:],
		)
		for result in (in_one, dry):
			self.assertRegex(
				result.outcomes[4].reason, f"UPN {twin_upn} is recorded for .*, whose LA child ID is another"
			)
		self.assertEqual(rows(), before)
		self.assertEqual(
			self.outcomes(in_one),
			{
				child_id(90): "Would update",
				**{child_id(n): "Would create" for n in (91, 92, 93, 95, 96)},
				child_id(94): "Refused",
			},
		)

		real = import_return(model, team=self.team, dry_run=False, chunk=2, processes=2)
		frappe.db.commit()  # the processes committed: a new transaction sees what they made
		self.assertEqual(real.processes, 2)
		self.assertEqual(
			self.outcomes(real),
			{
				child_id(90): "Updated",
				**{child_id(n): "Created" for n in (91, 92, 93, 95, 96)},
				child_id(94): "Refused",
			},
		)
		self.assertEqual(real.outcomes[0].member, known)
		for child in real.outcomes:
			if child.outcome == "Created":
				self.assertEqual(member_of(child.la_child_id), child.member)
				self.assertEqual(len(frappe.get_all("CIN Episode", {"member": child.member})), 1)
		self.assertIsNone(member_of(child_id(94)))
		# what the processes made is what one process would have: importing again changes nothing
		again = import_return(model, team=self.team, dry_run=False)
		self.assertEqual(
			self.outcomes(again),
			{**{child_id(n): "Unchanged" for n in (90, 91, 92, 93, 95, 96)}, child_id(94): "Refused"},
		)
		frappe.db.commit()

	def test_a_process_that_fails_fails_the_import_and_says_why(self):
		def work(positions, report):
			if 1 in positions:
				raise ValueError("the second process's error")
			return [position * 10 for position in positions]

		self.assertEqual(
			run_in_processes(
				[[0, 2], [3]], lambda positions, report: [p * 10 for p in positions], lambda: None
			),
			{0: 0, 2: 20, 3: 30},
		)
		with self.assertRaisesRegex(ImportProcessFailed, "the second process's error"):
			run_in_processes([[0], [1]], work, lambda: None)

	def test_processes_reserving_names_of_a_new_series_at_once_take_numbers_apart(self):
		"""A new year's series is made by whichever process reserves from it first: processes that
		did it at the same moment deadlocked (found importing 20,000 children into a new site)."""
		prefix = f"FSTEST-{frappe.generate_hash(length=8)}-"

		def work(positions, report):
			names = _SeriesBlocks(_own_connection())
			try:
				return [tuple(names.reserve(prefix)) for _position in positions]
			finally:
				names.close()

		blocks = run_in_processes([list(range(n, 60, 3)) for n in range(3)], work, lambda: None)
		numbers = sorted(number for first, last in blocks.values() for number in range(first, last + 1))
		self.assertEqual(numbers, list(range(1, 60 * _SeriesBlocks.BLOCK + 1)))
		frappe.db.sql("delete from `tabSeries` where `name` = %s", prefix)
		frappe.db.commit()

	@staticmethod
	def remove_children(la_child_ids: list[str]) -> None:
		"""The children this class committed, with their families and records: left behind, they
		would be in the census of the site the suite ran on (.ci/run checks the demo's census there)."""
		frappe.db.rollback()
		for member in frappe.get_all("Member", {"la_child_id": ("in", la_child_ids)}, pluck="name"):
			found = records_of(member)  # the child and its family first, then its records
			for doctype, name in found[2:] + found[:2]:
				frappe.delete_doc(doctype, name, force=True, ignore_permissions=True, delete_permanently=True)
		frappe.db.commit()

	@staticmethod
	def described(result) -> list[tuple[str, str, str]]:
		return [(child.la_child_id, result.shown(child), child.reason) for child in result.outcomes]
