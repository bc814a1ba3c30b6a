"""Calibration rounds: a team's answers to the calibration sample, before and after, kept in its own
study (never as demands), compared for that team alone, and coded blind in a form."""
from __future__ import annotations

import html
import json

import pandas as pd
import pytest

import helpers
from helpers import Study, merge_studies
from helpers.core import datasets
from helpers.core.errors import StudyError
from helpers.teaching import calibration as form_module
from helpers.teaching import setup

SAMPLE = pd.DataFrame({"source_id": ["C1", "C2", "C3", "C4"],
                       "verbatim": ["is he still coming? slot is 8 till 1", "water through the ceiling",
                                    "ringing to say thanks", "card through the door but I was in"]})
REFERENCE = pd.DataFrame({"source_id": ["C1", "C2", "C3", "C4"],
                          "classification": ["failure", "value", "not demand", "failure"],
                          "reason": ["REASON-ONE chasing inside the slot", "REASON-TWO a new leak",
                                     "REASON-THREE a compliment", "REASON-FOUR a visit that did not happen"]})
BEFORE = {"C1": "value", "C2": "value", "C3": "?", "C4": "failure"}
AFTER = {"C1": "F", "C2": "value", "C3": "?", "C4": "unsure"}


@pytest.fixture(autouse=True)
def _forget_the_choice(monkeypatch):
    monkeypatch.setattr(setup, "_CHOSEN", {"path": None, "study": None})


def _texts(widget) -> str:
    """Everything a person could read in a widget tree: values, labels, options, placeholders, tooltips."""
    out = []
    for name in ("value", "description", "placeholder", "tooltip", "tooltips", "options"):
        value = getattr(widget, name, None)
        if isinstance(value, (str, tuple, list)):
            out.append(json.dumps(value, default=str) if not isinstance(value, str) else value)
    for child in getattr(widget, "children", ()):
        out.append(_texts(child))
    return html.unescape(" ".join(out))


def _study(name="Alder", path=None) -> Study:
    study = Study.create(path, name=name) if path else Study.scratch(name=name)
    study.user = "Asha"
    return study


# ------------------------------------------------------------------ storage

def test_rounds_are_tagged_by_stage_with_words_read_by_the_one_vocabulary():
    study = _study()
    study.add_calibration("Before", BEFORE)
    study.add_calibration(" after ", [{"source_id": "C1", "classification": "fail", "demand_type": " Still  coming? ",
                                       "note": "the slot made her ring"}], by="Ben")
    rounds = study.calibration_rounds()
    assert list(rounds.columns) == ["stage", "source_id", "classification", "demand_type", "note", "by", "at"]
    assert rounds[["stage", "source_id", "classification", "by"]].values.tolist() == [
        ["before", "C1", "value", "Asha"], ["before", "C2", "value", "Asha"], ["before", "C3", "unsure", "Asha"],
        ["before", "C4", "failure", "Asha"], ["after", "C1", "failure", "Ben"]]
    assert rounds.iloc[-1][["demand_type", "note"]].tolist() == ["Still coming?", "the slot made her ring"]
    assert [e.kind for e in study.entries()] == ["calibration", "calibration"]


@pytest.mark.parametrize("stage, answers, said", [
    ("during", BEFORE, 'choose "before" or "after"'),
    (None, BEFORE, 'choose "before" or "after"'),
    ("before", {"C1": "value", "C2": "maybe"}, "Answer 2 (C2): 'maybe' is not a classification"),
    ("before", [{"source_id": "C1", "classification": "value"}, {"classification": "value"}], "Answer 2 has no source_id"),
    ("before", {"C1": ""}, "Answer 1 (C1) has no classification"),
    ("before", {}, "needs answers"),
    ("before", pd.DataFrame(columns=["source_id", "classification"]), "needs answers"),
])
def test_a_bad_round_is_refused_naming_what_is_wrong_and_changes_nothing(stage, answers, said):
    study = _study()
    before = len(study.events())
    with pytest.raises(ValueError, match=said.replace("(", r"\(").replace(")", r"\)")):
        study.add_calibration(stage, answers)
    assert len(study.events()) == before and study.calibration_rounds().empty


