"""Next steps as studies (mistake 9) and the flow worksheet, saved with the study."""
import pytest

from helpers import Study

from helpers.teaching import nextsteps


@pytest.mark.parametrize("text, cue", [
    ("Implement a new CRM system", "implementing a solution"),
    ("Train the call handlers on the new script", "training"),
    ("Buy a scheduling tool", "buying something"),
    ("Set a KPI for first-time fix", "a target"),
    ("Reduce failure demand by 20%", "a percentage to hit"),
    ("Action plan for each failure type, owner: Jo, due 31/03", "an action list"),
    ("Roll out self-service portal by March", "a new system"),
])
def test_solutions_are_noticed_with_the_words_that_suggest_them(text, cue):
    j = nextsteps.judge(text)
    assert j.kind == "solution" and cue in j.cues and "study" in j.message


@pytest.mark.parametrize("text", [
    "Follow ten repair requests end to end from the resident's first call",
    "Measure end-to-end time from first contact to repair done, case by case",
    "Find out why jobs are closed when the operative orders a part",
])
def test_studies_are_recognised(text):
    assert nextsteps.judge(text).kind == "study"


def test_vague_steps_are_asked_to_say_what_they_will_study():
    assert nextsteps.judge("Sort out repairs").kind == "unclear"


def test_the_form_saves_steps_with_the_study_and_notes_a_solution():
    study = Study.scratch()
    form = nextsteps.next_steps_form(study)
    notice, prompts, box, add, note, listing = form.children
    box.value = "Implement a new appointments system"
    add.click()
    assert "mistake 9" in note.value and box.value == ""
    box.value = "Follow ten repairs end to end"
    add.click()
    steps = study.next_steps()
    assert list(steps["text"]) == ["Implement a new appointments system", "Follow ten repairs end to end"]
    assert "reads like a solution" in listing.value and "a study" in listing.value


def test_the_form_keeps_the_text_when_saving_fails():
    class Broken:
        is_scratch = False

        def next_steps(self):
            import pandas as pd
            return pd.DataFrame(columns=["id", "text", "created_at", "completed_at"])

        def add_next_step(self, text):
            raise OSError("disk full")

    form = nextsteps.next_steps_form(Broken())
    box, add, note = form.children[2], form.children[3], form.children[4]
    box.value = "Follow five repairs"
    add.click()
    assert box.value == "Follow five repairs" and "disk full" in note.value


def test_flow_worksheet_saves_each_step_and_reopens(tmp_path):
    study = Study.create(tmp_path / "flow.study", name="Flow", service="Repairs")
    sheet = nextsteps.flow_worksheet(study)
    demand, (step, who), (hand_off, wait), _mattered, add, _status, table = (
        sheet.children[0], sheet.children[1].children, sheet.children[2].children, *sheet.children[3:])
    demand.value = "Leak through the ceiling"
    for name, person, handed, days in [("call taken", "contact centre", False, 0), ("job raised", "planner", True, 2),
                                       ("visit: needs a part", "plumber", True, 5)]:
        step.value, who.value, hand_off.value, wait.value = name, person, handed, days
        add.click()
    assert "3 steps, 2 hand-offs, 7 days waiting" in table.value
    study.close()
    again = Study.open(tmp_path / "flow.study")
    saved = again.worksheet("flow: one value demand")
    assert saved["demand"] == "Leak through the ceiling" and len(saved["steps"]) == 3
    reopened = nextsteps.flow_worksheet(again)
    assert "3 steps" in reopened.children[-1].value


def test_flow_summary_explains_a_bad_wait():
    with pytest.raises(ValueError, match="number of days"):
        nextsteps.flow_summary([{"step": "x", "wait_days": "a week"}])
