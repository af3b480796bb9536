"""Demo data: two teams, a worker of every specialism from the agency that employs them, users with
their roles, and a dozen families with members of every type, an unborn child among them.

Every builder here is idempotent (it finds what exists before creating), so the demo command can be
run again, and the bench tests build their fixtures with the same functions.
"""

import secrets
from datetime import timedelta

import frappe
from frappe import _
from frappe.utils import add_days, add_years, getdate, today
from frappe.utils.password import update_password

from family_safeguarding.rules.roles import ADMINISTRATOR, PERFORMANCE_ANALYST
from family_safeguarding.rules.superusers import SYSTEM_MANAGER, protocol_roles_among

DEMO_DOMAIN = "demo.family-safeguarding.example.org"

AGENCIES = {
	"Hartshire County Council Children's Services": "Children's Services",
	"Hartshire Constabulary": "Police",
	"Hartshire Probation Delivery Unit": "Probation",
	"Hartshire and West NHS Mental Health Trust": "NHS Mental Health Trust",
	"Hartshire Recovery Partnership": "Recovery Service",
	"Hartshire Domestic Abuse Service": "Domestic Abuse Service",
}
CHILDRENS_SERVICES = "Hartshire County Council Children's Services"

# (user id prefix, specialism, agency, display name)
TEAM_STAFF = (
	("manager", "Team Manager", CHILDRENS_SERVICES, "Team Manager"),
	("social.worker1", "Social Worker", CHILDRENS_SERVICES, "Social Worker 1"),
	("social.worker2", "Social Worker", CHILDRENS_SERVICES, "Social Worker 2"),
	("family.worker", "Family Worker", CHILDRENS_SERVICES, "Family Worker"),
	(
		"da.victim",
		"Domestic Abuse Victim Practitioner",
		"Hartshire Domestic Abuse Service",
		"DA Victim Practitioner",
	),
	(
		"da.perpetrator",
		"Domestic Abuse Perpetrator Practitioner",
		CHILDRENS_SERVICES,
		"DA Perpetrator Practitioner",
	),
	("police", "Police Domestic Abuse Officer", "Hartshire Constabulary", "Police DA Officer"),
	("probation", "Probation Officer", "Hartshire Probation Delivery Unit", "Probation Officer"),
	("recovery", "Recovery Worker", "Hartshire Recovery Partnership", "Recovery Worker"),
	(
		"mental.health",
		"Mental Health Practitioner",
		"Hartshire and West NHS Mental Health Trust",
		"Mental Health Practitioner",
	),
	(
		"psychologist",
		"Clinical Psychologist",
		"Hartshire and West NHS Mental Health Trust",
		"Clinical Psychologist",
	),
	("business.support", "Business Support", CHILDRENS_SERVICES, "Business Support"),
)

TEAMS = {
	"north": ("North Family Safeguarding Team", "Northgate"),
	"south": ("South Family Safeguarding Team", "Southmoor"),
}

