"""What Health Information and Police Information share: each is protected detail one agency
records about a family, which the roles that may not read it never reach
(docs/information-governance/access-protocol.md, "Protected information: Health and Police")."""

import frappe
from frappe import _
from frappe.model.document import Document
from frappe.utils import getdate

from family_safeguarding.refusals import check_member_in_family, refuse_future_date
from family_safeguarding.rules.titles import protected_information_title
from family_safeguarding.workers import own_active_worker


class ProtectedInformation(Document):
	def validate(self):
		self.author = self.author or own_active_worker()
		if not self.author:
			frappe.throw(_("Author is required."), frappe.ValidationError)
		check_member_in_family(self.member, self.family, "Member")
		refuse_future_date(self.recorded_on, "Recorded On")
		if self.related_to_type and self.related_to:
			if frappe.db.get_value(self.related_to_type, self.related_to, "family") != self.family:
				frappe.throw(
					_("Related To: choose a {0} of this family.").format(_(self.related_to_type)),
					frappe.ValidationError,
				)
		elif self.related_to:
			frappe.throw(_("Related To Type is required with Related To."), frappe.ValidationError)
		# The title shows in links and lists: it carries no clinical or police detail.
		self.title = protected_information_title(self.source, getdate(self.recorded_on))
