# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from family_safeguarding.audit.rows import AuditRow


class GuardRefusal(AuditRow):
	"""A refusal of the request guard, written by the app (audit/record.py) past this controller."""
