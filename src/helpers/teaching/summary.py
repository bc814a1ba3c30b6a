"""What a team shows: its summary page and its wall of types, for the front line first, then leaders.

:func:`team_summary` is one page: the study's types of demand in the customer's words, each
with its best verbatims; value and failure, and what the failure types arise from; failure
demand per value demand (how many chases per repair booked); what failed and where; what
matters for the main value types; the front line's verdicts; the team's reflections; what the
numbers said about enough and, apart from it, what the team decided; and the next studies.
:func:`type_wall` is a card per type, to print and pin up. Both pass every text through ONE
masking step (:func:`helpers.personal_data.mask` on the whole page), say what was masked and
that a person must read the page before it is shared, show themselves in a
notebook and save as one self-contained HTML file that prints on A4.

Failure demand is for learning, never a target: nothing here ranks anyone, counts per
person, or draws a "normal range".

>>> from helpers import Study
>>> study = Study.scratch(name="Repairs")
>>> _ = study.record("water through the ceiling", classification="value", demand_type="Leak")
>>> _ = study.record("is he still coming? ring 07700 900123", classification="failure",
...                  demand_type="Is someone still coming today?")
>>> page = team_summary(study)
>>> "07700" in page.html, "[PHONE]" in page.html, "Is someone still coming today?" in type_wall(study).html
(False, True, True)
"""
from __future__ import annotations

import html
import os
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Sequence

from helpers.teaching.daily import DECISION
from helpers.teaching.shareback import MaskedPage, _blockquotes, _text
from helpers.views.figures import HtmlView

if TYPE_CHECKING:
    import pandas as pd

    from helpers.core.study import Study

__all__ = ["CLASS_WORDS", "INVITATION", "TeamSummary", "TypeWall", "team_summary", "type_wall", "open_team_study",
           "evidence", "Invitation", "invitation"]

#: How a type's classification is said on the page.
CLASS_WORDS = {"value": "Value demand", "failure": "Failure demand", "mixed": "Both value and failure: look again",
               "not demand": "Not customer demand", "unsure": "Not decided yet", None: "Not decided yet"}
_ORDER = ("value", "failure", "mixed", "not demand", "unsure")
INVITATION = ("Come and listen with the team for an hour. Sit beside the people who answer the calls and hear it "
              "for yourself: nothing on this page replaces that hour.")
NOT_A_TARGET = ("These numbers are for learning how the system works, never a target: no person did anything wrong, "
                "nothing here is counted per person, and there is no normal range to aim at.")

_CSS = """
.demand-page { font-family: Arial, Helvetica, sans-serif; max-width: 48em; line-height: 1.45; color: #111; }
.demand-page h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.demand-page h2 { font-size: 1.3em; margin-top: 1.2em; border-bottom: 1px solid #999; break-after: avoid; }
.demand-page h3 { font-size: 1.1em; break-after: avoid; } .demand-page .big { font-size: 1.15em; }
.demand-page section, .demand-page .type, .demand-page .card, .demand-page table, .demand-page li { break-inside: avoid;
  page-break-inside: avoid; }
.demand-page .type, .demand-page .card { margin: 0.5em 0; padding: 0.4em 0.6em; border-left: 6px solid #999;
  background: #f6f6f6; }
.demand-page .tag { font-size: 0.85em; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.demand-page blockquote { margin: 0.2em 0 0.2em 1em; font-style: italic; }
.demand-page table { border-collapse: collapse; margin: 0.4em 0; }
.demand-page th, .demand-page td { border: 1px solid #bbb; padding: 0.2em 0.5em; text-align: left; vertical-align: top; }
.demand-page .check { border: 2px solid #555; padding: 0.5em 0.8em; margin-top: 1.2em; }
.demand-page .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(17em, 1fr)); gap: 0.6em; }
.demand-page .card { margin: 0; border: 1px solid #999; border-left-width: 8px; background: #fff; box-sizing: border-box; }
.demand-page .card h3 { font-size: 1.15em; margin: 0.2em 0; }
.demand-page .failure { border-left-color: #D55E00; } .demand-page .value { border-left-color: #0072B2; }
@page { size: A4; margin: 15mm; }
@media print { .demand-page { max-width: none; font-size: 11pt; } .demand-page .cards { display: block; }
  .demand-page .card { display: inline-block; width: 48%; margin: 0 1.5% 0.6em 0; vertical-align: top; } }
"""


class _Page(MaskedPage):
    title = "What our team heard"
    filename = "what-our-team-heard.html"


class TeamSummary(_Page):
    """The team's summary page (:func:`team_summary`)."""


class TypeWall(_Page):
    """The wall of types (:func:`type_wall`)."""
    title = "Our types of demand"
    filename = "our-types-of-demand.html"


