"""Workbooks 9-11 as a leader or commissioner sees them (read-only Voila, in Chromium), and what
they promise a reader.

The browser tests open each workbook in a read-only walkthrough and drive its interactive part
as a person would: follow someone who came back to the front door (9), move the threshold and
change an assumption (10), save a next step to the scratch study (11). Each checks that the page
answers, shows no error or traceback, gives every figure a real text alternative, and ends with
the invitation to come and listen. The other tests read the stored notebooks: links lead
somewhere, the facilitator notes are complete, no number in the prose is left unchecked where it
matters, and nothing ranks teams.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ["09_people_centred_services.ipynb", "10_measures_targets_thresholds.ipynb", "11_what_next.ipynb"]
LINK = re.compile(r"\]\(([^)\s]+)\)")


def notebook(name: str) -> dict:
    return json.loads((ROOT / "workbooks" / name).read_text(encoding="utf-8"))


def markdown(name: str) -> str:
    return "\n".join("".join(c["source"]) for c in notebook(name)["cells"] if c["cell_type"] == "markdown")


def stored_text(name: str) -> str:
    out = []
    for cell in notebook(name)["cells"]:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream":
                out.append("".join(o["text"]))
    return "\n".join(out)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_link_leads_to_a_file_that_exists(name):
    links = [l.split("#")[0] for l in LINK.findall(markdown(name)) if not l.startswith(("http", "#", "mailto:"))]
    assert links, f"{name} links to nothing: it should say where to go next"
    missing = [l for l in links if not (ROOT / "workbooks" / l).resolve().is_file()]
    assert not missing, f"{name} links to files that do not exist: {missing}"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_facilitator_note_links_back_and_names_its_mistakes(name):
    note = (ROOT / "facilitator_notes" / "workbooks" / name.replace(".ipynb", ".md")).read_text(encoding="utf-8")
    assert f"../../workbooks/{name}" in note
    for target in LINK.findall(note):
        if not target.startswith(("http", "#")):
            path = (ROOT / "facilitator_notes" / "workbooks" / target.split("#")[0]).resolve()
            assert path.is_file(), f"the note for {name} links to {target}, which does not exist"
    for heading in ("## Objectives", "## Timing", "## Set-up", "## Prompts", "## Common confusions",
                    "## Debrief questions", "## Which mistake to watch for"):
        assert heading in note, f"the note for {name} has no section {heading!r}"
    meta = notebook(name)["metadata"]["demand"]
    for mistake in meta["mistakes"]:
        assert f"**{mistake}," in note, f"the note for {name} does not name mistake {mistake}"
    assert f"about {meta['minutes']} minutes" in note, "the note and the notebook agree on the time"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_no_workbook_ranks_teams_or_calls_anything_normal(name):
    text = (markdown(name) + stored_text(name)).lower()
    for phrase in ("league table of", "rank the teams", "best team", "worst team", "within the normal range",
                   "normal for the sector", "per member of staff"):
        assert phrase not in text, f"{name} says {phrase!r}"


def test_wb9_points_to_the_safeguarding_protocol_and_says_the_comparison_is_not_causal():
    text = markdown("09_people_centred_services.ipynb")
    assert "../facilitator_notes/safeguarding.md" in text
    assert "explicit consent" in text
    assert "it does not prove" in text.lower() and "at the outset" in text
    assert notebook("09_people_centred_services.ipynb")["metadata"]["demand"]["mistakes"] == [7]


def test_wb9_counts_printed_are_the_helpers_counts():
    import helpers
    from helpers import datasets, people

    door = helpers.load_demands(datasets.path("people_front_door.csv"))
    back = people.re_presentation_summary(door)
    printed = stored_text("09_people_centred_services.ipynb")
    assert f"{back['people_back']} people came back during the study, making {back['later_contacts']} further" in printed


def test_wb10_names_the_further_reading_and_prints_the_cliff():
    text = markdown("10_measures_targets_thresholds.ipynb")
    for reading in ("Exploring the new world", "Commissioning 2.0", "Jo Gibson", "Toby Lowe", "Dawn Plimmer",
                    "Andy Brogan"):
        assert reading in text, f"workbook 10 should name {reading!r} in its further reading"
    import pandas as pd

    from helpers import datasets, targets

    cliff = targets.cliff(targets.target_view(pd.read_csv(datasets.path("people_assessment_times.csv"))))
    printed = stored_text("10_measures_targets_thresholds.ipynb")
    assert f"completed on days 25 to 28: {cliff.just_inside}" in printed
    assert f"completed on days 29 to 32: {cliff.just_outside}" in printed


def test_wb11_works_on_the_teams_study_through_open_or_create():
    code = "\n".join("".join(c["source"]) for c in notebook("11_what_next.ipynb")["cells"] if c["cell_type"] == "code")
    assert 'setup.open_or_create("our-study")' in code
    assert "nextsteps.flow_worksheet(study)" in code and "nextsteps.next_steps_form(study)" in code


# ------------------------------------------------------------------ in a real browser

def open_walkthrough(voila_server, page, name: str):
    server = voila_server(ROOT / "workbooks", mode="readonly")
    page.goto(server.url + f"/voila/render/{name}", timeout=90_000)
    return server


def assert_clean_and_inviting(page, figures: int):
    page.get_by_text("Key points").wait_for(timeout=60_000)
    text = page.inner_text("body")
    assert page.locator("[data-mime-type='application/vnd.jupyter.stderr']").count() == 0, "an error or stderr is shown"
    assert "Traceback" not in text
    assert "come and listen" in text.lower()
    imgs = page.locator("figure.demand-figure img")
    assert imgs.count() == figures
    alts = [imgs.nth(i).get_attribute("alt") for i in range(imgs.count())]
    assert all(a and len(a) > 20 for a in alts), f"every figure has a real text alternative: {alts}"


@pytest.mark.browser
def test_wb9_following_someone_who_came_back(voila_server, page):
    import helpers
    from helpers import datasets, people

    open_walkthrough(voila_server, page, "09_people_centred_services.ipynb")
    picker = page.locator(".widget-dropdown select").first
    picker.wait_for(timeout=60_000)
    table = page.locator(".demand-person")
    before = table.inner_text()
    assert "What was said" in before
    door = helpers.load_demands(datasets.path("people_front_door.csv"))
    back = people.re_presentations(door)
    other = back[back["came_back"]]["person_id"].iloc[-1]
    labels = picker.locator("option").all_inner_texts()
    assert labels[-1].startswith(str(other))
    picker.select_option(label=labels[-1])
    last_words = people.contacts_of(door, other)["What was said"].iloc[-1]
    table.filter(has_text=last_words[:25]).wait_for(timeout=20_000)
    assert table.inner_text() != before
    assert_clean_and_inviting(page, figures=3)


@pytest.mark.browser
def test_wb10_moving_the_threshold_changes_the_words(voila_server, page):
    open_walkthrough(voila_server, page, "10_measures_targets_thresholds.ipynb")
    slider = page.locator(".widget-slider").first
    slider.wait_for(timeout=60_000)
    words = page.get_by_text("With help only from need level 3").last
    words.wait_for()
    # Keyboard on the slider handle, as a person without a mouse would move it.
    page.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("With help only from need level 4").last.wait_for(timeout=20_000)
    # Change an assumption: referrals a month.
    box = page.locator(".widget-text input[type='number']").first
    box.fill("200")
    box.press("Enter")
    page.get_by_text("of every 200 referrals a month").last.wait_for(timeout=20_000)
    assert_clean_and_inviting(page, figures=3)


@pytest.mark.browser
def test_wb11_a_next_step_is_saved_to_the_scratch_study_and_a_solution_is_noticed(voila_server, page):
    open_walkthrough(voila_server, page, "11_what_next.ipynb")
    page.get_by_text("read-only walkthrough").first.wait_for(timeout=60_000)
    box = page.get_by_placeholder("Our next step is to follow")
    box.wait_for()
    box.fill("Implement a new CRM by March")
    page.get_by_role("button", name="Save this next step").click()
    page.get_by_text("A note (mistake 9):").wait_for(timeout=20_000)
    page.get_by_text("Next steps saved with the study").wait_for()
    box.fill("Follow ten requests for help at home end to end")
    page.get_by_role("button", name="Save this next step").click()
    page.locator("li").filter(has_text="Follow ten requests for help at home end to end").wait_for(timeout=20_000)
    assert page.locator("li").filter(has_text="[a study]").count() == 1
    assert_clean_and_inviting(page, figures=2)
