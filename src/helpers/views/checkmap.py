"""The Check map: where studying demand sits in understanding a service as a system.

Purpose -> demand -> capability -> flow -> system conditions -> thinking. The workbook
covers demand in depth and opens the door to the rest; the map shows a team where it is.

>>> [s.key for s in STAGES]
['purpose', 'demand', 'capability', 'flow', 'system conditions', 'thinking']
>>> print(describe("capability"))
The Check map, six steps from left to right: purpose, demand, capability, flow, system conditions, thinking.
You are at capability (step 3 of 6). Done so far: purpose, demand. Still to come: flow, system conditions, thinking.
"""
from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Stage", "STAGES", "describe", "check_map"]


@dataclass(frozen=True)
class Stage:
    key: str
    title: str
    question: str


STAGES = (
    Stage("purpose", "Purpose", "What is the service for, in the customer's terms?"),
    Stage("demand", "Demand", "What do people ask of us, and how much of it is failure?"),
    Stage("capability", "Capability", "How well do we meet value demand, end to end, from their side?"),
    Stage("flow", "Flow", "What happens to a demand on its way through?"),
    Stage("system conditions", "System conditions", "Which policies, measures, IT and structures make it work this way?"),
    Stage("thinking", "Thinking", "Which management beliefs lie behind those conditions?"),
)
_KEYS = [s.key for s in STAGES]
_HERE = "#1f4e79"  # dark blue: strong contrast with white text, and also marked in words


def _index(stage: str) -> int:
    key = stage.strip().lower().replace("_", " ")
    if key not in _KEYS:
        raise ValueError(f"There is no stage {stage!r} on the Check map. Use one of: {', '.join(_KEYS)}.")
    return _KEYS.index(key)


def describe(stage: str = "demand") -> str:
    """The map in words (the text alternative for the picture)."""
    i = _index(stage)
    done = ", ".join(_KEYS[:i]) or "nothing yet"
    to_come = ", ".join(_KEYS[i + 1:]) or "nothing: you have been round the whole map"
    return (f"The Check map, six steps from left to right: {', '.join(_KEYS)}. "
            f"You are at {_KEYS[i]} (step {i + 1} of {len(_KEYS)}). "
            f"Done so far: {done}. Still to come: {to_come}.")


def check_map(stage: str = "demand", ax=None):
    """Draw the Check map with ``stage`` marked "you are here"; returns the Axes.

    >>> import matplotlib
    >>> ax = check_map("flow")
    >>> [t.get_text() for t in ax.texts if t.get_text() == "You are here"]
    ['You are here']
    """
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    from helpers.views import plots

    here = _index(stage)
    ax = plots._axes(ax, (12, 3.2))
    ax.set_xlim(0, 6)
    ax.set_ylim(0, 1.3)
    ax.axis("off")
    for i, s in enumerate(STAGES):
        current = i == here
        face = _HERE if current else ("#e8e8e8" if i < here else "white")
        ax.add_patch(FancyBboxPatch((i + 0.06, 0.35), 0.82, 0.5, boxstyle="round,pad=0.02",
                                    facecolor=face, edgecolor="#333333", linewidth=2.5 if current else 1,
                                    hatch=None if current or i >= here else "//"))
        ax.text(i + 0.47, 0.6, s.title.replace(" ", "\n"), ha="center", va="center",
                fontsize=11, fontweight="bold" if current else "normal",
                color="white" if current else "#222222")
        if i < len(STAGES) - 1:
            ax.add_patch(FancyArrowPatch((i + 0.9, 0.6), (i + 1.04, 0.6), arrowstyle="-|>", mutation_scale=14, color="#555555"))
        if current:
            ax.text(i + 0.47, 1.0, "You are here", ha="center", va="bottom", fontsize=11, fontweight="bold")
            ax.text(3.0, 0.12, s.question, ha="center", va="center", fontsize=11, style="italic")
    ax.set_title("The Check map: studying demand is the first step of understanding the service as a system", loc="left")
    return ax
