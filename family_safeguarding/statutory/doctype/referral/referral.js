// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Referral", {
	setup(frm) {
		frm.set_query("to_agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("member", () => ({ filters: { family: frm.doc.family } }));
	},
	// what is overdue, in the headline (public/js/overdue.js)
	refresh: family_safeguarding.forms.show_overdue,
});
