"""A census file read into the return's model (cin_read.py): the shared sample item for item, what
refuses the whole file, what refuses one child and what is only skipped, files as other systems
write them, and the round trip through the writer (cin_xml.py)."""

import string
from dataclasses import replace
from datetime import date

import pytest
from census_sample import VALID_RETURN
from census_sample_model import SAMPLE

from family_safeguarding.returns.cin_model import CensusReturn
from family_safeguarding.returns.cin_read import Refusal, UnreadableReturn, read_return

# What the shared sample says, item for item.
EXPECTED = SAMPLE


def read(text: str, year_end: int | None = None) -> tuple[CensusReturn, list[Refusal]]:
	return read_return(text.encode(), year_end)


def edit(old: str, new: str, text: str = VALID_RETURN) -> str:
	assert old in text, old
	return text.replace(old, new, 1)


def ids(census: CensusReturn) -> list[str]:
	return [child.la_child_id for child in census.children]


def messages(refusals: list[Refusal]) -> list[str]:
	return [refusal.message for refusal in refusals]


def test_the_sample_reads_as_its_items():
	census, refusals = read(VALID_RETURN)
	assert refusals == []
	assert census == EXPECTED


def test_the_expected_year_is_accepted():
	census, _refusals = read(VALID_RETURN, 2026)
	assert census.header.year_end == 2026


# The file refused as a whole


@pytest.mark.parametrize(
	"text, words",
	[
		("this is not XML", "not readable XML"),
		(edit("<Children>", "<Children><Child>"), "not readable XML"),
		(
			'<?xml version="1.0"?><!DOCTYPE Message [<!ENTITY a "aaaa">]><Message>&a;</Message>',
			"declares a document type",
		),
		("<Return><Children/></Return>", "root element is Return"),
		(edit("<Collection>CIN</Collection>", "<Collection>SSDA903</Collection>"), "SSDA903 collection"),
		(edit("<Collection>CIN</Collection>", ""), "no Header/CollectionDetails/Collection"),
		(edit("<Year>2026</Year>", "<Year>26</Year>"), "Year '26'"),
		(
			edit("<ReferenceDate>2026-03-31</ReferenceDate>", "<ReferenceDate>2025-03-31</ReferenceDate>"),
			"ReferenceDate 2025-03-31",
		),
		(edit("<LEA>201</LEA>", ""), "LEA ''"),
	],
)
def test_a_file_that_is_not_a_readable_census_is_refused_whole(text, words):
	with pytest.raises(UnreadableReturn) as refused:
		read(text)
	assert words in refused.value.message


def test_a_file_of_another_year_is_refused_whole():
	with pytest.raises(UnreadableReturn) as refused:
		read(VALID_RETURN, 2025)
	assert refused.value.message == "The file is the census of 2025-26; this import is for 2024-25."


def test_a_file_without_children_is_refused_whole():
	start, end = VALID_RETURN.index("<Children>"), VALID_RETURN.index("</Children>") + len("</Children>")
	with pytest.raises(UnreadableReturn) as refused:
		read(VALID_RETURN[:start] + VALID_RETURN[end:])
	assert "no Children element" in refused.value.message


# One child refused, the other read


