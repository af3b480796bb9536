"""What a census return's checks found, by child and rule (returns/cin_findings.py)."""

from census_sample_model import SAMPLE

from family_safeguarding.returns.cin_assemble import Unplaced
from family_safeguarding.returns.cin_findings import (
	ERROR,
	QUERY,
	RECORD,
	STRUCTURE,
	Finding,
	by_rule,
	child_of_path,
	findings_of,
)
from family_safeguarding.returns.cin_structure import Problem
from family_safeguarding.returns.validator import Issue, Location, Report


def report(*issues: Issue, return_issues=()) -> Report:
	return Report(version="0.1.13", year_end=2026, rules=109, issues=issues, return_issues=return_issues)


def test_a_structure_problem_is_the_child_of_its_path():
	assert child_of_path(SAMPLE, "Message/Children/Child[2]/CINdetails[1]") == "FS0002"
	assert child_of_path(SAMPLE, "Message/Children/Child[1]/ChildIdentifiers/Sex") == "FS0001"
	assert child_of_path(SAMPLE, "Message/Header/Source/LEA") is None
	assert child_of_path(SAMPLE, "Message/Children/Child[9]") is None


def test_every_finding_with_its_kind_child_rule_and_place():
	found = findings_of(
		SAMPLE,
		[
			Problem(
				"Message/Children/Child[2]/ChildIdentifiers", "Sex is missing: ChildIdentifiers requires it."
			)
		],
		[Unplaced("FS0001", "Child Protection Plan CPP-00009", "It falls in none of the episodes.")],
		report(
			Issue(
				"8825Q",
				"Query",
				"RC8 with no assessment",
				"FS0002",
				(
					Location("CINdetails", "ReasonForClosure", 0, "RC8"),
					Location("Assessments", "AssessmentActualStartDate", 0),
				),
			),
			Issue("4180", "Error", "Sex must be provided", "FS0002"),
			return_issues=(Issue("2887Q", "Query", "Less than 8 disability codes"),),
		),
	)
	assert found == [
		Finding(
			STRUCTURE,
			"Sex is missing: ChildIdentifiers requires it.",
			"FS0002",
			None,
			"Message/Children/Child[2]/ChildIdentifiers",
		),
		Finding(
			RECORD, "It falls in none of the episodes.", "FS0001", None, "Child Protection Plan CPP-00009"
		),
		Finding(
			QUERY,
			"RC8 with no assessment",
			"FS0002",
			"8825Q",
			"CINdetails ReasonForClosure 'RC8'; Assessments AssessmentActualStartDate",
		),
		Finding(ERROR, "Sex must be provided", "FS0002", "4180", None),
		Finding(QUERY, "Less than 8 disability codes", None, "2887Q", None),
	]


def test_a_rule_of_unknown_kind_counts_as_an_error():
	(finding,) = findings_of(
		SAMPLE, report=report(Issue("9999", "Unknown", "A rule not in the registry", "FS0001"))
	)
	assert finding.kind == ERROR


def test_grouped_by_kind_then_rule_number():
	findings = [
		Finding(QUERY, "q", "A", "8825Q"),
		Finding(ERROR, "e", "A", "8840"),
		Finding(ERROR, "e", "B", "100"),
		Finding(QUERY, "q", "B", "8825Q"),
		Finding(STRUCTURE, "Sex is missing", "C"),
		Finding(RECORD, "in no episode", "D"),
	]
	groups = by_rule(findings)
	assert list(groups) == [
		(STRUCTURE, "Sex is missing"),
		(ERROR, "100"),
		(ERROR, "8840"),
		(QUERY, "8825Q"),
		(RECORD, "in no episode"),
	]
	assert [f.la_child_id for f in groups[QUERY, "8825Q"]] == ["A", "B"]
