"""Read a Children in Need census file into the return's model (cin_model), as a council's former
system (LCS, Mosaic and the like) wrote it, to bring its casework history into the app.

What is wrong with the file as a whole refuses it (`UnreadableReturn`): XML that does not parse, a
document type declaration (a census file has none, and entities could expand without end), a file
of another collection, or of another year than the one expected. What is wrong with one child's
items refuses that child only: a value outside the census's code lists, a date that is not one, a
required item missing. The child is left out of the model and a `Refusal` says why, naming the
child by LAchildID and the item by its place in the child. An element the census does not have is
reported and not read; the child is kept.

Read as files are really written: values are trimmed, flags may be true/false or 1/0 in any case,
an empty element counts as absent, elements may come in any order, and a namespace (the DfE's
schema has none) is ignored. Files before 2024-25 name the child's sex GenderCurrent (1 male,
2 female, 0 and 9 not known), and are read with it.
"""

import re
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from xml.parsers import expat

from family_safeguarding.returns.cin_model import (
	Assessment,
	CensusReturn,
	Child,
	ChildProtectionPlan,
	CinPlan,
	Episode,
	Header,
	PreProceedings,
	Section47,
)
from family_safeguarding.returns.cin_structure import FIRST_YEAR, Element, layout_for
from family_safeguarding.rules import RuleError, _lt
from family_safeguarding.rules.census.codes import (
	CATEGORIES_OF_ABUSE,
	CLOSURE_REASONS,
	ETHNICITY,
	PRE_PROCEEDINGS_OUTCOMES,
	PRIMARY_NEEDS,
	REFERRAL_SOURCES,
	SEX,
	check_assessment_factors,
	check_disabilities,
	check_la_child_id,
	check_upn_or_reason,
	code_of,
	codes,
)
from family_safeguarding.rules.census.year import CensusYear
from family_safeguarding.rules.identifiers import normalise_upn

COLLECTION = "CIN"
# The child's sex in files before 2024-25 (GenderCurrent), as the census's Sex codes.
GENDER_CURRENT = {"1": "M", "2": "F", "0": "U", "9": "U"}
# Elements read besides those of the layout, by the element that holds them.
OLDER_ELEMENTS = {"ChildIdentifiers": ("GenderCurrent",)}

_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?")
_FLAGS = {"true": True, "1": True, "false": False, "0": False}


class UnreadableReturn(RuleError):
	"""The file is refused as a whole: nothing in it is read."""


@dataclass(frozen=True)
class Refusal:
	"""Something in a child's part of the file that was not read.

	`position` is the child's place in the file (1 for the first; 0 for the file outside any child),
	`item` the element's place inside the child, such as CINdetails[1]/ReferralSource. The message
	is an English template and its arguments, like RuleError's, translated where it is shown.
	`child_left_out` is False for an item that was only skipped (an element the census does not have).
	"""

	la_child_id: str | None
	position: int
	item: str
	template: str
	arguments: dict = field(default_factory=dict)
	child_left_out: bool = True

	@property
	def child(self) -> str:
		"""The child, as a message names it, in English."""
		if self.la_child_id:
			return f"Child {self.la_child_id}"
		return f"Child number {self.position} in the file" if self.position else "The file"

	@property
	def message(self) -> str:
		"""The refusal in English, for logs and the plain tests."""
		return f"{self.child}: {RuleError(self.item, self.template, **self.arguments).message}"


def read_return(xml: bytes, expected_year_end: int | None = None) -> tuple[CensusReturn, list[Refusal]]:
	"""The children of a census file that can be read, and what was refused or skipped.

	`expected_year_end` is the year the file must be (2026 for 2025-26); by default any year."""
	root = _parse(xml)
	if _local(root.tag) != "Message":
		raise UnreadableReturn(
			"file",
			_lt("The file's root element is {tag}; a census file's is Message."),
			tag=_local(root.tag),
		)
	header = _read_header(root, expected_year_end)
	layout = layout_for(max(header.year_end, FIRST_YEAR))
	outside = _Reader(0)
	children = _Items(outside, root, layout, "Message").first("Children")
	if children is None:
		raise UnreadableReturn("file", _lt("The file has no Children element: it holds no children."))
	children_layout = layout.child("Children")
	child_layout = children_layout.child("Child")
	readers, read = [], []
	for position, element in enumerate(
		_Items(outside, children, children_layout, "Children").all("Child"), 1
	):
		reader = _Reader(position)
		readers.append(reader)
		read.append(reader.child(element, child_layout))
	_refuse_repeated_children(readers)
	kept = tuple(child for child, reader in zip(read, readers, strict=True) if not reader.refused)
	refusals = [refusal for reader in (outside, *readers) for refusal in reader.refusals()]
	return CensusReturn(header=header, children=kept), refusals


