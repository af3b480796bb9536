"""The demo's workbook: in each family, modules under way, goals with a few months of reviews, each
allocated worker's monthly summary, two submitted group supervisions, and the protected information
the specialists recorded."""

import frappe
from frappe.utils import add_days

from family_safeguarding.demo.dates import demo_day
from family_safeguarding.rules.dates import month_period
from family_safeguarding.rules.roles import (
	MENTAL_HEALTH_SPECIALISM,
	POLICE_OFFICER_SPECIALISM,
	TEAM_MANAGER_SPECIALISM,
)

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
	# dated from the day the demo was first loaded, so loading it again later adds nothing
	today_ = demo_day()
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
		"Agency Worker", {"team": family.team, "specialism": TEAM_MANAGER_SPECIALISM, "is_active": 1}, "name"
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
		MENTAL_HEALTH_SPECIALISM: (
			"Health Information",
			"Mental Health Assessment",
			"Low mood since the birth of the youngest child; engaging with the perinatal mental health team.",
		),
		POLICE_OFFICER_SPECIALISM: (
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
