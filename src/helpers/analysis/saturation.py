"""Have we seen enough? Do the types of demand look stable?

``saturation(...)`` answers with a report that informs, and never replaces, the team's
own judgement (mistake 8: gathering too much data). It combines two traditions:

* **Qualitative saturation** (Guest, Namey & Chen 2020, PLOS ONE): take a *base* of the
  first ``base`` units (days, listening sessions), then look at *runs* of ``run`` units
  after it. The new-information ratio of a run is the number of types first heard in the
  run divided by the number of types found in the base (a fixed denominator). Saturation
  is reached at the first run whose ratio is at or below ``threshold``; it is written
  ``s+r``: ``s`` units heard before the run, confirmed by a run of ``r`` units.
* **Ecology's estimators** of unseen kinds, on the counts of each type:
  Good-Turing's chance that the next demand is of a type not yet heard (f1/n),
  Chao & Jost's (2012) sample coverage and how many more demands would raise it to a
  target, and the bias-corrected Chao1 estimate of how many types there are in all.

Here f1 is the number of types heard exactly once, f2 exactly twice, n the demands with a
type and S the distinct types heard.

>>> report = saturation(["Leak", "Leak", "Boiler", "Leak", "Chasing", "Boiler"])
>>> report.curve["distinct_types"].tolist()
[1, 1, 2, 2, 3, 3]
>>> round(report.unseen_chance, 3)  # one type (Chasing) heard once in six demands
0.167
"""
from __future__ import annotations

import datetime as _dt
import math
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Iterable, Sequence

if TYPE_CHECKING:  # heavy imports stay lazy at run time
    pass

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

def _f1_f2_n(counts) -> tuple[int, int, int]:
    import numpy as np

    counts = np.asarray(counts, dtype=np.int64)
    counts = counts[counts > 0]
    return int((counts == 1).sum()), int((counts == 2).sum()), int(counts.sum())


def good_turing_unseen(counts: Sequence[int]) -> float:
    """Good-Turing's chance that the next demand is of a type not yet heard: f1 / n.

    >>> good_turing_unseen([3, 1, 1, 5])
    0.2
    >>> good_turing_unseen([])
    1.0
    """
    f1, _, n = _f1_f2_n(counts)
    return 1.0 if n == 0 else f1 / n


def chao1(counts: Sequence[int]) -> float:
    """Bias-corrected Chao1: S + f1(f1 - 1) / (2(f2 + 1)).

    The same formula as scikit-bio's ``chao1(counts, bias_corrected=True)`` and vegan's
    ``estimateR`` (which also multiplies the added term by (n - 1)/n, a difference that
    fades as n grows). It stays finite when no type was heard exactly twice.

    >>> chao1([1, 1, 1, 2, 5])   # S=5, f1=3, f2=1: 5 + 3*2/(2*2)
    6.5
    """
    import numpy as np

    f1, f2, _ = _f1_f2_n(counts)
    s = int((np.asarray(counts, dtype=np.int64) > 0).sum())
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
    f1, f2, n = _f1_f2_n(counts)
    if n == 0:
        return 0.0
    if f1 == 0:
        return 1.0
    a = _chao_jost_a(f1, f2, n)
    return 1.0 - f1 / n * a ** (int(extra) + 1)


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
    f1, f2, n = _f1_f2_n(counts)
    if n == 0:
        return None
    if chao_jost_coverage(counts) >= coverage:
        return 0
    a = _chao_jost_a(f1, f2, n)
    # 0 < a < 1 here: coverage below target means f1 > 0 and a > 0.
    m = math.log(n * (1 - coverage) / f1) / math.log(a) - 1
    needed = max(0, math.ceil(m - 1e-9))
    # guard against rounding at the boundary
    while needed > 0 and 1 - f1 / n * a ** needed >= coverage:
        needed -= 1
    return needed


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
        """How many more demands would take the sample coverage to ``coverage``.

        Chao & Jost's (2012) extrapolation; 0 when it is already there.
        """
        return chao_jost_demands_needed(self.counts, coverage)

    def __repr__(self) -> str:
        return f"<saturation: {self.verdict}: {self.message}>"


def _plural(count: int, word: str) -> str:
    if word.endswith("y") and not word.endswith("ay"):
        many = word[:-1] + "ies"
    else:
        many = word + "s"
    return f"{count} {word if count == 1 else many}"