def test_a_second_round_at_one_stage_is_refused_saying_when_and_by_whom_until_the_first_is_undone(tmp_path):
    study = _study(path=tmp_path / "alder.study")
    study.add_calibration("before", BEFORE)
    events = len(study.events())
    with pytest.raises(StudyError, match=r"already has a before round, saved on .* by Asha.*undo it first"):
        study.add_calibration("before", AFTER, by="Ben")
    assert len(study.events()) == events
    assert study.calibration_rounds()["classification"].tolist() == ["value", "value", "unsure", "failure"]
    assert "Nothing to undo" in study.undo(by="Ben")  # Ben did not save it: it is not his to take back
    assert study.undo(by="Asha").startswith("Undid Asha's calibration round")
    assert study.calibration_rounds().empty
    study.add_calibration("before", AFTER, by="Ben")  # now it can be saved again
    study.close()
    with Study.open(tmp_path / "alder.study", readonly=True) as saved:  # on disk, as another kernel reads it
        assert saved.calibration_rounds()[["by", "classification"]].values.tolist()[0] == ["Ben", "failure"]
        assert [e for e in saved.events()["action"]].count("add_calibration") == 2


def test_a_round_is_not_demand_it_adds_no_demand_no_type_and_no_finding():
    plain, with_round = _study(), _study()
    for s in (plain, with_round):
        s.record("is the plumber still coming?", classification="failure", demand_type="Still coming?")
    with_round.add_calibration("before", [{"source_id": "C1", "classification": "value", "demand_type": "Checking the slot"}])
    assert len(with_round.demands()) == 1 and with_round.demands()["source_id"].isna().all()
    assert with_round.types()["name"].tolist() == ["Still coming?"]
    assert [f.code for f in helpers.check_study(with_round)] == [f.code for f in helpers.check_study(plain)]
    assert helpers.saturation(with_round).demands == helpers.saturation(plain).demands == 1


def test_replay_merge_and_export_keep_the_rounds(tmp_path):
    alder = Study.replay(datasets.path("actions_calibration_alder.csv"))
    rounds = alder.calibration_rounds()
    sample = pd.read_csv(datasets.path("calibration_sample.csv"), dtype=str)
    for stage in ("before", "after"):
        assert rounds.loc[rounds["stage"] == stage, "source_id"].tolist() == sample["source_id"].tolist()
    assert len(alder.demands()) == len(sample)  # its classification of the sample, as before: rounds added nothing
    merged = merge_studies([alder])
    assert merged.calibration_rounds().drop(columns="at").equals(rounds.drop(columns="at"))
    study = _study()
    study.add_calibration("before", [{"source_id": "C1", "classification": "?", "note": "ring her on 07700 900123"}])
    result = study.export(tmp_path / "alder.csv")
    events = pd.read_csv(tmp_path / "alder_events.csv", dtype=str)
    row = events[events["action"] == "add_calibration"].iloc[0]
    assert '"stage": "before"' in row["details"] and "[PHONE]" in row["details"] and "07700" not in row["details"]
    assert "1 phone number" in result


# ------------------------------------------------------------------ the comparison, for one team

def test_the_comparison_lists_the_demands_that_moved_and_the_unsure_ones():
    study = _study()
    study.add_calibration("before", BEFORE)
    study.add_calibration("after", AFTER)
    result = helpers.calibration(study, sample=SAMPLE, reference=REFERENCE)
    assert result.moved[["source_id", "moved"]].values.tolist() == [["C1", "value to failure"], ["C4", "failure to ?"]]
    assert result.unsure == {"before": ["C3"], "after": ["C3", "C4"]}
    table = result.table.set_index("source_id")
    # the reference only where the latest answer differs: C3 (? against not demand) and C4 (? against failure)
    assert {sid: x for sid, x in table["reference"].items() if isinstance(x, str)} == {"C3": "not demand", "C4": "failure"}
    page = html.unescape(result._repr_html_())
    assert "2 demands moved" in result.message and "Which demands moved" in page
    assert "REASON-THREE" in page and "REASON-FOUR" in page and "REASON-ONE" not in page
    assert "water through the ceiling" in page and "not to score" in page
    assert "%" not in page and "agreement" not in page.lower() and "kappa" not in page.lower()


def test_with_one_round_it_says_the_other_is_to_come_and_with_none_how_to_record_one():
    study = _study()
    none = helpers.calibration(study, sample=SAMPLE, reference=REFERENCE)
    assert "No calibration round" in none.message and "helpers.calibration_round" in none.message
    assert "REASON" not in none._repr_html_()
    study.add_calibration("before", BEFORE)
    one = helpers.calibration(study, sample=SAMPLE, reference=REFERENCE)
    assert "after round is still to come" in one.message and one.moved.empty
    page = one._repr_html_()
    assert "Which demands moved" not in page and "REASON-ONE" in page
    assert page.index("<details>") < page.index("REASON-ONE")  # folded: a page with the after form stays blind


