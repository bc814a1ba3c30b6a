"""helpers.teaching.lessons: the nine mistakes, verbatim hints, the briefing form, listening practice,
and the sample files workbook 2 uses (practice verbatims apart from their reference answers)."""
from __future__ import annotations

import re

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core import datasets

from helpers.teaching import lessons
from helpers.teaching.capture import capture
from helpers.teaching.feedback import classify_exercise, compare
from helpers.core.study import Study


# ------------------------------------------------------------------ the nine mistakes

def test_nine_mistakes_in_order_each_with_what_the_tool_does():
    assert [m.number for m in lessons.MISTAKES] == list(range(1, 10))
    for m in lessons.MISTAKES:
        assert m.title and m.looks_like.endswith(".") and m.tool.endswith(".")
        assert all(1 <= w <= 11 for w in m.workbooks)


def test_the_titles_match_the_printed_card():
    card = (datasets.folder().parent / "facilitator_notes" / "nine_mistakes_card.html").read_text(encoding="utf-8").lower()
    for m in lessons.MISTAKES:
        assert m.title.lower() in card, m.title


def test_card_marks_the_highlighted_mistakes_in_words():
    card = lessons.mistakes_card(highlight=[1, 5]).html
    assert card.count("met in this workbook") == 2
    assert card.count("<tr") == 10  # a header and nine rows
    assert "Doing all the studying yourself" in card


def test_unknown_mistake_is_refused_plainly():
    with pytest.raises(ValueError, match="numbered 1 to 9"):
        lessons.mistake(10)
    with pytest.raises(ValueError):
        lessons.mistakes_card(highlight=[0])


# ------------------------------------------------------------------ verbatim hints

@pytest.mark.parametrize("text", ["Chasing job", "Customer called re damp", "Progress update requested",
                                  "Tenant wants repair to door", "Boiler repair progress query raised"])
def test_category_language_gets_a_hint(text):
    assert lessons.verbatim_hint(text)


PACK_VERBATIMS = pd.read_csv(datasets.path("lessons/practice_transcripts_answers.csv"), dtype=str)["verbatim"]


@pytest.mark.parametrize("text", [e.good for e in lessons.VERBATIM_EXAMPLES] + [c.good for c in lessons.PRACTICE_CALLS]
                         + [v.removeprefix("+ ") for v in PACK_VERBATIMS])
def test_the_good_examples_get_no_hint(text):
    assert lessons.verbatim_hint(text) is None


def test_every_poor_example_gets_a_hint():
    assert all(lessons.verbatim_hint(e.poor) for e in lessons.VERBATIM_EXAMPLES)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_hint_never_fails_and_is_a_sentence_or_none(text):
    hint = lessons.verbatim_hint(text)
    assert hint is None or (isinstance(hint, str) and hint.endswith((".", "?")))


def test_examples_view_shows_every_pair_escaped():
    import html

    view = lessons.verbatim_examples().html
    assert view.count("<tr>") == len(lessons.VERBATIM_EXAMPLES) + 1
    for e in lessons.VERBATIM_EXAMPLES:
        assert html.escape(e.good) in view and html.escape(e.poor) in view


# ------------------------------------------------------------------ the briefing

def test_briefing_form_records_with_the_study_by_whom(tmp_path):
    study = Study.create(tmp_path / "repairs.study", name="Repairs", service="the repairs line")
    form = lessons.briefing_form(study)
    assert "the repairs line" in form.text.value and "not monitoring you" in form.text.value
    form.by.value = "Sam (repairs manager)"
    form.who.value = "morning shift"
    form._click()
    assert "Recorded with the study Repairs" in form.status.value
    again = Study.open(tmp_path / "repairs.study", readonly=True)
    briefings = again.briefings()
    assert list(briefings["by"]) == ["Sam (repairs manager)"]
    assert "Who was there: morning shift" in briefings["text"].iloc[0]
    assert "briefed by Sam" in form.so_far.value


def test_briefing_form_refuses_without_a_name_and_records_nothing():
    study = Study.scratch(name="Repairs")
    form = lessons.briefing_form(study)
    form._click()
    assert "Not recorded" in form.status.value and "who gave the briefing" in form.status.value.lower()
    form.text.value = "  "
    form.by.value = "Sam"
    with pytest.raises(ValueError, match="Write what was said"):
        form.submit()
    assert study.briefings().empty


def test_briefing_follows_the_set_up_form_to_the_study_it_creates(monkeypatch, tmp_path):
    from helpers.teaching import setup

    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path))
    monkeypatch.setenv("DEMAND_MODE", "lab")
    form = setup.study_form("Repairs line")
    briefing = lessons.briefing_form(form, by="Sam")
    assert briefing.study.is_scratch  # nothing chosen yet
    form.tick(doors=["phone"])
    form._submit()  # the team creates its study after the briefing form is shown
    briefing._click()
    assert "with the study Repairs line" in briefing.status.value
    with Study.open(form.study.path, readonly=True) as saved:
        assert list(saved.briefings()["by"]) == ["Sam"]


