// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Group Supervision", {
	setup(frm) {
		frm.set_query("member", "risks", () => ({ filters: { family: frm.doc.family, is_child: 1 } }));
		frm.set_query("chair", () => ({ filters: { specialism: "Team Manager", is_active: 1 } }));
	},
	onload(frm) {
		// The team manager chairs: start with them, as the server would.
		if (frm.is_new() && !frm.doc.chair) {
			frappe.db
				.get_value("Agency Worker", { user: frappe.session.user, is_active: 1, specialism: "Team Manager" }, "name")
				.then((r) => r.message && r.message.name && frm.set_value("chair", r.message.name));
		}
	},
});
