"""The daily loop without code: pick the study, import a typed-up sheet, debrief, practise apart."""
from __future__ import annotations

import datetime
import io

import pytest
from openpyxl import load_workbook

import helpers
from helpers import Study, list_studies, studies_dir
from helpers.core import session
from helpers.teaching import daily, setup
from helpers.views.printables import typing_template_bytes

HEADER = "Date,Time,Channel,What they said,V/F/?,Type of demand,Listener\n"
ROWS = ["24/03/2026,09:05,phone,Is the plumber still coming?,F,Chasing a visit,Asha\n",
        "24/03/2026,09:40,phone,My boiler has stopped,V,Report a repair,Asha\n",
        "25/03/2026,10:15,counter,Nobody came yesterday,F,Where is the engineer?,Ben\n"]


@pytest.fixture(autouse=True)
def _forget_the_choice(monkeypatch):
    monkeypatch.setattr(setup, "_CHOSEN", {"path": None, "study": None})


def make(name, **kw):
    return Study.create(name, name=name.title(), **kw)


def upload(form, name, text):
    return form.receive(({"name": name, "type": "text/csv", "size": len(text), "content": memoryview(text.encode())},))


# ------------------------------------------------------------------ the picker

def test_with_two_studies_nothing_is_chosen_and_the_forms_wait():
    make("repairs"), make("benefits")
    picker = helpers.pick_study()
    assert picker.study is None and "Choose your study" in picker.status.value
    assert "no study chosen yet" in picker.header.value
    shown = picker.show(helpers.debrief)
    assert shown.children[0] is picker.header  # the name, large, on top of every form
    body = shown.children[1].children[0]
    assert "Choose your study in the list above first" in body.value and "workbook 3" in body.value
    sheets = picker.show(helpers.sheet_form).children[1].children[0]
    assert not hasattr(sheets, "buttons")  # no form, so nothing can be written
    picker.choice.value = [v for _, v in picker.choice.options if v and v.endswith("benefits.study")][0]
    assert picker.study.info["name"] == "Benefits" and "Study: Benefits" in picker.header.value
    form = shown.children[1].children[0]
    assert "Join this type" in [getattr(w, "description", "") for w in form.children]
    assert helpers.pick_study().study.path == picker.study.path  # remembered for the session


def test_the_front_lines_verdict_goes_into_the_study_chosen_not_another():
    make("repairs"), make("benefits")
    picker = helpers.pick_study()
    shown = picker.show(helpers.shareback.verdict_form)
    assert "Choose your study in the list above first" in shown.children[1].children[0].value
    picker.choice.value = [v for _, v in picker.choice.options if v and v.endswith("benefits.study")][0]
    form = shown.children[1].children[0]
    assert "demand-verdict-form" in form._dom_classes
    person, choice, said, who, record = form.children[:5]
    person.value, choice.value, who.value = "Jo", helpers.shareback.VERDICTS[0], "Priya"
    record.children[0].children[0].click()
    assert "Saved in Benefits" in record.children[1].value
    with Study.open("benefits") as benefits, Study.open("repairs") as repairs:
        assert benefits.verdicts()["text"].tolist() == ["Yes, a normal day (said by Priya)"]
        assert len(repairs.verdicts()) == 0


def test_with_one_study_it_is_chosen_and_the_picker_says_so():
    make("repairs")
    picker = helpers.pick_study()
    assert picker.study.info["name"] == "Repairs"
    assert "There is one study here, <b>Repairs</b>, so it is chosen" in picker.status.value


def test_with_no_study_the_forms_say_create_it_in_workbook_3():
    picker = helpers.pick_study()
    assert picker.study is None and "Create your study in workbook 3 first" in picker.status.value
    assert "Create your study in workbook 3 first" in picker.show(helpers.debrief).children[1].children[0].value


def test_the_list_comes_from_list_studies_with_practice_left_out():
    make("repairs"), make("rehearsal", practice=True)
    from helpers.teaching.capture import _app_study

    practice, _ = _app_study()
    assert practice.info["practice"]
    assert list(list_studies()["name"]) == ["Repairs"]
    picker = helpers.pick_study()
    assert [label.split(" (")[0] for label, _ in picker.choice.options] == ["Choose your study", "Repairs"]


