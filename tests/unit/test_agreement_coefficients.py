"""Percent, kappa, alpha and AC1 side by side: cross-checked against the krippendorff package,
statsmodels and Gwet's (2008) formulas worked by hand, on balanced, skewed and three-team cases."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers import DemandDataError
from helpers.analysis.agreement import agreement, coefficients

CODES = {"value": 0, "failure": 1, "unsure": 2, "not demand": 3}


def kripp(*teams):
    """Krippendorff's alpha (nominal) from the krippendorff package; None is a missing answer."""
    import krippendorff

    data = np.array([[np.nan if x is None else CODES[x] for x in t] for t in teams], dtype=float)
    return krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")


def gwet_two(a, b, categories=("value", "failure")):
    """Gwet's AC1 for two raters, by hand: pe = 1/(q-1) sum_k pi_k (1 - pi_k), pi_k the mean of
    the two raters' shares of k."""
    n, q = len(a), len(categories)
    pa = sum(x == y for x, y in zip(a, b)) / n
    pi = [(a.count(k) / n + b.count(k) / n) / 2 for k in categories]
    pe = sum(p * (1 - p) for p in pi) / (q - 1)
    return (pa - pe) / (1 - pe)


def gwet_many(teams, categories=("value", "failure")):
    """Gwet's (2008) multi-rater AC1 by hand, every rater rating every demand."""
    r, q = len(teams), len(categories)
    units = list(zip(*teams))
    counts = [[u.count(k) for k in categories] for u in units]
    pa = np.mean([sum(c * (c - 1) for c in row) / (r * (r - 1)) for row in counts])
    pi = [np.mean([row[k] / r for row in counts]) for k in range(q)]
    pe = sum(p * (1 - p) for p in pi) / (q - 1)
    return (pa - pe) / (1 - pe)


# 50 demands, balanced: both value 20, A value/B failure 5, A failure/B value 10, both failure 15
BALANCED = (["value"] * 25 + ["failure"] * 25, ["value"] * 20 + ["failure"] * 5 + ["value"] * 10 + ["failure"] * 15)
# 40 demands, 85% failure by A: they agree on 34 (85%) but kappa is low
SKEWED = (["failure"] * 34 + ["value"] * 6, ["failure"] * 32 + ["value"] * 2 + ["failure"] * 4 + ["value"] * 2)
# three teams on 20 demands, mostly failure
THREE = (["failure"] * 15 + ["value", "failure", "failure", "value", "failure"],
         ["failure"] * 17 + ["value"] * 3,
         ["failure"] * 14 + ["value", "failure", "failure", "failure", "value", "failure"])


def test_balanced_case_matches_krippendorff_statsmodels_and_gwet_by_hand():
    from statsmodels.stats.inter_rater import cohens_kappa

    result = agreement(*BALANCED)
    assert result.percent == 70.0
    assert result.kappa == pytest.approx(cohens_kappa(result.table.to_numpy(), return_results=False)) == pytest.approx(0.4)
    assert result.alpha == pytest.approx(kripp(*BALANCED), abs=1e-12)
    assert result.alpha == pytest.approx(0.4)  # 1 - 99 * 30 / (100**2 - 55**2 - 45**2)
    assert result.ac1 == pytest.approx(gwet_two(*BALANCED), abs=1e-12)
    assert result.ac1 == pytest.approx(0.40594, abs=1e-5)  # pi = .55/.45: pe = .495, (.7 - .495) / .505
    assert "prevalence paradox" not in result.message


def test_skewed_case_kappa_understates_and_the_message_says_so():
    result = agreement(*SKEWED, names=("North", "South"))
    assert result.percent == 85.0
    # pe = .85 * .9 + .15 * .1 = .78: kappa = .07 / .22
    assert result.kappa == pytest.approx(0.07 / 0.22)
    assert result.alpha == pytest.approx(kripp(*SKEWED), abs=1e-12)
    # pi_failure = (.85 + .9) / 2 = .875: pe = 2 * .875 * .125 = .21875, AC1 = .63125 / .78125
    assert result.ac1 == pytest.approx(gwet_two(*SKEWED), abs=1e-12) == pytest.approx(0.808)
    assert result.kappa < 0.35 and result.alpha < 0.35 and result.ac1 > 0.8
    message = result.message
    assert message.startswith("North and South gave the same answer for 85% of 40 demands (kappa 0.32, alpha 0.32, AC1 0.81)")
    assert "88% of answers 'failure', kappa and alpha understate agreement (the prevalence paradox)" in message
    assert "talk through the 6 you answered differently" in message and "number is secondary" in message
    assert len(result.disagreements) == 6


def test_ac1_counts_every_answer_in_the_table():
    a, b = ["value", "failure", "unsure", "failure"] * 5, ["value", "failure", "failure", "failure"] * 5
    result = agreement(a, b)
    assert list(result.table.index) == ["value", "failure", "unsure"]
    assert result.ac1 == pytest.approx(gwet_two(a, b, ("value", "failure", "unsure")), abs=1e-12)
    assert result.alpha == pytest.approx(kripp(a, b), abs=1e-12)


