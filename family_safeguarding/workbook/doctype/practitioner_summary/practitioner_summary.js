// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Practitioner Summary", {
	setup(frm) {
		frm.set_query("members_worked_with", () => ({ filters: { family: frm.doc.family } }));
	},
	onload(frm) {
		// A summary is a monthly chapter: start with this month.
		if (frm.is_new() && !frm.doc.period_start) {
			frm.set_value("period_start", frappe.datetime.month_start());
			frm.set_value("period_end", frappe.datetime.month_end());
		}
		// A worker writes their own summary: start with them, as the server would.
		if (frm.is_new() && !frm.doc.worker) {
			frappe.db
				.get_value("Agency Worker", { user: frappe.session.user, is_active: 1 }, "name")
				.then(
					(r) => r.message && r.message.name && frm.set_value("worker", r.message.name),
				);
		}
	},
	refresh(frm) {
		if (frm.doc.locked_by) {
			frm.set_intro(
				__("Locked by the group supervision {0}: this summary can no longer be changed.", [
					frm.doc.locked_by,
				]),
				"blue",
			);
			frm.disable_save();
		}
	},
});