def _parse(xml: bytes) -> ET.Element:
	if isinstance(xml, str):
		xml = xml.encode()
	_refuse_document_type(xml)
	try:
		return ET.fromstring(xml)
	except ET.ParseError as error:
		raise UnreadableReturn(
			"file", _lt("The file is not readable XML: {problem}."), problem=str(error)
		) from error


class _DocumentType(Exception):
	pass


class _RootReached(Exception):
	pass


def _refuse_document_type(xml: bytes) -> None:
	"""A document type declaration comes before the root element: look only that far."""
	parser = expat.ParserCreate()

	def document_type(*_arguments):
		raise _DocumentType

	def root(*_arguments):
		raise _RootReached

	parser.StartDoctypeDeclHandler = document_type
	parser.StartElementHandler = root
	try:
		parser.Parse(xml, True)
	except _DocumentType:
		raise UnreadableReturn(
			"file",
			_lt("The file declares a document type (<!DOCTYPE>); a census file has none, so it is not read."),
		) from None
	except (_RootReached, expat.ExpatError):
		return  # the full parse reports what is wrong with the XML


def _read_header(root: ET.Element, expected_year_end: int | None) -> Header:
	header = next((element for element in root if _local(element.tag) == "Header"), None)
	values = {
		_local(element.tag): (element.text or "").strip()
		for element in (header.iter() if header is not None else ())
	}
	collection = values.get("Collection")
	if not collection:
		raise UnreadableReturn(
			"Collection", _lt("The file has no Header/CollectionDetails/Collection: it is not a census file.")
		)
	if collection.upper() != COLLECTION:
		raise UnreadableReturn(
			"Collection",
			_lt("The file is of the {collection} collection, not the Children in Need census (CIN)."),
			collection=collection,
		)
	year = values.get("Year") or ""
	if not re.fullmatch(r"\d{4}", year):
		raise UnreadableReturn("Year", _lt("The file's Year '{year}' is not a year such as 2026."), year=year)
	year_end = int(year)
	if expected_year_end and year_end != expected_year_end:
		raise UnreadableReturn(
			"Year",
			_lt("The file is the census of {file_year}; this import is for {expected_year}."),
			file_year=CensusYear(year_end).label,
			expected_year=CensusYear(expected_year_end).label,
		)
	reference = values.get("ReferenceDate")
	if reference and reference[:10] != CensusYear(year_end).reference_date.isoformat():
		raise UnreadableReturn(
			"ReferenceDate",
			_lt("The file's ReferenceDate {reference} is not 31 March of its Year {year}."),
			reference=reference,
			year=year,
		)
	la_code = values.get("LEA") or ""
	if not re.fullmatch(r"\d{3}", la_code):
		raise UnreadableReturn(
			"LEA",
			_lt("The file's LEA '{value}' is not the council's three-digit LA code."),
			value=la_code,
		)
	read = {"year_end": year_end, "la_code": la_code, "made_at": _date_time(values.get("DateTime"))}
	for element, attribute in (
		("SoftwareCode", "software_code"),
		("Release", "release"),
		("SerialNo", "serial_no"),
	):
		if values.get(element):
			read[attribute] = values[element]
	return Header(**read)


def _date_time(text: str | None) -> datetime | None:
	try:
		return datetime.fromisoformat(text[:19]) if text else None
	except ValueError:
		return None


