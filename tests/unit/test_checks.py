"""The nine-mistake checks: each check has a study that must trigger it and one that must not.

Studies are built with Study.replay from actions made here (so event times are under the
test's control); the sample datasets and the real exports are tested in test_checks_data.py.
"""
from __future__ import annotations

import json

import pandas as pd
import pytest

from helpers import Study, check_study
from helpers.analysis.checks import CODES, Finding, Monitor, findings_table
from helpers.views.cards import render_cards

VALUE = [
    ("water coming through the kitchen ceiling, dripping on the floor", "Water coming in"),
    ("no heating since last night and I've got a baby", "No heating or hot water"),
    ("toilet's blocked and won't flush", "Toilet or drain blocked"),
    ("front door lock snapped, can't lock up", "Can't secure my home"),
    ("the lift in our block has stopped on the 3rd floor", "Communal repair"),
    ("is the fence my responsibility or yours?", "Is this my responsibility?"),
]
FAILURE = [
    ("you said you'd come this morning and it's gone twelve", "Is someone still coming today?"),
    ("sat in all day yesterday, not a soul", "Nobody turned up"),
    ("text says my repair's complete but the tap still drips", "Text says complete but it isn't"),
    ("they painted over the mould and it's back", "Repair didn't last"),
    ("sent a plumber but it's an electrical fault", "Wrong trade sent"),
]
TEAM = {"Asha": "call handler", "Ben": "repairs manager"}


def steps(rows) -> pd.DataFrame:
    return pd.DataFrame([{"at": at, "by": by, "action": action, "args": json.dumps(kw)}
                         for at, by, action, kw in rows])


def listening(days=("2026-03-02", "2026-03-03"), per_day=60, team=TEAM, failure_every=2, brief=True,
              verdict=True, create=None, extra=(), start_hour=9) -> list:
    """Actions for a healthy listening study: managers and front line, types emerging, briefed."""
    rows = [(f"{days[0]}T08:00:00", "Ben", "create",
             {"name": "Repairs", "service": "Housing repairs", "team": team, **(create or {})})]
    if brief:
        rows.append((f"{days[0]}T08:30:00", "Ben", "add_briefing", {"text": "Not monitoring you; read everything"}))
    listeners = list(team)
    k = 0
    for day in days:
        for i in range(per_day):
            minute = i * 6
            at = f"{day}T{start_hour + minute // 60:02d}:{minute % 60:02d}:00"
            words, kind = (FAILURE[k % len(FAILURE)] if k % failure_every == 0 else VALUE[k % len(VALUE)])
            cls = "failure" if (words, kind) in FAILURE else "value"
            rows.append((at, listeners[k % len(listeners)], "record",
                         {"verbatim": words, "classification": cls, "demand_type": kind, "received_at": at,
                          "channel": "phone"}))
            k += 1
        if verdict:
            rows.append((f"{day}T17:00:00", "Asha", "add_front_line_verdict", {"text": "A normal day"}))
    return rows + list(extra)


def study_of(rows) -> Study:
    return Study.replay(steps(rows))


def codes(findings) -> dict:
    return {f.code: f.severity for f in findings}


@pytest.fixture(scope="module")
def healthy_rows():
    return listening()


def test_a_healthy_study_raises_nothing(healthy_rows):
    findings = check_study(study_of(healthy_rows))
    assert findings == []


def test_nothing_is_said_before_there_is_enough():
    rows = listening(days=("2026-03-02",), per_day=40, team={"Priya": "business analyst"}, brief=False, verdict=False)
    assert check_study(study_of(rows)) == []
    # the same team on a second day has said enough
    rows = listening(days=("2026-03-02", "2026-03-03"), per_day=20, team={"Priya": "business analyst"})
    assert "M1-only-analysts" in codes(check_study(study_of(rows)))


# ---------------------------------------------------------------- mistake 1
def test_m1_only_analysts_is_a_warning_that_counts_roles_not_people():
    rows = listening(team={"Priya": "improvement analyst", "Tom": "Vanguard consultant"})
    found = {f.code: f for f in check_study(study_of(rows))}
    finding = found["M1-only-analysts"]
    assert finding.severity == "warning" and finding.mistake == 1 and finding.workbook == 3
    assert finding.evidence == {"listeners": 2, "roles": {"analyst": 2}}
    assert "Priya" not in json.dumps(finding.evidence) and "Priya" not in finding.message
    assert "M1-no-manager" not in found  # one finding, not two


