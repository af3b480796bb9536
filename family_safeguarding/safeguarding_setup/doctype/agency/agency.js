// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

// frappe.ui.form.on("Agency", {
// 	refresh(frm) {

// 	},
// });
