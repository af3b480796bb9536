import xml.etree.ElementTree as ET

import pytest
from census_sample import VALID_RETURN as GOOD

from family_safeguarding.returns.cin_structure import LAYOUTS, Problem, check_structure, layout_for

FIRST_EPISODE = "Message/Children/Child[1]/CINdetails[1]"


def check(text: str, year_end: int | None = None) -> list[Problem]:
	return check_structure(ET.fromstring(text.encode()), year_end)


def edit(old: str, new: str, text: str = GOOD) -> str:
	assert text.count(old) >= 1, old
	return text.replace(old, new, 1)


def test_a_good_small_return_has_no_problems():
	assert check(GOOD) == []


def test_the_element_order_is_data():
	episode = layout_for(2026).child("Children").child("Child").child("CINdetails")
	assert [c.name for c in episode.children] == [
		"CINreferralDate",
		"ReferralSource",
		"PrimaryNeedCode",
		"CINclosureDate",
		"ReasonForClosure",
		"DateOfInitialCPC",
		"Assessments",
		"CINPlanDates",
		"Section47",
		"ReferralNFA",
		"ChildProtectionPlans",
	]
	later = layout_for(2027).child("Children").child("Child").child("CINdetails")
	assert [c.name for c in later.children][-1] == "PreProceedingsandFGDM"
	assert layout_for(2025) is layout_for(2026) is LAYOUTS[2025]
	with pytest.raises(ValueError):
		layout_for(2024)


def test_an_element_out_of_order():
	swapped = edit(
		"<CINreferralDate>2025-05-02</CINreferralDate>\n        <ReferralSource>6</ReferralSource>",
		"<ReferralSource>6</ReferralSource>\n        <CINreferralDate>2025-05-02</CINreferralDate>",
	)
	assert check(swapped) == [
		Problem(
			f"{FIRST_EPISODE}/CINreferralDate",
			"CINreferralDate is out of order: it comes before ReferralSource.",
		)
	]


def test_referral_nfa_after_the_plans_is_out_of_order():
	moved = edit("<ReferralNFA>0</ReferralNFA>\n", "")
	moved = edit(
		"</ChildProtectionPlans>\n", "</ChildProtectionPlans>\n<ReferralNFA>0</ReferralNFA>\n", moved
	)
	assert check(moved) == [
		Problem(
			f"{FIRST_EPISODE}/ReferralNFA",
			"ReferralNFA is out of order: it comes before ChildProtectionPlans.",
		)
	]


def test_a_missing_required_element():
	assert check(edit("<ReferralNFA>0</ReferralNFA>", "")) == [
		Problem(FIRST_EPISODE, "ReferralNFA is missing: CINdetails requires it.")
	]
	no_sex = edit("<Sex>U</Sex>", "")
	assert check(no_sex) == [
		Problem("Message/Children/Child[2]/ChildIdentifiers", "Sex is missing: ChildIdentifiers requires it.")
	]
	no_episode = edit(
		GOOD[
			GOOD.index("<CINdetails>", GOOD.index("FS0002")) : GOOD.index(
				"</CINdetails>", GOOD.index("FS0002")
			)
			+ 13
		],
		"",
	)
	assert check(no_episode) == [
		Problem("Message/Children/Child[2]", "CINdetails is missing: Child requires it.")
	]


def test_an_unknown_element():
	# GenderCurrent gave way to Sex in 2024-25; a misspelt element is as unknown.
	old_gender = edit("<Sex>F</Sex>", "<Sex>F</Sex><GenderCurrent>2</GenderCurrent>")
	assert check(old_gender) == [
		Problem(
			"Message/Children/Child[1]/ChildIdentifiers/GenderCurrent",
			"GenderCurrent is not a census element inside ChildIdentifiers.",
		)
	]
	misspelt = edit("<CINPlanDates>", "<CINplanDates>")
	misspelt = edit("</CINPlanDates>", "</CINplanDates>", misspelt)
	assert [p.message for p in check(misspelt)] == ["CINplanDates is not a census element inside CINdetails."]


