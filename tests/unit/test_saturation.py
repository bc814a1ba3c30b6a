"""saturation(): the discovery curve, Guest-Namey-Chen runs, and the ecology estimators.

Chao1 and Good's coverage are cross-checked against scikit-bio on random count vectors;
Chao-Jost coverage and its extrapolation (which scikit-bio lacks) against values worked by
hand from the published formulas (Chao & Jost 2012; iNEXT's Chat.Ind).
"""
from __future__ import annotations

import math
from fractions import Fraction

import matplotlib

matplotlib.use("Agg")  # tests only: library code never picks a backend

import numpy as np
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

import helpers
from helpers.views import plots
from helpers.analysis.saturation import (
    LONG_PAST_CODE,
    chao1,
    chao_jost_coverage,
    chao_jost_demands_needed,
    good_turing_unseen,
    saturation,
)

counts_strategy = st.lists(st.integers(min_value=0, max_value=40), min_size=1, max_size=40).filter(lambda c: sum(c) > 0)


def expand(counts):
    """A sequence of type names with the given counts, shuffled deterministically."""
    seq = [f"T{i}" for i, c in enumerate(counts) for _ in range(c)]
    rng = np.random.default_rng(len(seq))
    rng.shuffle(seq)
    return seq


def days_sequence(per_day):
    """(types, units) from a list of days, each a list of the types heard that day."""
    types, units = [], []
    for day, heard in enumerate(per_day, start=1):
        types += heard
        units += [day] * len(heard)
    return types, units


# --- the discovery curve ---------------------------------------------------------------

def test_curve_counts_distinct_types_and_where_each_first_appeared():
    report = saturation(["Leak", "Leak", "Boiler", None, "Leak", "Chasing", "", "Boiler"])
    assert report.curve["demands"].tolist() == [1, 2, 3, 4, 5, 6]
    assert report.curve["distinct_types"].tolist() == [1, 1, 2, 2, 3, 3]
    assert report.curve["new_type"].tolist() == ["Leak", None, "Boiler", None, "Chasing", None]
    assert report.skipped == 2  # a None and a blank
    assert "2 demands with no type yet were left out." in report.notes
    assert any("units=" in note for note in report.notes)
    first = report.first_seen.set_index("type")
    assert first.loc["Chasing", "demand"] == 5
    assert first["uses"].to_dict() == {"Leak": 3, "Boiler": 2, "Chasing": 1}


def test_units_are_taken_in_sorted_order_and_demands_grouped_by_unit():
    types = ["B", "A", "C", "A"]
    units = ["2026-03-03", "2026-03-02", "2026-03-03", "2026-03-02"]
    report = saturation(types, units=units)
    assert report.units["unit"].tolist() == ["2026-03-02", "2026-03-03"]
    assert report.units["demands"].tolist() == [2, 2]
    assert report.curve["unit"].tolist() == ["2026-03-02", "2026-03-02", "2026-03-03", "2026-03-03"]
    assert report.first_seen.set_index("type")["unit"].to_dict() == {"A": "2026-03-02", "B": "2026-03-03", "C": "2026-03-03"}


def test_labels_differing_only_in_spaces_are_one_type():
    report = saturation(["Leak", " Leak ", "Boiler", "Leak  "])
    assert report.first_seen["type"].tolist() == ["Leak", "Boiler"]
    assert report.first_seen["uses"].tolist() == [3, 1]


def test_dates_as_units_are_called_days():
    types, units = long_study(0)
    dates = [pd.Timestamp("2026-03-01") + pd.Timedelta(days=u) for u in units]
    assert saturation(types, units=dates).unit_name == "day"
    assert "after 4 days, the next 3 days added no new types" in saturation(types, units=[d.date() for d in dates]).message
    assert saturation(types, units=units).unit_name == "unit"
    assert saturation(types, units=units, unit_name="session").message.count("session") == 2
    with_times = [d + pd.Timedelta(hours=9) for d in dates]
    assert saturation(types, units=with_times).unit_name == "unit"


