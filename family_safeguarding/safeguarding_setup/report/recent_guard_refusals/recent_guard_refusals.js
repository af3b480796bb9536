// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Recent Guard Refusals"] = {
	filters: [
		// the last week (public/js/report_filters.js)
		...family_safeguarding.reports.period_filters(
			frappe.datetime.add_days(frappe.datetime.get_today(), -7),
		),
		{
			fieldname: "user",
			label: __("User"),
			fieldtype: "Link",
			options: "User",
		},
	],
};
