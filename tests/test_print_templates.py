"""Every print format's Jinja renders with a sample document, without Frappe: the templates lay out
what `printing.py` gathers, and escape every text they print."""

import json
from datetime import date
from pathlib import Path
from types import SimpleNamespace as Record

import pytest
from jinja2 import FileSystemLoader, PrefixLoader, StrictUndefined
from jinja2.sandbox import SandboxedEnvironment

from family_safeguarding.rules.text import escaped_lines

PACKAGE = Path(__file__).resolve().parent.parent / "family_safeguarding"
FORMATS = sorted(PACKAGE.glob("*/print_format/*/*.json"))
SCRIPT = "<script>alert(1)</script>"


def environment(methods: dict) -> SandboxedEnvironment:
	# Frappe's loader resolves "family_safeguarding/..." to the package, as this one does
	env = SandboxedEnvironment(
		loader=PrefixLoader({"family_safeguarding": FileSystemLoader(str(PACKAGE))}),
		undefined=StrictUndefined,
	)
	env.globals.update(
		_=lambda text: text, fs_date=lambda d: d.isoformat() if d else "", fs_lines=escaped_lines, **methods
	)
	return env


def goal(**fields):
	return Record(
		**{
			"member": "MEM-1",
			"goal": f"Stay sober {SCRIPT}",
			"priority_issue": "Parental Alcohol Misuse",
			"owner_name": "Rita Recovery",
			"status": "Active",
			"target_date": date(2027, 1, 1),
			"baseline_score": 2,
			"latest_score": 6,
			**fields,
		}
	)


def member(**fields):
	return Record(
		**{
			"name": "MEM-1",
			"full_name": f"Alex {SCRIPT}",
			"member_type": "Parent",
			"relationship": "Mother",
			"date_of_birth": date(1990, 1, 1),
			"expected_date_of_birth": None,
			"age": 36,
			"sex": "Female",
			"ethnicity": "WBRI",
			"has_parental_responsibility": 1,
			"lives_in_household": 1,
			"goals": [goal()],
			**fields,
		}
	)