def test_demands_with_no_unit_go_together_last():
    report = saturation(["A", "B", "C", "D"], units=[2, None, 1, float("nan")])
    assert report.units["unit"].tolist() == [1, 2, None]
    assert report.curve["new_type"].tolist() == ["C", "A", "B", "D"]


def test_units_that_cannot_be_sorted_keep_their_first_appearance():
    report = saturation(["A", "B", "C"], units=["session 2", 1, "session 2"])
    assert report.units["unit"].tolist() == ["session 2", 1]
    assert report.curve["new_type"].tolist() == ["A", "C", "B"]


# --- Guest, Namey & Chen ------------------------------------------------------------------

# ten types in the base (days 1-4); a new type on day 5 and another on day 8
BASE = [["T0", "T1", "T2"], ["T3", "T4", "T0"], ["T5", "T6", "T7"], ["T8", "T9", "T1"]]
LATER = [["T0", "New A"], ["T1", "T2"], ["T3"], ["New B", "T4"], ["T5"], ["T6"]]


def test_ratio_uses_the_base_as_a_fixed_denominator_and_runs_slide_one_unit():
    types, units = days_sequence(BASE + LATER)
    report = saturation(types, units=units, base=4, run=2, threshold=0.05)
    assert report.base_types == 10
    # runs of two days starting on day 5, 6, 7, 8, 9: new types 1, 0, 1, 1, 0
    assert report.runs["start"].tolist() == [5, 6, 7, 8, 9]
    assert report.runs["new_types"].tolist() == [1, 0, 1, 1, 0]
    assert report.runs["ratio"].tolist() == [0.1, 0.0, 0.1, 0.1, 0.0]
    assert report.saturation_point == (5, 2)


def test_non_overlapping_runs_step_by_the_run_length():
    types, units = days_sequence(BASE + LATER)
    report = saturation(types, units=units, base=4, run=2, threshold=0.05, sliding=False)
    assert report.runs["start"].tolist() == [5, 7, 9]
    assert report.runs["new_types"].tolist() == [1, 1, 0]
    assert report.saturation_point == (8, 2)


def test_threshold_is_at_or_below():
    types, units = days_sequence(BASE + LATER)
    # a ratio of exactly 0.1 saturates with threshold 0.1 at the first run
    assert saturation(types, units=units, base=4, run=2, threshold=0.1).saturation_point == (4, 2)
    assert saturation(types, units=units, base=4, run=2, threshold=0.099).saturation_point == (5, 2)


def test_message_says_the_saturation_point_in_words_not_as_s_plus_r():
    report = saturation(*long_study(0), base=4, run=3, threshold=0.05)
    assert report.verdict == "enough" and report.saturation_point == (4, 3)
    assert "4+3" not in report.message and "saturation at" not in report.message
    assert "after 4 units, the next 3 units added no new types" in report.message
    assert not any("units=" in note for note in report.notes)
    assert "have we learned what we need?" in report.message


def test_no_run_after_the_base_means_not_yet():
    types, units = days_sequence(BASE)
    report = saturation(types, units=units, base=4, run=3)
    assert report.saturation_point is None
    assert report.verdict == "not yet"
    assert "4 units heard so far. We need the first 4 units to start from, and then another 3 units" in report.message


def test_new_types_still_arriving_is_not_yet():
    per_day = [[f"T{d}-{i}" for i in range(3)] for d in range(10)]
    types, units = days_sequence(per_day)
    report = saturation(types, units=units)
    assert report.saturation_point is None
    assert report.verdict == "not yet"
    assert "still turning up" in report.message
    assert "the latest 3 units added more than 5% of the number of types heard in the first 4 units" in report.message


def test_saturated_runs_but_low_coverage_is_not_yet():
    # base of ten types seen once each, then only repeats: the runs saturate, but ten
    # singletons among few demands leave the coverage low
    per_day = [["A", "B", "C"], ["D", "E", "F"], ["G", "H", "K"], ["I", "J", "K"], ["K", "K"], ["K"], ["K"]]
    types, units = days_sequence(per_day)
    report = saturation(types, units=units, base=4, run=3)
    assert report.saturation_point == (4, 3)
    assert report.coverage < 0.95
    assert report.verdict == "not yet"
    assert "covers about" in report.message


