// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Social Care Contact", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { is_child: 1 } }));
	},
});
