"""What a census return's checks found, by child and rule: one list for the CIN Census Return's
Findings table and for the bench command's report.

Four kinds:

- Structure: the shape of the file (cin_structure.check_structure), which the DfE's validator does
  not check; any one of them keeps the file from being attached;
- Error and Query: the DfE's rules, as the sector's validator reports them (validator.py);
- Record: a record of the year that has no place in the return (cin_assemble.Unplaced).
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass

from family_safeguarding.returns.cin_assemble import Unplaced
from family_safeguarding.returns.cin_model import CensusReturn
from family_safeguarding.returns.cin_structure import Problem
from family_safeguarding.returns.validator import Issue, Report

STRUCTURE, ERROR, QUERY, RECORD = "Structure", "Error", "Query", "Record"
KINDS = (STRUCTURE, ERROR, QUERY, RECORD)
CHILD_IN_PATH = re.compile(r"^Message/Children/Child\[(\d+)\]")


@dataclass(frozen=True)
class Finding:
	kind: str
	message: str
	la_child_id: str | None = None
	rule: str | None = None
	location: str | None = None


def findings_of(
	census: CensusReturn,
	problems: Iterable[Problem] = (),
	unplaced: Iterable[Unplaced] = (),
	report: Report | None = None,
) -> list[Finding]:
	"""Every finding: the structure problems, the records left out, then the validator's issues
	about children and about the whole return."""
	found = [
		Finding(STRUCTURE, problem.message, child_of_path(census, problem.path), None, problem.path)
		for problem in problems
	]
	found += [Finding(RECORD, item.message, item.la_child_id, None, item.record) for item in unplaced]
	if report is not None:
		found += [_issue(issue) for issue in (*report.issues, *report.return_issues)]
	return found


def child_of_path(census: CensusReturn, path: str) -> str | None:
	"""The LAchildID of the child a structure problem's path is in (Child[2] is the second child)."""
	match = CHILD_IN_PATH.match(path)
	if not match:
		return None
	position = int(match.group(1)) - 1
	return census.children[position].la_child_id if position < len(census.children) else None


def by_rule(findings: Iterable[Finding]) -> dict[tuple[str, str], list[Finding]]:
	"""The findings grouped by (kind, rule), in the order of KINDS and then of the rules; a
	structure problem or a record left out is grouped by its message."""
	groups: dict[tuple[str, str], list[Finding]] = {}
	for finding in findings:
		groups.setdefault((finding.kind, finding.rule or finding.message), []).append(finding)
	return dict(sorted(groups.items(), key=lambda item: (KINDS.index(item[0][0]), _rule_order(item[0][1]))))


def _rule_order(rule: str) -> tuple:
	number = re.match(r"\d+", rule)
	return (0, int(number.group()), rule) if number else (1, 0, rule)


def _issue(issue: Issue) -> Finding:
	kind = {"Error": ERROR, "Query": QUERY}.get(issue.kind, ERROR)
	where = "; ".join(
		f"{location.table} {location.field}"
		+ (f" '{location.value}'" if location.value not in (None, "") else "")
		for location in issue.locations
	)
	return Finding(kind, issue.message, issue.child, issue.rule, where or None)
