"""census_sample.VALID_RETURN as a return of plain values (cin_model.CensusReturn), item for item:
what the writer is given to write that file, and what a reader reads from it."""

from datetime import date, datetime

from family_safeguarding.returns.cin_model import (
	Assessment,
	CensusReturn,
	Child,
	ChildProtectionPlan,
	CinPlan,
	Episode,
	Header,
	Section47,
)

SAMPLE = CensusReturn(
	header=Header(year_end=2026, la_code="201", made_at=datetime(2026, 4, 10, 9, 30)),
	children=(
		Child(
			la_child_id="FS0001",
			sex="F",
			ethnicity="WBRI",
			upn="R801200101001",
			birth_date=date(2015, 6, 15),
			disabilities=("NONE",),
			episodes=(
				Episode(
					referral_date=date(2025, 5, 2),
					referral_source="6",
					primary_need="N1",
					assessments=(
						Assessment(
							start_date=date(2025, 5, 6),
							authorisation_date=date(2025, 6, 10),
							factors=("3B", "16A"),
						),
					),
					cin_plans=(CinPlan(date(2025, 6, 11), date(2025, 7, 4)),),
					section_47s=(
						Section47(
							start_date=date(2025, 6, 16),
							icpc_target=date(2025, 7, 7),
							icpc_date=date(2025, 7, 4),
						),
					),
					protection_plans=(
						ChildProtectionPlan(
							start_date=date(2025, 7, 4),
							initial_category="NEG",
							latest_category="NEG",
							review_dates=(date(2025, 10, 3), date(2026, 3, 27)),
						),
					),
				),
			),
		),
		Child(
			la_child_id="FS0002",
			sex="U",
			ethnicity="WBRI",
			upn_unknown_reason="UN1",
			expected_birth_date=date(2026, 5, 20),
			episodes=(
				Episode(
					referral_date=date(2026, 1, 12),
					referral_source="3B",
					closure_date=date(2026, 1, 12),
					closure_reason="RC8",
					no_further_action=True,
				),
			),
		),
	),
)
