"""Demo data: the IT administrator, two teams with a worker of every specialism, users with their
roles, a dozen families with members of every type, their workbook and their statutory work.

Each part finds what exists before it creates anything, so the demo command can be run again on
the same site. Never on a site with real records: made-up people would mix with real ones.

	people.py        the IT administrator, agencies, teams, workers and users
	families.py      the households, their members, and an attachment
	workbook.py      modules, goals, summaries, supervisions and protected information
	children.py      what the Children in Need census needs to know of each child
	episodes.py      contacts with children's social care and the CIN episodes that followed
	statutory.py     child protection plans, PLO cases and referrals, then the daily job
	dates.py         the day the demo was first loaded, and the census year its history reaches into
	setup_wizard.py  Frappe's setup wizard answered for an English council
	builders.py      the find-or-create builders the parts (and the scale generator) use
"""

import secrets

import frappe

from family_safeguarding.demo.children import DEMO_LA_CODE, ensure_demo_children
from family_safeguarding.demo.dates import demo_day, last_census_year
from family_safeguarding.demo.episodes import load_demo_episodes
from family_safeguarding.demo.families import FAMILIES, ensure_demo_attachment, ensure_demo_families
from family_safeguarding.demo.people import (
	AGENCIES,
	IT_ADMINISTRATOR,
	TEAMS,
	demo_users,
	ensure_demo_people,
)
from family_safeguarding.demo.setup_wizard import complete_setup_wizard_for_the_uk
from family_safeguarding.demo.statutory import load_demo_statutory
from family_safeguarding.demo.workbook import load_demo_workbook

# an invented council's children, so that the rate per 10,000 shows in the reports
DEMO_CHILD_POPULATION = 48_000


def load_demo_data(password: str | None = None) -> str:
	"""Create (or bring up to date) the demo data set, and say who can log in with which password."""
	password = password or secrets.token_urlsafe(12)
	wizard_completed = complete_setup_wizard_for_the_uk()
	workers = ensure_demo_people(password)
	if not frappe.db.get_single_value("Family Safeguarding Settings", "child_population"):
		frappe.db.set_single_value("Family Safeguarding Settings", "child_population", DEMO_CHILD_POPULATION)
	if not frappe.db.get_single_value("Family Safeguarding Settings", "la_code"):
		frappe.db.set_single_value("Family Safeguarding Settings", "la_code", DEMO_LA_CODE)
	families = ensure_demo_families(workers)
	workbook = [load_demo_workbook(family) for family in families]
	ensure_demo_children()
	# the episodes first: a child protection plan belongs to the episode holding its key date
	episodes = load_demo_episodes()
	statutory = load_demo_statutory()
	census_year = last_census_year(demo_day())
	ensure_demo_attachment()

	def total(part):
		return sum(counts[part] for counts in workbook)

	lines = [
		*(
			["Completed Frappe's setup wizard for an English council (Europe/London, GBP)."]
			if wizard_completed
			else []
		),
		"Family Safeguarding demo data is loaded:",
		f"  {len(AGENCIES)} agencies, {len(TEAMS)} teams, {len(workers)} workers, {len(FAMILIES)} families, "
		f"{sum(len(family[3]) for family in FAMILIES)} members.",
		f"  Workbook: {total('modules')} modules, {total('goals')} goals, "
		f"{total('summaries')} practitioner summaries, {total('supervisions')} group supervisions.",
		f"  Statutory: {statutory['plans']} child protection episodes, {statutory['plo']} PLO cases, "
		f"{statutory['referrals']} referrals; {statutory['overdue']} records with something overdue.",
		f"  Children in need: {episodes['contacts']} contacts, {episodes['episodes']} CIN episodes "
		f"({episodes['open']} open), back into the {census_year.label} census year "
		f"(family-safeguarding-cin-census --year {census_year.year_end}).",
		"",
		"Every demo user below logs in with the password:",
		f"  {password}",
		"",
		*[f"  {user}" for user in demo_users()],
		"",
		"The site's IT administrator, a System Manager: outside the protocol, it reads every record,",
		"so it manages users and settings and does no case work (same password):",
		f"  {IT_ADMINISTRATOR}",
		"",
		"For example, north.social.worker1@... sees only the North families allocated to them.",
	]
	return "\n".join(lines)