def long_study(extra_days):
    per_day = [["A", "B", "C", "A"], ["D", "A", "B"], ["E", "C", "D"], ["A", "B", "E"]]
    per_day += [["A", "B", "C", "D", "E"]] * (3 + extra_days)
    return days_sequence(per_day)


def test_long_past_once_the_days_after_saturation_match_those_before():
    enough = saturation(*long_study(6), base=4, run=3)  # 13 days: 6 after the 4+3
    assert enough.saturation_point == (4, 3)
    assert enough.verdict == "enough"
    past = saturation(*long_study(7), base=4, run=3)  # 14 days: 7 after
    assert past.verdict == "long past"
    assert "good reasons" in past.message and "record" in past.message
    assert "after 4 units, the next 3 units added no new types, and you have carried on for another 7 units" in past.message
    assert "4+3" not in past.message and "since 4" not in past.message


def test_a_recorded_reason_quietens_long_past():
    report = saturation(*long_study(9), base=4, run=3, acknowledged="We are also timing each call.")
    assert report.verdict == "long past"
    assert "We are also timing each call" in report.message
    assert "good reasons" not in report.message
    assert "after 4 units, the next 3 units added no new types" in report.message and "4+3" not in report.message


def test_almost_no_new_types_names_the_threshold():
    # twenty types over the first four units, then one more: 1 of 20 is exactly 5%
    per_day = [[f"A{d}{i}" for i in range(5)] * 4 for d in range(4)] + [["A00", "A01", "NEW", "NEW"]] + [["A00"] * 3] * 2
    report = saturation(*days_sequence(per_day), base=4, run=3)
    assert report.verdict == "enough" and report.saturation_point == (4, 3)
    assert ("after 4 units, the next 3 units added almost no new types (no more than 5% of the number heard in the "
            "first 4 units)") in report.message


# --- the estimators --------------------------------------------------------------------

def test_estimators_by_hand():
    report = saturation(expand([1, 1, 1, 2, 5]))  # n=10, S=5, f1=3, f2=1
    assert report.unseen_chance == pytest.approx(3 / 10)
    assert report.estimated_types == pytest.approx(5 + 3 * 2 / (2 * 2))
    # Chao & Jost: 1 - f1/n * (n-1)f1 / ((n-1)f1 + 2f2) = 1 - 0.3 * 27/29
    assert report.coverage == pytest.approx(float(1 - Fraction(3, 10) * Fraction(27, 29)))


def test_coverage_when_no_type_was_heard_twice_uses_inexts_special_case():
    # n=5, f1=2, f2=0: f0 = (n-1)/n f1(f1-1)/2 = 0.8; A = n f0 / (n f0 + f1) = 4/6
    assert chao_jost_coverage([1, 1, 3]) == pytest.approx(1 - 2 / 5 * 4 / 6)
    # one singleton and no doubletons: f0 = 0, so A = 0 and coverage is complete
    assert chao_jost_coverage([1, 4]) == pytest.approx(1.0)


def test_demands_needed_by_hand():
    # 1 - 0.3 (27/29)^(m+1) >= 0.95  <=>  m >= log(1/6)/log(27/29) - 1 = 24.07
    assert chao_jost_demands_needed([1, 1, 1, 2, 5], 0.95) == 25
    # 1 - 0.4 (2/3)^(m+1) >= 0.9  <=>  m >= log(0.25)/log(2/3) - 1 = 2.42
    assert chao_jost_demands_needed([1, 1, 3], 0.90) == 3
    assert chao_jost_demands_needed([4, 6], 0.95) == 0
    report = saturation(expand([1, 1, 1, 2, 5]))
    assert report.demands_needed() == 25
    assert report.demands_needed(coverage=0.99) > 25
    with pytest.raises(ValueError, match="between 0 and 1"):
        report.demands_needed(coverage=95)


