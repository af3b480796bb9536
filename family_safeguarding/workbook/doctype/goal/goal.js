// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

frappe.ui.form.on("Goal", {
	setup(frm) {
		frm.set_query("member", () => ({ filters: { family: frm.doc.family } }));
	},
	refresh(frm) {
		frm.__family_shown = frm.doc.family;
		draw_score_chart(frm);
	},
	family(frm) {
		// A member of the family the form had: not of the one chosen now. A new goal opened for a
		// member (family and member given in the route) keeps its member when the form sets the
		// family it came with.
		if (frm.__family_shown && frm.__family_shown !== frm.doc.family) {
			frm.set_value("member", null);
		}
		frm.__family_shown = frm.doc.family;
	},
});

frappe.ui.form.on("Goal Review", {
	score: draw_score_chart,
	review_date: draw_score_chart,
	scale: draw_score_chart,
	reviews_remove: draw_score_chart,
});

// The score history on each scale, drawn with Frappe's own charts.
function draw_score_chart(frm) {
	const wrapper = frm.get_field("score_chart").$wrapper;
	const reviews = (frm.doc.reviews || [])
		.filter(
			(r) => r.review_date && r.score !== null && r.score !== undefined && r.score !== "",
		)
		.sort((a, b) =>
			a.review_date === b.review_date
				? a.idx - b.idx
				: a.review_date < b.review_date
				  ? -1
				  : 1,
		);
	if (!reviews.length) {
		wrapper.html(
			`<p class="text-muted">${__("Add a review to see the scores over time.")}</p>`,
		);
		return;
	}
	const dates = [...new Set(reviews.map((r) => r.review_date))];
	const scales = [...new Set(reviews.map((r) => r.scale))];
	const datasets = scales.map((scale) => {
		const by_date = {};
		reviews
			.filter((r) => r.scale === scale)
			.forEach((r) => (by_date[r.review_date] = r.score));
		let last = null;
		// carry the last score forward so each line reads across the dates the others were scored on
		return {
			name: __(scale),
			values: dates.map((d) => (last = d in by_date ? by_date[d] : last) ?? 0),
		};
	});
	wrapper.html('<div class="goal-score-chart"></div>');
	new frappe.Chart(wrapper.find(".goal-score-chart")[0], {
		title: __("Scores over time (0 to 10)"),
		type: "line",
		height: 240,
		data: { labels: dates.map((d) => frappe.datetime.str_to_user(d)), datasets },
		axisOptions: { xIsSeries: 1 },
		lineOptions: { dotSize: 5, regionFill: 0 },
		yMarkers: [{ label: "10", value: 10 }],
	});
}
