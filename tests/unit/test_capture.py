"""The capture form and the group classifier, driven as the page drives them (no browser).

Each test sends the messages the front end sends (``widget.receive(message)`` is what the
comm callback runs) and then reads the study file, opened read-only, to see what is there.
"""
from __future__ import annotations

import contextlib
import datetime as dt
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.teaching.capture import CaptureForm, GroupClassifier, capture, capture_app, classify_together
from helpers.core.study import Study


@pytest.fixture
def study(tmp_path):
    s = Study.create(tmp_path / "repairs.study", name="Repairs", service="Housing repairs")
    yield s
    s.close()


def on_disk(path) -> pd.DataFrame:
    """What the file holds, read the way a leader's view reads it (never changes it)."""
    with Study.open(path, readonly=True) as s:
        return s.demands()


def save(form, verbatim, **fields):
    msg = {"kind": "save", "req": fields.pop("req", "r"), "verbatim": verbatim}
    msg.update(fields)
    return form.receive(msg)


# ---------------------------------------------------------------- capture

def test_a_save_message_is_recorded_with_every_field_it_carries(study):
    form = capture(study)
    reply = save(form, "You said you'd come this morning and it's gone twelve ", classification="failure",
                 demand_type="Is someone coming today?", channel="phone", captured_by="Asha",
                 notes="second call today")
    assert reply["kind"] == "saved" and reply["id"] == 1
    assert reply["created_type"] == "Is someone coming today?"
    row = on_disk(study.path).iloc[0]
    assert row["verbatim"] == "You said you'd come this morning and it's gone twelve "  # exactly, space and all
    assert (row["classification"], row["demand_type"], row["channel"], row["captured_by"], row["notes"]) == (
        "failure", "Is someone coming today?", "phone", "Asha", "second call today")
    assert pd.notna(row["received_at"]) and row["contact_id"]
    types = study.types().set_index("name")
    assert types.loc["Is someone coming today?", "origin"] == "emerged"
    assert types.loc["Is someone coming today?", "first_seen_by"] == "Asha"
    assert form.captured_by == "Asha"  # remembered for the next one


def test_capture_never_forces_a_classification(study):
    form = capture(study, captured_by="Ben")
    assert save(form, "Can I pay my rent by card?")["kind"] == "saved"
    row = on_disk(study.path).iloc[0]
    assert row["classification"] is None and row["demand_type"] is None and row["captured_by"] == "Ben"


@pytest.mark.parametrize("classification, label", [("unsure", "Unsure because"),
                                                    ("not demand", "Not customer demand because")])
def test_unsure_and_not_demand_keep_their_note(study, classification, label):
    form = capture(study, captured_by="Ben")
    save(form, "It's the contractor, I need the key safe code", classification=classification,
         reason="an operative, not a resident", notes="rang twice")
    row = on_disk(study.path).iloc[0]
    assert row["classification"] == classification
    assert row["notes"] == f"{label}: an operative, not a resident. rang twice"


def test_an_empty_box_is_refused_and_nothing_is_written(study):
    form = capture(study, captured_by="Ben")
    for text in ["", "   \n ", None]:
        reply = save(form, text)
        assert reply["kind"] == "failed" and "Nothing to save" in reply["message"]
    assert len(on_disk(study.path)) == 0


def test_a_save_sent_twice_with_its_key_is_written_once(study):
    form = capture(study, captured_by="Ben")
    first = save(form, "Where's my plumber?", key="k-1", req="a")
    again = save(form, "Where's my plumber?", key="k-1", req="b")
    assert again["kind"] == "saved" and again["id"] == first["id"] and again["req"] == "b"
    assert len(on_disk(study.path)) == 1


def test_another_demand_in_the_same_contact_shares_its_contact_id(study):
    form = capture(study, captured_by="Asha")
    first = save(form, "I want to report a new leak")
    second = save(form, "and where's the plumber from last week?", same_contact=True,
                  contact_id=first["contact_id"])
    # A page reloaded since (it forgot the id): Python remembers this person's last contact.
    third = save(form, "and my neighbour's too", same_contact=True)
    fourth = save(form, "A new caller")
    frame = on_disk(study.path)
    assert frame["contact_id"].tolist()[:3] == [first["contact_id"]] * 3
    assert fourth["contact_id"] != first["contact_id"] and frame["contact_id"].iloc[3] == fourth["contact_id"]
    assert second["id"] == 2 and third["id"] == 3


