"""xmr() and the predictability and capability views, checked by hand-worked examples."""
from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.analysis.predictability import (
    MR_FACTOR,
    NPL_FACTOR,
    capability,
    capability_reading,
    daily_volumes,
    failure_by_door,
    daily_xmr,
    failure_per_value,
    failure_per_value_by_origin,
    time_of_day,
    type_by_day,
    weekday_pattern,
    xmr,
)

# --- xmr -------------------------------------------------------------------------------


def test_lines_by_hand():
    chart = xmr([4, 8, 6, 5, 7])
    # mean 6; moving ranges 4, 2, 1, 2: average 2.25
    assert chart.centre == 6
    assert chart.mr_centre == 2.25
    assert chart.upper == pytest.approx(6 + 2.66 * 2.25)
    assert chart.lower == pytest.approx(6 - 2.66 * 2.25)
    assert chart.mr_upper == pytest.approx(3.268 * 2.25)
    assert chart.data["moving_range"].tolist()[1:] == [4, 2, 1, 2]
    assert np.isnan(chart.data["moving_range"].iloc[0])
    assert chart.signals.empty
    assert (NPL_FACTOR, MR_FACTOR) == (2.66, 3.268)


def test_a_point_above_and_a_point_below_the_limits():
    up = xmr([10, 11, 10, 11, 10, 11, 10, 11, 25], baseline=8)
    assert up.signals.loc[up.signals["rule"] == "outside the limits", "point"].tolist() == [8]
    assert "above the upper" in up.signals["description"].iloc[0]
    down = xmr([10, 11, 10, 11, 10, 11, 10, 11, 0], baseline=8)
    assert down.data["outside"].tolist() == [False] * 8 + [True]
    assert "below the lower" in down.signals["description"].iloc[0]


def test_eight_in_a_row_on_one_side_but_not_seven():
    base = [7, 5] * 6  # centre 6, ending below it
    eight = xmr(base + [6.5] * 8, baseline=12)
    assert eight.data["run"].sum() == 8
    assert set(eight.signals["rule"]) == {"eight in a row on one side"}
    seven = xmr(base + [6.5] * 7, baseline=12)
    assert not seven.data["run"].any()
    below = xmr([5, 7] * 6 + [5.5] * 9, baseline=12)
    assert below.data["run"].sum() == 9
    assert "below the centre line" in below.signals["description"].iloc[0]


def test_a_point_on_the_centre_line_breaks_a_run():
    base = [7, 5] * 6
    chart = xmr(base + [6.5] * 4 + [6] + [6.5] * 4, baseline=12)
    assert not chart.data["run"].any()


def test_a_big_jump_on_the_moving_range_chart():
    chart = xmr([10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 10.5, 10, 12.1, 12, 12.1], baseline=11)
    # average moving range 0.5, limit 1.634: the jump of 2.1 is a signal
    jumps = chart.signals[chart.signals["rule"] == "a big jump"]
    assert jumps["point"].tolist() == [11]


def test_baseline_by_count_slice_labels_and_mask_agree():
    values = pd.Series([3, 5, 4, 6, 20, 22], index=list("abcdef"))
    by_count = xmr(values, baseline=4)
    assert by_count.centre == 4.5
    assert by_count.mr_centre == pytest.approx((2 + 1 + 2) / 3)
    for other in (slice(0, 4), ["a", "b", "c", "d"], [True] * 4 + [False] * 2):
        chart = xmr(values, baseline=other)
        assert (chart.centre, chart.upper, chart.lower) == pytest.approx((by_count.centre, by_count.upper, by_count.lower))
    assert by_count.data["in_baseline"].tolist() == [True] * 4 + [False] * 2
    # points after the baseline are judged against its limits
    assert by_count.data.loc[["e", "f"], "outside"].all()
    assert by_count.signals["point"].iloc[0] == "e"


def test_provisional_below_twenty_points():
    short = xmr(list(range(19)))
    assert short.provisional and "provisional" in short.note and "19 points" in short.note
    long = xmr([1, 2] * 10)
    assert not long.provisional and long.note == ""
    assert xmr(list(range(30)), baseline=10).provisional


def test_floor_means_no_lower_limit():
    chart = xmr([0, 3, 0, 4, 1, 0, 5], floor=0)
    assert chart.lower == 0
    assert not chart.data["outside"].any()