def _refuse_repeated_children(readers: list["_Reader"]) -> None:
	"""A child is in a return once: when an LAchildID is on more than one child, which is right
	cannot be told, so none of them is read."""
	counts = Counter(reader.la_child_id for reader in readers if reader.la_child_id)
	for reader in readers:
		if counts[reader.la_child_id] > 1:
			reader.refuse(
				"ChildIdentifiers/LAchildID",
				_lt("LAchildID {value} is on {count} children in the file: none of them is read."),
				value=reader.la_child_id,
				count=counts[reader.la_child_id],
			)


class _Reader:
	"""Reads one child (position 0: the file outside any child), keeping what it refuses or skips."""

	def __init__(self, position: int):
		self.position = position
		self.la_child_id: str | None = None
		self.refused = False
		# (item, template, arguments, child left out), named by the child once its LAchildID is read
		self.found: list[tuple[str, str, dict, bool]] = []

	def refusals(self) -> list[Refusal]:
		return [
			Refusal(self.la_child_id, self.position, item, template, arguments, left_out)
			for item, template, arguments, left_out in self.found
		]

	def refuse(self, item: str, template: str, **arguments) -> None:
		self.refused = True
		self.found.append((item, template, arguments, True))

	def skip(self, item: str, template: str, **arguments) -> None:
		self.found.append((item, template, arguments, False))

	def refuse_rule(self, item: str, error: RuleError) -> None:
		self.refuse(item, error.template, **error.arguments)

	def child(self, element: ET.Element, layout: Element) -> Child | None:
		child = _Items(self, element, layout, "")
		identifiers = child.group("ChildIdentifiers")
		try:
			self.la_child_id = check_la_child_id(identifiers.text("LAchildID", required=True))
		except RuleError as error:
			if identifiers.first("LAchildID") is not None:  # a missing one is refused already
				self.refuse_rule(identifiers.path("LAchildID"), error)
		characteristics = child.group("ChildCharacteristics")
		upn, upn_unknown_reason = self.upn(identifiers)
		disabilities = characteristics.group("Disabilities")
		try:
			disability_codes = check_disabilities(disabilities.texts("Disability"))
		except RuleError as error:
			self.refuse_rule(disabilities.path("Disability"), error)
			disability_codes = ()
		read = Child(
			la_child_id=self.la_child_id,
			sex=self.sex(identifiers),
			ethnicity=characteristics.code("Ethnicity", ETHNICITY, required=True),
			upn=upn,
			former_upn=self.former_upn(identifiers),
			upn_unknown_reason=upn_unknown_reason,
			birth_date=identifiers.day("PersonBirthDate"),
			expected_birth_date=identifiers.day("ExpectedPersonBirthDate"),
			death_date=identifiers.day("PersonDeathDate"),
			disabilities=disability_codes,
			episodes=tuple(self.episode(items) for items in child.groups("CINdetails", required=True)),
		)
		return None if self.refused else read

	def upn(self, identifiers: "_Items") -> tuple[str | None, str | None]:
		try:
			return check_upn_or_reason(identifiers.text("UPN"), identifiers.text("UPNunknown"))
		except RuleError as error:
			item = "UPN" if error.field == "upn" else "UPNunknown"
			self.refuse_rule(identifiers.path(item), error)
			return None, None

	def former_upn(self, identifiers: "_Items") -> str | None:
		value = identifiers.text("FormerUPN")
		try:
			return normalise_upn(value)
		except RuleError:
			self.refuse(
				identifiers.path("FormerUPN"),
				_lt(
					"FormerUPN '{value}' is not a UPN: a check letter, 11 digits, then a digit or a letter, "
					"its check letter matching the digits."
				),
				value=value,
			)
			return None

	def sex(self, identifiers: "_Items") -> str | None:
		if identifiers.first("Sex") is not None or identifiers.first("GenderCurrent") is None:
			return identifiers.code("Sex", SEX, required=True)
		value = identifiers.text("GenderCurrent", required=True)
		if value is not None and value not in GENDER_CURRENT:
			self.refuse(
				identifiers.path("GenderCurrent"),
				_lt("GenderCurrent '{value}' is not 1, 2, 0 or 9."),
				value=value,
			)
		return GENDER_CURRENT.get(value)

	def episode(self, items: "_Items") -> Episode:
		return Episode(
			referral_date=items.day("CINreferralDate", required=True),
			referral_source=items.code("ReferralSource", REFERRAL_SOURCES, required=True),
			primary_need=items.code("PrimaryNeedCode", PRIMARY_NEEDS),
			closure_date=items.day("CINclosureDate"),
			closure_reason=items.code("ReasonForClosure", CLOSURE_REASONS),
			initial_cpc_date=items.day("DateOfInitialCPC"),
			no_further_action=items.flag("ReferralNFA", required=True),
			assessments=tuple(self.assessment(a) for a in items.groups("Assessments")),
			cin_plans=tuple(
				CinPlan(start_date=p.day("CINPlanStartDate", required=True), end_date=p.day("CINPlanEndDate"))
				for p in items.groups("CINPlanDates")
			),
			section_47s=tuple(
				Section47(
					start_date=s.day("S47ActualStartDate", required=True),
					icpc_target=s.day("InitialCPCtarget"),
					icpc_date=s.day("DateOfInitialCPC"),
					icpc_not_required=s.flag("ICPCnotRequired", required=True),
				)
				for s in items.groups("Section47")
			),
			protection_plans=tuple(
				ChildProtectionPlan(
					start_date=p.day("CPPstartDate", required=True),
					end_date=p.day("CPPendDate"),
					initial_category=p.code("InitialCategoryOfAbuse", CATEGORIES_OF_ABUSE, required=True),
					latest_category=p.code("LatestCategoryOfAbuse", CATEGORIES_OF_ABUSE, required=True),
					previous_plans=p.count("NumberOfPreviousCPP", required=True),
					review_dates=tuple(p.group("Reviews").days("CPPreviewDate")),
				)
				for p in items.groups("ChildProtectionPlans")
			),
			pre_proceedings=tuple(self.pre_proceedings(p) for p in items.groups("PreProceedingsandFGDM")),
		)

	def assessment(self, items: "_Items") -> Assessment:
		factors = items.group("FactorsIdentifiedAtAssessment")
		try:
			factor_codes = check_assessment_factors(factors.texts("AssessmentFactors"))
		except RuleError as error:
			self.refuse_rule(factors.path("AssessmentFactors"), error)
			factor_codes = ()
		return Assessment(
			start_date=items.day("AssessmentActualStartDate", required=True),
			internal_review_date=items.day("AssessmentInternalReviewDate"),
			authorisation_date=items.day("AssessmentAuthorisationDate"),
			factors=factor_codes,
		)

	def pre_proceedings(self, items: "_Items") -> PreProceedings:
		return PreProceedings(
			start_date=items.day("PPStartDate"),
			letter_sent_date=items.day("LBPSentDate"),
			fgdm_offered=items.flag("FGDMMeetingOffer"),
			fgdm_facilitated=items.flag("FGDMMeetingFac"),
			initial_meeting_date=items.day("InitialPPMeetingDate"),
			review_meetings=items.count("ReviewMeetingsCount"),
			step_decision_date=items.day("StepDecisionDate"),
			outcome=items.code("PPOutcome", PRE_PROCEEDINGS_OUTCOMES),
			court_application_date=items.day("CourtAppDate"),
			letter_initial_cp_date=items.day("LetterInitCPDate"),
		)


