// Desk helpers shared by the app's forms. Rules never live here: the server checks everything.
frappe.provide("family_safeguarding");
