"""A capture day as a team lives it: fixes found in use, driven as the page drives the widgets
(``widget.receive(message)``), then read back from the study file."""
from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from helpers import serve
from helpers.core.loader import load_demands
from helpers.core.sheets import import_sheet
from helpers.core.study import Study
from helpers.teaching.capture import capture, capture_app, classify_together

JS = (Path(__file__).resolve().parents[2] / "src/helpers/teaching/static/capture.js").read_text(encoding="utf-8")


@pytest.fixture
def study(tmp_path):
    s = Study.create(tmp_path / "repairs.study", name="Repairs")
    yield s
    s.close()


def save(form, verbatim, **fields):
    return form.receive({"kind": "save", "req": "r", "verbatim": verbatim, **fields})


def press(view, classification, demand_type=None):
    return view.receive({"kind": "classify", "req": "k", "id": view.item["id"],
                         "classification": classification, "demand_type": demand_type})


def test_a_type_keeps_its_number_for_the_session_and_new_types_take_the_next(study):
    form = capture(study, captured_by="Asha")
    for kind in ["Report a leak", "Report a leak", "Chasing a visit"]:
        save(form, "words", demand_type=kind)
    for i in range(4):
        save(form, f"undecided {i}")
    view = classify_together(study)
    assert [(t["n"], t["name"]) for t in view.types] == [(1, "Report a leak"), (2, "Chasing a visit")]
    press(view, "failure", "Asking about a bill")  # sorts first by name, and would tie on uses
    press(view, "failure", "Chasing a visit")
    press(view, "failure", "Chasing a visit")  # now used more than "Report a leak"
    view.refresh()
    assert [(t["n"], t["name"]) for t in view.types] == [
        (1, "Report a leak"), (2, "Chasing a visit"), (3, "Asking about a bill")]
    assert "q.n === Number(digit[2])" in JS  # the page's 1-9 keys pick by that number


def test_undo_in_the_app_takes_back_my_classification_in_the_other_tab_not_my_recording(monkeypatch, study):
    monkeypatch.setenv("DEMAND_MODE", "capture")
    monkeypatch.setenv("DEMAND_STUDY", str(study.path))
    app = capture_app()
    app.form.receive({"kind": "who", "by": "Asha"})  # the name box, before any save
    save(app.form, "Where is my plumber?", captured_by="Asha")
    app.group.receive({"kind": "reload"})
    press(app.group, "failure", "Chasing a visit")
    reply = app.form.receive({"kind": "undo", "req": "u", "by": "Asha"})
    assert reply["ok"] and "reclassifying of demand 1" in reply["message"] and reply["verbatim"] is None
    with Study.open(study.path, readonly=True) as s:
        row = s.demands().iloc[0]
    assert row["verbatim"] == "Where is my plumber?" and row["classification"] is None
    # Undo again: the recording goes, and its words ride on the answer back to the box.
    reply = app.form.receive({"kind": "undo", "req": "u2", "by": "Asha"})
    assert reply["ok"] and reply["verbatim"] == "Where is my plumber?" and "back in the box" in reply["message"]
    assert len(app.study.demands()) == 0
    assert "verbatim.value = reply.verbatim" in JS


def test_paper_marks_are_offered_as_the_listeners_first_view(study, tmp_path):
    sheet = tmp_path / "monday.csv"
    sheet.write_text("Date,What they said,V/F\n02/03/2026 09:05,Where is my plumber?,F\n"
                     "02/03/2026 09:20,Can I report a leak?,V\n02/03/2026 09:30,Is the office open?,\n",
                     encoding="utf-8")
    import_sheet(study, sheet, by="Asha")
    view = classify_together(study)
    assert view.progress == {"done": 0, "total": 3}
    assert view.item["verbatim"] == "Where is my plumber?" and view.item["first_view"] == "failure"
    press(view, "failure")  # confirmed
    press(view, "failure")  # changed: the team heard it as failure
    assert view.item["first_view"] is None and view.progress == {"done": 2, "total": 3}
    assert study.demands()["classification"].tolist()[:2] == ["failure", "failure"]
    again = classify_together(study)  # confirmed ones are settled for the next session
    assert again.item["verbatim"] == "Is the office open?" and again.progress == {"done": 2, "total": 3}


def test_a_plus_on_the_paper_sheet_means_the_same_contact_and_is_not_words(study, tmp_path):
    sheet = tmp_path / "tuesday.csv"
    sheet.write_text("What they said\nI want to report a leak\n+ and where's the plumber from last week?\n"
                     "+and my neighbour's too\nA new caller\n+44 7700 900123 is my number\n", encoding="utf-8")
    frame = load_demands(sheet)
    assert frame["verbatim"].tolist() == ["I want to report a leak", "and where's the plumber from last week?",
                                          "and my neighbour's too", "A new caller", "+44 7700 900123 is my number"]
    contact = frame["contact_id"].tolist()
    assert contact[0] == contact[1] == contact[2] == "tuesday.csv row 2" and pd.isna(contact[3]) and pd.isna(contact[4])
    assert any("same contact" in n for n in frame.attrs["notes"])
    import_sheet(study, sheet, by="Asha")
    assert study.demands()["contact_id"].tolist()[:3] == ["tuesday.csv row 2"] * 3


def test_only_the_capture_app_takes_the_keyboard_focus_by_itself(study):
    assert capture(study).app is False and classify_together(study).app is False
    app = capture_app()
    assert app.form.app and app.group.app
    assert "autofocus" not in JS
    # Every focus taken on render or on showing is the app's; in a notebook a person clicks in.
    assert JS.count('else if (model.get("app")) verbatim.focus()') == 1
    assert JS.count('else if (model.get("app")) root.focus()') == 1
    app.study.close()


def test_unsaved_words_are_kept_in_the_browser_by_study_and_person_and_the_app_says_what_to_do(study):
    form = capture(study)
    assert form.study_key == str(study.path)
    assert "demand-capture-draft:${model.get(\"study_key\")" in JS and "${by.value.trim()}" in JS
    assert "restart it, run the cell again" in JS  # the notebook's words
    assert "Wait a moment and press Ctrl+Enter again, or tell the facilitator." in JS  # the app's
    assert Study.scratch(name="Practice").path is None and capture(Study.scratch(name="P")).study_key == "scratch:P"


def test_make_capture_takes_a_study_without_its_extension_or_by_its_name(tmp_path, monkeypatch, capsys):
    folder = tmp_path / "studies"
    folder.mkdir()
    Study.create(folder / "repairs-line-december.study", name="Repairs line, December").close()
    ran = []
    monkeypatch.setattr(serve, "_run", lambda cmd, env=None: ran.append(env) or 0)
    monkeypatch.chdir(tmp_path)
    assert serve.main(["capture", "studies/repairs-line-december"]) == 0
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(folder))
    assert serve.main(["capture", "Repairs line, December"]) == 0
    assert [env["DEMAND_STUDY"] for env in ran] == [str(folder / "repairs-line-december.study")] * 2
    capsys.readouterr()
    assert serve.main(["capture", "studies/repairs-line-november"]) == 1
    out = capsys.readouterr().out
    assert "There is no study" in out and "'Repairs line, December' (repairs-line-december.study)" in out