def test_the_comparison_masks_the_teams_own_words_and_reads_the_reference_file_each_time(tmp_path):
    study = _study()
    study.add_calibration("before", [{"source_id": "C1", "classification": "?", "note": "my name is Zoe Smith, ring 07700 900123"}])
    ref = tmp_path / "answers.csv"
    REFERENCE.to_csv(ref, index=False)
    page = html.unescape(helpers.calibration(study, sample=SAMPLE, reference=ref)._repr_html_())
    assert "07700" not in page and "Zoe Smith" not in page and "[PHONE]" in page
    assert "REASON-ONE" in page
    REFERENCE.assign(reason=["CHANGED-REASON"] * 4).to_csv(ref, index=False)  # another helper edits the answers
    assert "CHANGED-REASON" in helpers.calibration(study, sample=SAMPLE, reference=ref)._repr_html_()


# ------------------------------------------------------------------ the form, blind

def _answer_all(form, answers):
    for sid, word in answers.items():
        form.answer(sid, word)


def test_the_form_is_blind_until_the_round_is_saved_then_shows_the_comparison():
    study = _study()
    study.add_calibration("before", [{"source_id": s, "classification": w, "note": f"EARLIER-NOTE-{s}"}
                                     for s, w in BEFORE.items()])
    form = form_module.CalibrationRound(study, sample=SAMPLE)
    assert form.stage.value == "after"  # the round not yet recorded
    shown = _texts(form.widget)
    assert "is he still coming? slot is 8 till 1" in shown and "Demand 1" in shown
    assert "REASON" not in shown and "EARLIER-NOTE" not in shown and "Which demands moved" not in shown
    assert all(box.value is None for box in form.choices.values())  # nothing carried over from the before round
    form.person.value = "Asha"
    _answer_all(form, AFTER)
    said = form.act("save")
    assert said == "Done, in memory only (nothing is saved in a practice study). The after round: 4 answers."
    assert "value to failure" in html.unescape(form.comparison.value)
    assert study.calibration_rounds()["stage"].tolist() == ["before"] * 4 + ["after"] * 4
    assert all(box.value is None for box in form.choices.values())  # cleared: a next round starts blind
    assert "Undid Asha's calibration round" in form.act("undo")
    assert form.comparison.value == "" and form.stage.value == "after"


def test_save_with_a_demand_unanswered_names_it_and_saves_nothing_then_saves_all(tmp_path):
    study = _study(path=tmp_path / "alder.study")
    form = form_module.CalibrationRound(study, sample=SAMPLE)
    form.person.value = "Asha"
    _answer_all(form, {"C1": "value", "C3": "?"})
    events = len(study.events())
    assert form.act("save") is None
    said = html.unescape(form.statuses["save"].value)
    assert "Not saved" in said and "2 demands have no answer yet: 2 (C2), 4 (C4)" in said and "Saved" not in said
    assert len(study.events()) == events and study.calibration_rounds().empty
    _answer_all(form, {"C2": "value", "C4": "not demand"})
    assert form.act("save").startswith("Saved in Alder. The before round: 4 answers.")
    with Study.open(tmp_path / "alder.study", readonly=True) as saved:
        assert len(saved.calibration_rounds()) == 4
    _answer_all(form, BEFORE)
    form.stage.value = "before"
    assert form.act("save") is None and "already has a before round" in form.statuses["save"].value


def test_the_forms_controls_are_labelled_and_it_shows_under_the_chosen_study():
    import ipywidgets as widgets

    Study.create("alder", name="Alder").close()
    picker = helpers.pick_study()
    shown = helpers.calibration_round(picker)
    assert shown.children[0] is picker.header and "Study: Alder" in picker.header.value
    body = shown.children[1].children[0]
    text = _texts(body)
    assert "CAL01" in text and "Your name" in text and "Save this round" in text
    reference = pd.read_csv(datasets.path("calibration_answers.csv"), dtype=str)
    assert not any(reason in text for reason in reference["reason"])  # blind: no reference reason
    form = form_module.CalibrationRound(picker.study)
    toggles = list(form.choices.values())
    assert len(toggles) == len(reference) and all(isinstance(t, widgets.ToggleButtons) for t in toggles)
    assert [t.description for t in toggles[:2]] == ["Demand 1", "Demand 2"]
    assert all(box.description for box in (*form.types.values(), *form.notes.values(), form.person, form.stage))


def test_in_a_walkthrough_the_form_says_so_and_writes_nothing(monkeypatch):
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    picker = helpers.pick_study()
    study = picker.study
    form = form_module.CalibrationRound(study, sample=SAMPLE)
    assert "read-only walkthrough" in form.widget.children[0].value
    form.person.value = "Asha"
    _answer_all(form, BEFORE)
    events = len(study.events())
    assert form.act("save") is None
    assert "read-only walkthrough, so nothing is saved" in form.statuses["save"].value
    assert len(study.events()) == events and study.calibration_rounds().empty and form.comparison.value == ""
    folder = helpers.studies_dir()
    assert not folder.exists() or not any(folder.iterdir())  # no file anywhere
