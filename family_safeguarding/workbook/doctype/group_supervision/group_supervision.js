// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Group Supervision", {
	setup(frm) {
		frm.set_query("member", "risks", () => ({
			filters: { family: frm.doc.family, is_child: 1 },
		}));
		// Chair offers the workers its link filters allow: active team managers (DocType JSON, from
		// the rules).
	},
	onload(frm) {
		// The team manager chairs: start with them, as the server would. Their own worker record,
		// if the Chair field would offer it.
		if (frm.is_new() && !frm.doc.chair) {
			const filters = { user: frappe.session.user };
			for (const [, fieldname, operator, value] of JSON.parse(
				frm.fields_dict.chair.df.link_filters || "[]",
			)) {
				filters[fieldname] = [operator, value];
			}
			frappe.db
				.get_value("Agency Worker", filters, "name")
				.then(
					(r) => r.message && r.message.name && frm.set_value("chair", r.message.name),
				);
		}
	},
});
