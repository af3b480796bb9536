import click
from frappe.commands import get_site, pass_context


@click.command("family-safeguarding-demo")
@click.option("--password", help="Password for every demo user (a random one is made and printed if omitted)")
@pass_context
def load_demo(context, password=None):
	"""Load the demo IT administrator (first), teams, workers, users and families into a site, and
	print the users' password."""
	import frappe

	from family_safeguarding.demo import load_demo_data

	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		summary = load_demo_data(password=password)
		frappe.db.commit()
	finally:
		frappe.destroy()
	click.echo(summary)


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
	if not yes:
		# made-up families and users mixed into a council's real records could not be told apart
		click.confirm(
			f"This adds {scale.families:,} made-up families and {scale.workers:,} users to {site}. "
			"Never run it on a site with real records. Go on?",
			abort=True,
		)
	frappe.init(site=site)
	frappe.connect()
	try:
		written = generate(scale, seed=seed, progress=lambda line: click.echo(line, err=True))
	finally:
		frappe.destroy()
	for doctype, count in written.items():
		click.echo(f"{doctype:<24}{count:>12,}")


commands = [load_demo, generate_records]