def test_a_type_typed_in_another_case_is_the_teams_own_type(study):
    form = capture(study, captured_by="Asha")
    save(form, "water through the ceiling", demand_type="Report a leak")
    reply = save(form, "dripping from the light", demand_type="  report   a LEAK ")
    assert reply["created_type"] is None
    assert study.types()["name"].tolist() == ["Report a leak"]
    assert form.types[0] == {"name": "Report a leak", "classification": None, "uses": 2}


def test_undo_takes_back_my_last_entry_and_shows_its_words_never_someone_elses(study):
    form = capture(study)
    save(form, "Asha's demand", captured_by="Asha")
    save(form, "Ben's demand", captured_by="Ben")
    reply = form.receive({"kind": "undo", "req": "u", "by": "Asha"})
    assert reply["kind"] == "undone" and reply["ok"]
    assert reply["message"].startswith("Undid Asha's") and "demand 1" in reply["message"] and "“Asha's demand”" in reply["message"]
    assert on_disk(study.path)["verbatim"].tolist() == ["Ben's demand"]
    nothing = form.receive({"kind": "undo", "req": "u2", "by": "Asha"})
    assert not nothing["ok"] and "Nothing to undo" in nothing["message"]
    assert form.tally["demands"] == 1


def test_the_tally_counts_failure_share_of_classified_demand_only(study):
    form = capture(study, captured_by="Asha")
    for cls_ in ["failure", "failure", "value", "unsure", "not demand", None]:
        save(form, f"a {cls_} demand", classification=cls_)
    tally = form.tally
    assert (tally["demands"], tally["failure"], tally["value"], tally["classified"]) == (6, 2, 1, 3)
    assert tally["share_text"] == "Failure demand so far: 2 of 3 classified as value or failure (67%)."


def test_new_types_in_the_last_day_and_the_saturation_sentence(tmp_path):
    from helpers.analysis.saturation import saturation

    study = Study.create(tmp_path / "s.study", name="S")
    study.add_types(["Pay rent"])  # declared before the first demand: not "new"
    now = dt.datetime.now().replace(microsecond=0)
    form = CaptureForm(study, captured_by="Asha", clock=lambda: now)
    save(form, "how do I pay", demand_type="Pay rent")
    save(form, "are you coming", demand_type="Chasing a visit")
    assert form.tally["new_types"] == ["Chasing a visit"]
    assert form.tally["new_types_text"] == "New types in the last day: “Chasing a visit”"
    # Names that end in punctuation never meet the line's own ("today?." or "Leak..").
    save(form, "is anyone coming today", demand_type="Is someone still coming today?")
    save(form, "water through the ceiling", demand_type="Leak.")
    text = form.tally["new_types_text"]
    assert text == "New types in the last day: “Chasing a visit”, “Is someone still coming today?”, “Leak.”"
    assert not re.search(r"[.?!,:;]\s*[.,:;]", text)
    later = CaptureForm(study, captured_by="Asha", clock=lambda: now + dt.timedelta(days=2))
    assert later.tally["new_types_text"] == "No new types in the last day."
    assert form.saturation == saturation(study).message and form.saturation
    study.close()


def test_heavy_figures_refresh_after_the_answer_not_before(study):
    # With an event loop running (as in a kernel) the refresh is scheduled for later.
    import asyncio

    form = capture(study, captured_by="Asha")
    form.refresh_delay, form.defer_refresh = 0.05, True  # as inside a kernel

    async def go():
        reply = save(form, "first")
        before = form.tally["demands"]
        await asyncio.sleep(0.3)
        return reply, before, form.tally["demands"]

    # In a thread of its own: the test process may already run a loop (Playwright's).
    import threading

    out = []
    worker = threading.Thread(target=lambda: out.append(asyncio.run(go())))
    worker.start()
    worker.join(timeout=30)
    reply, before, after = out[0]
    assert reply["kind"] == "saved" and before == 0 and after == 1


