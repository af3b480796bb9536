"""The audit's pure rules: how a read is named, how a case record's ID is recognised in an answer,
and which rows the retention period keeps. The DocTypes' metadata the audit relies on, read from
the JSON."""

import json
import re
from datetime import date
from pathlib import Path

import pytest

from family_safeguarding.rules import audit
from family_safeguarding.rules.access import CASE_DOCTYPES, SIDE_TABLES

APP = Path(__file__).resolve().parent.parent / "family_safeguarding"
DOCTYPES = {
	(meta := json.loads(path.read_text()))["name"]: meta
	for path in APP.glob("*/doctype/*/*.json")
	if path.stem == path.parent.name and json.loads(path.read_text()).get("doctype") == "DocType"
}
AUDIT_DOCTYPES = ("Case Record Access", "Guard Refusal")


@pytest.mark.parametrize(
	"kind, method, path, view, how",
	[
		("method", "family_safeguarding.guard.overrides.getdoc", "", None, audit.FORM),
		("method", "frappe.desk.form.load.get_docinfo", "", None, audit.FORM),
		("resource", None, "/api/resource/Family/FAM-2026-00001", None, audit.REST),
		("method", "frappe.client.get", "", None, audit.CLIENT_API),
		("method", "frappe.client.get_list", "", None, audit.CLIENT_API),
		("method", "frappe.desk.reportview.get", "", "List", audit.LIST),
		("method", "frappe.desk.reportview.get", "", "Report", audit.REPORT),
		("method", "frappe.desk.query_report.run", "", None, audit.REPORT),
		("method", "frappe.desk.reportview.export_query", "", None, audit.EXPORT),
		("method", "frappe.desk.query_report.export_query", "", None, audit.EXPORT),
		("method", "frappe.utils.print_format.download_pdf", "", None, audit.PRINT),
		("method", "frappe.www.printview.get_html_and_style", "", None, audit.PRINT),
		("page", None, "/printview", None, audit.PRINT),
		("page", None, "/some-page", None, audit.PAGE),
		("method", "frappe.desk.search.search_link", "", None, audit.SEARCH),
		("method", "frappe.core.doctype.communication.email.make", "", None, audit.EMAIL),
		("file", None, "/private/files/letter.pdf", None, audit.ATTACHMENT),
		(
			"method",
			"frappe.desk.doctype.notification_log.notification_log.get_notification_logs",
			"",
			None,
			audit.NOTIFICATION,
		),
		("method", "some_app.api.anything", "", None, audit.OTHER),
		("unknown", None, "/api/nowhere", None, audit.OTHER),
	],
)
def test_how_a_request_read(kind, method, path, view, how):
	assert audit.how_of(kind, method, path, view) == how
	assert how in audit.HOWS


def test_every_how_is_an_option_of_the_audit():
	options = next(f for f in DOCTYPES["Case Record Access"]["fields"] if f["fieldname"] == "how")["options"]
	assert options.split("\n") == list(audit.HOWS)


@pytest.mark.parametrize("doctype", sorted(CASE_DOCTYPES))
def test_the_ids_of_every_case_doctype_are_recognised(doctype):
	pattern = audit.id_pattern(DOCTYPES[doctype]["autoname"])
	assert pattern, f"{doctype}: its IDs could not be found in an answer"
	expression = audit.ids_expression({doctype: pattern})
	example = re.sub(r"\\d\{(\d+),\}", lambda m: "7" * int(m.group(1)), pattern).replace(r"\d{4}", "2026")
	example = example.replace("\\", "")
	assert audit.ids_in(expression, [doctype], f'{{"name": "{example}"}}'.encode()) == {doctype: {example}}


def test_ids_are_found_as_whole_words_and_told_apart():
	patterns = {doctype: audit.id_pattern(DOCTYPES[doctype]["autoname"]) for doctype in CASE_DOCTYPES}
	expression = audit.ids_expression(patterns)
	body = (
		b'{"family": "FAM-2026-00012", "member": "MEM-0000003", "x": "CHI-000001", "y": "XHI-000002",'
		b' "z": "HI-0000421", "plo": "PLO-123456", "goal": "GOAL-000009", "url": "/app/police-information/PI-000004",'
		b' "too short": "MEM-12"}'
	)
	assert audit.ids_in(expression, list(patterns), body) == {
		"Family": {"FAM-2026-00012"},
		"Member": {"MEM-0000003"},
		"Health Information": {"HI-0000421"},
		"PLO Case": {"PLO-123456"},
		"Goal": {"GOAL-000009"},
		"Police Information": {"PI-000004"},
	}


@pytest.mark.parametrize("autoname", [None, "hash", "field:agency_name", "prompt", "format:{family}-{##}"])
def test_an_autoname_that_is_not_a_series_gives_no_pattern(autoname):
	assert audit.id_pattern(autoname) is None


def test_counts_alone_are_not_records_but_groups_are():
	assert audit.query_shape(["count(name) as total"], None) == audit.COUNTS
	assert audit.query_shape(["count(distinct name)", "sum(score)"], "") == audit.COUNTS
	# a group shows the grouped values of every record in it
	assert audit.query_shape(["family"], "family") == audit.GROUPS
	assert audit.query_shape(["first_name", "count(name) as c"], "first_name") == audit.GROUPS
	# an aggregate beside a plain field shows that field of some record it counts
	assert audit.query_shape(["count(name) as c", "first_name"], None) == audit.GROUPS
	assert audit.query_shape(["full_name", "`tabMember`.`name`"], None) == audit.RECORDS
	assert audit.query_shape([], "") == audit.RECORDS


@pytest.mark.parametrize(
	"setting, years",
	[(None, 7), ("", 7), (0, 7), (1, 1), (10, 10), (-3, 1), ("4", 4)],
)
def test_retention_years(setting, years):
	assert audit.retention_years(setting) == years


@pytest.mark.parametrize(
	"today, years, cutoff",
	[
		(date(2026, 6, 15), 7, date(2019, 6, 15)),
		(date(2028, 2, 29), 1, date(2027, 2, 28)),
		(date(2026, 1, 1), 1, date(2025, 1, 1)),
	],
)
def test_retention_cutoff(today, years, cutoff):
	assert audit.retention_cutoff(today, years) == cutoff


def test_the_settings_default_is_the_rules_default():
	settings = DOCTYPES["Family Safeguarding Settings"]
	field = next(f for f in settings["fields"] if f["fieldname"] == "audit_retention_years")
	assert int(field["default"]) == audit.DEFAULT_RETENTION_YEARS


@pytest.mark.parametrize("doctype", AUDIT_DOCTYPES)
def test_the_audit_is_for_system_managers_to_read_and_no_one_to_change(doctype):
	meta = DOCTYPES[doctype]
	assert meta["permissions"] == [{"export": 1, "read": 1, "report": 1, "role": "System Manager"}]
	assert meta.get("in_create") and meta.get("read_only")
	# closed to everyone inside the protocol, by the side tables' rule too
	assert SIDE_TABLES[doctype] == ()
	# Log Settings clears only DocTypes whose controller defines clear_old_logs
	folder = doctype.lower().replace(" ", "_")
	(controller,) = APP.glob(f"*/doctype/{folder}/{folder}.py")
	assert "clear_old_logs" not in controller.read_text()


def test_the_audit_rows_stay_when_what_they_name_is_deleted():
	hooks = (APP / "hooks.py").read_text()
	listed = re.search(r"ignore_links_on_delete = \[([^\]]*)\]", hooks).group(1)
	assert {name.strip().strip('"') for name in listed.split(",") if name.strip()} >= set(AUDIT_DOCTYPES)
