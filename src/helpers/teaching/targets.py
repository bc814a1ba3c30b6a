"""The target view drawn: the cliff at a completion-time target, beside what the person lives through.

Only the figures live here; ``target_view``, ``cliff`` and ``reported_beside_lived`` are counted in
``analysis.targets`` and named here too, so ``helpers.targets.target_view(...)`` keeps working.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.analysis.targets import Cliff, cliff, near_target, reported_beside_lived, target_view

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["target_view", "Cliff", "cliff", "reported_beside_lived", "plot_cliff", "plot_target_view"]


def plot_cliff(view: "pd.DataFrame", ax=None, column: str = "on_the_clock", window: int = 4, width: int | None = None):
    """How many cases were completed on each day of the target's clock, the target marked.

    The ``window`` days either side of the target are darker, so a pile-up just inside it and a
    gap just after show; ``column="end_to_end"`` counts from the person's first contact instead.
    ``width``: days per bar (1, or ``window`` when a case took over 100 days); one bar ends at the target.
    """
    import numpy as np

    from helpers.views import plots

    ax = plots._axes(ax, (9, 4.2), layout="tight")
    target = view.attrs.get("target", 28)
    days = view[column].astype(int)
    if width is None:
        width = 1 if len(days) == 0 or days.max() <= 100 else window
    if width < 1:
        raise ValueError(f"width is a number of days per bar, at least 1; got {width!r}.")
    # Bar k covers days (target + (k - 1) * width, target + k * width]: one bar ends at the target.
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
    inside, outside = near_target(days, target, window)
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
    return ax


def plot_target_view(view: "pd.DataFrame", window: int = 4):
    """The cliff on the target's clock above; below, days from first contact to completion case by
    case on a process behaviour chart, the target drawn for comparison. Returns the two Axes, captioned."""
    import matplotlib.pyplot as plt

    from helpers.views import plots

    plots.theme()
    _, axes = plt.subplots(2, 1, figsize=(11, 9), gridspec_kw={"height_ratios": [1, 1.2]}, layout="tight")
    plot_cliff(view, ax=axes[0], window=window)
    axes[0].set_title("What the target sees: days on its clock")
    cases = view.rename(columns={"end_to_end": "days"})[["case", "days"]]
    plots.plot_capability(cases, ax=axes[1], target=view.attrs.get("target"))
    axes[1].set_title("What the person lives through: days from first contact, case by case")
    axes[1].legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize="small")
    # Fewer case labels than plot_xmr's default, so they never run into each other.
    step = max(1, len(cases) // 8)
    positions = list(range(0, len(cases), step))
    axes[1].set_xticks(positions, [cases["case"].iloc[i] for i in positions], rotation=0, ha="center")
    return axes