class _Items:
	"""The elements inside one element of the file, by name, read as the layout says. An element
	the layout does not have here is skipped and reported; one given twice where the census takes
	it once refuses the child."""

	def __init__(self, reader: _Reader, element: ET.Element | None, layout: Element | None, path: str):
		self.reader = reader
		self.layout = layout
		self.where = path
		self.found: dict[str, list[ET.Element]] = defaultdict(list)
		if element is None or layout is None:
			return
		extra = OLDER_ELEMENTS.get(layout.name, ())
		for child in element:
			if not isinstance(child.tag, str):  # a comment or processing instruction
				continue
			name = _local(child.tag)
			if _child_layout(layout, name) is None and name not in extra:
				reader.skip(
					self.path(name),
					_lt("{element} is not a census element inside {parent}: it was not read."),
					element=name,
					parent=layout.name,
				)
				continue
			self.found[name].append(child)
		for name, elements in self.found.items():
			known = _child_layout(layout, name)
			if len(elements) > 1 and (known is None or known.max == 1):
				reader.refuse(
					self.path(name),
					_lt("{element} is given {count} times inside {parent}; the census takes it once."),
					element=name,
					count=len(elements),
					parent=layout.name,
				)

	def path(self, name: str, position: int | None = None) -> str:
		step = f"{name}[{position}]" if position else name
		return f"{self.where}/{step}" if self.where else step

	def first(self, name: str) -> ET.Element | None:
		elements = self.found.get(name)
		return elements[0] if elements else None

	def all(self, name: str) -> list[ET.Element]:
		return self.found.get(name, [])

	def group(self, name: str) -> "_Items":
		"""The items of a group the census takes once (an empty one when it is absent)."""
		layout = _child_layout(self.layout, name) if self.layout else None
		return _Items(self.reader, self.first(name), layout, self.path(name))

	def groups(self, name: str, required: bool = False) -> list["_Items"]:
		"""The items of each of a repeated group, such as each CINdetails."""
		elements = self.all(name)
		if required and not elements:
			self._missing(name)
		layout = _child_layout(self.layout, name)
		return [
			_Items(self.reader, element, layout, self.path(name, position))
			for position, element in enumerate(elements, 1)
		]

	def text(self, name: str, required: bool = False) -> str | None:
		element = self.first(name)
		value = (element.text or "").strip() if element is not None else ""
		if not value and required:
			self._missing(name)
		return value or None

	def texts(self, name: str) -> list[str]:
		"""The values of an element the census repeats, such as each Disability; empty ones left out."""
		return [value for value in ((e.text or "").strip() for e in self.all(name)) if value]

	def day(self, name: str, required: bool = False) -> date | None:
		value = self.text(name, required)
		return None if value is None else self._date(name, value)

	def days(self, name: str) -> list[date]:
		return [day for day in (self._date(name, value) for value in self.texts(name)) if day]

	def _date(self, name: str, value: str) -> date | None:
		match = _DATE.fullmatch(value)
		try:
			return date.fromisoformat(match.group(1)) if match else self._not_a_date(name, value)
		except ValueError:
			return self._not_a_date(name, value)

	def _not_a_date(self, name: str, value: str) -> None:
		self.reader.refuse(
			self.path(name),
			_lt("{element} '{value}' is not a date written YYYY-MM-DD."),
			element=name,
			value=value,
		)

	def flag(self, name: str, required: bool = False) -> bool | None:
		value = self.text(name, required)
		if value is None:
			return False if required else None
		if value.lower() not in _FLAGS:
			self.reader.refuse(
				self.path(name),
				_lt("{element} '{value}' is not true, false, 1 or 0."),
				element=name,
				value=value,
			)
		return _FLAGS.get(value.lower())

	def count(self, name: str, required: bool = False) -> int | None:
		value = self.text(name, required)
		if value is None:
			return 0 if required else None
		if not value.isdigit():
			self.reader.refuse(
				self.path(name), _lt("{element} '{value}' is not a whole number."), element=name, value=value
			)
			return None
		return int(value)

	def code(self, name: str, options: tuple[str, ...], required: bool = False) -> str | None:
		value = self.text(name, required)
		if value is None:
			return None
		code = code_of(value)
		if code not in _codes_of(options):
			self.reader.refuse(
				self.path(name), _lt("{element} '{value}' is not a census code."), element=name, value=value
			)
		return code

	def _missing(self, name: str) -> None:
		self.reader.refuse(
			self.path(name), _lt("{element} is missing: the census requires it."), element=name
		)


# The elements each element of a layout holds, by name: the layouts are module constants.
_LAYOUT_CHILDREN: dict[int, dict[str, Element]] = {}


def _child_layout(layout: Element, name: str) -> Element | None:
	children = _LAYOUT_CHILDREN.get(id(layout))
	if children is None:
		children = _LAYOUT_CHILDREN[id(layout)] = {child.name: child for child in layout.children}
	return children.get(name)


@lru_cache
def _codes_of(options: tuple[str, ...]) -> frozenset[str]:
	return frozenset(codes(options))


def _local(tag: str) -> str:
	"""An element's name without its namespace, if it has one."""
	return tag.rsplit("}", 1)[-1]
