"""Bench commands of the Children in Need census: make a return into a file, and install the DfE
validator's environment. See docs/returns/cin-census.md."""

import sys

import click
from frappe.commands import get_site, pass_context


@click.command("family-safeguarding-cin-census")
@click.option("--year", type=int, required=True, help="The census year by its end: 2026 for 2025-26")
@click.option(
	"--output", type=click.Path(dir_okay=False, writable=True), required=True, help="Where to write the XML"
)
@click.option(
	"--allow-errors",
	is_flag=True,
	help="Exit 0 even with structure problems or validator errors (the file is written all the same)",
)
@pass_context
def cin_census(context, year, output, allow_errors=False):
	"""Make the Children in Need census return of a year from the site's records: write the XML,
	and print its counts, structure problems, and the DfE validator's errors and queries by rule.

	Exits 1 when the file has a structure problem or a validator error, or the validator could not
	run, unless --allow-errors; 2 when the return cannot be made at all (no LA code set)."""
	import frappe

	from family_safeguarding.returns.cin_census_run import CensusCannotBeMade, make_outcome
	from family_safeguarding.returns.cin_findings import by_rule

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		try:
			outcome = make_outcome(year)
		except CensusCannotBeMade as e:
			click.echo(str(e), err=True)
			sys.exit(2)
		frappe.db.commit()  # the audit of the export
	finally:
		frappe.destroy()
	with open(output, "wb") as file:
		file.write(outcome.xml)

	children = outcome.census.children
	click.echo(f"Wrote {output}: CIN census {year - 1}-{year % 100:02d}, LA {outcome.census.header.la_code}")
	click.echo(f"  children          {len(children):>8,}")
	click.echo(f"  CIN episodes      {sum(len(c.episodes) for c in children):>8,}")
	click.echo(f"  structure problems{len(outcome.problems):>8,}")
	click.echo(f"  validator errors  {outcome.errors:>8,}")
	click.echo(f"  validator queries {outcome.queries:>8,}")
	if outcome.report:
		click.echo(f"  validator         {outcome.report.version} ({outcome.report.rules} rules)")
		for rule, error in outcome.report.rules_not_run:
			click.echo(f"  rule not run: {rule} ({error})")
	if outcome.validator_failure:
		click.echo(outcome.validator_failure, err=True)
	for (kind, rule), findings in by_rule(outcome.findings).items():
		children_of = sorted({f.la_child_id for f in findings if f.la_child_id})
		shown = ", ".join(children_of[:10]) + (
			f" and {len(children_of) - 10} more" if len(children_of) > 10 else ""
		)
		title = f"{kind} {rule}: {findings[0].message}" if findings[0].rule else f"{kind}: {rule}"
		click.echo(f"\n{title}\n  {len(findings)} found" + (f"; children {shown}" if shown else ""))
	if (outcome.problems or outcome.errors or outcome.validator_failure) and not allow_errors:
		sys.exit(1)


@click.command("family-safeguarding-cin-validator")
@pass_context
def cin_validator(context):
	"""Install the DfE's CIN rule validator in its own Python environment (from PyPI; a minute or
	two the first time), where Family Safeguarding Settings says, or in the default folder."""
	import frappe

	from family_safeguarding.returns.cin_census_run import validator_environment
	from family_safeguarding.returns.validator import (
		ValidatorUnavailable,
		create_environment,
		installed_version,
	)

	frappe.init(site=get_site(context))
	frappe.connect()
	try:
		environment = validator_environment()
	finally:
		frappe.destroy()
	try:
		create_environment(environment)
	except ValidatorUnavailable as e:
		raise click.ClickException(str(e))
	click.echo(f"The CIN validator {installed_version(environment)} is installed in {environment}")
