"""What the statutory returns cost on a large council's data: the Children in Need census of a year,
Ofsted's Annex A for six months, and a census file imported into a fresh site, each against its
target, met or not met.

`benchmarks/scale.py` runs it after its own figures (give it --import-site too, or --skip-returns).
Alone, run from the bench directory, on a site filled by `bench --site <site>
family-safeguarding-generate`, with a second site, new and empty, for the import:

	./env/bin/python apps/family_safeguarding/benchmarks/returns.py --site <site> --import-site <new site>

It is not a test, and it writes: the import makes its children's records in the import site, and a
team to hold them. Without --import-site the import is left out. --profile census|annex|import runs
that part under cProfile once more and prints where its time goes.

Memory is measured two ways, and the larger is held to the target: the peak of the Python
allocations while the return is made (tracemalloc, on a second run, as tracing slows the work), and
how far the process's resident high-water mark (getrusage's ru_maxrss) rose during the timed run.
"""

import argparse
import cProfile
import dataclasses
import io
import os
import pstats
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

import frappe
from frappe.utils import getdate

CENSUS_SECONDS, CENSUS_MB = 60, 500
ANNEX_A_SECONDS = 15
IMPORT_SECONDS = 5 * 60
IMPORT_CHILDREN = 20_000
IMPORT_TEAM = "Census Import Family Safeguarding Team"
PLACEHOLDER_LA_CODE = "201"  # when the site has none set: the header needs one, the timing does not
TARGETS = []  # (what, the target, met?)


def target(name: str, rule: str, met: bool):
	TARGETS.append((name, rule, met))


def connect(site: str):
	"""Connect to `site` from the bench's sites directory, as bench does."""
	if not Path(site).is_dir():
		sys.exit(f"Run this from the bench directory: no sites/{site}")
	frappe.init(site=site, sites_path=".")
	frappe.connect()


def max_rss_mb() -> float:
	return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux


def timed(operation):
	"""(result, seconds, how far the resident high-water mark rose in MB)."""
	before = max_rss_mb()
	start = time.perf_counter()
	result = operation()
	return result, time.perf_counter() - start, max_rss_mb() - before


def traced_peak_mb(operation) -> float:
	tracemalloc.start()
	try:
		operation()
		return tracemalloc.get_traced_memory()[1] / 2**20
	finally:
		tracemalloc.stop()


def profile(label: str, operation):
	"""Run `operation` under cProfile, print where its time went, and return its result."""
	profiler = cProfile.Profile()
	result = profiler.runcall(operation)
	print_profile(label, profiler)
	return result


def print_profile(label: str, profiler: cProfile.Profile, lines: int = 25):
	"""The top functions, by their own time and by cumulative time."""
	for order in ("tottime", "cumulative"):
		out = io.StringIO()
		pstats.Stats(profiler, stream=out).strip_dirs().sort_stats(order).print_stats(lines)
		print(f"\nProfile of {label}, by {order}:\n{out.getvalue()}", flush=True)


# The census --------------------------------------------------------------------------------------


def census_year_end(today: date) -> int:
	"""The last census year that has ended: 2026 (2025-26) from 1 April 2026."""
	return today.year if today.month >= 4 else today.year - 1


def make_census(year_end: int, la_code: str) -> bytes:
	from family_safeguarding.returns.census import census_return
	from family_safeguarding.returns.cin_xml import write_return

	return write_return(census_return(year_end, la_code=la_code))


def census(year_end: int, profile_it: bool) -> tuple[bytes, int]:
	la_code = frappe.db.get_single_value("Family Safeguarding Settings", "la_code") or PLACEHOLDER_LA_CODE
	xml, seconds, rss = timed(lambda: make_census(year_end, la_code))
	children = xml.count(b"<Child>")
	print(
		f"census {year_end - 1}-{year_end % 100:02d}: {children:,} children, {xml.count(b'<CINdetails>'):,}"
		f" episodes, {len(xml) / 2**20:.1f} MB of XML in {seconds:.1f} s;"
		f" resident high-water mark rose {rss:.0f} MB",
		flush=True,
	)
	peak = traced_peak_mb(lambda: make_census(year_end, la_code))
	print(f"census, second run under tracemalloc: peak of Python allocations {peak:.0f} MB", flush=True)
	target(
		"CIN census return (census_return + write_return)",
		f"under {CENSUS_SECONDS} s",
		seconds < CENSUS_SECONDS,
	)
	memory = max(peak, rss)
	target(
		"CIN census return", f"under {CENSUS_MB} MB of memory (measured {memory:.0f} MB)", memory < CENSUS_MB
	)
	if profile_it:
		profile("the census", lambda: make_census(year_end, la_code))
	return xml, children


def first_children(xml: bytes, count: int) -> tuple[bytes, int]:
	"""The census file with its first `count` children only, as the import reads it."""
	from family_safeguarding.returns.cin_read import read_return
	from family_safeguarding.returns.cin_xml import write_return

	read, _ = read_return(xml)
	kept = read.children[:count]
	return write_return(dataclasses.replace(read, children=kept)), len(kept)


# Annex A -----------------------------------------------------------------------------------------


def annex_a(to_date: date, profile_it: bool):
	from family_safeguarding.returns.annex_a import annex_a_workbook
	from family_safeguarding.rules.dates import add_months

	from_date = add_months(to_date, -6) + timedelta(days=1)
	workbook, seconds, _ = timed(lambda: annex_a_workbook(from_date, to_date))
	print(
		f"Annex A {from_date} to {to_date}: {len(workbook) / 2**20:.1f} MB workbook in {seconds:.1f} s",
		flush=True,
	)
	target(
		"Annex A for six months (annex_a_workbook)", f"under {ANNEX_A_SECONDS} s", seconds < ANNEX_A_SECONDS
	)
	if profile_it:
		profile("Annex A", lambda: annex_a_workbook(from_date, to_date))


