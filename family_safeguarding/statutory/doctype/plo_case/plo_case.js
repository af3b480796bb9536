// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("PLO Case", {
	setup(frm) {
		frm.set_query("children", () => ({ filters: { family: frm.doc.family, is_child: 1 } }));
	},
	// what is overdue, in the headline (public/js/overdue.js)
	refresh: family_safeguarding.forms.show_overdue,
});