def test_m1_no_manager_is_a_note_and_managers_listening_is_never_a_finding():
    rows = listening(team={"Asha": "call handler", "Kim": "call handler"},
                     extra=[("2026-03-03T18:00:00", "Ben", "add_member", {"name": "Ben", "role": "Head of repairs"})])
    found = {f.code: f for f in check_study(study_of(rows))}
    assert found["M1-no-manager"].severity == "note"
    assert found["M1-no-manager"].evidence["managers_on_team"] == 1
    only_managers = listening(team={"Ben": "repairs manager", "Jo": "team leader"})
    assert not [f for f in check_study(study_of(only_managers)) if f.mistake == 1]


def test_m1_says_nothing_when_a_listener_has_no_recorded_role():
    rows = listening(team={"Priya": "business analyst", "Sam": ""})
    assert not [f for f in check_study(study_of(rows)) if f.mistake == 1]


# ---------------------------------------------------------------- mistake 2
BOXES = ["Repair request", "Progress update", "Complaint", "Other", "Gas servicing", "Rent query",
         "Anti-social behaviour", "Estate services"]


def tick_sheet_rows(received_offset_days=0):
    """Boxes declared up front, then demands heard after and filed into them."""
    rows = [("2026-03-01T10:00:00", "Ben", "create", {"name": "Tick", "team": TEAM}),
            ("2026-03-01T10:05:00", "Ben", "add_types", {"names": BOXES}),
            ("2026-03-01T10:10:00", "Ben", "add_briefing", {"text": "We are listening"})]
    for i in range(120):
        day = 2 + i // 60
        heard = f"2026-02-{20 + i // 60 - received_offset_days:02d}" if received_offset_days else f"2026-03-{day:02d}"
        at = f"2026-03-{day:02d}T{9 + (i % 60) // 10:02d}:{(i * 7) % 60:02d}:00"
        box = BOXES[i % 3]
        words, cls = (VALUE[i % 6][0], "value") if box == "Repair request" else (FAILURE[i % 5][0], "failure")
        if box == "Progress update":
            cls = "value"
        rows.append((at, "Asha" if i % 2 else "Ben", "record",
                     {"verbatim": words, "classification": cls, "demand_type": box, "channel": "phone",
                      "received_at": f"{heard}T{at[11:]}"}))
    rows += [("2026-03-02T17:00:00", "Asha", "add_front_line_verdict", {"text": "normal"}),
             ("2026-03-03T17:00:00", "Asha", "add_front_line_verdict", {"text": "normal"})]
    return rows


def test_m2_typology_declared_before_demand_and_never_grown_is_a_warning():
    found = {f.code: f for f in check_study(study_of(tick_sheet_rows()))}
    finding = found["M2-typology-before-demand"]
    assert finding.severity == "warning" and finding.workbook == 5
    assert finding.evidence["declared_before_first_demand"] == 8
    assert finding.evidence["unused_count"] == 5 and "Other" in finding.evidence["unused_boxes"]
    assert found["M2-progress-box"].severity == "warning"


def test_m2_paper_first_team_that_typed_in_its_sorted_types_is_not_warned():
    """The sheets were heard a week before the types were typed in: the types came from the demand."""
    found = codes(check_study(study_of(tick_sheet_rows(received_offset_days=10))))
    assert "M2-typology-before-demand" not in found


def test_m2_a_typology_that_grew_while_demand_was_heard_is_not_warned():
    rows = tick_sheet_rows()
    grown = [(at, by, a, dict(kw, demand_type=f"{kw['demand_type']} {i % 4}") if a == "record" and i % 3 == 0 else kw)
             for i, (at, by, a, kw) in enumerate(rows)]
    found = codes(check_study(study_of(grown)))
    assert found.get("M2-typology-before-demand") != "warning"


