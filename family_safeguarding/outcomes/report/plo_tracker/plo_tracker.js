// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["PLO Tracker"] = {
	filters: [
		{
			fieldname: "team",
			label: __("Team"),
			fieldtype: "Link",
			options: "Family Safeguarding Team",
		},
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: ["Open Cases", "All Cases"],
			default: "Open Cases",
		},
	],
};
