"""The DfE's CIN rules, run by the sector's validator in its own environment, on small returns.

The environment is made once and kept in ~/.cache/family_safeguarding/cin-validator between runs;
making it needs PyPI, so without a network (and with no kept copy) these tests are skipped, except
where FS_REQUIRE_CIN_VALIDATOR=1 says the validator must run (.ci/run sets it, having made the
environment itself), and then they fail.
"""

import os
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from census_sample import VALID_RETURN as VALID

from family_safeguarding.returns.cin_structure import check_structure
from family_safeguarding.returns.validator import (
	ERROR,
	VERSION,
	ValidatorUnavailable,
	create_environment,
	default_environment,
	installed_version,
	run_validator,
)

ENVIRONMENT = default_environment()


@pytest.fixture(scope="module")
def environment() -> Path:
	try:
		create_environment(ENVIRONMENT)
	except ValidatorUnavailable as e:
		if os.environ.get("FS_REQUIRE_CIN_VALIDATOR") == "1":
			pytest.fail(f"The CIN validator must run here (FS_REQUIRE_CIN_VALIDATOR=1) but: {e}")
		pytest.skip(f"The CIN validator's environment could not be made (it is installed from PyPI): {e}")
	return ENVIRONMENT


def broken(old: str, new: str) -> bytes:
	assert old in VALID, old
	return VALID.replace(old, new, 1).encode()


def test_the_environment_holds_the_pinned_validator(environment):
	assert installed_version(environment) == VERSION


def test_a_valid_return_has_no_errors(environment):
	assert check_structure(ET.fromstring(VALID.encode())) == []
	report = run_validator(VALID.encode(), environment, 2026)
	assert report.version == VERSION and report.year_end == 2026 and report.rules == 109
	assert report.errors == []
	assert report.rules_not_run == ()
	# What it does query: an RC8 closure with no assessment (the no-further-action referral), and
	# fewer than eight disability codes in the whole return.
	assert {(q.child, q.rule) for q in report.queries} == {("FS0002", "8825Q"), (None, "2887Q")}


# Each break, in a child of its own, and the DfE rule it breaks.
BREAKS = {
	# A closure date with no reason.
	"8805": (
		"<PrimaryNeedCode>N1</PrimaryNeedCode>",
		"<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate>2026-02-02</CINclosureDate>",
	),
	# The initial conference on Saturday 5 July 2025.
	"8875": ("2025-07-04</DateOfInitialCPC>", "2025-07-05</DateOfInitialCPC>"),
	# Assessment, enquiry and plans on a referral with no further action.
	"8831": ("<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>1</ReferralNFA>"),
	"4180": ("<Sex>F</Sex>", "<Sex>X</Sex>"),
	"8790": ("<Disability>NONE</Disability>", "<Disability>NONE</Disability><Disability>MOB</Disability>"),
}


def test_a_broken_return_gets_the_rule_each_child_breaks(environment):
	first_child = VALID[VALID.index("<Child>") : VALID.index("</Child>") + len("</Child>")]
	children = []
	for rule, (old, new) in BREAKS.items():
		assert old in first_child, old
		children.append(first_child.replace(old, new, 1).replace("FS0001", f"BROKEN{rule}"))
	report = run_validator(VALID.replace(first_child, "".join(children)).encode(), environment, 2026)
	by_child = report.by_child()
	for rule in BREAKS:
		issue = by_child[f"BROKEN{rule}"][rule]
		assert issue.kind == ERROR and issue.locations, rule


def test_the_validator_does_not_see_the_order_of_elements(environment):
	swapped = broken(
		"<CINreferralDate>2025-05-02</CINreferralDate>\n        <ReferralSource>6</ReferralSource>",
		"<ReferralSource>6</ReferralSource>\n        <CINreferralDate>2025-05-02</CINreferralDate>",
	)
	assert run_validator(swapped, environment, 2026).errors == []
	assert [p.path for p in check_structure(ET.fromstring(swapped))] == [
		"Message/Children/Child[1]/CINdetails[1]/CINreferralDate"
	]


def test_a_rule_that_crashes_is_reported_as_not_run(environment):
	# Version 0.1.13 reads an assessment's factors as a list, which its duplicate-factor rule
	# cannot handle; the validator itself would count that rule as passed.
	report = run_validator(
		broken("<AssessmentFactors>16A</AssessmentFactors>", "<AssessmentFactors>3B</AssessmentFactors>"),
		environment,
		2026,
	)
	assert [rule for rule, _ in report.rules_not_run] == ["8898"]
