"""Do two teams classify the same demands the same way?

Each team classifies the same calibration sample into its own study; the demands are
matched by ``source_id``. The point is the conversation about the demands they disagree
on, not a score: the pairwise table for several teams is kept in the order the teams were
given and is never sorted by agreement.

Cohen's kappa (the textbook formula): with p_o the share of demands both gave the same
answer and p_e the share expected by chance from each team's own mix of answers
(the sum over answers of team A's share times team B's share), kappa = (p_o - p_e) / (1 - p_e).

>>> import pandas as pd
>>> a = pd.DataFrame({"source_id": ["1", "2", "3", "4"], "classification": ["value", "failure", "failure", "value"]})
>>> b = pd.DataFrame({"source_id": ["1", "2", "3", "4"], "classification": ["value", "failure", "value", "value"]})
>>> result = agreement(a, b)
>>> result.percent, result.kappa
(75.0, 0.5)
>>> result.disagreements[["source_id", "a", "b"]].values.tolist()
[['3', 'failure', 'value']]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from itertools import combinations
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from helpers.analysis._state import _classification
from helpers.core.vocabulary import CLASSIFICATIONS

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["CLASSES", "Agreement", "cohens_kappa", "agreement", "agreement_table"]

#: Answers in the order tables show them.
CLASSES = CLASSIFICATIONS


@dataclass
class Agreement:
    """Two teams' answers on the demands both classified.

    ``percent`` (0-100), ``kappa`` (Cohen's; NaN when both teams gave one and the same
    answer throughout, where chance agreement is total and kappa is undefined), ``table``
    (rows: team A's answers, columns: team B's), ``disagreements`` (``source_id``,
    ``verbatim`` when known, ``a``, ``b``), ``compared`` (demands matched), ``names`` and
    ``notes`` (what was left out and why).
    """

    names: tuple[str, str]
    compared: int
    percent: float
    kappa: float
    table: Any
    disagreements: Any
    notes: list[str] = field(default_factory=list)
    on: str = "classification"

    @property
    def message(self) -> str:
        """One plain sentence about the result."""
        if self.compared == 0:
            return f"{self.names[0]} and {self.names[1]} have no classified demands in common yet (matched by source_id)."
        talk = (
            f"; talk through the {len(self.disagreements)} you answered differently" if len(self.disagreements) else ""
        )
        return (
            f"{self.names[0]} and {self.names[1]} gave the same answer for {self.percent:.0f}% of "
            f"{self.compared} demands{talk}: the argument is where the learning is."
        )

    def __repr__(self) -> str:
        kappa = "undefined" if self.kappa != self.kappa else f"{self.kappa:.2f}"
        return f"<agreement {self.names[0]} / {self.names[1]}: {self.percent:.1f}% of {self.compared}, kappa {kappa}>"


def _study_name(obj):
    info = getattr(obj, "info", None)
    return info.get("name") if isinstance(info, Mapping) else None


def _frame_and_name(obj, default: str):
    import pandas as pd

    if hasattr(obj, "demands") and callable(obj.demands):
        return obj.demands(), _study_name(obj) or default
    if isinstance(obj, pd.DataFrame):
        return obj, obj.attrs.get("name") or default
    raise ValueError(
        f"agreement() compares two Studies or two tables with source_id and classification columns; got {type(obj).__name__}."
    )


def _answers(frame, on: str, who: str, notes: list[str]):
    import pandas as pd

    for column in ("source_id", on):
        if column not in frame:
            raise ValueError(f"{who}'s demands have no {column!r} column, so they cannot be matched and compared.")
    kept = frame[frame["source_id"].notna() & (frame["source_id"].astype(str).str.strip() != "")]
    if len(kept) < len(frame):
        notes.append(f"{who}: {len(frame) - len(kept)} demands with no source_id left out (they are not from the sample).")
    ids = kept["source_id"].astype(str).str.strip()
    if on == "classification":
        answers = pd.Series([_classification(v, row, who) for row, v in enumerate(kept[on].tolist(), start=2)], dtype=object)
    else:
        answers = kept[on].astype("string").str.strip().astype(object).where(kept[on].notna(), None)
    out = pd.DataFrame({"source_id": ids.to_numpy(), "answer": answers.to_numpy()})
    if "verbatim" in kept:
        out["verbatim"] = kept["verbatim"].to_numpy()
    dupes = out["source_id"].duplicated(keep="last")
    if dupes.any():
        twice = sorted(set(out.loc[dupes, "source_id"]))
        notes.append(
            f"{who} recorded {len(twice)} sample demand(s) more than once ({', '.join(twice[:5])}"
            f"{', ...' if len(twice) > 5 else ''}): the latest answer is used."
        )
        out = out[~dupes]
    undecided = out["answer"].isna()
    if undecided.any():
        notes.append(f"{who}: {int(undecided.sum())} demands not yet classified left out.")
    return out[~undecided]


def cohens_kappa(table) -> float:
    """Cohen's kappa from a square table of counts (rows one rater, columns the other).

    >>> cohens_kappa([[20, 5], [10, 15]])   # p_o = 0.7, p_e = 0.5
    0.4
    """
    import numpy as np

    counts = np.asarray(table, dtype=float)
    total = counts.sum()
    if total == 0:
        return float("nan")
    p_o = np.trace(counts) / total
    p_e = float((counts.sum(axis=1) / total) @ (counts.sum(axis=0) / total))
    if p_e >= 1 - 1e-12:
        return float("nan")
    return float(round((p_o - p_e) / (1 - p_e), 12))


def agreement(a, b, *, on: str = "classification", names: Sequence[str] | None = None) -> Agreement:
    """Compare two teams' classifications of the same demands, matched by ``source_id``.

    ``a``, ``b``: Studies or tables with ``source_id`` and ``classification`` columns
    (and ``verbatim`` if known). ``on="demand_type"`` compares the types instead.
    ``names``: what to call the two teams (default: the studies' names, else "A" and "B").
    Demands only one team has, and demands not yet classified, are left out (see
    ``.notes``). Answers are read in any case ("V", "Failure demand", "?").
    """
    import pandas as pd

    frame_a, name_a = _frame_and_name(a, "A")
    frame_b, name_b = _frame_and_name(b, "B")
    if names is not None:
        name_a, name_b = names
    if name_a == name_b:
        name_a, name_b = f"{name_a} (1)", f"{name_b} (2)"
    notes: list[str] = []
    answers_a = _answers(frame_a, on, name_a, notes)
    answers_b = _answers(frame_b, on, name_b, notes)
    both = answers_a.merge(answers_b, on="source_id", suffixes=("_a", "_b"), how="inner", sort=False)
    only = len(answers_a) + len(answers_b) - 2 * len(both)
    if only:
        notes.append(f"{only} demands classified by only one of the two teams left out.")

    seen = set(both["answer_a"]) | set(both["answer_b"])
    if on == "classification":  # value and failure always shown, in the house order
        order = [c for c in CLASSES if c in seen or c in ("value", "failure")] + sorted(seen - set(CLASSES))
    else:
        order = sorted(seen)
    table = (
        pd.crosstab(both["answer_a"], both["answer_b"])
        .reindex(index=order, columns=order, fill_value=0)
        .astype(int)
    )
    table.index.name, table.columns.name = name_a, name_b

    compared = int(len(both))
    same = int((both["answer_a"] == both["answer_b"]).sum())
    percent = 100.0 * same / compared if compared else float("nan")
    kappa = cohens_kappa(table.to_numpy()) if compared else float("nan")

    differ = both[both["answer_a"] != both["answer_b"]]
    verbatim = None
    for column in ("verbatim_a", "verbatim_b", "verbatim"):
        if column in differ:
            verbatim = differ[column] if verbatim is None else verbatim.fillna(differ[column])
    disagreements = pd.DataFrame(
        {
            "source_id": differ["source_id"].to_numpy(),
            "verbatim": verbatim.to_numpy() if verbatim is not None else None,
            "a": differ["answer_a"].to_numpy(),
            "b": differ["answer_b"].to_numpy(),
        }
    )
    disagreements.attrs["names"] = (name_a, name_b)
    return Agreement((name_a, name_b), compared, percent, kappa, table, disagreements, notes, on)


def agreement_table(teams, *, on: str = "classification") -> "pd.DataFrame":
    """Every pair of teams compared, in the order the teams were given: never a ranking.

    ``teams``: a mapping of name to Study or table, or a list of Studies/tables (named by
    their study names, else "Team 1", "Team 2"...). One row per pair: ``team_a``,
    ``team_b``, ``compared``, ``percent``, ``kappa``, ``disagreements``, in the input order
    on purpose: sorting by agreement would turn a conversation into a league table.

    >>> import pandas as pd
    >>> make = lambda answers: pd.DataFrame({"source_id": ["1", "2", "3"], "classification": answers})
    >>> table = agreement_table({"North": make(["V", "F", "F"]), "South": make(["V", "F", "V"]),
    ...                          "East": make(["V", "F", "F"])})
    >>> table[["team_a", "team_b", "percent"]].round(1).values.tolist()
    [['North', 'South', 66.7], ['North', 'East', 100.0], ['South', 'East', 66.7]]
    """
    import pandas as pd

    if isinstance(teams, Mapping):
        named = list(teams.items())
    else:
        named = [(_study_name(team) or f"Team {number}", team) for number, team in enumerate(teams, start=1)]
    if len(named) < 2:
        raise ValueError("Give at least two teams to compare.")
    rows = []
    for (name_a, a), (name_b, b) in combinations(named, 2):
        result = agreement(a, b, on=on, names=(str(name_a), str(name_b)))
        rows.append((name_a, name_b, result.compared, result.percent, result.kappa, len(result.disagreements)))
    return pd.DataFrame(rows, columns=["team_a", "team_b", "compared", "percent", "kappa", "disagreements"])
