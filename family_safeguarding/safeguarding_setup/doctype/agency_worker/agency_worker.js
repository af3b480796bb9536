// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Agency Worker", {
	setup(frm) {
		frm.set_query("agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("team", () => ({ filters: { is_active: 1 } }));
		frm.set_query("user", () => ({ filters: { enabled: 1, user_type: ["!=", "Website User"] } }));
	},
});