def _masked(cls, parts: list[str]):
    """One masking step over the whole page, then the sentence saying what was masked."""
    from helpers.core.personal_data import mask

    done = mask("".join(parts), html=True)
    page = (f"<style>{_CSS}</style>{done.texts}<div class='check'><b>Before this is shared:</b> "
            f"{html.escape(done.sentence)}</div></div>")
    return cls(page, done.sentence, len(done.found))


def _quotes(demands: "pd.DataFrame", quotes: Mapping[str, Sequence[int]] | None, n: int) -> dict[str, list[str]]:
    """Each type's verbatims to show: the ids the team picked, else its first ``n`` distinct ones."""
    out: dict[str, list[str]] = {}
    typed = demands.dropna(subset=["demand_type"])
    for name, rows in typed.groupby("demand_type", sort=False):
        first: dict[str, str] = {}  # each verbatim once, however it is capitalised
        for text in filter(None, map(_text, rows["verbatim"])):
            first.setdefault(text.casefold(), text)
        out[name] = list(first.values())[:n]
    for name, ids in (quotes or {}).items():
        if name not in out:
            known = ", ".join(repr(k) for k in sorted(out)) or "none yet"
            raise ValueError(f"There is no type called {name!r} with demands in this study. Its types are: {known}.")
        rows = typed[typed["demand_type"] == name].set_index("id")
        wrong = [i for i in ids if i not in rows.index]
        if wrong:
            raise ValueError(f"Demand(s) {wrong} are not of the type {name!r}: pick from its demands "
                             f"({', '.join(str(i) for i in rows.index[:20])}{'...' if len(rows) > 20 else ''}).")
        out[name] = [_text(rows.loc[i, "verbatim"]) for i in ids if _text(rows.loc[i, "verbatim"])]
    return out


def _types(study: "Study") -> "pd.DataFrame":
    """The study's types, value first then failure, each by how often it was heard (never a rank)."""
    types = study.types()
    types["classification"] = types["classification"].where(types["classification"].isin(_ORDER), "unsure")
    types["order"] = types["classification"].map(_ORDER.index)
    return types.sort_values(["order", "uses", "name"], ascending=[True, False, True], kind="stable")


def _table(head: Sequence[str], rows: list[Sequence]) -> str:
    cells = "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in row) + "</tr>" for row in rows)
    return "<table><tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + f"</tr>{cells}</table>"


def _failure_per_value(study: "Study") -> str:
    from helpers.analysis.predictability import failure_per_value, failure_per_value_by_origin

    table = failure_per_value(study)
    value_n = table.attrs["value_demands"]
    failure_n = int(table["failure_demands"].sum())
    if not value_n or not failure_n:
        return ("<section><h2>Failure demand for each value demand</h2><p>Not yet: this needs demands classified as "
                "value and as failure.</p></section>")
    table["arises_from"] = [_text(a) or "not yet said" for a in table["arises_from"]]
    per = failure_n / value_n
    rows = [(t, a, n, f"{p:.2f}") for t, a, n, p in table[["failure_type", "arises_from", "failure_demands",
                                                              "per_value_demand"]].itertuples(index=False)]
    part = (f"<section><h2>Failure demand for each value demand</h2><p class='big'>For every value demand (what people "
            f"need from us) there were <b>{per:.2f}</b> failure demands ({failure_n} failure and {value_n} value demands): "
            f"for every 10 value demands, about {per * 10:.0f} failure demands. Each one is work people did not need to do, "
            "and neither did we.</p>"
            + _table(("Failure type", "Arises from", "Failure demands", "Per value demand"), rows))
    origins = failure_per_value_by_origin(table)
    if (origins["arises_from"] != "not yet said").any():
        part += "<p>By what the failure arises from:</p>" + _table(
            ("Arises from", "Failure demands", "Per value demand"),
            [(a, n, f"{p:.2f}") for a, n, p in origins.itertuples(index=False)])
    return part + f"<p><i>{html.escape(NOT_A_TARGET)}</i></p></section>"


def _listing(title: str, items: list[str], empty: str) -> str:
    body = "<ul>" + "".join(f"<li>{i}</li>" for i in items) + "</ul>" if items else f"<p>{html.escape(empty)}</p>"
    return f"<section><h2>{html.escape(title)}</h2>{body}</section>"