def test_three_teams_alpha_and_ac1_across_all_and_every_pair_in_the_order_given():
    from statsmodels.stats.inter_rater import cohens_kappa

    frames = [pd.DataFrame({"source_id": range(20), "classification": t}) for t in THREE]
    frames[0].attrs["name"] = "Zeta"
    result = agreement(*frames)
    assert result.names == ("Zeta", "team 2", "team 3")
    assert result.compared == 20 and np.isnan(result.kappa)
    assert result.alpha == pytest.approx(kripp(*THREE), abs=1e-12)
    assert result.ac1 == pytest.approx(gwet_many(THREE), abs=1e-12)
    pairs = result.pairs
    assert list(pairs.columns) == ["team_a", "team_b", "compared", "percent", "kappa", "alpha", "ac1", "disagreements"]
    assert list(zip(pairs["team_a"], pairs["team_b"])) == [("Zeta", "team 2"), ("Zeta", "team 3"), ("team 2", "team 3")]
    assert pairs["percent"].tolist() == [85.0, 90.0, 85.0]  # not sorted by agreement
    for row, (i, j) in zip(pairs.itertuples(), [(0, 1), (0, 2), (1, 2)]):
        table = pd.crosstab(pd.Series(THREE[i]), pd.Series(THREE[j])).to_numpy()
        assert row.kappa == pytest.approx(cohens_kappa(table, return_results=False), abs=1e-12)
        assert row.alpha == pytest.approx(kripp(THREE[i], THREE[j]), abs=1e-12)
        assert row.ac1 == pytest.approx(gwet_two(THREE[i], THREE[j]), abs=1e-12)
    assert result.table.loc["failure"].tolist() == [18, 17, 18]
    assert result.disagreements.columns.tolist() == ["source_id", "verbatim", "Zeta", "team 2", "team 3"]
    assert result.disagreements["source_id"].tolist() == ["14", "15", "17", "19"]
    assert "alpha understates agreement" in result.message and "in the order given" not in result.message


def test_three_teams_with_gaps_match_krippendorff_and_keep_the_order():
    a = ["value", "failure", None, "failure", "failure", "value"]
    b = ["value", "failure", "failure", None, "failure", "failure"]
    c = [None, "failure", "failure", "value", "failure", "value"]
    result = agreement(c, a, b, names=["West", "North", "South"])
    assert result.names == ("West", "North", "South")
    assert result.alpha == pytest.approx(kripp(c, a, b), abs=1e-12)
    assert result.pairs["team_a"].tolist() == ["West", "West", "North"]
    assert result.pairs["compared"].tolist() == [4, 4, 4]


@settings(max_examples=40, deadline=None)
@given(st.integers(2, 4).flatmap(lambda r: st.lists(
    st.lists(st.sampled_from(list(CODES) + [None]), min_size=r, max_size=r), min_size=2, max_size=40)))
def test_alpha_matches_krippendorff_for_any_teams_and_gaps(units):
    teams = [list(t) for t in zip(*units)]
    result = agreement(*teams)
    pairable = [[x for x in u if x is not None] for u in units]
    values = {x for u in pairable if len(u) >= 2 for x in u}
    if len(values) < 2:
        assert np.isnan(result.alpha) or result.compared == 0
    else:
        assert result.alpha == pytest.approx(kripp(*teams), abs=1e-9)


def test_coefficients_from_counts():
    assert [round(x, 4) for x in coefficients([[2, 0], [0, 2], [1, 1], [2, 0]])] == [75.0, 0.5333, 0.5294]
    assert all(np.isnan(coefficients([[1, 0], [0, 1]])))  # no demand answered twice


def test_plain_lists_are_matched_by_position_and_read_in_the_one_vocabulary():
    result = agreement(["V", "F", "fail", "?"], ["value", "failure demand", "value", "not sure"])
    assert (result.compared, result.percent) == (4, 75.0)
    assert result.disagreements[["source_id", "a", "b"]].values.tolist() == [["3", "failure", "value"]]
    assert agreement(pd.Series(["V", "F"]), np.array(["V", "V"])).percent == 50.0
    with pytest.raises(DemandDataError) as refused:
        agreement(["value", "maybe"], ["value", "value"])
    assert (refused.value.row, refused.value.column) == (2, "classification")


def test_unequal_lengths_and_mixtures_are_refused_in_plain_words():
    with pytest.raises(ValueError, match=r"different lengths \(3, 2\): plain lists are matched by position"):
        agreement(["value"] * 3, ["value"] * 2)
    with pytest.raises(ValueError, match=r"different lengths \(2, 2, 1\)"):
        agreement(["value"] * 2, ["value"] * 2, ["value"])
    with pytest.raises(ValueError, match="not a mix"):
        agreement(["value"], pd.DataFrame({"source_id": ["1"], "classification": ["value"]}))
    with pytest.raises(ValueError, match="2 names for 3 teams"):
        agreement(["value"], ["value"], ["value"], names=["A", "B"])


def test_the_public_result_shows_three_teams_as_a_table_and_two_as_the_grid():
    result = helpers.agreement(*THREE)
    page = result._repr_html_()
    assert "<table" in page and "team 1" in page and "alpha" in page and "understates" in page
    with pytest.raises(ValueError, match="compares two teams"):
        result.plot()
    two = helpers.agreement(*SKEWED)
    assert "<figcaption>" in two._repr_html_() and "prevalence paradox" in two._repr_html_()
    assert "kappa 0.32, alpha 0.32, AC1 0.81" in repr(two)
    matplotlib.pyplot.close("all")


def test_the_checks_read_every_pair_of_a_three_team_agreement():
    # check_study(calibration=) names each pair of teams, not only the first two
    import helpers

    one = ["value", "failure"] * 15
    two = ["failure"] * 30
    three = ["value", "failure"] * 15
    compared = helpers.agreement(one, two, three, names=["North", "South", "East"])
    notes = [f.message for f in helpers.check_study(pd.DataFrame({"verbatim": ["x"] * 5}), calibration=compared)
             if f.code == "M0-calibration"]
    assert any("(North and South)" in n for n in notes) and any("(South and East)" in n for n in notes), notes
    assert not any("(North and East)" in n for n in notes), "North and East agree: no note"
