"""Pick a team: the sample teams replayed, their typologies, and the widget that shows one at a time."""
from __future__ import annotations

import html
import json

import pandas as pd
import pytest

from helpers import Study, StudyError

from helpers.core import datasets

from helpers.teaching import teams


def _team(name_part: str) -> Study:
    found = [s for n, s in teams.sample_teams().items() if name_part in n]
    assert len(found) == 1, f"expected one team named like {name_part!r}: {list(teams.sample_teams())}"
    return found[0]


def test_the_sample_teams_come_back_in_file_order_named_as_in_their_files():
    found = teams.sample_teams()
    names = []
    for file in teams.TEAM_FILES:
        first = pd.read_csv(datasets.path(file), nrows=1)
        assert first.loc[0, "action"] == "create"
        names.append(json.loads(first.loc[0, "args"])["name"])
    assert list(found) == names


def test_replaying_is_cached_and_the_shared_copies_cannot_be_changed():
    once, twice = teams.sample_teams(), teams.sample_teams()
    assert all(once[n] is twice[n] for n in once)
    study = next(iter(once.values()))
    before = len(study.demands())
    with pytest.raises(StudyError, match="read-only"):
        study.record("is he still coming?", classification="failure")
    assert len(study.demands()) == before


def test_fresh_copies_are_new_and_can_be_changed():
    shared = teams.sample_teams()
    fresh = teams.sample_teams(fresh=True)
    assert list(fresh) == list(shared)
    name = list(fresh)[-1]
    assert fresh[name] is not shared[name]
    new_id = fresh[name].record("water through my ceiling", classification="value", demand_type="Leak")
    assert new_id == len(shared[name].demands()) + 1


def test_the_typology_says_where_each_type_came_from():
    north, central = _team("North"), _team("Central")
    north_types, central_types = teams.typology(north), teams.typology(central)
    # North sorted its paper sheets into piles and typed the piles in after listening had begun.
    assert (north_types["origin"] == "imported").sum() > (north_types["origin"] == "emerged").sum() > 0
    assert set(north_types.loc[north_types["origin"] == "imported", "where it came from"]) == {teams.ORIGIN_WORDS["imported"]}
    # Central named types live and consolidated them daily: all emerged, and merged ones are gone.
    assert set(central_types["origin"]) == {"emerged"}
    merged = central.types(include_merged=True)
    gone = set(merged.loc[merged["merged_into"].notna(), "name"])
    assert gone and not gone & set(central_types["type"])
    # Every typed demand is counted once, in the type it ended up in.
    demands = central.demands()
    assert central_types["demands"].sum() == demands["demand_type"].notna().sum()
    # In the order the types were named.
    assert central_types["named on"].is_monotonic_increasing


def test_the_summary_is_counted_from_the_demands():
    study = _team("Estate")
    facts = teams.team_summary(study)
    demands = study.demands()
    value = int((demands["classification"] == "value").sum())
    failure = int((demands["classification"] == "failure").sum())
    assert (facts["value"], facts["failure"]) == (value, failure)
    assert facts["failure_share"] == pytest.approx(failure / (value + failure))
    assert f"{failure} of {value + failure}" in facts["share_text"]
    assert facts["days"] == demands["received_at"].dt.date.nunique()
    assert facts["new_types_by_day"]["new_types"].sum() == facts["types"] == len(study.types())
    assert sum(facts["origins"].values()) == facts["types"]
    assert facts["saturation_message"] == facts["saturation"].message


def test_the_view_shows_the_typology_and_the_sentence_but_no_one_by_name():
    study = _team("Central")
    page = teams.team_view(study, figure=False)
    for name in teams.typology(study)["type"].head(5):
        assert str(name).replace("'", "&#x27;") in page
    assert teams.team_summary(study)["saturation_message"].split(":")[0] in page
    # No figure per member of staff: nobody's name appears, only their roles.
    for person in study.members()["name"]:
        assert person not in page
    assert "Contact Centre Manager" in page


def test_the_view_escapes_what_a_team_typed_and_draws_a_captioned_curve():
    study = Study.scratch(name="<b>Ours</b>")
    study.record("is he still coming?", classification="failure", demand_type="Coming <today>?",
                 received_at="2026-03-02T12:10")
    study.record("leak in the kitchen", classification="value", demand_type="Leak", received_at="2026-03-03T09:10")
    page = teams.team_view(study)
    assert "<b>Ours</b>" not in page and "&lt;b&gt;Ours&lt;/b&gt;" in page
    assert "Coming &lt;today&gt;?" in page
    assert '<img src="data:image/png;base64,' in page and 'alt="Line rising in steps' in page
    assert "What to notice:" in page


def test_choosing_a_team_changes_the_view():
    picker = teams.pick_a_team(figure=False)
    names = list(picker.teams)
    assert list(picker.dropdown.options) == names
    seen = {picker.dropdown.value: picker.view.value}
    for name in names[1:]:
        picker.dropdown.value = name
        assert name.replace("'", "&#x27;").split(":")[0] in picker.view.value
        seen[name] = picker.view.value
    assert len(set(seen.values())) == len(names)
    picker.dropdown.value = names[0]
    assert picker.view.value == seen[names[0]]