def test_a_deleted_study_file_refuses_the_save_and_says_so(tmp_path):
    path = tmp_path / "gone.study"
    study = Study.create(path, name="Gone")
    form = capture(study, captured_by="Asha")
    save(form, "before")
    study.close()
    study = Study.open(path)
    form = capture(study, captured_by="Asha")
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    reply = save(form, "the words that must not vanish")
    assert reply["kind"] == "failed"
    assert "cannot be found any more" in reply["message"] and "still in the box" in reply["message"]


@contextlib.contextmanager
def reopened_with(study, pragma: str):
    """The study closed and opened again with one SQLite setting only a test wants, put on
    its connection as it opens the file: a fault brought in on purpose."""
    connect = Study._connect

    def connect_with(*args, **kwargs):
        con = connect(*args, **kwargs)
        con.execute(pragma)
        return con

    study.close()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Study, "_connect", staticmethod(connect_with))
        again = Study.open(study.path)
    with again:
        yield again


def test_a_locked_study_file_refuses_the_save_and_says_so(study):
    with reopened_with(study, "PRAGMA busy_timeout = 50") as study:  # don't wait the real 30 s in a test
        form = capture(study, captured_by="Asha")
        other = sqlite3.connect(study.path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
        try:
            reply = save(form, "said while the file was locked")
        finally:
            other.execute("ROLLBACK")
            other.close()
        assert reply["kind"] == "failed" and "locked" in reply["message"] and "still in the box" in reply["message"]
        assert save(form, "said while the file was locked")["kind"] == "saved"
        assert on_disk(study.path)["verbatim"].tolist() == ["said while the file was locked"]


def test_a_full_disk_refuses_the_save_and_says_so(study):
    # SQLite's own "disk full": the file may not grow (a cap below its size is taken as its size)
    with reopened_with(study, "PRAGMA max_page_count = 1") as study:
        form = capture(study, captured_by="Asha")
        reply = save(form, "x" * 20000)
        assert reply["kind"] == "failed" and "full" in reply["message"] and "still in the box" in reply["message"]
        assert len(on_disk(study.path)) == 0


def test_a_study_opened_read_only_cannot_take_a_save(study):
    save(capture(study, captured_by="Asha"), "one")
    ro = Study.open(study.path, readonly=True)
    form = capture(ro)
    assert "read-only" in form.notice
    reply = save(form, "two")
    assert reply["kind"] == "failed" and "still in the box" in reply["message"]
    ro.close()


def test_odd_messages_are_answered_plainly_never_raised(study):
    form = capture(study)
    assert form.receive({"kind": "dance"})["kind"] == "failed"
    assert form.receive("not a dict")["kind"] == "failed"
    group = classify_together(study)
    assert group.receive({"kind": "classify", "id": "seven", "classification": "value"})["kind"] == "failed"
    reply = group.receive({"kind": "classify", "id": 99, "classification": "value"})
    assert reply["kind"] == "failed" and "no demand 99" in reply["message"]
    reply = group.receive({"kind": "classify", "id": 99, "classification": "maybe"})
    assert reply["kind"] == "failed" and "is not a classification" in reply["message"]


def test_after_a_kernel_restart_reopening_the_study_has_everything(tmp_path):
    path = tmp_path / "restart.study"
    study = Study.create(path, name="Restart")
    form = capture(study, captured_by="Asha")
    words = [f"demand number {i}" for i in range(5)]
    for w in words:
        assert save(form, w, demand_type="Chasing")["kind"] == "saved"
    del form, study  # the kernel dies: no close, no goodbye
    reopened = Study.open(path)
    form = capture(reopened, captured_by="Asha")
    assert form.tally["demands"] == 5 and form.types[0]["uses"] == 5
    assert save(form, "after the restart")["id"] == 6
    assert on_disk(path)["verbatim"].tolist() == words + ["after the restart"]
    reopened.close()


verbatims = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                    min_size=1, max_size=200).filter(lambda s: s.strip())


