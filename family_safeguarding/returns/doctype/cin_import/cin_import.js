// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("CIN Import", {
	refresh(frm) {
		// The real import is a record of its own, made from a finished dry run: same file, team and year.
		if (!frm.is_new() && frm.doc.dry_run && frm.doc.status === "Done") {
			frm.add_custom_button(__("Import for real"), () => {
				// Set on the new record itself: frappe.new_doc passes on Link, Data and Select values
				// only, and would leave the file, the year and the dry run behind.
				const real = frappe.model.get_new_doc("CIN Import");
				Object.assign(real, {
					import_file: frm.doc.import_file,
					team: frm.doc.team,
					census_year: frm.doc.census_year,
					dry_run: 0,
				});
				frappe.set_route("Form", "CIN Import", real.name);
			}).addClass("btn-primary");
		}
		family_safeguarding.forms.follow_background_work(frm);
	},
});
