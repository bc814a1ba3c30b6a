"""Have we seen enough? Do the types of demand look stable?

``saturation(...)`` answers with a report that informs, and never replaces, the team's
own judgement (mistake 8: gathering too much data). The demands are grouped by unit (a
day, a listening session) and each unit is asked how many types it added that no earlier
unit had. Two traditions read those numbers:

* **Qualitative saturation** (Guest, Namey & Chen 2020): take a *base* of the first
  ``base`` units, then look at *runs* of ``run`` units after it. The new-information ratio
  of a run is the number of types first heard in the run divided by the number of types
  found in the base (a fixed denominator). Saturation is reached at the first run whose
  ratio is at or below ``threshold``; it is written ``s+r``: ``s`` units heard before the
  run, confirmed by a run of ``r`` units.
* **Ecology's estimators** of unseen kinds, on the counts of each type: Good-Turing's
  chance that the next demand is of a type not yet heard (f1/n), Chao & Jost's sample
  coverage and how many more demands would raise it to a target, and the bias-corrected
  Chao1 estimate of how many types there are in all.

Here f1 is the number of types heard exactly once, f2 exactly twice, n the demands with a
type and S the distinct types heard. The checks (``check_study``) and the live ``Monitor``
ask :func:`assess` the same question from their own tallies, so all of them agree.

Sources: Guest G, Namey E, Chen M (2020), A simple method to assess and report thematic
saturation in qualitative research, PLOS ONE 15(5): e0232076. Good IJ (1953), The
population frequencies of species and the estimation of population parameters,
Biometrika 40: 237-264. Chao A (1984), Nonparametric estimation of the number of classes
in a population, Scandinavian Journal of Statistics 11: 265-270. Chao A, Jost L (2012),
Coverage-based rarefaction and extrapolation, Ecology 93: 2533-2547. Hsieh TC, Ma KH,
Chao A (2016), iNEXT, Methods in Ecology and Evolution 7: 1451-1456.

>>> report = saturation(["Leak", "Leak", "Boiler", "Leak", "Chasing", "Boiler"])
>>> report.curve["distinct_types"].tolist()
[1, 1, 2, 2, 3, 3]
>>> round(report.unseen_chance, 3)  # one type (Chasing) heard once in six demands
0.167
"""
from __future__ import annotations

import datetime as _dt
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Iterable, NamedTuple, Sequence

__all__ = ["DEFAULT_BASE", "DEFAULT_RUN", "DEFAULT_THRESHOLD", "DEFAULT_COVERAGE", "DEFAULT_LONG_PAST",
           "LONG_PAST_CODE", "VERDICTS", "good_turing_unseen", "chao1", "chao_jost_coverage",
           "chao_jost_demands_needed", "Assessment", "assess", "SaturationReport", "saturation"]

#: Default base size and run length, in units. Guest, Namey & Chen (2020) suggest a base
#: of 4 interviews with runs of 2 or 3; a demand study's unit is a day or a listening
#: session, and a run of 3 days is about the shortest that spans a slow and a busy day.
DEFAULT_BASE = 4
DEFAULT_RUN = 3
#: New-information threshold: at most 5% new types in the run, relative to the base.
DEFAULT_THRESHOLD = 0.05
#: The coverage "enough" asks for, besides a saturated run.
DEFAULT_COVERAGE = 0.95
#: "long past" once the units heard after the saturation point are at least this many
#: times the units it took to get there (``s + r``).
DEFAULT_LONG_PAST = 1.0
#: The finding code whose recorded reason quietens the "long past" note.
LONG_PAST_CODE = "M8-long-past"

VERDICTS = ("not yet", "enough", "long past")


# --- the estimators, on a vector of counts per type -----------------------------------

def _frequencies(counts) -> tuple[int, int, int, int]:
    """S, f1, f2 and n: the types heard, those heard once and twice, and the demands."""
    counts = [int(c) for c in counts if c > 0]
    return len(counts), counts.count(1), counts.count(2), sum(counts)


def good_turing_unseen(counts: Sequence[int]) -> float:
    """Good-Turing's chance that the next demand is of a type not yet heard: f1 / n.

    >>> good_turing_unseen([3, 1, 1, 5])
    0.2
    >>> good_turing_unseen([])
    1.0
    """
    _, f1, _, n = _frequencies(counts)
    return 1.0 if n == 0 else f1 / n


