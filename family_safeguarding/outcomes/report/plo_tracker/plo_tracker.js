// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["PLO Tracker"] = {
	filters: [
		family_safeguarding.reports.team_filter(),
		{
			fieldname: "show",
			label: __("Show"),
			fieldtype: "Select",
			options: ["Open Cases", "All Cases"],
			default: "Open Cases",
		},
	],
};
