// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Referral", {
	setup(frm) {
		frm.set_query("to_agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("member", () => ({ filters: { family: frm.doc.family } }));
	},
	refresh(frm) {
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				`<div class="text-danger">${__("Overdue")}: ${frappe.utils.escape_html(frm.doc.overdue_items || "").replace(/\n/g, "; ")}</div>`
			);
		}
	},
});
