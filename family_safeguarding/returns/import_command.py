"""The bench command that imports a Children in Need census file (importer.py), for IT bringing a
council's history in from its former system, one year's file at a time, oldest first."""

import sys

import click
from frappe.commands import get_site, pass_context

# Each process holds two database connections: a mistyped count must not take MariaDB's (151 by
# default) from everyone else, nor fork hundreds of processes.
MOST_PROCESSES_CHOSEN = 16


@click.command("family-safeguarding-import-cin")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--team", required=True, help="The Family Safeguarding Team new families are put in")
@click.option("--year", type=int, help="The census year the file must be, by its end (2026 for 2025-26)")
@click.option("--dry-run", is_flag=True, help="Do everything, save nothing, and say what would be done")
@click.option("--yes", is_flag=True, help="Do not ask before a real import")
@click.option(
	"--processes",
	type=click.IntRange(min=1, max=MOST_PROCESSES_CHOSEN),
	help="Processes to share the children among; by default one a core, at most four",
)
@pass_context
def import_cin(context, file, team, year=None, dry_run=False, yes=False, processes=None):
	"""Import a CIN census XML file into a site: find or create each child, and create or update
	its CIN episodes and child protection plans. Prints the counts and every child refused.

	Importing real records into a live site is what this is for, so it runs there; a real run
	asks first (or takes --yes), since what it writes is case records. Run it with --dry-run first."""
	import frappe

	from family_safeguarding.returns.importer import CHILDREN_PER_TRANSACTION, default_processes, import_file

	site = get_site(context)
	if not dry_run and not yes:
		if not sys.stdin.isatty():
			raise click.ClickException(
				"A real import writes case records: run it again with --yes, or with --dry-run first."
			)
		click.confirm(f"Import the children of {file} into {site}, in team {team}?", abort=True)
	with open(file, "rb") as census_file:
		xml = census_file.read()
	frappe.init(site=site)
	frappe.connect()
	try:
		result = import_file(
			xml,
			team=team,
			dry_run=dry_run,
			expected_year_end=year,
			progress=_progress,
			chunk=CHILDREN_PER_TRANSACTION,
			processes=processes or default_processes(),
		)
		if not dry_run:
			frappe.db.commit()
	except frappe.ValidationError as e:
		raise click.ClickException(frappe.utils.strip_html_tags(str(e)))
	finally:
		frappe.destroy()
	click.echo(
		f"{'Dry run: nothing was saved. ' if dry_run else ''}Census year ending {result.year_end}: "
		f"{len(result.outcomes):,} children."
	)
	for label, count in (
		("would be created" if dry_run else "created", result.created),
		("would be updated" if dry_run else "updated", result.updated),
		("unchanged", result.unchanged),
		("matched to the site's children", result.matched),
		("refused", result.refused),
	):
		click.echo(f"  {count:>8,} {label}")
	for note in result.notes:
		click.echo(f"Not read: {note}")
	for child in result.outcomes:
		if child.outcome == "Refused":
			reason = child.reason.replace("\n", "\n    ")
			click.echo(f"Child {child.la_child_id or '(no LA child ID)'} refused: {reason}")


def _progress(done: int, total: int) -> None:
	if done % 500 == 0 or done == total:
		click.echo(f"{done:,} of {total:,} children", err=True)
