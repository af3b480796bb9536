"""The sector's open-source DfE rule validator for the CIN census, run on a file as a subprocess.

The validator (the csc-validator-be-cin package, MIT) needs pandas 1.x, which the bench cannot
share, so it lives in a virtual environment of its own, made by `create_environment`, and runs
`cin_validator_runner.py` there. Its results come back as errors and queries by child and rule.

It checks the DfE's rules on the values, not the shape of the file: run
`cin_structure.check_structure` first.
"""

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

PACKAGE = "csc-validator-be-cin"
VERSION = "0.1.13"
# The validator pins pandas below 2 but not numpy, and pandas 1.5 does not import under numpy 2.
REQUIREMENTS = (f"{PACKAGE}=={VERSION}", "numpy<2")
RUNNER = Path(__file__).with_name("cin_validator_runner.py")
ERROR, QUERY = "Error", "Query"


class ValidatorUnavailable(RuntimeError):
	"""The validator's environment could not be made or is not there."""


class ValidatorFailed(RuntimeError):
	"""The validator stopped without a result, usually on a file whose shape it cannot read."""


@dataclass(frozen=True)
class Location:
	table: str
	field: str
	row: int | str
	value: str | None = None


@dataclass(frozen=True)
class Issue:
	"""One rule broken by one child (child None for a rule about the whole return)."""

	rule: str
	kind: str  # ERROR or QUERY
	message: str
	child: str | None = None
	locations: tuple[Location, ...] = ()


@dataclass(frozen=True)
class Report:
	version: str
	year_end: int
	rules: int
	issues: tuple[Issue, ...] = ()
	return_issues: tuple[Issue, ...] = ()
	# Rules that crashed inside the validator and so checked nothing: (rule, error).
	rules_not_run: tuple[tuple[str, str], ...] = field(default=())

	@property
	def errors(self) -> list[Issue]:
		return [i for i in (*self.issues, *self.return_issues) if i.kind == ERROR]

	@property
	def queries(self) -> list[Issue]:
		return [i for i in (*self.issues, *self.return_issues) if i.kind == QUERY]

	def by_child(self) -> dict[str | None, dict[str, Issue]]:
		"""The child-level issues as {child: {rule: issue}}."""
		grouped: dict[str | None, dict[str, Issue]] = defaultdict(dict)
		for issue in self.issues:
			grouped[issue.child][issue.rule] = issue
		return dict(grouped)


def default_environment() -> Path:
	"""Where the validator's environment is kept unless Family Safeguarding Settings names another
	folder: under the home folder of the user that runs it (the bench's user, for the site)."""
	return Path.home() / ".cache" / "family_safeguarding" / "cin-validator"


def environment_python(environment: str | os.PathLike) -> Path:
	return Path(environment) / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def installed_version(environment: str | os.PathLike) -> str | None:
	"""The validator's version in the environment, or None when it is not there."""
	python = environment_python(environment)
	if not python.exists():
		return None
	result = subprocess.run(
		[str(python), "-c", f"from importlib.metadata import version; print(version({PACKAGE!r}))"],
		capture_output=True,
		text=True,
		timeout=60,
	)
	return (result.stdout.strip() or None) if result.returncode == 0 else None


def create_environment(
	environment: str | os.PathLike, python: str = sys.executable, timeout: int = 900
) -> Path:
	"""Make the validator's virtual environment in `environment` (or keep it when it already holds
	this version) and return its Python.

	`python` makes the environment; pandas 1.5 has wheels up to Python 3.11. Raises
	ValidatorUnavailable, with pip's last words, when it cannot be made (no network, for one).
	"""
	if installed_version(environment) == VERSION:
		return environment_python(environment)
	steps = (
		[python, "-m", "venv", str(environment)],
		[str(environment_python(environment)), "-m", "pip", "install", "--quiet", *REQUIREMENTS],
	)
	for step in steps:
		try:
			result = subprocess.run(step, capture_output=True, text=True, timeout=timeout)
		except (OSError, subprocess.TimeoutExpired) as e:
			raise ValidatorUnavailable(f"Could not make the validator's environment: {e}")
		if result.returncode != 0:
			tail = (result.stderr or result.stdout).strip().splitlines()[-5:]
			raise ValidatorUnavailable(
				f"Could not make the validator's environment ({' '.join(step[:3])}): " + " / ".join(tail)
			)
	return environment_python(environment)


def run_validator(
	xml: bytes | str | os.PathLike, environment: str | os.PathLike, year_end: int, timeout: int = 600
) -> Report:
	"""Run the DfE's rules for the census year ending in `year_end` (2026 for 2025-26) on a file.

	`xml` is the file's content (bytes) or its path; `environment` one made by create_environment.
	"""
	python = environment_python(environment)
	if not python.exists():
		raise ValidatorUnavailable(f"No validator environment at {environment}.")
	with tempfile.TemporaryDirectory(prefix="cin-validator-") as folder:
		if isinstance(xml, bytes):
			path = Path(folder) / "census.xml"
			path.write_bytes(xml)
		else:
			path = Path(xml)
		result = subprocess.run(
			[str(python), str(RUNNER), str(path), str(year_end)],
			capture_output=True,
			text=True,
			timeout=timeout,
			cwd=folder,
		)
	if result.returncode != 0:
		tail = result.stderr.strip().splitlines()[-3:]
		raise ValidatorFailed("The validator stopped without a result: " + " / ".join(tail))
	return _report(json.loads(result.stdout))


def _report(data: dict) -> Report:
	def issue(entry: dict) -> Issue:
		return Issue(
			rule=entry["rule"],
			kind=entry["kind"],
			message=entry["message"],
			child=entry.get("child"),
			locations=tuple(Location(**location) for location in entry.get("locations", ())),
		)

	return Report(
		version=data["version"],
		year_end=data["year_end"],
		rules=data["rules"],
		issues=tuple(issue(e) for e in data["issues"]),
		return_issues=tuple(issue(e) for e in data["return_issues"]),
		rules_not_run=tuple((e["rule"], e["error"]) for e in data["rules_not_run"]),
	)