def test_in_a_walkthrough_the_picker_gives_a_practice_study(monkeypatch):
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    picker = helpers.pick_study()
    assert picker.study.is_scratch and "read-only walkthrough" in picker.status.value
    form = daily.sheet_form(picker.study)
    assert upload(form, "monday.csv", HEADER + ROWS[0]) is None and "nothing is kept here" in form.upload_status.value
    assert not studies_dir().exists()


# ------------------------------------------------------------------ a typed-up sheet

def test_an_upload_is_saved_beside_the_studies_previewed_and_imported_once():
    study = make("repairs")
    form = daily.sheet_form(study)
    path = upload(form, "../monday.csv", HEADER + "".join(ROWS))
    assert path == studies_dir() / "monday.csv" and path.exists()
    assert session.ROOT not in path.parents or path.parent == session.ROOT / "studies"
    assert "Saved</b> monday.csv beside your studies" in form.upload_status.value
    assert form.sheet.value == str(path) and "The first 3 of 3 rows" in form.preview.value
    assert form.act("import") is None and "Write your name first" in form.statuses["import"].value
    assert len(study.demands()) == 0
    form.person.value = "Asha"
    said = form.act("import")
    assert said.startswith("Saved in Repairs. Imported 3 demands from monday.csv")
    assert "Saved in Repairs." in form.statuses["import"].value
    assert form.act("import") is None  # the second time adds nothing, and never says "saved"
    status = form.statuses["import"].value
    assert "Nothing was added: every row of monday.csv was imported before" in status and "Saved" not in status
    assert len(study.demands()) == 3
    assert upload(form, "monday.csv", HEADER + ROWS[0]) == studies_dir() / "monday-2.csv"  # never overwrites


def test_a_bad_sheet_imports_nothing_and_names_row_and_column_in_plain_words():
    study = make("repairs")
    form = daily.sheet_form(study)
    form.person.value = "Ben"
    upload(form, "tuesday.csv", HEADER + ROWS[0] + "25/03/2026,10:15,counter,Nobody came,maybe,Chasing,Ben\n")
    assert "cannot be imported yet" in form.preview.value
    assert form.act("import") is None
    status = form.statuses["import"].value
    assert "tuesday.csv, row 3, column &#x27;V/F/?&#x27;" in status and "Nothing was imported" in status
    assert "Saved" not in status and "Traceback" not in status
    assert len(study.demands()) == 0


def test_month_first_dates_are_a_choice_in_the_form():
    study = make("repairs")
    form = daily.sheet_form(study)
    form.person.value = "Ash"
    (studies_dir() / "us.csv").write_text(HEADER + "03/24/2026,09:05,phone,Where is he?,F,Chasing,Ash\n")
    form.refresh(pick=str(studies_dir() / "us.csv"))
    assert form.act("import") is None and "dates are month first" in form.statuses["import"].value
    form.dates.value = False
    assert form.act("import").startswith("Saved in Repairs. Imported 1 demand")
    assert str(study.demands()["received_at"].iloc[0]).startswith("2026-03-24")


def test_the_template_example_is_on_row_2_and_the_loader_leaves_it_out(tmp_path):
    sheet = load_workbook(io.BytesIO(typing_template_bytes()))["demands"]
    assert sheet.cell(row=2, column=4).value == helpers.loader.EXAMPLE_WORDS
    assert sheet.max_row == 1001  # nothing below the formatted rows
    path = tmp_path / "template.xlsx"
    path.write_bytes(typing_template_bytes())
    result = helpers.import_sheet(Study.scratch(), path)
    assert result.imported == 0 and result.example_left_out


# ------------------------------------------------------------------ the debrief

def debriefed(study, person="Priya"):
    form = daily.debrief(study)
    form.person.value = person
    return form


def test_joining_value_and_failure_is_refused_with_the_reason():
    study = make("repairs")
    study.record("Is the plumber still coming?", classification="failure", demand_type="Chasing a visit")
    study.record("My boiler has stopped", classification="value", demand_type="Report a repair")
    form = debriefed(study)
    form.join.value, form.into.value = "Report a repair", "Chasing a visit"
    assert form.act("join") is None
    status = form.statuses["join"].value
    assert "Not joined:</b> Refused:" in status and "A value type and a failure type are never merged" in status
    assert "merge_types" not in study.events()["action"].tolist()