def test_pre_proceedings_belong_to_2026_27_onwards():
	block = "<PreProceedingsandFGDM><PPStartDate>2026-09-09</PPStartDate><PPOutcome>A</PPOutcome></PreProceedingsandFGDM>\n"
	with_block = edit("</ChildProtectionPlans>\n", "</ChildProtectionPlans>\n" + block)
	assert [p.message for p in check(with_block)] == [
		"PreProceedingsandFGDM is not a census element inside CINdetails."
	]
	next_year = with_block.replace("<Year>2026</Year>", "<Year>2027</Year>").replace(
		"2026-03-31", "2027-03-31"
	)
	assert check(next_year) == []
	assert check(with_block, year_end=2027) == []


def test_an_element_that_may_appear_once():
	twice = edit("<Sex>F</Sex>", "<Sex>F</Sex><Sex>M</Sex>")
	assert check(twice) == [
		Problem(
			"Message/Children/Child[1]/ChildIdentifiers/Sex",
			"Sex may appear only once inside ChildIdentifiers.",
		)
	]


@pytest.mark.parametrize(
	"old, new, message",
	[
		(
			"<CINreferralDate>2025-05-02<",
			"<CINreferralDate>02/05/2025<",
			"CINreferralDate '02/05/2025' is not a date written YYYY-MM-DD.",
		),
		(
			"<CINreferralDate>2025-05-02<",
			"<CINreferralDate>2025-02-30<",
			"CINreferralDate '2025-02-30' is not a date written YYYY-MM-DD.",
		),
		("<ReferralNFA>0<", "<ReferralNFA>no<", "ReferralNFA 'no' is not true, false, 1 or 0."),
		(
			"<NumberOfPreviousCPP>0<",
			"<NumberOfPreviousCPP>-1<",
			"NumberOfPreviousCPP '-1' is not a whole number.",
		),
		("<LEA>201<", "<LEA>20<", "LEA '20' is not the council's three-digit LA code."),
		("<UPN>R801200101001</UPN>", "<UPN/>", "UPN is empty: leave it out when there is no value."),
	],
)
def test_values_in_the_wrong_format(old, new, message):
	assert [p.message for p in check(edit(old, new))] == [message]


def test_the_header():
	assert [p.message for p in check(edit("<ReferenceDate>2026-03-31<", "<ReferenceDate>2026-04-01<"))] == [
		"ReferenceDate is 2026-04-01; for Year 2026 it is 2026-03-31, the last day of the census year."
	]
	assert [p.path for p in check(edit("<Collection>CIN<", "<Collection>CLA<"))] == [
		"Message/Header/CollectionDetails/Collection"
	]
	assert [p.message for p in check(edit("<Header>", "<Header><Extra/>"))] == [
		"Extra is not a census element inside Header."
	]
	no_header = GOOD[: GOOD.index("<Header>")] + GOOD[GOOD.index("</Header>") + len("</Header>") :]
	assert check(no_header) == [Problem("Message", "Header is missing: Message requires it.")]


def test_the_root_and_namespaces():
	assert [p.message for p in check("<Census><Children/></Census>")] == [
		"The root element is Census; a census file's is Message, with no namespace."
	]
	namespaced = GOOD.replace("<Message>", '<Message xmlns="urn:example">', 1)
	assert len(check(namespaced)) == 1


def test_problems_come_in_document_order_with_every_one_reported():
	broken = edit("<ReferralSource>6</ReferralSource>", "")
	broken = edit("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnicity><Religion>X</Religion>", broken)
	broken = edit("<CINreferralDate>2026-01-12<", "<CINreferralDate>12-01-2026<", broken)
	assert [p.path for p in check(broken)] == [
		"Message/Children/Child[1]/ChildCharacteristics/Religion",
		FIRST_EPISODE,
		"Message/Children/Child[2]/CINdetails[1]/CINreferralDate",
	]