def test_briefing_on_a_scratch_study_says_nothing_is_saved():
    form = lessons.briefing_form(Study.scratch(name="Walkthrough"), by="Sam")
    form._click()
    assert "nothing is saved" in form.status.value


# ------------------------------------------------------------------ listening practice

def test_practice_compares_what_was_captured_in_order():
    study = Study.scratch(name="Practice")
    study.record("an earlier demand, not part of the practice")
    practice = lessons.listening_practice(study)
    assert "nothing saved" in practice.compare_html().lower()
    form = capture(study, captured_by="Asha")
    for i, words in enumerate(["Customer chasing progress on repair", "The cold tap won't stop dripping all night"]):
        reply = form.receive({"kind": "save", "req": str(i), "verbatim": words})
        assert reply["kind"] == "saved"
    rows = practice.compare()
    assert [r["written"] for r in rows[:2]] == ["Customer chasing progress on repair", "The cold tap won't stop dripping all night"]
    assert rows[0]["hint"] and rows[1]["hint"] is None and rows[2]["written"] is None
    practice._compare_click()
    assert "2 of 5 calls captured" in practice.result.value


def test_practice_steps_stay_within_the_calls():
    practice = lessons.listening_practice(Study.scratch())
    practice._step(-1)
    assert "Practice call 1 of 5" in practice.counter.value
    for _ in range(10):
        practice._step(1)
    assert "Practice call 5 of 5" in practice.counter.value
    assert "Mill Lane" in practice.call.value and "<b>Call handler:</b>" in practice.call.value


def test_the_practice_calls_are_the_first_five_of_the_printed_pack():
    pack = lessons.practice_pack()
    answers = lessons.practice_pack(answers=True)
    for call in lessons.PRACTICE_CALLS:
        assert all(line.split(": ", 1)[1] in pack for line in call.heard.splitlines())
        assert all(part.strip() in answers for part in call.good.split(" + "))
    two = lessons.PRACTICE_CALLS[2]
    assert " + " in two.good and two.note.startswith("Value.") and " Failure. " in two.note


# ------------------------------------------------------------------ the printable pack of practice transcripts

PLANS = datasets.folder().parent / "facilitator_notes" / "plans"
OUTCOME_WORDS = re.compile(r"\b(value|failure|unsure|not (customer )?demand|why:|type:)", re.I)


def blocks(markdown: str) -> "dict[int, str]":
    """The numbered blocks of a pack file ("### 7. Housing repairs" and what follows it), by number."""
    parts = re.split(r"^### (\d+)\. .*$", markdown, flags=re.M)
    found = [int(n) for n in parts[1::2]]
    assert len(found) == len(set(found)), "a number appears twice"
    return dict(zip(found, parts[2::2]))


@pytest.fixture(scope="module")
def pack_files():
    return ((PLANS / "practice_transcripts.md").read_text(encoding="utf-8"),
            (PLANS / "practice_transcripts_answers.md").read_text(encoding="utf-8"))


def test_the_printed_files_are_the_pack_made_from_the_data(pack_files):
    # One source (datasets/lessons/practice_transcripts*.csv) for the paper pack and workbook 4.
    # After changing the CSVs, rewrite both files with lessons.practice_pack() and practice_pack(answers=True).
    assert pack_files == (lessons.practice_pack(), lessons.practice_pack(answers=True))


def test_the_answers_cover_every_transcript_and_nothing_else(pack_files):
    transcripts, answers = (blocks(text) for text in pack_files)
    assert list(transcripts) == list(range(1, 25)), "24 transcripts, numbered in order"
    assert list(answers) == list(transcripts)
    for number, body in answers.items():
        assert re.search(r"^- \*\*(Value|Failure|Unsure \(\?\)|Not customer demand)\.\*\*", body, re.M), number
        assert body.count("Why: ") == body.count("- **") >= 1, f"answer {number}: each demand has its reason"


def test_the_transcripts_file_holds_no_answers(pack_files):
    transcripts, answers = pack_files
    for number, body in blocks(transcripts).items():
        assert not OUTCOME_WORDS.search(body), f"transcript {number} gives its answer away"
        assert re.fullmatch(r"(\s*\*\*(Caller|Call handler):\*\* [^\n]+\n)+\s*(---\s*)?", body), number
    reasons = pd.read_csv(datasets.path("lessons/practice_transcripts_answers.csv"), dtype=str)["reason"]
    assert not [reason for reason in reasons if reason[:30] in transcripts]
    assert "practice_transcripts_answers.md" in transcripts, "the pack says where its answers are"