def test_join_rename_describe_and_notes_are_saved_with_the_person_and_undone_only_for_them():
    study = make("repairs")
    for words, kind in [("Is he coming?", "Chasing a visit"), ("Where is the engineer?", "Where is the engineer?"),
                        ("Still nobody", "Nobody came")]:
        study.record(words, classification="failure", demand_type=kind)
    form = debriefed(study)
    assert "3 types have been used only once" in form.once.value
    form.join.value, form.into.value = "Where is the engineer?", "Chasing a visit"
    assert form.act("join") == "Saved in Repairs. 'Where is the engineer?' is now part of 'Chasing a visit'."
    assert "Where is the engineer?" not in [v for _, v in form.join.options]
    form.old.value, form.new.value = "Nobody came", "Nobody came when they said"
    assert form.act("rename").startswith("Saved in Repairs.")
    form.kind.value = "Chasing a visit"
    form.failed.value, form.arises.value = "Appointments: no time given", "appointment slots"
    assert form.act("describe") == "Saved in Repairs. The description of 'Chasing a visit'."
    form.normal.value, form.different.value = daily.NO, "Phones down after lunch"
    assert "Was today normal? No: Phones down after lunch" in form.act("normal")
    form.reflection.value = "We argued most about the slot calls."
    assert form.act("reflect").startswith("Saved in Repairs.")
    assert "Fix my home" not in form.purpose_now.value and "not written yet" in form.purpose_now.value
    form.purpose.value = "Fix my home right, when it suits me"
    form.act("purpose")
    with Study.open(study.path, readonly=True) as saved:  # on disk, as another kernel sees it
        events = saved.events()
        assert events["action"].tolist()[-6:] == ["merge_types", "rename_type", "describe_type", "add_reflection",
                                                   "add_reflection", "add_reflection"]
        assert set(events["by"].tolist()[-6:]) == {"Priya"}
        texts = saved.reflections()["text"].tolist()
        assert texts == ["Was today normal? No: Phones down after lunch", "We argued most about the slot calls.",
                         "Purpose, looked at again: Fix my home right, when it suits me"]
        described = saved.types().set_index("name").loc["Chasing a visit"]
        assert described["arises_from"] == "appointment slots"
    other = debriefed(study, "Sam")
    other.reflection.value = "Sam's note"
    other.act("reflect")
    assert "Undid Priya's reflection" in form.act("undo")
    assert study.reflections()["text"].tolist()[-1] == "Sam's note"  # Sam's stays
    assert "Undid Sam's reflection" in other.act("undo")


def test_the_debrief_says_nothing_was_saved_until_it_is():
    study = make("repairs")
    form = debriefed(study, person="")
    form.reflection.value = "A thought"
    assert form.act("reflect") is None and "Write your name first" in form.statuses["reflect"].value
    form.person.value = "Priya"
    assert form.act("undo") is None and "Nothing to undo" in form.statuses["undo"].value
    assert "Saved" not in form.statuses["undo"].value
    form.normal.value = daily.NO
    assert form.act("normal") is None and "Say what was different" in form.statuses["normal"].value
    assert "Saved" not in form.statuses["normal"].value and len(study.reflections()) == 0
    form.normal.value = daily.YES
    assert form.act("normal") == "Saved in Repairs. Was today normal? Yes."


def test_the_debrief_shows_under_the_chosen_study_and_its_keys_have_labels():
    make("repairs")
    picker = helpers.pick_study()
    form = picker.show(helpers.debrief).children[1].children[0]
    import ipywidgets as widgets

    inputs = [w for w in form.children if isinstance(w, (widgets.Text, widgets.Textarea, widgets.Dropdown,
                                                         widgets.RadioButtons))]
    assert inputs and all(w.description for w in inputs)


# ------------------------------------------------------------------ have we seen enough?

