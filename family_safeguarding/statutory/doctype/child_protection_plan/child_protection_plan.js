// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Child Protection Plan", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { is_child: 1 } }));
		frm.set_query("lead_social_worker", () => ({ filters: { specialism: "Social Worker", is_active: 1 } }));
	},
	refresh(frm) {
		if (frm.doc.is_overdue) {
			frm.dashboard.set_headline_alert(
				`<div class="text-danger">${__("Overdue")}: ${frappe.utils.escape_html(frm.doc.overdue_items || "").replace(/\n/g, "; ")}</div>`
			);
		}
	},
});
