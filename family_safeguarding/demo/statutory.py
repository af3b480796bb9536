"""The demo's statutory work: children on plans at each stage, one family in pre-proceedings and one
in proceedings, referrals in every state and some of it overdue; then the daily job flags and
notifies, as it would overnight."""

import frappe
from frappe import _
from frappe.model.workflow import apply_workflow
from frappe.utils import add_days, getdate

from family_safeguarding.demo.dates import demo_day, last_census_year, weekday_on_or_after
from family_safeguarding.demo.families import demo_family
from family_safeguarding.demo.people import DOMESTIC_ABUSE_SERVICE, MENTAL_HEALTH_TRUST, RECOVERY_SERVICE
from family_safeguarding.rules import workflows
from family_safeguarding.statutory.daily import run_daily


def _walk(doc, steps):
	"""Take workflow actions in turn, recording each step's data first, as a worker would in the form:
	a list value adds rows to that table."""
	for values, action in steps:
		fields = {key: value for key, value in (values or {}).items() if not isinstance(value, list)}
		if fields:
			frappe.db.set_value(doc.doctype, doc.name, fields)
		rows = {key: value for key, value in (values or {}).items() if isinstance(value, list)}
		if rows:
			with_rows = frappe.get_doc(doc.doctype, doc.name)
			for table, table_rows in rows.items():
				for row in table_rows:
					with_rows.append(table, row)
			with_rows.save(ignore_permissions=True)
		apply_workflow(frappe.get_doc(doc.doctype, doc.name).as_dict(), action)
	return frappe.get_doc(doc.doctype, doc.name)


def _child(family: str, first_name: str | None = None, member_type: str = "Child") -> str:
	filters = {"family": family, "member_type": member_type}
	if first_name:
		filters["first_name"] = first_name
	return frappe.get_all("Member", filters=filters, pluck="name", order_by="creation asc", limit=1)[0]


