// The headline of a statutory record that is overdue (Child Protection Plan, PLO Case, Referral):
// what is overdue, described by the server in the user's language.
frappe.provide("family_safeguarding.forms");

family_safeguarding.forms.show_overdue = (frm) => {
	if (!frm.doc.is_overdue) {
		return;
	}
	const overdue = (frm.doc.__onload && frm.doc.__onload.overdue) || [];
	frm.dashboard.set_headline_alert(
		`<div class="text-danger">${__("Overdue")}: ${frappe.utils.escape_html(
			overdue.join("; "),
		)}</div>`,
	);
};
