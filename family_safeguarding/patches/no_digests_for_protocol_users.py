"""Frappe e-mails the followers of a record a digest of its changes, past every permission, for as
long as they follow it. The app now keeps that setting off for users inside the protocol
(protocol/following.py); this patch, run once by migrate, switches it off for those who had it on,
and deletes their follows of case records."""

from family_safeguarding.protocol.following import turn_digests_off


def execute():
	count = turn_digests_off()
	print(
		f"Family Safeguarding: switched document follow e-mails off for {count} user(s) inside the protocol."
	)
