"""agreement(): two teams' answers on the same sample, and the pairwise table (never a ranking)."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # tests only

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers.views import plots
from helpers.analysis.agreement import agreement, agreement_table, cohens_kappa

CLASSES = ["value", "failure", "unsure", "not demand"]


def team(answers, ids=None, verbatims=None, **extra):
    ids = ids or [f"S{i:03d}" for i in range(1, len(answers) + 1)]
    frame = pd.DataFrame({"source_id": ids, "classification": answers, **extra})
    if verbatims is not None:
        frame["verbatim"] = verbatims
    return frame


def test_kappa_by_hand():
    # 50 demands: both value 20, A value/B failure 5, A failure/B value 10, both failure 15
    a = ["value"] * 25 + ["failure"] * 25
    b = ["value"] * 20 + ["failure"] * 5 + ["value"] * 10 + ["failure"] * 15
    result = agreement(team(a), team(b))
    # p_o = 35/50 = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; kappa = 0.2/0.5
    assert result.percent == 70.0
    assert result.kappa == pytest.approx(0.4)
    assert result.table.loc["value", "value"] == 20
    assert result.table.loc["value", "failure"] == 5
    assert result.table.loc["failure", "value"] == 10
    assert result.compared == 50


def test_table_rows_are_team_a_and_columns_team_b_in_the_house_order():
    result = agreement(team(["F", "?", "V"]), team(["failure demand", "not demand", "Value"]), names=("North", "South"))
    assert list(result.table.index) == ["value", "failure", "unsure", "not demand"]
    assert list(result.table.columns) == ["value", "failure", "unsure", "not demand"]
    assert result.table.index.name == "North" and result.table.columns.name == "South"
    assert result.table.loc["unsure", "not demand"] == 1


def test_disagreements_carry_the_verbatim_and_both_answers():
    a = team(["value", "failure", "failure"], verbatims=["new leak", "are you still coming?", "it's back"])
    b = team(["value", "value", "failure"])
    result = agreement(a, b)
    assert result.disagreements.to_dict("records") == [
        {"source_id": "S002", "verbatim": "are you still coming?", "a": "failure", "b": "value"}
    ]
    assert "talk through the 1" in result.message


def test_matched_by_source_id_not_by_position():
    a = team(["value", "failure", "failure"], ids=["x", "y", "z"])
    b = team(["failure", "value", "failure"], ids=["z", "x", "y"])
    assert agreement(a, b).percent == 100.0


def test_what_is_left_out_is_said():
    a = team(["value", "failure", None, "value"], ids=["1", "2", "3", "4"])
    b = team(["value", "value", "value", "failure", "value"], ids=["1", "2", "3", "9", None])
    result = agreement(a, b, names=("Red", "Blue"))
    assert result.compared == 2
    notes = " ".join(result.notes)
    assert "Blue: 1 demands with no source_id" in notes
    assert "Red: 1 demands not yet classified" in notes
    assert "only one of the two teams" in notes


def test_a_demand_recorded_twice_uses_the_latest_answer():
    a = team(["failure", "value"], ids=["1", "1"])
    result = agreement(a, team(["value"], ids=["1"]))
    assert result.percent == 100.0
    assert "more than once" in result.notes[0]


def test_types_can_be_compared_too():
    a = team(["value", "failure"], demand_type=["New leak", "Chasing"])
    b = team(["value", "failure"], demand_type=["New leak", "Is someone coming?"])
    result = agreement(a, b, on="demand_type")
    assert result.percent == 50.0
    assert result.disagreements[["a", "b"]].values.tolist() == [["Chasing", "Is someone coming?"]]


def test_one_answer_throughout_leaves_kappa_undefined():
    result = agreement(team(["value"] * 4), team(["value"] * 4))
    assert result.percent == 100.0
    assert np.isnan(result.kappa)
    assert "undefined" in repr(result)


def test_nothing_in_common():
    result = agreement(team(["value"], ids=["1"]), team(["value"], ids=["2"]))
    assert result.compared == 0 and np.isnan(result.percent)
    assert "no classified demands in common" in result.message


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="no 'source_id' column"):
        agreement(pd.DataFrame({"classification": ["value"]}), team(["value"]))
    with pytest.raises(ValueError, match="two Studies or two tables"):
        agreement(["value"], team(["value"]))


@settings(max_examples=30, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(CLASSES), st.sampled_from(CLASSES)), min_size=2, max_size=80))
def test_kappa_matches_statsmodels(pairs):
    from statsmodels.stats.inter_rater import cohens_kappa as sm_kappa

    a = team([p[0] for p in pairs])
    b = team([p[1] for p in pairs])
    result = agreement(a, b)
    table = result.table.to_numpy()
    if len({p[0] for p in pairs} | {p[1] for p in pairs}) == 1:
        # both teams gave one and the same answer throughout: chance agreement is total
        assert np.isnan(result.kappa)
    else:
        assert result.kappa == pytest.approx(sm_kappa(table, return_results=False), abs=1e-9)
    assert result.percent == pytest.approx(100 * np.trace(table) / table.sum())
    assert len(result.disagreements) == sum(p[0] != p[1] for p in pairs)


def test_cohens_kappa_of_perfect_agreement_is_one():
    assert cohens_kappa([[3, 0], [0, 4]]) == 1.0


# --- several teams -----------------------------------------------------------------------


def test_pairwise_table_keeps_the_order_given_never_sorted_by_score():
    truth = ["value", "failure", "failure", "value", "failure", "value"]
    teams = {
        "Zeta": team(["failure"] * 6),  # agrees least, listed first
        "Alpha": team(truth),
        "Mid": team(truth[:3] + ["failure"] * 3),
    }
    table = agreement_table(teams)
    assert list(zip(table["team_a"], table["team_b"])) == [("Zeta", "Alpha"), ("Zeta", "Mid"), ("Alpha", "Mid")]
    assert not table["percent"].is_monotonic_decreasing
    assert list(table.columns) == ["team_a", "team_b", "compared", "percent", "kappa", "disagreements"]


class FakeStudy:
    def __init__(self, name, frame):
        self.info = {"name": name}
        self.frame = frame

    def demands(self):
        return self.frame.copy()


def test_studies_are_named_by_their_study_names():
    result = agreement(FakeStudy("Repairs team", team(["value"])), FakeStudy("Contact centre", team(["failure"])))
    assert result.names == ("Repairs team", "Contact centre")
    table = agreement_table([FakeStudy("One", team(["value"])), FakeStudy("Two", team(["value"])),
                             FakeStudy("Three", team(["value"]))])
    assert table["team_a"].tolist() == ["One", "One", "Two"]
    with pytest.raises(ValueError, match="at least two teams"):
        agreement_table([FakeStudy("One", team(["value"]))])


def test_two_real_scratch_studies():
    study_module = pytest.importorskip("helpers.core.study")
    Study = study_module.Study
    answers = {"North": ["value", "failure", "failure", "value"], "South": ["value", "failure", "value", "value"]}
    studies = {}
    for name, classes in answers.items():
        study = Study.scratch(name=name)
        for i, kind in enumerate(classes, start=1):
            study.record(f"demand {i}", classification=kind, source_id=f"CAL-{i}")
        studies[name] = study
    result = agreement(studies["North"], studies["South"])
    assert result.names == ("North", "South")
    assert result.percent == 75.0 and result.kappa == pytest.approx(0.5)
    assert result.disagreements["verbatim"].tolist() == ["demand 3"]


def test_agreement_plot_outlines_the_diagonal():
    result = agreement(team(["value", "failure", "failure"]), team(["value", "value", "failure"]), names=("A team", "B team"))
    ax = plots.plot_agreement(result)
    assert ax.get_ylabel() == "A team said" and ax.get_xlabel() == "B team said"
    assert "1 demands were answered differently" in plots.caption(ax).notice
    assert "67%" in plots.describe(ax)
    matplotlib.pyplot.close("all")
