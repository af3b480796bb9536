"""Making a census return: gather it from the records, write the XML, check its structure, run the
DfE's rules on it, and keep what was exported in the audit. Used by the CIN Census Return's
background job (`make`) and by the bench command (commands.py), so both give the same file and
the same findings.

A return is an export of case records: every child in it is kept in Case Record Access (How:
Export), and so is the return itself, naming who made it and for which year
(docs/information-governance/audit.md).
"""

import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import frappe
from frappe import _
from frappe.utils import now_datetime

from family_safeguarding.audit.record import DATA_LENGTH, as_text, insert_reads
from family_safeguarding.permissions import is_outside_protocol
from family_safeguarding.protocol.files import made_by_a_returns_job
from family_safeguarding.returns.census import SETTINGS, gather
from family_safeguarding.returns.cin_assemble import Assembled
from family_safeguarding.returns.cin_findings import ERROR, QUERY, Finding, findings_of
from family_safeguarding.returns.cin_structure import Problem, check_structure
from family_safeguarding.returns.cin_xml import write_return
from family_safeguarding.returns.job_rows import keep_rows
from family_safeguarding.returns.validator import (
	Report,
	ValidatorFailed,
	ValidatorUnavailable,
	default_environment,
	run_validator,
)
from family_safeguarding.rules.audit import EXPORT
from family_safeguarding.rules.census.year import CensusYear

RETURN = "CIN Census Return"
COMMAND = "bench family-safeguarding-cin-census"
# The validator takes about 100 seconds for 4,000 children on two cores; the job has an hour.
VALIDATOR_SECONDS = 50 * 60
JOB_SECONDS = 60 * 60
QUEUED, RUNNING, READY, FAILED = "Queued", "Running", "Ready", "Failed"
# The fields the job sets, as a return starts before it has run, whatever was sent.
MADE_BY_THE_JOB = {
	"status": QUEUED,
	"outcome": None,
	"file": None,
	"children_count": 0,
	"episodes_count": 0,
	"errors_count": 0,
	"queries_count": 0,
	"structure_ok": 0,
	"validator_version": None,
	"rules_not_run": None,
}


class CensusCannotBeMade(Exception):
	"""The return cannot be made as the site is set up; the message says what to set."""


@dataclass
class Outcome:
	"""A return made and checked. `validator_failure` says why the DfE's rules were not run."""

	assembled: Assembled
	xml: bytes
	problems: list[Problem]
	report: Report | None = None
	validator_failure: str | None = None
	findings: list[Finding] = field(default_factory=list)

	@property
	def census(self):
		return self.assembled.census

	@property
	def errors(self) -> int:
		return sum(1 for finding in self.findings if finding.kind == ERROR)

	@property
	def queries(self) -> int:
		return sum(1 for finding in self.findings if finding.kind == QUERY)

	@property
	def ready(self) -> bool:
		"""The file may go to the DfE: its structure is right and the DfE's rules were run on it
		(their errors are findings to correct, not a bar to the file)."""
		return not self.problems and self.report is not None


def required_la_code() -> str:
	la_code = frappe.db.get_single_value(SETTINGS, "la_code")
	if not la_code:
		raise CensusCannotBeMade(
			_(
				"Set {0} in Family Safeguarding Settings (section Children in Need Census): the return "
				"names the council by it."
			).format(_("LA code (census)"))
		)
	return la_code


def validator_environment() -> Path:
	configured = frappe.db.get_single_value(SETTINGS, "census_validator_environment")
	return Path(configured) if configured else default_environment()


