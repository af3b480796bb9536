"""The demo children's history with children's social care: contacts, and the CIN episodes that
followed them (referral, assessment, CIN plan, closure), made before the child protection plans so
that each plan finds the episode it belongs to.

Every demo child but the younger unborn baby has an episode open today. Work that began in the
last complete census year (dates.py) is dated from that year's start, so a census of that year
(2025-26 for any day of 2026-27) always has children in it: episodes still open at its end, with
assessments and CIN plans; closed ones (after assessment, no further action; after assessment,
referred to early help; after a CIN plan); a referral with no further action; a pre-birth referral;
a contact that led to early help and no referral. Later work is dated back from today, like the
rest of the demo (from the day it was first loaded, dates.py). The child protection plans of the
year are statutory.py's.
"""

from datetime import date, timedelta

import frappe
from frappe.utils import getdate

from family_safeguarding.demo.children import demo_child, option_for
from family_safeguarding.demo.dates import demo_day, last_census_year
from family_safeguarding.rules.census.codes import CONTACT_OUTCOMES, PRIMARY_NEEDS, REFERRAL_SOURCES
from family_safeguarding.rules.code_lists import CLOSURE_REASONS

REFERRED, EARLY_HELP = CONTACT_OUTCOMES[0], CONTACT_OUTCOMES[1]


def contact(on: date, source: str, outcome: str = REFERRED) -> dict:
	"""A contact with children's social care; `source` is the referral source code ("6": police)."""
	return {"contact_date": on, "contact_source": option_for(REFERRAL_SOURCES, source), "outcome": outcome}


def assessment(
	start: date,
	authorised: date | None = None,
	factors: str | None = None,
	reviewed: date | None = None,
	support_needed: bool = True,
) -> dict:
	"""An assessment; open until it is authorised, with the factors it identified."""
	return {
		"start_date": start,
		"internal_review_date": reviewed,
		"authorisation_date": authorised,
		"factors": factors if authorised else None,
		"child_seen": 1,
		"support_needed": ("Yes" if support_needed else "No") if authorised else None,
	}


def episode(
	referred: date,
	source: str,
	need: str | None = None,
	contacted: date | None = None,
	assessments=(),
	cin_plans=(),
	closed: tuple[date, str] | None = None,
	no_further_action: bool = False,
) -> dict:
	"""A referral and what followed it: `need` the primary need code ("N1"), `contacted` the day of
	the contact it came from (the same source), `cin_plans` (start, end or None), `closed` (closure
	date, reason code)."""
	return {
		"contact": contact(contacted, source) if contacted else None,
		"referral_date": referred,
		"referral_source": option_for(REFERRAL_SOURCES, source),
		"primary_need": option_for(PRIMARY_NEEDS, need) if need else None,
		"no_further_action": int(no_further_action),
		"assessments": list(assessments),
		"cin_plans": [{"start_date": start, "end_date": end} for start, end in cin_plans],
		"closure_date": closed[0] if closed else None,
		"closure_reason": option_for(CLOSURE_REASONS, closed[1]) if closed else None,
	}


