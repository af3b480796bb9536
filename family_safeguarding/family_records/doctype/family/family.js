// Copyright (c) 2026, family_safeguarding developers and contributors
// For license information, please see license.txt

// Helpers for the person at the form; every rule is checked again on the server.
frappe.ui.form.on("Family", {
	setup(frm) {
		frm.set_query("lead_social_worker", () => ({
			filters: { specialism: "Social Worker", is_active: 1, team: frm.doc.team || undefined },
		}));
		frm.set_query("worker", "allocations", () => ({
			filters: { is_active: 1 },
		}));
		// A Table MultiSelect takes its query on the field itself, not on a grid column.
		frm.set_query("presenting_issues", () => ({ filters: { is_active: 1 } }));
	},

	refresh(frm) {
		render_members(frm);
		// The server refuses allocation changes by anyone but the team manager; say so up front.
		const can_allocate =
			frappe.user.has_role("FS Team Manager") || frappe.user.has_role("System Manager");
		frm.set_df_property("allocations", "read_only", can_allocate ? 0 : 1);
		if (!frm.is_new() && frappe.model.can_create("Member")) {
			frm.add_custom_button(__("Add Member"), () =>
				frappe.new_doc("Member", { family: frm.doc.name })
			);
		}
	},
});

function render_members(frm) {
	const wrapper = frm.get_field("members_html").$wrapper;
	if (frm.is_new()) {
		wrapper.html(
			`<p class="text-muted">${__("Save the family first, then add its members.")}</p>`
		);
		return;
	}
	const members = (frm.doc.__onload && frm.doc.__onload.members) || [];
	if (!members.length) {
		wrapper.html(
			`<p class="text-muted">${__(
				"No members recorded yet. Use Add Member to record the children and adults."
			)}</p>`
		);
		return;
	}
	const esc = frappe.utils.escape_html;
	const rows = members
		.map((m) => {
			const born = m.member_type === "Unborn Child"
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
