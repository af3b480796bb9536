// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.query_reports["Overdue Statutory Work"] = {
	filters: [family_safeguarding.reports.team_filter()],
};
