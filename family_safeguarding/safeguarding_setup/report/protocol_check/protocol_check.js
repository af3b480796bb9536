// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Protocol Check"] = {
	filters: [],
};