def demo_histories(today_: date) -> dict[tuple[str, str | None], tuple[list[dict], list[dict]]]:
	"""Each demo child's (contacts that led to no referral, episodes), by (household, first name;
	None for the unborn child)."""
	year = last_census_year(today_)

	def ago(days: int) -> date:
		return today_ - timedelta(days=days)

	def in_year(days: int) -> date:
		"""A day of the last complete census year, `days` (under 365) after its 1 April. Today is at
		least 365 days after that 1 April, so in_year(d) comes before ago(n) whenever d + n < 365."""
		return year.start + timedelta(days=days)

	histories: dict = {}

	def history(family_name, first_name, *episodes, contacts=()):
		histories[family_name, first_name] = (list(contacts), list(episodes))

	# Domestic abuse: a police notification in the year, closed after assessment with early help;
	# a second one this year, and child protection plans (statutory.py).
	for child in ("Maisie", "Jack"):
		history(
			"Ashworth household",
			child,
			episode(
				in_year(151),
				"6",
				"N5",
				contacted=in_year(150),
				assessments=[assessment(in_year(152), in_year(180), "3B", support_needed=False)],
				closed=(in_year(182), "RC9"),
			),
			episode(
				ago(75),
				"6",
				"N1",
				contacted=ago(76),
				assessments=[assessment(ago(74), ago(45), "3B, 17A", reviewed=ago(60))],
			),
		)
	# The school asked for help in the year and early help gave it; referred by the school this
	# autumn, Aoife under a section 47 enquiry, Connor on a CIN plan.
	history(
		"Brennan household",
		"Aoife",
		episode(ago(27), "2A", "N1", contacted=ago(28), assessments=[assessment(ago(26))]),
		contacts=[contact(in_year(200), "2A", EARLY_HELP)],
	)
	history(
		"Brennan household",
		"Connor",
		episode(
			ago(27),
			"2A",
			"N1",
			contacted=ago(28),
			assessments=[assessment(ago(26), ago(6), "1B")],
			cin_plans=[(ago(5), None)],
		),
	)
	# The GP's referral in the year: on a CIN plan since.
	history(
		"Chowdhury household",
		"Ayaan",
		episode(
			in_year(96),
			"3A",
			"N3",
			contacted=in_year(95),
			assessments=[assessment(in_year(97), in_year(125), "4B", reviewed=in_year(110))],
			cin_plans=[(in_year(130), None)],
		),
	)
	# The midwife's pre-birth referral (the unborn baby is under a section 47 enquiry); probation's
	# referral of Tyler a little earlier.
	history(
		"Davies household",
		None,
		episode(ago(10), "3D", "N1", contacted=ago(11), assessments=[assessment(ago(9))]),
	)
	history(
		"Davies household",
		"Tyler",
		episode(ago(20), "7", "N1", contacted=ago(21), assessments=[assessment(ago(19))]),
	)
	# Neglect: referred by the school in the year, on child protection plans that ended in the year
	# (statutory.py), then on CIN plans. The family is in pre-proceedings. Ruby's CIN plan ended at
	# this year's strategy discussion; she was assessed again in the section 47 enquiry, and is on
	# a second child protection plan.
	ruby = {"assessed_again": [assessment(ago(39), ago(12), "16A")], "cin_plan_ended": ago(40)}
	for child in ("Ellie", "Mason", "Ruby"):
		later = ruby if child == "Ruby" else {}
		history(
			"Evans household",
			child,
			episode(
				in_year(40),
				"2A",
				"N1",
				contacted=in_year(38),
				assessments=[
					assessment(in_year(41), in_year(75), "16A", reviewed=in_year(60)),
					*later.get("assessed_again", []),
				],
				cin_plans=[(in_year(245), later.get("cin_plan_ended"))],
			),
		)
	# The midwife's referral before Harley was born: on a CIN plan since.
	harley = demo_child("Fletcher household", "Harley")
	born = getdate(frappe.db.get_value("Member", harley, "date_of_birth")) if harley else ago(400)
	history(
		"Fletcher household",
		"Harley",
		episode(
			born - timedelta(days=70),
			"3D",
			"N1",
			contacted=born - timedelta(days=72),
			assessments=[assessment(born - timedelta(days=68), born - timedelta(days=35), "2B")],
			cin_plans=[(born - timedelta(days=30), None)],
		),
	)
	# Domestic abuse and a parent's mental health: referred by the police early in the year, on a
	# CIN plan since; the family is now in care proceedings.
	history(
		"Green household",
		"Poppy",
		episode(
			in_year(21),
			"6",
			"N1",
			contacted=in_year(20),
			assessments=[assessment(in_year(22), in_year(58), "3B, 4B", reviewed=in_year(40))],
			cin_plans=[(in_year(60), None)],
		),
	)
	# A CIN plan in the year that ended when Zara was no longer in need; referred again this year
	# after her father's admission to A&E.
	history(
		"Hussain household",
		"Zara",
		episode(
			in_year(11),
			"5A",
			"N4",
			contacted=in_year(10),
			assessments=[assessment(in_year(12), in_year(48), "1B")],
			cin_plans=[(in_year(50), in_year(230))],
			closed=(in_year(230), "RC7"),
		),
		episode(
			ago(100),
			"3E",
			"N1",
			contacted=ago(101),
			assessments=[assessment(ago(99), ago(62), "1B")],
			cin_plans=[(ago(60), None)],
		),
	)
	# The health visitor's referral in the year, closed after assessment with no further action;
	# the school's referral this year led to a CIN plan. The unborn baby is not due for months.
	history(
		"Ivanova household",
		"Daniel",
		episode(
			in_year(181),
			"3B",
			"N1",
			contacted=in_year(180),
			assessments=[assessment(in_year(182), in_year(214), "16A", support_needed=False)],
			closed=(in_year(216), "RC8"),
		),
		episode(
			ago(60),
			"2A",
			"N1",
			contacted=ago(61),
			assessments=[assessment(ago(59), ago(25), "16A, 20")],
			cin_plans=[(ago(22), None)],
		),
	)
	# A police notification about Alfie in the year needed no further action; the next, this year,
	# led to an assessment of both children and CIN plans.
	for child in ("Alfie", "Isla"):
		in_the_year = (
			[episode(in_year(271), "6", contacted=in_year(270), no_further_action=True)]
			if child == "Alfie"
			else []
		)
		history(
			"Jones household",
			child,
			*in_the_year,
			episode(
				ago(45),
				"6",
				"N1",
				contacted=ago(46),
				assessments=[assessment(ago(44), ago(16), "3B")],
				cin_plans=[(ago(14), None)],
			),
		)
	# Referred by the police this week; the strategy discussion is statutory.py's.
	history(
		"Kowalski household",
		"Oskar",
		episode(ago(5), "6", "N3", contacted=ago(6), assessments=[assessment(ago(4))]),
	)
	# Neglect: referred by the school in the year. Kai's section 47 enquiry found no conference was
	# needed (statutory.py), and he has been on a CIN plan since. Lily's CIN plan ended at the
	# strategy discussion before her child protection plan, whose enquiry assessed her again, and a
	# new CIN plan began when the child protection plan ended.
	first_assessment = assessment(in_year(61), in_year(95), "16A", reviewed=in_year(80))
	history(
		"Lambert household",
		"Kai",
		episode(
			in_year(60),
			"2A",
			"N1",
			contacted=in_year(58),
			assessments=[first_assessment],
			cin_plans=[(in_year(100), None)],
		),
	)
	history(
		"Lambert household",
		"Lily",
		episode(
			in_year(60),
			"2A",
			"N1",
			contacted=in_year(58),
			assessments=[first_assessment, assessment(ago(199), ago(172), "16A")],
			cin_plans=[(in_year(100), ago(200)), (ago(5), None)],
		),
	)
	return histories


