"""Every message a rule raises is a template to translate where it is shown, with its arguments.

The rules raise RuleError(field, _lt("template with {placeholders}"), **arguments), and the one
place that shows them (refusals.refuse_rule_errors) translates the template and fills it. So each
template must be a literal (an f-string would be filled before it is translated, and could never be
found in the translations), its placeholders must be exactly the arguments given, and it must fill
without error. The first test reads every RuleError raised in rules/; the others raise each one."""

import ast
import string
from datetime import date
from pathlib import Path

import pytest

from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.allocations import Allocation, check_allocations
from family_safeguarding.rules.annex_a import check_period as check_annex_a_period
from family_safeguarding.rules.identifiers import (
	normalise_nhs_number,
	normalise_postcode,
	normalise_upn,
	upn_check_letter,
)
from family_safeguarding.rules.outcomes import check_period as check_report_period
from family_safeguarding.rules.people import check_member_dates
from family_safeguarding.rules.roles import check_specialism_fits_agency, role_for_specialism
from family_safeguarding.rules.workbook import check_period as check_summary_period
from family_safeguarding.rules.workbook import check_score, next_supervision_due
from family_safeguarding.rules.working_days import bank_holidays

RULES = Path(__file__).resolve().parent.parent / "family_safeguarding" / "rules"
TODAY = date(2026, 3, 2)


def placeholders(template: str) -> set[str]:
	return {field for _text, field, _spec, _conversion in string.Formatter().parse(template) if field}


def raised_in_rules(paths) -> list[tuple[str, int, str, set[str]]]:
	"""(file, line, template, argument names) of every RuleError(...) call in the files."""
	found = []
	for path in paths:
		for node in ast.walk(ast.parse(path.read_text())):
			if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "RuleError"):
				continue
			where = f"{path.relative_to(RULES)}:{node.lineno}"
			assert len(node.args) == 2, f"{where}: RuleError(field, _lt(template), **arguments)"
			marked = node.args[1]
			assert (
				isinstance(marked, ast.Call)
				and getattr(marked.func, "id", None) == "_lt"
				and len(marked.args) == 1
				and isinstance(marked.args[0], ast.Constant)
				and isinstance(marked.args[0].value, str)
			), f"{where}: the template must be a literal string marked _lt(...), never an f-string"
			arguments = {keyword.arg for keyword in node.keywords if keyword.arg != "row"}
			assert None not in arguments, f"{where}: name every argument (no **)"
			found.append((str(path.relative_to(RULES)), node.lineno, marked.args[0].value, arguments))
	return found


# every module of rules/, its packages' too (the census rules raise them from rules/census/)
RAISED = raised_in_rules(sorted(RULES.rglob("*.py")))
# those of the modules of rules/ itself, each raised by a case below
RAISED_HERE = raised_in_rules(sorted(RULES.glob("*.py")))


def test_the_rules_raise_errors():
	assert len(RAISED) > 20


@pytest.mark.parametrize("where, line, template, arguments", RAISED, ids=lambda v: str(v)[:40])
def test_each_template_names_exactly_its_arguments(where, line, template, arguments):
	assert placeholders(template) == arguments, f"{where}:{line}"


def _unborn_with_birth():
	check_member_dates("Unborn Child", date(2025, 1, 1), None, None, TODAY)


def _upn_with_wrong_letter():
	digits = "801200101001"
	wrong = next(letter for letter in "ABC" if letter != upn_check_letter(digits))
	normalise_upn(wrong + digits)