def test_m2_big_other_and_progress_box_in_a_frame():
    frame = pd.DataFrame({
        "verbatim": [w for w, _ in VALUE * 20],
        "classification": ["value"] * 120,
        "demand_type": ["Other"] * 40 + ["Progress update - V"] * 30 + ["Repair"] * 50,
    })
    found = {f.code: f for f in check_study(frame)}
    assert found["M2-big-other"].severity == "warning" and found["M2-big-other"].evidence["share"] == round(40 / 120, 3)
    assert found["M2-progress-box"].evidence["value_demands"] == 30
    small = frame.assign(demand_type=["Other"] * 10 + ["Repair"] * 110)
    assert "M2-big-other" not in codes(check_study(small))


# ---------------------------------------------------------------- mistake 3
def test_m3_category_only_frame_is_a_warning_and_words_are_not():
    frame = pd.DataFrame({"verbatim": [None] * 150, "demand_type": ["Noise - Residential", "HEAT/HOT WATER"] * 75})
    frame.attrs["missing"] = ["verbatim", "classification"]
    found = {f.code: f for f in check_study(frame)}
    assert found["M3-existing-categories"].severity == "warning"
    assert found["M3-existing-categories"].evidence["without_own_words"] == 150
    assert "M0-verbatim-quality" not in found  # said once, as mistake 3
    words = pd.DataFrame({"verbatim": [w for w, _ in VALUE * 25], "demand_type": [k for _, k in VALUE * 25],
                          "classification": ["value"] * 150})
    assert "M3-existing-categories" not in codes(check_study(words))


def test_m3_words_beside_someone_elses_categories_is_a_note_about_the_categories():
    # people's words differ from call to call (the same few texts over and over would be a category)
    frame = pd.DataFrame({"verbatim": [f"{w}, call {i}" for i, (w, _) in enumerate(VALUE * 25)],
                          "demand_type": ["Graffiti Removal", "Pothole"] * 75,
                          "classification": [None] * 150})
    found = {f.code: f for f in check_study(frame)}
    finding = found["M3-existing-categories"]
    assert finding.severity == "note" and "words are real" in finding.message
    assert "someone else's system" in finding.message
    # once the team has classified them itself, it is their study, not an export
    classified = frame.assign(classification=["value"] * 150)
    assert "M3-existing-categories" not in codes(check_study(classified))


# ---------------------------------------------------------------- mistake 4
def test_m4_chasing_words_filed_as_value_are_shown_with_the_causal_question():
    chasing = [("is he still coming? been in since 8", "Appointment today"),
               ("heard nothing since I reported it online", "Online report")]
    extra = []
    for i in range(8):
        words, kind = chasing[i % 2]
        extra.append((f"2026-03-03T16:{i:02d}:00", "Asha", "record",
                      {"verbatim": words, "classification": "value", "demand_type": kind}))
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    finding = found["M4-chasing-as-value"]
    assert finding.severity == "note" and finding.evidence["demands"] == 8
    assert [e["verbatim"] for e in finding.evidence["examples"]][:2] == [chasing[0][0], chasing[1][0]]
    assert "not doing it right, for the person? Would it have happened if we had got it right first time?" in finding.message
    # the threshold named as a person would say it
    assert "we mention this once there are at least 5 such demands, 5% of value demand" in finding.message
    assert "looks from" not in finding.message


def test_m4_rule_language_in_reasons():
    extra = [(f"2026-03-03T17:3{i}:00", "Ben", "reclassify",
              {"id": 1 + 2 * i, "classification": "unsure", "reason": reason})
             for i, reason in enumerate(["caller still inside the slot", "within SLA so not failure"])]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M4-rule-language"].evidence["reasons"] == 2
    plain = [(at, by, a, dict(kw, reason="same leak, they came Tuesday")) for at, by, a, kw in extra]
    assert "M4-rule-language" not in codes(check_study(study_of(listening(extra=plain))))


# ---------------------------------------------------------------- mistake 5
def test_m5_no_briefing_and_no_verdict():
    found = codes(check_study(study_of(listening(brief=False, verdict=False))))
    assert found["M5-no-briefing"] == "note" and found["M5-no-verdict"] == "note"
    assert not {"M5-no-briefing", "M5-no-verdict"} & set(codes(check_study(study_of(listening()))))


