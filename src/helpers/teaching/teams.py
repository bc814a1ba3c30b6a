"""Pick a team: how other teams' typologies grew while they studied the same repairs service.

One team at a time, in file order, never ranked: :func:`team_view` (HTML) and :func:`pick_a_team`
(the widget). The facts behind them are counted in ``analysis.teams`` and named here too, so
``helpers.teams.plan_coverage(study)`` keeps working.
"""
from __future__ import annotations

import html
from typing import TYPE_CHECKING, Iterable, Mapping

from helpers.analysis.teams import (ORIGIN_WORDS, TEAM_FILES, _as_teams, changes, plan_coverage, sample_teams,
                                    team_summary, typology)
from helpers.views.safe import Shown, guarded

if TYPE_CHECKING:
    from helpers.core.study import Study

__all__ = ["TEAM_FILES", "ORIGIN_WORDS", "NO_RANKING", "sample_teams", "typology", "team_summary", "team_view",
           "pick_a_team", "TeamPicker", "changes", "plan_coverage"]

NO_RANKING = ("One team at a time, in the order the files are listed: this is for learning how typologies grow, "
              "never for comparing teams.")


def _figure_html(report) -> str:
    """The discovery curve as a captioned image, drawn without touching pyplot's state."""
    from matplotlib.figure import Figure

    from helpers.views import plots
    from helpers.views.figures import captioned

    plots.theme()  # the house style must be set before the figure is made
    ax = Figure(figsize=(7.5, 3.8)).subplots()
    return captioned(plots.plot_discovery(report, ax=ax)).html


def _day(value) -> str:
    try:
        return f"{value:%a %d %b}"
    except (TypeError, ValueError):
        return "not known"


def team_view(study: "Study", figure: bool = True) -> str:
    """One team's view as HTML: who they are, the failure share, the discovery curve with
    the saturation sentence, new types day by day, and the typology with where each type came
    from. ``figure=False`` leaves the curve out (quicker, for tests and text-only pages).

    >>> from helpers import Study
    >>> s = Study.scratch(name="Practice")
    >>> _ = s.record("is he still coming?", classification="failure", demand_type="Still coming?",
    ...              received_at="2026-03-02T12:10")
    >>> page = team_view(s, figure=False)
    >>> "Practice" in page and "Still coming?" in page and "named while capturing or classifying" in page
    True
    """
    facts = team_summary(study)
    info = study.info
    roles = sorted(set(study.members()["role"].dropna().astype(str)))
    esc = html.escape
    origins = ", ".join(f"{n} {esc(ORIGIN_WORDS[k])}" for k, n in facts["origins"].items() if n) or "none yet"
    parts = [
        "<div class='demand-team-view'>",
        f"<h3 style='margin:0.3em 0'>{esc(facts['team'])}</h3>",
        f"<p>{esc(str(info.get('service') or ''))}. Who listened: {esc(', '.join(roles) or 'not recorded')}. "
        f"{facts['demands']} demands heard on {facts['days']} days; {facts['types']} types of demand, of which {origins}.</p>",
        f"<p><b>{esc(facts['share_text'])}</b></p>",
    ]
    if figure:
        parts.append(_figure_html(facts["saturation"]))
    else:
        parts.append(f"<p><b>Have they seen enough?</b> {esc(facts['saturation_message'])}</p>")
    by_day = facts["new_types_by_day"]
    if len(by_day):
        cells = "".join(f"<td style='text-align:center;padding:0 0.7em'>{_day(d)}<br><b>+{int(n)}</b><br>{int(t)} in all</td>"
                        for d, n, t in zip(by_day["day"], by_day["new_types"], by_day["types_so_far"]))
        parts.append("<p style='margin-bottom:0.2em'>New types heard each day (and types known by its end):</p>"
                     f"<table class='demand-growth'><tr>{cells}</tr></table>")
    table = typology(study)
    rows = "".join(
        f"<tr><td>{esc(str(r['type']))}</td><td>{esc(str(r['classification']))}</td>"
        f"<td><b>{esc(str(r['origin']))}</b>: {esc(str(r['where it came from']))}</td><td>{_day(r['named on'])}</td>"
        f"<td style='text-align:right'>{int(r['demands'])}</td></tr>"
        for _, r in table.iterrows())
    parts.append(
        "<details open><summary>The typology, in the order the types were named</summary>"
        "<table class='demand-typology'><tr><th style='text-align:left'>Type (in the person's words)</th>"
        "<th>Value or failure</th><th style='text-align:left'>Where it came from</th><th>Named on</th>"
        f"<th>Demands</th></tr>{rows}</table></details>")
    parts.append(f"<p><i>{esc(NO_RANKING)}</i></p></div>")
    return "".join(parts)


class TeamPicker(Shown):
    """The "pick a team" widget: a drop-down of teams and the chosen team's view.

    ``widget`` is what is displayed; ``dropdown`` and ``view`` (an HTML widget) are its
    parts; ``show(name)`` switches team as choosing it would.
    """

    def __init__(self, teams: Mapping[str, "Study"], figure: bool = True):
        import ipywidgets as widgets

        if not teams:
            raise ValueError("There are no teams to pick from: give a dict of team name to Study, or leave it out "
                             "for the sample teams.")
        self.teams = dict(teams)
        self.figure = figure
        self._pages: dict[str, str] = {}
        names = list(self.teams)
        self.dropdown = widgets.Dropdown(options=names, value=names[0], description="Team",
                                         layout=widgets.Layout(width="32em"))
        self.view = widgets.HTML()
        self.dropdown.observe(lambda change: self.show(change["new"]), names="value")
        intro = widgets.HTML("<p>Choose a team to see how its typology grew while it studied the same service.</p>")
        self.widget = widgets.VBox([intro, self.dropdown, self.view])
        self.widget.add_class("demand-pick-a-team")
        self.show(names[0])

    def show(self, name: str) -> str:
        """Show team ``name`` (a plain message, never a traceback, if it cannot be shown)."""
        with guarded(self.view, lead="This team cannot be shown", advice="Choose another team, or ask the facilitator."):
            if name not in self.teams:
                raise ValueError(f"There is no team called {name!r}; the teams are: {', '.join(self.teams)}.")
            if name not in self._pages:
                self._pages[name] = team_view(self.teams[name], figure=self.figure)
            self.view.value = self._pages[name]
        return self.view.value


def pick_a_team(teams: "Mapping[str, Study] | Iterable[Study] | None" = None, figure: bool = True) -> TeamPicker:
    """A drop-down of teams and the chosen team's view (display it as a cell's last line).

    ``teams``: ``{name: Study}``, a list of studies (named by their ``info["name"]``), or
    None for :func:`sample_teams`. Teams are offered in the order given, never sorted by
    any figure. Changing the team changes the view.

    >>> picker = pick_a_team(figure=False)
    >>> first = picker.view.value
    >>> picker.dropdown.value = list(picker.teams)[1]
    >>> picker.view.value != first
    True
    """
    return TeamPicker(_as_teams(teams), figure=figure)
