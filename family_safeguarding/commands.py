import sys

import click
from frappe.commands import get_site, pass_context

from family_safeguarding.returns.annex_a_command import annex_a
from family_safeguarding.returns.cin_census_command import cin_census, cin_validator
from family_safeguarding.returns.import_command import import_cin


@click.command("family-safeguarding-demo")
@click.option("--password", help="Password for every demo user (a random one is made and printed if omitted)")
@click.option(
	"--yes",
	is_flag=True,
	help="Do not ask: the site holds no real records (a site made for a demo, tests or training)",
)
@pass_context
def load_demo(context, password=None, yes=False):
	"""Load the demo IT administrator (first), teams, workers, users and families into a site, and
	print the users' password. Never run it on a live site."""
	import frappe

	from family_safeguarding.demo import load_demo_data

	site = get_site(context)
	confirm_not_a_live_site(
		f"This adds made-up families, users who all log in with one password, and a System Manager "
		f"to {site}.",
		yes,
	)
	frappe.init(site=site)
	frappe.connect()
	try:
		summary = load_demo_data(password=password)
		frappe.db.commit()
	finally:
		frappe.destroy()
	click.echo(summary)


def confirm_not_a_live_site(what_it_does: str, yes: bool) -> None:
	"""Go on only with --yes, or when the person at the terminal says so.

	Made-up families and users mixed into a council's real records could not be told apart, and the
	demo's users share one password; so without a terminal to ask, and without --yes, nothing is done.
	"""
	if yes:
		return
	warning = f"{what_it_does} Never run it on a site with real records."
	if not sys.stdin.isatty():
		raise click.ClickException(
			f"{warning} Nothing was done: run it again with --yes if the site holds no real records."
		)
	click.confirm(f"{warning} Go on?", abort=True)


@click.command("family-safeguarding-generate")
@click.option(
	"--factor",
	type=click.FloatRange(min=0.0001, max=10),
	default=1.0,
	show_default=True,
	help="Size relative to a large council's ten years (50,000 families); 0.01 makes 500 families",
)
@click.option(
	"--yes",
	is_flag=True,
	help="Do not ask: the site holds no real records (a site made for benchmarks or tests)",
)
@click.option(
	"--seed", type=int, default=2016, show_default=True, help="The same seed gives the same records"
)
@pass_context
def generate_records(context, factor=1.0, seed=2016, yes=False):
	"""Fill a site with a council's case records at scale, for benchmarks and load tests.

	Made-up people in made-up families, written with Frappe's bulk insert. Never run it on a live site.
	"""
	import frappe

	from family_safeguarding.generator.load import generate
	from family_safeguarding.generator.plan import Scale

	site = get_site(context)
	scale = Scale().times(factor)
	confirm_not_a_live_site(
		f"This adds {scale.families:,} made-up families and {scale.workers:,} users to {site}.", yes
	)
	frappe.init(site=site)
	frappe.connect()
	try:
		written = generate(scale, seed=seed, progress=lambda line: click.echo(line, err=True))
	finally:
		frappe.destroy()
	for doctype, count in written.items():
		click.echo(f"{doctype:<24}{count:>12,}")


commands = [load_demo, generate_records, cin_census, cin_validator, annex_a, import_cin]