# Fictional households: (family name, postcode, presenting issues, members, specialists allocated).
# A member is (member type, first name, last name, relationship, age in years; None for unborn).
FAMILIES = (
	(
		"Ashworth household",
		"NG1 1AA",
		["Domestic Abuse"],
		[
			("Parent", "Kerry", "Ashworth", "Mother", 29),
			("Parent", "Dean", "Ashworth", "Father", 33),
			("Child", "Maisie", "Ashworth", "Son or Daughter", 6),
			("Child", "Jack", "Ashworth", "Son or Daughter", 3),
		],
		["police", "da.victim", "da.perpetrator"],
	),
	(
		"Brennan household",
		"NG2 3BB",
		["Parental Alcohol Misuse"],
		[
			("Parent", "Siobhan", "Brennan", "Mother", 35),
			("Child", "Connor", "Brennan", "Son or Daughter", 12),
			("Child", "Aoife", "Brennan", "Son or Daughter", 9),
		],
		["recovery", "family.worker"],
	),
	(
		"Chowdhury household",
		"NG3 4DD",
		["Parental Mental Health"],
		[
			("Parent", "Ruma", "Chowdhury", "Mother", 31),
			("Carer", "Nasreen", "Chowdhury", "Grandparent", 62),
			("Child", "Ayaan", "Chowdhury", "Son or Daughter", 4),
		],
		["mental.health", "psychologist"],
	),
	(
		"Davies household",
		"NG4 5EE",
		["Domestic Abuse", "Parental Drug Misuse"],
		[
			("Parent", "Leanne", "Davies", "Mother", 24),
			("Other Adult", "Ryan", "Cole", "Parent's Partner", 27),
			("Unborn Child", "", "", "Son or Daughter", None),
			("Child", "Tyler", "Davies", "Son or Daughter", 2),
		],
		["police", "probation", "recovery"],
	),
	(
		"Evans household",
		"NG5 6FF",
		["Neglect"],
		[
			("Parent", "Gemma", "Evans", "Mother", 38),
			("Parent", "Carl", "Evans", "Father", 41),
			("Child", "Ellie", "Evans", "Son or Daughter", 15),
			("Child", "Mason", "Evans", "Son or Daughter", 11),
			("Child", "Ruby", "Evans", "Son or Daughter", 7),
		],
		["family.worker"],
	),
	(
		"Fletcher household",
		"NG6 7GG",
		["Parental Drug Misuse"],
		[
			("Parent", "Jodie", "Fletcher", "Mother", 19),
			("Child", "Harley", "Fletcher", "Son or Daughter", 1),
		],
		["recovery", "mental.health"],
	),
	(
		"Green household",
		"SM1 1HH",
		["Domestic Abuse", "Parental Mental Health"],
		[
			("Parent", "Natalie", "Green", "Mother", 30),
			("Parent", "Lee", "Green", "Father", 32),
			("Child", "Poppy", "Green", "Son or Daughter", 8),
		],
		["police", "mental.health", "da.victim"],
	),
	(
		"Hussain household",
		"SM2 2JJ",
		["Parental Alcohol Misuse"],
		[
			("Parent", "Imran", "Hussain", "Father", 44),
			("Parent", "Claire", "Hussain", "Step-parent", 39),
			("Child", "Zara", "Hussain", "Son or Daughter", 13),
		],
		["recovery"],
	),
	(
		"Ivanova household",
		"SM3 3LL",
		["Neglect", "Other"],
		[
			("Parent", "Elena", "Ivanova", "Mother", 27),
			("Child", "Daniel", "Ivanova", "Son or Daughter", 5),
			("Unborn Child", "", "", "Son or Daughter", None),
		],
		["family.worker", "psychologist"],
	),
	(
		"Jones household",
		"SM4 4NN",
		["Domestic Abuse"],
		[
			("Parent", "Kayleigh", "Jones", "Mother", 26),
			("Other Adult", "Scott", "Pryce", "Parent's Partner", 30),
			("Child", "Alfie", "Jones", "Son or Daughter", 4),
			("Child", "Isla", "Jones", "Son or Daughter", 2),
		],
		["police", "probation", "da.perpetrator"],
	),
	(
		"Kowalski household",
		"SM5 5PP",
		["Parental Mental Health", "Parental Alcohol Misuse"],
		[
			("Parent", "Marta", "Kowalski", "Mother", 36),
			("Child", "Oskar", "Kowalski", "Son or Daughter", 10),
		],
		["mental.health", "recovery"],
	),
	(
		"Lambert household",
		"SM6 6RR",
		["Neglect"],
		[
			("Carer", "Pauline", "Lambert", "Grandparent", 58),
			("Child", "Kai", "Lambert", "Son or Daughter", 16),
			("Child", "Lily", "Lambert", "Sibling", 14),
		],
		["family.worker"],
	),
)