def make_outcome(year_end: int, made_at=None, return_name: str | None = None) -> Outcome:
	"""The return of a census year, written, checked for structure, and run through the DfE's
	rules. Raises CensusCannotBeMade when the LA code is not set. `return_name` is the CIN Census
	Return it is made for; None for the bench command."""
	la_code = required_la_code()
	assembled = gather(year_end, made_at=made_at, la_code=la_code)
	record_export(assembled.records, year_end, return_name)
	xml = write_return(assembled.census)
	outcome = Outcome(assembled, xml, check_structure(ET.fromstring(xml), year_end))
	environment = validator_environment()
	try:
		outcome.report = run_validator(xml, environment, year_end, timeout=VALIDATOR_SECONDS)
	except subprocess.TimeoutExpired:
		outcome.validator_failure = _(
			"The DfE's rules were not run: the validator did not finish in {0} minutes."
		).format(VALIDATOR_SECONDS // 60)
	except ValidatorUnavailable:
		outcome.validator_failure = _(
			"The DfE's rules were not run: the CIN validator is not installed at {0}. Ask IT to install "
			"it (bench command family-safeguarding-cin-validator; see docs/returns/cin-census.md)."
		).format(environment)
	except ValidatorFailed as e:
		outcome.validator_failure = _("The DfE's rules were not run: {0}").format(e)
	outcome.findings = findings_of(assembled.census, outcome.problems, assembled.unplaced, outcome.report)
	return outcome


def record_export(
	records: tuple[tuple[str, str, str | None], ...], year_end: int, return_name: str | None = None
) -> None:
	"""Keep in the audit that the user exported these case records (DocType, name, family) in a
	census return, and, for a CIN Census Return, the return itself. The endpoint names the return
	(or the command) and the year."""
	user, now = frappe.session.user, now_datetime()
	made_by = f"{RETURN} {return_name}" if return_name else COMMAND
	endpoint = as_text(f"{made_by}, CIN census {CensusYear(year_end).label}", DATA_LENGTH)
	records = [*records, (RETURN, return_name, None)] if return_name else list(records)
	superuser = int(is_outside_protocol(user))
	insert_reads(user, records, EXPORT, endpoint, superuser, now)


# --- the background job of a CIN Census Return ----------------------------------------------------


def enqueue(name: str) -> None:
	"""Make the return in the background once the new record is committed (at once in tests)."""
	frappe.enqueue(
		"family_safeguarding.returns.cin_census_run.make",
		queue="long",
		timeout=JOB_SECONDS,
		enqueue_after_commit=True,
		now=bool(frappe.flags.in_test),
		name=name,
	)


def make(name: str) -> None:
	"""The job: make the return of the record `name` and keep its outcome on it."""
	doc = frappe.get_doc(RETURN, name)
	_start_again(doc)
	_commit()  # the desk shows the return running
	try:
		outcome = make_outcome(doc.year, doc.made_on, return_name=name)
		values = _values(outcome)
		if outcome.ready:
			values["file"] = _attach(doc, outcome.xml).file_url
		_keep_findings(doc, outcome.findings)
	except CensusCannotBeMade as e:
		values = {"status": FAILED, "outcome": str(e)}
	except Exception:
		frappe.db.rollback()
		frappe.log_error(title=f"{RETURN} {name}")
		values = {
			"status": FAILED,
			"outcome": _(
				"The return could not be made because of an error in the app; it is in the Error Log for "
				"your IT administrator."
			),
		}
	_update(doc, values)


def _start_again(doc) -> None:
	"""A job run again (a retry) replaces what an earlier run kept."""
	frappe.db.delete("CIN Return Finding", {"parent": doc.name, "parenttype": RETURN})
	for file in frappe.get_all(
		"File", {"attached_to_doctype": RETURN, "attached_to_name": doc.name}, pluck="name"
	):
		with made_by_a_returns_job():
			frappe.delete_doc("File", file, ignore_permissions=True)
	_update(doc, {**MADE_BY_THE_JOB, "status": RUNNING})


def _values(outcome: Outcome) -> dict:
	report = outcome.report
	return {
		"status": READY if outcome.ready else FAILED,
		"outcome": _outcome_text(outcome),
		"children_count": len(outcome.census.children),
		"episodes_count": sum(len(child.episodes) for child in outcome.census.children),
		"errors_count": outcome.errors,
		"queries_count": outcome.queries,
		"structure_ok": int(not outcome.problems),
		"validator_version": report.version if report else None,
		"rules_not_run": "\n".join(f"{rule}: {error}" for rule, error in report.rules_not_run)
		if report
		else None,
	}


def _outcome_text(outcome: Outcome) -> str:
	if outcome.problems:
		text = _(
			"The file has {0} structure problems (Findings, kind Structure), so it is not attached: "
			"correct the records and make the return again."
		).format(len(outcome.problems))
	elif outcome.validator_failure:
		text = _("The file is not attached.")
	else:
		text = _("Ready: {0} children, {1} validator errors and {2} queries.").format(
			len(outcome.census.children), outcome.errors, outcome.queries
		)
	return " ".join(part for part in (text, outcome.validator_failure) if part)


def _attach(doc, xml: bytes):
	"""The file, private, attached to the return. Its address has a random part: Frappe serves a
	private file to whoever holds a File row of its address, so it must not be guessable."""
	file = frappe.get_doc(
		{
			"doctype": "File",
			"file_name": f"cin-census-{CensusYear(doc.year).label}-{frappe.generate_hash(length=12)}.xml",
			"attached_to_doctype": RETURN,
			"attached_to_name": doc.name,
			"attached_to_field": "file",
			"is_private": 1,
			"content": xml,
		}
	)
	with made_by_a_returns_job():
		file.insert(ignore_permissions=True)
	return file


def _keep_findings(doc, findings: list[Finding]) -> None:
	keep_rows(
		doc,
		"findings",
		("la_child_id", "kind", "rule", "message", "location"),
		[
			(finding.la_child_id, finding.kind, finding.rule, finding.message, finding.location)
			for finding in findings
		],
	)


def _update(doc, values: dict) -> None:
	frappe.db.set_value(RETURN, doc.name, values)
	doc.update(values)
	doc.notify_update()


def _commit() -> None:
	# a test runs the job inside its own transaction, which it rolls back
	if not frappe.flags.in_test:
		frappe.db.commit()
