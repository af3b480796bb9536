"""Ofsted's Annex A out of the records: each record of the test's own children in the lists it
belongs to, with its values written as Ofsted asks, in a workbook opened as Ofsted would open it;
records outside the period left out; an Annex A Return made by a Performance Analyst and refused to
case workers; and the export kept in the audit."""

import os
import tempfile
from datetime import date, timedelta
from io import BytesIO

import frappe
from dateutil.relativedelta import relativedelta
from frappe.tests.utils import FrappeTestCase
from frappe.utils import add_months, getdate, today
from openpyxl import load_workbook

from family_safeguarding.returns.annex_a import AnnexA, annex_a_workbook, workbook_of
from family_safeguarding.returns.annex_a_layout import LISTS
from family_safeguarding.tests.builders import RUN, new_family, new_member, this_run
from family_safeguarding.tests.utils import (
	TEAM_A,
	as_user,
	assert_refused_and_nothing_saved,
	make_people,
	raw_insert,
)

# The period: six months ending ten days ago (a return's period cannot end in the future).
TO = getdate(today()) - timedelta(days=10)
FROM = getdate(add_months(TO, -6)) + timedelta(days=1)


def day(offset: int) -> date:
	"""A day counted from the period's first."""
	return FROM + timedelta(days=offset)


def dmy(value: date) -> str:
	return value.strftime("%d/%m/%Y")


def sheets_of(content: bytes) -> dict:
	"""Each sheet of the workbook: its header row and its rows by Child Unique ID."""
	book = load_workbook(BytesIO(content))
	sheets = {}
	for sheet in book.worksheets:
		rows = list(sheet.iter_rows(values_only=True))
		header = list(rows[0])
		by_child = {}
		for row in rows[1:]:
			by_child.setdefault(row[0], []).append(dict(zip(header, row, strict=True)))
		sheets[sheet.title] = frappe._dict(sheet=sheet, header=header, rows=by_child)
	return sheets


