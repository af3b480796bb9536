# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from family_safeguarding.returns.job_rows import RowKeptByTheJob


class CINReturnFinding(RowKeptByTheJob):
	pass