# Every error case of the rules, each raising one RuleError.
CASES = {
	"nhs number digits": lambda: normalise_nhs_number("94347659"),
	"nhs number check digit": lambda: normalise_nhs_number("9434765918"),
	"upn shape": lambda: normalise_upn("R8012"),
	"upn check letter": _upn_with_wrong_letter,
	"postcode": lambda: normalise_postcode("NOT A POSTCODE"),
	"unborn with birth date": _unborn_with_birth,
	"unborn without due date": lambda: check_member_dates("Unborn Child", None, None, None, TODAY),
	"due date for the born": lambda: check_member_dates("Parent", None, date(2025, 1, 1), None, TODAY),
	"child without birth": lambda: check_member_dates("Child", None, None, None, TODAY),
	"birth in the future": lambda: check_member_dates("Child", date(2027, 1, 1), None, None, TODAY),
	"death in the future": lambda: check_member_dates(
		"Parent", date(1990, 1, 1), None, date(2027, 1, 1), TODAY
	),
	"death before birth": lambda: check_member_dates(
		"Parent", date(1990, 1, 1), None, date(1989, 1, 1), TODAY
	),
	"report period missing": lambda: check_report_period(None, TODAY),
	"report period backwards": lambda: check_report_period(TODAY, date(2026, 1, 1)),
	"annex a period too long": lambda: check_annex_a_period(date(2024, 3, 2), TODAY),
	"score missing": lambda: check_score("", row=3),
	"score not whole": lambda: check_score(6.5),
	"score outside": lambda: check_score(11, row=2),
	"summary start missing": lambda: check_summary_period(None, TODAY),
	"summary end missing": lambda: check_summary_period(TODAY, None),
	"summary backwards": lambda: check_summary_period(TODAY, date(2026, 1, 1)),
	"supervision interval": lambda: next_supervision_due(TODAY, 0),
	"calendar": lambda: bank_holidays("Atlantis", 2026),
	"specialism unknown": lambda: role_for_specialism("Astronaut"),
	"specialism one agency type": lambda: check_specialism_fits_agency("Social Worker", "Police"),
	"specialism several agency types": lambda: check_specialism_fits_agency(
		"Clinical Psychologist", "Police"
	),
	"specialism agency unknown": lambda: check_specialism_fits_agency("Social Worker", None),
	"allocation backwards": lambda: check_allocations(
		[Allocation("W1", date(2026, 2, 1), date(2026, 1, 1), row=1)]
	),
	"allocation overlaps an open one": lambda: check_allocations(
		[Allocation("W1", date(2026, 1, 1), row=1), Allocation("W1", date(2026, 2, 1), row=2)]
	),
	"allocation overlaps an ended one": lambda: check_allocations(
		[
			Allocation("W1", date(2026, 1, 1), date(2026, 3, 1), row=1),
			Allocation("W1", date(2026, 2, 1), row=2, worker_name="Sam Social"),
		]
	),
}


def raise_case(name: str) -> RuleError:
	with pytest.raises(RuleError) as refused:
		CASES[name]()
	return refused.value


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_error_fills_its_template_with_its_arguments(name):
	error = raise_case(name)
	assert placeholders(error.template) == set(error.arguments)
	filled = error.template.format(**error.arguments)
	assert "{" not in filled and "}" not in filled
	assert "{" not in error.message and "}" not in error.message
	assert error.field


def test_every_error_the_rules_raise_is_among_the_cases():
	raised = {raise_case(name).template for name in CASES}
	assert raised == {template for _where, _line, template, _arguments in RAISED_HERE}


def test_the_english_message_shows_dates_and_rows_as_the_app_writes_them():
	error = raise_case("birth in the future")
	assert error.arguments == {"date_of_birth": date(2027, 1, 1)}
	assert error.message == "Date of Birth 01-01-2027 is in the future."
	error = raise_case("allocation overlaps an ended one")
	assert error.row == 2
	assert error.message == (
		"Row #2: Sam Social is already allocated to this family from 01-01-2026 to 01-03-2026. End that "
		"allocation before starting another."
	)


def test_the_template_is_the_text_before_translation():
	error = raise_case("postcode")
	assert error.template == "Postcode '{value}' is not a valid UK postcode."
	assert error.arguments == {"value": "NOT A POSTCODE"}
	assert str(error) == error.message == "Postcode 'NOT A POSTCODE' is not a valid UK postcode."


def test_the_translation_marker_changes_nothing():
	assert _lt("A {thing} template.") == "A {thing} template."