SUPERVISION = Record(
	family_name="Smith household",
	meeting_date=date(2026, 2, 10),
	period_start=date(2026, 1, 10),
	period_end=date(2026, 2, 10),
	next_due=date(2026, 3, 10),
	chair="Tina Manager",
	attendees=[Record(worker_name="Sam Social", specialism="Social Worker", agency="Council", attended=1)],
	risks=[Record(member="MEM-2", member_name="Child", level="High", rationale=SCRIPT)],
	decisions=SCRIPT,
	actions=[Record(action=SCRIPT, owner_name="Sam Social", due_date=date(2026, 3, 1), status="Open")],
	recommendation="No Change",
	prepared={"by": "Sam Social", "on": "2026-02-11"},
)
MODULE = Record(
	title="Module 1",
	status="Completed",
	worker_name="Sam Social",
	member_names="Alex",
	members=["MEM-2"],
	sessions=3,
	minutes=180,
	start_date=date(2026, 1, 1),
	completed_on=date(2026, 2, 1),
	strengths=SCRIPT,
	worries="",
	capacity_to_change="Some",
	capacity_evidence="",
	summary="",
)
PLAN = Record(
	member_name="Child",
	workflow_state="Active Plan",
	plan_start=date(2026, 1, 20),
	plan_end=None,
	end_reason=None,
	initial_category="NEG - Neglect",
	latest_category=None,
	previous_plans=0,
	reviews=[],
)
PROTECTED = {
	"Health Information": {
		"readable": True,
		"rows": [Record(recorded_on=date(2026, 1, 2), source="GP", author_name="Mo", information=SCRIPT)],
	},
	"Police Information": {"readable": False, "rows": []},
}
DATA = {
	"fs_case_summary": Record(
		prepared={"by": "Sam Social", "on": "2026-02-11"},
		lead_social_worker="Sam Social",
		members=[member()],
		plans=[PLAN],
		plo_cases=[],
		legal_history=[{"date": date(2026, 1, 20), "event": f"Plan started {SCRIPT}"}],
		modules=[MODULE],
		goals=[goal()],
		member_names={"MEM-1": "Alex"},
		specialist_work=[
			Record(
				worker_name="Rita Recovery",
				specialism="Recovery Worker",
				summaries=2,
				first_period=date(2026, 1, 1),
				direct_hours=4.5,
				latest=Record(
					period_start=date(2026, 2, 1),
					period_end=date(2026, 2, 28),
					work_undertaken=SCRIPT,
					whats_working_well="",
					worries="",
					next_steps="",
				),
			)
		],
		supervision=SUPERVISION,
		protected=PROTECTED,
	),
	"fs_family_plan": Record(
		prepared={"on": "2026-02-11"}, members=[member()], next_meeting=date(2026, 3, 10)
	),
	"fs_conference_report": Record(
		prepared={"by": "Sam Social", "on": "2026-02-11"},
		child=member(name="MEM-2", full_name="Child"),
		lead_social_worker="Sam Social",
		previous_plans=[],
		members=[member()],
		goals=[goal()],
		modules=[MODULE],
		risk=SUPERVISION.risks,
		supervision=SUPERVISION,
		protected=PROTECTED,
	),
	"fs_referral_letter": Record(
		prepared={"by": "Sam Social", "on": "2026-02-11"},
		worker=Record(full_name="Sam Social", team="North", agency="Council"),
		member=Record(full_name=f"Alex {SCRIPT}", date_of_birth=date(1990, 1, 1)),
		family_name="Smith household",
		answered=True,
	),
	"fs_supervision_record": SUPERVISION,
}
DOCS = {
	"Family": Record(
		name="FAM-1",
		family_name=f"Smith {SCRIPT}",
		team="North",
		presenting_issues=[Record(priority_issue="Domestic Abuse")],
		opened_on=date(2026, 1, 1),
		status="Open",
		closed_on=None,
		legal_status="Child Protection",
	),
	"Child Protection Plan": Record(
		name="CPP-1",
		workflow_state="Active Plan",
		previous_plans=0,
		strategy_discussion_date=date(2026, 1, 5),
		section_47_start=date(2026, 1, 6),
		icpc_due=date(2026, 1, 26),
		icpc_date=date(2026, 1, 20),
		plan_start=date(2026, 1, 20),
		initial_category="NEG - Neglect",
		latest_category="",
		core_groups=[],
		first_core_group_due=date(2026, 2, 3),
		reviews=[],
		next_review_due=date(2026, 4, 20),
		last_visit=None,
		next_visit_due=date(2026, 2, 3),
	),
	"Referral": Record(
		name="REF-1",
		sent_on=date(2026, 2, 2),
		to_agency="Recovery",
		service="",
		urgency="Urgent",
		reason="Parental Alcohol Misuse",
		consent="Given",
		consent_date=date(2026, 2, 1),
		override_reason="",
		details=SCRIPT,
		workflow_state="Declined",
		responded_on=date(2026, 2, 3),
		decline_reason=SCRIPT,
		first_appointment_on=None,
	),
	"Group Supervision": Record(name="GS-1", title="Smith household", family="FAM-1", docstatus=1),
}


@pytest.mark.parametrize("path", FORMATS, ids=lambda path: path.stem)
def test_print_format_renders_a_sample_document_escaped(path):
	meta = json.loads(path.read_text())
	assert meta["standard"] == "Yes" and meta["custom_format"] == 1 and meta["print_format_type"] == "Jinja"
	env = environment({name: (lambda _name, data=data: data) for name, data in DATA.items()})
	html = env.get_template(f"family_safeguarding/{path.with_suffix('.html').relative_to(PACKAGE)}").render(
		doc=DOCS[meta["doc_type"]]
	)
	assert 'class="fs-print"' in html
	assert "<script>" not in html
	assert "&lt;script&gt;" in html


def test_protected_information_prints_only_when_readable():
	env = environment({name: (lambda _name, data=data: data) for name, data in DATA.items()})
	html = env.get_template(
		"family_safeguarding/family_records/print_format/case_summary_for_court/case_summary_for_court.html"
	).render(doc=DOCS["Family"])
	assert "Health Information" in html
	assert "Police Information" not in html


def test_every_print_format_has_its_template():
	assert len(FORMATS) == 5
	for path in FORMATS:
		assert path.with_suffix(".html").exists(), path


def test_escaped_lines():
	assert escaped_lines("a <b>\nc & d") == "a &lt;b&gt;<br>c &amp; d"
	assert escaped_lines(None) == ""
	assert escaped_lines(42) == "42"