@settings(max_examples=20)
@given(texts=st.lists(verbatims, min_size=1, max_size=4))
def test_any_words_come_back_exactly_as_typed(tmp_path_factory, texts):
    path = tmp_path_factory.mktemp("h") / "h.study"
    study = Study.create(path, name="H")
    form = CaptureForm(study, captured_by="Asha")
    ids = [form.receive({"kind": "save", "verbatim": t, "key": str(i)}, refresh=False)["id"]
           for i, t in enumerate(texts)]
    study.close()
    assert ids == list(range(1, len(texts) + 1))
    assert on_disk(path)["verbatim"].tolist() == texts


# ---------------------------------------------------------------- group classification

def sheet(n=5, **extra) -> pd.DataFrame:
    frame = pd.DataFrame({
        "verbatim": [f"what person {i} said" for i in range(n)],
        "received_at": pd.date_range("2026-03-02 09:00", periods=n, freq="17min"),
        "channel": ["phone"] * n,
        "source_id": [f"sheet1-{i}" for i in range(n)],
    })
    for k, v in extra.items():
        frame[k] = v
    return frame


def press(view, classification, demand_type=None, reason=None):
    return view.receive({"kind": "classify", "req": "k", "id": view.item["id"], "classification": classification,
                         "demand_type": demand_type, "reason": reason})


def test_group_classification_imports_a_sheet_and_steps_through_it(study):
    view = classify_together(study, sheet(), by="Team")
    assert view.progress == {"done": 0, "total": 5}
    assert view.item["verbatim"] == "what person 0 said" and view.item["source_id"] == "sheet1-0"
    press(view, "failure", "Chasing a visit", reason="we said we'd come")
    press(view, "value", "Report a leak")
    assert view.item["verbatim"] == "what person 2 said" and view.progress == {"done": 2, "total": 5}
    frame = on_disk(study.path)
    assert frame["source_id"].tolist() == [f"sheet1-{i}" for i in range(5)]
    assert frame["classification"].tolist()[:2] == ["failure", "value"]
    assert frame["demand_type"].tolist()[:2] == ["Chasing a visit", "Report a leak"]
    events = study.events()
    reclass = events[events["action"] == "reclassify"]
    assert reclass.iloc[0]["details"]["reason"] == "we said we'd come" and reclass.iloc[0]["by"] == "Team"
    assert set(study.types()["origin"]) == {"emerged"}
    assert [t["name"] for t in view.types] == ["Chasing a visit", "Report a leak"]


def test_group_classification_resumes_where_the_team_stopped(study):
    view = classify_together(study, sheet())
    press(view, "failure")
    press(view, "value")
    press(view, "unsure")
    again = classify_together(study, sheet())  # the same sheet, a new session
    assert len(on_disk(study.path)) == 5  # nothing imported twice
    assert again.item["verbatim"] == "what person 3 said" and again.progress == {"done": 3, "total": 5}
    settle = classify_together(study, sheet(), include_unsure=True)
    assert settle.item["verbatim"] == "what person 2 said" and settle.progress == {"done": 2, "total": 5}


def test_a_longer_sheet_brings_in_only_its_new_rows(study):
    classify_together(study, sheet(3))
    view = classify_together(study, sheet(5))
    assert len(on_disk(study.path)) == 5 and view.progress["total"] == 5


def test_rows_without_a_source_id_get_one_from_their_file_and_row(study, tmp_path):
    path = tmp_path / "monday.csv"
    sheet(3).drop(columns=["source_id"]).to_csv(path, index=False)
    view = classify_together(study, path)
    assert view.item["source_id"] == "monday.csv row 2"
    classify_together(study, path)  # again: matched by those ids, nothing imported twice
    assert len(on_disk(study.path)) == 3


def test_skip_and_back(study):
    view = classify_together(study, sheet(3))
    view.receive({"kind": "skip"})
    assert view.item["verbatim"] == "what person 1 said"
    press(view, "value")
    view.receive({"kind": "back"})
    assert view.item["verbatim"] == "what person 1 said" and view.item["classification"] == "value"
    press(view, "failure", reason="it was the same leak")  # changed after the argument
    assert view.item["verbatim"] == "what person 2 said"
    press(view, "value")
    assert view.item is None and view.progress == {"done": 2, "total": 3}
    assert on_disk(study.path)["classification"].fillna("undecided").tolist() == ["undecided", "failure", "value"]


