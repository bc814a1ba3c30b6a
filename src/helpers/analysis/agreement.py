"""Do teams classify the same demands the same way? Matched by ``source_id`` (plain lists by
position); the point is the conversation about the disagreements, not a score, and pairs of
teams keep the order given, never sorted. Four numbers side by side: percent agreement p_o;
Cohen's kappa (Cohen 1960) (p_o - p_e) / (1 - p_e), p_e = sum over answers of A's share times
B's; Krippendorff's alpha, nominal (Krippendorff 2011, "Computing Krippendorff's
alpha-reliability") 1 - (n - 1) sum_{c!=k} o_ck / sum_{c!=k} n_c n_k, o_ck the coincidence
matrix of pairable answers, n_c its row sums, any number of teams; Gwet's AC1 (Gwet 2008)
(p_o - p_e) / (1 - p_e), p_e = 1/(q - 1) sum_k pi_k (1 - pi_k), pi_k the share of all answers
that were k and q the answers in the table (value, failure and any other given). With 70-90%
failure demand kappa and alpha can be low while teams agree on nearly every demand (chance
agreement is high when one answer dominates: the prevalence paradox, Feinstein & Cicchetti
1990); AC1 is not pulled down that way, so it is read beside them.

>>> import pandas as pd
>>> a = pd.DataFrame({"source_id": ["1", "2", "3", "4"], "classification": ["value", "failure", "failure", "value"]})
>>> b = pd.DataFrame({"source_id": ["1", "2", "3", "4"], "classification": ["value", "failure", "value", "value"]})
>>> result = agreement(a, b)
>>> result.percent, result.kappa, round(result.alpha, 3), round(result.ac1, 3)
(75.0, 0.5, 0.533, 0.529)
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

__all__ = ["CLASSES", "Agreement", "cohens_kappa", "coefficients", "agreement", "agreement_table"]

#: Answers in the order tables show them.
CLASSES = CLASSIFICATIONS
NAN = float("nan")


def _fmt(x: float) -> str:
    return "undefined" if x != x else f"{x:.2f}"


@dataclass
class Agreement:
    """Teams' answers on the demands they classified in common.

    ``percent`` (0-100), ``kappa`` (Cohen's, two teams only; NaN when both gave one and the
    same answer throughout), ``alpha`` (Krippendorff's, nominal), ``ac1`` (Gwet's), ``table``
    (two teams: rows A's answers, columns B's; more: each team's count of each answer),
    ``disagreements`` (``source_id``, ``verbatim`` when known, ``a`` and ``b`` or one column
    per team), ``pairs`` (one row per pair, in the order given: ``team_a``, ``team_b``,
    ``compared``, ``percent``, ``kappa``, ``alpha``, ``ac1``, ``disagreements``),
    ``compared`` (demands matched), ``names`` and ``notes`` (what was left out and why).
    """

    names: tuple[str, ...]
    compared: int
    percent: float
    kappa: float
    table: Any
    disagreements: Any
    notes: list[str] = field(default_factory=list)
    on: str = "classification"
    alpha: float = NAN
    ac1: float = NAN
    pairs: Any = None

    @property
    def message(self) -> str:
        """One plain sentence on how to read the numbers."""
        many, who = len(self.names) > 2, ", ".join(self.names[:-1]) + " and " + self.names[-1]
        if self.compared == 0:
            return f"{who} have no classified demands in common yet (matched by source_id)."
        said = (f"{who} gave the same answer {'in' if many else 'for'} {self.percent:.0f}% of "
                f"{'the pairs of answers on ' if many else ''}{self.compared} demands ("
                + ("" if many else f"kappa {_fmt(self.kappa)}, ") + f"alpha {_fmt(self.alpha)}, AC1 {_fmt(self.ac1)}"
                + (" across all; each pair in .pairs)" if many else ")"))
        low = "alpha" if many else "kappa and alpha"
        counts = self.table.sum(axis=1) + (0 if many else self.table.sum(axis=0))
        share, top = counts.max() / counts.sum(), counts.idxmax()
        if self.alpha != self.alpha:
            said += f": with every answer {top!r}, {low} cannot be worked out (chance agreement is total)"
        elif share >= 0.7 and self.percent >= 80 and not min(self.alpha, NAN if many else self.kappa) >= 0.6:
            said += (f": with {share:.0%} of answers {top!r}, {low} understate{'s' if many else ''} agreement "
                     f"(the prevalence paradox), so read AC1 beside {'it' if many else 'them'}")
        differ = len(self.disagreements)
        return said + (f"; talk through the {differ} {'demands answered' if many else 'you answered'} differently: the "
                       "number is secondary, the argument is where the learning is." if differ else ".")

    def __repr__(self) -> str:
        kappa = "" if len(self.names) > 2 else f", kappa {_fmt(self.kappa)}"
        return (f"<agreement {' / '.join(self.names)}: {self.percent:.1f}% of {self.compared}{kappa}, "
                f"alpha {_fmt(self.alpha)}, AC1 {_fmt(self.ac1)}>")


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


def _answers(frame, on: str, who: str, notes: list[str], first_row: int = 2):
    import pandas as pd

    for column in ("source_id", on):
        if column not in frame:
            raise ValueError(f"{who}'s demands have no {column!r} column, so they cannot be matched and compared.")
    kept = frame[frame["source_id"].notna() & (frame["source_id"].astype(str).str.strip() != "")]
    if len(kept) < len(frame):
        notes.append(f"{who}: {len(frame) - len(kept)} demands with no source_id left out (they are not from the sample).")
    ids = kept["source_id"].astype(str).str.strip()
    if on == "classification":
        answers = pd.Series([_classification(v, row, who) for row, v in enumerate(kept[on].tolist(), start=first_row)],
                            dtype=object)
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
    """Cohen's kappa (Cohen 1960) from a square table of counts (rows one rater, columns the other).

    >>> cohens_kappa([[20, 5], [10, 15]])   # p_o = 0.7, p_e = 0.5
    0.4
    """
    import numpy as np

    counts = np.asarray(table, dtype=float)
    total = counts.sum()
    if total == 0:
        return NAN
    p_o = np.trace(counts) / total
    p_e = float((counts.sum(axis=1) / total) @ (counts.sum(axis=0) / total))
    if p_e >= 1 - 1e-12:
        return NAN
    return float(round((p_o - p_e) / (1 - p_e), 12))


def coefficients(counts) -> tuple[float, float, float]:
    """Percent agreement, Krippendorff's alpha (nominal, Krippendorff 2011) and Gwet's AC1 from
    ``counts`` (a row per demand, a column per answer: how many teams gave it); AC1 is Gwet's
    (2008) multi-rater AC1 when every team answered every demand (else pairs weigh as in alpha).

    >>> [round(x, 3) for x in coefficients([[2, 0], [0, 2], [1, 1], [2, 0]])]   # 3 of 4 agree
    [75.0, 0.533, 0.529]
    """
    import numpy as np

    counts = np.atleast_2d(np.asarray(counts, dtype=float))
    counts = counts[counts.sum(axis=1) >= 2]
    weighted = counts / (counts.sum(axis=1, keepdims=True) - 1)
    coincidence = weighted.T @ counts - np.diag(weighted.sum(axis=0))  # o_ck (Krippendorff 2011)
    n_c = coincidence.sum(axis=1)
    n, same, q = n_c.sum(), np.trace(coincidence), coincidence.shape[0]
    if n == 0:
        return NAN, NAN, NAN
    expected = n * n - (n_c**2).sum()
    alpha = 1 - (n - 1) * (n - same) / expected if expected > 0 else NAN
    pi = n_c / n
    p_e = float((pi * (1 - pi)).sum() / (q - 1)) if q > 1 else NAN
    return float(100 * same / n), float(alpha), float((same / n - p_e) / (1 - p_e))


def _order(seen, on: str) -> list:
    if on == "classification":  # value and failure always shown, in the house order
        return [c for c in CLASSES if c in seen or c in ("value", "failure")] + sorted(seen - set(CLASSES))
    return sorted(seen)


def _pair(answers_a, answers_b, names, on: str, notes: list[str]) -> Agreement:
    import pandas as pd

    name_a, name_b = names
    both = answers_a.merge(answers_b, on="source_id", suffixes=("_a", "_b"), how="inner", sort=False)
    only = len(answers_a) + len(answers_b) - 2 * len(both)
    if only:
        notes.append(f"{only} demands classified by only one of the two teams left out.")
    order = _order(set(both["answer_a"]) | set(both["answer_b"]), on)
    table = pd.crosstab(both["answer_a"], both["answer_b"]).reindex(index=order, columns=order, fill_value=0).astype(int)
    table.index.name, table.columns.name = name_a, name_b
    compared = int(len(both))
    kappa = cohens_kappa(table.to_numpy()) if compared else NAN
    percent, alpha, ac1 = coefficients([[(a == c) + (b == c) for c in order] for a, b in zip(both["answer_a"], both["answer_b"])])
    differ = both[both["answer_a"] != both["answer_b"]]
    verbatim = None
    for column in ("verbatim_a", "verbatim_b", "verbatim"):
        if column in differ:
            verbatim = differ[column] if verbatim is None else verbatim.fillna(differ[column])
    disagreements = pd.DataFrame({"source_id": differ["source_id"].to_numpy(),
                                  "verbatim": verbatim.to_numpy() if verbatim is not None else None,
                                  "a": differ["answer_a"].to_numpy(), "b": differ["answer_b"].to_numpy()})
    disagreements.attrs["names"] = (name_a, name_b)
    pairs = pd.DataFrame([(name_a, name_b, compared, percent, kappa, alpha, ac1, len(differ))], columns=[
        "team_a", "team_b", "compared", "percent", "kappa", "alpha", "ac1", "disagreements"])
    return Agreement((name_a, name_b), compared, percent, kappa, table, disagreements, notes, on, alpha, ac1, pairs)


def agreement(a, b, *more, on: str = "classification", names: Sequence[str] | None = None) -> Agreement:
    """Compare teams' classifications of the same demands, matched by ``source_id``.

    ``a``, ``b`` (and more teams): Studies or tables with ``source_id`` and
    ``classification`` columns (and ``verbatim`` if known), or plain lists of answers of
    the same length, matched by position. ``on="demand_type"`` compares the types instead.
    ``names``: what to call the teams (default: the studies' names or a table's
    ``attrs["name"]``, else "A" and "B", or "team 1", "team 2"... for three or more).
    Demands only one team has, and demands not yet classified, are left out (see
    ``.notes``). Answers are read in any case ("V", "Failure demand", "?"). With three or
    more teams percent, alpha and AC1 are across all, ``.kappa`` is NaN (Cohen's is for two)
    and ``.pairs`` has every pair in the order given: never a ranking.
    """
    import numpy as np
    import pandas as pd

    teams = (a, b, *more)
    plain = [isinstance(t, (list, tuple)) or getattr(t, "ndim", 0) == 1 for t in teams]
    if any(plain) and not all(plain):
        raise ValueError("agreement() compares two Studies or two tables with source_id and classification columns, "
                         "or plain lists of answers for every team (matched by position); not a mix of them.")
    if any(plain):
        if len(set(lengths := [len(t) for t in teams])) > 1:
            raise ValueError(f"The lists of answers have different lengths ({', '.join(map(str, lengths))}): plain lists "
                             "are matched by position, so give every team's answers for the same demands, in the same order.")
        frames = [pd.DataFrame({"source_id": [str(i + 1) for i in range(len(t))], on: list(t)}) for t in teams]
        found = [None] * len(teams)
    else:
        frames, found = zip(*(_frame_and_name(t, None) for t in teams))
    default = ["A", "B"] if len(teams) == 2 else [f"team {i}" for i in range(1, len(teams) + 1)]
    names = [str(x) for x in (names if names is not None else [f or d for f, d in zip(found, default)])]
    if len(names) != len(teams):
        raise ValueError(f"names= gives {len(names)} names for {len(teams)} teams.")
    if len(set(names)) < len(names):
        names = [f"{x} ({i})" for i, x in enumerate(names, start=1)]
    notes: list[str] = []
    answers = [_answers(f, on, x, notes, 1 if any(plain) else 2) for f, x in zip(frames, names)]
    if len(teams) == 2:
        return _pair(*answers, names, on, notes)

    wide = pd.concat([x.set_index("source_id")["answer"].rename(name) for x, name in zip(answers, names)], axis=1)
    if ((given := wide.notna().sum(axis=1)) == 1).any():
        notes.append(f"{int((given == 1).sum())} demands classified by only one team left out.")
    wide = wide[given >= 2]
    order = _order(set(wide.melt()["value"].dropna()), on)
    percent, alpha, ac1 = coefficients(np.column_stack([(wide == c).sum(axis=1) for c in order] or [[]]))
    table = pd.DataFrame({name: wide[name].value_counts().reindex(order, fill_value=0) for name in names})
    differ = wide[wide.nunique(axis=1) > 1]
    verbatims = pd.concat([x.set_index("source_id")["verbatim"].dropna() for x in answers if "verbatim" in x] or [pd.Series()])
    disagreements = differ.reset_index(names="source_id")
    disagreements.insert(1, "verbatim", verbatims[~verbatims.index.duplicated()].reindex(differ.index).to_numpy())
    pairs = pd.concat([_pair(answers[i], answers[j], (names[i], names[j]), on, []).pairs
                       for i, j in combinations(range(len(names)), 2)], ignore_index=True)
    return Agreement(tuple(names), len(wide), percent, NAN, table, disagreements, notes, on, alpha, ac1, pairs)


def agreement_table(teams, *, on: str = "classification") -> "pd.DataFrame":
    """Every pair of teams compared, in the order the teams were given: never a ranking.

    ``teams``: a mapping of name to Study or table, or a list of Studies/tables (named by
    their study names, else "Team 1", "Team 2"...). One row per pair: ``team_a``,
    ``team_b``, ``compared``, ``percent``, ``kappa``, ``disagreements``, in the input order
    on purpose: sorting by agreement would turn a conversation into a league table. (The
    ``.pairs`` of :func:`agreement` adds alpha and AC1.)

    >>> import pandas as pd
    >>> make = lambda answers: pd.DataFrame({"source_id": ["1", "2", "3"], "classification": answers})
    >>> table = agreement_table({"North": make(["V", "F", "F"]), "South": make(["V", "F", "V"]),
    ...                          "East": make(["V", "F", "F"])})
    >>> table[["team_a", "team_b", "percent"]].round(1).values.tolist()
    [['North', 'South', 66.7], ['North', 'East', 100.0], ['South', 'East', 66.7]]
    """
    named = list(teams.items()) if isinstance(teams, Mapping) else [
        (_study_name(team) or f"Team {number}", team) for number, team in enumerate(teams, start=1)]
    if len(named) < 2:
        raise ValueError("Give at least two teams to compare.")
    return agreement(*(t for _, t in named), on=on, names=[n for n, _ in named]).pairs.drop(columns=["alpha", "ac1"])