@pytest.mark.parametrize(
	"old, new, item, message",
	[
		(
			"<ReferralSource>6</ReferralSource>",
			"<ReferralSource>11</ReferralSource>",
			"CINdetails[1]/ReferralSource",
			"Child FS0001: ReferralSource '11' is not a census code.",
		),
		(
			"<PrimaryNeedCode>N1</PrimaryNeedCode>",
			"<PrimaryNeedCode>N12</PrimaryNeedCode>",
			"CINdetails[1]/PrimaryNeedCode",
			"Child FS0001: PrimaryNeedCode 'N12' is not a census code.",
		),
		(
			"<Ethnicity>WBRI</Ethnicity>",
			"<Ethnicity>WHITE</Ethnicity>",
			"ChildCharacteristics/Ethnicity",
			"Child FS0001: Ethnicity 'WHITE' is not a census code.",
		),
		(
			"<Sex>F</Sex>",
			"<Sex>2</Sex>",
			"ChildIdentifiers/Sex",
			"Child FS0001: Sex '2' is not a census code.",
		),
		(
			"<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>",
			"<InitialCategoryOfAbuse>NEGLECT</InitialCategoryOfAbuse>",
			"CINdetails[1]/ChildProtectionPlans[1]/InitialCategoryOfAbuse",
			"Child FS0001: InitialCategoryOfAbuse 'NEGLECT' is not a census code.",
		),
		(
			"<CINreferralDate>2025-05-02</CINreferralDate>",
			"<CINreferralDate>02/05/2025</CINreferralDate>",
			"CINdetails[1]/CINreferralDate",
			"Child FS0001: CINreferralDate '02/05/2025' is not a date written YYYY-MM-DD.",
		),
		(
			"<CPPreviewDate>2025-10-03</CPPreviewDate>",
			"<CPPreviewDate>2025-02-30</CPPreviewDate>",
			"CINdetails[1]/ChildProtectionPlans[1]/Reviews/CPPreviewDate",
			"Child FS0001: CPPreviewDate '2025-02-30' is not a date written YYYY-MM-DD.",
		),
		(
			"<ReferralSource>6</ReferralSource>",
			"",
			"CINdetails[1]/ReferralSource",
			"Child FS0001: ReferralSource is missing: the census requires it.",
		),
		(
			"<ReferralNFA>0</ReferralNFA>",
			"<ReferralNFA></ReferralNFA>",
			"CINdetails[1]/ReferralNFA",
			"Child FS0001: ReferralNFA is missing: the census requires it.",
		),
		(
			"<ICPCnotRequired>false</ICPCnotRequired>",
			"<ICPCnotRequired>no</ICPCnotRequired>",
			"CINdetails[1]/Section47[1]/ICPCnotRequired",
			"Child FS0001: ICPCnotRequired 'no' is not true, false, 1 or 0.",
		),
		(
			"<NumberOfPreviousCPP>0</NumberOfPreviousCPP>",
			"<NumberOfPreviousCPP>none</NumberOfPreviousCPP>",
			"CINdetails[1]/ChildProtectionPlans[1]/NumberOfPreviousCPP",
			"Child FS0001: NumberOfPreviousCPP 'none' is not a whole number.",
		),
		(
			"<Disability>NONE</Disability>",
			"<Disability>NONE</Disability><Disability>MOB</Disability>",
			"ChildCharacteristics/Disabilities/Disability",
			"Child FS0001: Disability NONE (no disability) cannot be recorded with other disabilities.",
		),
		(
			"<AssessmentFactors>3B</AssessmentFactors>",
			"<AssessmentFactors>18A</AssessmentFactors>",
			"CINdetails[1]/Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors",
			"Child FS0001: Assessment factor 18A is no longer used: record 18B (physical abuse by another "
			"child) or 18C (by an adult).",
		),
		(
			"<UPN>R801200101001</UPN>",
			"<UPN>A801200101001</UPN>",
			"ChildIdentifiers/UPN",
			"Child FS0001: UPN A801200101001 is not valid: its check letter does not match the digits.",
		),
		(
			"<UPN>R801200101001</UPN>",
			"<UPN>R801200101001</UPN><UPNunknown>UN1</UPNunknown>",
			"ChildIdentifiers/UPNunknown",
			"Child FS0001: Leave UPN Unknown Reason empty: the child's UPN is recorded.",
		),
		(
			"<UPN>R801200101001</UPN>",
			"<UPN>R801200101001</UPN><FormerUPN>12345</FormerUPN>",
			"ChildIdentifiers/FormerUPN",
			"Child FS0001: FormerUPN '12345' is not a UPN: a check letter, 11 digits, then a digit or a "
			"letter, its check letter matching the digits.",
		),
		(
			"<ReferralSource>6</ReferralSource>",
			"<ReferralSource>6</ReferralSource><ReferralSource>9</ReferralSource>",
			"CINdetails[1]/ReferralSource",
			"Child FS0001: ReferralSource is given 2 times inside CINdetails; the census takes it once.",
		),
		(
			"<LAchildID>FS0001</LAchildID>",
			"<LAchildID>FS-0001</LAchildID>",
			"ChildIdentifiers/LAchildID",
			"Child number 1 in the file: LA Child ID 'FS-0001' may contain only letters and digits.",
		),
		(
			"<LAchildID>FS0001</LAchildID>",
			"",
			"ChildIdentifiers/LAchildID",
			"Child number 1 in the file: LAchildID is missing: the census requires it.",
		),
	],
)
def test_a_bad_item_refuses_its_child_only(old, new, item, message):
	census, refusals = read(edit(old, new))
	assert ids(census) == ["FS0002"]
	assert [(r.item, r.message, r.child_left_out) for r in refusals] == [(item, message, True)]


def test_every_bad_item_of_a_child_is_reported():
	text = edit("<ReferralSource>6</ReferralSource>", "<ReferralSource>11</ReferralSource>")
	text = edit("<CPPreviewDate>2025-10-03</CPPreviewDate>", "<CPPreviewDate>tomorrow</CPPreviewDate>", text)
	census, refusals = read(text)
	assert ids(census) == ["FS0002"]
	assert {r.la_child_id for r in refusals} == {"FS0001"}
	assert len(refusals) == 2


def test_a_child_without_an_episode_is_refused():
	start = VALID_RETURN.index("<CINdetails>", VALID_RETURN.index("FS0002"))
	end = VALID_RETURN.index("</CINdetails>", start) + len("</CINdetails>")
	census, refusals = read(VALID_RETURN[:start] + VALID_RETURN[end:])
	assert ids(census) == ["FS0001"]
	assert messages(refusals) == ["Child FS0002: CINdetails is missing: the census requires it."]


def test_a_child_id_given_twice_refuses_both():
	census, refusals = read(edit("<LAchildID>FS0002</LAchildID>", "<LAchildID>FS0001</LAchildID>"))
	assert ids(census) == []
	assert (
		messages(refusals)
		== ["Child FS0001: LAchildID FS0001 is on 2 children in the file: none of them is read."] * 2
	)
	assert [r.position for r in refusals] == [1, 2]