def test_without_a_sheet_it_offers_every_undecided_demand_in_the_study(study):
    form = capture(study, captured_by="Asha")
    save(form, "already decided", classification="value")
    save(form, "left undecided at capture")
    view = classify_together(study)
    assert view.item["verbatim"] == "left undecided at capture" and view.progress == {"done": 1, "total": 2}
    save(form, "captured while the team talks")
    view.receive({"kind": "reload"})
    assert view.progress == {"done": 1, "total": 3}


def test_findings_appear_as_quiet_cards_when_the_checks_are_there(study):
    view = classify_together(study, sheet(), by="Priya")
    try:
        from helpers.analysis.checks import check_study
    except ImportError:
        assert view.findings == []
        return
    # Enough demand, on two days, all heard by an analyst: the checks have something to say.
    study.add_member("Priya", "improvement analyst")
    form = capture(study, captured_by="Priya")
    for i in range(12):
        save(form, f"water through the ceiling {i}", classification="value", demand_type="Leak")
    view.receive({"kind": "reload"})
    expected = [f.message for f in check_study(study) if not getattr(f, "acknowledged", None)][:6]
    assert expected, "the checks found nothing to say, so this test shows nothing"
    assert [c["message"] for c in view.findings] == expected
    assert all(c["severity"] in ("note", "warning") for c in view.findings)


# ---------------------------------------------------------------- the app in its three modes

def test_the_app_in_lab_mode_practises_on_a_study_in_the_studies_folder():
    from helpers.core.session import studies_dir

    app = capture_app()
    assert isinstance(app.form, CaptureForm) and isinstance(app.group, GroupClassifier)
    assert app.study.path == studies_dir() / "practice.study" and "Practising on" in app.form.notice
    save(app.form, "practice words")
    assert capture_app().form.tally["demands"] == 1  # the same practice study again


def test_the_app_in_readonly_mode_uses_a_scratch_study_and_says_so(monkeypatch, tmp_path):
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path / "none"))
    app = capture_app()
    assert app.study.is_scratch and "read-only walkthrough" in app.form.notice
    assert save(app.form, "tried out")["kind"] == "saved"
    assert not (tmp_path / "none").exists()


def test_the_app_in_capture_mode_writes_only_to_the_study_from_the_environment(monkeypatch, study):
    monkeypatch.setenv("DEMAND_MODE", "capture")
    monkeypatch.setenv("DEMAND_STUDY", str(study.path))
    app = capture_app()
    assert app.study.path == study.path and app.form.notice == ""
    save(app.form, "for real")
    assert on_disk(study.path)["verbatim"].tolist() == ["for real"]


def test_the_app_without_its_study_says_what_to_do(monkeypatch, tmp_path):
    monkeypatch.setenv("DEMAND_MODE", "capture")
    monkeypatch.setenv("DEMAND_STUDY", str(tmp_path / "missing.study"))
    app = capture_app()
    assert "could not start" in app.value and "make capture STUDY=" in app.value
    monkeypatch.delenv("DEMAND_STUDY")
    assert "make capture STUDY=" in capture_app().value


def test_the_switch_key_moves_between_the_apps_two_views():
    app = capture_app()
    tabs = app.children[1]
    assert app.form.switch_label == "to classify together" and app.group.switch_label == "back to capture"
    assert app.form.receive({"kind": "switch"}) is None and tabs.selected_index == 1
    app.group.receive({"kind": "switch"})
    assert tabs.selected_index == 0
    alone = capture(app.study)  # outside the app there is nowhere to switch to
    assert alone.switch_label == "" and alone.receive({"kind": "switch"}) is None


def test_classifying_together_is_logged_as_the_groups_unless_a_person_is_named():
    import pandas as pd

    from helpers.core.study import Study
    from helpers.teaching.capture import classify_together

    study = Study.scratch()
    sheet = pd.DataFrame({"verbatim": ["Where is my plumber?", "New leak"], "source_id": ["s1", "s2"]})
    together = classify_together(study, sheet)
    together.receive({"kind": "classify", "id": together.item["id"], "classification": "failure"})
    named = classify_together(study, by="Priya")
    named.receive({"kind": "classify", "id": named.item["id"], "classification": "value"})
    events = study.events()
    assert events.loc[events["action"] == "reclassify", "by"].tolist() == ["the group", "Priya"]