def _as_objects(values):
    """A numpy object array, without a slow Python loop for Series and arrays."""
    import numpy as np
    import pandas as pd

    if isinstance(values, (pd.Series, pd.Index)):
        return values.to_numpy(dtype=object)
    if isinstance(values, np.ndarray):
        return values.astype(object, copy=False)
    out = np.empty(len(values), dtype=object)
    out[:] = list(values)
    return out


def _from_study(study):
    """Types (current names) and days from a Study, skipping demands with no type."""
    import pandas as pd

    frame = study.demands()
    if frame is None or len(frame) == 0:
        return [], [], None
    received = pd.to_datetime(frame.get("received_at"), errors="coerce") if "received_at" in frame else None
    recorded = pd.to_datetime(frame.get("recorded_at"), errors="coerce") if "recorded_at" in frame else None
    if received is None and recorded is None:
        raise ValueError("The study's demands have neither received_at nor recorded_at, so they cannot be put into days.")
    when = received if received is not None else recorded
    if received is not None and recorded is not None:
        when = received.fillna(recorded)
    days = when.dt.normalize()
    reason = None
    acks = getattr(study, "acknowledgements", None)
    if callable(acks):
        table = acks()
        if table is not None and len(table) and "finding_code" in table:
            hits = table[table["finding_code"] == LONG_PAST_CODE]
            if len(hits):
                reason = str(hits["reason"].iloc[-1]) if "reason" in hits else "a reason was recorded"
    types = frame["demand_type"] if "demand_type" in frame else [None] * len(frame)
    # days with no date at all are kept together at the end, in capture order
    return types, days, reason


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

    ``units``: one label per demand (a date, a session number) grouping demands into units
    such as days; units are taken in sorted order (dates sort by time), demands within a
    unit in the order given. Without it each demand is a unit of its own, which makes the
    runs noisy: one unusual caller can break a run. Days or listening sessions are better.

    ``base`` (default 4 units), ``run`` (default 3 units) and ``threshold`` (default 0.05)
    are Guest, Namey & Chen's (2020) base size, run length and new-information threshold:
    saturation is reached at the first run whose new types, divided by the types found in
    the base, are at or below the threshold. Runs slide one unit at a time
    (``sliding=False`` makes them follow each other without overlapping).

    ``unit_name`` is the word the message uses for a unit: "day" for a Study or when the
    units are dates, "demand" without units, else "unit" (say "session" if they are).

    The verdict is "enough" when a run has saturated *and* the sample coverage is at least
    ``coverage_target`` (0.95); "long past" when, beyond that, the units heard after the
    saturation point are at least ``long_past`` times (1x) the units it took to get there;
    otherwise "not yet". "long past" is a gentle note: there are good reasons to go on,
    and a recorded reason (``acknowledged=``, or a Study's acknowledgement with code
    "M8-long-past") quietens it.

    The estimators: ``unseen_chance`` is Good-Turing's f1/n; ``coverage`` is Chao & Jost's
    (2012) sample coverage as the R package iNEXT computes it (including its special case
    when no type was heard exactly twice); ``estimated_types`` is the bias-corrected Chao1,
    S + f1(f1-1)/(2(f2+1)), as scikit-bio's ``chao1(bias_corrected=True)`` and vegan's
    ``estimateR`` compute it; ``demands_needed(coverage)`` is Chao & Jost's extrapolation.

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
        if not isinstance(value, (int, np.integer)) or isinstance(value, bool) or value < 1:
            raise ValueError(f"{name} must be a whole number of units, 1 or more (you gave {value!r}).")
    if not 0 <= threshold < 1:
        raise ValueError(f"threshold must be a share from 0 up to 1, such as 0.05 for 5% (you gave {threshold!r}).")

    if hasattr(types_in_order, "demands") and callable(types_in_order.demands):
        if units is not None:
            raise ValueError("A Study brings its own days as units: leave units= out when you pass a Study.")
        types, units, reason = _from_study(types_in_order)
        acknowledged = acknowledged or reason
        unit_name = unit_name or "day"
        as_dates = True
    else:
        if isinstance(types_in_order, (str, bytes)):
            raise ValueError("Give saturation() a list of demand types in the order heard (or a Study), not a single text.")
        as_dates = False
        types = types_in_order if hasattr(types_in_order, "__len__") else list(types_in_order)
        if units is not None:
            if not hasattr(units, "__len__"):
                units = list(units)
            if len(units) != len(types):
                raise ValueError(
                    f"units must give one label per demand: there are {len(types)} demand types but {len(units)} units."
                )
        if units is None:
            unit_name = unit_name or "demand"

    # Factorise first, then tidy the (few) distinct labels: far faster than tidying every
    # demand. Demands with no type (None, NaN, blank text) are skipped.
    raw_codes, raw_names = pd.factorize(_as_objects(types))
    tidy = np.array([str(name).strip() for name in raw_names], dtype=object)
    tidy_codes, tidy_names = pd.factorize(tidy)
    tidy_codes = np.where(tidy == "", -1, tidy_codes)
    codes = np.where(raw_codes >= 0, tidy_codes[raw_codes] if len(tidy) else -1, -1)
    keep = codes >= 0
    skipped = int(len(codes) - keep.sum())
    codes = codes[keep]
    n = len(codes)

    if units is None:
        unit_codes = np.arange(n, dtype=np.int64)
        unit_labels = np.arange(1, n + 1)
    else:
        unit_values = units.to_numpy()[keep] if isinstance(units, pd.Series) else _as_objects(units)[keep]
        unit_codes, unit_labels = pd.factorize(unit_values)
        unit_labels = list(unit_labels)
        try:  # units in sorted order (dates by time); sorting the few labels, not the demands
            ranks = np.empty(len(unit_labels), dtype=np.int64)
            ranks[sorted(range(len(unit_labels)), key=unit_labels.__getitem__)] = np.arange(len(unit_labels))
            unit_labels = sorted(unit_labels)
            unit_codes = np.where(unit_codes >= 0, ranks[unit_codes] if len(ranks) else -1, -1)
        except TypeError:  # labels that cannot be sorted: order of first appearance
            pass
        if (unit_codes < 0).any():  # demands with no unit go together, last
            unit_codes = np.where(unit_codes < 0, len(unit_labels), unit_codes)
            unit_labels = unit_labels + [None]
        if unit_name is None:  # dates as units are days
            known = [u for u in unit_labels if u is not None and not pd.isna(u)]
            dated = known and all(isinstance(u, (_dt.date, np.datetime64)) for u in known)
            unit_name = "day" if dated and all(pd.Timestamp(u) == pd.Timestamp(u).normalize() for u in known) else "unit"
        if as_dates:  # a study's days: show them as dates
            unit_labels = [None if pd.isna(d) else pd.Timestamp(d).date() for d in unit_labels]
        unit_labels = np.asarray(unit_labels, dtype=object)
        if n and (np.diff(unit_codes) < 0).any():  # put demands in unit order, keeping order within
            order = np.argsort(unit_codes, kind="stable")
            codes = codes[order]
            unit_codes = unit_codes[order]

    # number the types in order of first appearance
    codes, first_order = pd.factorize(codes)
    type_names = np.asarray(tidy_names, dtype=object)[first_order] if n else np.zeros(0, dtype=object)
    n_types = len(type_names)
    n_units = len(unit_labels)
    counts = np.bincount(codes, minlength=n_types) if n else np.zeros(0, dtype=np.int64)

    # where each type first appeared (codes are numbered in order of first appearance)
    first_pos = np.full(n_types, -1, dtype=np.int64)
    if n:
        is_first = np.r_[True, codes[1:] > np.maximum.accumulate(codes)[:-1]]
        first_pos = np.flatnonzero(is_first)
    else:
        is_first = np.zeros(0, dtype=bool)
    distinct = np.cumsum(is_first)
    new_type = np.full(n, None, dtype=object)
    new_type[first_pos] = np.asarray(type_names, dtype=object)
    curve = pd.DataFrame(
        {
            "demands": np.arange(1, n + 1),
            "distinct_types": distinct,
            "unit": unit_labels[unit_codes] if n else np.zeros(0, dtype=object),
            "new_type": pd.Series(new_type, dtype=object),
        }
    )
    first_seen = pd.DataFrame(
        {
            "type": np.asarray(type_names, dtype=object),
            "demand": first_pos + 1,
            "unit": unit_labels[unit_codes[first_pos]] if n else np.zeros(0, dtype=object),
            "uses": counts,
        }
    )

    # per unit: demands, new types, distinct so far
    per_unit_demands = np.bincount(unit_codes, minlength=n_units) if n else np.zeros(0, dtype=np.int64)
    per_unit_new = np.bincount(unit_codes[first_pos], minlength=n_units) if n else np.zeros(0, dtype=np.int64)
    units_frame = pd.DataFrame(
        {
            "unit": unit_labels,
            "demands": per_unit_demands,
            "new_types": per_unit_new,
            "distinct_types": np.cumsum(per_unit_new),
        }
    )

    # Guest, Namey & Chen: new types per run over the types in the base (fixed denominator)
    base_types = int(per_unit_new[:base].sum()) if n_units else 0
    starts = np.arange(base, n_units - run + 1, 1 if sliding else run)
    cum = np.r_[0, np.cumsum(per_unit_new)]
    run_new = cum[starts + run] - cum[starts] if len(starts) else np.zeros(0, dtype=np.int64)
    ratio = run_new / base_types if base_types else np.full(len(starts), np.nan)
    runs = pd.DataFrame(
        {
            "start": starts + 1,  # 1-based unit numbers
            "end": starts + run,
            "new_types": run_new,
            "ratio": ratio,
        }
    )
    saturation_point = None
    if base_types:
        hits = np.flatnonzero(ratio <= threshold + 1e-12)
        if len(hits):
            saturation_point = (int(starts[hits[0]]), int(run))

    unseen = good_turing_unseen(counts)
    coverage = chao_jost_coverage(counts)
    estimated = chao1(counts) if n else 0.0

    verdict = "not yet"
    if saturation_point is not None and coverage >= coverage_target:
        verdict = "enough"
        s, r = saturation_point
        if n_units - (s + r) >= max(1, math.ceil(long_past * (s + r))):
            verdict = "long past"

    report = SaturationReport(
        curve=curve,
        first_seen=first_seen,
        units=units_frame,
        runs=runs,
        counts=counts,
        saturation_point=saturation_point,
        unseen_chance=unseen,
        coverage=coverage,
        estimated_types=estimated,
        verdict=verdict,
        message="",
        base=int(base),
        run=int(run),
        threshold=float(threshold),
        sliding=bool(sliding),
        unit_name=unit_name,
        base_types=base_types,
        skipped=skipped,
        acknowledged=acknowledged,
        settings={"coverage_target": coverage_target, "long_past": long_past},
    )
    report.message = _message(report, n_units)
    report.notes = _notes(report, units is None)
    return report


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


