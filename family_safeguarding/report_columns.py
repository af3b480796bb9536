"""The columns of the app's script reports, one helper a field type, with the widths they mostly
take."""


def column(fieldname: str, label: str, fieldtype: str, width: int, **options) -> dict:
	return {"fieldname": fieldname, "label": label, "fieldtype": fieldtype, "width": width, **options}


def data_column(fieldname: str, label: str, width: int = 180) -> dict:
	# Data, not Link, where the user may not read the linked DocType: for a Link column Frappe's
	# report runner checks read access to it (performance staff read no Family, a team manager
	# no User), and a name is all these reports need.
	return column(fieldname, label, "Data", width)


def link_column(fieldname: str, label: str, doctype: str, width: int = 140) -> dict:
	return column(fieldname, label, "Link", width, options=doctype)


def int_column(fieldname: str, label: str, width: int = 100) -> dict:
	return column(fieldname, label, "Int", width)


def float_column(fieldname: str, label: str, width: int = 110) -> dict:
	return column(fieldname, label, "Float", width, precision=1)


def percent_column(fieldname: str, label: str, width: int = 110) -> dict:
	return column(fieldname, label, "Percent", width)


def date_column(fieldname: str, label: str, width: int = 110) -> dict:
	return column(fieldname, label, "Date", width)


def check_column(fieldname: str, label: str, width: int = 80) -> dict:
	return column(fieldname, label, "Check", width)