# ---------------------------------------------------------------- mistake 6
def f2v(n_f2v, n_v2f=0, reason="customer rang too early"):
    extra, at = [], 0
    for i in range(n_f2v):
        extra.append((f"2026-03-03T18:{at:02d}:00", "Ben", "reclassify", {"id": 1 + 2 * i, "classification": "value",
                                                                          "reason": reason}))
        at += 1
    for i in range(n_v2f):
        extra.append((f"2026-03-03T18:{at:02d}:00", "Ben", "reclassify", {"id": 2 + 2 * i, "classification": "failure"}))
        at += 1
    return extra


def test_m6_failure_to_value_flow():
    found = {f.code: f for f in check_study(study_of(listening(extra=f2v(12))))}
    assert found["M6-failure-to-value"].severity == "warning"
    assert found["M6-failure-to-value"].evidence["failure_to_value"] == 12
    assert found["M6-failure-to-value"].evidence["with_rule_reasons"] == 12
    assert codes(check_study(study_of(listening(extra=f2v(6, 2)))))["M6-failure-to-value"] == "note"
    assert "M6-failure-to-value" not in codes(check_study(study_of(listening(extra=f2v(6, 6)))))


def test_m6_undone_reclassifications_do_not_count():
    extra = f2v(12) + [(f"2026-03-03T19:{i:02d}:00", "Ben", "undo", {}) for i in range(3)]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M6-failure-to-value"].severity == "note"
    assert found["M6-failure-to-value"].evidence["failure_to_value"] == 9


def test_m6_softened_rename():
    extra = [("2026-03-03T18:00:00", "Ben", "rename_type", {"old": "Nobody turned up", "new": "Appointment feedback"})]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M6-softened-rename"].evidence["renames"] == [["Nobody turned up", "Appointment feedback"]]
    honest = [("2026-03-03T18:00:00", "Ben", "rename_type", {"old": "Nobody turned up", "new": "Nobody came when booked"})]
    assert "M6-softened-rename" not in codes(check_study(study_of(listening(extra=honest))))


def test_m6_low_failure_share_is_a_curious_note_never_a_comparison():
    found = {f.code: f for f in check_study(study_of(listening(failure_every=6)))}
    finding = found["M6-low-failure-share"]
    assert finding.severity == "note" and "20%" in finding.message
    assert "we mention this when it is below 20%, once at least 100 are classified" in finding.message
    lower = finding.message.lower()
    assert "normal" not in lower and "sector" not in lower and "other teams" not in lower
    assert "M6-low-failure-share" not in codes(check_study(study_of(listening(failure_every=4))))
    # below 100 classified nothing is said
    few = listening(days=("2026-03-02", "2026-03-03"), per_day=30, failure_every=6)
    assert "M6-low-failure-share" not in codes(check_study(study_of(few)))


# ---------------------------------------------------------------- mistake 7
def test_m7_people_centred_study_with_transactional_fields_only():
    rows = listening(create={"service_type": "people-centred"})
    assert codes(check_study(study_of(rows)))["M7-transactional-fields"] == "warning"
    with_people = [(at, by, a, dict(kw, person_id=f"P{i % 30}", contact_from="self") if a == "record" else kw)
                   for i, (at, by, a, kw) in enumerate(rows)]
    assert "M7-transactional-fields" not in codes(check_study(study_of(with_people)))


def test_m7_distress_language_in_a_transactional_study():
    extra = [(f"2026-03-03T16:{i:02d}:00", "Asha", "record",
              {"verbatim": "I can't cope any more, he hits me when the heating's off", "classification": "unsure"})
             for i in range(6)]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M7-distress-language"].severity == "note"
    assert found["M7-distress-language"].evidence["demands"] == 6
    assert "protocol" in found["M7-distress-language"].message
    assert "M7-distress-language" not in codes(check_study(study_of(listening(extra=extra[:2]))))


def test_m7_service_type_left_at_its_default_while_recording_people():
    rows = listening()
    people = [(at, by, a, dict(kw, person_id=f"P{i}", contact_from="GP") if a == "record" else kw)
              for i, (at, by, a, kw) in enumerate(rows)]
    assert "M7-service-type-unset" in codes(check_study(study_of(people)))
    settled = people + [("2026-03-03T19:00:00", "Ben", "set_service_type", {"kind": "transactional"})]
    assert "M7-service-type-unset" not in codes(check_study(study_of(settled)))


