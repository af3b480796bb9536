// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Agency Worker", {
	setup(frm) {
		frm.set_query("agency", () => ({ filters: { is_active: 1 } }));
		frm.set_query("team", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		if (!frm.doc.user && frm.is_new()) {
			frm.add_custom_button(__("Create User"), () => create_user(frm));
		}
	},
});

function create_user(frm) {
	const dialog = new frappe.ui.Dialog({
		title: __("Create the worker's user"),
		fields: [
			{
				fieldname: "email",
				fieldtype: "Data",
				options: "Email",
				label: __("Email"),
				reqd: 1,
			},
			{ fieldname: "first_name", fieldtype: "Data", label: __("First Name"), reqd: 1 },
			{ fieldname: "last_name", fieldtype: "Data", label: __("Last Name") },
		],
		primary_action_label: __("Create"),
		primary_action(values) {
			frappe
				.call({
					method: "family_safeguarding.safeguarding_setup.doctype.agency_worker.agency_worker.create_user_for_worker",
					args: values,
					freeze: true,
				})
				.then((r) => {
					dialog.hide();
					frm.set_value("user", r.message);
					frm.remove_custom_button(__("Create User"));
					frappe.show_alert({
						message: __(
							"User {0} created. They will be e-mailed a link to set their password.",
							[r.message],
						),
						indicator: "green",
					});
				});
		},
	});
	dialog.show();
}