def test_dates_label_the_points_and_the_message_never_says_normal_range():
    days = pd.date_range("2026-03-02", periods=10, freq="D")
    chart = xmr(pd.Series([5, 6, 5, 6, 5, 6, 5, 6, 5, 30], index=days), baseline=9)
    assert chart.signals["point"].iloc[0] == days[-1]
    assert "Wed 11 Mar" in chart.message
    assert "normal range" not in chart.message
    calm = xmr(pd.Series([5, 6, 5, 6], index=days[:4]))
    assert "Predictable is not the same as good" in calm.message
    assert "normal range" not in calm.message


def test_missing_values_are_left_out():
    chart = xmr([1, None, 2, 3, float("nan"), 2])
    assert len(chart.data) == 4


@pytest.mark.parametrize(
    "series, kwargs, words",
    [
        ([1], {}, "at least 2 values"),
        ([1, "two", 3], {}, "needs numbers; the value at 1 is 'two'"),
        ([1, 2, 3], {"baseline": 1}, "at least 2 points"),
        (pd.Series([1, 2, 3], index=list("abc")), {"baseline": ["a", "z"]}, "not in the series"),
        (pd.DataFrame({"a": [1, 2], "b": [3, 4]}), {}, "pick one"),
    ],
)
def test_bad_input_is_refused_plainly(series, kwargs, words):
    with pytest.raises(ValueError, match=words):
        xmr(series, **kwargs)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=-1e4, max_value=1e4, allow_nan=False), min_size=2, max_size=60))
def test_every_point_outside_the_limits_is_a_signal(values):
    chart = xmr(values)
    x = np.asarray(values)
    assert chart.centre == pytest.approx(x.mean())
    assert chart.mr_centre == pytest.approx(np.abs(np.diff(x)).mean())
    beyond = (x > chart.upper + 1e-6 * max(1, abs(chart.centre))) | (x < chart.lower - 1e-6 * max(1, abs(chart.centre)))
    assert (chart.data["signal"].to_numpy() | ~beyond).all()


# --- days and weekdays -----------------------------------------------------------------


def demands_over(days_counts, start="2026-03-02"):
    """A demands frame: for each day, (value, failure, unsure, not demand, undecided) counts."""
    rows = []
    day = pd.Timestamp(start)
    for counts in days_counts:
        for kind, n in zip(["value", "failure", "unsure", "not demand", None], counts):
            for i in range(n):
                rows.append({"received_at": day + pd.Timedelta(hours=9, minutes=7 * len(rows) % 480),
                             "classification": kind, "demand_type": f"{kind} type"})
        day += pd.Timedelta(days=1)
    return pd.DataFrame(rows)


def test_daily_volumes_counts_each_class_and_the_failure_share_leaves_unsure_out():
    frame = demands_over([(3, 1, 2, 1, 1), (1, 3, 0, 0, 0)])
    daily = daily_volumes(frame)
    first = daily.iloc[0]
    assert (first["demands"], first["value"], first["failure"], first["unsure"], first["not_demand"], first["undecided"]) == (8, 3, 1, 2, 1, 1)
    assert first["failure_share"] == 0.25
    assert daily["failure_share"].iloc[1] == 0.75
    assert daily["weekday"].tolist() == ["Monday", "Tuesday"]


def test_a_day_with_no_value_or_failure_has_no_share():
    daily = daily_volumes(demands_over([(0, 0, 2, 0, 0)]))
    assert np.isnan(daily["failure_share"].iloc[0])


def test_recorded_at_stands_in_for_a_missing_received_at():
    frame = pd.DataFrame({
        "received_at": [pd.Timestamp("2026-03-02 09:00"), pd.NaT],
        "recorded_at": [pd.Timestamp("2026-03-02 10:00"), pd.Timestamp("2026-03-03 10:00")],
        "classification": ["value", "failure"],
    })
    assert daily_volumes(frame)["day"].dt.day.tolist() == [2, 3]