# ---------------------------------------------------------------- mistake 8
def long_study(days=16, per_day=12, extra=()):
    dates = [f"2026-03-{d:02d}" for d in range(2, 2 + days)]
    return listening(days=dates, per_day=per_day, extra=extra)


def test_m8_long_past_agrees_with_saturation_and_a_reason_is_shown():
    from helpers.analysis.saturation import saturation

    study = study_of(long_study())
    report = saturation(study)
    found = {f.code: f for f in check_study(study)}
    assert report.verdict == "long past"
    assert found["M8-long-past"].evidence["saturation_point"] == list(report.saturation_point)
    s, r = report.saturation_point
    message = found["M8-long-past"].message
    assert f"After the first {s} days of listening, the next {r} days brought no more than 5% new types" in message
    assert f"{s}+{r}" not in message and f"stable since day {s + r};" in message
    monitor = Monitor(study)
    monitor.refresh()
    assert monitor.saturation["verdict"] == "long past"
    assert monitor.saturation["saturation_point"] == report.saturation_point
    study.acknowledge("M8-long-past", "we kept going to hear the Friday evening line", by="Ben")
    again = {f.code: f for f in check_study(study)}
    assert again["M8-long-past"].acknowledged == "we kept going to hear the Friday evening line"
    short = study_of(long_study(days=6))
    assert saturation(short).verdict != "long past"
    monitor = Monitor(short)
    monitor.refresh()
    assert monitor.saturation["verdict"] == saturation(short).verdict
    assert "M8-long-past" not in codes(check_study(short))


def test_m8_plan_that_asks_for_thousands_needs_no_demands():
    rows = [("2026-03-01T09:00:00", "Ben", "create", {"name": "Big"}),
            ("2026-03-01T09:01:00", "Ben", "set_plan", {"doors": ["phone"], "demands_planned": 5000})]
    found = {f.code: f for f in check_study(study_of(rows))}
    assert list(found) == ["M8-plan-too-big"] and "5,000" in found["M8-plan-too-big"].message
    assert "(we mention this from 2,000)" in found["M8-plan-too-big"].message
    rows[1] = ("2026-03-01T09:01:00", "Ben", "set_plan", {"doors": ["phone"], "demands_planned": 800})
    assert check_study(study_of(rows)) == []


# ---------------------------------------------------------------- mistake 9
def test_m9_saturated_and_shared_with_no_next_step():
    shared = [("2026-03-18T10:00:00", "Ben", "mark_shared", {"with_whom": "the front line"})]
    found = codes(check_study(study_of(long_study(extra=shared))))
    assert found["M9-no-next-step"] == "note"
    step = shared + [("2026-03-18T11:00:00", "Ben", "add_next_step",
                      {"text": "Follow 10 repair requests end to end from the first call"})]
    assert not {"M9-no-next-step", "M9-solution-steps"} & set(codes(check_study(study_of(long_study(extra=step)))))
    assert "M9-no-next-step" not in codes(check_study(study_of(long_study(days=6, extra=shared))))


def test_m9_next_steps_that_jump_to_solutions():
    extra = [("2026-03-03T18:00:00", "Ben", "add_next_step", {"text": "Implement a new CRM by March and train all staff"}),
             ("2026-03-03T18:01:00", "Ben", "add_next_step", {"text": "Find out why the midday calls happen"})]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M9-solution-steps"].evidence["solutions"] == 1
    assert "training" in found["M9-solution-steps"].evidence["cues"]


# ---------------------------------------------------------------- cross-cutting (0)
def test_m0_verbatim_quality():
    extra = [(f"2026-03-03T16:{i:02d}:00", "Asha", "record",
              {"verbatim": "Caller states chasing P2 job raised", "classification": "failure", "demand_type": "Chasing"})
             for i in range(40)]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M0-verbatim-quality"].evidence["agent_notes"] == 40
    assert found["M0-verbatim-quality"].workbook == 4