def ensure_agency(agency_name: str, agency_type: str) -> str:
	if not frappe.db.exists("Agency", agency_name):
		frappe.get_doc(
			{"doctype": "Agency", "agency_name": agency_name, "agency_type": agency_type, "is_active": 1}
		).insert(ignore_permissions=True)
	return agency_name


def ensure_team(team_name: str, locality: str | None = None) -> str:
	if not frappe.db.exists("Family Safeguarding Team", team_name):
		frappe.get_doc(
			{
				"doctype": "Family Safeguarding Team",
				"team_name": team_name,
				"locality": locality,
				"is_active": 1,
			}
		).insert(ignore_permissions=True)
	return team_name


def ensure_user(
	email: str, first_name: str, last_name: str = "", password: str | None = None, roles=()
) -> str:
	if not frappe.db.exists("User", email):
		frappe.get_doc(
			{
				"doctype": "User",
				"email": email,
				"first_name": first_name,
				"last_name": last_name,
				"send_welcome_email": 0,
				"user_type": "System User",
				# the council's time zone, or "today" in the desk is another country's today
				"time_zone": frappe.db.get_single_value("System Settings", "time_zone"),
			}
		).insert(ignore_permissions=True)
	if roles:
		user = frappe.get_doc("User", email)
		missing = set(roles) - {row.role for row in user.roles}
		if missing:
			user.flags.ignore_permissions = True
			user.add_roles(*missing)
	if password:
		update_password(email, password)
	return email


def ensure_worker(user: str, agency: str, team: str, specialism: str, caseload_limit: int = 20) -> str:
	name = frappe.db.get_value("Agency Worker", {"user": user}, "name")
	if name:
		return name
	worker = frappe.get_doc(
		{
			"doctype": "Agency Worker",
			"user": user,
			"agency": agency,
			"team": team,
			"specialism": specialism,
			"is_active": 1,
			"caseload_limit": caseload_limit,
		}
	).insert(ignore_permissions=True)
	return worker.name


def set_team_manager(team: str, user: str) -> None:
	team_doc = frappe.get_doc("Family Safeguarding Team", team)
	if team_doc.team_manager != user:
		team_doc.team_manager = user
		team_doc.save(ignore_permissions=True)


def ensure_family(family_name: str, team: str, lead_social_worker: str, allocated=(), **fields) -> str:
	name = frappe.db.get_value("Family", {"family_name": family_name, "team": team}, "name")
	if name:
		return name
	opened_on = fields.pop("opened_on", add_days(today(), -120))
	family = frappe.get_doc(
		{
			"doctype": "Family",
			"family_name": family_name,
			"team": team,
			"lead_social_worker": lead_social_worker,
			"opened_on": opened_on,
			"allocations": [{"worker": worker, "from_date": opened_on} for worker in allocated],
			**fields,
		}
	)
	family.insert(ignore_permissions=True)
	return family.name


def ensure_member(family: str, member_type: str, first_name: str, last_name: str = "", **fields) -> str:
	filters = {"family": family, "member_type": member_type, "first_name": first_name}
	name = frappe.db.get_value("Member", filters, "name")
	if name:
		return name
	member = frappe.get_doc(
		{
			"doctype": "Member",
			"family": family,
			"member_type": member_type,
			"first_name": first_name,
			"last_name": last_name,
			**fields,
		}
	).insert(ignore_permissions=True)
	return member.name


def demo_email(team_key: str, prefix: str) -> str:
	return f"{team_key}.{prefix}@{DEMO_DOMAIN}"


def complete_setup_wizard_for_the_uk() -> bool:
	"""Answer Frappe's setup wizard as an English council would, if no one has yet.

	Until the wizard is complete, Frappe sends every user but Administrator to it.
	"""
	if frappe.db.get_single_value("System Settings", "setup_complete"):
		return False
	from frappe.desk.page.setup_wizard.setup_wizard import setup_complete

	setup_complete(
		{"language": "English", "country": "United Kingdom", "timezone": "Europe/London", "currency": "GBP"}
	)
	return True


