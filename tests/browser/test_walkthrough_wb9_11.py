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


import pytest

from curriculum import assert_clean_and_inviting, markdown, notebook, open_walkthrough, stored_text
NOTEBOOKS = ["09_people_centred_services.ipynb", "10_measures_targets_thresholds.ipynb", "11_what_next.ipynb"]


def test_wb9_points_to_the_safeguarding_protocol_and_says_the_comparison_is_not_causal():
    text = markdown("09_people_centred_services.ipynb")
    assert "../facilitator_notes/safeguarding.md" in text
    assert "explicit consent" in text
    assert "it does not prove" in text.lower() and "at the outset" in text
    assert notebook("09_people_centred_services.ipynb")["metadata"]["demand"]["mistakes"] == [7]


def test_wb9_counts_printed_are_the_helpers_counts():
    import helpers
    from helpers.core import datasets
    from helpers.teaching import people

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

    from helpers.core import datasets

    from helpers.teaching import targets

    cliff = targets.cliff(targets.target_view(pd.read_csv(datasets.path("people_assessment_times.csv"))))
    printed = stored_text("10_measures_targets_thresholds.ipynb")
    assert f"completed on days 25 to 28: {cliff.just_inside}" in printed
    assert f"completed on days 29 to 32: {cliff.just_outside}" in printed


def test_wb11_works_on_the_study_the_team_picks_never_one_named_in_its_code():
    code = "\n".join("".join(c["source"]) for c in notebook("11_what_next.ipynb")["cells"] if c["cell_type"] == "code")
    assert "setup.pick_study()" in code and "open_or_create" not in code
    assert "picker.show(nextsteps.flow_worksheet)" in code and "picker.show(nextsteps.next_steps_form)" in code


# ------------------------------------------------------------------ in a real browser

@pytest.mark.browser
def test_wb9_following_someone_who_came_back(voila_server, page):
    import helpers
    from helpers.core import datasets
    from helpers.teaching import people

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
    slider = page.get_by_role("slider", name="Help from need level")
    slider.wait_for(timeout=60_000)
    words = page.get_by_text("With help only from need level 3").last
    words.wait_for()
    chart = page.locator(".widget-html img[alt^='Band chart']")
    before = chart.get_attribute("src")
    # Keyboard on the slider, as a person without a mouse would move it (it has a name to say).
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.get_by_text("With help only from need level 4").last.wait_for(timeout=20_000)
    # The chart follows, and says what it now shows to people who cannot see it.
    page.locator(".widget-html img[alt^='Band chart: with help only from need level 4']").wait_for(timeout=20_000)
    assert chart.get_attribute("src") != before
    # Change an assumption: referrals a month.
    box = page.locator(".widget-text input[type='number']").first
    box.fill("200")
    box.press("Enter")
    page.get_by_text("of every 200 referrals a month").last.wait_for(timeout=20_000)
    assert_clean_and_inviting(page, figures=5)  # four charts, and the explorer's


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
