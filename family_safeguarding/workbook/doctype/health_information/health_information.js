// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Health Information", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { family: frm.doc.family } }));
		frm.set_query("related_to", () => ({ filters: { family: frm.doc.family } }));
	},
});
