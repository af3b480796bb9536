// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Record Access History"] = {
	filters: [
		{
			fieldname: "member",
			label: __("Member"),
			fieldtype: "Link",
			options: "Member",
			reqd: 1,
		},
	],
};
