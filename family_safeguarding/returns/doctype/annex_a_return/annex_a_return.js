// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Annex A Return", {
	refresh(frm) {
		family_safeguarding.forms.follow_background_work(frm);
	},
});
