# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from family_safeguarding.audit.rows import AuditRow


class CaseRecordAccess(AuditRow):
	"""A read of a case record, written by the app (audit/record.py) past this controller."""
