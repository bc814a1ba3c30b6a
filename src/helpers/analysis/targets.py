"""The target view: what a completion-time target shows, and what the person lives through.

A target such as "assessments completed within 28 days" measures from when the clock is
started (usually allocation to a worker) to completion. Where there is a target, work bends
to it: completions bunch just inside the line (**the cliff**), the clock starts only after a
waiting list nobody counts, and cases are closed and reopened so the clock starts again. The
end-to-end time from the person's first contact, case by case in time order on a process
behaviour chart, shows the service's real capability instead (``predictability.capability``
and ``plots.plot_capability``). Here each case is measured both ways and the cliff counted;
``helpers.targets`` draws them.

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

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["target_view", "Cliff", "cliff", "near_target"]


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

    missing = [c for c in (first_contact, clock_start, end) if c not in times]
    if missing:
        raise ValueError(f"The target view needs the column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                         f"this table has: {', '.join(map(str, times.columns))}.")
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
