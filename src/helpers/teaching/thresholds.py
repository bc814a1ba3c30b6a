"""The thresholds model drawn: a band of people coming back, and an explorer for every assumption.

Only the chart and the explorer live here; the model is in ``analysis.thresholds`` and named
here too, so ``helpers.thresholds.model(...)`` keeps working.
"""
from __future__ import annotations

import html
from dataclasses import replace

from helpers.analysis.thresholds import LEVELS, Assumptions, ThresholdResult, model

__all__ = ["LEVELS", "Assumptions", "ThresholdResult", "model", "plot", "explorer"]


def plot(result: ThresholdResult, ax=None):
    """People turned away who come back, month by month, as a band (a range, not a forecast)."""
    from helpers.views import plots

    ax = plots._axes(ax, (8, 4))
    months = [m for m, _, _ in result.by_month]
    low = [lo for _, lo, _ in result.by_month]
    high = [hi for _, _, hi in result.by_month]
    ax.fill_between(months, low, high, alpha=0.35, color="#b2182b", hatch="//", label="people back (range)")
    ax.plot(months, high, color="#b2182b", linewidth=1)
    ax.plot(months, low, color="#b2182b", linewidth=1)
    ax.set_xlabel("Months after being turned away")
    ax.set_ylabel("People back, in all")
    ax.set_ylim(0, max(high + [1]) * 1.15)
    ax.set_title(f"Threshold at need level {result.threshold}: of {result.turned_away:.0f} turned away, "
                 f"{result.returned[0]:.0f} to {result.returned[1]:.0f} come back within a year", loc="left")
    ax.legend(loc="lower right")
    return ax


def explorer(assumptions: Assumptions | None = None):
    """A slider for the threshold and boxes for every assumption; the chart and the words follow.

    Changes nothing anywhere: safe in a read-only walkthrough. The chart is a captioned image in
    an HTML widget, never an ``Output`` widget: under Voila every output drawn into one makes
    nbclient message the kernel, and about one visit in fifty then never loaded.

    >>> box = explorer()
    >>> chart = box.children[-1]
    >>> 'alt="Band chart: with help only from need level 3' in chart.value
    True
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    from helpers.teaching.controls import Slider
    from helpers.views import figures, plots
    from helpers.views.safe import guarded

    base = assumptions or Assumptions()
    initial = {"description_width": "initial"}
    # Sliders named for screen readers (ipywidgets' own leave the handle without a name).
    slider = Slider(value=3, min=1, max=5, description="Help from need level")
    back_lo, back_hi = (Slider(value=rate, min=0, max=1, step=0.01, percent=True, description=f"Come back ({end})")
                        for rate, end in zip(base.return_rate_turned_away, ("low", "high")))
    referrals = widgets.IntText(value=int(base.referrals_per_month), description="Referrals a month", style=initial)
    costs = [widgets.IntText(value=int(c), description=f"£ level {i}", layout=widgets.Layout(width="170px"))
             for i, c in enumerate(base.cost_of_help, 1)]
    words = widgets.HTML()
    chart = widgets.HTML()

    def redraw(*_):
        try:
            lo, hi = sorted((back_lo.value, back_hi.value))
            a = replace(base, referrals_per_month=max(referrals.value, 1), return_rate_turned_away=(lo, hi),
                        cost_of_help=tuple(max(c.value, 0) for c in costs))
            result = model(slider.value, a)
        except ValueError as err:
            words.value = f"<p><b>That does not work:</b> {html.escape(str(err))}</p>"
            return
        rows = "".join(f"<tr><td>{k}</td><td>{v}</td></tr>" for k, v in a.rows())
        words.value = (f"<p style='max-width:60em'>{result.summary}</p><details><summary>Every assumption</summary>"
                       f"<table>{rows}</table></details>")
        _, ax = plt.subplots(figsize=(8, 3.6))
        plot(result, ax=ax)
        lo, hi = (round(x) for x in result.returned)
        plots.caption(ax, notice="The band is a range, not a forecast: change an assumption and watch it move.",
                      alt=f"Band chart: with help only from need level {result.threshold}, {lo} to {hi} of the "
                          f"{result.turned_away:.0f} people turned away each month come back within a year, "
                          "more of them in the first months than later.")
        chart.value = figures.captioned(ax).html  # (closes the figure)

    update = guarded(words, lead="The explorer could not redraw",
                     advice="Move a slider back, or ask the facilitator.")(redraw)
    for w in [slider, back_lo, back_hi, referrals, *costs]:
        w.observe(update, names="value")
    update()
    return widgets.VBox([slider, widgets.HBox([back_lo, back_hi]), referrals, widgets.HBox(costs), words, chart])