def chao1(counts: Sequence[int]) -> float:
    """Bias-corrected Chao1: S + f1(f1 - 1) / (2(f2 + 1)).

    The same formula as scikit-bio's ``chao1(counts, bias_corrected=True)`` and vegan's
    ``estimateR`` (which also multiplies the added term by (n - 1)/n, a difference that
    fades as n grows). It stays finite when no type was heard exactly twice.

    >>> chao1([1, 1, 1, 2, 5])   # S=5, f1=3, f2=1: 5 + 3*2/(2*2)
    6.5
    """
    s, f1, f2, _ = _frequencies(counts)
    return s + f1 * (f1 - 1) / (2 * (f2 + 1))


def _chao_jost_a(f1: int, f2: int, n: int) -> float:
    """The factor A of Chao & Jost (2012), computed the way iNEXT computes it.

    A = (n-1)f1 / ((n-1)f1 + 2 f2) when some type was heard twice; when none was
    (f2 = 0), f0 is estimated by f1(f1-1)/2 instead, giving
    A = (n-1)(f1-1) / ((n-1)(f1-1) + 2). With no singletons A is 1 (and unused).
    """
    if f1 == 0:
        return 1.0
    if f2 > 0:
        return (n - 1) * f1 / ((n - 1) * f1 + 2 * f2)
    return (n - 1) * (f1 - 1) / ((n - 1) * (f1 - 1) + 2)


def chao_jost_coverage(counts: Sequence[int], extra: int = 0) -> float:
    """Sample coverage (Chao & Jost 2012): the share of all demand that is of a type heard.

    ``extra`` extrapolates to ``n + extra`` demands: 1 - (f1/n) A^(extra + 1).

    >>> round(chao_jost_coverage([1, 1, 1, 2, 5]), 4)   # n=10, f1=3, f2=1, A=27/29
    0.7207
    >>> chao_jost_coverage([4, 6])   # no type heard only once
    1.0
    """
    _, f1, f2, n = _frequencies(counts)
    if n == 0:
        return 0.0
    if f1 == 0:
        return 1.0
    return 1.0 - f1 / n * _chao_jost_a(f1, f2, n) ** (int(extra) + 1)


def chao_jost_demands_needed(counts: Sequence[int], coverage: float = DEFAULT_COVERAGE) -> int | None:
    """How many more demands would take the coverage to ``coverage`` (Chao & Jost 2012).

    The smallest whole m with 1 - (f1/n) A^(m+1) >= coverage, i.e.
    m >= log(n(1 - coverage)/f1) / log(A) - 1. Zero when the coverage is already there;
    None when it cannot be said (nothing heard yet).

    >>> chao_jost_demands_needed([1, 1, 1, 2, 5], 0.95)   # log(1/6)/log(27/29) - 1 = 24.1
    25
    >>> chao_jost_demands_needed([4, 6])
    0
    """
    if not 0 < coverage < 1:
        raise ValueError(f"coverage must be a share between 0 and 1 (for example 0.95), not {coverage!r}.")
    _, f1, f2, n = _frequencies(counts)
    if n == 0:
        return None
    if chao_jost_coverage(counts) >= coverage:
        return 0
    a = _chao_jost_a(f1, f2, n)  # 0 < a < 1 here: the coverage is short, so f1 > 0
    needed = max(0, math.ceil(math.log(n * (1 - coverage) / f1) / math.log(a) - 1 - 1e-9))
    while needed > 0 and 1 - f1 / n * a ** needed >= coverage:  # rounding at the boundary
        needed -= 1
    return needed


# --- Guest, Namey & Chen: the base, the runs, the saturation point --------------------

class Assessment(NamedTuple):
    """What :func:`assess` found: the evidence of the runs, and the verdict."""

    base_types: int
    runs: dict  # start, end (units numbered from 1), new_types, ratio: an array each
    point: tuple[int, int] | None
    coverage: float
    verdict: str