DEMO_CHILD_POPULATION = 48_000
DEMO_ATTACHMENT = "ashworth-safety-plan.txt"


def ensure_demo_attachment() -> None:
	"""A private file on a family, as councils attach signed plans and letters."""
	family = frappe.db.get_value("Family", {"family_name": "Ashworth household"})
	if not family or frappe.db.exists(
		"File", {"attached_to_doctype": "Family", "attached_to_name": family, "file_name": DEMO_ATTACHMENT}
	):
		return
	frappe.get_doc(
		{
			"doctype": "File",
			"file_name": DEMO_ATTACHMENT,
			"attached_to_doctype": "Family",
			"attached_to_name": family,
			"is_private": 1,
			"content": "Family safety plan, agreed at the core group.\n"
			"1. Dean stays with his brother while the perpetrator programme runs.\n"
			"2. Kerry calls the DA service if he comes to the house.\n",
		}
	).insert(ignore_permissions=True)


IT_ADMINISTRATOR = f"it.administrator@{DEMO_DOMAIN}"


def ensure_it_administrator(password: str | None = None) -> str:
	"""The site's System Manager, who does no case work: made before any protocol user.

	After the setup wizard Frappe makes the first System User saved a System Manager, outside the
	protocol and able to read every record; made first, this user is the one. A demo loaded before
	it existed made the North team manager one: that role is taken back from the demo's FS users."""
	ensure_user(IT_ADMINISTRATOR, "IT Administrator", "", password, roles=[SYSTEM_MANAGER])
	for user in frappe.get_all(
		"Has Role",
		filters={
			"parenttype": "User",
			"role": SYSTEM_MANAGER,
			"parent": ("like", f"%@{DEMO_DOMAIN}"),
		},
		pluck="parent",
	):
		if user != IT_ADMINISTRATOR and protocol_roles_among(frappe.get_roles(user)):
			frappe.get_doc("User", user).remove_roles(SYSTEM_MANAGER)
	return IT_ADMINISTRATOR


def ensure_demo_people(password: str | None = None) -> dict:
	"""The IT administrator first, then the agencies, teams, workers and FS users; the workers by
	(team key, user id prefix)."""
	ensure_it_administrator(password)
	for agency, agency_type in AGENCIES.items():
		ensure_agency(agency, agency_type)

	workers = {}
	for team_key, (team_name, locality) in TEAMS.items():
		ensure_team(team_name, locality)
		for prefix, specialism, agency, title in TEAM_STAFF:
			email = demo_email(team_key, prefix)
			ensure_user(email, title, f"({locality})", password)
			workers[team_key, prefix] = ensure_worker(email, agency, team_name, specialism)
		set_team_manager(team_name, demo_email(team_key, "manager"))

	ensure_user(f"administrator@{DEMO_DOMAIN}", "FS Administrator", "", password, roles=[ADMINISTRATOR])
	ensure_user(f"analyst@{DEMO_DOMAIN}", "Performance Analyst", "", password, roles=[PERFORMANCE_ANALYST])
	return workers


