// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Child Protection Plan", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { is_child: 1 } }));
		// Lead Social Worker offers the workers its link filters allow (DocType JSON, from the rules).
	},
	// what is overdue, in the headline (public/js/overdue.js)
	refresh: family_safeguarding.forms.show_overdue,
});