def load_demo_statutory() -> dict:
	"""Children on plans at each stage, one family in pre-proceedings and one in proceedings,
	referrals in every state, and some of it overdue; then the daily job flags and notifies.
	Plans that began in the last complete census year are dated from its start, like the episodes
	they belong to (episodes.py); the rest back from the day the demo was first loaded (dates.py)."""
	today_ = demo_day()
	day = lambda n: add_days(today_, n)  # noqa: E731
	year = last_census_year(today_)
	in_year = lambda n: add_days(year.start, n)  # noqa: E731

	def conference(on):
		"""An initial conference's day: never at a weekend, so the Monday after one."""
		return weekday_on_or_after(getdate(on))

	def plans(member, *history):
		"""The child's plans, oldest first, each (strategy discussion date, workflow steps): made
		only for a child with no plan yet, so the demo can be loaded again."""
		if frappe.db.exists("Child Protection Plan", {"member": member}):
			return
		for strategy_discussion, steps in history:
			doc = frappe.get_doc(
				{
					"doctype": "Child Protection Plan",
					"member": member,
					"strategy_discussion_date": strategy_discussion,
				}
			).insert(ignore_permissions=True)
			_walk(doc, steps)

	ashworth = demo_family("Ashworth household")
	for first_name in ("Maisie", "Jack"):
		plans(
			_child(ashworth, first_name),
			(
				day(-70),
				[
					({"section_47_start": day(-69)}, workflows.START_ENQUIRY),
					({"icpc_date": conference(day(-52))}, workflows.BOOK_CONFERENCE),
					(
						{
							"initial_category": "EMO - Emotional abuse",
							"plan_start": conference(day(-52)),
							"last_visit": day(-25),
						},
						workflows.START_PLAN,
					),
				],
			),
		)
	evans = demo_family("Evans household")
	# The Evans children's plans in the census year, ended at a review when the neglect had eased;
	# Ruby is on a plan again.
	first_conference, plans_ended = conference(in_year(57)), conference(in_year(238))
	plan_in_the_year = (
		in_year(44),
		[
			({"section_47_start": in_year(45)}, workflows.START_ENQUIRY),
			({"icpc_date": first_conference}, workflows.BOOK_CONFERENCE),
			(
				{"initial_category": "NEG - Neglect", "plan_start": first_conference},
				workflows.START_PLAN,
			),
			(
				{
					"reviews": [
						{
							"review_date": conference(in_year(141)),
							"outcome": "Continue Plan",
							"category": "NEG - Neglect",
						},
						{"review_date": plans_ended, "outcome": "End Plan", "category": "NEG - Neglect"},
					],
					"plan_end": plans_ended,
					"end_reason": "No longer at continuing risk of significant harm",
				},
				workflows.END_PLAN,
			),
		],
	)
	for first_name in ("Ellie", "Mason"):
		plans(_child(evans, first_name), plan_in_the_year)
	plans(
		_child(evans, "Ruby"),
		plan_in_the_year,
		(
			day(-40),
			[
				({"section_47_start": day(-39)}, workflows.START_ENQUIRY),
				({"icpc_date": conference(day(-21))}, workflows.BOOK_CONFERENCE),
				(
					{
						"initial_category": "NEG - Neglect",
						"plan_start": conference(day(-21)),
						"last_visit": day(-3),
					},
					workflows.START_PLAN,
				),
			],
		),
	)
	plans(
		_child(demo_family("Brennan household"), "Aoife"),
		(day(-25), [({"section_47_start": day(-24)}, workflows.START_ENQUIRY)]),
	)
	davies = demo_family("Davies household")
	plans(
		_child(davies, member_type="Unborn Child"),
		(
			day(-8),
			[
				({"section_47_start": day(-7)}, workflows.START_ENQUIRY),
				({"icpc_date": conference(day(5))}, workflows.BOOK_CONFERENCE),
			],
		),
	)
	plans(_child(demo_family("Kowalski household"), "Oskar"), (day(-3), []))
	lambert = demo_family("Lambert household")
	plans(
		_child(lambert, "Kai"),
		(
			in_year(61),
			[
				({"section_47_start": in_year(62)}, workflows.START_ENQUIRY),
				(
					{
						"icpc_not_required": 1,
						"no_plan_reason": "The enquiry found Kai safe with his grandmother's care and a CIN plan.",
					},
					workflows.NO_FURTHER_ACTION,
				),
			],
		),
	)
	plans(
		_child(lambert, "Lily"),
		(
			day(-200),
			[
				({"section_47_start": day(-199)}, workflows.START_ENQUIRY),
				({"icpc_date": conference(day(-185))}, workflows.BOOK_CONFERENCE),
				(
					{"initial_category": "NEG - Neglect", "plan_start": conference(day(-185))},
					workflows.START_PLAN,
				),
				(
					{"plan_end": day(-10), "end_reason": "No longer at continuing risk of significant harm"},
					workflows.END_PLAN,
				),
			],
		),
	)

	def plo(family, steps, **fields):
		if frappe.db.exists("PLO Case", {"family": family}):
			return
		children = frappe.get_all("Member", filters={"family": family, "is_child": 1}, pluck="name")
		doc = frappe.get_doc(
			{"doctype": "PLO Case", "family": family, "children": [{"member": c} for c in children], **fields}
		).insert(ignore_permissions=True)
		_walk(doc, steps)

	plo(
		evans,
		[
			(
				{
					"gateway_decision": workflows.ENTER_PRE_PROCEEDINGS,
					"letter_before_proceedings": day(-125),
					"pre_proceedings_meeting": day(-118),
				},
				workflows.ENTER_PRE_PROCEEDINGS,
			)
		],
		legal_gateway_date=day(-130),
	)
	plo(
		demo_family("Green household"),
		[
			(
				{"gateway_decision": workflows.ENTER_PRE_PROCEEDINGS, "letter_before_proceedings": day(-150)},
				workflows.ENTER_PRE_PROCEEDINGS,
			),
			(
				{
					"issue_date": day(-40),
					"court": "Hartshire Family Court",
					"court_case_number": "HF26C00417",
				},
				workflows.ISSUE_PROCEEDINGS,
			),
		],
		legal_gateway_date=day(-160),
	)

	def referral(family, agency, reason, steps, sent_days_ago=None, **fields):
		if frappe.db.exists("Referral", {"family": family, "to_agency": agency}):
			return
		doc = frappe.get_doc(
			{
				"doctype": "Referral",
				"family": family,
				"to_agency": agency,
				"reason": reason,
				"consent": "Given",
				"consent_date": day(-(sent_days_ago or 1) - 1),
				"service": "Assessment and treatment",
				"details": _(
					"A parent has asked for help with {0}. They know about this referral and want it. "
					"Please contact the family's social worker to arrange a first appointment."
				).format(_(reason).lower()),
				**fields,
			}
		).insert(ignore_permissions=True)
		for step in steps:
			doc = _walk(doc, [step])
			if step[1] == workflows.SEND and sent_days_ago:
				frappe.db.set_value(
					"Referral", doc.name, "sent_on", day(-sent_days_ago)
				)  # sent some days ago

	recovery, da, mh = RECOVERY_SERVICE, DOMESTIC_ABUSE_SERVICE, MENTAL_HEALTH_TRUST
	referral(
		demo_family("Brennan household"),
		recovery,
		"Parental Alcohol Misuse",
		[(None, workflows.SEND)],
		sent_days_ago=12,
	)
	referral(
		demo_family("Fletcher household"),
		recovery,
		"Parental Drug Misuse",
		[(None, workflows.SEND), (None, workflows.ACCEPT)],
		sent_days_ago=20,
	)
	referral(
		davies,
		recovery,
		"Parental Drug Misuse",
		[
			(None, workflows.SEND),
			(None, workflows.ACCEPT),
			({"first_appointment_on": day(-4)}, workflows.RECORD_FIRST_APPOINTMENT),
		],
		sent_days_ago=18,
	)
	referral(
		ashworth,
		da,
		"Domestic Abuse",
		[
			(None, workflows.SEND),
			(
				{"decline_reason": "Already supported by the independent domestic violence adviser"},
				workflows.DECLINE,
			),
		],
		sent_days_ago=30,
	)
	referral(demo_family("Chowdhury household"), mh, "Parental Mental Health", [])
	referral(
		demo_family("Hussain household"),
		recovery,
		"Parental Alcohol Misuse",
		[
			(None, workflows.SEND),
			(None, workflows.ACCEPT),
			({"first_appointment_on": day(-60)}, workflows.RECORD_FIRST_APPOINTMENT),
			(None, workflows.CLOSE),
		],
		sent_days_ago=80,
	)
	referral(demo_family("Jones household"), da, "Domestic Abuse", [(None, workflows.WITHDRAW)])

	run_daily()
	return {
		"plans": frappe.db.count("Child Protection Plan"),
		"plo": frappe.db.count("PLO Case"),
		"referrals": frappe.db.count("Referral"),
		"overdue": sum(
			frappe.db.count(dt, {"is_overdue": 1}) for dt in ("Child Protection Plan", "PLO Case", "Referral")
		),
	}
