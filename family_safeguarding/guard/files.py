"""Attachments: copying a file by its address or by its File record.

A private file is served to anyone holding a File row with its address, so an endpoint that makes
a File row from another file's address or record would hand over its contents. These endpoints
name a file, not a DocType, so they are checked whatever else the request names. (The File
document hooks in protocol/files.py refuse the same copy on every other path.)
"""

import frappe

from family_safeguarding.guard.arguments import Refused, as_list, parse, protected_doctypes


def require_readable_files(files) -> None:
	"""Each File (by name or by address) attached to a case record must be attached to one the
	user may read."""
	for value in files:
		if not value or not isinstance(value, str):
			continue
		field = "file_url" if value.startswith("/") else "name"
		for attached in frappe.get_all(
			"File", filters={field: value}, fields=["attached_to_doctype", "attached_to_name"]
		):
			if attached.attached_to_doctype in protected_doctypes():
				if not attached.attached_to_name or not frappe.has_permission(
					attached.attached_to_doctype, "read", doc=attached.attached_to_name
				):
					raise Refused("that file belongs to a record you may not read")


def copy_by_url(args: dict) -> None:
	require_readable_files([args.get("file_url")])


def copy_by_file_record(args: dict) -> None:
	require_readable_files(as_list(parse(args.get("attachments"))) + as_list(args.get("name")))


FILE_COPYING_METHODS = {
	"frappe.handler.upload_file": copy_by_url,
	"frappe.utils.file_manager.add_attachments": copy_by_file_record,
	"frappe.core.doctype.communication.email.make": copy_by_file_record,
	"frappe.core.api.file.unzip_file": copy_by_file_record,
}