def load_demo_data(password: str | None = None) -> str:
	"""Create (or bring up to date) the demo data set, and say who can log in with which password."""
	password = password or secrets.token_urlsafe(12)
	wizard_completed = complete_setup_wizard_for_the_uk()
	workers = ensure_demo_people(password)
	if not frappe.db.get_single_value("Family Safeguarding Settings", "child_population"):
		# an invented council's children, so that the rate per 10,000 shows in the reports
		frappe.db.set_single_value("Family Safeguarding Settings", "child_population", DEMO_CHILD_POPULATION)

	for number, (family_name, postcode, issues, members, specialists) in enumerate(FAMILIES):
		team_key = "north" if number < 6 else "south"
		lead = workers[team_key, "social.worker1" if number % 2 == 0 else "social.worker2"]
		family = ensure_family(
			family_name,
			TEAMS[team_key][0],
			lead,
			allocated=[workers[team_key, prefix] for prefix in specialists],
			postcode=postcode,
			town=TEAMS[team_key][1],
			address_line_1=f"{10 + number} Example Road",
			presenting_issues=[{"priority_issue": issue} for issue in issues],
		)
		for member_type, first_name, last_name, relationship, age in members:
			fields = {"relationship": relationship}
			if member_type == "Unborn Child":
				fields["expected_date_of_birth"] = add_days(today(), 60 + 30 * number)
			else:
				# Birthdays spread over the year so ages are realistic.
				fields["date_of_birth"] = add_days(add_years(getdate(today()), -age), -(17 * number + 11))
				fields["has_parental_responsibility"] = int(
					member_type == "Parent" and relationship != "Step-parent"
				)
			ensure_member(family, member_type, first_name, last_name, **fields)

	workbook = [
		load_demo_workbook(family)
		for family in frappe.get_all(
			"Family", filters={"family_name": ("in", [f[0] for f in FAMILIES])}, pluck="name"
		)
	]

	statutory = load_demo_statutory()
	ensure_demo_attachment()

	users = sorted(
		[demo_email(team_key, prefix) for team_key in TEAMS for prefix, *_ in TEAM_STAFF]
		+ [f"administrator@{DEMO_DOMAIN}", f"analyst@{DEMO_DOMAIN}"]
	)
	lines = [
		*(
			["Completed Frappe's setup wizard for an English council (Europe/London, GBP)."]
			if wizard_completed
			else []
		),
		"Family Safeguarding demo data is loaded:",
		f"  {len(AGENCIES)} agencies, {len(TEAMS)} teams, {len(workers)} workers, {len(FAMILIES)} families, "
		f"{sum(len(f[3]) for f in FAMILIES)} members.",
		f"  Workbook: {sum(w['modules'] for w in workbook)} modules, {sum(w['goals'] for w in workbook)} goals, "
		f"{sum(w['summaries'] for w in workbook)} practitioner summaries, {sum(w['supervisions'] for w in workbook)} group supervisions.",
		f"  Statutory: {statutory['plans']} child protection episodes, {statutory['plo']} PLO cases, "
		f"{statutory['referrals']} referrals; {statutory['overdue']} records with something overdue.",
		"",
		"Every demo user below logs in with the password:",
		f"  {password}",
		"",
		*[f"  {user}" for user in users],
		"",
		"The site's IT administrator, a System Manager: outside the protocol, it reads every record,",
		"so it manages users and settings and does no case work (same password):",
		f"  {IT_ADMINISTRATOR}",
		"",
		"For example, north.social.worker1@... sees only the North families allocated to them.",
	]
	return "\n".join(lines)


# (template number, status, capacity to change) of the modules each demo family has under way
DEMO_MODULES = ((1, "Completed", "Some"), (3, "In Progress", "Not Yet Assessed"), (4, "In Progress", "Some"))
GOALS_FOR = {
	"Parent": "I want to keep the children safe and stay in control of {issue}.",
	"Carer": "I want the children to feel settled at home.",
}