def test_m0_mixed_type_and_unsure_backlog():
    extra = [(f"2026-03-03T16:{i:02d}:00", "Asha", "record",
              {"verbatim": "my boiler's making a banging noise", "classification": cls, "demand_type": "Boiler noise"})
             for i, cls in enumerate(["value", "value", "failure", "failure"])]
    extra += [(f"2026-03-03T17:{i:02d}:00", "Asha", "record", {"verbatim": "can I swap my flat?", "classification": "?"})
              for i in range(15)]
    found = {f.code: f for f in check_study(study_of(listening(extra=extra)))}
    assert found["M0-mixed-type"].evidence["types"] == [{"type": "Boiler noise", "value": 2, "failure": 2}]
    assert found["M0-unsure-backlog"].evidence["unsure"] == 15


def test_m0_plan_coverage_counts_only_days_that_have_passed():
    plan = [("2026-03-02T08:10:00", "Ben", "set_plan",
             {"doors": ["phone", "reception"], "days": ["2026-03-02", "2026-03-03", "2026-03-09"],
              "times": ["09:00-12:00", "after four"]})]
    found = {f.code: f for f in check_study(study_of(listening(extra=plan)))}
    ev = found["M0-plan-coverage"].evidence
    assert ev == {"doors": ["reception"], "days": [], "times": ["after four"]}
    covered = [("2026-03-02T08:10:00", "Ben", "set_plan", {"doors": ["Phone"], "times": ["morning"]})]
    assert "M0-plan-coverage" not in codes(check_study(study_of(listening(extra=covered))))


def test_m0_calibration_within_a_study_shows_percent_beside_kappa():
    rows = [("2026-03-02T08:00:00", "Ben", "create", {"name": "Calibration", "team": TEAM})]
    for i in range(30):
        for who, cls in (("Asha", "value" if i % 2 else "failure"), ("Ben", "value" if i % 3 else "failure")):
            rows.append((f"2026-03-02T09:{i:02d}:00", who, "record",
                         {"verbatim": VALUE[i % 6][0], "classification": cls, "source_id": f"C{i}"}))
    found = {f.code: f for f in check_study(study_of(rows))}
    ev = found["M0-calibration"].evidence
    assert ev["compared"] == 30 and ev["percent"] < 80 and ev["kappa"] is not None
    assert "kappa" in found["M0-calibration"].message
    agreeing = [(at, by, a, dict(kw, classification="value") if a == "record" else kw) for at, by, a, kw in rows]
    assert "M0-calibration" not in codes(check_study(study_of(agreeing)))


# ---------------------------------------------------------------- the whole
def test_every_finding_is_well_formed():
    rows = listening(team={"Priya": "analyst"}, brief=False, verdict=False, failure_every=7,
                     extra=f2v(12) + [("2026-03-03T18:00:00", "Ben", "set_plan", {"demands_planned": 3000})])
    findings = check_study(study_of(rows))
    assert len(findings) >= 5
    for f in findings:
        assert isinstance(f, Finding) and CODES[f.code] == f.mistake
        assert f.severity in ("note", "warning") and f.message.endswith((".", "?"))
        for machine_talk in ("looks from", "starts at", "a note from", "a warning from", "appears below", "saturation at"):
            assert machine_talk not in f.message, (f.code, f.message)
        assert isinstance(f.evidence, dict) and f.workbook in range(1, 12)
    table = findings_table(findings)
    assert table["code"].tolist() == [f.code for f in findings]


def test_cards_are_quiet():
    findings = check_study(study_of(listening(team={"Priya": "analyst"}, brief=False)))
    page = render_cards(findings)
    assert page.count('class="demand-finding ') == len(findings)
    for alarm in ("red", "#f00", "#ff0000", "alert(", "<script", "!important"):
        assert alarm not in page.lower()
    # the code stays for machines (data-code) and in small print, out of the "kind" line people read first
    for f in findings:
        assert f'data-code="{f.code}"' in page and f'<small class="code">{f.code}</small>' in page
    assert "&middot;" not in page and ".demand-finding .code{" in page and "color:#5f6b76" in page
    assert render_cards(findings[:1]).count('class="demand-finding ') == 1


