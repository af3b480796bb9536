// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("CIN Episode", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { is_child: 1 } }));
		// the contact that led to the referral is one about the same child
		frm.set_query("contact", () => ({ filters: { member: frm.doc.member || "" } }));
	},
});
