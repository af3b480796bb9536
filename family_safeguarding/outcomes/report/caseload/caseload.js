// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Caseload"] = {
	filters: [
		family_safeguarding.reports.team_filter(),
		{
			fieldname: "specialism",
			label: __("Specialism"),
			fieldtype: "Select",
			options: [""],
		},
	],
	onload(report) {
		// The specialisms are written once, in the app's rules.
		frappe.xcall("family_safeguarding.outcomes.common.specialisms").then((specialisms) => {
			const filter = report.get_filter("specialism");
			filter.df.options = ["", ...specialisms];
			filter.refresh();
		});
	},
};
