// The forms of records whose work runs in the background once saved (CIN Census Return, Annex A
// Return, CIN Import): while the work is queued or running, say so and read the record again every
// few seconds, so the form shows the outcome without realtime updates (which need the socket.io
// server a development bench may not run).
frappe.provide("family_safeguarding.forms");

const WORKING = ["Queued", "Running"];
const EVERY_MS = 4000;

family_safeguarding.forms.follow_background_work = (frm) => {
	clearTimeout(frm.__follow_background_work);
	if (frm.is_new() || !WORKING.includes(frm.doc.status)) {
		return;
	}
	frm.dashboard.set_headline(
		__("This is being made in the background: the form shows the outcome when it is done."),
	);
	frm.__follow_background_work = setTimeout(() => {
		if (cur_frm === frm && !frm.is_dirty()) {
			frm.reload_doc();
		}
	}, EVERY_MS);
};
