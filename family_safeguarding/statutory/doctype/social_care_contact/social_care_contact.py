# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from frappe import _
from frappe.model.document import Document

from family_safeguarding.refusals import refuse_future_date
from family_safeguarding.statutory.episodes import family_of_child


class SocialCareContact(Document):
	def validate(self):
		if not self.member:
			return  # Frappe refuses the missing required field next, naming it
		self.family = family_of_child(self.member, _("a contact with children's social care"))
		refuse_future_date(self.contact_date, self.meta.get_label("contact_date"))
