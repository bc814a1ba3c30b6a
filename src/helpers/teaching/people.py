"""People-centred views drawn: the front door, people coming back, two journeys side by side.

Only figures and widgets live here; the tables they draw are counted in ``analysis.people``
(the front door) and ``analysis.cases`` (case histories), whose names are kept here too so
``helpers.people.who_made_contact(...)`` keeps working. Nothing ranks teams or staff.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from helpers.analysis.cases import CASE_LABELS, compare_cases, their_words
from helpers.analysis.people import (CONTACT_FROM_ORDER, DECISIONS, PLAIN_COLUMNS, PROFESSIONALS, SAFEGUARDING_NOTE,
                                     asked_for_and_need, contacts_of, passed_to_safeguarding, plain_columns,
                                     re_presentation_summary, re_presentations, re_referral_rates, who_made_contact)

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["DECISIONS", "CONTACT_FROM_ORDER", "PROFESSIONALS", "CASE_LABELS", "PLAIN_COLUMNS", "who_made_contact",
           "SAFEGUARDING_NOTE", "passed_to_safeguarding", "asked_for_and_need", "re_presentations",
           "re_presentation_summary", "compare_cases", "re_referral_rates",
           "plain_columns", "their_words", "contacts_of", "plot_two_journeys", "plot_re_referrals",
           "plot_who_made_contact", "captioned_all", "person_picker"]


def plot_two_journeys(first: "pd.DataFrame", second: "pd.DataFrame", titles: tuple[str, str] | None = None):
    """Two people's journeys (``cases.journey``) one above the other, on the same dates.

    Returns the two Axes; each carries its caption from ``plots.plot_journey``, and the
    figure's height follows how many teams each person met.
    """
    import matplotlib.pyplot as plt
    import pandas as pd

    from helpers.views import plots

    plots.theme()
    rows = [max(len(j.attrs.get("teams") or set(j["team"])), 1) for j in (first, second)]
    _, axes = plt.subplots(2, 1, figsize=(11, 0.38 * sum(rows) + 4.2), gridspec_kw={"height_ratios": rows},
                           layout="tight")  # laid out when drawn: nothing to lay out when the image is kept
    for ax, j, title in zip(axes, (first, second), titles or (None, None)):
        plots.plot_journey(j, ax=ax, title=title)
    dates = pd.to_datetime(pd.concat([first["date"], second["date"]]))
    pad = pd.Timedelta(days=7)
    for ax in axes:
        ax.set_xlim(dates.min() - pad, dates.max() + pad)
    return axes


def plot_re_referrals(table: "pd.DataFrame", ax=None):
    """Re-referral rate by decision, each bar labelled with the need level the children had at the outset.

    ``table``: ``re_referral_rates(...)``. The caption says what the chart cannot show.
    """
    import matplotlib.pyplot as plt

    from helpers.views import plots

    ax = plots._axes(ax, (9, 4.6), layout="tight")
    days = table.attrs.get("within_days", 365)
    bars = ax.bar(table["decision"], table["rate"], color=plots.OTHER_COLOURS[0], edgecolor=plots.EDGE, hatch="//")
    ax.bar_label(bars, labels=[f"{r:.0%} of {n}\n(need at outset {m:.1f})" for r, n, m in
                               zip(table["rate"], table["referrals"], table["need_at_outset"])], padding=3, fontsize="small")
    ax.set_ylim(0, max(float(table["rate"].max()) * 1.35, 0.1) if len(table) else 1)
    ax.yaxis.set_major_formatter(plt.FuncFormatter(lambda v, _: f"{v:.0%}"))
    ax.set_title(f"Referred again within {days} days of being closed, by the decision made")
    ax.set_xlabel("Decision at the front door")
    ax.set_ylabel("Referred again")
    parts = "; ".join(f"{d}: {r:.0%} of {n} (mean need level at outset {m:.1f})"
                      for d, r, n, m in zip(table["decision"], table["rate"], table["referrals"], table["need_at_outset"]))
    plots.caption(
        ax,
        notice=("Children screened out came back more often, although their need looked lower at the outset. "
                "The groups differed before any decision was made, so this illustrates; it does not prove the "
                "decision caused the return."),
        alt=f"Bar chart of the share of referrals followed by another within {days} days, by decision: {parts}.",
    )
    return ax


def plot_who_made_contact(table: "pd.DataFrame", ax=None):
    """Contacts by who made them (``who_made_contact``), split into value, failure and the rest."""
    import numpy as np

    from helpers.views import plots

    ax = plots._axes(ax, (9, 0.5 * len(table) + 1.8), layout="tight")
    y = np.arange(len(table))[::-1]
    left = np.zeros(len(table))
    for key in plots.CLASS_ORDER:
        if key not in table:
            continue
        width = table[key].to_numpy(dtype=float)
        ax.barh(y, width, left=left, color=plots.CLASS_COLOURS[key], hatch=plots.CLASS_HATCHES[key],
                edgecolor=plots.EDGE, linewidth=0.6, label=plots.CLASS_LABELS[key])
        left += width
    for yi, total in zip(y, table["contacts"]):
        ax.text(total, yi, f" {total}", va="center", fontsize="small")
    ax.set_yticks(y, table["contact_from"])
    ax.set_xlabel("Contacts")
    ax.set_title("Who made contact at the front door")
    ax.legend(loc="lower right", fontsize="small")
    pro = int(table.loc[table["professional"], "contacts"].sum())
    total = int(table["contacts"].sum())
    parts = "; ".join(f"{w} {n}" for w, n in zip(table["contact_from"], table["contacts"]))
    plots.caption(ax, notice=(f"{pro} of {total} contacts came from professionals, not from the person or their family: "
                              "the person's own words are often missing at the door."),
                  alt=f"Horizontal bars of contacts by who made them: {parts}.")
    return ax


def captioned_all(axes):
    """A figure of several Axes (e.g. ``plot_two_journeys``) shown with all their captions: what to
    notice, and the text alternative, join the parts' own in order, so nothing either part says is lost."""
    from helpers.views import figures, plots

    many = list(axes) if hasattr(axes, "__iter__") else [axes]
    notices = [c.notice for c in (plots.caption(ax) for ax in many) if c is not None and c.notice]
    alts = [f"Part {i} of {len(many)}: {plots.describe(ax)}" for i, ax in enumerate(many, start=1)]
    return figures.captioned(many[0], notice=" ".join(notices), alt=" ".join(alts))


def person_picker(demands: "pd.DataFrame"):
    """A drop-down of the people who came back; choosing one shows their contacts in order.

    Changes nothing anywhere: safe in a read-only walkthrough.
    """
    import ipywidgets as widgets

    from helpers.views.safe import guarded

    table = re_presentations(demands)
    back = table[table["came_back"]]
    if back.empty:
        return widgets.HTML("<p>Nobody came back in these demands (or no contact carries a person_id).</p>")
    options = [(f"{p}: {n} contacts over {d} days", p)
               for p, n, d in zip(back["person_id"], back["contacts"], back["days_between"])]
    choose = widgets.Dropdown(options=options, description="Follow", layout=widgets.Layout(width="420px"))
    out = widgets.HTML()
    out.add_class("demand-person")

    @guarded(out, lead="That person's contacts could not be shown",
             advice="Choose someone else, or ask the facilitator.")
    def update(*_):
        out.value = contacts_of(demands, choose.value).to_html(index=False, escape=True, border=0)

    choose.observe(update, names="value")
    update()
    return widgets.VBox([choose, out])