def test_teams_are_offered_in_the_order_given_never_sorted_by_a_figure():
    shared = teams.sample_teams()
    backwards = dict(reversed(list(shared.items())))
    picker = teams.pick_a_team(backwards, figure=False)
    assert list(picker.dropdown.options) == list(backwards)
    assert list(backwards) != sorted(backwards)  # so an alphabetical sort would have been caught
    assert list(teams.pick_a_team(figure=False).dropdown.options) == list(shared)


def test_a_list_of_studies_is_named_from_the_studies_and_duplicates_kept_apart():
    a, b = Study.scratch(name="Repairs"), Study.scratch(name="Repairs")
    picker = teams.pick_a_team([a, b], figure=False)
    assert list(picker.dropdown.options) == ["Repairs", "Repairs (2)"]


def test_a_team_that_cannot_be_shown_says_so_in_words():
    broken = Study.scratch(name="Broken")
    broken.close()
    picker = teams.pick_a_team({"Fine": Study.scratch(name="Fine"), "Broken": broken}, figure=False)
    picker.dropdown.value = "Broken"
    assert picker.view.value.startswith("<p><b>This team cannot be shown:</b>")
    assert "Traceback" not in picker.view.value
    assert "There is no team called 'Nobody'; the teams are: Fine, Broken." in html.unescape(picker.show("Nobody"))


def test_no_teams_is_a_plain_error():
    with pytest.raises(ValueError, match="no teams to pick from"):
        teams.pick_a_team({})


# ---------------------------------------------------------------- changes and plan coverage

def test_changes_reads_the_feared_failure_teams_trail_as_it_happened():
    study = Study.replay(datasets.path("actions_feared_failure.csv"))
    trail = teams.changes(study)
    events = study.events()
    reclass = events[events["action"] == "reclassify"]
    to_value = sum(1 for d in reclass["details"]
                   if d["before"]["classification"] == "failure" and d["after"]["classification"] == "value")
    assert (trail["change"] == "failure to value").sum() == to_value > 0
    assert len(trail) == events["action"].isin(["reclassify", "rename_type", "merge_types"]).sum()
    renames = trail[trail["change"] == "renamed"]
    assert ("Complaint", "Feedback") in set(zip(renames["from"], renames["to"]))
    # Each reclassification carries the person's words and the reason given.
    moved = trail[trail["change"] == "failure to value"]
    assert moved["demand"].str.len().gt(0).all() and moved["reason"].str.len().gt(0).all()
    assert moved["reason"].str.contains("within SLA").any()


def test_changes_leaves_out_what_was_undone_and_can_pick_actions():
    study = Study.scratch()
    study.user = "Sam"
    first = study.record("is he still coming?", classification="failure", demand_type="Still coming?")
    study.record("where's the engineer", classification="failure", demand_type="Where's the engineer?")
    study.reclassify(first, classification="value", reason="inside the slot")
    study.undo()
    study.merge_types(["Where's the engineer?"], into="Still coming?")
    trail = teams.changes(study)
    assert trail[["change", "from", "to"]].values.tolist() == [["merged", "Where's the engineer?", "Still coming?"]]
    assert teams.changes(study, actions=["reclassify"]).empty
    with pytest.raises(ValueError, match="record"):
        teams.changes(study, actions=["record"])


def test_plan_coverage_counts_each_planned_door_day_and_time():
    north = _team("North")
    cover = teams.plan_coverage(north)
    plan = north.plan()
    assert list(cover.loc[cover["part"] == "door", "planned"]) == plan["doors"]
    demands = north.demands()
    phone = cover[(cover["part"] == "door") & (cover["planned"] == "phone")]["demands"].item()
    assert phone == (demands["channel"] == "phone").sum()
    days = cover[cover["part"] == "day"]
    assert days["demands"].sum() == len(demands) and set(days["status"]) == {"heard"}
    times = cover[cover["part"] == "time"]
    early = times[times["planned"] == "08:00-10:00"]["demands"].item()
    hours = demands["received_at"].dt.hour
    assert early == ((hours >= 8) & (hours < 10)).sum()


def test_plan_coverage_says_what_was_not_heard_and_what_is_still_to_come():
    study = Study.scratch()
    assert teams.plan_coverage(study).empty
    study.set_plan(doors=["Phone", "letters"], days=["2026-03-02", "2026-03-03", "2026-03-05"],
                   times=["after four", "around teatime-ish"])
    study.record("leak", channel="phone", received_at="2026-03-03T16:30")
    cover = teams.plan_coverage(study)
    status = dict(zip(cover["planned"], cover["status"]))
    assert status == {"Phone": "heard", "letters": "not heard", "2026-03-02": "not heard", "2026-03-03": "heard",
                      "2026-03-05": "still to come", "after four": "heard", "around teatime-ish": "cannot read this time"}
