"""The target view: what a completion-time target shows, and what the person lives through.

A target such as "assessments completed within 28 days" measures from when the clock is
started (usually allocation to a worker) to completion. Where there is a target, work bends
to it: completions bunch just inside the line (**the cliff**), the clock starts only after a
waiting list nobody counts, and cases are closed and reopened so the clock starts again. The
end-to-end time from the person's first contact, case by case in time order on a process
behaviour chart, shows the service's real capability instead (``predictability.capability``
and ``plots.plot_capability``).

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

from helpers.analysis.cases import _flags  # true/false columns are read one way everywhere

if TYPE_CHECKING:
    import pandas as pd


def _dates(frame, column: str):
    from helpers.analysis.predictability import _to_datetimes  # ISO first, then UK day-first

    values = frame[column]
    parsed = _to_datetimes(values)
    bad = parsed.isna() & values.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"Row {row + 2}, column {column!r}: {values.iloc[row]!r} is not a date (write it like 2025-03-31).")
    return parsed


def target_view(times: "pd.DataFrame", target: float = 28, clock_start: str = "allocated_on",
                end: str = "completed_on", first_contact: str = "first_contact_on") -> "pd.DataFrame":
    """Each case measured two ways: on the target's clock, and from the person's first contact.

    ``times``: one row per case with ``first_contact_on``, ``allocated_on`` (where the
    target's clock starts) and ``completed_on``; optionally ``closed_and_reopened``.
    Returns ``case``, ``first_contact_on``, ``clock_started_on``, ``completed_on``,
    ``hidden_wait`` (days from first contact to the clock starting), ``on_the_clock``
    (days the target counts), ``end_to_end`` (days the person waits), ``closed_and_reopened``
    and ``in_target`` (on the clock within ``target`` days), in order of first contact.
    Cases not yet completed are left out (counted in ``attrs["open_cases"]``).
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
    clock = view["on_the_clock"]
    inside = clock.gt(target - window) & clock.le(target)
    outside = clock.gt(target) & clock.le(target + window)
    reopened = view["closed_and_reopened"].astype(bool)

    def median(column: str) -> float:
        return float(view[column].median()) if len(view) else float("nan")

    return Cliff(
        target=target, window=window, cases=int(len(view)), in_target=int(view["in_target"].sum()),
        just_inside=int(inside.sum()), just_outside=int(outside.sum()), reopened=int(reopened.sum()),
        reopened_in_target=int((reopened & view["in_target"]).sum()), median_hidden_wait=median("hidden_wait"),
        median_on_the_clock=median("on_the_clock"), median_end_to_end=median("end_to_end"),
        end_to_end_within_target=int(view["end_to_end"].le(target).sum()),
    )


def plot_cliff(view: "pd.DataFrame", ax=None, column: str = "on_the_clock", window: int = 4, width: int | None = None):
    """How many cases were completed on each day of the target's clock, the target marked.

    The ``window`` days either side of the target are drawn darker, so the pile-up just
    inside it and the gap just after show. ``column="end_to_end"`` draws the same picture
    from the person's first contact, on the same terms.

    ``width``: days per bar (default: 1, or ``window`` when the longest case is over 100
    days, so a long tail stays readable). Bars are aligned so one ends exactly at the target.
    """
    import matplotlib.pyplot as plt

    from helpers.views import plots

    plots.theme()
    own = ax is None
    if own:
        _, ax = plt.subplots(figsize=(9, 4.2))
    target = view.attrs.get("target", 28)
    days = view[column].astype(int)
    if width is None:
        width = 1 if len(days) == 0 or days.max() <= 100 else window
    if width < 1:
        raise ValueError(f"width is a number of days per bar, at least 1; got {width!r}.")
    # Bar k covers days (target + (k - 1) * width, target + k * width]: one bar ends at the target.
    import numpy as np

    ends = target + width * np.ceil((days - target) / width)
    counts = ends.value_counts().sort_index()
    centres = counts.index - (width - 1) / 2
    near = [(target - window < e <= target + window) for e in counts.index]
    colours = [plots.OTHER_COLOURS[0] if n else "#BBBBBB" for n in near]
    ax.bar(centres, counts.to_numpy(), width=0.9 * width, color=colours, edgecolor=plots.EDGE, linewidth=0.4)
    ax.axvline(target + 0.5, color="black", linestyle=":", linewidth=1.5)
    ax.text(target + 0.8, 0.97, f"target: {target:g} days", transform=ax.get_xaxis_transform(), va="top", fontsize="small")
    measured = {"on_the_clock": "from the clock starting (allocation) to completion",
                "end_to_end": "from the person's first contact to completion"}.get(column, column)
    ax.set_title({"on_the_clock": "How many cases took each number of days on the target's clock",
                  "end_to_end": "How many cases took each number of days from first contact"}.get(column, f"Days: {column}"))
    ax.set_xlabel(f"Days {measured}")
    ax.set_ylabel("Cases" if width == 1 else f"Cases (each bar {width} days)")
    ax.set_xlim(left=-1)
    inside = int(((days > target - window) & (days <= target)).sum())
    outside = int(((days > target) & (days <= target + window)).sum())
    plots.caption(
        ax,
        notice=(f"{inside} cases were completed in the {window} days up to the target and {outside} in the {window} days "
                "after it. "
                + ("Natural work does not stop at a line: a pile-up just inside it and a gap just after show work "
                   "bent to the measure." if inside > 2 * max(outside, 1) else
                   "No pile-up at the target here: seen this way, the work takes as long as it takes.")),
        alt=(f"Bar chart of {len(days)} cases by days {measured}, from {days.min()} to {days.max()} days, median "
             f"{days.median():g}; {inside} completed on days {target - window + 1:g} to {target:g} and {outside} on days "
             f"{target + 1:g} to {target + window:g}."),
    )
    if own:
        ax.figure.set_layout_engine("tight")  # laid out when drawn: nothing to lay out when the image is kept
    return ax


def plot_target_view(view: "pd.DataFrame", window: int = 4):
    """The cliff on the target's clock beside end-to-end time on a process behaviour chart.

    Above: cases by days on the target's clock (the cliff). Below: days from first contact
    to completion, case by case in order of first contact, with natural process limits and
    the target drawn for comparison (``plots.plot_capability``). Returns the two Axes, each
    with its caption.
    """
    import matplotlib.pyplot as plt

    from helpers.views import plots

    plots.theme()
    fig, axes = plt.subplots(2, 1, figsize=(11, 9), gridspec_kw={"height_ratios": [1, 1.2]})
    plot_cliff(view, ax=axes[0], window=window)
    axes[0].set_title("What the target sees: days on its clock")
    cases = view.rename(columns={"end_to_end": "days"})[["case", "days"]]
    plots.plot_capability(cases, ax=axes[1], target=view.attrs.get("target"))
    axes[1].set_title("What the person lives through: days from first contact, case by case")
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    # Fewer case labels than plot_xmr's default, so they never run into each other.
    step = max(1, len(cases) // 8)
    positions = list(range(0, len(cases), step))
    axes[1].set_xticks(positions)
    axes[1].set_xticklabels([cases["case"].iloc[i] for i in positions], rotation=0, ha="center")
    fig.set_layout_engine("tight")  # laid out when drawn: nothing to lay out when the image is kept
    return axes
