// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Group Supervision", {
	setup(frm) {
		frm.set_query("member", "risks", () => ({ filters: { family: frm.doc.family, is_child: 1 } }));
		frm.set_query("chair", () => ({ filters: { specialism: "Team Manager", is_active: 1 } }));
	},
});
