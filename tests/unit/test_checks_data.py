"""The checks on the sample datasets and on real exports: the reference listening study raises
no warning at all; the tick sheet, the CRM export and the category-only NYC 311 export are
existing categories (mistakes 2 and 3); the San Diego export is words beside someone else's
categories, which is a note, never a warning that there are no words."""
from __future__ import annotations

import pytest

from helpers import Study, check_study, load_demands
from helpers.core import datasets
from helpers.analysis.agreement import agreement


def sample(name):
    return datasets.path(name)  # every file named here is committed: a missing one fails the test


def warnings(findings) -> set:
    return {f.code for f in findings if f.severity == "warning"}


def codes(findings) -> set:
    return {f.code for f in findings}


@pytest.fixture(scope="module")
def reference():
    return load_demands(sample("repairs_demands.csv"))


def test_the_reference_listening_study_raises_no_warning(reference):
    assert warnings(check_study(reference)) == set()
    study = Study.scratch(name="Repairs")
    study.import_demands(reference)
    assert warnings(check_study(study)) == set()


def test_the_reference_study_shows_the_in_slot_chasing_the_team_called_value(reference):
    found = {f.code: f for f in check_study(reference)}
    finding = found["M4-chasing-as-value"]
    assert finding.severity == "note" and finding.evidence["demands"] >= 5
    assert all(e["verbatim"] for e in finding.evidence["examples"])


def test_the_tick_sheet_is_a_typology_decided_in_advance_with_no_words():
    found = {f.code: f for f in check_study(load_demands(sample("repairs_ticksheet.csv")))}
    assert {"M2-progress-box", "M3-existing-categories"} <= warnings(found.values())
    assert found["M2-progress-box"].evidence["type"].startswith("Progress update")
    assert found["M2-big-other"].evidence["type"] == "Other"


def test_the_crm_export_is_existing_data():
    frame = load_demands(sample("repairs_crm_export.csv"))
    assert "M3-existing-categories" in warnings(check_study(frame))
    # the call handlers' shorthand mapped in as words is still not the residents' words
    notes = load_demands(sample("repairs_crm_export.csv"), columns={"verbatim": "job_notes"})
    assert "M3-existing-categories" in warnings(check_study(notes))


def test_the_analysts_only_study_is_warned_about_mistake_1():
    found = {f.code: f for f in check_study(Study.replay(sample("actions_analysts_study.csv")))}
    assert found["M1-only-analysts"].severity == "warning"


def test_the_team_that_feared_failure_demand():
    found = {f.code: f for f in check_study(Study.replay(sample("actions_feared_failure.csv")))}
    assert found["M6-failure-to-value"].severity == "warning"
    assert ["Complaint", "Feedback"] in found["M6-softened-rename"].evidence["renames"]
    assert "M4-rule-language" in found


@pytest.mark.parametrize("name", ["actions_team_paper_first.csv", "actions_team_live.csv", "actions_team_small.csv"])
def test_sample_teams_doing_it_right_get_no_warning(name):
    findings = check_study(Study.replay(sample(name)))
    assert warnings(findings) == set()
    assert not [f for f in findings if f.mistake in (1, 2, 3)]


def test_two_calibration_teams_that_disagree_are_asked_to_talk_it_through():
    alder = Study.replay(sample("actions_calibration_alder.csv"))
    birch = Study.replay(sample("actions_calibration_birch.csv"))
    result = agreement(alder, birch)
    found = {f.code: f for f in check_study(alder, calibration=result)}
    if result.percent < 80 or result.kappa < 0.6:
        assert found["M0-calibration"].evidence["compared"] == result.compared
        assert f"{result.percent:.0f}%" in found["M0-calibration"].message
    else:
        assert "M0-calibration" not in found


# ---------------------------------------------------------------- real exports
NYC = {"id": "Unique Key", "received_at": "Created Date", "demand_type": "Complaint Type"}
SAN_DIEGO = {"id": "service_request_id", "received_at": "date_requested", "verbatim": "public_description",
             "demand_type": "service_name", "channel": "case_origin"}


def test_nyc_311_category_only_export_is_mistake_3(realdata_dir):
    frame = load_demands(realdata_dir / "nyc311_2025-03-24_sample.csv", columns=NYC, dayfirst=False)
    found = {f.code: f for f in check_study(frame)}
    assert found["M3-existing-categories"].severity == "warning"
    assert found["M3-existing-categories"].evidence["without_own_words"] == len(frame)
    assert set(found) == {"M3-existing-categories"}


def test_san_diego_words_beside_system_categories_is_a_note_about_whose_categories(realdata_dir):
    """The residents' words are real; the categories are the city's. Say so, quietly: it is
    an export from an existing system, not a study with no words."""
    frame = load_demands(realdata_dir / "sandiego_getitdone_2021_from_march.csv",
                         columns=SAN_DIEGO, dayfirst=False)
    findings = check_study(frame)
    assert warnings(findings) == set()
    found = {f.code: f for f in findings}
    finding = found["M3-existing-categories"]
    assert finding.severity == "note" and finding.workbook == 5
    assert "words are real" in finding.message and "someone else's system" in finding.message
    assert finding.evidence["categories"] == frame["demand_type"].nunique()
    assert finding.evidence["without_own_words"] < 0.8 * len(frame)