def test_an_element_the_census_does_not_have_is_skipped_and_the_child_kept():
	census, refusals = read(
		edit("<PrimaryNeedCode>N1</PrimaryNeedCode>", "<PrimaryNeedCode>N1</PrimaryNeedCode><Note>x</Note>")
	)
	assert census == EXPECTED
	assert [(r.item, r.message, r.child_left_out) for r in refusals] == [
		(
			"CINdetails[1]/Note",
			"Child FS0001: Note is not a census element inside CINdetails: it was not read.",
			False,
		)
	]


def test_the_pre_proceedings_block_is_not_read_before_its_year():
	block = "<PreProceedingsandFGDM><PPStartDate>2025-08-01</PPStartDate></PreProceedingsandFGDM>"
	text = edit("</ChildProtectionPlans>", "</ChildProtectionPlans>" + block)
	census, refusals = read(text)
	assert census == EXPECTED
	assert [r.child_left_out for r in refusals] == [False]
	later, refusals = read(
		text.replace("<Year>2026</Year>", "<Year>2027</Year>").replace("2026-03-31", "2027-03-31")
	)
	assert refusals == []
	assert later.children[0].episodes[0].pre_proceedings[0].start_date == date(2025, 8, 1)


def test_each_refusal_fills_its_template_with_its_arguments():
	text = edit("<ReferralSource>6</ReferralSource>", "<ReferralSource>11</ReferralSource><X/>")
	_census, refusals = read(text)
	for refusal in refusals:
		fields = {f for _t, f, _s, _c in string.Formatter().parse(refusal.template) if f}
		assert fields == set(refusal.arguments)


# Files as other systems write them


def test_whitespace_empty_elements_and_flags_in_any_case_are_read():
	text = edit("<ReferralSource>6</ReferralSource>", "<ReferralSource>\n   6\n  </ReferralSource>")
	text = edit("<ReferralNFA>0</ReferralNFA>", "<ReferralNFA>FALSE</ReferralNFA>", text)
	text = edit("<ICPCnotRequired>false</ICPCnotRequired>", "<ICPCnotRequired>0</ICPCnotRequired>", text)
	text = edit(
		"<PrimaryNeedCode>N1</PrimaryNeedCode>",
		"<PrimaryNeedCode>N1</PrimaryNeedCode><CINclosureDate/>",
		text,
	)
	text = edit("<ReferralNFA>true</ReferralNFA>", "<ReferralNFA>1</ReferralNFA>", text)
	census, refusals = read(text)
	assert refusals == []
	assert census == EXPECTED


def test_codes_in_small_letters_and_dates_with_a_time_zone_are_read():
	text = edit("<PrimaryNeedCode>N1</PrimaryNeedCode>", "<PrimaryNeedCode>n1</PrimaryNeedCode>")
	text = edit(
		"<CINreferralDate>2025-05-02</CINreferralDate>",
		"<CINreferralDate>2025-05-02Z</CINreferralDate>",
		text,
	)
	census, refusals = read(text)
	assert refusals == []
	assert census == EXPECTED


def test_elements_out_of_order_are_read():
	text = edit(
		"<CINreferralDate>2025-05-02</CINreferralDate>\n        <ReferralSource>6</ReferralSource>",
		"<ReferralSource>6</ReferralSource>\n        <CINreferralDate>2025-05-02</CINreferralDate>",
	)
	census, refusals = read(text)
	assert refusals == []
	assert census == EXPECTED


def test_a_namespace_is_ignored():
	text = edit(
		"<Message>",
		'<Message xmlns="http://example.org/cin" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
	)
	census, refusals = read(text)
	assert refusals == []
	assert census == EXPECTED


def test_an_older_file_names_the_sex_gender_current():
	text = VALID_RETURN.replace("<Year>2026</Year>", "<Year>2024</Year>").replace("2026-03-31", "2024-03-31")
	text = edit("<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>", text)
	text = edit("<Sex>U</Sex>", "<GenderCurrent>9</GenderCurrent>", text)
	census, refusals = read(text, 2024)
	assert refusals == []
	assert [child.sex for child in census.children] == ["F", "U"]
	_census, refusals = read(
		edit("<GenderCurrent>2</GenderCurrent>", "<GenderCurrent>F</GenderCurrent>", text)
	)
	assert messages(refusals) == ["Child FS0001: GenderCurrent 'F' is not 1, 2, 0 or 9."]


def test_a_header_without_its_optional_items_reads_with_the_models_defaults():
	text = edit("<SoftwareCode>family_safeguarding</SoftwareCode>", "<SoftwareCode>LCS</SoftwareCode>")
	text = edit("<DateTime>2026-04-10T09:30:00</DateTime>", "", text)
	census, _refusals = read(text)
	assert census.header == replace(EXPECTED.header, software_code="LCS", made_at=None)


# The round trip through the writer


def test_a_file_read_written_and_read_again_is_the_same_return():
	from family_safeguarding.returns.cin_xml import write_return

	first, _refusals = read(VALID_RETURN)
	again, refusals = read_return(write_return(first))
	assert refusals == []
	assert again == first
