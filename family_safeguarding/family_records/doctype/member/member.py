# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate, today

from family_safeguarding.refusals import refuse_rule_errors, rule_error_message
from family_safeguarding.replica import on_primary
from family_safeguarding.rules import RuleError
from family_safeguarding.rules.census.codes import check_disabilities, check_la_child_id, check_upn_or_reason
from family_safeguarding.rules.identifiers import format_nhs_number, normalise_nhs_number, normalise_upn
from family_safeguarding.rules.people import age_on, check_member_dates, is_child


class Member(Document):
	def validate(self):
		self.first_name = (self.first_name or "").strip()
		self.last_name = (self.last_name or "").strip()
		with refuse_rule_errors():
			check_member_dates(
				self.member_type,
				_date(self.date_of_birth),
				_date(self.expected_date_of_birth),
				_date(self.date_of_death),
				getdate(today()),
			)
			self.nhs_number = normalise_nhs_number(self.nhs_number)
			self.upn = normalise_upn(self.upn)
		self.validate_census()
		if self.member_type != "Unborn Child":
			self.expected_date_of_birth = None
		if self.member_type == "Unborn Child" and self.upn:
			frappe.throw(_("An unborn child has no UPN yet."), frappe.ValidationError)
		if self.member_type != "Unborn Child" and not self.first_name:
			frappe.throw(_("First Name is required."), frappe.ValidationError)
		self.refuse_duplicate_nhs_number()
		self.set_full_name()
		self.set_age()

	def validate_census(self):
		"""What the Children in Need census takes about the child (docs/developers/data-model.md)."""
		with refuse_rule_errors():
			self.la_child_id = check_la_child_id(self.la_child_id) if self.la_child_id else None
			check_upn_or_reason(self.upn, self.upn_unknown_reason)
			check_disabilities([row.disability for row in self.disabilities])
		try:
			self.former_upn = normalise_upn(self.former_upn, "former_upn")
		except RuleError as error:
			# the rule speaks of "UPN": say which one
			frappe.throw(_("Former UPN: {0}").format(rule_error_message(error)), frappe.ValidationError)
		if self.la_child_id and self.another_child_has_the_la_child_id():
			frappe.throw(
				_("LA Child ID {0} is already recorded for another child.").format(self.la_child_id),
				frappe.ValidationError,
			)

	def another_child_has_the_la_child_id(self) -> bool:
		"""Asked among the children the user may read (Frappe's list, under the row rule): refusing
		for a child they may not read would tell them that child exists. A duplicate across families
		is then the census's to find (DfE rule 8510, on the CIN Census Return), and the import
		refuses to match an LA child ID two children hold.

		One query, the same whether or not a child the user may not read holds the ID: asking the
		list only when some child holds it made the save measurably slower for an ID held in another
		family, which told a worker it was held."""
		return bool(
			frappe.get_list(
				"Member",
				filters={"la_child_id": self.la_child_id, "name": ("!=", self.name or "")},
				pluck="name",
				limit_page_length=1,
			)
		)

	def refuse_duplicate_nhs_number(self):
		if not self.nhs_number:
			return
		other = frappe.db.get_value(
			"Member",
			{"family": self.family, "nhs_number": self.nhs_number, "name": ("!=", self.name or "")},
			"full_name",
		)
		if other:
			frappe.throw(
				_("NHS Number {0} is already recorded for {1} in this family.").format(
					format_nhs_number(self.nhs_number), frappe.bold(other)
				),
				frappe.ValidationError,
			)

	def set_full_name(self):
		name = " ".join(part for part in (self.first_name, self.last_name) if part)
		if not name and self.member_type == "Unborn Child":
			family_name = frappe.db.get_value("Family", self.family, "family_name") or ""
			name = _("Unborn baby ({0})").format(family_name) if family_name else _("Unborn baby")
		self.full_name = name

	def set_age(self):
		self.age, self.is_child = derived_age(self.member_type, self.date_of_birth, self.date_of_death)


def derived_age(member_type, date_of_birth, date_of_death, on=None) -> tuple[int | None, int]:
	"""Age in whole years (at death, for a member who has died) and whether the member is a child."""
	on = getdate(on or today())
	if date_of_death:
		on = min(on, getdate(date_of_death))
	born = _date(date_of_birth)
	age = age_on(born, on) if born and member_type != "Unborn Child" else None
	return age, int(is_child(member_type, born, on))


@frappe.read_only()
def refresh_ages():
	"""Daily: move age and is_child on for members whose birthday it is (reading from a replica
	where one is configured)."""
	members = frappe.get_all(
		"Member",
		filters={"date_of_birth": ("is", "set")},
		fields=["name", "member_type", "date_of_birth", "date_of_death", "age", "is_child"],
	)
	for member in members:
		age, child = derived_age(member.member_type, member.date_of_birth, member.date_of_death)
		if (age, child) != (member.age, member.is_child):
			on_primary(
				frappe.db.set_value,
				"Member",
				member.name,
				{"age": age, "is_child": child},
				update_modified=False,
			)


def _date(value):
	return getdate(value) if value else None
