"""A Document Share Key lets whoever holds its link, Guest included, print the record past the
information-sharing protocol. The app now refuses one for a case record (protocol/sharing.py); this
patch, run once by migrate, deletes those made before, and says how many there were."""

from family_safeguarding.protocol.sharing import remove_share_keys_of_case_records


def execute():
	removed = remove_share_keys_of_case_records()
	print(f"Family Safeguarding: removed {removed} Document Share Key(s) of case records.")
