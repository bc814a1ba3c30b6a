"""The target view: what a completion-time target shows, and what the person lives through.

A target such as "assessments completed within 28 days" measures from when the clock is
started (usually allocation to a worker) to completion. Where there is a target, work bends
to it: completions bunch just inside the line (**the cliff**), the clock starts only after a
waiting list nobody counts, and cases are closed and reopened so the clock starts again. The
end-to-end time from the person's first contact, case by case in time order on a process
behaviour chart, shows the service's real capability instead (``predictability.capability``
and ``plots.plot_capability``). Here each case is measured both ways and the cliff counted;
``helpers.targets`` draws them. ``reported_beside_lived`` puts a system's own "in target"
flag beside the end-to-end time from first contact, for work such as repairs whose target is
set job by job.

>>> import pandas as pd
>>> cases = pd.DataFrame({"case_id": ["A", "B", "C"],
...     "first_contact_on": ["2025-01-01", "2025-01-02", "2025-01-03"],
...     "allocated_on": ["2025-02-10", "2025-01-20", "2025-03-01"],
...     "completed_on": ["2025-03-10", "2025-02-10", "2025-03-05"],
...     "closed_and_reopened": ["false", "true", "false"]})
>>> view = target_view(cases, target=28)
>>> view[["case", "hidden_wait", "on_the_clock", "end_to_end", "in_target"]].values.tolist()
[['A', 40, 28, 68, True], ['B', 18, 21, 39, True], ['C', 57, 4, 61, True]]
>>> s = cliff(view)
>>> s.in_target, s.end_to_end_within_target
(3, 0)
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from helpers.analysis.cases import _dates, _flags  # dates and true/false columns are read one way everywhere
from helpers.analysis.people import _need  # the same plain message for a missing column

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["target_view", "Cliff", "cliff", "near_target", "reported_beside_lived"]


def target_view(times: "pd.DataFrame", target: float = 28, clock_start: str = "allocated_on",
                end: str = "completed_on", first_contact: str = "first_contact_on") -> "pd.DataFrame":
    """Each case measured two ways: on the target's clock, and from the person's first contact.

    ``times``: one row per case with ``first_contact_on``, ``allocated_on`` (where the
    target's clock starts), ``completed_on`` and optionally ``closed_and_reopened``. Returns
    the dates, ``hidden_wait`` (days before the clock starts), ``on_the_clock``, ``end_to_end``
    and ``in_target``, in order of first contact; cases not yet completed are left out
    (counted in ``attrs["open_cases"]``).
    """
    import pandas as pd

    _need(times, (first_contact, clock_start, end), "The target view")
    if not target or target <= 0:
        raise ValueError(f"The target is a number of days above 0; got {target!r}.")
    id_column = next((c for c in times.columns if str(c).endswith("_id")), None)
    out = pd.DataFrame({
        "case": times[id_column].astype(str).to_numpy() if id_column else [str(i) for i in range(1, len(times) + 1)],
        "first_contact_on": _dates(times, first_contact).to_numpy(),
        "clock_started_on": _dates(times, clock_start).to_numpy(),
        "completed_on": _dates(times, end).to_numpy(),
        "closed_and_reopened": _flags(times, "closed_and_reopened").to_numpy(),
    })
    for later, earlier, later_name, earlier_name in (("clock_started_on", "first_contact_on", clock_start, first_contact),
                                                     ("completed_on", "clock_started_on", end, clock_start)):
        backwards = (out[later] < out[earlier]).to_numpy()  # NaT compares False: unknown dates pass
        if backwards.any():
            position = int(backwards.nonzero()[0][0])
            raise ValueError(f"Row {position + 2} (case {out['case'].iloc[position]!r}): {later_name} is before {earlier_name}.")
    done = out["completed_on"].notna() & out["clock_started_on"].notna() & out["first_contact_on"].notna()
    open_cases = int((~done).sum())
    out = out[done].copy()
    out["hidden_wait"] = (out["clock_started_on"] - out["first_contact_on"]).dt.days.astype(int)
    out["on_the_clock"] = (out["completed_on"] - out["clock_started_on"]).dt.days.astype(int)
    out["end_to_end"] = (out["completed_on"] - out["first_contact_on"]).dt.days.astype(int)
    out["in_target"] = out["on_the_clock"] <= target
    out = out.sort_values("first_contact_on", kind="stable").reset_index(drop=True)  # ties keep the file's order
    out = out[["case", "first_contact_on", "clock_started_on", "completed_on", "hidden_wait", "on_the_clock",
               "end_to_end", "closed_and_reopened", "in_target"]]
    out.attrs.update({"target": target, "open_cases": open_cases})
    return out


@dataclass(frozen=True)
class Cliff:
    """What the target reports beside what the person lives through (counts of cases, days)."""

    target: float
    window: int
    cases: int
    in_target: int             # on the clock within the target
    just_inside: int           # completed in the last ``window`` days before the target
    just_outside: int          # completed in the first ``window`` days after it
    reopened: int              # closed and reopened, restarting the clock
    reopened_in_target: int
    median_hidden_wait: float  # days from first contact to the clock starting
    median_on_the_clock: float
    median_end_to_end: float
    end_to_end_within_target: int  # cases the person saw completed within the target, from first contact

    @property
    def message(self) -> str:
        share = self.in_target / self.cases if self.cases else 0
        return (f"On the target's clock {self.in_target} of {self.cases} cases ({share:.0%}) were in target; "
                f"{self.just_inside} were completed in the {self.window} days up to day {self.target:g} and "
                f"{self.just_outside} in the {self.window} days after it. From the person's first contact, "
                f"{self.end_to_end_within_target} of {self.cases} were completed within {self.target:g} days "
                f"(median {self.median_end_to_end:g} days, of which a median {self.median_hidden_wait:g} days passed "
                f"before the clock started).")


def cliff(view: "pd.DataFrame", window: int = 4) -> Cliff:
    """Count the cliff at the target: cases just inside against just outside, and what the clock hides.

    ``view``: ``target_view(...)``. ``window``: how many days either side of the target to
    compare (4: days 25-28 against 29-32 for a 28-day target).
    """
    if window < 1:
        raise ValueError(f"The window is a number of days, at least 1; got {window!r}.")
    target = view.attrs.get("target")
    if target is None:
        raise ValueError("cliff() takes the table from target_view(), which knows the target.")
    inside, outside = near_target(view["on_the_clock"], target, window)
    reopened = view["closed_and_reopened"].astype(bool)

    def median(column: str) -> float:
        return float(view[column].median()) if len(view) else float("nan")

    return Cliff(
        target=target, window=window, cases=int(len(view)), in_target=int(view["in_target"].sum()),
        just_inside=inside, just_outside=outside, reopened=int(reopened.sum()),
        reopened_in_target=int((reopened & view["in_target"]).sum()), median_hidden_wait=median("hidden_wait"),
        median_on_the_clock=median("on_the_clock"), median_end_to_end=median("end_to_end"),
        end_to_end_within_target=int(view["end_to_end"].le(target).sum()),
    )


def near_target(days: "pd.Series", target: float, window: int) -> tuple[int, int]:
    """How many cases took the ``window`` days up to the target, and how many the ``window`` days after it.

    The cliff's two numbers, the same for ``cliff`` and ``plot_cliff``, on either clock.

    >>> import pandas as pd
    >>> near_target(pd.Series([25, 27, 28, 28, 30, 40]), target=28, window=4)
    (4, 1)
    """
    inside = (days > target - window) & (days <= target)
    outside = (days > target) & (days <= target + window)
    return int(inside.sum()), int(outside.sum())


def reported_beside_lived(cases: "pd.DataFrame", reported: str = "in_target", by: str = "jobs_raised",
                          over: float = 28, most: int = 3, unit: str = "job", what: str = "repairs",
                          start: str = "first_contact_on", end: str | None = None) -> "pd.DataFrame":
    """What the system reported ("in target") beside what people lived through, from first contact to done.

    ``cases``: one row per case with ``start`` and end dates (``predictability.capability``
    finds the end), the system's own true/false ``reported`` flag and a count ``by`` (how many
    jobs the work was split into, each a ``unit``), grouped up to ``most`` or more. One row per
    group and one for all: how many ``what``, the percentage reported in target, the median days
    end to end, how many took over ``over`` days (and of them, reported in target), and how many
    sit above the upper natural process limit of the end-to-end chart (cases in order of first
    contact): where the signals are. ``attrs`` carries ``upper`` and ``predictable``.

    >>> import pandas as pd
    >>> jobs = pd.DataFrame({"job_id": ["J1", "J2", "J3", "J4"],
    ...     "first_contact_on": ["02/03/2026", "03/03/2026", "04/03/2026", "05/03/2026"],
    ...     "fixed_on": ["04/03/2026", "30/04/2026", "07/03/2026", "06/03/2026"],
    ...     "jobs_raised": [1, 4, 1, 2], "in_target": ["True", "True", "True", "False"]})
    >>> table = reported_beside_lived(jobs)
    >>> table["repairs"].tolist(), table["took over 28 days"].tolist()
    ([2, 1, 1, 4], [0, 0, 1, 1])
    >>> table.index.tolist()
    ['1 job', '2 jobs', '3 or more jobs', 'all']
    """
    import pandas as pd

    from helpers.analysis.predictability import capability, xmr

    lived = capability(cases, start=start, end=end, keep=(reported, by))
    flags = _flags(lived, reported)
    counts = pd.to_numeric(lived[by], errors="coerce")
    if counts.isna().any():
        raise ValueError(f"The {by!r} column needs a whole number on every row.")
    chart = xmr(lived["days"], floor=0)
    above = (chart.data["outside"] & (chart.data["value"] > chart.upper)).to_numpy()
    groups = counts.astype(int).clip(upper=most)
    names = {n: f"{n} or more {unit}s" if n == most else f"{n} {unit}{'' if n == 1 else 's'}" for n in groups.unique()}
    rows = {}
    for key, label in [*sorted(names.items()), (None, "all")]:
        chosen = (groups == key).to_numpy() if key is not None else [True] * len(lived)
        days = lived["days"][chosen]
        long = (days > over).to_numpy()
        rows[label] = {what: int(len(days)), "% reported in target": round(100 * float(flags[chosen].mean())),
                       "median days end to end": float(days.median()), f"took over {over:g} days": int(long.sum()),
                       "of them reported in target": int((long & flags[chosen].to_numpy()).sum()),
                       "above the upper limit": int(above[chosen].sum())}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.attrs.update(upper=chart.upper, predictable=chart.predictable, over=over)
    return table
