# Copyright (c) 2026, family_safeguarding developers and contributors
# For license information, please see license.txt

from family_safeguarding.workbook.protected_information import ProtectedInformation


class PoliceInformation(ProtectedInformation):
	pass
