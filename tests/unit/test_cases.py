"""case_summary() and journey(): one person's history counted and drawn."""
from __future__ import annotations

import datetime as dt

import matplotlib

matplotlib.use("Agg")  # tests only

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.core import datasets

from helpers.views import plots
from helpers.analysis.cases import SUMMARY_KEYS, case_summary, journey


def history(**overrides):
    frame = pd.DataFrame({
        "person_id": ["P1"] * 7,
        "date": ["2026-01-05", "2026-01-09", "2026-01-09", "2026-02-01", "2026-02-12", "2026-02-20", "2026-03-01"],
        "team": ["GP practice", "Adult social care", "Adult social care", "Hospital ward", "Hospital ward",
                 "Adult social care", "Housing"],
        "organisation": ["Surgery", "Council", "Council", "Trust", "Trust", "Council", "Council"],
        "staff_id": ["S1", "S2", "S3", "S4", "S4", "S2", None],
        "role": ["GP", "Social worker", "OT", "Doctor", "Doctor", "Social worker", "Officer"],
        "activity": ["Referral", "assessment", "ASSESSMENT", "admission", "admission", "Support plan", "referral"],
        "days": [None, None, None, 6, "4", None, None],
        "note": [""] * 7,
        "told_story": ["true", "TRUE", "false", True, "yes", "no", ""],
        "asked_what_matters": [False, False, False, False, False, True, True],
    })
    for column, values in overrides.items():
        frame[column] = values
    return frame


def test_exactly_the_contracts_keys_in_order():
    summary = case_summary(history())
    assert tuple(summary) == SUMMARY_KEYS
    assert SUMMARY_KEYS == (
        "activity_records", "staff", "teams", "assessments", "referrals", "admissions",
        "days_in_hospital", "support_plans", "times_story_told", "first_asked_what_matters",
    )


def test_counts_by_hand():
    summary = case_summary(history())
    assert summary == {
        "activity_records": 7,
        "staff": 4,  # S1-S4; a missing staff id is not a person
        "teams": 4,
        "assessments": 2,  # any case
        "referrals": 2,
        "admissions": 2,
        "days_in_hospital": 10,  # 6 + "4"
        "support_plans": 1,
        "times_story_told": 4,  # "true", "TRUE", True and "yes"
        "first_asked_what_matters": dt.date(2026, 2, 20),
    }


def test_dates_in_iso_or_uk_day_first_form():
    summary = case_summary(history(date=["2026-01-05", "09/01/2026", "2026-01-09", "01/02/2026", "2026-02-12",
                                         "20/02/2026", "2026-03-01"]))
    assert summary["first_asked_what_matters"] == dt.date(2026, 2, 20)
    assert journey(history(date=["2026-03-02", "01/03/2026"] + ["2026-03-03"] * 5))["team"].iloc[0] == "Adult social care"


def test_nobody_asked_gives_none():
    summary = case_summary(history(asked_what_matters=["false"] * 7))
    assert summary["first_asked_what_matters"] is None


def test_days_count_only_for_admissions():
    summary = case_summary(history(days=[3, None, None, 6, 4, None, 99]))
    assert summary["days_in_hospital"] == 10


def test_several_people_need_a_choice():
    both = pd.concat([history(), history(person_id=["P2"] * 7)], ignore_index=True)
    with pytest.raises(ValueError, match="follows 2 people \\(P1, P2\\): say which one with person_id="):
        case_summary(both)
    assert case_summary(both, person_id="P2")["activity_records"] == 7
    with pytest.raises(ValueError, match="no person 'P9'"):
        case_summary(both, person_id="P9")


def test_unreadable_flags_and_dates_name_the_row_and_column():
    with pytest.raises(ValueError, match="row 4, column 'told_story': 'perhaps'"):
        case_summary(history(told_story=["true", "true", "perhaps", "true", "true", "true", "true"]))
    with pytest.raises(ValueError, match="row 7, column 'date'"):
        case_summary(history(date=["2026-01-05"] * 5 + ["not a date", "2026-03-01"]))
    # rows keep their place in the file when one person is picked from several
    both = pd.concat([history(), history(person_id=["P2"] * 7, told_story=["perhaps"] * 7)], ignore_index=True)
    with pytest.raises(ValueError, match="row 9, column 'told_story'"):
        case_summary(both, person_id="P2")


def published(name):
    try:
        return pd.read_csv(datasets.path(name), dtype=str, keep_default_na=False)
    except FileNotFoundError as exc:  # the sample data is made by another part of the project
        pytest.skip(str(exc))


def test_pauls_published_counts_from_the_sample_data():
    summary = case_summary(published("people_case_history.csv"))
    assert {k: summary[k] for k in SUMMARY_KEYS[:8]} == {
        "activity_records": 179, "staff": 91, "teams": 20, "assessments": 12, "referrals": 11,
        "admissions": 6, "days_in_hospital": 81, "support_plans": 7,
    }
    assert summary["times_story_told"] == 25
    assert summary["first_asked_what_matters"] is None


def test_the_redesigned_comparator():
    summary = case_summary(published("people_case_history_redesigned.csv"))
    assert summary["activity_records"] == 26
    assert summary["assessments"] == summary["referrals"] == 0
    assert summary["times_story_told"] == 1
    first = pd.to_datetime(published("people_case_history_redesigned.csv")["date"]).min().date()
    assert (summary["first_asked_what_matters"] - first).days <= 7


def test_journey_orders_by_date_and_marks_handoffs():
    shuffled = history().sample(frac=1, random_state=3)
    path = journey(shuffled)
    assert path["date"].is_monotonic_increasing
    assert path["handoff"].sum() == 4  # GP -> ASC -> ward -> ASC -> housing
    assert path.attrs["teams"] == ["GP practice", "Adult social care", "Hospital ward", "Housing"]
    assert path.attrs["person_id"] == "P1"
    assert path["activity"].tolist()[:2] == ["referral", "assessment"]


def test_journey_plot_for_a_person_and_a_comparator_side_by_side():
    fig, (left, right) = plt.subplots(1, 2, figsize=(14, 4))
    first = plots.plot_journey(journey(history()), ax=left)
    second = plots.plot_journey(journey(history(person_id=["P2"] * 7, team=["One team"] * 7)), ax=right)
    assert first is left and second is right
    assert [t.get_text() for t in left.get_yticklabels()] == ["GP practice", "Adult social care", "Hospital ward", "Housing"]
    assert "4 hand-offs" in left.get_title()
    assert "0 hand-offs" in right.get_title()
    assert "first asked what mattered on 20 February 2026" in plots.caption(left).notice
    assert "4 teams" in plots.describe(left)
    labels = [t.get_text() for t in left.get_legend().get_texts()]
    assert {"assessment", "referral", "admission", "told their story again", "asked what matters"} <= set(labels)
    plt.close("all")


def test_journey_plot_of_the_sample_case():
    frame = published("people_case_history.csv")
    ax = plots.plot_journey(journey(frame))
    assert len(ax.get_yticklabels()) == 20
    assert "nobody asked what mattered" in plots.caption(ax).notice
    plt.close("all")
