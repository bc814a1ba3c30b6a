"""helpers.teaching.exercises: the answer-first widgets, driven as a learner drives them."""
from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.teaching import exercises
from helpers.core.study import Study

REF = pd.DataFrame({"source_id": ["a", "b", "c", "d"], "shows": ["yes", "no", "yes", "no"],
                    "reason": ["Chasing a promise.", "A first report.", "Back again.", "Her own change."]})
ITEMS = pd.DataFrame({"source_id": ["a", "b", "c", "d"],
                      "verbatim": ["is he still coming?", "new leak", "leaking again", "can I move my date?"]})


def test_spot_feedback_counts_unticked_items_as_answers_and_explains_each_difference():
    fb = exercises.spot_feedback({"a", "b"}, REF)
    assert (fb.same, fb.different) == (2, 2)
    assert fb.points == ["b: you ticked it; the reference would not. A first report.",
                         "c: you left it; the reference would tick it. Back again."]
    assert list(fb.rows["same"]) == [True, False, False, True]


def test_spot_feedback_with_pick_reads_a_classification_column():
    ref = REF.assign(classification=["failure", "value", "failure", "not demand"]).drop(columns="shows")
    fb = exercises.spot_feedback(["a", "c"], ref, on="classification", pick="failure")
    assert (fb.same, fb.different) == (4, 0)


def test_spot_feedback_refuses_an_item_not_in_the_reference_and_lists_valid_ones():
    with pytest.raises(ValueError, match="not in the reference: z.*Valid items: a, b, c, d"):
        exercises.spot_feedback({"z"}, REF)


@settings(max_examples=40, deadline=None)
@given(st.sets(st.sampled_from(["a", "b", "c", "d"])))
def test_spot_feedback_same_plus_different_is_every_item(picked):
    fb = exercises.spot_feedback(picked, REF)
    assert fb.same + fb.different == len(REF)
    assert len(fb.points) == fb.different


def test_spot_it_hides_reasons_until_revealed_then_shows_them(tmp_path):
    path = tmp_path / "ref.csv"
    REF.to_csv(path, index=False)
    spot = exercises.spot_it(ITEMS, path, question="Tick the failure.", after=lambda: "<p>AFTER</p>")
    assert spot.result.value == ""
    assert "Chasing a promise" not in repr(spot.widget)
    spot.tick("a")
    spot.button.click()
    page = spot.result.value
    assert "Worth discussing" in page and "Back again." in page and "leaking again" in page
    assert page.endswith("<p>AFTER</p>")
    assert spot.picked == {"a"}


def test_spot_it_shows_a_plain_message_not_a_traceback_when_the_reference_is_broken(tmp_path):
    path = tmp_path / "ref.csv"
    REF.drop(columns="reason").to_csv(path, index=False)
    spot = exercises.spot_it(ITEMS, path, question="Tick.")
    spot.button.click()
    assert "Something went wrong" in spot.result.value and "reason" in spot.result.value
    assert "Traceback" not in spot.result.value


QUESTIONS = pd.DataFrame({"question_id": ["Q1", "Q1"], "question": ["Are you checking up on me?"] * 2,
                          "reply_id": ["A", "B"], "reply": ["Ignore us.", "Not you: read our notes."]})
REPLIES = pd.DataFrame({"question_id": ["Q1", "Q1"], "reply_id": ["A", "B"],
                        "reason": ["Says no, not why.", "Offers the notes."]})
POINTS = pd.DataFrame({"point": ["Not about them", "They can read it"], "cues": [r"not (about )?you", r"\bread\b"],
                       "why": ["Say so first.", "Offer the sheet."]})


def test_what_do_you_say_shows_every_reply_reason_once_one_is_chosen():
    say = exercises.what_do_you_say(QUESTIONS, REPLIES, POINTS)
    assert say.results["Q1"].value == ""
    page = say.choose("Q1", "B")
    assert "Your choice B." in page and "Offers the notes." in page and "Says no, not why." in page
    with pytest.raises(ValueError, match="no reply 'Z'"):
        say.choose("Q1", "Z")


def test_what_do_you_say_discusses_a_written_reply_by_its_points():
    say = exercises.what_do_you_say(QUESTIONS, REPLIES, POINTS)
    page = say.write("Q1", "It\u2019s not about you.")
    made, could = page.split("Points you might add")
    assert "Not about them" in made and "They can read it" in could
    assert "Write what you would say first" in say.write("Q1", "   ")


def test_reply_points_reports_a_bad_pattern_plainly():
    bad = POINTS.assign(cues=["(unclosed", "x"])
    with pytest.raises(ValueError, match="cues for the point 'Not about them' are not a valid pattern"):
        exercises.reply_points("hello", bad)


def _study_over_days():
    s = Study.scratch(name="days")
    plan = {2: ["A", "B", "C"], 3: ["A", "D"], 4: ["B"], 5: ["A"], 6: ["C"], 9: ["A", "B"], 10: ["D"], 11: ["A"]}
    for day, kinds in plan.items():
        for kind in kinds:
            s.record(f"said {kind}", demand_type=kind, received_at=f"2026-03-{day:02d}T10:00")
    return s