class TestAnnexA(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		people = make_people()
		cls.u, cls.workers = people.users, people.workers
		frappe.set_user("Administrator")
		cls.family = new_family(this_run("Annex A Household"), TEAM_A, cls.workers.sw_a1, opened_on=day(-90))
		cls.worker_name = frappe.db.get_value("Agency Worker", cls.workers.sw_a1, "full_name")
		cls.child_id = f"ANX{RUN}".upper()
		# Child A: a contact, a referral with an assessment, a section 47 enquiry with its initial
		# conference, and a plan
		cls.born = date(2016, 3, 4)
		cls.child_a = new_member(
			cls.family,
			"Child",
			"Annex",
			"Protected",
			date_of_birth=cls.born,
			sex="F - Female",
			ethnicity="MWBA - White and Black African",
			la_child_id=cls.child_id,
			disabilities=[{"disability": "AUT - Autism or Asperger syndrome"}],
		)
		# Child B: a child in need plan, referred before the period and still open
		cls.child_b = new_member(
			cls.family, "Child", "Bea", "Supported", date_of_birth="2012-07-20", sex="M - Male"
		)
		# Child C: a plan that ended before the period
		cls.child_c = new_member(cls.family, "Child", "Cal", "Earlier", date_of_birth="2010-01-10")

		def record(doctype, member, **fields):
			return raw_insert({"doctype": doctype, "member": member, "family": cls.family, **fields})

		cls.contact = record(
			"Social Care Contact",
			cls.child_a,
			contact_date=day(5),
			contact_source="3A - Health services: GP",
			outcome="Referral to children's social care",
		)
		cls.contact_before = record(
			"Social Care Contact",
			cls.child_a,
			contact_date=day(-1),
			contact_source="6 - Police",
			outcome="No further action",
		)
		# an earlier referral of child A, closed with no further action before the period
		cls.episode_before = record(
			"CIN Episode",
			cls.child_a,
			referral_date=day(-60),
			referral_source="6 - Police",
			no_further_action=1,
			closure_date=day(-60),
			closure_reason="RC8 - Case closed after assessment, no further action",
		)
		cls.episode_a = record(
			"CIN Episode",
			cls.child_a,
			referral_date=day(6),
			referral_source="3A - Health services: GP",
			primary_need="N1 - Abuse or neglect",
			contact=cls.contact,
			assessments=[
				{
					"start_date": day(7),
					"authorisation_date": day(20),
					"child_seen": 1,
					"support_needed": "Yes",
				}
			],
		)
		cls.plan_a = record(
			"Child Protection Plan",
			cls.child_a,
			lead_social_worker=cls.workers.sw_a1,
			workflow_state="Active Plan",
			strategy_discussion_date=day(8),
			section_47_start=day(8),
			icpc_date=day(20),
			plan_start=day(20),
			initial_category="NEG - Neglect",
			last_visit=day(110),
			reviews=[
				{"review_date": day(100), "outcome": "Continue Plan", "category": "PHY - Physical abuse"}
			],
		)
		cls.episode_b = record(
			"CIN Episode",
			cls.child_b,
			referral_date=day(-40),
			referral_source="2A - Schools",
			primary_need="N4 - Family in acute stress",
			assessments=[{"start_date": day(-35), "authorisation_date": day(-15), "support_needed": "Yes"}],
			cin_plans=[{"start_date": day(-10)}],
		)
		cls.plan_c = record(
			"Child Protection Plan",
			cls.child_c,
			workflow_state="Plan Ended",
			strategy_discussion_date=day(-300),
			section_47_start=day(-300),
			icpc_date=day(-290),
			plan_start=day(-290),
			initial_category="EMO - Emotional abuse",
			plan_end=day(-1),
			end_reason="No longer at continuing risk of significant harm",
		)
		cls.sheets = sheets_of(annex_a_workbook(FROM, TO))

	def row(self, sheet: str, child_id: str) -> dict:
		rows = self.sheets[sheet].rows.get(child_id) or []
		self.assertEqual(len(rows), 1, f"{child_id} should be in {sheet} once")
		return rows[0]

	def child_b_id(self):
		return self.child_b.replace("-", "")

	def test_the_workbook_has_a_sheet_per_list_with_bold_frozen_headers(self):
		self.assertEqual(list(self.sheets), ["List 1", "List 3", "List 4", "List 5", "List 6", "List 7"])
		for annex_list in LISTS:
			sheet = self.sheets[annex_list.sheet]
			self.assertEqual(sheet.header, [column.header for column in annex_list.columns])
			self.assertEqual(
				sheet.header[:5],
				["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age of Child (Years)"],
			)
			self.assertEqual(sheet.sheet.freeze_panes, "A2")
			self.assertTrue(all(cell.font.b for cell in sheet.sheet[1]))

	def test_the_common_columns_of_a_child(self):
		row = self.row("List 1", self.child_id)
		self.assertEqual(row["Child Unique ID"], self.child_id)  # the council's LA child ID
		self.assertEqual(row["Gender"], "b) Female")
		self.assertEqual(row["Ethnicity"], "g) MWBA")
		self.assertEqual(row["Date of Birth"], dmy(self.born))
		self.assertEqual(row["Age of Child (Years)"], relativedelta(TO, self.born).years)
		# with no LA child ID, the member's record name without its dash
		self.assertEqual(self.row("List 6", self.child_b_id())["Gender"], "a) Male")

	def test_a_contact_is_in_list_1(self):
		row = self.row("List 1", self.child_id)
		self.assertEqual(row["Date of Contact"], dmy(day(5)))
		self.assertEqual(row["Contact Source"], "g) 3A: Health services")

	def test_a_referral_is_in_list_3_with_the_childs_referrals_of_the_last_12_months(self):
		row = self.row("List 3", self.child_id)
		self.assertEqual(row["Date of Referral"], dmy(day(6)))
		self.assertEqual(row["Referral Source"], "g) 3A: Health services")
		self.assertEqual(row["Referral NFA?"], "b) No")
		self.assertEqual(row["Number of Referrals in Last 12 Months"], 2)  # this one and the one before
		self.assertEqual(row["Allocated Team"], TEAM_A)
		self.assertEqual(row["Allocated Worker"], self.worker_name)

	def test_an_assessment_is_in_list_4(self):
		row = self.row("List 4", self.child_id)
		self.assertEqual(row["Does the Child have a Disability"], "a) Yes")
		self.assertEqual(row["Continuous Assessment Start Date"], dmy(day(7)))
		self.assertEqual(row["Child Seen During Continuous Assessment"], "a) Yes")
		self.assertEqual(row["Continuous Assessment Date of Authorisation"], dmy(day(20)))
		self.assertEqual(
			row["Was the child assessed as requiring LA children's social care support?"], "a) Yes"
		)

	def test_a_section_47_enquiry_and_its_conference_are_in_list_5(self):
		row = self.row("List 5", self.child_id)
		self.assertEqual(row["Strategy discussion initiating Section 47 Enquiry Start Date"], dmy(day(8)))
		self.assertEqual(row["Was an Initial Child Protection Conference deemed unnecessary?"], "b) No")
		self.assertEqual(row["Date of Initial Child Protection Conference"], dmy(day(20)))
		self.assertEqual(
			row["Did the Initial Child Protection Conference Result in a Child Protection Plan"], "a) Yes"
		)
		self.assertEqual(row["Number of Section 47 Enquiries in the last 12 months"], 1)
		self.assertEqual(row["Number of ICPCs in the last 12 months"], 1)
		self.assertEqual(row["Allocated Worker"], self.worker_name)

	def test_a_plan_is_in_list_7_and_what_the_app_does_not_record_is_empty(self):
		row = self.row("List 7", self.child_id)
		self.assertEqual(row["Child Protection Plan Start Date"], dmy(day(20)))
		self.assertEqual(row["Initial Category of Abuse"], "a) Neglect")
		self.assertEqual(row["Latest Category of Abuse"], "b) Physical abuse")  # from the review
		self.assertEqual(row["Date of the Last Statutory Visit"], dmy(day(110)))
		self.assertEqual(row["Date of latest review conference"], dmy(day(100)))
		self.assertIsNone(row["Child Protection Plan End Date"])
		self.assertEqual(row["Number of Previous Child Protection Plans"], 0)
		self.assertIsNone(row["Was the Child Seen Alone?"])
		self.assertIsNone(
			row[
				"Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)"
			]
		)
		self.assertEqual(row["Allocated Team"], TEAM_A)

	def test_children_in_need_are_in_list_6_with_their_status_at_the_periods_end(self):
		row_a = self.row("List 6", self.child_id)
		self.assertEqual(row_a["CIN Start Date"], dmy(day(6)))
		self.assertEqual(row_a["Primary Need Code"], "N1 - Abuse or neglect")
		self.assertEqual(row_a["Case Status"], "b) Child Protection plan")
		self.assertEqual(row_a["Date Child Was Last Seen"], dmy(day(110)))  # the plan's last visit
		row_b = self.row("List 6", self.child_b_id())
		self.assertEqual(row_b["CIN Start Date"], dmy(day(-40)))
		self.assertEqual(row_b["Primary Need Code"], "N4 - Family in acute stress")
		self.assertEqual(row_b["Case Status"], "c) Child in need plan")
		self.assertEqual(row_b["Does the Child have a Disability"], "c) Unknown")  # none recorded
		self.assertIsNone(row_b["CIN Closure Date"])
		self.assertIsNone(row_b["Date Child Was Last Seen"])
		self.assertEqual(row_b["Allocated Worker"], self.worker_name)

	def test_records_outside_the_period_are_not_listed(self):
		# child A's contact of the day before is left out, and so is the referral closed before
		self.assertEqual(len(self.sheets["List 1"].rows[self.child_id]), 1)
		self.assertEqual(len(self.sheets["List 3"].rows[self.child_id]), 1)
		self.assertEqual(len(self.sheets["List 6"].rows[self.child_id]), 1)
		# child B was referred, and assessed, before the period
		self.assertNotIn(self.child_b_id(), self.sheets["List 3"].rows)
		self.assertNotIn(self.child_b_id(), self.sheets["List 4"].rows)
		# child C's plan ended the day before the period began
		child_c = self.child_c.replace("-", "")
		for sheet in self.sheets.values():
			self.assertNotIn(child_c, sheet.rows)
		# the same records, in a period that ends before them, are in no list
		earlier = sheets_of(annex_a_workbook(FROM - timedelta(days=400), FROM - timedelta(days=200)))
		for sheet in earlier.values():
			self.assertNotIn(self.child_id, sheet.rows)

	def test_text_that_looks_like_a_formula_stays_text(self):
		rows = {annex_list.key: [] for annex_list in LISTS}
		rows["contacts"] = [{"child_id": '=HYPERLINK("http://example.org")', "contact_date": FROM}]
		rows["referrals"] = [{"child_id": "C1", "team": "Team\x07 =1+1", "worker": "=1+1"}]
		book = load_workbook(BytesIO(workbook_of(AnnexA(FROM, TO, rows))))
		contact = book["List 1"]["A2"]
		self.assertEqual((contact.value, contact.data_type), ('=HYPERLINK("http://example.org")', "s"))
		self.assertEqual(book["List 1"]["F2"].value, dmy(FROM))
		referral = book["List 3"]
		self.assertEqual(referral["J2"].value, "Team =1+1")  # the control character dropped
		self.assertEqual((referral["K2"].value, referral["K2"].data_type), ("=1+1", "s"))

	def test_what_came_after_the_periods_end_is_left_out(self):
		# ending the period before the review, the visit and the conference: as the records stood then
		sheets = sheets_of(annex_a_workbook(FROM, day(15)))
		row = sheets["List 5"].rows[self.child_id][0]
		self.assertIsNone(row["Date of Initial Child Protection Conference"])
		self.assertIsNone(
			row["Did the Initial Child Protection Conference Result in a Child Protection Plan"]
		)
		self.assertNotIn(self.child_id, sheets["List 7"].rows)  # the plan began after
		self.assertIsNone(
			sheets["List 4"].rows[self.child_id][0]["Continuous Assessment Date of Authorisation"]
		)
		self.assertEqual(sheets["List 6"].rows[self.child_id][0]["Case Status"], "d) Open assessment")


class TestAnnexAReturn(FrappeTestCase):
	@classmethod
	def setUpClass(cls):
		super().setUpClass()
		people = make_people()
		cls.u = people.users
		frappe.set_user("Administrator")
		family = new_family(
			this_run("Annex A Return Household"), TEAM_A, people.workers.sw_a1, opened_on=day(-30)
		)
		cls.child = new_member(family, "Child", "Annex", "Returned", date_of_birth="2015-05-05")
		cls.plan = raw_insert(
			{
				"doctype": "Child Protection Plan",
				"member": cls.child,
				"family": family,
				"workflow_state": "Active Plan",
				"strategy_discussion_date": day(1),
				"section_47_start": day(1),
				"icpc_date": day(10),
				"plan_start": day(10),
				"initial_category": "SAB - Sexual abuse",
			}
		)
		cls.family = family

	def new_return(self, **fields):
		return frappe.get_doc({"doctype": "Annex A Return", "from_date": FROM, "to_date": TO, **fields})

	def test_a_performance_analyst_makes_a_return_with_its_workbook(self):
		with as_user(self.u.analyst):
			made = self.new_return().insert()
			made.reload()
			self.assertEqual(made.status, "Ready")
			self.assertEqual(made.made_by, self.u.analyst)
			file = frappe.get_doc("File", {"file_url": made.workbook})
			self.assertTrue(file.is_private)
			self.assertEqual((file.attached_to_doctype, file.attached_to_name), ("Annex A Return", made.name))
			self.assertTrue(frappe.has_permission("File", "read", doc=file))
			sheets = sheets_of(file.get_content())
		self.assertEqual(
			sheets["List 7"].rows[self.child.replace("-", "")][0]["Initial Category of Abuse"],
			"c) Sexual abuse",
		)
		# the counts kept on the return are the workbook's rows
		counts = {row.sheet: row.rows for row in made.lists}
		for sheet, rows in sheets.items():
			self.assertEqual(counts[sheet], sum(len(child_rows) for child_rows in rows.rows.values()), sheet)
		# a social worker reads neither the return nor its workbook
		with as_user(self.u.sw_a1):
			self.assertFalse(frappe.has_permission("Annex A Return", "read", doc=made.name))
			self.assertFalse(frappe.has_permission("File", "read", doc=file))

	def test_case_workers_may_not_make_one_and_nothing_is_saved(self):
		for user in (self.u.sw_a1, self.u.tm_a):
			with as_user(user):
				assert_refused_and_nothing_saved(self, self.new_return(), "", frappe.PermissionError)

	def test_a_period_backwards_too_long_or_in_the_future_is_refused(self):
		with as_user(self.u.analyst):
			for fields, message in (
				({"to_date": FROM - timedelta(days=1)}, "To Date .* is before From Date"),
				({"from_date": TO - timedelta(days=800)}, "longer than 24 months"),
				({"to_date": getdate(today()) + timedelta(days=1)}, "To Date cannot be in the future"),
			):
				assert_refused_and_nothing_saved(self, self.new_return(**fields), message)

	def test_the_export_is_in_the_audit(self):
		with as_user(self.u.analyst):
			made = self.new_return().insert()
		rows = frappe.get_all(
			"Case Record Access",
			filters={"endpoint": ("like", f"%{made.name}%")},
			fields=["user", "how", "reference_doctype", "reference_name", "family", "endpoint", "superuser"],
		)
		read = {(row.reference_doctype, row.reference_name): row for row in rows}
		self.assertIn(("Annex A Return", made.name), read)  # who, and through the return which period
		for record in (("Member", self.child), ("Child Protection Plan", self.plan), ("Family", self.family)):
			self.assertIn(record, read)
			self.assertEqual(read[record].family, self.family)
		for row in rows:
			self.assertEqual((row.user, row.how, row.superuser), (self.u.analyst, "Export", 0))
			self.assertIn(f"{FROM} to {TO}", row.endpoint)

	def test_the_command_writes_the_workbook_to_its_file_and_keeps_none_on_the_site(self):
		with tempfile.TemporaryDirectory() as folder:
			output = os.path.join(folder, "annex-a.xlsx")
			doc = self.new_return()
			doc.flags.output = output  # as family-safeguarding-annex-a does
			doc.insert()
			doc.reload()
			with open(output, "rb") as file:
				sheets = sheets_of(file.read())
		self.assertEqual((doc.status, doc.written_to, doc.workbook), ("Ready", output, None))
		self.assertIn(self.child.replace("-", ""), sheets["List 7"].rows)
		self.assertFalse(
			frappe.db.exists("File", {"attached_to_doctype": "Annex A Return", "attached_to_name": doc.name})
		)
		self.assertTrue(
			frappe.db.exists(
				"Case Record Access",
				{"reference_name": self.child, "endpoint": ("like", "bench family-safeguarding-annex-a%")},
			)
		)
