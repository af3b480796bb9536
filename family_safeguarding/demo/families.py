"""The demo's families: a dozen fictional households with members of every type, an unborn child
among them, each led by a social worker of its team and with the specialists its issues call for;
and a private attachment on one of them."""

import frappe
from frappe.utils import add_days, add_years, getdate, today

from family_safeguarding.demo.builders import ensure_family, ensure_member
from family_safeguarding.demo.people import TEAMS

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

# the first six households are the North team's, the rest the South team's
NORTH_FAMILIES = 6
DEMO_ATTACHMENT = "ashworth-safety-plan.txt"


def demo_family(family_name: str) -> str:
	return frappe.db.get_value("Family", {"family_name": family_name}, "name")


def ensure_demo_families(workers: dict) -> list[str]:
	"""The households and their members; `workers` by (team key, user id prefix), as
	people.ensure_demo_people gives them. Returns the families' names."""
	families = []
	for number, (family_name, postcode, issues, members, specialists) in enumerate(FAMILIES):
		team_key = "north" if number < NORTH_FAMILIES else "south"
		team_name, town = TEAMS[team_key]
		lead = workers[team_key, "social.worker1" if number % 2 == 0 else "social.worker2"]
		family = ensure_family(
			family_name,
			team_name,
			lead,
			allocated=[workers[team_key, prefix] for prefix in specialists],
			postcode=postcode,
			town=town,
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
		families.append(family)
	return families


def ensure_demo_attachment() -> None:
	"""A private file on a family, as councils attach signed plans and letters."""
	family = demo_family("Ashworth household")
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