def test_the_answers_use_the_one_causal_test_and_the_planted_calls_are_there():
    answers = lessons.practice_pack(answers=True)
    assert ("caused by us not doing something, or not doing it right, for the person? "
            "would it have happened if we had got it right first time?") in " ".join(answers.split()).lower()
    turns = pd.read_csv(datasets.path("lessons/practice_transcripts.csv"), dtype=str)
    reference = pd.read_csv(datasets.path("lessons/practice_transcripts_answers.csv"), dtype=str)
    said = turns.groupby("number")["words"].apply(" ".join)
    outcome = reference.groupby("number")["classification"].apply(list)
    assert set(reference["classification"]) == {"value", "failure", "unsure", "not demand"}
    assert turns["service"].nunique() >= 4 and turns["speaker"].isin(["Caller", "Call handler"]).all()

    def calls(pattern):
        return [n for n, words in said.items() if re.search(pattern, words)]

    gas = calls("smell gas")
    assert len(gas) == 1 and outcome[gas[0]] == ["value"]
    handler = turns[(turns["number"] == gas[0]) & (turns["speaker"] == "Call handler")]["words"].iloc[0]
    assert handler.index("0800 111 999") > handler.index("go outside"), "safety first, then the emergency line"
    assert [outcome[n] for n in calls("between eight and one")] == [["failure"]], "chasing inside the slot is failure"
    assert [outcome[n] for n in calls("put me through")] == [["failure"]], "a wrong door is failure, not 'not demand'"
    assert ["value", "failure"] in list(outcome), "one call carrying two demands"
    assert outcome[calls("water coming through")[0]] == ["value"], "a clean first report of a leak"


# ------------------------------------------------------------------ workbook 2's files

@pytest.fixture(scope="module")
def practice():
    return pd.read_csv(datasets.path("lessons/wb02_verbatims.csv"), dtype=str)


@pytest.fixture(scope="module")
def reference():
    return pd.read_csv(datasets.path("lessons/wb02_reference.csv"), dtype=str)


def test_practice_file_holds_no_answers(practice):
    assert set(practice.columns) == {"source_id", "contact_id", "verbatim"}


def test_reference_matches_the_practice_and_has_every_outcome(practice, reference):
    assert list(reference["source_id"]) == list(practice["source_id"])
    assert set(reference["classification"]) == {"value", "failure", "unsure", "not demand"}
    assert reference["reason"].str.len().min() > 40


def test_the_planted_cases_are_there(practice, reference):
    both = practice.merge(reference, on="source_id")
    two = both.groupby("contact_id").filter(lambda g: len(g) == 2)
    assert sorted(two["classification"]) == ["failure", "value"], "one contact with a value and a failure demand"
    slot = both[both["verbatim"].str.contains("slot")]
    assert list(slot["classification"]) == ["failure"] and "still inside" in slot["reason"].iloc[0]
    assert both["reason"].str.contains("turns out").any()


def test_all_value_answers_get_explaining_feedback(practice, reference):
    fb = compare({s: "value" for s in practice["source_id"]}, reference, verbatims=practice)
    assert fb.same == (reference["classification"] == "value").sum()
    assert fb.different == len(reference) - fb.same
    assert all(p.split(":")[0] in set(reference["source_id"]) for p in fb.points)


def test_the_exercise_widget_runs_on_the_files(practice, reference):
    box = classify_exercise(practice, reference)
    assert box.answers == {}


def test_published_figures_have_sources_and_say_what_they_counted():
    table = lessons.published_figures()
    assert len(table) >= 5
    assert table["source_title"].notna().all() and table["source_url"].str.startswith("http").all()
    assert table["what_was_counted"].str.contains("NI14").any()
    view = lessons.published_view().html
    assert "never a benchmark or a target" in view and view.count("<tr>") == len(table) + 1


def test_where_things_are_saved_shows_no_machine_path(monkeypatch, tmp_path):
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path))
    text = lessons.where_things_are_saved()
    assert str(tmp_path) not in text and "DEMAND_STUDIES_DIR" in text
    monkeypatch.delenv("DEMAND_STUDIES_DIR")
    assert "studies/" in lessons.where_things_are_saved()


# ------------------------------------------------------------------ typed-up sheets (workbook 4)

def test_the_typed_up_sheet_loads_with_its_second_demand_in_the_same_contact():
    from helpers import load_demands

    frame = load_demands(datasets.path("lessons/typed_up_sheet.csv"))
    assert len(frame) == 7
    assert (frame["contact_id"] == "3").sum() == 2
    assert set(frame["classification"]) == {"value", "failure", "unsure", "not demand"}
    assert frame["received_at"].dt.month.eq(3).all(), "day-first: 02/03/2026 is 2 March"


@pytest.mark.parametrize("name, row, column, words", [
    ("typed_up_date_slip.csv", 3, "Date", "dayfirst=False"),
    ("typed_up_code_slip.csv", 3, "V/F/?", "not a classification"),
])
def test_the_slips_give_a_short_plain_message(name, row, column, words):
    from helpers import DemandDataError, load_demands

    with pytest.raises(DemandDataError) as caught:
        load_demands(datasets.path(f"lessons/{name}"))
    text = lessons.short_error(caught.value)
    assert text.startswith(f"{name}, row {row}, column {column!r}: ")
    assert words in text and str(datasets.folder()) not in text
