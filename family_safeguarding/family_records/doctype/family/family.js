// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

// Helpers for the person at the form; every rule is checked again on the server.
frappe.ui.form.on("Family", {
	setup(frm) {
		frm.set_query("worker", "allocations", () => ({
			filters: { is_active: 1 },
		}));
		// A Table MultiSelect takes its query on the field itself, not on a grid column.
		frm.set_query("presenting_issues", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		render_members(frm);
		render_workbook(frm);
		// The server refuses allocation changes by anyone but the team manager; say so up front. It
		// says who may (__onload); a new family's lead social worker is allocated as it is saved,
		// and the other workers once it exists.
		const can_allocate = Boolean(frm.doc.__onload && frm.doc.__onload.can_allocate);
		frm.set_df_property("allocations", "read_only", can_allocate ? 0 : 1);
		if (!frm.is_new() && frappe.model.can_create("Member")) {
			frm.add_custom_button(__("Add Member"), () =>
				frappe.new_doc("Member", { family: frm.doc.name }),
			);
		}
	},
});

function render_members(frm) {
	const wrapper = frm.get_field("members_html").$wrapper;
	if (frm.is_new()) {
		wrapper.html(
			`<p class="text-muted">${__("Save the family first, then add its members.")}</p>`,
		);
		return;
	}
	const members = (frm.doc.__onload && frm.doc.__onload.members) || [];
	if (!members.length) {
		wrapper.html(
			`<p class="text-muted">${__(
				"No members recorded yet. Use Add Member to record the children and adults.",
			)}</p>`,
		);
		return;
	}
	const esc = frappe.utils.escape_html;
	const rows = members
		.map((m) => {
			const born =
				m.member_type === "Unborn Child"
					? __("Due {0}", [frappe.datetime.str_to_user(m.expected_date_of_birth)])
					: m.date_of_birth
					  ? frappe.datetime.str_to_user(m.date_of_birth)
					  : "";
			return `<tr>
				<td><a href="/app/member/${encodeURIComponent(m.name)}">${esc(m.full_name || m.name)}</a></td>
				<td>${esc(__(m.member_type))}</td>
				<td>${esc(m.relationship ? __(m.relationship) : "")}</td>
				<td>${esc(born)}</td>
				<td>${m.age === null || m.age === undefined ? "" : esc(String(m.age))}</td>
			</tr>`;
		})
		.join("");
	wrapper.html(`<table class="table table-bordered table-sm">
		<thead><tr>
			<th>${__("Name")}</th><th>${__("Type")}</th><th>${__("Relationship")}</th>
			<th>${__("Born")}</th><th>${__("Age")}</th>
		</tr></thead>
		<tbody>${rows}</tbody>
	</table>`);
}

function render_workbook(frm) {
	const wrapper = frm.get_field("workbook_html").$wrapper;
	const glance = frm.doc.__onload && frm.doc.__onload.workbook;
	if (frm.is_new() || !glance) {
		wrapper.html("");
		return;
	}
	const esc = frappe.utils.escape_html;
	const link = (doctype, name, label) =>
		`<a href="/app/${frappe.router.slug(doctype)}/${encodeURIComponent(name)}">${esc(
			label || name,
		)}</a>`;
	const score = (value) => (value === null || value === undefined ? "–" : esc(String(value)));
	const members = {};
	((frm.doc.__onload && frm.doc.__onload.members) || []).forEach(
		(m) => (members[m.name] = m.full_name),
	);
	const parts = [];

	const last = glance.last_supervision;
	parts.push(`<div class="row">
		<div class="col-sm-6"><p><b>${__("Last group supervision")}</b>: ${
			last
				? `${link(
						"Group Supervision",
						last.name,
						frappe.datetime.str_to_user(last.meeting_date),
				  )} (${esc(__(last.recommendation || ""))})`
				: __("none yet")
		}</p></div>
		<div class="col-sm-6"><p><b>${__("Next group supervision due")}</b>: ${
			glance.next_supervision_due
				? frappe.datetime.str_to_user(glance.next_supervision_due)
				: __("not set")
		}</p></div>
	</div>`);

	if (glance.missing_summaries) {
		parts.push(
			`<p><b>${__("Summaries still to write this month")}</b>: ${
				glance.missing_summaries.length
					? glance.missing_summaries.map(esc).join(", ")
					: __("none, all written")
			}</p>`,
		);
	}

	if (glance.modules) {
		const rows = glance.modules
			.map(
				(m) =>
					`<tr><td>${link("Workbook Module", m.name, m.title)}</td><td>${esc(
						__(m.status),
					)}</td><td>${esc(__(m.capacity_to_change || ""))}</td></tr>`,
			)
			.join("");
		parts.push(
			`<h5>${__("Modules")}</h5>${
				rows
					? `<table class="table table-bordered table-sm"><thead><tr><th>${__(
							"Module",
					  )}</th><th>${__("Status")}</th><th>${__(
							"Capacity to change",
					  )}</th></tr></thead><tbody>${rows}</tbody></table>`
					: `<p class="text-muted">${__("No modules started yet.")}</p>`
			}`,
		);
	}

	if (glance.goals) {
		const rows = glance.goals
			.map(
				(g) =>
					`<tr><td>${esc(members[g.member] || g.member)}</td><td>${link(
						"Goal",
						g.name,
						g.goal,
					)}</td><td>${esc(__(g.status))}</td><td>${score(
						g.baseline_score,
					)}</td><td>${score(g.latest_score)}</td></tr>`,
			)
			.join("");
		parts.push(
			`<h5>${__("Goals")}</h5>${
				rows
					? `<table class="table table-bordered table-sm"><thead><tr><th>${__(
							"Member",
					  )}</th><th>${__("Goal")}</th><th>${__("Status")}</th><th>${__(
							"Baseline",
					  )}</th><th>${__("Latest")}</th></tr></thead><tbody>${rows}</tbody></table>`
					: `<p class="text-muted">${__("No goals set yet.")}</p>`
			}`,
		);
	}

	Object.entries(glance.protected || {}).forEach(([doctype, records]) => {
		const rows = records
			.map(
				(r) =>
					`<tr><td>${link(doctype, r.name, r.title)}</td><td>${esc(
						members[r.member] || "",
					)}</td></tr>`,
			)
			.join("");
		parts.push(
			`<h5>${__(doctype)} <span class="text-muted small">(${__("restricted")})</span></h5>${
				rows
					? `<table class="table table-bordered table-sm"><tbody>${rows}</tbody></table>`
					: `<p class="text-muted">${__("None recorded.")}</p>`
			}`,
		);
	});

	wrapper.html(parts.join(""));
}
