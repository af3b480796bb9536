"""The census XML written from a return (cin_model.CensusReturn), checked against the shared sample
return, the layout, and the reader (cin_read.py) when it is there."""

import importlib.util
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import date, datetime

import pytest
from census_sample import VALID_RETURN
from census_sample_model import SAMPLE

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
from family_safeguarding.returns.cin_structure import check_structure, layout_for
from family_safeguarding.returns.cin_xml import text_of, write_return

PRE_PROCEEDINGS = PreProceedings(
	start_date=date(2026, 9, 9),
	letter_sent_date=date(2026, 9, 10),
	fgdm_offered=True,
	fgdm_facilitated=False,
	initial_meeting_date=date(2026, 9, 24),
	review_meetings=2,
	outcome="A",
)


def items(xml: bytes | str) -> tuple:
	"""A file as nested (element, value or items) tuples, in document order, whitespace aside and
	flags read as the census reads them (0 and false alike)."""
	root = ET.fromstring(xml.encode() if isinstance(xml, str) else xml)
	return _items(root, layout_for(int(root.findtext("Header/CollectionDetails/Year"))))


def _items(element: ET.Element, layout) -> tuple:
	if not layout.children:
		text = (element.text or "").strip()
		if layout.value == "flag":
			text = "true" if text.lower() in ("true", "1") else "false"
		return (element.tag, text)
	return (element.tag, tuple(_items(child, layout.child(child.tag)) for child in element))


def with_pre_proceedings(census: CensusReturn, year_end: int) -> CensusReturn:
	first = census.children[0]
	episode = replace(first.episodes[0], pre_proceedings=(PRE_PROCEEDINGS,))
	return replace(
		census,
		header=replace(census.header, year_end=year_end),
		children=(replace(first, episodes=(episode,)), *census.children[1:]),
	)


def test_the_sample_written_is_the_sample_item_for_item():
	written = write_return(SAMPLE)
	assert check_structure(ET.fromstring(written), 2026) == []
	assert items(written) == items(VALID_RETURN)


def test_the_file_is_utf8_with_its_declaration():
	written = write_return(replace(SAMPLE, children=(replace(SAMPLE.children[0], la_child_id="ÉLÈVE1"),)))
	assert written.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n<Message>')
	assert "<LAchildID>ÉLÈVE1</LAchildID>".encode() in written


def test_every_block_of_the_layout_is_written():
	root = ET.fromstring(write_return(with_pre_proceedings(SAMPLE, 2027)))
	written = {element.tag for element in root.iter()}

	def names(layout):
		return {layout.name} | {n for child in layout.children for n in names(child)}

	# every element, but those the sample has no value for
	assert names(layout_for(2027)) - written == {
		"FormerUPN",
		"PersonDeathDate",
		"AssessmentInternalReviewDate",
		"CPPendDate",
		"StepDecisionDate",
		"CourtAppDate",
		"LetterInitCPDate",
	}
	# the sample's initial conference is its enquiry's, not one held without an enquiry
	assert root.find("Children/Child/CINdetails/DateOfInitialCPC") is None


def test_items_that_are_none_or_empty_are_left_out():
	child = SAMPLE.children[1]
	written = write_return(replace(SAMPLE, children=(replace(child, ethnicity=None, upn=""),)))
	root = ET.fromstring(written)
	assert root.find("Children/Child/ChildCharacteristics/Ethnicity") is None
	assert root.find("Children/Child/ChildIdentifiers/UPN") is None
	assert root.find("Children/Child/ChildCharacteristics/Disabilities") is None
	# Ethnicity is required: the structure check says so, the writer does not invent one
	assert [p.message for p in check_structure(root, 2026)] == [
		"Ethnicity is missing: ChildCharacteristics requires it."
	]


def test_pre_proceedings_are_written_from_2026_27_only():
	later = ET.fromstring(write_return(with_pre_proceedings(SAMPLE, 2027)))
	assert check_structure(later, 2027) == []
	block = later.find("Children/Child/CINdetails/PreProceedingsandFGDM")
	assert [(e.tag, e.text) for e in block] == [
		("PPStartDate", "2026-09-09"),
		("LBPSentDate", "2026-09-10"),
		("FGDMMeetingOffer", "true"),
		("FGDMMeetingFac", "false"),
		("InitialPPMeetingDate", "2026-09-24"),
		("ReviewMeetingsCount", "2"),
		("PPOutcome", "A"),
	]
	# the last element of the episode, after the plans
	assert [e.tag for e in later.find("Children/Child/CINdetails")][-2:] == [
		"ChildProtectionPlans",
		"PreProceedingsandFGDM",
	]
	this_year = ET.fromstring(write_return(with_pre_proceedings(SAMPLE, 2026)))
	assert this_year.find(".//PreProceedingsandFGDM") is None
	assert check_structure(this_year, 2026) == []


def test_an_initial_conference_without_an_enquiry_is_the_episodes_own():
	episode = replace(SAMPLE.children[0].episodes[0], section_47s=(), initial_cpc_date=date(2025, 7, 4))
	child = replace(SAMPLE.children[0], episodes=(episode,))
	root = ET.fromstring(write_return(replace(SAMPLE, children=(child,))))
	details = root.find("Children/Child/CINdetails")
	assert details.findtext("DateOfInitialCPC") == "2025-07-04"
	assert [e.tag for e in details][:6] == [
		"CINreferralDate",
		"ReferralSource",
		"PrimaryNeedCode",
		"DateOfInitialCPC",
		"Assessments",
		"CINPlanDates",
	]
	assert check_structure(root, 2026) == []


@pytest.mark.parametrize(
	"value, text",
	[
		(True, "true"),
		(False, "false"),
		(0, "0"),
		(date(2026, 3, 31), "2026-03-31"),
		(datetime(2026, 4, 10, 9, 30, 5, 123), "2026-04-10T09:30:05"),
		("N1", "N1"),
	],
)
def test_values_are_written_as_the_census_reads_them(value, text):
	assert text_of(value) == text


def test_a_header_without_a_time_leaves_it_out():
	root = ET.fromstring(write_return(replace(SAMPLE, header=Header(year_end=2026, la_code="201"))))
	assert root.find("Header/Source/DateTime") is None
	assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2026-03-31"
	assert check_structure(root, 2026) == []


HAS_READER = importlib.util.find_spec("family_safeguarding.returns.cin_read") is not None


@pytest.mark.skipif(not HAS_READER, reason="the census reader (returns/cin_read.py) is not there yet")
def test_a_return_read_written_and_read_again_is_the_same():
	from family_safeguarding.returns.cin_read import read_return

	first, refusals = read_return(VALID_RETURN.encode())
	assert refusals == [] or refusals == ()
	again, refusals_again = read_return(write_return(first))
	assert again == first and not refusals_again
	assert items(write_return(first)) == items(VALID_RETURN)
