"""The layout of the Children in Need census XML, as data, and a check of a file against it.

The file has no namespace. Each element holds either other elements, in a fixed order, or one
value: a date (YYYY-MM-DD), a flag (true/false or 1/0), a count, a code or text. The DfE's rule
validator reads the file by element name, so an element out of order, misspelt or in the wrong
place is silently ignored there, and a date it cannot read becomes no date at all. This check
catches those before the DfE's own upload does.

The layout follows the DfE's XML schema, with Sex in place of GenderCurrent (from 2024-25) and the
pre-proceedings and family group decision-making block (PreProceedingsandFGDM) from 2026-27. The
header is required here, though the schema lets it be left out: no council's return goes without.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from typing import NamedTuple

UNBOUNDED = None


@dataclass(frozen=True)
class Element:
	"""One element of the layout: how often it may appear where it is (min to max; max None for
	any number), and either the elements it holds, in order, or the format of its value."""

	name: str
	min: int = 1
	max: int | None = 1
	value: str | None = None
	children: tuple["Element", ...] = ()

	def child(self, name: str) -> "Element | None":
		return next((c for c in self.children if c.name == name), None)


def _value(name: str, value: str = "text", required: bool = False) -> Element:
	return Element(name, min=1 if required else 0, max=1, value=value)


def _group(name: str, *children: Element, min: int = 1, max: int | None = 1) -> Element:
	return Element(name, min=min, max=max, children=children)


# What each kind of value must look like, and how a message names it.
VALUE_FORMATS = {
	"date": (r"\d{4}-\d{2}-\d{2}", "a date written YYYY-MM-DD"),
	"datetime": (
		r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?",
		"a date and time written YYYY-MM-DDThh:mm:ss",
	),
	"flag": (r"true|false|TRUE|FALSE|1|0", "true, false, 1 or 0"),
	"count": (r"\d+", "a whole number"),
	"year": (r"\d{4}", "a year such as 2026"),
	"la_code": (r"\d{3}", "the council's three-digit LA code"),
	"serial": (r"\d{3,}", "a serial number of at least three digits"),
	"text": (r".+", "a value"),
}

_HEADER = _group(
	"Header",
	_group(
		"CollectionDetails",
		_value("Collection", required=True),
		_value("Year", "year", required=True),
		_value("ReferenceDate", "date", required=True),
	),
	_group(
		"Source",
		_value("SourceLevel", required=True),
		_value("LEA", "la_code", required=True),
		_value("SoftwareCode"),
		_value("Release"),
		_value("SerialNo", "serial"),
		_value("DateTime", "datetime"),
	),
)

_CHILD_IDENTIFIERS = _group(
	"ChildIdentifiers",
	_value("LAchildID", required=True),
	_value("UPN"),
	_value("FormerUPN"),
	_value("UPNunknown"),
	_value("PersonBirthDate", "date"),
	_value("ExpectedPersonBirthDate", "date"),
	_value("Sex", required=True),
	_value("PersonDeathDate", "date"),
)

_CHILD_CHARACTERISTICS = _group(
	"ChildCharacteristics",
	_value("Ethnicity", required=True),
	_group("Disabilities", Element("Disability", min=1, max=UNBOUNDED, value="text"), min=0),
)

_ASSESSMENTS = _group(
	"Assessments",
	_value("AssessmentActualStartDate", "date", required=True),
	_value("AssessmentInternalReviewDate", "date"),
	_value("AssessmentAuthorisationDate", "date"),
	_group(
		"FactorsIdentifiedAtAssessment",
		Element("AssessmentFactors", min=1, max=UNBOUNDED, value="text"),
		min=0,
	),
	min=0,
	max=UNBOUNDED,
)

_CIN_PLAN_DATES = _group(
	"CINPlanDates",
	_value("CINPlanStartDate", "date", required=True),
	_value("CINPlanEndDate", "date"),
	min=0,
	max=UNBOUNDED,
)

_SECTION_47 = _group(
	"Section47",
	_value("S47ActualStartDate", "date", required=True),
	_value("InitialCPCtarget", "date"),
	_value("DateOfInitialCPC", "date"),
	_value("ICPCnotRequired", "flag", required=True),
	min=0,
	max=UNBOUNDED,
)

_CHILD_PROTECTION_PLANS = _group(
	"ChildProtectionPlans",
	_value("CPPstartDate", "date", required=True),
	_value("CPPendDate", "date"),
	_value("InitialCategoryOfAbuse", required=True),
	_value("LatestCategoryOfAbuse", required=True),
	_value("NumberOfPreviousCPP", "count", required=True),
	_group("Reviews", Element("CPPreviewDate", min=1, max=UNBOUNDED, value="date"), min=0),
	min=0,
	max=UNBOUNDED,
)

# New in 2026-27. Which of its items are required is for that year's specification to settle;
# until then each may be left out.
_PRE_PROCEEDINGS = _group(
	"PreProceedingsandFGDM",
	_value("PPStartDate", "date"),
	_value("LBPSentDate", "date"),
	_value("FGDMMeetingOffer", "flag"),
	_value("FGDMMeetingFac", "flag"),
	_value("InitialPPMeetingDate", "date"),
	_value("ReviewMeetingsCount", "count"),
	_value("StepDecisionDate", "date"),
	_value("PPOutcome"),
	_value("CourtAppDate", "date"),
	_value("LetterInitCPDate", "date"),
	min=0,
	max=UNBOUNDED,
)


def _cin_details(*after_plans: Element) -> Element:
	return _group(
		"CINdetails",
		_value("CINreferralDate", "date", required=True),
		_value("ReferralSource", required=True),
		_value("PrimaryNeedCode"),
		_value("CINclosureDate", "date"),
		_value("ReasonForClosure"),
		# Only for an initial conference held without a section 47 enquiry in this episode.
		_value("DateOfInitialCPC", "date"),
		_ASSESSMENTS,
		_CIN_PLAN_DATES,
		_SECTION_47,
		_value("ReferralNFA", "flag", required=True),
		_CHILD_PROTECTION_PLANS,
		*after_plans,
		min=1,
		max=UNBOUNDED,
	)


def _message(cin_details: Element) -> Element:
	return _group(
		"Message",
		_HEADER,
		_group(
			"Children",
			_group("Child", _CHILD_IDENTIFIERS, _CHILD_CHARACTERISTICS, cin_details, min=1, max=UNBOUNDED),
		),
	)


# The layout by the first census year (its year end) it applies to.
LAYOUTS = {
	2025: _message(_cin_details()),
	2027: _message(_cin_details(_PRE_PROCEEDINGS)),
}
FIRST_YEAR = min(LAYOUTS)


def layout_for(year_end: int) -> Element:
	"""The layout of the census whose year ends in `year_end` (2026 for 2025-26)."""
	if year_end < FIRST_YEAR:
		raise ValueError(f"The census layout here starts with {FIRST_YEAR - 1}-{FIRST_YEAR % 100:02d}.")
	return LAYOUTS[max(year for year in LAYOUTS if year <= year_end)]


class Problem(NamedTuple):
	"""Where in the file (a path such as Message/Children/Child[2]/CINdetails[1]) and what is wrong."""

	path: str
	message: str


def check_structure(root: ET.Element, year_end: int | None = None) -> list[Problem]:
	"""Every problem with the shape of a census file, in document order; an empty list when none.

	`year_end` chooses the layout; by default the file's own Year, or the newest layout when the
	file has no readable Year.
	"""
	problems: list[Problem] = []
	if root.tag != "Message":
		return [
			Problem(
				root.tag, f"The root element is {root.tag}; a census file's is Message, with no namespace."
			)
		]
	year_text = (root.findtext("Header/CollectionDetails/Year") or "").strip()
	if year_end is None:
		year_end = int(year_text) if re.fullmatch(r"\d{4}", year_text) else max(LAYOUTS)
	if year_end < FIRST_YEAR:
		return [
			Problem(
				"Message/Header/CollectionDetails/Year", f"Year {year_end} is earlier than the layouts here."
			)
		]
	_check_element(root, layout_for(year_end), "Message", problems)
	_check_header(root, problems)
	return problems


def _check_element(element: ET.Element, layout: Element, path: str, problems: list[Problem]) -> None:
	if not layout.children:
		_check_value(element, layout, path, problems)
		return
	if (element.text or "").strip():
		problems.append(Problem(path, f"{layout.name} holds text outside its elements."))
	order = {child.name: position for position, child in enumerate(layout.children)}
	seen: Counter[str] = Counter()
	furthest = -1
	for child in element:
		if not isinstance(child.tag, str):  # a comment or processing instruction
			continue
		child_layout = layout.child(child.tag)
		if child_layout is None:
			problems.append(
				Problem(f"{path}/{child.tag}", f"{child.tag} is not a census element inside {layout.name}.")
			)
			continue
		seen[child.tag] += 1
		child_path = f"{path}/{child.tag}" + ("" if child_layout.max == 1 else f"[{seen[child.tag]}]")
		position = order[child.tag]
		if position < furthest:
			later = layout.children[furthest].name
			problems.append(Problem(child_path, f"{child.tag} is out of order: it comes before {later}."))
		furthest = max(furthest, position)
		if child_layout.max is not None and seen[child.tag] == child_layout.max + 1:
			times = "once" if child_layout.max == 1 else f"{child_layout.max} times"
			problems.append(Problem(child_path, f"{child.tag} may appear only {times} inside {layout.name}."))
		_check_element(child, child_layout, child_path, problems)
	for child_layout in layout.children:
		if seen[child_layout.name] < child_layout.min:
			problems.append(Problem(path, f"{child_layout.name} is missing: {layout.name} requires it."))


def _check_value(element: ET.Element, layout: Element, path: str, problems: list[Problem]) -> None:
	if len(element):
		problems.append(Problem(path, f"{layout.name} holds a value, not other elements."))
		return
	text = (element.text or "").strip()
	if not text:
		problems.append(Problem(path, f"{layout.name} is empty: leave it out when there is no value."))
		return
	pattern, description = VALUE_FORMATS[layout.value or "text"]
	if not re.fullmatch(pattern, text) or not _real_date(text, layout.value):
		problems.append(Problem(path, f"{layout.name} '{text}' is not {description}."))


def _real_date(text: str, value: str | None) -> bool:
	"""A date or date-time that matches its pattern also names a day that exists (not 2026-02-30)."""
	try:
		if value == "date":
			date.fromisoformat(text)
		elif value == "datetime":
			datetime.fromisoformat(text[:19])
	except ValueError:
		return False
	return True


def _check_header(root: ET.Element, problems: list[Problem]) -> None:
	"""The header's fixed values: a CIN collection from a local authority, whose ReferenceDate is
	31 March of its Year (DfE 100)."""
	details = "Message/Header/CollectionDetails"
	collection = (root.findtext("Header/CollectionDetails/Collection") or "").strip()
	if collection and collection != "CIN":
		problems.append(
			Problem(f"{details}/Collection", f"Collection is '{collection}'; the census's is CIN.")
		)
	level = (root.findtext("Header/Source/SourceLevel") or "").strip()
	if level and level != "L":
		problems.append(
			Problem("Message/Header/Source/SourceLevel", f"SourceLevel is '{level}'; a council's is L.")
		)
	year = (root.findtext("Header/CollectionDetails/Year") or "").strip()
	reference = (root.findtext("Header/CollectionDetails/ReferenceDate") or "").strip()
	if re.fullmatch(r"\d{4}", year) and reference and reference != f"{year}-03-31":
		problems.append(
			Problem(
				f"{details}/ReferenceDate",
				f"ReferenceDate is {reference}; for Year {year} it is {year}-03-31, the last day of the census year.",
			)
		)