def load_demo_workbook(family_name: str) -> dict:
	"""Modules under way, goals with a few months of reviews, each allocated worker's monthly summary,
	two submitted group supervisions and the protected information the specialists recorded."""
	family = frappe.get_doc("Family", family_name)
	today_ = getdate(today())
	workers = [row.worker for row in family.allocations if not row.to_date]
	lead = family.lead_social_worker
	members = frappe.get_all(
		"Member", filters={"family": family.name}, fields=["name", "member_type", "is_child", "full_name"]
	)
	adults = [m for m in members if m.member_type in GOALS_FOR]
	children = [m for m in members if m.is_child]
	issue = family.presenting_issues[0].priority_issue if family.presenting_issues else "Other"

	for number, status, capacity in DEMO_MODULES:
		template = frappe.db.get_value("Workbook Module Template", {"module_number": number}, "name")
		if not template or frappe.db.exists(
			"Workbook Module", {"family": family.name, "module_template": template}
		):
			continue
		start = add_days(today_, -100)
		frappe.get_doc(
			{
				"doctype": "Workbook Module",
				"family": family.name,
				"module_template": template,
				"worker": lead,
				"status": status,
				"start_date": start,
				"completed_on": add_days(today_, -30) if status == "Completed" else None,
				"members": [{"member": m.name} for m in adults[:2]],
				"sessions": [
					{
						"session_date": add_days(start, 14 * week),
						"worker": lead,
						"minutes": 60,
						"tools_used": "Scaling questions; genogram",
					}
					for week in range(3)
				],
				"strengths": "Parents attend sessions and speak openly about their worries.",
				"worries": "Progress is fragile when pressure at home increases.",
				"capacity_to_change": capacity,
				"capacity_evidence": "Has kept to the safety plan for six weeks."
				if capacity == "Some"
				else None,
			}
		).insert(ignore_permissions=True)

	for number, adult in enumerate(adults):
		if frappe.db.exists("Goal", {"family": family.name, "member": adult.name}):
			continue
		start = add_days(today_, -110)
		frappe.get_doc(
			{
				"doctype": "Goal",
				"family": family.name,
				"member": adult.name,
				"goal": GOALS_FOR[adult.member_type].format(issue=issue.lower()),
				"priority_issue": issue,
				"goal_owner": lead,
				"start_date": start,
				"target_date": add_days(today_, 90),
				"reviews": [
					row
					for month in range(4)
					for row in (
						{
							"review_date": add_days(start, 30 * month),
							"scale": "Progress",
							"score": min(10, 2 + 2 * month - number % 2),
							"rated_by": "Family Member",
						},
						{
							"review_date": add_days(start, 30 * month),
							"scale": "Confidence",
							"score": min(10, 4 + month),
							"rated_by": "Family Member",
						},
					)
				],
			}
		).insert(ignore_permissions=True)

	# Last month's chapter from every allocated worker; this month's from the lead social worker.
	from family_safeguarding.rules.dates import month_period

	last_month = month_period(add_days(month_period(today_)[0], -1))
	this_month = month_period(today_)
	for worker, period in [(w, last_month) for w in workers] + [(lead, this_month)]:
		if frappe.db.exists(
			"Practitioner Summary", {"family": family.name, "worker": worker, "period_start": period[0]}
		):
			continue
		frappe.get_doc(
			{
				"doctype": "Practitioner Summary",
				"family": family.name,
				"worker": worker,
				"period_start": period[0],
				"period_end": period[1],
				"members_worked_with": [{"member": m.name} for m in adults[:1]],
				"work_undertaken": "Two home visits and one joint session on the family's safety plan.",
				"whats_working_well": "The children's routines are more settled.",
				"worries": "Missed appointments in the second half of the month.",
				"next_steps": "Review the safety plan together at the next visit.",
				"direct_work_minutes": 180,
				"recording_minutes": 45,
			}
		).insert(ignore_permissions=True)

	manager = frappe.db.get_value(
		"Agency Worker", {"team": family.team, "specialism": "Team Manager", "is_active": 1}, "name"
	)
	for days_ago in (45, 14):
		meeting = add_days(today_, -days_ago)
		if frappe.db.exists(
			"Group Supervision", {"family": family.name, "meeting_date": meeting, "docstatus": 1}
		):
			continue
		supervision = frappe.get_doc(
			{
				"doctype": "Group Supervision",
				"family": family.name,
				"meeting_date": meeting,
				"chair": manager,
				"risks": [
					{
						"member": child.name,
						"level": "Medium" if days_ago == 45 else "Low",
						"rationale": "Safety plan in place and being kept; worries remain about relapse.",
					}
					for child in children
				],
				"decisions": "Continue the plan; the recovery and domestic abuse work goes on alongside the parenting module.",
				"actions": [
					{
						"action": "Joint visit to review the safety plan",
						"action_owner": lead,
						"due_date": add_days(meeting, 14),
					}
				],
				"recommendation": "No Change",
			}
		)
		supervision.insert(ignore_permissions=True)
		supervision.submit()

	recorded = {
		"Mental Health Practitioner": (
			"Health Information",
			"Mental Health Assessment",
			"Low mood since the birth of the youngest child; engaging with the perinatal mental health team.",
		),
		"Police Domestic Abuse Officer": (
			"Police Information",
			"Police",
			"Two domestic abuse call-outs to the address in the last twelve months; no arrests.",
		),
	}
	for worker in workers:
		specialism = frappe.db.get_value("Agency Worker", worker, "specialism")
		if specialism not in recorded:
			continue
		doctype, source, text = recorded[specialism]
		if frappe.db.exists(doctype, {"family": family.name, "author": worker}):
			continue
		frappe.get_doc(
			{
				"doctype": doctype,
				"family": family.name,
				"member": adults[0].name if adults else None,
				"author": worker,
				"recorded_on": add_days(today_, -20),
				"source": source,
				"information": text,
			}
		).insert(ignore_permissions=True)

	return {
		"modules": frappe.db.count("Workbook Module", {"family": family.name}),
		"goals": frappe.db.count("Goal", {"family": family.name}),
		"summaries": frappe.db.count("Practitioner Summary", {"family": family.name}),
		"supervisions": frappe.db.count("Group Supervision", {"family": family.name, "docstatus": 1}),
	}


