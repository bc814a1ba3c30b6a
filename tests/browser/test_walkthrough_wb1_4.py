"""Workbooks 1-4 as a leader sees them (read-only Voila, in Chromium) and as a team uses them.

Each browser test opens one workbook in a read-only walkthrough, drives its interactive part
the way a person would (a button, a form, the keyboard), checks the page answers, shows no
error, and ends with the invitation to come and listen. The other tests check what the
notebooks link to and that the workbook's forms leave a real study as the team expects.
"""
from __future__ import annotations

import json

import pytest

from curriculum import ROOT, assert_clean_and_inviting, open_walkthrough
NOTEBOOKS = ["01_start_here.ipynb", "02_what_demand_is.ipynb", "03_plan_your_study.ipynb",
             "04_listen_and_capture.ipynb"]


def test_workbook_2_never_shows_the_answers_before_the_learner_answers():
    nb = json.loads((ROOT / "workbooks" / "02_what_demand_is.ipynb").read_text(encoding="utf-8"))
    shown = json.dumps([c.get("outputs", []) for c in nb["cells"] if c["cell_type"] == "code"])
    import pandas as pd
    from helpers.core import datasets

    reference = pd.read_csv(datasets.path("lessons/wb02_reference.csv"), dtype=str)
    for reason in reference["reason"]:
        assert reason[:40] not in shown, "a reference reason is in the stored outputs"


def test_the_form_in_workbook_3_creates_a_study_that_workbook_4_captures_into(monkeypatch, tmp_path):
    # What a team does in its own JupyterLab: create in workbook 3, brief, then capture in workbook 4.
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path))
    monkeypatch.setenv("DEMAND_MODE", "lab")
    import helpers
    from helpers.teaching import lessons, setup
    from helpers.teaching.capture import capture
    from helpers.core.study import Study

    form = setup.study_form("Repairs line, spring")
    form.service.value = "housing repairs line"
    form.team.value = "Sam: repairs manager\nPriya: call handler"
    form.tick(doors=["phone", "reception"])
    form._submit()
    assert "Created" in form.status.value
    briefing = lessons.briefing_form(form.study, by="Sam")
    briefing._click()
    picker = helpers.pick_study()  # workbook 4 starts on the study the team made
    assert picker.study.path == form.study.path
    reply = capture(picker.study, captured_by="Priya").receive(
        {"kind": "save", "req": "1", "verbatim": "Is anyone coming today? The slot was eight till one."})
    assert reply["kind"] == "saved"
    with Study.open(form.study.path, readonly=True) as saved:
        assert list(saved.briefings()["by"]) == ["Sam"]
        assert list(saved.demands()["captured_by"]) == ["Priya"]
        assert set(saved.members()["name"]) == {"Sam", "Priya"}


# ------------------------------------------------------------------ in a real browser

@pytest.mark.browser
def test_wb1_shows_the_map_with_its_text_alternative_and_the_nine_mistakes(voila_server, page):
    open_walkthrough(voila_server, page, "01_start_here.ipynb")
    page.locator("table.demand-mistakes").wait_for(timeout=60_000)
    assert page.locator("table.demand-mistakes tbody tr").count() == 9
    alt = page.locator("figure.demand-figure img").first.get_attribute("alt")
    assert "You are at demand" in alt
    assert "read-only walkthrough" in page.inner_text("body")  # where things are saved, in this mode
    assert_clean_and_inviting(page)


@pytest.mark.browser
def test_wb2_classifying_a_demand_moves_on_and_the_reasoning_explains(voila_server, page):
    open_walkthrough(voila_server, page, "02_what_demand_is.ipynb")
    page.get_by_text("Demand 1 of 15").wait_for(timeout=60_000)
    assert "the reference says" not in page.inner_text("body")
    page.get_by_role("button", name="failure", exact=True).click()
    page.get_by_text("Demand 2 of 15").wait_for()
    page.get_by_role("button", name="Show the reasoning").click()
    page.get_by_text("W01: you said failure, the reference says value.").wait_for()
    assert "never a benchmark or a target" in page.inner_text("body")
    assert_clean_and_inviting(page)


@pytest.mark.browser
def test_wb3_set_up_form_and_briefing_work_on_a_scratch_study(voila_server, page):
    open_walkthrough(voila_server, page, "03_plan_your_study.ipynb")
    page.get_by_role("button", name="Create or reopen the study").wait_for(timeout=60_000)
    assert "read-only walkthrough" in page.inner_text("body")
    page.get_by_role("button", name="Create or reopen the study").click()
    page.get_by_text("Not yet: Tick every door people use to reach the service").wait_for()
    page.get_by_role("checkbox", name="phone", exact=True).check()
    page.get_by_role("button", name="Create or reopen the study").click()
    page.get_by_text("Set up on a scratch study (nothing is saved in a walkthrough).").wait_for()
    page.get_by_placeholder("e.g. Sam (repairs manager)").fill("Sam")
    page.get_by_role("button", name="Record the briefing").click()
    page.get_by_text("Recorded in memory only").wait_for()
    page.get_by_text("briefed by Sam").wait_for()
    assert page.locator("a[download='typing-up-template.xlsx']").count() == 1
    assert_clean_and_inviting(page)


@pytest.mark.browser
def test_wb4_practice_call_captured_by_keyboard_and_compared(voila_server, page):
    open_walkthrough(voila_server, page, "04_listen_and_capture.ipynb")
    page.get_by_text("Practice call 1 of 5").wait_for(timeout=60_000)
    page.get_by_role("button", name="Next call").click()
    page.get_by_text("Practice call 2 of 5").wait_for()
    box = page.locator(".dc-capture .dc-verbatim").first
    box.click()
    page.keyboard.type("The cold tap in the bathroom won't stop dripping")
    page.keyboard.press("Control+Enter")
    page.locator(".dc-capture .dc-status").first.filter(has_text="Saved as demand 1.").wait_for(timeout=20_000)
    page.get_by_role("button", name="Compare with what I wrote").click()
    page.get_by_text("1 of 5 calls captured").wait_for()
    assert_clean_and_inviting(page)
