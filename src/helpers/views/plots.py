"""The house plot style, and one plot function per view.

Rules every figure here keeps:

* one seaborn theme (``theme()``), a colour-blind-safe palette (Okabe and Ito's);
* value and failure always the same two colours (``CLASS_COLOURS``: value blue, failure
  vermilion); unsure and not-demand distinct and quieter (greys with hatching);
* colour never carries meaning alone: bars carry hatching (``CLASS_HATCHES``) and labels,
  lines carry direct labels and their own dash patterns;
* titles and axis labels in plain English; nothing ranks teams or people, and no figure
  is drawn per member of staff;
* every function takes ``ax=`` (drawing into a new figure when it is None) and returns
  the Axes.

Every plot function attaches a :class:`Caption` to the Axes it returns: ``caption(ax).notice``
says what to notice, ``describe(ax)`` is the text alternative for people who cannot see it.

>>> CLASS_COLOURS["value"], CLASS_COLOURS["failure"]
('#0072B2', '#D55E00')

Never choose matplotlib's backend here: ``matplotlib.use`` in a notebook makes figures vanish
under Voila (FACTS.md).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from helpers.analysis.predictability import _point_label
from helpers.analysis.saturation import _plural
from helpers.core.vocabulary import normalise_classification

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["OKABE_ITO", "CLASS_ORDER", "CLASS_COLOURS", "CLASS_HATCHES", "CLASS_LABELS", "OTHER_COLOURS",
           "LINE_STYLES", "MARKERS", "EDGE", "SEABORN_THEME", "theme", "Caption", "caption", "describe",
           "plot_classification_mix", "plot_discovery", "plot_xmr", "plot_moving_ranges", "plot_daily_volumes",
           "plot_failure_share", "plot_failure_by_door", "plot_weekday_pattern", "plot_type_by_day", "plot_time_of_day",
           "plot_capability", "plot_end_to_end_distribution", "plot_failure_per_value", "plot_journey", "plot_agreement"]

#: Okabe & Ito's colour-blind-safe palette.
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")

#: The five outcomes of classification, always drawn the same way everywhere.
CLASS_ORDER = ("value", "failure", "unsure", "not demand", "undecided")
CLASS_COLOURS = {
    "value": "#0072B2",       # Okabe-Ito blue
    "failure": "#D55E00",     # Okabe-Ito vermilion
    "unsure": "#999999",      # quieter: mid grey
    "not demand": "#D9D9D9",  # quieter still: light grey
    "undecided": "#FFFFFF",   # white, outlined
}
CLASS_HATCHES = {"value": "", "failure": "xx", "unsure": "//", "not demand": "..", "undecided": ""}
CLASS_LABELS = {
    "value": "Value demand",
    "failure": "Failure demand",
    "unsure": "Unsure",
    "not demand": "Not customer demand",
    "undecided": "Not yet classified",
}
#: Colours for things that are not value or failure (types, teams): the palette without
#: the value and failure colours, so they never mean anything else.
OTHER_COLOURS = ("#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#000000", "#F0E442")
LINE_STYLES = ("-", "--", ":", "-.")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")
EDGE = "#333333"


#: What ``seaborn.set_theme(context="notebook", style="whitegrid", palette=OKABE_ITO, rc=...)`` sets,
#: written out: importing seaborn imports scipy, 0.7 s of a walkthrough's cold start (test_plots.py
#: checks it against seaborn). "image.cmap" is left out: seaborn's "rocket" needs seaborn imported.
SEABORN_THEME: dict[str, Any] = {
    # style "whitegrid"
    "axes.axisbelow": True, "axes.edgecolor": ".8", "axes.grid": True, "axes.labelcolor": ".15",
    "grid.color": ".8", "lines.solid_capstyle": "round", "patch.edgecolor": "w",
    "patch.force_edgecolor": True, "text.color": ".15", "xtick.bottom": False, "xtick.color": ".15",
    "ytick.color": ".15", "ytick.left": False,
    "font.sans-serif": ["Arial", "DejaVu Sans", "Liberation Sans", "Bitstream Vera Sans", "sans-serif"],
    # context "notebook"
    "font.size": 12.0, "axes.labelsize": 12.0, "legend.fontsize": 11.0, "legend.title_fontsize": 12.0,
    "xtick.labelsize": 11.0, "ytick.labelsize": 11.0, "axes.linewidth": 1.25, "grid.linewidth": 1.0,
    "xtick.major.width": 1.25, "ytick.major.width": 1.25, "xtick.minor.width": 1.0,
    "ytick.minor.width": 1.0, "xtick.major.size": 6.0, "ytick.major.size": 6.0, "xtick.minor.size": 4.0,
    "ytick.minor.size": 4.0,
    # ours
    "axes.titlesize": "large", "axes.titleweight": "bold", "axes.spines.top": False,
    "axes.spines.right": False, "figure.figsize": [9.0, 4.8], "hatch.linewidth": 0.8, "legend.frameon": False,
}

_themed = False


def theme(force: bool = False) -> list[str]:
    """Set the project's one seaborn theme (once; ``force=True`` sets it again).

    Returns the palette. Plot functions call it themselves, so a notebook need not.

    >>> theme()[:2]
    ['#E69F00', '#56B4E9']
    """
    global _themed
    if force or not _themed:
        import matplotlib as mpl
        from cycler import cycler

        mpl.rcParams.update(SEABORN_THEME)
        mpl.rcParams["axes.prop_cycle"] = cycler(color=list(OKABE_ITO))
        _themed = True
    return list(OKABE_ITO)


@dataclass
class Caption:
    """What a figure wants noticed, and a text alternative describing it."""

    notice: str
    alt: str

    def __str__(self) -> str:
        return self.notice


def caption(ax, notice: str | None = None, alt: str | None = None) -> Caption | None:
    """Get (or, with ``notice``/``alt``, set) the caption attached to an Axes.

    >>> import matplotlib.figure
    >>> ax = matplotlib.figure.Figure().subplots()
    >>> caption(ax, notice="Mondays are busier.", alt="A bar chart of demands per day.").notice
    'Mondays are busier.'
    >>> describe(ax)
    'A bar chart of demands per day.'
    """
    current = getattr(ax, "demand_caption", None)
    if notice is None and alt is None:
        return current
    new = Caption(
        notice if notice is not None else (current.notice if current else ""),
        alt if alt is not None else (current.alt if current else ""),
    )
    ax.demand_caption = new
    return new


def describe(ax) -> str:
    """The text alternative for a figure drawn here (its title if nothing better is known)."""
    current = getattr(ax, "demand_caption", None)
    if current and current.alt:
        return current.alt
    title = ax.get_title() if hasattr(ax, "get_title") else ""
    return f"A chart: {title}." if title else "A chart with no description."


def _axes(ax, size: tuple[float, float] | None = None, layout: str | None = None):
    """``ax``, or a new one (``layout="tight"``: laid out when drawn, never when only the image is kept)."""
    theme()
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    return plt.subplots(figsize=size, layout=layout)[1]


def _times(n: int) -> str:
    """'once', 'twice', '3 times'."""
    return {0: "no times", 1: "once", 2: "twice"}.get(n, f"{n} times")


def _class_key(value) -> str:
    """A classification in the one vocabulary, "undecided" when empty (an unknown word is refused)."""
    return normalise_classification(value) or "undecided"


# --- classification mix --------------------------------------------------------------

def plot_classification_mix(counts, ax=None, title: str = "What the demand was"):
    """Bars of value, failure, unsure and not-demand counts, each labelled with its number.

    ``counts``: a mapping or Series of classification -> count, or a demands frame with
    a ``classification`` column.

    >>> import matplotlib.figure
    >>> ax = plot_classification_mix({"value": 30, "failure": 20, "unsure": 3},
    ...                              ax=matplotlib.figure.Figure().subplots())
    >>> caption(ax).notice
    'Failure demand is 40% of the demand classified as value or failure: what is causing it?'
    >>> describe(ax)
    'Bar chart of demands by classification: value demand 30, failure demand 20, unsure 3.'
    """
    import pandas as pd

    from helpers.analysis.predictability import classification_counts, failure_share

    if isinstance(counts, pd.DataFrame):
        counts = classification_counts(counts)
    # "undecided" is the house's name for no classification yet, not a word the vocabulary reads
    counts = {k if k in CLASS_ORDER else _class_key(k): int(v) for k, v in dict(counts).items()}
    keys = [k for k in CLASS_ORDER if counts.get(k)]
    ax = _axes(ax)
    values = [counts[k] for k in keys]
    bars = ax.bar(
        [CLASS_LABELS[k] for k in keys], values,
        color=[CLASS_COLOURS[k] for k in keys], edgecolor=EDGE, linewidth=0.8,
    )
    for bar, key in zip(bars, keys):
        bar.set_hatch(CLASS_HATCHES[key])
    ax.bar_label(bars, labels=[str(v) for v in values], padding=2)
    ax.set_title(title)
    ax.set_ylabel("Demands")
    ax.set_xlabel("")
    share = failure_share(counts)
    parts = ", ".join(f"{CLASS_LABELS[k].lower()} {counts[k]}" for k in keys)
    caption(
        ax,
        notice=(
            f"Failure demand is {share:.0%} of the demand classified as value or failure: what is causing it?"
            if share is not None else "Nothing classified as value or failure yet."
        ),
        alt=f"Bar chart of demands by classification: {parts}.",
    )
    return ax


# --- saturation ----------------------------------------------------------------------

def plot_discovery(report, ax=None):
    """The discovery curve: distinct types against demands heard, saturation point marked."""
    ax = _axes(ax)
    curve = report.curve
    ax.set_title("Are new types of demand still turning up?")
    ax.set_xlabel("Demands heard")
    ax.set_ylabel("Types of demand found so far")
    if len(curve) == 0:
        ax.text(0.5, 0.5, "No demands with a type yet", ha="center", va="center", transform=ax.transAxes)
        caption(ax, notice=report.message, alt="An empty chart: no demands with a type yet.")
        return ax
    ax.step(curve["demands"], curve["distinct_types"], where="post", color=EDGE, linewidth=2, label="Types found")
    notice = report.message
    alt = (
        f"Line rising in steps from 1 type to {report.types_heard} types over {report.demands} demands "
        f"in {len(report.units)} {report.unit_name}s."
    )
    if report.saturation_point is not None:
        s, r = report.saturation_point
        # demands heard by the end of unit s, and by the end of the confirming run
        at = int(report.units["demands"].iloc[:s].sum())
        run_end = int(report.units["demands"].iloc[: s + r].sum())
        ax.axvspan(at, run_end, color="#999999", alpha=0.25, hatch="//", linewidth=0,
                   label=f"Run of {r} with few or no new types")
        ax.axvline(at, color=EDGE, linestyle="--", linewidth=1)
        ax.annotate(
            f"stable after {s} {report.unit_name}s", xy=(at, curve["distinct_types"].iloc[max(at - 1, 0)]),
            xytext=(8, -28), textcoords="offset points", arrowprops={"arrowstyle": "->", "color": EDGE},
        )
        alt += (f" The curve flattens: after {s} {report.unit_name}s ({at} demands), the next {r} brought few or no "
                "new types.")
    else:
        alt += " No saturation point is marked: new types were still appearing."
    ax.set_ylim(bottom=0)
    ax.set_xlim(left=0)
    ax.legend(loc="lower right")
    caption(ax, notice=notice, alt=alt)
    return ax


# --- XmR -----------------------------------------------------------------------------

def plot_xmr(chart, ax=None, title: str | None = None, ylabel: str | None = None, label_points: bool = True):
    """An XmR chart: the values in time order with centre line and natural process limits.

    Signals are circled and labelled; provisional limits are drawn dashed and say so.
    """
    import numpy as np

    ax = _axes(ax)
    data = chart.data
    x = np.arange(len(data))
    dense = len(data) > 100  # many points: thinner lines and smaller marks, so the pattern shows
    ax.plot(x, data["value"], marker="o", color=EDGE, linewidth=0.8 if dense else 1.5,
            markersize=2 if dense else 4, label="Values")
    style = "--" if chart.provisional else "-"
    ax.axhline(chart.centre, color="#555555", linewidth=1.2, label=f"Centre (mean) {chart.centre:.3g}")
    ax.axhline(chart.upper, color="#555555", linestyle=style, linewidth=1, label="Natural process limits")
    ax.axhline(chart.lower, color="#555555", linestyle=style, linewidth=1)
    span = max(len(data) - 1, 1)
    ax.text(span, chart.upper, f" upper limit {chart.upper:.3g}", va="bottom", ha="right", fontsize="small")
    ax.text(span, chart.lower, f" lower limit {chart.lower:.3g}", va="top", ha="right", fontsize="small")
    signal = data["signal"].to_numpy()
    if signal.any():
        ax.scatter(x[signal], data["value"].to_numpy()[signal], s=40 if dense else 120, facecolors="none",
                   edgecolors="black", linewidths=1 if dense else 1.5, zorder=5, label="Signal: worth asking about")
        if label_points and not dense:
            for xi in x[signal][:12]:
                ax.annotate("signal", (xi, data["value"].iloc[xi]), xytext=(0, 9), textcoords="offset points",
                            ha="center", fontsize="x-small")
    _time_ticks(ax, data.index)
    ax.set_title(title or chart.title or "Values in time order, with their natural process limits")
    ax.set_ylabel(ylabel or chart.label or "Value")
    ax.set_xlabel("In time order")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    notice = chart.message + (" " + chart.note if chart.note else "")
    alt = (
        f"Process behaviour chart of {len(data)} points in time order. Centre line {chart.centre:.3g}, "
        f"natural process limits {chart.lower:.3g} to {chart.upper:.3g}"
        f"{' (provisional)' if chart.provisional else ''}. "
        + (f"{int(signal.sum())} points show a signal." if signal.any() else "No point shows a signal.")
    )
    caption(ax, notice=notice, alt=alt)
    return ax


def plot_moving_ranges(chart, ax=None):
    """The moving-range half of an XmR chart, with its upper limit (3.268 x average)."""
    import numpy as np

    ax = _axes(ax, (9, 2.8))
    data = chart.data
    x = np.arange(len(data))
    ax.plot(x, data["moving_range"], marker="o", color=EDGE, markersize=3, linewidth=1)
    ax.axhline(chart.mr_centre, color="#555555", linewidth=1, label=f"Average moving range {chart.mr_centre:.3g}")
    ax.axhline(chart.mr_upper, color="#555555", linestyle="--", linewidth=1, label=f"Upper limit {chart.mr_upper:.3g}")
    _time_ticks(ax, data.index)
    ax.set_title("How much each value moved from the one before")
    ax.set_ylabel("Moving range")
    ax.set_xlabel("In time order")
    ax.set_ylim(bottom=0)
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    jumps = int(data["big_jump"].sum())
    caption(
        ax,
        notice="Big jumps (above the dashed line) are signals too." if jumps else "No jump is bigger than the limit.",
        alt=f"Moving-range chart: average {chart.mr_centre:.3g}, upper limit {chart.mr_upper:.3g}, {jumps} above it.",
    )
    return ax


def _time_ticks(ax, index) -> None:
    """Label the points by their own labels (days, case ids), at most about a dozen."""
    import numpy as np

    labels = [_point_label(label) for label in index]
    x = np.arange(len(labels))
    step = max(1, len(labels) // 12)
    ax.set_xticks(x[::step], labels[::step], rotation=45 if len(labels) > 8 else 0, ha="right" if len(labels) > 8 else "center")


# --- days and weeks ------------------------------------------------------------------

def plot_daily_volumes(daily: "pd.DataFrame", ax=None):
    """Demands per day, stacked by classification, each day beside its weekday's own mean.

    ``daily``: ``predictability.daily_volumes(...)``. A short black line marks the mean
    for that weekday, so a busy Monday is compared with Mondays, not with Fridays.
    """
    import numpy as np

    ax = _axes(ax)
    x = np.arange(len(daily))
    bottom = np.zeros(len(daily))
    for key in CLASS_ORDER:
        column = key.replace(" ", "_")
        if column not in daily or not daily[column].any():
            continue
        ax.bar(x, daily[column], bottom=bottom, color=CLASS_COLOURS[key], hatch=CLASS_HATCHES[key],
               edgecolor=EDGE, linewidth=0.6, label=CLASS_LABELS[key])
        bottom = bottom + daily[column].to_numpy()
    ax.scatter(x, daily["weekday_mean"], marker="_", s=400, color="black", linewidths=2.5, zorder=4,
               label="Mean for that weekday")
    ax.set_xticks(x, [d.strftime("%a %d %b") for d in daily["day"]], rotation=45, ha="right")
    ax.set_title("Demands each day, by what they were")
    ax.set_ylabel("Demands")
    ax.set_xlabel("Day")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    busiest = daily.set_index("weekday")["weekday_mean"]  # each weekday's mean, counted by daily_volumes
    caption(
        ax,
        notice=(
            f"{busiest.idxmax()}s are the busiest days on average: that is the weekly cycle, predictable, "
            "not a signal. Look for days far from their own weekday's mean, and ask whether they were normal."
        ),
        alt=(
            f"Stacked bar chart of demands on {len(daily)} days, from {int(daily['demands'].min())} to "
            f"{int(daily['demands'].max())} a day, split into value, failure and other demand, with each "
            "weekday's mean marked."
        ),
    )
    return ax


def plot_failure_share(daily: "pd.DataFrame", ax=None):
    """Failure share per day (failure over value plus failure), labelled with the counts."""
    import numpy as np

    ax = _axes(ax)
    x = np.arange(len(daily))
    share = daily["failure_share"] * 100
    ax.plot(x, share, marker="X", color=CLASS_COLOURS["failure"], linewidth=2, label="Failure share")
    for xi, s, f, v in zip(x, share, daily["failure"], daily["value"]):
        if s == s:
            ax.annotate(f"{int(f)} of {int(f + v)}", (xi, s), xytext=(0, 7), textcoords="offset points",
                        ha="center", fontsize="x-small")
    ax.set_ylim(0, 105)
    ax.set_xticks(x, [d.strftime("%a %d %b") for d in daily["day"]], rotation=45, ha="right")
    ax.set_title("Share of demand that was failure demand, each day")
    ax.set_ylabel("Failure demand (% of value and failure)")
    ax.set_xlabel("Day")
    mean = float(share.mean())  # NaN (no day with value or failure) left out
    caption(
        ax,
        notice="If the share is steady day after day, the system is producing it: predictable failure is designed in.",
        alt=f"Line chart of the daily failure share over {len(daily)} days, averaging about {mean:.0f}%.",
    )
    return ax


def plot_failure_by_door(table: "pd.DataFrame", ax=None):
    """Demands through each door (phone, web form, reception...), value and failure stacked,
    each labelled with its failure share. ``table``: ``door``, ``value``, ``failure`` (counts)."""
    import numpy as np

    ax = _axes(ax, (8, max(2.5, 0.5 * len(table) + 1.2)))
    y = np.arange(len(table))[::-1]
    for key, left in (("value", 0), ("failure", table["value"])):
        ax.barh(y, table[key], left=left, color=CLASS_COLOURS[key], hatch=CLASS_HATCHES[key], edgecolor=EDGE,
                linewidth=0.6, label=CLASS_LABELS[key])
    words = [f"{f} of {v + f} failure" if v + f else "none classified" for v, f in zip(table["value"], table["failure"])]
    for yi, end, word in zip(y, table["value"] + table["failure"], words):
        ax.annotate(word, (end, yi), xytext=(4, 0), textcoords="offset points", va="center", fontsize="small")
    ax.set_xlim(0, max(1, int((table["value"] + table["failure"]).max() if len(table) else 1)) * 1.3)
    ax.set_yticks(y, [str(d) for d in table["door"]])
    ax.set_title("Value and failure demand, by the door it came through")
    ax.set_xlabel("Demands classified as value or failure")
    ax.legend(loc="lower right", fontsize="small")
    doors = int((table["failure"] > 0).sum())
    caption(ax, notice=f"Failure demand came through {doors} of the {_plural(len(table), 'door')}. Closing a door does not "
                       "remove it: it is made by how the work is done, so ask what people were chasing.",
            alt="Horizontal bar chart of value and failure demand by door: " + "; ".join(
                f"{d}: {w}" for d, w in zip(table["door"], words)) + ".")
    return ax


def plot_weekday_pattern(pattern: "pd.DataFrame", ax=None):
    """Mean demands per weekday (the weekly cycle), labelled with how many days each mean is from."""
    ax = _axes(ax)
    bars = ax.bar(pattern["weekday"], pattern["mean_demands"], color="#999999", edgecolor=EDGE)
    ax.bar_label(bars, labels=[f"{m:.0f}\n({_plural(int(d), 'day')})" for m, d in zip(pattern["mean_demands"], pattern["days"])],
                 padding=2, fontsize="small")
    ax.margins(y=0.18)  # room for the labels above the bars
    ax.set_title("The weekly cycle: average demands on each weekday")
    ax.set_ylabel("Average demands a day")
    ax.set_xlabel("")
    top = pattern.loc[pattern["mean_demands"].idxmax(), "weekday"] if len(pattern) else "none"
    parts = ", ".join(f"{w} {m:.0f}" for w, m in zip(pattern["weekday"], pattern["mean_demands"]))
    caption(ax, notice=f"{top} is busiest: expect it, and plan for it.", alt=f"Bar chart of average demands by weekday: {parts}.")
    return ax


def plot_type_by_day(table: "pd.DataFrame", ax=None):
    """How often one type turned up each day, with its mean and upper natural process limit."""
    import numpy as np

    from helpers.analysis.predictability import xmr

    ax = _axes(ax)
    name = table.attrs.get("demand_type", "this type")
    x = np.arange(len(table))
    bars = ax.bar(x, table["count"], color="#999999", edgecolor=EDGE)
    ax.bar_label(bars, padding=1, fontsize="small")
    notice = f"How steady is '{name}' from day to day?"
    if len(table) >= 2:
        chart = xmr(table["count"].astype(float), floor=0)
        ax.axhline(chart.centre, color=EDGE, linewidth=1, label=f"Mean {chart.centre:.2g} a day")
        ax.axhline(chart.upper, color=EDGE, linestyle="--", linewidth=1, label=f"Upper natural process limit {chart.upper:.2g}")
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
        notice = f"'{name}': " + chart.message
    ax.set_xticks(x, [d.strftime("%a %d %b") for d in table["day"]], rotation=45, ha="right")
    ax.set_title(f"'{name}' each day")
    ax.set_ylabel("Demands of this type")
    ax.set_xlabel("Day")
    caption(ax, notice=notice, alt=f"Bar chart of '{name}' demands on {len(table)} days: {', '.join(map(str, table['count']))}.")
    return ax


def plot_time_of_day(profile: "pd.DataFrame", ax=None, slots: bool = True):
    """When in the day each type arrives, with the appointment slots shaded.

    ``profile``: ``predictability.time_of_day(...)``. ``slots`` shades the morning (8am-1pm)
    and afternoon (12 noon-6pm) slots; pass a mapping of label -> (start, end) hours for other
    slots, or False for none. Value and failure types are drawn in their colours.
    """
    from helpers.analysis.predictability import SLOT_BANDS

    ax = _axes(ax)
    if slots:
        bands = SLOT_BANDS if slots is True else slots
        styles = zip(("//", "\\\\", "..", "xx"), (0.02, 0.09, 0.16, 0.23))
        for (label, (start, end)), (hatch, level) in zip(bands.items(), styles):
            ax.axvspan(start, end, color="#D9D9D9", alpha=0.35, hatch=hatch, linewidth=0, zorder=0)
            ax.text((start + end) / 2, level, label, transform=ax.get_xaxis_transform(), ha="center",
                    va="bottom", fontsize="small", color="#333333",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1})
    minutes = profile.attrs.get("minutes", 60)
    width = minutes / 60
    found = dict(zip(profile["type"], profile["classification"])) if "classification" in profile else {}
    per_class_count: dict[str, int] = {}
    lines = []
    for i, (name, rows) in enumerate(profile.groupby("type", sort=False)):
        key = _class_key(found.get(name)) if found.get(name) is not None else None
        if key in ("value", "failure"):  # numbered within its class, so its lines keep the class's colour
            colour, k = CLASS_COLOURS[key], per_class_count.get(key, 0)
            per_class_count[key] = k + 1
        else:
            colour, k = OTHER_COLOURS[i % len(OTHER_COLOURS)], i
        style, marker = LINE_STYLES[k % len(LINE_STYLES)], MARKERS[k % len(MARKERS)]
        x = rows["hour"] + width / 2
        ax.plot(x, rows["demands"], color=colour, linestyle=style, marker=marker, linewidth=2, markersize=5,
                label=name + (f" ({key})" if key in ("value", "failure") else ""))
        peak = rows.loc[rows["demands"].idxmax()]
        ax.annotate(name, (peak["hour"] + width / 2, peak["demands"]), xytext=(4, 4), textcoords="offset points",
                    fontsize="x-small", color="#222222")
        lines.append((name, float(peak["hour"]), int(peak["demands"])))
    ax.set_xlim(6, 20)
    ax.set_xticks(range(6, 21, 2), [_clock(h) for h in range(6, 21, 2)])
    ax.set_ylim(bottom=0)
    ax.set_title("When in the day each type of demand arrives")
    ax.set_xlabel("Time of day")
    ax.set_ylabel(f"Demands per {minutes} minutes" if minutes != 60 else "Demands per hour")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    caption(
        ax,
        notice="Look for types that cluster at one time: calls at midday asking 'are you still coming?' "
        "are the morning slot failing the person, even though the slot has not ended.",
        alt="Line chart of demands by time of day for each type. Peaks: "
        + "; ".join(f"{n} at {_clock(h)} ({c})" for n, h, c in lines[:8]) + ".",
    )
    return ax


def _clock(hour: float) -> str:
    h = int(hour)
    m = int(round((hour - h) * 60))
    suffix = "am" if h < 12 else "pm"
    shown = h if 1 <= h <= 12 else (h - 12 if h > 12 else 12)
    return f"{shown}{':%02d' % m if m else ''}{suffix}" if h != 12 or m else "12 noon"


# --- capability and failure per value -------------------------------------------------

def plot_capability(cases: "pd.DataFrame", ax=None, target: float | None = None, baseline: Any = None):
    """End-to-end days per case in time order on an XmR chart (``predictability.capability``).

    ``target``: draw the target as well, dotted and labelled, to show how little it says
    about what people live through.
    """
    import pandas as pd

    from helpers.analysis.predictability import capability_reading, xmr

    series = pd.Series(cases["days"].to_numpy(dtype=float), index=cases["case"].astype(str).to_numpy())
    chart = xmr(series, baseline=baseline, floor=0, title="Days from first contact to need met, case by case")
    ax = plot_xmr(chart, ax=ax, ylabel="Days, end to end", label_points=len(cases) <= 60)
    ax.set_xlabel("Cases, in order of first contact")
    notice = capability_reading(chart)  # a range only when the chart is predictable
    if target is not None:
        ax.axhline(target, color="black", linestyle=":", linewidth=1.5, label=f"Target: {target:g} days")
        ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
        share = float((cases["days"] <= target).mean()) if len(cases) else 0.0
        notice += f" {share:.0%} of cases finished within the target, which says nothing about the rest."
    alt = describe(ax) + ("" if chart.predictable else " The chart is not predictable: its limits are not a capability.")
    caption(ax, notice=notice + (" " + chart.note if chart.note else ""), alt=alt)
    return ax


def plot_end_to_end_distribution(cases: "pd.DataFrame", ax=None, target: float | None = None):
    """How many cases took each number of days end to end; a cliff at a target shows up here."""
    ax = _axes(ax)
    days = cases["days"].astype(int)
    counts = days.value_counts().sort_index()
    ax.bar(counts.index, counts.to_numpy(), width=0.9, color="#999999", edgecolor=EDGE)
    if target is not None:
        ax.axvline(target + 0.5, color="black", linestyle=":", linewidth=1.5)
        ax.text(target + 0.6, 0.95, f"target: {target:g} days", transform=ax.get_xaxis_transform(), va="top",
                fontsize="small")
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(integer=True))
    ax.set_title("How long cases took, end to end")
    ax.set_xlabel("Days from first contact to need met")
    ax.set_ylabel("Cases")
    notice = "Look at the shape: a pile-up just inside a target and a long tail beyond it show work bent to the measure."
    caption(ax, notice=notice, alt=f"Histogram of end-to-end days for {len(days)} cases, from {days.min()} to {days.max()} "
                                   f"days, median {days.median():g}.")
    return ax


def plot_failure_per_value(table: "pd.DataFrame", ax=None):
    """Failure demands per value demand for each failure type, labelled with what it arises from."""
    import numpy as np

    ax = _axes(ax, (9, max(2.5, 0.45 * len(table) + 1.2)))
    y = np.arange(len(table))[::-1]
    bars = ax.barh(y, table["per_value_demand"], color=CLASS_COLOURS["failure"], hatch=CLASS_HATCHES["failure"],
                   edgecolor=EDGE, linewidth=0.6)
    ax.bar_label(bars, labels=[f"{p:.2f}  ({n} demands)" for p, n in zip(table["per_value_demand"], table["failure_demands"])],
                 padding=3, fontsize="small")
    top = float(table["per_value_demand"].max()) if len(table) else 1.0
    ax.set_xlim(0, (top if top == top and top > 0 else 1.0) * 1.35)  # room for the labels
    ax.set_yticks(y, [f"{t}\n(arises from: {a})" for t, a in zip(table["failure_type"], table["arises_from"])],
                  fontsize="small")
    value_n = table.attrs.get("value_demands", 0)
    which = table.attrs.get("value_types")
    per = " or ".join(which) if which else "value demand"
    ax.set_title(f"Failure demand for each {per}")
    ax.set_xlabel(f"Failure demands per {per} ({value_n} of them)")
    ax.set_ylabel("")
    total = float(table["per_value_demand"].sum()) if len(table) else 0.0
    notice = f"For every {per} there were {total:.2f} failure demands in all: each is work the person did not need to do."
    parts = "; ".join(f"{t} {p:.2f}" for t, p in zip(table["failure_type"], table["per_value_demand"]))
    caption(ax, notice=notice, alt=f"Horizontal bar chart of failure demands per value demand: {parts}.")
    return ax


# --- people-centred journeys ---------------------------------------------------------

_ACTIVITY_MARKERS = {"assessment": "s", "referral": ">", "admission": "P", "discharge": "<", "support plan": "D",
                     "phone call": "^", "visit": "o"}


def plot_journey(journey: "pd.DataFrame", ax=None, title: str | None = None):
    """One person's path across teams over time: each hand-off is a line between teams.

    ``journey``: ``cases.journey(history, person_id)``. Teams in the order first met, a
    marker per record shaped by its activity, admissions as bars as long as the stay, a
    ring where the person told their story again, a star where someone asked what mattered.
    """
    import matplotlib.dates as mdates
    import pandas as pd

    ax = _axes(ax, (10, max(3.0, 0.45 * len(journey.attrs.get("teams", [])) + 1.8)))
    teams = journey.attrs.get("teams") or list(dict.fromkeys(journey["team"]))
    row = {team: i for i, team in enumerate(teams)}
    y = journey["team"].map(row)
    dates = pd.to_datetime(journey["date"])
    ax.plot(dates, y, color="#999999", linewidth=1, zorder=1, drawstyle="steps-post")
    seen = set()
    for kind, marker in _ACTIVITY_MARKERS.items():
        mask = journey["activity"] == kind
        if mask.any():
            ax.scatter(dates[mask], y[mask], marker=marker, s=55, color=EDGE, zorder=3, label=kind)
            seen.add(kind)
    other = ~journey["activity"].isin(list(seen))
    if other.any():
        ax.scatter(dates[other], y[other], marker="|", s=80, color=EDGE, zorder=3, label="other record")
    stays = journey[(journey["activity"] == "admission") & journey["days"].notna()]
    for _, stay in stays.iterrows():
        ax.barh(row[stay["team"]], pd.Timedelta(days=float(stay["days"])), left=pd.Timestamp(stay["date"]),
                height=0.35, color="#D9D9D9", edgecolor=EDGE, hatch="..", zorder=2)
    told = journey["told_story"].astype(bool)
    if told.any():
        ax.scatter(dates[told], y[told], s=170, facecolors="none", edgecolors="black", linewidths=1.2, zorder=4,
                   label="told their story again")
    asked = journey["asked_what_matters"].astype(bool)
    if asked.any():
        ax.scatter(dates[asked], y[asked] + 0.3, marker="*", s=160, color="#009E73", edgecolors="black", zorder=5,
                   label="asked what matters")
    ax.set_yticks(range(len(teams)), teams)
    ax.invert_yaxis()
    locator = mdates.AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    handoffs = int(journey["handoff"].sum())
    person = journey.attrs.get("person_id")
    ax.set_title(title or f"{'Journey of ' + str(person) if person is not None else 'One journey'}: "
                 f"{_plural(len(journey), 'record')}, {_plural(len(teams), 'team')}, {_plural(handoffs, 'hand-off')}")
    ax.set_xlabel("Date")
    ax.set_ylabel("Team (in the order first met)")
    ax.legend(loc="upper left", bbox_to_anchor=(1, 1), fontsize="small")
    first = journey.loc[asked, "date"].min() if asked.any() else None
    span = (dates.max() - dates.min()).days if len(dates) else 0
    caption(
        ax,
        notice=(
            f"Follow the line: {_plural(handoffs, 'hand-off')} between {_plural(len(teams), 'team')} in {span} days, "
            f"the story told again {_times(int(told.sum()))}, and "
            + (f"someone first asked what mattered on {pd.Timestamp(first).day} {pd.Timestamp(first):%B %Y}." if first is not None
               else "nobody asked what mattered.")
        ),
        alt=(
            f"Timeline of {len(journey)} records over {span} days, moving between {len(teams)} teams "
            f"({', '.join(teams[:8])}{', ...' if len(teams) > 8 else ''}) with {handoffs} hand-offs."
        ),
    )
    return ax


# --- agreement ---------------------------------------------------------------------

def plot_agreement(result, ax=None):
    """Two teams' answers side by side: the confusion table as a labelled grid.

    The diagonal is where they agreed; every other cell is a conversation to have.
    """
    if len(result.names) != 2:
        raise ValueError("The grid compares two teams: read .pairs for three or more, or plot one pair at a time.")
    import seaborn as sns
    from matplotlib.patches import Rectangle

    ax = _axes(ax, (5.5, 4.5))
    table = result.table
    sns.heatmap(table, annot=True, fmt="d", cmap="Greys", cbar=False, linewidths=0.5, linecolor="white", ax=ax,
                annot_kws={"fontsize": "medium"})
    for i in range(min(table.shape)):
        ax.add_patch(Rectangle((i, i), 1, 1, fill=False, edgecolor="black", linewidth=2))
    ax.tick_params(axis="y", labelrotation=0)
    a, b = result.names
    ax.set_ylabel(f"{a} said")
    ax.set_xlabel(f"{b} said")
    ax.set_title(f"Where {a} and {b} agreed (outlined) and differed")
    caption(
        ax,
        notice=f"{len(result.disagreements)} demands were answered differently: talk each one through.",
        alt=f"A grid of {a}'s answers against {b}'s for {result.compared} demands; they agreed on "
        f"{result.percent:.0f}%.",
    )
    return ax