def test_day_facts_counts_new_types_day_by_day_as_known_then():
    facts = exercises.day_facts(_study_over_days())
    assert list(facts["new_types"]) == [3, 1, 0, 0, 0, 0, 0, 0]
    assert list(facts["types_so_far"]) == [3, 4, 4, 4, 4, 4, 4, 4]
    assert facts["verdict"].iloc[0] == "not yet"


def test_when_to_stop_moves_day_by_day_and_explains_the_stop():
    s = _study_over_days()
    ref = pd.DataFrame({"day": [str(d) for d in range(1, 9)], "view": ["early"] * 8,
                        "reason": [f"Reason {d}." for d in range(1, 9)]})
    w = exercises.when_to_stop(s, ref, figure=False)
    assert "<td>2</td>" not in w.facts_view.value  # only day 1 is known at the start
    w.move(2)
    assert "<td>2</td>" in w.facts_view.value and w.result.value == ""
    text = w.stop()
    assert text.startswith("Stopping after day 2: 1 new type turned up that day (4 in all so far).")
    assert text.endswith("The reference's view: early. Reason 2.")
    with pytest.raises(ValueError, match="no day 12: the study has days 1 to 8"):
        exercises.stop_feedback(12, w.facts, ref)


def test_when_to_stop_draws_the_curve_up_to_the_chosen_day():
    w = exercises.when_to_stop(_study_over_days(), pd.DataFrame({"day": ["1"], "view": ["x"], "reason": ["y"]}))
    assert "<img" in w.plot_view.value and "What to notice" in w.plot_view.value


def test_rewrite_step_discusses_a_solution_and_a_study_differently():
    actions = pd.DataFrame({"item": ["1"], "action": ["Buy a new scheduling system"]})
    ref = pd.DataFrame({"item": ["1"], "study_rewrite": ["Find out what the schedule is built around."],
                        "reason": ["A new system automates the same rules."]})
    r = exercises.rewrite_step(actions, ref)
    solution = r.rewrite("1", "Buy a better system by March")
    assert "still reads like a solution (buying something, a due date)" in solution
    assert "Find out what the schedule is built around." in solution
    study = r.rewrite("1", "Follow ten bookings end to end and find out why residents wait")
    assert study.startswith("Your version reads as a study")
    assert r.rewrite("1", "") == "Write your version first."
    with pytest.raises(ValueError, match="no action '9'"):
        r.rewrite("9", "x")


def test_guess_then_see_puts_guesses_beside_the_record_only_on_reveal():
    questions = pd.DataFrame({"key": ["staff", "teams"], "question": ["How many staff?", "How many teams?"]})
    ref = questions.assign(reason=["Each saw a part.", "Pass the parcel."])
    calls = []
    g = exercises.guess_then_see(questions, lambda: calls.append(1) or {"staff": 91, "teams": 20}, ref,
                                 after=lambda: "<p>journey</p>")
    assert calls == [] and g.result.value == ""
    g.guess(staff=12, teams=4)
    page = g.reveal()
    assert "<td>12</td><td><b>91</b></td>" in page and "Pass the parcel." in page and page.endswith("<p>journey</p>")
    with pytest.raises(ValueError, match="no 'teams'"):
        exercises.guess_feedback({}, {"staff": 1}, ref)


def test_compare_with_teams_keeps_the_given_order_never_sorted_by_agreement():
    close = pd.DataFrame({"source_id": ["1", "2", "3"], "classification": ["value", "failure", "failure"]})
    far = pd.DataFrame({"source_id": ["1", "2", "3"], "classification": ["failure", "value", "value"]})
    table = exercises.compare_with_teams({"1": "V", "2": "F", "3": "F"}, {"Zeta": far, "Alpha": close})
    assert list(table["team"]) == ["Zeta", "Alpha"]
    assert list(table["same"]) == [0, 3] and table["differ"].iloc[0] == ["1", "2", "3"]


def test_team_comparison_widget_asks_for_answers_first_then_compares():
    class Exercise:
        answers: dict = {}

    team = pd.DataFrame({"source_id": ["1"], "classification": ["value"]})
    w = exercises.compare_with_teams_widget(Exercise(), {"North": team})
    assert "Classify some demands above first" in w.compare()
    Exercise.answers = {"1": "failure"}
    page = w.compare()
    assert "North" in page and "0 of 1" in page and "never in order of agreement" in page


def test_journey_reveal_says_when_someone_first_asked_what_mattered():
    h = pd.DataFrame({"person_id": ["P1", "P1"], "date": ["2025-01-02", "2025-03-04"], "team": ["GP", "Ward"],
                      "activity": ["phone call", "visit"], "days": ["", ""], "staff_id": ["S1", "S2"],
                      "told_story": ["false", "false"], "asked_what_matters": ["false", "true"]})
    page = exercises.journey_reveal(h, figure=False)
    assert "First on 04 March 2025." in page
