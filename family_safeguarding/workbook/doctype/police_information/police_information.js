// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

// The same form as the other restricted records' (public/js/restricted_information.js).
frappe.ui.form.on("Police Information", family_safeguarding.forms.restricted_information);