# The import --------------------------------------------------------------------------------------


def import_census(xml: bytes, children: int, profile_it: bool, processes: int | None):
	from family_safeguarding.demo.builders import ensure_team
	from family_safeguarding.returns.cin_read import read_return
	from family_safeguarding.returns.importer import (
		CHILDREN_PER_TRANSACTION,
		REFUSED,
		default_processes,
		import_return,
	)

	if frappe.db.count("Member"):
		sys.exit(f"{frappe.local.site} already holds members: the import is measured into a fresh site")
	team = ensure_team(IMPORT_TEAM)
	frappe.db.commit()
	# cProfile sees one process only: a profiled import runs in one
	processes = 1 if profile_it else processes or default_processes()

	def run():
		census, refusals = read_return(xml)
		read = time.perf_counter()
		# in transactions of the bench command's size, as IT would run it
		result = import_return(
			census,
			team=team,
			dry_run=False,
			progress=progress,
			chunk=CHILDREN_PER_TRANSACTION,
			processes=processes,
		)
		frappe.db.commit()
		return refusals, result, read

	def progress(done: int, total: int):
		if done % 2000 == 0 or done == total:
			print(f"  {done:,}/{total:,} children, {time.perf_counter() - start:.0f} s", flush=True)

	start = time.perf_counter()
	refusals, result, read = profile("the import", run) if profile_it else run()
	seconds = time.perf_counter() - start
	print(
		f"import of {children:,} children into {frappe.local.site}: read in {read - start:.1f} s,"
		f" imported in {seconds - (read - start):.1f} s by {processes} process{'es' if processes > 1 else ''},"
		f" {seconds:.1f} s in all"
		f"{' (under cProfile)' if profile_it else ''}; {result.created:,} created, {result.updated:,}"
		f" updated, {result.unchanged:,} unchanged, {result.refused:,} refused,"
		f" {len(refusals):,} refused or skipped in reading",
		flush=True,
	)
	for outcome in [outcome for outcome in result.outcomes if outcome.outcome == REFUSED][:5]:
		print(f"  refused {outcome.la_child_id}: {outcome.reason}")
	for refusal in refusals[:5]:
		print(f"  in reading: {refusal.message}")
	if not profile_it:  # profiling slows it: the target is judged on a run without
		target(
			f"import of a {children:,}-child census into a fresh site (read_return + import_return)",
			f"under {IMPORT_SECONDS // 60} minutes",
			seconds < IMPORT_SECONDS,
		)


def measure(
	site: str,
	import_site: str | None = None,
	year: int | None = None,
	children: int = IMPORT_CHILDREN,
	annex_a_to: str | None = None,
	save_census: str | None = None,
	profiles: tuple[str, ...] = (),
	processes: int | None = None,
) -> list[tuple[str, str, bool]]:
	"""Measure the returns on `site` and the import into `import_site`, printing the figures; the
	targets, met or not. Run from the sites directory (scale.py runs it after its own figures)."""
	connect(site)
	try:
		today = getdate()
		year_end = year or census_year_end(today)
		counts = {
			doctype: frappe.db.count(doctype)
			for doctype in ("Family", "Member", "CIN Episode", "Social Care Contact", "Child Protection Plan")
		}
		print(
			f"{time.strftime('%Y-%m-%d')} on {os.cpu_count()} cores; site {site}: "
			+ ", ".join(f"{n:,} {d}" for d, n in counts.items()),
			flush=True,
		)
		xml, in_census = census(year_end, "census" in profiles)
		annex_a(getdate(annex_a_to) if annex_a_to else today - timedelta(days=1), "annex" in profiles)
		if import_site:
			to_import, imported = first_children(xml, children)
			if imported < children:
				print(f"the census holds {in_census:,} children, fewer than {children:,}: all are imported")
	finally:
		frappe.destroy()
	if import_site:
		if save_census:
			Path(save_census).write_bytes(to_import)
		connect(import_site)
		try:
			import_census(to_import, imported, "import" in profiles, processes)
		finally:
			frappe.destroy()
	return TARGETS


def main():
	parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
	parser.add_argument("--site", required=True, help="a site filled by the generator")
	parser.add_argument("--import-site", help="a new, empty site to import the census into")
	parser.add_argument("--year", type=int, help="the census year by its end; the last ended by default")
	parser.add_argument("--children", type=int, default=IMPORT_CHILDREN, help="children the import takes")
	parser.add_argument("--annex-a-to", help="the last day of Annex A's six months; yesterday by default")
	parser.add_argument("--save-census", help="write the imported census file here")
	parser.add_argument("--profile", choices=("census", "annex", "import"), action="append", default=[])
	parser.add_argument("--processes", type=int, help="the import's processes; one a core by default")
	args = parser.parse_args()

	if not Path("sites").is_dir():
		sys.exit("Run this from the bench directory: no sites directory here")
	os.chdir("sites")  # as bench does: Frappe's logs are relative to it
	targets = measure(
		args.site,
		args.import_site,
		args.year,
		args.children,
		args.annex_a_to,
		args.save_census,
		tuple(args.profile),
		args.processes,
	)
	print("\nTargets")
	for name, rule, met in targets:
		print(f"  {'met    ' if met else 'NOT MET'}  {name}: {rule}")


if __name__ == "__main__":
	main()
