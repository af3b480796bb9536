"""The bench command that writes an Annex A workbook to a file: `bench --site SITE
family-safeguarding-annex-a --from 2026-06-01 --to 2026-11-30 --output annex-a.xlsx`.

It makes an Annex A Return like one made in the desk, so the export is in the list of returns and in
the audit, but writes the workbook to the file instead of keeping it on the site."""

import os

import click
from frappe.commands import get_site, pass_context


@click.command("family-safeguarding-annex-a")
@click.option("--from", "from_date", required=True, help="The first day of the period, as YYYY-MM-DD")
@click.option("--to", "to_date", required=True, help="The last day of the period, as YYYY-MM-DD")
@click.option("--output", required=True, help="The .xlsx file to write the workbook to")
@pass_context
def annex_a(context, from_date, to_date, output):
	"""Write Ofsted's Annex A lists of a period (List 1, 3, 4, 5, 6 and 7) to an xlsx workbook, and
	print the number of rows of each list. The export is kept in the audit."""
	import frappe
	from frappe.utils import getdate

	from family_safeguarding.returns.annex_a_export import DOCTYPE

	try:
		period = {"from_date": getdate(from_date), "to_date": getdate(to_date)}
	except Exception:
		raise click.BadParameter("give the dates as YYYY-MM-DD, for example 2026-06-01")
	site = get_site(context)
	frappe.init(site=site)
	frappe.connect()
	try:
		frappe.set_user("Administrator")
		doc = frappe.get_doc({"doctype": DOCTYPE, **period})
		doc.flags.output = os.path.abspath(output)
		doc.insert()
		frappe.db.commit()
		doc.reload()
		counts = [(row.sheet, row.title, row.rows) for row in doc.lists]
	except (frappe.ValidationError, OSError) as error:
		frappe.db.rollback()
		raise click.ClickException(frappe.utils.strip_html(str(error)) or type(error).__name__)
	finally:
		frappe.destroy()
	click.echo(f"{doc.name}: {doc.written_to}")
	for sheet, title, rows in counts:
		click.echo(f"{sheet:<8}{title:<64}{rows:>8,}")