def three_weeks(monday=40, other=20, spike_day=None):
    counts = []
    for week in range(3):
        for weekday in range(5):
            n = monday if weekday == 0 else other
            if spike_day == week * 7 + weekday:
                n = 70
            counts.append((n // 2, n - n // 2, 0, 0, 0))
        counts += [(0, 0, 0, 0, 0)] * 2  # the weekend is not listened to
    return demands_over(counts)


def test_each_day_is_compared_with_its_own_weekday():
    daily = daily_volumes(three_weeks())
    assert len(daily) == 15  # unlistened weekend days are not zeros
    mondays = daily[daily["weekday"] == "Monday"]
    assert (mondays["weekday_mean"] == 40).all() and (mondays["vs_weekday"] == 0).all()
    pattern = weekday_pattern(daily)
    assert pattern["weekday"].tolist() == ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]
    assert pattern["mean_demands"].tolist() == [40, 20, 20, 20, 20]
    assert pattern["days"].tolist() == [3] * 5


def test_a_busy_monday_is_no_signal_once_the_weekly_cycle_is_taken_out():
    daily = daily_volumes(three_weeks())
    adjusted = daily_xmr(daily)
    assert adjusted.signals.empty
    assert "same weekday" in adjusted.title
    assert adjusted.label == "Demands (weekly cycle taken out)"
    raw = daily_xmr(daily, weekday_adjusted=False)
    assert raw.data["value"].max() == 40
    assert "only" not in adjusted.note  # three of each weekday
    two_weeks = daily_xmr(daily.iloc[:10])
    assert "heard on only 2 days" in two_weeks.note


def test_an_unusual_day_still_shows_against_its_weekday():
    daily = daily_volumes(three_weeks(spike_day=9))  # a Wednesday in week 2 with 70
    chart = daily_xmr(daily)
    assert pd.Timestamp("2026-03-11") in set(chart.signals["point"])


def test_daily_xmr_names_the_columns_it_has():
    with pytest.raises(ValueError, match="choose one of"):
        daily_xmr(daily_volumes(three_weeks()), column="calls")


class FakeStudy:
    def __init__(self, frame, types=None):
        self.frame, self._types = frame, types

    def demands(self):
        return self.frame.copy()

    def types(self):
        return self._types


def test_views_accept_a_study():
    frame = three_weeks()
    assert daily_volumes(FakeStudy(frame)).equals(daily_volumes(frame))


def test_written_dates_are_read_iso_first_then_day_first():
    frame = pd.DataFrame({"received_at": ["2026-03-02 09:00", "03/03/2026 10:15", "2026-03-04T12:30:00", None],
                          "recorded_at": [None, None, None, "05/03/2026 16:00"],
                          "classification": ["value", "failure", "failure", "value"], "demand_type": list("ABCD")})
    daily = daily_volumes(frame)
    assert [d.strftime("%Y-%m-%d") for d in daily["day"]] == ["2026-03-02", "2026-03-03", "2026-03-04", "2026-03-05"]
    assert time_of_day(frame)["hour"].tolist() == [9.0, 10.0, 12.0]


def test_type_by_day_counts_zero_days():
    frame = pd.DataFrame({
        "received_at": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 12:00", "2026-03-03 10:00", "2026-03-04 12:30"]),
        "demand_type": ["Are you still coming?", "Are you still coming?", "New leak", "Are you still coming?"],
    })
    table = type_by_day(frame, "Are you still coming?")
    assert table["count"].tolist() == [2, 0, 1]
    assert table["weekday"].tolist() == ["Monday", "Tuesday", "Wednesday"]
    with pytest.raises(ValueError, match="Types there are: Are you still coming\\?, New leak"):
        type_by_day(frame, "Chasing")


def test_time_of_day_bins_by_the_slice_asked_for():
    frame = pd.DataFrame({
        "received_at": pd.to_datetime(["2026-03-02 12:10", "2026-03-02 12:40", "2026-03-03 12:05", "2026-03-02 09:05"]),
        "demand_type": ["Chasing", "Chasing", "Chasing", "Leak"],
        "classification": ["failure", "failure", "failure", "value"],
    })
    hourly = time_of_day(frame)
    assert hourly[["type", "hour", "demands"]].values.tolist() == [["Chasing", 12.0, 3], ["Leak", 9.0, 1]]
    assert hourly["classification"].tolist() == ["failure", "value"]
    halves = time_of_day(frame, types=["Chasing"], minutes=30)
    assert halves[["hour", "demands"]].values.tolist() == [[12.0, 2], [12.5, 1]]
    with pytest.raises(ValueError, match="Boiler"):
        time_of_day(frame, types=["Boiler"])


def test_time_of_day_needs_times():
    frame = pd.DataFrame({"received_at": pd.to_datetime(["2026-03-02", "2026-03-03"]), "demand_type": ["A", "B"]})
    with pytest.raises(ValueError, match="dates without times"):
        time_of_day(frame)


# --- capability ------------------------------------------------------------------------


def test_capability_is_in_time_order_with_open_cases_counted():
    jobs = pd.DataFrame({
        "job_id": ["J3", "J1", "J2", "J4"],
        "first_contact_on": ["2026-03-05", "2026-03-01", "2026-03-02", "2026-03-06"],
        "fixed_on": ["2026-03-06", "2026-03-29", "2026-03-04", None],
        "jobs_raised": [1, 4, 1, 2],
    })
    cap = capability(jobs)
    assert cap["case"].tolist() == ["J1", "J2", "J3"]
    assert cap["days"].tolist() == [28, 2, 1]
    assert cap.attrs["open_cases"] == 1
    assert cap.attrs["end"] == "fixed_on"
    chart = xmr(cap["days"])
    assert chart.centre == pytest.approx(31 / 3)


def test_capability_reads_day_first_dates_and_other_end_columns():
    cases = pd.DataFrame({"case_id": ["C1", "C2"], "first_contact_on": ["02/03/2026", "03/03/2026"],
                          "completed_on": ["12/03/2026", "04/03/2026"]})
    assert capability(cases)["days"].tolist() == [10, 1]


def test_capability_refuses_an_end_before_the_start_naming_the_row():
    jobs = pd.DataFrame({"job_id": ["J1", "J2"], "first_contact_on": ["2026-03-01", "2026-03-05"],
                         "fixed_on": ["2026-03-02", "2026-03-01"]})
    with pytest.raises(ValueError, match="Row 3 \\(case 'J2'\\): fixed_on is before first_contact_on"):
        capability(jobs)
    with pytest.raises(ValueError, match="end="):
        capability(jobs.drop(columns="fixed_on"))


def test_capability_keeps_the_columns_asked_for_in_time_order():
    jobs = pd.DataFrame({"job_id": ["J2", "J1"], "first_contact_on": ["03/03/2026", "02/03/2026"],
                         "fixed_on": ["10/03/2026", "04/03/2026"], "jobs_raised": [3, 1]})
    assert capability(jobs, keep=["jobs_raised"])[["case", "jobs_raised"]].values.tolist() == [["J1", 1], ["J2", 3]]
    with pytest.raises(ValueError, match="no 'in_target' column to keep"):
        capability(jobs, keep=["in_target"])


def test_a_capability_range_is_stated_only_for_a_predictable_chart():
    steady = xmr([12, 14, 11, 13, 15, 12, 14, 13, 12, 14, 13, 11], floor=0)
    assert steady.predictable
    said = capability_reading(steady)
    assert "the system is predictable" in said
    assert f"from {steady.lower:,.0f} to {steady.upper:,.0f} days" in said
    # one case far above: a signal, so no range is quoted as the capability
    wild = xmr([12, 14, 11, 13, 15, 12, 14, 13, 12, 14, 13, 90], baseline=11, floor=0)
    assert not wild.predictable
    said = capability_reading(wild)
    assert said.startswith("1 of 12 cases shows a signal (1 above the upper limit): this system is not predictable")
    assert f"{wild.upper:,.0f}" not in said and "could take anything" not in said
    assert "Study those cases first" in said


def test_capability_reading_counts_signals_with_thousands_separators():
    values = [20.0, 22.0] * 600 + [400.0]
    said = capability_reading(xmr(values, baseline=1200, floor=0), what="repair")
    assert said.startswith("1 of 1,201 repairs shows a signal (1 above the upper limit)")


def test_the_assessment_chart_in_workbook_10_is_not_called_capable():
    """The sample's assessments signal; the caption says so and quotes no range (issue 28)."""
    import matplotlib

    matplotlib.use("Agg")  # tests only
    import matplotlib.pyplot as plt

    from helpers.core import datasets
    from helpers.views import plots

    for name in ("people_assessment_times.csv", "repairs_end_to_end.csv"):
        cases = capability(pd.read_csv(datasets.path(name)))
        chart = xmr(cases["days"], floor=0)
        ax = plots.plot_capability(cases, target=28)
        notice = plots.caption(ax).notice
        if chart.predictable:
            assert "the system is predictable" in notice, name
        else:
            assert "not predictable" in notice and "could take anything" not in notice, name
            assert f"{int(chart.data['signal'].sum()):,} of {len(cases):,} cases show a signal" in notice, name
            assert "not a capability" in plots.describe(ax), name
        plt.close("all")


def test_failure_by_door_counts_value_and_failure_per_door():
    frame = pd.DataFrame({
        "channel": ["phone"] * 5 + ["web form"] * 3 + ["councillor casework", " "],
        "classification": ["F", "failure", "failure", "value", "unsure", "value", "value", "failure", "failure", "value"],
    })
    table = failure_by_door(frame).set_index("door")
    assert table.index.tolist() == ["phone", "web form", "councillor casework", "not recorded"]
    assert table.loc["phone", ["demands", "value", "failure"]].tolist() == [5, 1, 3]
    assert table.loc["phone", "failure_share"] == pytest.approx(0.75)
    assert table.loc["web form", "failure_share"] == pytest.approx(1 / 3)
    assert table.loc["councillor casework", "failure_share"] == 1.0
    assert table["demands"].sum() == len(frame)


def test_failure_by_door_in_the_sample_differs_by_door():
    from helpers.core import datasets
    from helpers.core.loader import load_demands

    table = failure_by_door(load_demands(datasets.path("repairs_demands.csv"))).set_index("door")
    assert table.index[0] == "phone"
    assert table.loc["web form", "failure_share"] < 0.4 < 0.55 < table.loc["phone", "failure_share"]
    assert table.loc["councillor casework", "failure_share"] > 0.85
    assert table.loc["contractor's line", "failure_share"] > 0.85


# --- failure per value -------------------------------------------------------------------


def repairs():
    rows = (
        [("value", "Book a repair")] * 10 + [("value", "Report a leak")] * 10
        + [("failure", "Are you still coming?")] * 6 + [("failure", "Wrong part")] * 3
        + [("failure", "Repair came back")] * 1 + [("unsure", "Odd one")] * 2 + [("not demand", "Operative")] * 4
    )
    return pd.DataFrame(rows, columns=["classification", "demand_type"])


def test_failure_per_value_by_type_and_origin():
    types = pd.DataFrame({"name": ["Are you still coming?", "Wrong part", "Repair came back"],
                          "arises_from": ["appointment slot", "contractor", "contractor"]})
    table = failure_per_value(repairs(), types)
    assert table["failure_type"].tolist() == ["Are you still coming?", "Wrong part", "Repair came back"]
    assert table["per_value_demand"].tolist() == [0.3, 0.15, 0.05]
    assert table.attrs["value_demands"] == 20
    assert table["arises_from"].tolist() == ["appointment slot", "contractor", "contractor"]
    origin = failure_per_value_by_origin(table)
    assert origin.set_index("arises_from")["failure_demands"].to_dict() == {"appointment slot": 6, "contractor": 4}
    assert origin["per_value_demand"].tolist() == pytest.approx([0.3, 0.2])


def test_chases_per_repair_booked():
    table = failure_per_value(repairs(), value_types=["Book a repair"])
    assert table.set_index("failure_type").loc["Are you still coming?", "per_value_demand"] == 0.6
    assert (table["arises_from"] == "not yet said").all()
    with pytest.raises(ValueError, match="Value types are: Book a repair, Report a leak"):
        failure_per_value(repairs(), value_types=["Book a plumber"])


def test_failure_per_value_takes_a_studys_types():
    types = pd.DataFrame({"name": ["Wrong part"], "arises_from": ["stores"], "classification": ["failure"]})
    table = failure_per_value(FakeStudy(repairs(), types))
    assert table.set_index("failure_type").loc["Wrong part", "arises_from"] == "stores"


def test_a_failure_type_with_nothing_said_about_its_origin_reads_not_yet_said():
    # a missing text in a frame is NaN (truthy): it must not pass for what the failure arises from
    from helpers.analysis.predictability import failure_per_value

    demands = pd.DataFrame({"classification": ["value", "failure", "failure"], "demand_type": ["Repair", "Chasing", "Chasing"]})
    table = failure_per_value(demands, types=pd.DataFrame({"name": ["Chasing"], "arises_from": [float("nan")]}))
    assert table["arises_from"].tolist() == ["not yet said"] and table["per_value_demand"].tolist() == [2.0]
