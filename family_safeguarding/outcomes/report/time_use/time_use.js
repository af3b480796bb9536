// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Time Use"] = {
	filters: [
		// the outcome reports' period and team (public/js/report_filters.js)
		...family_safeguarding.reports.period_and_team_filters(),
		{
			fieldname: "group_by",
			label: __("Group By"),
			fieldtype: "Select",
			options: ["Specialism", "Worker", "Team"],
			default: "Specialism",
		},
	],
};
