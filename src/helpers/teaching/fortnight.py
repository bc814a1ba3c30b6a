"""The same fortnight three ways: a listening study, a tick sheet and a CRM export side by side.

The same two weeks of a repairs line, seen through the team's own listening (people's words,
classified together), a tick sheet whose boxes were decided in advance (mistake 2), and the
system's job records (mistake 3). Each can show something; only one shows what people asked.

>>> three = same_fortnight()
>>> list(three.table["source"])
['Listening study', 'Tick sheet', 'CRM export']
>>> bool(three.table.loc[0, "customer's words"]), bool(three.table.loc[1, "customer's words"])
(True, False)
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

__all__ = ["CANNOT", "CAN", "ThreeWays", "same_fortnight", "plot_three_ways"]

CANNOT = {
    "Listening study": "It is a sample (about a hundred demands a day), and it took people's time to gather. "
                       "That time is the point: the people who run the service heard it themselves.",
    "Tick sheet": "What people actually asked; anything that did not fit a box (a big 'Other'); chasing filed as "
                  "value by a 'progress update' box; why anyone rang.",
    "CRM export": "Anything that is not a job: chasing calls, repeats raised as new jobs, time from the resident's "
                  "first call; 'in target' measures the job, not the resident's wait.",
}
CAN = {
    "Listening study": "What people ask for in their own words, value and failure by the causal test, and the types "
                       "that emerged from what was heard.",
    "Tick sheet": "A rough count of calls by the boxes someone chose in advance.",
    "CRM export": "How many jobs were raised, by trade and priority, and how the system scored them against its targets.",
}


@dataclass
class ThreeWays:
    table: Any          # DataFrame: source, records, customer's words, failure share shown, other, can show, cannot show
    listening: Any
    ticksheet: Any
    crm: Any

    def _repr_html_(self) -> str:
        rows = []
        for _, r in self.table.iterrows():
            words = "yes" if r["customer's words"] else "no"
            rows.append(f"<tr><th style='text-align:left'>{html.escape(r['source'])}</th><td>{r['records']:,}</td>"
                        f"<td>{words}</td>"
                        f"<td>{html.escape(r['what it says'])}</td><td>{html.escape(r['can show'])}</td>"
                        f"<td>{html.escape(r['cannot show'])}</td></tr>")
        return ("<table class='demand-three-ways'><tr><th></th><th>records</th><th>people's own words?</th>"
                "<th>what it says about failure</th><th>what it can show</th><th>what it cannot show</th></tr>"
                + "".join(rows) + "</table>")

    def __repr__(self) -> str:
        from helpers.views.figures import text_of

        return text_of(self._repr_html_())

    def plot(self, ax=None):
        """Three panels on one scale: what each source would lead you to believe (:func:`plot_three_ways`)."""
        return plot_three_ways(self, ax=ax)


def _share(frame) -> tuple[int, int]:
    counts = frame["classification"].value_counts()
    return int(counts.get("failure", 0)), int(counts.get("value", 0))


def same_fortnight(listening=None, ticksheet=None, crm=None) -> ThreeWays:
    """Compare the three sources (the sample datasets unless frames are given)."""
    import pandas as pd

    from helpers.core import datasets
    from helpers.core.loader import load_demands

    listening = load_demands(datasets.path("repairs_demands.csv")) if listening is None else listening
    ticksheet = load_demands(datasets.path("repairs_ticksheet.csv")) if ticksheet is None else ticksheet
    crm = pd.read_csv(datasets.path("repairs_crm_export.csv"), dtype=str) if crm is None else crm

    f, v = _share(listening)
    tf, tv = _share(ticksheet)
    other = int((ticksheet["demand_type"].astype(str).str.lower() == "other").sum())
    chasing_as_value = int(ticksheet["demand_type"].astype(str).str.contains("progress update", case=False).sum())
    flags = crm["in_target"].dropna().astype(str).str.upper().str[0] if "in_target" in crm else crm.iloc[:0, 0]
    in_target, scored = int((flags == "Y").sum()), int(flags.isin(["Y", "N"]).sum())
    duplicates = int(crm["status"].astype(str).str.contains("duplicate", case=False).sum()) if "status" in crm else 0
    rows = [
        ("Listening study", len(listening), True,
         f"Failure demand: {f} of {f + v} classified as value or failure ({f / max(f + v, 1):.0%}).",
         f"{int(listening['classification'].isna().sum())} not yet classified"),
        ("Tick sheet", len(ticksheet), False,
         f"Boxes marked F: {tf} of {tf + tv} ({tf / max(tf + tv, 1):.0%}); {chasing_as_value} ticks in "
         f"'Progress update - V' count chasing as value.", f"{other} ticks in 'Other' ({other / max(len(ticksheet), 1):.0%})"),
        ("CRM export", len(crm), False,
         f"It cannot say: there is no failure demand in a job list. {in_target} of the {scored} jobs it scored were "
         f"'completed in target' ({in_target / max(scored, 1):.0%}).", f"{duplicates} jobs cancelled as duplicates"),
    ]
    table = pd.DataFrame(rows, columns=["source", "records", "customer's words", "what it says", "other"])
    table["can show"] = table["source"].map(CAN)
    table["cannot show"] = table["source"].map(CANNOT)
    table.attrs["failure_shares"] = {"Listening study": f / max(f + v, 1), "Tick sheet": tf / max(tf + tv, 1)}
    table.attrs["in_target"] = in_target / max(scored, 1)
    return ThreeWays(table, listening, ticksheet, crm)


def plot_three_ways(three: ThreeWays, ax=None):
    """Three panels side by side, one per source, on one shared scale: what each would lead you to
    believe about the fortnight (the listening study's value and failure, the tick sheet's boxes
    marked V and F, the job list's "in target"). Each source answers its own question, so each has
    its own panel rather than a bar beside the others'. ``ax``: three Axes to draw into, or None.
    Returns the first panel, which carries the caption and the text alternative."""
    import matplotlib.pyplot as plt

    from helpers.views import plots

    plots.theme()
    if ax is None:
        ax = plt.subplots(1, 3, figsize=(10, 3.8), sharey=True, layout="constrained")[1]
    axes = list(ax) if isinstance(ax, (list, tuple)) or hasattr(ax, "shape") else [ax]
    if len(axes) != 3:
        raise ValueError(f"The same fortnight is drawn in three panels: give three Axes, not {len(axes)}.")
    shares, in_target = three.table.attrs["failure_shares"], three.table.attrs["in_target"]
    colours, hatches = plots.CLASS_COLOURS, plots.CLASS_HATCHES
    panels = [
        ("Listening study", [("value\ndemand", 1 - shares["Listening study"], colours["value"], hatches["value"]),
                             ("failure\ndemand", shares["Listening study"], colours["failure"], hatches["failure"])]),
        ("Tick sheet", [("boxes\nmarked V", 1 - shares["Tick sheet"], colours["value"], hatches["value"]),
                        ("boxes\nmarked F", shares["Tick sheet"], colours["failure"], hatches["failure"])]),
        ("CRM export", [("jobs 'in\ntarget'", in_target, "#999999", ".."),
                        ("jobs not\nin target", 1 - in_target, "#D9D9D9", "..")]),
    ]
    for panel, (title, bars) in zip(axes, panels):
        labels, values = [b[0] for b in bars], [b[1] for b in bars]
        drawn = panel.bar(labels, values, color=[b[2] for b in bars], hatch=[b[3] for b in bars], edgecolor=plots.EDGE)
        for bar, value in zip(drawn, values):
            panel.text(bar.get_x() + bar.get_width() / 2, value + 0.02, f"{value:.0%}", ha="center", fontweight="bold")
        panel.set_title(title, loc="left")
        panel.grid(axis="x", visible=False)
    axes[0].set_ylim(0, 1.1)
    axes[0].set_ylabel("Share of what it recorded")
    axes[0].yaxis.set_major_formatter(plt.FuncFormatter(lambda y, _: f"{y:.0%}"))
    axes[2].text(0.75, 0.5, "no failure\ndemand in\na job list", transform=axes[2].transAxes, ha="center", va="center",
                 fontsize=10, style="italic")
    axes[0].figure.suptitle("The same fortnight, three pictures", x=0.01, ha="left", fontweight="bold")
    alt = "Three bar charts side by side on one scale. " + " ".join(
        f"{title}: " + ", ".join(f"{label.replace(chr(10), ' ')} {value:.0%}" for label, value, *_ in bars) + "."
        for title, bars in panels)
    plots.caption(axes[0], notice="The tick sheet files chasing as value and the job list cannot see failure at all, "
                                  "while the listening study hears it in people's own words.", alt=alt)
    return axes[0]