def test_the_numbers_verdict_and_the_teams_decision_are_kept_apart_and_shown_apart():
    study = make("repairs")
    for day in range(2, 7):
        study.record("is he still coming?", classification="failure", demand_type="Chasing a visit",
                     received_at=f"0{day}/03/2026 11:00")
    form = daily.enough_form(study)
    form.person.value = "Priya"
    assert "Not decided yet" in form.record.value and "No check of the numbers kept yet" in form.record.value
    assert form.numbers.value.startswith("<p>") and len(form.numbers.value) > 20  # the saturation sentence
    said = form.act("numbers")
    assert said.startswith("Saved in Repairs. What the numbers say:")
    form.why.value = "We have not heard the letters"
    assert form.act("decide") is None and "Choose yes or not yet first" in form.statuses["decide"].value
    form.decision.value = daily.NOT_YET
    assert form.act("decide") == ("Saved in Repairs. Have we learned what we need? Not yet: "
                                  "We have not heard the letters")
    assert form.why.value == "" and form.decision.value is None
    with Study.open(study.path, readonly=True) as saved:
        checks, notes = saved.saturation_checks(), saved.reflections()
        assert len(checks) == 1 and checks.iloc[0]["by"] == "Priya" and checks.iloc[0]["verdict"]
        assert notes["text"].tolist() == ["Have we learned what we need? Not yet: We have not heard the letters"]
    # Shown as two tables: the numbers' verdict, then the team's decision and its reasons, no row numbers.
    shown = form.record.value
    numbers, team = shown.split("What the team decided")
    assert checks.iloc[0]["message"] in numbers and "We have not heard the letters" not in numbers
    assert "<td>Not yet</td>" in team and "<td>We have not heard the letters</td>" in team
    assert "<th>0</th>" not in shown and "<td>0</td>" not in shown
    assert "Undid Priya's reflection" in form.act("undo")
    assert "Not decided yet" in form.record.value


def test_a_decision_needs_its_reasons():
    study = Study.scratch()
    with pytest.raises(ValueError, match="Say why"):
        daily.record_decision(study, True, "  ")
    assert len(study.reflections()) == 0


# ------------------------------------------------------------------ set-up with ticks

def test_the_set_up_form_has_ticks_and_makes_the_plan():
    import ipywidgets as widgets

    form = setup.study_form()
    assert all(isinstance(b, widgets.Checkbox) for b in form.doors + form.days + form.times)
    assert not any(b.value for b in form.doors)  # nobody's doors are guessed: tick every one
    assert "housing officer's mobile" in [b.description for b in form.doors]
    form.name.value = "Repairs line"
    form.button.click()
    assert "Tick every door" in form.status.value and list_studies().empty
    form.tick(doors=["phone", "reception"], days=["Monday", "Wednesday"])
    form.other_doors.value = "the caretaker's office"
    form.start.value = datetime.date(2026, 3, 2)
    form.weeks.value = 1
    form.button.click()
    assert "Created" in form.status.value
    plan = form.study.plan()
    assert plan["doors"] == ["phone", "reception", "the caretaker's office"]
    assert [str(d)[:10] for d in plan["days"]] == ["2026-03-02", "2026-03-04"]
    assert form.picker.study.path == form.study.path and "Study: Repairs line" in form.picker.header.value
    assert helpers.pick_study().study.path == form.study.path  # workbook 4 starts on it


def test_enter_in_a_one_line_box_presses_its_button_and_look_again_finds_a_new_study():
    picker = helpers.pick_study()
    assert picker.study is None
    study = make("repairs")
    picker.again.click()  # made in another workbook meanwhile
    assert picker.study.path == study.path
    study.record("Is he coming?", classification="failure", demand_type="Chasing")
    form = debriefed(study)
    form.old.value, form.new.value = "Chasing", "Is someone coming today?"
    form.new._submission_callbacks(form.new)  # what Enter in the box does
    assert "Saved in Repairs.</b> &#x27;Chasing&#x27; is now called" in form.statuses["rename"].value


def test_the_practice_starts_again_on_a_fresh_study():
    made = []

    def practice():
        made.append(Study.scratch(name="Practice"))
        made[-1].record("a practice demand")
        return daily.debrief(made[-1]).widget

    box = daily.start_again(practice)
    first = box.children[1]
    box.children[0].click()
    assert len(made) == 2 and box.children[1] is not first and made[0] is not made[1]
    assert list_studies().empty  # practice never reaches the studies folder
