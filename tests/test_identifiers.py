import pytest

from family_safeguarding.rules import RuleError
from family_safeguarding.rules.identifiers import (
	nhs_number_check_digit,
	normalise_nhs_number,
	normalise_postcode,
	normalise_upn,
	upn_check_letter,
)


# 943 476 5919: 9*10+4*9+3*8+4*7+7*6+6*5+5*4+9*3+1*2 = 299; 299 mod 11 = 2; 11-2 = 9.
# 401 023 2137: 40+0+8+0+12+15+8+3+6 = 92; 92 mod 11 = 4; 11-4 = 7.
@pytest.mark.parametrize(
	"typed, stored",
	[
		("9434765919", "9434765919"),
		("943 476 5919", "9434765919"),
		("943-476-5919", "9434765919"),
		("4010232137", "4010232137"),
		# 0 weighted sum: 11 - 0 = 11, which the rule turns into a check digit of 0.
		("0000000000", "0000000000"),
	],
)
def test_valid_nhs_numbers_are_stored_as_ten_digits(typed, stored):
	assert normalise_nhs_number(typed) == stored


@pytest.mark.parametrize(
	"typed",
	[
		"9434765918",  # check digit should be 9
		"4010232138",  # check digit should be 7
		"0000000060",  # 6*2 = 12, 12 mod 11 = 1, 11-1 = 10: no check digit can be valid
		"943476591",  # nine digits
		"94347659190",  # eleven digits
		"94347659I9",  # a letter
	],
)
def test_invalid_nhs_numbers_are_refused_naming_the_field(typed):
	with pytest.raises(RuleError) as refused:
		normalise_nhs_number(typed)
	assert refused.value.field == "nhs_number"
	assert "NHS Number" in refused.value.message


def test_check_digit_ten_means_no_valid_number():
	assert nhs_number_check_digit("000000006") is None
	assert nhs_number_check_digit("943476591") == 9


def test_blank_nhs_number_is_allowed():
	assert normalise_nhs_number("") is None
	assert normalise_nhs_number(None) is None


# R801200101001: 8*2+0*3+1*4+2*5+0*6+0*7+1*8+0*9+1*10+0*11+0*12+1*13 = 61; 61 mod 23 = 15 -> R
# (A0 B1 C2 D3 E4 F5 G6 H7 J8 K9 L10 M11 N12 P13 Q14 R15 ...).
# B801200005001 is the example the python-stdnum documentation gives.
@pytest.mark.parametrize("upn", ["R801200101001", "B801200005001", "r801200101001", " R8012001 01001 "])
def test_valid_upns(upn):
	assert normalise_upn(upn) == upn.replace(" ", "").upper()


def test_temporary_upn_with_a_final_letter():
	# Final letter A counts as 0: 8*2+0+1*4+2*5+0+0+1*8+0+1*10+0+0*12+0*13 = 48; 48 mod 23 = 2 -> C.
	assert upn_check_letter("80120010100A") == "C"
	assert normalise_upn("C80120010100A") == "C80120010100A"


@pytest.mark.parametrize(
	"upn",
	[
		"A801200101001",  # wrong check letter (should be R)
		"I801200101001",  # I is never a check letter
		"R80120010100",  # twelve characters
		"R8012001010011",  # fourteen characters
		"R8012001X1001",  # a letter in the middle
		"R80120010100I",  # I is not a valid final letter either
	],
)
def test_invalid_upns_are_refused_naming_the_field(upn):
	with pytest.raises(RuleError) as refused:
		normalise_upn(upn)
	assert refused.value.field == "upn"


@pytest.mark.parametrize(
	"typed, stored",
	[
		("sw1a 1aa", "SW1A 1AA"),
		("SW1A1AA", "SW1A 1AA"),
		("M1 1AE", "M1 1AE"),
		("B33 8TH", "B33 8TH"),
		("CR2 6XH", "CR2 6XH"),
		("DN55 1PT", "DN55 1PT"),
		("W1A 0AX", "W1A 0AX"),
		("EC1A 1BB", "EC1A 1BB"),
		("rg14 5ls", "RG14 5LS"),
		("GIR 0AA", "GIR 0AA"),
	],
)
def test_valid_postcodes_are_normalised(typed, stored):
	assert normalise_postcode(typed) == stored


@pytest.mark.parametrize(
	"typed",
	[
		"SW1A",  # outward code only
		"12345",  # a US ZIP code
		"QA1 1AA",  # Q is never a first letter
		"A1 1CA",  # C is never in the inward letters
		"AA1A1 1AA",  # too long
		"SW1A 1A",  # inward code too short
	],
)
def test_invalid_postcodes_are_refused(typed):
	with pytest.raises(RuleError) as refused:
		normalise_postcode(typed)
	assert refused.value.field == "postcode"
	assert typed in refused.value.message
