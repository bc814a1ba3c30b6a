"""Exercise feedback explains each disagreement with the reference's reasoning; it never marks."""
import pandas as pd
import pytest

from helpers.teaching import feedback

REFERENCE = pd.DataFrame({
    "source_id": ["c1", "c2", "c3"],
    "classification": ["failure", "value", "not demand"],
    "demand_type": ["Is someone still coming today?", "Leak", "Operative needs access"],
    "reason": ["Inside the slot, but they ring because we gave an eight-to-one slot.",
               "A new leak is what the service is for.", "A contractor asking for access details."],
})
SAMPLE = pd.DataFrame({"source_id": ["c1", "c2", "c3"],
                       "verbatim": ["is he still coming? slot was 8-1", "water through the ceiling", "operative needs the key safe code"]})


def test_disagreements_come_with_the_reasoning_and_no_score():
    fb = feedback.compare({"c1": "V", "c2": "value", "c3": "N"}, REFERENCE)
    assert (fb.same, fb.different) == (2, 1)
    assert fb.points == ["c1: you said value, the reference says failure. Inside the slot, but they ring because we gave an eight-to-one slot."]
    assert "worth talking through" in fb.message
    assert "%" not in fb.message and "score" not in fb.message.lower()


def test_unanswered_items_are_counted_not_judged():
    fb = feedback.compare({"c2": "value"}, REFERENCE)
    assert fb.unanswered == ["c1", "c3"] and fb.same == 1 and "2 not answered yet" in fb.message


def test_answers_from_a_frame_and_on_types():
    answers = pd.DataFrame({"source_id": ["c1", "c2"], "demand_type": ["Is someone still coming today?", "Boiler"]})
    fb = feedback.compare(answers, REFERENCE, on="demand_type")
    assert (fb.same, fb.different) == (1, 1)


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="source_id and classification"):
        feedback.compare({"c1": "value"}, REFERENCE.drop(columns="classification"))


def test_the_classify_widget_steps_through_and_reveals_reasoning():
    box = feedback.classify_exercise(SAMPLE, REFERENCE)
    counter, text, _, buttons, show, out = box.children
    assert "1 of 3" in counter.value and "slot was 8-1" in text.value
    value, failure, unsure, not_demand, back = buttons.children
    value.click()          # c1 as value: a point to discuss
    value.click()          # c2
    not_demand.click()     # c3
    assert box.answers == {"c1": "value", "c2": "value", "c3": "not demand"}
    assert "All done" in text.value
    assert "eight-to-one slot" in out.value and "You read 2 of 3" in out.value
