"""Write a `Plan` into a site through Frappe's bulk insert, a slice of families at a time.

The rows bypass controllers on purpose (a million goal reviews through `insert()` would take
hours), so everything a controller would derive is already in them: see plan.py. Afterwards the
naming series are moved past the generated names, so records made in the desk continue them.
"""

import time
from datetime import date

import frappe
from frappe.desk.doctype.notification_settings.notification_settings import create_notification_settings
from frappe.utils import get_system_timezone, getdate

from family_safeguarding.demo.builders import ensure_agency, ensure_team
from family_safeguarding.demo.people import AGENCIES
from family_safeguarding.demo.setup_wizard import complete_setup_wizard_for_the_uk
from family_safeguarding.generator.plan import COLUMNS, FAMILY_PREFIX, SERIES, Plan, Scale

BATCH_FAMILIES = 1_000
# parents before children, and families before the records that link to them
ORDER = tuple(COLUMNS)


def generate(
	scale: Scale | None = None,
	seed: int = 2016,
	as_of: date | None = None,
	batch: int = BATCH_FAMILIES,
	progress=print,
) -> dict[str, int]:
	"""Fill the site; return the rows written per DocType."""
	scale = scale or Scale()
	as_of = getdate(as_of) if as_of else getdate()
	started = time.monotonic()
	complete_setup_wizard_for_the_uk()  # until it is, Frappe sends every user but Administrator to it
	agencies = {agency_type: ensure_agency(name, agency_type) for name, agency_type in AGENCIES.items()}
	module_titles = dict(
		frappe.get_all("Workbook Module Template", fields=["name", "module_name"], as_list=True)
	)
	plan = Plan(
		scale,
		as_of,
		agencies,
		module_titles=module_titles,
		seed=seed,
		series_start=_series_start(scale, as_of),
	)
	for index, team in enumerate(plan.team_names):
		ensure_team(team, plan.locality(index))
	written = dict.fromkeys(ORDER, 0)
	_write(plan.worker_rows(get_system_timezone()), written)
	# The User controller would make each user's Notification Settings, which the desk needs to
	# start; inserting every user through it is slow, so only this part is done.
	for worker in plan.workers:
		create_notification_settings(worker.user)
	for team, manager in plan.team_managers().items():
		frappe.db.set_value("Family Safeguarding Team", team, "team_manager", manager)
	_move_series(plan.series_values())
	frappe.db.commit()
	progress(f"{len(plan.workers):,} workers in {len(plan.team_names)} teams")

	families = len(plan.families)
	for start in range(0, families, batch):
		_write(plan.batch(start, start + batch), written)
		# the series move with each slice, so a run stopped half way can be run again
		_move_series(plan.series_values())
		frappe.db.commit()
		done = min(start + batch, families)
		elapsed = time.monotonic() - started
		progress(
			f"families {done:,}/{families:,}, {sum(written.values()):,} rows, {elapsed:.0f} s"
			f" (about {elapsed / done * (families - done):.0f} s to go)"
		)
	frappe.clear_cache()
	progress(f"done in {time.monotonic() - started:.0f} s")
	return {doctype: count for doctype, count in written.items() if count}


def _write(rows: dict[str, list[tuple]], written: dict[str, int]) -> None:
	for doctype in ORDER:
		values = rows.get(doctype)
		if values:
			frappe.db.bulk_insert(doctype, COLUMNS[doctype], values, chunk_size=5_000)
			written[doctype] += len(values)


def _series_start(scale: Scale, as_of: date) -> dict[str, int]:
	"""The naming series' current values, and how many NHS numbers are taken already."""
	keys = [prefix for prefix, _ in SERIES.values()]
	keys += [FAMILY_PREFIX.format(year=year) for year in range(as_of.year - scale.years - 1, as_of.year + 1)]
	current = dict(frappe.db.sql("select name, current from tabSeries where name in %s", [keys]))
	start = {doctype: current.get(prefix, 0) for doctype, (prefix, _) in SERIES.items()}
	start.update({key: value for key, value in current.items() if key.startswith("FAM-")})
	start["nhs"] = frappe.db.sql("select max(nhs_number) from tabMember where nhs_number like '999%%'")[0][0]
	return start


def _move_series(values: dict[str, int]) -> None:
	for key, value in values.items():
		frappe.db.sql(
			"""insert into tabSeries (name, current) values (%s, %s)
			on duplicate key update current = greatest(current, values(current))""",
			(key, value),
		)