def team_summary(study: "Study", quotes: Mapping[str, Sequence[int]] | None = None, examples: int = 3,
                 main_value_types: int = 5) -> TeamSummary:
    """The team's one page: for the front line first, then for leaders.

    ``quotes``: the verbatims the team picked for a type, as ``{"Type name": [demand ids]}``;
    every other type shows its first ``examples`` distinct verbatims. ``main_value_types``:
    how many of the value types heard most say what matters.
    """
    import pandas as pd

    from helpers.analysis.predictability import classification_counts

    esc = html.escape
    demands = study.demands()
    types = _types(study)
    said = _quotes(demands, quotes, examples)
    counts = classification_counts(demands)
    info = study.info
    days = demands["received_at"].fillna(demands["recorded_at"]).dt.normalize().nunique()
    undecided = f" Not yet looked at: {counts['undecided']}." if counts["undecided"] else ""
    parts = [f"<div class='demand-page demand-summary'><h1>What we heard: {esc(str(info.get('name') or 'our study'))}</h1>",
             f"<p>{esc(_text(info.get('service')))}</p>" if _text(info.get("service")) else "",
             f"<p>What people want from the service, in their words: {esc(_text(info.get('purpose')))}</p>"
             if _text(info.get("purpose")) else "",
             "<p>For the people who answer the calls first: tell us what we have got wrong. Then for leaders, "
             "who then come and listen.</p>",
             f"<section><p class='big'>We heard <b>{len(demands)}</b> demands on {days} day{'s' * (days != 1)}. "
             f"Value demand (what people need from us): <b>{counts['value']}</b>. Failure demand (caused by us not doing "
             f"something, or not doing it right): <b>{counts['failure']}</b>. Not sure yet: {counts['unsure']}. "
             f"Not customer demand: {counts['not demand']}.{undecided}</p></section>",
             "<h2>What people asked for, in their words</h2>"]
    for kind, group in types.groupby("classification", sort=False):
        parts.append(f"<h3>{esc(CLASS_WORDS[kind])}: {len(group)} type{'s' * (len(group) != 1)}</h3>")
        for t in group.itertuples(index=False):
            arises = (f"<div>Arises from: {esc(_text(t.arises_from))}</div>"
                      if kind == "failure" and _text(t.arises_from) else "")
            parts.append(f"<div class='type {esc(kind)}'><b>{esc(t.name)}</b> <span>({t.uses} heard)</span>"
                         f"{_blockquotes(said.get(t.name, []))}{arises}</div>")
    parts.append(_failure_per_value(study))
    failed = [f"<b>{esc(t.name)}</b>: {esc(_text(t.failed_where))}" for t in types.itertuples(index=False)
              if t.classification in ("failure", "mixed") and _text(t.failed_where)]
    parts.append(_listing("What failed, and where (our best guesses, to check)", failed,
                          "Not written down yet: for each failure type, ask what failed and where."))
    matters = []
    for t in types[types["classification"] == "value"].head(main_value_types).itertuples(index=False):
        words = [_text(t.what_matters)] if _text(t.what_matters) else list(dict.fromkeys(
            w for w in map(_text, demands.loc[demands["demand_type"] == t.name, "what_matters"]) if w))[:3]
        if words:
            matters.append(f"<b>{esc(t.name)}</b>: " + "; ".join(esc(w) for w in words))
    parts.append(_listing("What matters to people, for the main value types", matters,
                          "Not written down yet: for the value types heard most, ask what matters to the person."))
    verdicts = study.verdicts()
    parts.append(_listing("What the front line said", [f"{esc(str(d)) + ': ' if d else ''}{esc(_text(x))}"
                                                       for d, x in zip(verdicts["day"], verdicts["text"])],
                          "Not asked yet: show them this page first."))
    notes = [_text(x) for x in study.reflections()["text"]]
    parts.append(_listing("What we reflected on", [esc(x) for x in notes if not x.startswith(DECISION)], "Nothing yet."))
    checks = study.saturation_checks()
    parts.append(_listing("Have we heard enough?",
                          [f"What the numbers said: {esc(_text(m))}" for m in checks["message"].tail(1)]
                          + [f"What we decided: {esc(x[len(DECISION):].strip())}" for x in notes if x.startswith(DECISION)],
                          "Not asked yet (workbook 7)."))
    steps = study.next_steps()
    parts.append(_listing("What we will study next", [esc(_text(x)) + (" (done)" if pd.notna(done) else "")
                                                      for x, done in zip(steps["text"], steps["completed_at"])],
                          "Not decided yet."))
    parts.append(f"<section><h2>An invitation</h2><p class='big'><b>{esc(INVITATION)}</b></p></section>")
    return _masked(TeamSummary, parts)