def test_acknowledgements_are_shown_beside_the_finding():
    study = study_of(listening(brief=False))
    study.acknowledge("M5-no-briefing", "We briefed the whole team at Monday's huddle", by="Ben")
    found = {f.code: f for f in check_study(study)}
    assert found["M5-no-briefing"].acknowledged == "We briefed the whole team at Monday's huddle"
    assert "Monday&#x27;s huddle" in render_cards([found["M5-no-briefing"]])


def test_check_study_refuses_what_it_cannot_read():
    with pytest.raises(TypeError, match="needs a Study or a DataFrame"):
        check_study(["a list"])


def test_a_frame_from_load_demands(tmp_path):
    from helpers import load_demands

    path = tmp_path / "sheet.csv"
    rows = ["received_at,verbatim,classification,captured_by"]
    rows += [f"0{2 + i // 60}/03/2026 09:{i % 60:02d},{VALUE[i % 6][0].replace(',', ' ')},{'VF'[i % 2]},Asha" for i in range(120)]
    path.write_text("\n".join(rows) + "\n")
    frame = load_demands(path)
    assert check_study(frame) == []  # no roles, no team, no plan: nothing it can fairly say
    frame.loc[frame.index[::2], "verbatim"] = "caller states leak in kitchen, P2 raised"
    assert set(codes(check_study(frame))) == {"M0-verbatim-quality"}


# ---------------------------------------------------------------- live refresh
def test_monitor_gives_the_same_findings_as_a_full_check_after_each_change():
    study = study_of(listening(days=("2026-03-02",), per_day=50, team={"Priya": "improvement analyst"},
                               brief=False, verdict=False))
    monitor = Monitor(study)
    assert monitor.refresh() == check_study(study) == []
    changes = [
        ("2026-03-03T09:00:00", "Priya", "record", {"verbatim": "is he still coming? been in since 8",
                                                    "classification": "value", "demand_type": "Appointment",
                                                    "received_at": "2026-03-03T09:00:00"}),
        ("2026-03-03T09:05:00", "Priya", "reclassify", {"id": 1, "classification": "value", "reason": "within SLA"}),
        ("2026-03-03T09:06:00", "Priya", "reclassify", {"id": 3, "classification": "value", "reason": "inside the slot"}),
        ("2026-03-03T09:07:00", "Priya", "void", {"id": 2, "reason": "typed twice"}),
        ("2026-03-03T09:08:00", "Priya", "undo", {}),
        ("2026-03-03T09:09:00", "Priya", "rename_type", {"old": "Nobody turned up", "new": "Visit feedback"}),
        ("2026-03-03T09:10:00", "Priya", "merge_types", {"names": ["Wrong trade sent"], "into": "Repair didn't last"}),
        ("2026-03-03T09:11:00", "Priya", "correct", {"id": 4, "verbatim": "Caller states chasing P2"}),
        ("2026-03-03T09:12:00", "Priya", "add_member", {"name": "Ben", "role": "repairs manager"}),
        ("2026-03-03T09:13:00", "Ben", "record", {"verbatim": "my bath panel's come off", "classification": "value",
                                                  "captured_by": "Ben"}),
        ("2026-03-03T09:14:00", "Ben", "undo", {}),
        ("2026-03-03T09:15:00", "Ben", "import_demands", {"frame": None}),
    ]
    for at, by, action, kw in changes:
        if action == "import_demands":
            study.import_demands(pd.DataFrame({"verbatim": ["leak under sink"] * 5, "classification": ["F"] * 5,
                                               "demand_type": ["Progress update"] * 5}), by=by)
        else:
            Study.replay(steps([(at, by, action, kw)]), into=study)
        assert monitor.refresh() == check_study(study), action
    assert {"M4-rule-language", "M6-softened-rename"} <= set(codes(monitor.findings))


# ---------------------------------------------------------------- live refresh, any order of changes
from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

from helpers.core.errors import StudyError  # noqa: E402

WORDS = [w for w, _ in VALUE + FAILURE] + ["is he still coming? been in since 8", "Caller states chasing P2",
                                          "I can't cope, he hits me", "REPAIR - P2", ""]
