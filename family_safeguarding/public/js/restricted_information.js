// The form script of Health Information and Police Information, the restricted records an agency
// writes about a family: the same for both (each DocType's own script hands it to the form).
frappe.provide("family_safeguarding.forms");

family_safeguarding.forms.restricted_information = {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { family: frm.doc.family } }));
		frm.set_query("related_to", () => ({ filters: { family: frm.doc.family } }));
	},
	onload(frm) {
		// The author is the worker writing it, as the server would set it.
		if (frm.is_new() && !frm.doc.author) {
			frappe.db
				.get_value("Agency Worker", { user: frappe.session.user, is_active: 1 }, "name")
				.then(
					(r) => r.message && r.message.name && frm.set_value("author", r.message.name),
				);
		}
	},
};