def type_wall(study: "Study", quotes: Mapping[str, Sequence[int]] | None = None, examples: int = 3) -> TypeWall:
    """A printable wall of the types: a card per type with its name, value or failure, and its
    best verbatims (``quotes`` as in :func:`team_summary`). Cards never break across pages."""
    esc = html.escape
    said = _quotes(study.demands(), quotes, examples)
    parts = [f"<div class='demand-page demand-wall'><h1>Our types of demand: {esc(str(study.info.get('name') or ''))}</h1>",
             "<p>A card for each type of demand we heard, in people's own words. Blue edge: value demand; "
             "vermilion edge: failure demand.</p><div class='cards'>"]
    for t in _types(study).itertuples(index=False):
        parts.append(f"<div class='card {esc(t.classification)}'><span class='tag'>{esc(CLASS_WORDS[t.classification])}"
                     f"</span><h3>{esc(t.name)}</h3>{_blockquotes(said.get(t.name, []))}</div>")
    parts.append("</div>")
    return _masked(TypeWall, parts)


# ---------------------------------------------------------------- for leaders, in a walkthrough

_LEAD = {"workbook": "You have just read how a team did this, with the code out of sight. The charts are the by-product: "
                     "the real learning came from the people who run the service sitting beside the people who answer "
                     "the phone, and hearing it for themselves.",
         "exercise": "This exercise is practice; the real thing is better."}


class Invitation(HtmlView):
    """The invitation to leaders at the end of a workbook or exercise: on the page of a read-only
    walkthrough (Voila) only. In a team's own JupyterLab it shows nothing: the team is already listening."""

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        from helpers.core import session

        if session.is_readonly():
            display(HTML(self.html))


def invitation(kind: str = "workbook", lead: str | None = None) -> Invitation:
    """The leaders' invitation to come and listen, for the end of a ``"workbook"`` or an ``"exercise"``.

    ``lead``: the opening paragraph, in place of the kind's own, for a page whose invitation says
    something of its own (what else to come and see, what to ask the team).

    >>> "Come and listen with a team for an hour" in invitation("exercise").html
    True
    >>> "ask what the target makes them do" in invitation(lead="When you come, ask what the target makes them do.").html
    True
    """
    if kind not in _LEAD:
        raise ValueError(f"invitation() is for a 'workbook' or an 'exercise', not {kind!r}.")
    return Invitation(
        "<section class='demand-invitation'><h2>An invitation, if you are reading this as a leader</h2>"
        f"<p>{html.escape(lead or _LEAD[kind])}</p><p><b>Come and listen with a team for an hour.</b> Sit beside a call "
        "handler with a second headset, or at reception, with a pad of paper. Write down what people say, in their "
        "words, then stay for the team's short debrief and ask: <i>would they have needed to contact us if we had got "
        "it right first time?</i> Ask the team's facilitator or manager to arrange it: an hour is enough to start. "
        "Nothing on this page replaces that hour.</p></section>")


# ---------------------------------------------------------------- the team's walkthrough

def open_team_study() -> tuple["Study", HtmlView]:
    """The study the walkthrough server was started with (``$DEMAND_STUDY``, set only by
    ``make walkthrough STUDY=...``, never by a URL or a widget), opened read-only; without it,
    a sample team's study, and a note that says so. Returns ``(study, note)``."""
    from helpers.core.study import Study

    raw = os.environ.get("DEMAND_STUDY", "").strip()
    if raw:
        study = Study.open(Path(raw).expanduser(), readonly=True)
        note = "The team's own study, opened read-only: nothing on this page changes it."
    else:
        from helpers.analysis.teams import sample_teams

        study = sample_teams()["Central repairs demand (live)"]
        note = ("No study was given, so this shows a sample study made from the sample data (a repairs team's), "
                "in memory only. Serve a team's own with: make walkthrough STUDY=studies/your.study")
    return study, HtmlView(f"<p><i>{html.escape(note)}</i></p>")


def evidence(study: "Study") -> HtmlView:
    """The evidence behind the summary, as captioned figures (each with its text alternative):
    the discovery curve, demands each day, the weekly cycle, and failure demand by door."""
    from matplotlib.figure import Figure

    from helpers.analysis.predictability import daily_volumes, failure_by_door, weekday_pattern
    from helpers.analysis.saturation import saturation
    from helpers.core.personal_data import mask
    from helpers.views import plots
    from helpers.views.figures import captioned

    plots.theme()
    demands = study.demands()
    if not len(demands):
        return HtmlView("<p>No demands heard yet, so there is nothing to draw.</p>")
    daily = daily_volumes(demands)
    drawn = [plots.plot_discovery(saturation(study), ax=Figure(figsize=(8, 3.8)).subplots()),
             plots.plot_daily_volumes(daily, ax=Figure(figsize=(9, 4.2), layout="tight").subplots()),
             plots.plot_weekday_pattern(weekday_pattern(daily), ax=Figure(figsize=(8, 3.6)).subplots()),
             plots.plot_failure_by_door(failure_by_door(demands), ax=Figure(figsize=(8, 3.6), layout="tight").subplots())]
    page = "".join(captioned(ax).html for ax in drawn)
    return HtmlView(mask(page, html=True).texts)
