// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

// The outcome reports' period and team (public/js/report_filters.js).
frappe.query_reports["Goal Progress"] = {
	filters: family_safeguarding.reports.period_and_team_filters(),
};