def load_demo_episodes() -> dict:
	"""Each demo child's contacts and episodes, made only for a child that has none yet, so that the
	demo can be loaded again (on another day too). Returns how many of each there are."""
	for (family_name, first_name), (contacts, episodes) in demo_histories(demo_day()).items():
		member = demo_child(family_name, first_name)
		if not member or any(
			frappe.db.exists(doctype, {"member": member})
			for doctype in ("CIN Episode", "Social Care Contact")
		):
			continue
		for fields in contacts:
			_insert("Social Care Contact", member, fields)
		# newest first: an older episode closed before a child protection plan's key date must find
		# the newer episode that holds it, on a site whose plans were loaded before its episodes
		for fields in sorted(episodes, key=lambda e: e["referral_date"], reverse=True):
			fields = dict(fields)
			if fields["contact"]:
				fields["contact"] = _insert("Social Care Contact", member, fields["contact"])
			_insert("CIN Episode", member, fields)
	return {
		"contacts": frappe.db.count("Social Care Contact"),
		"episodes": frappe.db.count("CIN Episode"),
		"open": frappe.db.count("CIN Episode", {"closure_date": ("is", "not set"), "no_further_action": 0}),
	}


def _insert(doctype: str, member: str, fields: dict) -> str:
	return (
		frappe.get_doc({"doctype": doctype, "member": member, **fields}).insert(ignore_permissions=True).name
	)
