// The filters the reports share. Each report's script asks for them when it is loaded, so the
// defaults (the dates) are those of the day the report is opened.
frappe.provide("family_safeguarding.reports");

family_safeguarding.reports.team_filter = () => ({
	fieldname: "team",
	label: __("Team"),
	fieldtype: "Link",
	options: "Family Safeguarding Team",
});

// A period, both ends required: from `from_date` (a date string) to today.
family_safeguarding.reports.period_filters = (from_date) => [
	{
		fieldname: "from_date",
		label: __("From Date"),
		fieldtype: "Date",
		default: from_date,
		reqd: 1,
	},
	{
		fieldname: "to_date",
		label: __("To Date"),
		fieldtype: "Date",
		default: frappe.datetime.get_today(),
		reqd: 1,
	},
];

// The outcome reports': from the start of the month a year ago to today, and the team.
family_safeguarding.reports.period_and_team_filters = () => [
	...family_safeguarding.reports.period_filters(
		frappe.datetime.add_months(frappe.datetime.month_start(), -12),
	),
	family_safeguarding.reports.team_filter(),
];
