"""A Children in Need return (cin_model.CensusReturn) written as the census XML.

Which elements the file has, and in what order, is the year's layout in cin_structure.py: this
module only says which item of the return each element holds, and walks the layout, so the order
is written once. An item that is None, an empty tuple or empty text is left out, as the census
wants; dates are written YYYY-MM-DD and flags true or false. A block the year's layout does not
have (the pre-proceedings block before 2026-27) is not written.
"""

import xml.etree.ElementTree as ET
from datetime import date, datetime

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
from family_safeguarding.returns.cin_structure import LAYOUTS, Element, layout_for

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


def write_return(census: CensusReturn) -> bytes:
	"""The census file of a return: UTF-8, with its XML declaration, indented."""
	root = _build(layout_for(census.header.year_end), _message(census))
	ET.indent(root, space="  ")
	return DECLARATION + ET.tostring(root, encoding="utf-8", xml_declaration=False) + b"\n"


def text_of(value) -> str:
	"""A value as the census writes it."""
	if isinstance(value, bool):
		return "true" if value else "false"
	if isinstance(value, datetime):
		return value.replace(tzinfo=None, microsecond=0).isoformat()
	if isinstance(value, date):
		return value.isoformat()
	return str(value)


# --- which item each element holds ------------------------------------------------------------------


def _message(census: CensusReturn) -> dict:
	return {
		"Header": _header(census.header),
		"Children": {"Child": [_child(child) for child in census.children]},
	}


def _header(header: Header) -> dict:
	return {
		"CollectionDetails": {
			"Collection": "CIN",
			"Year": header.year_end,
			"ReferenceDate": header.reference_date,
		},
		"Source": {
			"SourceLevel": "L",
			"LEA": header.la_code,
			"SoftwareCode": header.software_code,
			"Release": header.release,
			"SerialNo": header.serial_no,
			"DateTime": header.made_at,
		},
	}


def _child(child: Child) -> dict:
	return {
		"ChildIdentifiers": {
			"LAchildID": child.la_child_id,
			"UPN": child.upn,
			"FormerUPN": child.former_upn,
			"UPNunknown": child.upn_unknown_reason,
			"PersonBirthDate": child.birth_date,
			"ExpectedPersonBirthDate": child.expected_birth_date,
			"Sex": child.sex,
			"PersonDeathDate": child.death_date,
		},
		"ChildCharacteristics": {
			"Ethnicity": child.ethnicity,
			"Disabilities": {"Disability": list(child.disabilities)} if child.disabilities else None,
		},
		"CINdetails": [_episode(episode) for episode in child.episodes],
	}


def _episode(episode: Episode) -> dict:
	return {
		"CINreferralDate": episode.referral_date,
		"ReferralSource": episode.referral_source,
		"PrimaryNeedCode": episode.primary_need,
		"CINclosureDate": episode.closure_date,
		"ReasonForClosure": episode.closure_reason,
		"DateOfInitialCPC": episode.initial_cpc_date,
		"Assessments": [_assessment(a) for a in episode.assessments],
		"CINPlanDates": [_cin_plan(p) for p in episode.cin_plans],
		"Section47": [_section_47(s) for s in episode.section_47s],
		"ReferralNFA": episode.no_further_action,
		"ChildProtectionPlans": [_protection_plan(p) for p in episode.protection_plans],
		"PreProceedingsandFGDM": [_pre_proceedings(p) for p in episode.pre_proceedings],
	}


def _assessment(assessment: Assessment) -> dict:
	return {
		"AssessmentActualStartDate": assessment.start_date,
		"AssessmentInternalReviewDate": assessment.internal_review_date,
		"AssessmentAuthorisationDate": assessment.authorisation_date,
		"FactorsIdentifiedAtAssessment": (
			{"AssessmentFactors": list(assessment.factors)} if assessment.factors else None
		),
	}


def _cin_plan(plan: CinPlan) -> dict:
	return {"CINPlanStartDate": plan.start_date, "CINPlanEndDate": plan.end_date}


def _section_47(enquiry: Section47) -> dict:
	return {
		"S47ActualStartDate": enquiry.start_date,
		"InitialCPCtarget": enquiry.icpc_target,
		"DateOfInitialCPC": enquiry.icpc_date,
		"ICPCnotRequired": enquiry.icpc_not_required,
	}


def _protection_plan(plan: ChildProtectionPlan) -> dict:
	return {
		"CPPstartDate": plan.start_date,
		"CPPendDate": plan.end_date,
		"InitialCategoryOfAbuse": plan.initial_category,
		"LatestCategoryOfAbuse": plan.latest_category,
		"NumberOfPreviousCPP": plan.previous_plans,
		"Reviews": {"CPPreviewDate": list(plan.review_dates)} if plan.review_dates else None,
	}


def _pre_proceedings(block: PreProceedings) -> dict:
	return {
		"PPStartDate": block.start_date,
		"LBPSentDate": block.letter_sent_date,
		"FGDMMeetingOffer": block.fgdm_offered,
		"FGDMMeetingFac": block.fgdm_facilitated,
		"InitialPPMeetingDate": block.initial_meeting_date,
		"ReviewMeetingsCount": block.review_meetings,
		"StepDecisionDate": block.step_decision_date,
		"PPOutcome": block.outcome,
		"CourtAppDate": block.court_application_date,
		"LetterInitCPDate": block.letter_initial_cp_date,
	}


# --- the layout walked -----------------------------------------------------------------------------


def _names_in(layout: Element) -> set[str]:
	return {layout.name} | {name for child in layout.children for name in _names_in(child)}


# Every element any year's layout has: an item named otherwise above is a mistake in this module.
KNOWN_ELEMENTS = frozenset(name for layout in LAYOUTS.values() for name in _names_in(layout))


def _build(layout: Element, content: dict) -> ET.Element:
	"""The element of `layout` holding `content` ({element name: value, dict, or list of either}),
	its children in the layout's order. Items the layout has no element for are not written."""
	unknown = set(content) - KNOWN_ELEMENTS
	if unknown:
		raise ValueError(f"Not census elements: {', '.join(sorted(unknown))}.")
	element = ET.Element(layout.name)
	for child in layout.children:
		value = content.get(child.name)
		for item in value if isinstance(value, list) else [value]:
			if item is None or item == "":
				continue
			if child.children:
				element.append(_build(child, item))
			else:
				ET.SubElement(element, child.name).text = text_of(item)
	return element
