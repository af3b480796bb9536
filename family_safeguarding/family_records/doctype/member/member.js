// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Member", {
	refresh(frm) {
		if (frm.doc.family && !frm.is_new()) {
			frm.add_custom_button(__("Open Family"), () =>
				frappe.set_route("Form", "Family", frm.doc.family),
			);
		}
	},
});