def _walk(doc, steps):
	"""Take workflow actions in turn, recording each step's data first, as a worker would in the form."""
	from frappe.model.workflow import apply_workflow

	for values, action in steps:
		if values:
			frappe.db.set_value(doc.doctype, doc.name, values)
		apply_workflow(frappe.get_doc(doc.doctype, doc.name).as_dict(), action)
	return frappe.get_doc(doc.doctype, doc.name)


def _family(name: str) -> str:
	return frappe.db.get_value("Family", {"family_name": name}, "name")


def _child(family: str, first_name: str | None = None, member_type: str = "Child") -> str:
	filters = {"family": family, "member_type": member_type}
	if first_name:
		filters["first_name"] = first_name
	return frappe.get_all("Member", filters=filters, pluck="name", order_by="creation asc", limit=1)[0]


def load_demo_statutory() -> dict:
	"""Children on plans at each stage, one family in pre-proceedings and one in proceedings,
	referrals in every state, and some of it overdue; then the daily job flags and notifies."""
	from family_safeguarding.statutory.daily import run_daily

	today_ = getdate(today())
	day = lambda n: add_days(today_, n)  # noqa: E731

	def plan(member, strategy_days_ago, steps):
		if frappe.db.exists("Child Protection Plan", {"member": member}):
			return
		doc = frappe.get_doc(
			{
				"doctype": "Child Protection Plan",
				"member": member,
				"strategy_discussion_date": day(-strategy_days_ago),
			}
		).insert(ignore_permissions=True)
		_walk(doc, steps)

	ashworth = _family("Ashworth household")
	for first_name in ("Maisie", "Jack"):
		plan(
			_child(ashworth, first_name),
			70,
			[
				({"section_47_start": day(-69)}, "Start Enquiry"),
				({"icpc_date": day(-52)}, "Book Conference"),
				(
					{
						"initial_category": "EMO - Emotional abuse",
						"plan_start": day(-52),
						"last_visit": day(-25),
					},
					"Start Plan",
				),
			],
		)
	evans = _family("Evans household")
	plan(
		_child(evans, "Ruby"),
		40,
		[
			({"section_47_start": day(-39)}, "Start Enquiry"),
			({"icpc_date": day(-21)}, "Book Conference"),
			(
				{"initial_category": "NEG - Neglect", "plan_start": day(-21), "last_visit": day(-3)},
				"Start Plan",
			),
		],
	)
	plan(
		_child(_family("Brennan household"), "Aoife"), 25, [({"section_47_start": day(-24)}, "Start Enquiry")]
	)
	davies = _family("Davies household")
	plan(
		_child(davies, member_type="Unborn Child"),
		8,
		[(None, "Start Enquiry"), ({"icpc_date": day(5)}, "Book Conference")],
	)
	plan(_child(_family("Kowalski household"), "Oskar"), 3, [])
	plan(
		_child(_family("Lambert household"), "Lily"),
		200,
		[
			(None, "Start Enquiry"),
			({"icpc_date": day(-185)}, "Book Conference"),
			({"initial_category": "NEG - Neglect", "plan_start": day(-185)}, "Start Plan"),
			(
				{"plan_end": day(-10), "end_reason": "No longer at continuing risk of significant harm"},
				"End Plan",
			),
		],
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
					"gateway_decision": "Enter Pre-Proceedings",
					"letter_before_proceedings": day(-125),
					"pre_proceedings_meeting": day(-118),
				},
				"Enter Pre-Proceedings",
			)
		],
		legal_gateway_date=day(-130),
	)
	plo(
		_family("Green household"),
		[
			(
				{"gateway_decision": "Enter Pre-Proceedings", "letter_before_proceedings": day(-150)},
				"Enter Pre-Proceedings",
			),
			(
				{
					"issue_date": day(-40),
					"court": "Hartshire Family Court",
					"court_case_number": "HF26C00417",
				},
				"Issue Proceedings",
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
			if step[1] == "Send" and sent_days_ago:
				frappe.db.set_value(
					"Referral", doc.name, "sent_on", day(-sent_days_ago)
				)  # sent some days ago

	recovery, da, mh = (
		"Hartshire Recovery Partnership",
		"Hartshire Domestic Abuse Service",
		"Hartshire and West NHS Mental Health Trust",
	)
	referral(
		_family("Brennan household"), recovery, "Parental Alcohol Misuse", [(None, "Send")], sent_days_ago=12
	)
	referral(
		_family("Fletcher household"),
		recovery,
		"Parental Drug Misuse",
		[(None, "Send"), (None, "Accept")],
		sent_days_ago=20,
	)
	referral(
		davies,
		recovery,
		"Parental Drug Misuse",
		[(None, "Send"), (None, "Accept"), ({"first_appointment_on": day(-4)}, "Record First Appointment")],
		sent_days_ago=18,
	)
	referral(
		ashworth,
		da,
		"Domestic Abuse",
		[
			(None, "Send"),
			({"decline_reason": "Already supported by the independent domestic violence adviser"}, "Decline"),
		],
		sent_days_ago=30,
	)
	referral(_family("Chowdhury household"), mh, "Parental Mental Health", [])
	referral(
		_family("Hussain household"),
		recovery,
		"Parental Alcohol Misuse",
		[
			(None, "Send"),
			(None, "Accept"),
			({"first_appointment_on": day(-60)}, "Record First Appointment"),
			(None, "Close"),
		],
		sent_days_ago=80,
	)
	referral(_family("Jones household"), da, "Domestic Abuse", [(None, "Withdraw")])

	run_daily()
	return {
		"plans": frappe.db.count("Child Protection Plan"),
		"plo": frappe.db.count("PLO Case"),
		"referrals": frappe.db.count("Referral"),
		"overdue": sum(
			frappe.db.count(dt, {"is_overdue": 1}) for dt in ("Child Protection Plan", "PLO Case", "Referral")
		),
	}