def _message(r: SaturationReport, n_units: int) -> str:
    """One plain sentence for the team."""
    n = r.demands
    u = r.unit_name
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
                f"Not yet: {_plural(n_units, u)} heard so far, and the check needs a base of {_plural(r.base, u)} "
                f"and then a run of {_plural(r.run, u)} to see whether new types are still turning up."
            )
        if r.saturation_point is None:
            return (
                f"Not yet: new types are still turning up ({r.types_heard} so far in {_plural(n, 'demand')}; "
                f"the latest run of {_plural(r.run, u)} added more than {r.threshold:.0%} of the types found "
                f"in the first {_plural(r.base, u)})."
            )
        return (
            f"Not yet: new types slowed down, but about {r.unseen_chance:.0%} of demands are still of a type "
            f"heard only once, so the sample covers about {r.coverage:.0%} of demand, short of "
            f"{r.settings['coverage_target']:.0%}."
        )
    s, run = r.saturation_point
    where = f"{s}+{run}"
    if r.verdict == "enough":
        return (
            f"The types look stable: after {_plural(s, u)} the next {_plural(run, u)} added "
            f"{'no' if r.runs.loc[r.runs['start'] == s + 1, 'new_types'].iloc[0] == 0 else 'almost no'} "
            f"new types (saturation at {where}), so now ask yourselves: have we learned what we need?"
        )
    if r.acknowledged:
        return (
            f"The types have looked stable since {where} ({u}s); you recorded why you carried on: "
            f"{r.acknowledged.rstrip('.')}."
        )
    return (
        f"The types have looked stable since {where} and you have carried on for "
        f"{_plural(n_units - s - run, u)} more: there can be good reasons, and if so, record them; "
        "if not, it may be time to act on what you have learned."
    )
