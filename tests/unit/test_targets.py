"""The target view: the cliff at a completion-time target, beside end-to-end time from first contact."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.core import datasets

from helpers.views import plots

from helpers.teaching import targets


@pytest.fixture(scope="module")
def assessments():
    return pd.read_csv(datasets.path("people_assessment_times.csv"))


def cases(rows):
    """rows: (first contact day, wait to allocation, days on the clock, reopened) from 1 Jan 2025."""
    start = pd.Timestamp("2025-01-01")
    out = []
    for i, (first, wait, clock, reopened) in enumerate(rows, start=1):
        began = start + pd.Timedelta(days=first)
        allocated = began + pd.Timedelta(days=wait)
        done = None if clock is None else (allocated + pd.Timedelta(days=clock)).date().isoformat()
        out.append({"case_id": f"CA{i:03d}", "first_contact_on": began.date().isoformat(),
                    "allocated_on": allocated.date().isoformat(), "completed_on": done,
                    "closed_and_reopened": "true" if reopened else "false"})
    return pd.DataFrame(out)


def test_target_view_measures_each_case_both_ways():
    frame = cases([(5, 10, 30, False), (0, 40, 27, True), (3, 0, 3, False), (9, 1, None, False)])
    v = targets.target_view(frame, target=28)
    assert v["case"].tolist() == ["CA002", "CA003", "CA001"]  # in order of first contact
    assert v["hidden_wait"].tolist() == [40, 0, 10]
    assert v["on_the_clock"].tolist() == [27, 3, 30]
    assert v["end_to_end"].tolist() == [67, 3, 40]
    assert v["in_target"].tolist() == [True, True, False]
    assert v["closed_and_reopened"].tolist() == [True, False, False]
    assert v.attrs["open_cases"] == 1 and v.attrs["target"] == 28


def test_cliff_counts_just_inside_and_just_outside():
    frame = cases([(0, 5, d, d in (26, 27)) for d in (10, 25, 26, 27, 28, 28, 29, 33, 40)])
    c = targets.cliff(targets.target_view(frame, target=28), window=4)
    assert (c.just_inside, c.just_outside) == (5, 1)  # days 25-28; day 29 (33 is beyond the window)
    assert c.in_target == 6 and c.cases == 9
    assert (c.reopened, c.reopened_in_target) == (2, 2)
    assert c.median_hidden_wait == 5 and c.median_on_the_clock == 28
    assert c.end_to_end_within_target == 1  # only 10 days on the clock plus 5 waiting fits in 28
    assert "6 of 9 cases (67%) were in target" in c.message
    narrow = targets.cliff(targets.target_view(frame, target=28), window=1)
    assert (narrow.just_inside, narrow.just_outside) == (2, 1)


def test_the_sample_shows_the_published_cliff(assessments):
    # datasets/README_people.md: 210 on days 25-28 against 12 on days 29-32; 91% in target;
    # 90 closed and reopened, all in target; end to end median 66 days, about 3% within 28.
    c = targets.cliff(targets.target_view(assessments))
    assert (c.just_inside, c.just_outside) == (210, 12)
    assert round(c.in_target / c.cases, 2) == 0.91
    assert c.reopened == c.reopened_in_target == 90
    assert c.median_end_to_end == 66
    assert 0.02 <= c.end_to_end_within_target / c.cases <= 0.04


def test_end_to_end_shows_no_cliff(assessments):
    v = targets.target_view(assessments)
    days = v["end_to_end"]
    inside = days.between(25, 28).sum()
    outside = days.between(29, 32).sum()
    assert inside <= 2 * max(outside, 1)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 300), st.integers(0, 90), st.integers(0, 80), st.booleans()),
                min_size=1, max_size=30), st.integers(5, 60))
def test_end_to_end_is_the_wait_plus_the_clock(rows, target):
    v = targets.target_view(cases(rows), target=target)
    assert (v["end_to_end"] == v["hidden_wait"] + v["on_the_clock"]).all()
    c = targets.cliff(v)
    assert c.end_to_end_within_target <= c.in_target <= c.cases
    assert v["first_contact_on"].is_monotonic_increasing


def test_dates_out_of_order_name_the_row():
    frame = cases([(0, 3, 5, False), (0, 3, 5, False)])
    frame.loc[1, "completed_on"] = "2024-12-01"
    with pytest.raises(ValueError, match=r"Row 3 \(case 'CA002'\): completed_on is before allocated_on"):
        targets.target_view(frame)


def test_missing_columns_and_bad_values_are_explained():
    with pytest.raises(ValueError, match="needs the column allocated_on"):
        targets.target_view(pd.DataFrame({"first_contact_on": ["2025-01-01"], "completed_on": ["2025-01-02"]}))
    frame = cases([(0, 1, 2, False)])
    frame.loc[0, "closed_and_reopened"] = "perhaps"
    with pytest.raises(ValueError, match="'closed_and_reopened': 'perhaps' is not true or false"):
        targets.target_view(frame)
    with pytest.raises(ValueError, match="number of days above 0"):
        targets.target_view(cases([(0, 1, 2, False)]), target=0)
    with pytest.raises(ValueError, match="takes the table from target_view"):
        targets.cliff(pd.DataFrame({"on_the_clock": [1], "in_target": [True]}))


def test_plots_carry_captions_that_match_the_counts(assessments):
    v = targets.target_view(assessments)
    top, bottom = targets.plot_target_view(v)
    c = targets.cliff(v)
    assert plots.caption(top).notice.startswith(f"{c.just_inside} cases were completed in the 4 days up to the target")
    assert "upper limit" in " ".join(t.get_text() for t in bottom.texts)
    assert "Process behaviour chart of 520 points" in plots.describe(bottom)
    assert sum(bar.get_height() for bar in top.patches) == len(v)
    assert "No pile-up" in plots.caption(targets.plot_cliff(v, column="end_to_end")).notice
    assert "bent to the measure" in plots.caption(top).notice
    plt.close("all")


def test_wide_bars_end_at_the_target_and_count_every_case():
    frame = cases([(0, 2, d, False) for d in (1, 24, 25, 28, 29, 32, 33, 150)])
    view = targets.target_view(frame, target=28)
    ax = targets.plot_cliff(view, width=4)
    heights = {round(bar.get_x() + bar.get_width() / 2, 1): bar.get_height() for bar in ax.patches}
    # bars centred on 26.5 (days 25-28), 30.5 (29-32), 34.5 (33-36) ...
    assert heights[26.5] == 2 and heights[30.5] == 2 and heights[34.5] == 1 and heights[22.5] == 1
    assert sum(heights.values()) == len(view)
    assert "each bar 4 days" in ax.get_ylabel()
    assert "each bar 4 days" in targets.plot_cliff(view).get_ylabel()  # a case over 100 days: wide by default
    with pytest.raises(ValueError, match="days per bar"):
        targets.plot_cliff(view, width=0)
    plt.close("all")


def test_true_and_false_read_however_they_were_typed():
    frame = cases([(0, 1, 2, False)] * 5)
    frame["closed_and_reopened"] = ["TRUE", " yes ", "", None, "false"]
    assert targets.target_view(frame)["closed_and_reopened"].tolist() == [True, True, False, False, False]


def repairs(rows):
    """rows: (first call day in March 2026, days to fixed, jobs raised, reported in target)."""
    start = pd.Timestamp("2026-03-01")
    return pd.DataFrame([{"job_id": f"JB{i:03d}", "first_contact_on": (start + pd.Timedelta(days=d)).strftime("%d/%m/%Y"),
                          "fixed_on": (start + pd.Timedelta(days=d + took)).strftime("%d/%m/%Y"),
                          "jobs_raised": jobs, "in_target": "True" if ok else "False"}
                         for i, (d, took, jobs, ok) in enumerate(rows, start=1)])


def test_reported_beside_lived_groups_repairs_by_jobs_raised():
    frame = repairs([(0, 2, 1, True), (1, 3, 1, True), (2, 35, 2, True), (3, 20, 2, False),
                     (4, 50, 3, True), (5, 61, 5, True), (6, 4, 1, False)])
    table = targets.reported_beside_lived(frame)
    assert table.index.tolist() == ["1 job", "2 jobs", "3 or more jobs", "all"]
    assert table["repairs"].tolist() == [3, 2, 2, 7]
    assert table["% reported in target"].tolist() == [67, 50, 100, 71]
    assert table["median days end to end"].tolist() == [3, 27.5, 55.5, 20]
    assert table["took over 28 days"].tolist() == [0, 1, 2, 3]
    assert table["of them reported in target"].tolist() == [0, 1, 2, 3]
    assert table.loc["all", "above the upper limit"] == table["above the upper limit"].iloc[:-1].sum()
    assert targets.reported_beside_lived(frame, over=40)["took over 40 days"].tolist() == [0, 0, 2, 2]


def test_reported_beside_lived_explains_what_it_needs():
    frame = repairs([(0, 2, 1, True), (1, 3, 1, True)])
    with pytest.raises(ValueError, match="no 'jobs_raised' column to keep"):
        targets.reported_beside_lived(frame.drop(columns="jobs_raised"))
    frame["jobs_raised"] = ["1", "several"]
    with pytest.raises(ValueError, match="'jobs_raised' column needs a whole number"):
        targets.reported_beside_lived(frame)


def test_in_target_hides_long_repairs_and_the_signals_are_split_repairs():
    """The sample repairs (workbook 10): mostly "in target", yet the repairs above the upper limit of
    the first-call-to-fixed chart are those split into three or more jobs."""
    table = targets.reported_beside_lived(pd.read_csv(datasets.path("repairs_end_to_end.csv")))
    every, split = table.loc["all"], table.loc["3 or more jobs"]
    assert every["% reported in target"] >= 85
    assert every["of them reported in target"] >= 0.5 * every["took over 28 days"] > 0
    assert every["above the upper limit"] > 0 and not table.attrs["predictable"]
    assert split["above the upper limit"] == every["above the upper limit"]
    assert split["median days end to end"] > 3 * table.loc["1 job", "median days end to end"]
