"""Runs the DfE's CIN census rules on one file and prints what they found as JSON.

This script runs inside the validator's own virtual environment (see validator.py), never in the
bench's: it imports only the standard library and the validator, whose pandas the bench cannot
share. Usage: python cin_validator_runner.py FILE YEAR_END, where YEAR_END is 2026 for 2025-26.

A rule that crashes is only printed by the validator and then counted as passed; it is caught
here and reported under "rules_not_run", so that a silent pass is never mistaken for a clean file.
"""

import contextlib
import io
import json
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from importlib.metadata import version

PACKAGE = "csc-validator-be-cin"


def main(path: str, year_end: str) -> dict:
	warnings.simplefilter("ignore")  # pandas' deprecation notices inside the rules
	from cin_validator import cin_validator
	from cin_validator.rules.ruleset_utils import get_year_ruleset

	registry = get_year_ruleset(year_end)
	data = cin_validator.process_data(cin_validator.convert_data(ET.parse(path).getroot()))
	printed = io.StringIO()
	with contextlib.redirect_stdout(printed):
		result = cin_validator.CinValidator(data, registry)

	def kind(code) -> str:
		rule = registry.get(str(code))
		return rule.rule_type.value if rule else "Unknown"

	values = {}
	for row in result.user_report.to_dict("records"):
		key = (
			row["LAchildID"],
			row["rule_code"],
			row["tables_affected"],
			row["columns_affected"],
			row["ROW_ID"],
		)
		values[key] = row["value_flagged"]

	issues = {}
	for row in result.full_issue_df.to_dict("records"):
		child = None if _missing(row.get("child_id")) else str(row["child_id"])
		code = str(row["rule_code"])
		issue = issues.setdefault(
			(child, code),
			{
				"child": child,
				"rule": code,
				"kind": kind(code),
				"message": row["rule_description"],
				"locations": [],
			},
		)
		table, field, row_id = row["tables_affected"], row["columns_affected"], row["row_id"]
		value = values.get((str(child), code, str(table), str(field), str(row_id)))
		location = {"table": table, "field": field, "row": _plain(row_id), "value": value}
		if location not in issue["locations"]:
			issue["locations"].append(location)

	return_issues = []
	for row in result.multichild_issues.to_dict("records"):
		entry = {
			"rule": str(row["rule_code"]),
			"kind": kind(row["rule_code"]),
			"message": row["rule_description"],
		}
		if entry not in return_issues:
			return_issues.append(entry)

	not_run = [
		{"rule": match.group(1), "error": match.group(2)}
		for match in re.finditer(r"^Error with rule (\S+): (.*)$", printed.getvalue(), re.MULTILINE)
	]
	return {
		"package": PACKAGE,
		"version": version(PACKAGE),
		"year_end": int(year_end),
		"rules": len(registry),
		"issues": list(issues.values()),
		"return_issues": return_issues,
		"rules_not_run": not_run,
	}


def _missing(value) -> bool:
	return value is None or value != value or str(value) in ("", "nan", "<NA>", "None")


def _plain(value):
	try:
		return int(value)
	except (TypeError, ValueError):
		return str(value)


if __name__ == "__main__":
	if len(sys.argv) != 3:
		sys.exit("Usage: python cin_validator_runner.py FILE YEAR_END")
	json.dump(main(sys.argv[1], sys.argv[2]), sys.stdout, default=str)