@settings(max_examples=60, deadline=None)
@given(counts_strategy)
def test_chao1_and_goods_coverage_match_scikit_bio(counts):
    from skbio.diversity.alpha import chao1 as skbio_chao1
    from skbio.diversity.alpha import goods_coverage

    assert chao1(counts) == pytest.approx(skbio_chao1(np.array(counts), bias_corrected=True))
    assert 1 - good_turing_unseen(counts) == pytest.approx(goods_coverage(np.array(counts)))
    report = saturation(expand(counts))
    assert report.estimated_types == pytest.approx(skbio_chao1(np.array(counts), bias_corrected=True))
    assert 1 - report.unseen_chance == pytest.approx(goods_coverage(np.array(counts)))


@settings(max_examples=60, deadline=None)
@given(counts_strategy, st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_demands_needed_is_the_smallest_that_reaches_the_target(counts, target):
    needed = chao_jost_demands_needed(counts, target)
    assert needed is not None and needed >= 0
    assert chao_jost_coverage(counts, extra=needed) >= target - 1e-12
    if needed > 0:
        assert chao_jost_coverage(counts, extra=needed - 1) < target
    assert 0 <= chao_jost_coverage(counts) <= 1


# --- awkward input ------------------------------------------------------------------------

def test_empty_input_gives_a_plain_message():
    report = saturation([])
    assert report.verdict == "not yet"
    assert report.saturation_point is None
    assert "No demands with a type yet" in report.message
    assert report.demands_needed() is None
    assert len(report.curve) == 0


def test_only_blank_types_is_like_empty():
    report = saturation([None, "", float("nan")])
    assert report.skipped == 3
    assert "No demands with a type yet" in report.message


def test_one_type_says_so():
    report = saturation(["Leak"] * 12, units=[1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6])
    assert "one type" in report.message
    assert report.estimated_types == 1


@pytest.mark.parametrize(
    "kwargs, words",
    [
        ({"units": [1, 2]}, "one label per demand"),
        ({"base": 0}, "base must be a whole number"),
        ({"run": 2.5}, "run must be a whole number"),
        ({"threshold": 5}, "threshold must be a share"),
    ],
)
def test_bad_settings_are_refused_plainly(kwargs, words):
    with pytest.raises(ValueError, match=words):
        saturation(["A", "B", "C"], **kwargs)


def test_a_single_text_is_refused():
    with pytest.raises(ValueError, match="list of demand types"):
        saturation("Leak")


# --- studies -------------------------------------------------------------------------

class FakeStudy:
    """Just enough of a Study: demands() in the contract's columns, and acknowledgements()."""

    def __init__(self, frame, acknowledgements=None):
        self._frame = frame
        self._acks = acknowledgements

    def demands(self):
        return self._frame.copy()

    def acknowledgements(self):
        if self._acks is None:
            return pd.DataFrame(columns=["finding_code", "reason", "by", "at"])
        return self._acks


def fake_frame(extra_days=0):
    types, units = long_study(extra_days)
    start = pd.Timestamp("2026-03-02 09:00")
    received = [start + pd.Timedelta(days=u - 1, minutes=i) for i, u in enumerate(units)]
    frame = pd.DataFrame({"id": range(1, len(types) + 1), "received_at": received, "demand_type": types})
    frame["recorded_at"] = frame["received_at"] + pd.Timedelta(hours=1)
    return frame


def test_a_study_is_read_by_day_with_blank_types_skipped():
    frame = fake_frame()
    frame.loc[0, "received_at"] = pd.NaT  # falls back to recorded_at: still day 1
    untyped = frame.iloc[[1]].assign(demand_type=None, id=999)
    frame = pd.concat([frame, untyped], ignore_index=True)
    report = saturation(FakeStudy(frame))
    assert report.unit_name == "day"
    assert report.skipped == 1
    assert len(report.units) == 7
    assert report.units["unit"].iloc[0] == pd.Timestamp("2026-03-02").date()
    assert report.saturation_point == (4, 3)
    assert "days" in report.message or "day" in report.message


def test_a_study_refuses_units():
    with pytest.raises(ValueError, match="brings its own days"):
        saturation(FakeStudy(fake_frame()), units=[1])


def test_a_studys_acknowledgement_quietens_long_past():
    acks = pd.DataFrame(
        {"finding_code": [LONG_PAST_CODE], "reason": ["The director asked us to include half-term."],
         "by": ["Sam"], "at": [pd.Timestamp("2026-03-20")]}
    )
    loud = saturation(FakeStudy(fake_frame(9)))
    quiet = saturation(FakeStudy(fake_frame(9), acks))
    assert loud.verdict == quiet.verdict == "long past"
    assert "good reasons" in loud.message
    assert "half-term" in quiet.message and "good reasons" not in quiet.message


def test_an_empty_study():
    frame = pd.DataFrame(columns=["id", "received_at", "recorded_at", "demand_type"])
    assert "No demands with a type yet" in saturation(FakeStudy(frame)).message


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.integers(1, 14), st.sampled_from(["A", "B", "C", "D", "E", "F", None])),
                min_size=30, max_size=120))