def assess(new_per_unit: Sequence[int], counts: Sequence[int], base: int = DEFAULT_BASE, run: int = DEFAULT_RUN,
           threshold: float = DEFAULT_THRESHOLD, *, sliding: bool = True, coverage_target: float = DEFAULT_COVERAGE,
           long_past: float = DEFAULT_LONG_PAST) -> Assessment:
    """Saturation from the types each unit added (units in order) and the demands of each type.

    >>> found = assess([3, 1, 0, 1, 0, 0, 0, 0], counts=[5, 4, 3, 2, 2], base=4, run=3)
    >>> found.base_types, found.point, found.verdict
    (5, (4, 3), 'enough')
    """
    import numpy as np

    new = np.asarray(new_per_unit, dtype=np.int64)
    base_types = int(new[:base].sum())
    runs = _runs(new, base, run, sliding, base_types)
    point = _saturation_point(runs, threshold)
    coverage = chao_jost_coverage(counts)
    verdict = _verdict(point, len(new), coverage, coverage_target, long_past)
    return Assessment(base_types, runs, point, coverage, verdict)


def _runs(new, base: int, run: int, sliding: bool, base_types: int) -> dict:
    """Each run after the base: its first and last unit (from 1), new types and ratio (over
    the base's types). Runs slide one unit at a time, or (not sliding) follow each other."""
    import numpy as np

    starts = np.arange(base, len(new) - run + 1, 1 if sliding else run)
    before = np.r_[0, np.cumsum(new)]  # types first heard before each unit
    added = before[starts + run] - before[starts]
    ratio = added / base_types if base_types else np.full(len(starts), np.nan)
    return {"start": starts + 1, "end": starts + run, "new_types": added, "ratio": ratio}


def _saturation_point(runs: dict, threshold: float) -> tuple[int, int] | None:
    """The first run at or below the threshold, as (s, r): s units before it, r in it."""
    hits = (runs["ratio"] <= threshold + 1e-12).nonzero()[0]  # so that 0.1 <= 0.1 despite rounding
    if not len(hits):
        return None
    start, end = int(runs["start"][hits[0]]), int(runs["end"][hits[0]])
    return start - 1, end - start + 1


def _verdict(point, n_units: int, coverage: float, coverage_target: float, long_past: float) -> str:
    """"enough" needs a saturated run *and* the coverage; "long past" once the units after
    the point are ``long_past`` times those it took to reach it (at least one unit)."""
    if point is None or coverage < coverage_target:
        return "not yet"
    reached = sum(point)
    return "long past" if n_units - reached >= max(1, math.ceil(long_past * reached)) else "enough"


# --- the demands, grouped by unit ------------------------------------------------------

def _values(values):
    """The values as a numpy array: an array's or a Series's own, else objects (in one dimension)."""
    import numpy as np

    if hasattr(values, "dtype"):  # an array, a Series, an Index
        return np.asarray(values)
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _tidy_types(types):
    """Each demand's type, trimmed, as a categorical: missing when blank (None, NaN, spaces).
    Trims the few distinct labels rather than every demand: far quicker on a long study."""
    import numpy as np
    import pandas as pd

    codes, labels = pd.factorize(_values(types).astype(object, copy=False))
    trimmed = np.array([str(label).strip() or None for label in labels] + [None], dtype=object)
    tidy_codes, names = pd.factorize(trimmed)  # " Leak" and "Leak" are one type; None is missing (-1)
    return pd.Categorical.from_codes(tidy_codes[codes], categories=names)  # no label (-1) picks the None


def _number_units(units) -> tuple:
    """Each demand's unit as 0, 1, ... in the units' sorted order, and the labels in that order.

    Dates sort by time; labels that cannot be sorted keep their first appearance; demands
    with no unit go together, last (label None).
    """
    import numpy as np
    import pandas as pd

    codes, labels = pd.factorize(units)  # sorting the few labels, not the demands
    labels = list(labels)
    try:
        order = sorted(range(len(labels)), key=labels.__getitem__)
    except TypeError:
        order = list(range(len(labels)))
    place = np.append(np.argsort(order), len(labels))  # each label's place; no unit (-1) last
    return place[codes], _values([labels[i] for i in order] + ([None] if (codes < 0).any() else []))