KINDS = [k for _, k in VALUE + FAILURE] + ["Progress update", "Other", None]
CLASSES = ["value", "failure", "unsure", "not demand", None]
REASONS = ["within SLA", "inside the slot", "same leak again", None]
NAMES = ["Feedback", "Complaint", "Appointment query", "Chasing a visit"]

action = st.one_of(
    st.tuples(st.just("record"), st.sampled_from(WORDS), st.sampled_from(CLASSES), st.sampled_from(KINDS),
              st.integers(2, 4)),
    st.tuples(st.just("reclassify"), st.integers(1, 80), st.sampled_from(CLASSES[:4]), st.sampled_from(REASONS)),
    st.tuples(st.just("void"), st.integers(1, 80)),
    st.tuples(st.just("undo"), st.sampled_from(["Asha", "Ben"])),
    st.tuples(st.just("rename_type"), st.sampled_from(KINDS[:-1] + NAMES), st.sampled_from(NAMES)),
    st.tuples(st.just("correct"), st.integers(1, 80), st.sampled_from(WORDS[:-1])),
    st.tuples(st.just("add_member"), st.sampled_from(["Asha", "Ben", "Cy"]),
              st.sampled_from(["call handler", "analyst", "repairs manager"])),
)


@pytest.fixture(scope="module")
def base_rows():
    return listening(days=("2026-03-02", "2026-03-03"), per_day=30, brief=False)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=st.lists(action, min_size=1, max_size=20))
def test_monitor_matches_a_full_check_whatever_happens(base_rows, actions):
    from helpers.analysis._state import StudyReader

    study = study_of(base_rows)
    monitor = Monitor(study)
    monitor.refresh()
    for step in actions:
        kind, *args = step
        study.user = "Asha" if len(args) % 2 else "Ben"
        try:
            if kind == "record":
                words, cls, type_, day = args
                study.record(words, classification=cls, demand_type=type_, received_at=f"2026-03-0{day}T10:00:00")
            elif kind == "reclassify":
                study.reclassify(args[0], classification=args[1], reason=args[2])
            elif kind == "undo":
                study.undo(by=args[0])
            else:
                getattr(study, kind)(*args)
        except (StudyError, ValueError):
            continue
        assert monitor.refresh() == check_study(study), step
        fresh = StudyReader(study).refresh().tally
        kept = monitor._reader.tally
        assert kept.recs == fresh.recs
        for name in ("cls", "days", "type_cls", "type_day", "flag_cls", "listeners", "channels", "hours",
                     "people", "short", "sources", "examples"):
            assert getattr(kept, name) == getattr(fresh, name), name


def test_checks_read_a_study_opened_read_only_and_change_nothing(tmp_path):
    writer = Study.replay(steps(listening(team={"Priya": "improvement analyst"})), into=tmp_path / "team.study")
    before = len(writer.events())
    reader = Study.open(tmp_path / "team.study", readonly=True)
    assert check_study(reader) == check_study(writer)
    monitor = Monitor(reader)
    assert [f.code for f in monitor.refresh()] == ["M1-only-analysts"]
    assert len(writer.events()) == before  # looking is not an event
    reader.close()
    writer.close()


def test_a_column_of_a_few_texts_repeated_is_a_category_not_peoples_words():
    # An export's "descriptor" column: 50 different texts over 924 rows. Mistake 3 must not
    # call those the person's own words.
    descriptors = [f"Descriptor {i} - Residential" for i in range(50)]
    frame = pd.DataFrame({
        "received_at": pd.date_range("2025-03-24", periods=924, freq="7min"),
        "verbatim": [descriptors[i % 50] for i in range(924)],
        "demand_type": [f"Complaint {i % 12}" for i in range(924)],
    })
    found = [f for f in check_study(frame) if f.code == "M3-existing-categories"]
    assert len(found) == 1, [f.message for f in found]
    assert "Its text column holds only 50 different texts over 924 demands" in found[0].message
    assert "own words" not in found[0].message and found[0].evidence["different_texts"] == 50
    # the same rows with words people said (all different) are people's words
    frame["verbatim"] = [f"my neighbour's music is loud again, night {i}" for i in range(924)]
    again = [f for f in check_study(frame) if f.code == "M3-existing-categories"]
    assert len(again) == 1 and "carry the person's own words" in again[0].message