def test_the_checks_and_the_monitor_say_what_saturation_says(heard):
    # one implementation: the monitor's verdict, from its tallies, is saturation()'s on the study
    from helpers.analysis.checks import Monitor
    from helpers.core.study import Study

    study = Study.scratch(name="One saturation")
    for day, kind in heard:
        study.record("words", classification="value", demand_type=kind, received_at=f"2026-03-{day:02d}T10:00:00")
    report = saturation(study)
    event(report.verdict)
    monitor = Monitor(study)
    monitor.refresh()
    assert monitor.saturation == {"verdict": report.verdict, "saturation_point": report.saturation_point,
                                  "days": len(report.units)}


def test_a_real_scratch_study():
    study_module = pytest.importorskip("helpers.core.study")
    study = study_module.Study.scratch(name="Saturation test")
    types, units = long_study(0)
    for kind, day in zip(types, units):
        study.record(f"caller about {kind}", classification="value", demand_type=kind,
                     received_at=f"2026-03-{1 + day:02d}T10:00:00")
    study.record("no type yet", received_at="2026-03-02T11:00:00")
    study.rename_type("E", "Everything else")
    report = saturation(study)
    assert report.skipped == 1
    assert report.saturation_point == (4, 3)
    assert "Everything else" in set(report.first_seen["type"])
    assert "E" not in set(report.first_seen["type"])
    study.record_saturation_check(report)  # the study can keep what the report said
    study.acknowledge(LONG_PAST_CODE, "We wanted a full month.")
    assert saturation(study).acknowledged == "We wanted a full month."


# --- the plot --------------------------------------------------------------------------

def test_plot_marks_the_saturation_point_and_has_a_caption():
    types, units = days_sequence(BASE + LATER)
    report = helpers.saturation(types, units=units, base=4, run=2)
    ax = report.plot()
    assert ax.get_title() and ax.get_xlabel() == "Demands heard"
    assert any("stable after 5" in t.get_text() for t in ax.texts)
    assert "after 5 units" in plots.describe(ax) and "the next 2 brought few or no new types" in plots.describe(ax)
    assert plots.caption(ax).notice == report.message
    matplotlib.pyplot.close("all")


def test_plot_of_an_empty_report_draws_without_error():
    ax = helpers.saturation([]).plot()
    assert "No demands" in plots.describe(ax) or "no demands" in plots.describe(ax)
    matplotlib.pyplot.close("all")


def test_a_long_sequence_is_summarised_in_the_same_shape():
    rng = np.random.default_rng(7)
    kinds = rng.choice([f"type {i}" for i in range(60)], size=20_000, p=np.r_[[0.5 / 10] * 10, [0.5 / 50] * 50])
    days = np.sort(rng.integers(0, 15, size=20_000))
    report = saturation(kinds, units=days)
    assert report.demands == 20_000
    assert report.types_heard == report.curve["distinct_types"].iloc[-1] == len(set(kinds))
    assert math.isclose(report.units["demands"].sum(), 20_000)
