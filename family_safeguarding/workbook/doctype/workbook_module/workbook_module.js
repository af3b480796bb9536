// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Workbook Module", {
	setup(frm) {
		frm.set_query("members", () => ({ filters: { family: frm.doc.family } }));
		frm.set_query("module_template", () => ({ filters: { is_active: 1 } }));
	},
});