def _by_unit(types, units) -> tuple:
    """The demands with a type, grouped by unit, and which of them brought a new type.

    One row per demand (``type``, ``unit`` number, ``new``), units in order and demands in
    the order heard within each; the unit labels; and how many demands had no type. With no
    units each demand is a unit of its own.
    """
    import numpy as np
    import pandas as pd

    types = _tidy_types(types)
    typed = pd.notna(types)
    if units is None:
        unit_numbers = np.arange(int(typed.sum()))
        labels = unit_numbers + 1
    else:
        unit_numbers, labels = _number_units(_values(units)[typed])
    demands = pd.DataFrame({"type": types[typed], "unit": unit_numbers})
    demands = demands.sort_values("unit", kind="stable", ignore_index=True)
    demands["new"] = ~demands["type"].duplicated()
    return demands, labels, int((~typed).sum())


def _from_study(study):
    """A Study's types (current names), days (received, else recorded), and the reason last
    recorded with ``acknowledge("M8-long-past", ...)`` for carrying on, if any."""
    frame = study.demands()
    if frame is None or len(frame) == 0:
        return [], [], None
    when = frame["received_at"].fillna(frame["recorded_at"])  # Timestamps, as Study.demands() gives them
    acks = study.acknowledgements() if callable(getattr(study, "acknowledgements", None)) else None
    reasons = acks[acks["finding_code"] == LONG_PAST_CODE]["reason"] if acks is not None and len(acks) else []
    return frame["demand_type"], when.dt.normalize(), str(reasons.iloc[-1]) if len(reasons) else None


def _unit_word(labels) -> str:
    """ "day" when every unit is a date (at midnight), else "unit"."""
    import numpy as np
    import pandas as pd

    known = [u for u in labels if u is not None and not pd.isna(u)]
    dated = known and all(isinstance(u, (_dt.date, np.datetime64)) for u in known)
    return "day" if dated and all(pd.Timestamp(u) == pd.Timestamp(u).normalize() for u in known) else "unit"


# --- the report -----------------------------------------------------------------------

@dataclass
class SaturationReport:
    """What ``saturation(...)`` found. Read ``.message`` first; the rest is the evidence.

    Attributes: ``curve`` (one row per demand: ``demands``, ``distinct_types``, ``unit``,
    ``new_type``), ``first_seen`` (one row per type: ``type``, ``demand``, ``unit``,
    ``uses``), ``units`` (one row per unit: ``unit``, ``demands``, ``new_types``,
    ``distinct_types``), ``runs`` (each run's ``start``, ``end``, ``new_types``, ``ratio``),
    ``saturation_point`` (``(s, r)`` or None), ``unseen_chance``, ``coverage``,
    ``estimated_types``, ``verdict``, ``message``, ``notes`` (caveats: demands left out,
    noisy single-demand units, small samples), and the settings used.
    """

    curve: Any
    first_seen: Any
    units: Any
    runs: Any
    counts: Any
    saturation_point: tuple[int, int] | None
    unseen_chance: float
    coverage: float
    estimated_types: float
    verdict: str
    message: str
    base: int
    run: int
    threshold: float
    sliding: bool
    unit_name: str
    base_types: int
    skipped: int = 0
    acknowledged: str | None = None
    settings: dict = field(default_factory=dict)
    notes: list = field(default_factory=list)

    @property
    def demands(self) -> int:
        """Demands with a type that were counted."""
        return int(len(self.curve))

    @property
    def types_heard(self) -> int:
        """Distinct types heard."""
        return int(len(self.first_seen))

    def demands_needed(self, coverage: float = DEFAULT_COVERAGE) -> int | None:
        """How many more demands would take the sample coverage to ``coverage`` (0 if it is there)."""
        return chao_jost_demands_needed(self.counts, coverage)

    def __repr__(self) -> str:
        return f"<saturation: {self.verdict}: {self.message}>"


