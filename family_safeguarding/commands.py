import click
from frappe.commands import get_site, pass_context


@click.command("family-safeguarding-demo")
@click.option("--password", help="Password for every demo user (a random one is made and printed if omitted)")
@pass_context
def load_demo(context, password=None):
	"""Load the demo teams, workers, users and families into a site, and print the users' password."""
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


commands = [load_demo]