def saturation(
    types_in_order: Iterable[Any],
    units: Sequence[Any] | None = None,
    base: int = DEFAULT_BASE,
    run: int = DEFAULT_RUN,
    threshold: float = DEFAULT_THRESHOLD,
    *,
    sliding: bool = True,
    coverage_target: float = DEFAULT_COVERAGE,
    long_past: float = DEFAULT_LONG_PAST,
    unit_name: str | None = None,
    acknowledged: str | None = None,
) -> SaturationReport:
    """Do the types of demand look stable? A report for the team's own judgement.

    ``types_in_order``: the demand type of each demand in the order heard (blank ones are
    skipped), or a Study: then its current (consolidated) types, with days as units (the
    date of ``received_at``, else of ``recorded_at``).

    ``units``: one label per demand (a date, a session number), taken in sorted order and
    the demands within each in the order given. Without units each demand is a unit of its
    own and one unusual caller can break a run: days or listening sessions are better.
    ``unit_name``: the message's word for a unit ("day" for a Study or dates, "demand"
    without units, else "unit"; say "session" if they are).

    ``base`` (4 units), ``run`` (3 units) and ``threshold`` (0.05) are Guest, Namey & Chen's
    (2020): saturation is reached at the first run adding at most ``threshold`` x the base's
    types. Runs slide one unit at a time (``sliding=False``: they follow each other).

    The verdict is "enough" when a run has saturated *and* the sample coverage is at least
    ``coverage_target`` (0.95); "long past" when, beyond that, the units heard after the
    saturation point are at least ``long_past`` times (1x) the units it took to get there;
    otherwise "not yet". "long past" is a gentle note: there are good reasons to go on,
    and a recorded reason (``acknowledged=``, or a Study's acknowledgement with code
    "M8-long-past") quietens it. ``unseen_chance`` is Good-Turing's f1/n, ``coverage`` Chao &
    Jost's (2012, as iNEXT computes it), ``estimated_types`` the bias-corrected Chao1.

    >>> days = [1, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8]
    >>> kinds = ["A", "B", "C", "A", "D", "B", "C", "E", "A", "A", "B", "C", "D", "E", "A", "B"]
    >>> report = saturation(kinds, units=days, base=4, run=2)
    >>> report.saturation_point
    (4, 2)
    >>> report.verdict
    'enough'
    >>> saturation([]).message
    'No demands with a type yet: nothing to say about saturation until some are classified.'
    """
    import numpy as np
    import pandas as pd

    for name, value in (("base", base), ("run", run)):
        if not isinstance(value, numbers.Integral) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of units, 1 or more (you gave {value!r}).")
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be a share from 0 up to 1, such as 0.05 for 5% (you gave {threshold!r}).")
    study = hasattr(types_in_order, "demands") and callable(types_in_order.demands)
    if study:
        if units is not None:
            raise ValueError("A Study brings its own days as units: leave units= out when you pass a Study.")
        types, units, reason = _from_study(types_in_order)
        acknowledged = acknowledged or reason
    elif isinstance(types_in_order, (str, bytes)):
        raise ValueError("Give saturation() a list of demand types in the order heard (or a Study), not a single text.")
    else:
        types = types_in_order if hasattr(types_in_order, "__len__") else list(types_in_order)
        units = units if units is None or hasattr(units, "__len__") else list(units)
        if units is not None and len(units) != len(types):
            raise ValueError(f"units must give one label per demand: there are {len(types)} demand types but "
                             f"{len(units)} units.")

    demands, labels, skipped = _by_unit(types, units)
    if study:  # a study's days, shown as dates
        labels = _values([None if day is None else pd.Timestamp(day).date() for day in labels])
    unit_name = unit_name or ("day" if study else "demand" if units is None else _unit_word(labels))

    by_unit = demands.groupby("unit")
    per_unit = pd.DataFrame({"unit": labels, "demands": by_unit.size().to_numpy(),
                             "new_types": by_unit["new"].sum().to_numpy()})
    per_unit["distinct_types"] = per_unit["new_types"].cumsum()
    uses = demands.groupby("type", sort=False).size()  # in the order first heard
    found = assess(per_unit["new_types"], uses, base, run, threshold,
                   sliding=sliding, coverage_target=coverage_target, long_past=long_past)

    first = demands[demands["new"]]
    report = SaturationReport(
        curve=pd.DataFrame({
            "demands": np.arange(1, len(demands) + 1),
            "distinct_types": demands["new"].cumsum().to_numpy(),
            "unit": labels[demands["unit"].to_numpy()],
            "new_type": pd.Series(np.where(demands["new"], demands["type"].to_numpy(dtype=object), None), dtype=object),
        }),
        first_seen=pd.DataFrame({
            "type": first["type"].to_numpy(dtype=object),
            "demand": first.index.to_numpy() + 1,
            "unit": labels[first["unit"].to_numpy()],
            "uses": uses.to_numpy(),
        }),
        units=per_unit,
        runs=pd.DataFrame(found.runs),
        counts=uses.to_numpy(),
        saturation_point=found.point,
        unseen_chance=good_turing_unseen(uses),
        coverage=found.coverage,
        estimated_types=chao1(uses),
        verdict=found.verdict,
        message="",
        base=int(base),
        run=int(run),
        threshold=float(threshold),
        sliding=bool(sliding),
        unit_name=unit_name,
        base_types=found.base_types,
        skipped=skipped,
        acknowledged=acknowledged,
        settings={"coverage_target": coverage_target, "long_past": long_past},
    )
    report.message = _message(report)
    report.notes = _notes(report, units is None)
    return report


# --- the words --------------------------------------------------------------------------

def _plural(count: int, word: str) -> str:
    many = word[:-1] + "ies" if word.endswith("y") and not word.endswith("ay") else word + "s"
    return f"{count} {word if count == 1 else many}"


def _notes(r: SaturationReport, single_demands: bool) -> list[str]:
    """Caveats worth reading beside the message."""
    notes = []
    if r.skipped:
        notes.append(f"{_plural(r.skipped, 'demand')} with no type yet were left out.")
    if single_demands and r.demands:
        notes.append(
            "Each demand counted as a unit of its own, so one unusual caller can break a run: "
            "group demands into days or listening sessions with units= for a steadier answer."
        )
    if 0 < r.demands < 50:
        notes.append(
            f"With only {_plural(r.demands, 'demand')} the estimates (coverage, types in all) are rough."
        )
    if r.demands and r.types_heard > 1:
        notes.append(
            f"Estimated types in all (Chao1): about {r.estimated_types:.0f}, of which {r.types_heard} heard so far."
        )
    return notes


def _message(r: SaturationReport) -> str:
    """One plain sentence for the team."""
    n, u, n_units = r.demands, r.unit_name, len(r.units)
    if n == 0:
        return "No demands with a type yet: nothing to say about saturation until some are classified."
    if r.types_heard == 1:
        heard = "The one demand with a type so far is" if n == 1 else f"All {n} demands with a type so far are"
        return (
            f"{heard} of one type, so there is nothing yet to say about whether "
            "the types are stable: keep listening, and check the demands really are all alike."
        )
    if r.verdict == "not yet":
        if n_units < r.base + r.run:
            return (
                f"Not yet: {_plural(n_units, u)} heard so far. We need the first {_plural(r.base, u)} to start from, "
                f"and then another {_plural(r.run, u)}, to see whether new types are still turning up."
            )
        if r.saturation_point is None:
            return (
                f"Not yet: new types are still turning up ({r.types_heard} so far in {_plural(n, 'demand')}; "
                f"the latest {_plural(r.run, u)} added more than {r.threshold:.0%} of the number of types heard "
                f"in the first {_plural(r.base, u)})."
            )
        return (
            f"Not yet: new types slowed down, but about {r.unseen_chance:.0%} of demands are still of a type "
            f"heard only once, so the sample covers about {r.coverage:.0%} of demand, short of "
            f"{r.settings['coverage_target']:.0%}."
        )
    s, run = r.saturation_point
    added = r.units["new_types"].iloc[s:s + run].sum()
    # in words, never as "s+r": after the first s units, the next r brought (almost) nothing new
    settled = (f"after {_plural(s, u)}, the next {_plural(run, u)} added "
               + ("no new types" if added == 0 else
                  f"almost no new types (no more than {r.threshold:.0%} of the number heard in the first "
                  f"{_plural(r.base, u)})"))
    if r.verdict == "enough":
        return f"The types look stable: {settled}, so now ask yourselves: have we learned what we need?"
    if r.acknowledged:
        return (
            f"The types have looked stable for a while: {settled}. You recorded why you carried on: "
            f"{r.acknowledged.rstrip('.')}."
        )
    return (
        f"The types have looked stable for a while: {settled}, and you have carried on for "
        f"another {_plural(n_units - s - run, u)} since then. There can be good reasons, and if so, record them; "
        "if not, it may be time to act on what you have learned."
    )
