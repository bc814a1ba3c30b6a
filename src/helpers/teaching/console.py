"""The facilitators' console: each team's study, one team at a time, never a league table.

Each study in the folder is opened read-only (SQLite ``mode=ro``), so the console reads while
teams are still writing and never changes a file. Across teams it shows only where each team is
(:meth:`Console.summary`) and the words of their typologies (within one service). A team's failure
share and the checks' findings are shown for one team at a time, when the facilitator chooses it
(:meth:`Console.private_view`), and so are its calibration rounds, before against after
(:meth:`Console.calibration`): never one team's answers beside another's. The page for the wall is
one team's own (:meth:`Console.wall_page`): its types, what it learned, what is still open. Nothing
ranks teams or staff, and no page sets one team's failure share or findings beside another's.

>>> from helpers import Study
>>> teams = [Study.scratch(name="North"), Study.scratch(name="South")]
>>> _ = teams[0].record("is he still coming today?", classification="failure", demand_type="Still coming?")
>>> board = Console(teams)
>>> board.summary()[["team", "demands", "types"]].values.tolist()
[['North', 1, 1], ['South', 0, 0]]
>>> "Still coming?" in board.wall_page("North").html and "%" not in board.wall_page("North").html
True
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable

from helpers.views.figures import HtmlView, html_page

__all__ = ["NO_RANKING", "PRIVATE", "sample_calibration", "open_studies", "sample_studies", "console_folder", "open_console",
           "Console"]

NO_RANKING = ("Teams are shown in the order their files were found, never sorted by any figure: "
              "the console is for coaching each team, not for comparing them.")
PRIVATE = ("For you only: never show one team another team's failure share or findings, "
           "and never turn either into a target.")


def sample_calibration() -> "Console":
    """Four fictitious teams' calibration studies (their before and after rounds), replayed in memory."""
    from helpers.core import datasets
    from helpers.core.study import Study

    names = [n for n in datasets.available() if n.startswith("actions_calibration_")]
    return Console([Study.replay(datasets.path(n)) for n in names])


def open_studies(folder: str | Path) -> list:
    """Open every ``*.study`` in ``folder`` read-only, in name order."""
    from helpers.core.study import Study

    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"There is no folder {folder}. Point the console at the folder that holds the teams' "
                                ".study files.")
    paths = sorted(folder.glob("*.study")) + sorted(folder.glob("*/*.study"))  # a room: a folder per team
    if not paths:
        raise FileNotFoundError(f"No .study files in {folder}. Copy the teams' study files there (or merge laptops' "
                                "studies first).")
    return [Study.open(p, readonly=True) for p in paths]


def sample_studies() -> list:
    """The sample teams' studies (replayed in memory by :func:`helpers.analysis.teams.sample_teams`),
    plus the analysts' study, so the console has a team with findings to show."""
    from helpers.core import datasets
    from helpers.core.study import Study
    from helpers.analysis.teams import sample_teams

    return list(sample_teams().values()) + [Study.replay(datasets.path("actions_analysts_study.csv"))]


def console_folder():
    """Where the console looks: ``$DEMAND_CONSOLE_DIR``, else the studies folder."""
    import os

    from helpers.core import session

    raw = os.environ.get("DEMAND_CONSOLE_DIR", "").strip()
    return Path(raw).expanduser() if raw else session.studies_dir()


def open_console(folder: str | Path | None = None) -> "Console":
    """The console over the teams' studies in ``folder`` (default: :func:`console_folder`), read-only.

    With no study there yet, it shows the sample teams instead and says so.
    """
    folder = Path(folder) if folder is not None else console_folder()
    if folder.is_dir() and (any(folder.glob("*.study")) or any(folder.glob("*/*.study"))):
        board = Console(folder)
        board.source = f"{len(board.studies)} studies in {folder.name}/ (opened read-only)"
    else:
        board = Console(sample_studies())
        board.source = ("No team studies in the folder yet, so this shows the sample teams (fictitious, "
                        "replayed in memory). Copy the teams' .study files into the folder to see theirs.")
    return board


def _name(study) -> str:
    return str(study.info.get("name") or (Path(study.path).stem if study.path else "unnamed"))


def _findings(study) -> list:
    from helpers.analysis.checks import check_study

    try:
        return list(check_study(study))
    except Exception as err:  # one odd study must not stop the console
        return [type("Finding", (), {"code": "console-error", "severity": "note", "acknowledged": None, "mistake": 0,
                                     "message": f"Could not check this study: {err}"})()]


def _gaps(study) -> list[str]:
    """The plan's doors, days and times not heard yet, in words."""
    from helpers.analysis.teams import plan_coverage

    table = plan_coverage(study)
    missing = table[table["status"] == "not heard"]
    return [f"{part}s not heard yet: {', '.join(map(str, missing.loc[missing['part'] == part, 'planned']))}"
            for part in ("door", "day", "time") if (missing["part"] == part).any()]


class Console:
    """Every team's study, read-only. Build it from a folder or from open studies."""

    def __init__(self, studies: Iterable | str | Path):
        self.studies = open_studies(studies) if isinstance(studies, (str, Path)) else list(studies)
        self._cache: dict[int, dict] = {}
        self.source = f"{len(self.studies)} studies"

    def _index(self, team) -> int:
        """The position of ``team`` (its name, or its number in the order given)."""
        names = [_name(s) for s in self.studies]
        if isinstance(team, int) and 0 <= team < len(names):
            return team
        if team in names:
            return names.index(team)
        raise ValueError(f"Choose one team, by name or number: {', '.join(names)}."
                         + (f" There is no team {team!r}." if team is not None else ""))

    def _team(self, i: int) -> dict:
        """What the console shows of team ``i`` (in the order given), failure share and findings aside."""
        if i in self._cache:
            return self._cache[i]
        import pandas as pd

        from helpers.analysis.saturation import saturation

        study = self.studies[i]
        demands = study.demands()
        types = study.types()
        week_ago = pd.Timestamp.now() - pd.Timedelta(days=7)
        self._cache[i] = {
            "team": _name(study),
            "service": study.info.get("service") or "",
            "service_type": study.info.get("service_type"),
            "demands": len(demands),
            "types": len(types),
            "new this week": int((types["first_seen_at"] >= week_ago).sum()),
            "unsure backlog": int((demands["classification"] == "unsure").sum()),
            "verdicts": study.verdicts(),
            "reflections": study.reflections(),
            "plan gaps": _gaps(study),
            "saturation": saturation(study) if len(demands) else None,
            "typology": types,
            "roles": sorted(set(study.members()["role"].dropna().astype(str))),
        }
        return self._cache[i]

    def summary(self):
        """One row per team, in the order given (never sorted): where each is. No failure share, no findings."""
        import pandas as pd

        rows = []
        for i in range(len(self.studies)):
            t = self._team(i)
            rows.append({"team": t["team"], "service": t["service"], "demands": t["demands"], "types": t["types"],
                         "new this week": t["new this week"], "unsure backlog": t["unsure backlog"],
                         "front-line verdicts": len(t["verdicts"]), "reflections": len(t["reflections"]),
                         "saturation": t["saturation"].verdict if t["saturation"] else "no demands yet"})
        frame = pd.DataFrame(rows, columns=["team", "service", "demands", "types", "new this week", "unsure backlog",
                                            "front-line verdicts", "reflections", "saturation"])
        frame.attrs["note"] = NO_RANKING
        return frame

    def typologies(self, service: str | None = None):
        """The types' names side by side, one column per team, only across teams of the same service
        (the words, not whether each is value or failure)."""
        import pandas as pd

        services = {self._team(i)["service"] for i in range(len(self.studies))}
        if service is None and len(services) > 1:
            raise ValueError(f"These teams study different services ({', '.join(sorted(map(str, services)))}): "
                             f"pass service= to compare the teams that study the same one.")
        return pd.DataFrame({t["team"]: pd.Series(list(t["typology"]["name"]), dtype=object)
                             for t in map(self._team, range(len(self.studies)))
                             if service is None or t["service"] == service})

    def main_service(self) -> str:
        """The service most of these teams study (typologies are combined only within one)."""
        from collections import Counter

        services = Counter(self._team(i)["service"] for i in range(len(self.studies)))
        return services.most_common(1)[0][0] if services else ""

    def has_calibration(self) -> bool:
        """Whether any of these teams has recorded a calibration round."""
        return any(s.entries("calibration") for s in self.studies)

    def choose(self, wall: bool = False, calibration: bool = False):
        """A drop-down of the teams, in the order given: choosing one shows its private view (or, with
        ``wall=True``, its wall page and download link; with ``calibration=True``, its calibration
        rounds before against after). Nothing is shown until a team is chosen."""
        import ipywidgets as widgets

        from helpers.views.safe import guarded

        pick = widgets.Dropdown(options=[("Choose a team", None)] + [(_name(s), i) for i, s in enumerate(self.studies)],
                                value=None, description="Team", layout=widgets.Layout(width="32em"))
        view = widgets.HTML()

        def show(change):
            with guarded(view, lead="This team cannot be shown", advice="Choose another team."):
                show = (lambda i: self.calibration(i)._repr_html_()) if calibration else (
                    lambda i: (self.wall_page if wall else self.private_view)(i).html)
                view.value = "" if change["new"] is None else show(change["new"])
        pick.observe(show, names="value")
        return widgets.VBox([pick, view])

    def _repr_html_(self) -> str:
        return f"<p><i>{html.escape(NO_RANKING)}</i></p>" + self.summary().to_html(index=False)

    # ----------------------------------------------------------------- one team at a time
    def private_view(self, team=None, figure: bool = True) -> HtmlView:
        """For the facilitator only, one chosen team (its name or number): its failure share, plan,
        discovery curve, the front line's verdicts, its reflections and the checks' findings."""
        from helpers.analysis.predictability import classification_counts, failure_share

        i = self._index(team)
        t, esc = self._team(i), html.escape
        share = failure_share(classification_counts(self.studies[i].demands()))
        share = "not yet" if share is None else f"{share:.0%} of classified value and failure"
        finds = "".join(
            f"<li>[{esc(f.severity)}] {esc(f.message)}"
            + (f" <i>(acknowledged: {esc(str(f.acknowledged))})</i>" if getattr(f, "acknowledged", None) else "")
            + "</li>" for f in _findings(self.studies[i])) or "<li>Nothing to raise.</li>"
        verdicts, reflections = (
            "".join(f"<li>{esc(str(v))}</li>" for v in table["text"].tail(3)) if len(table) else none
            for table, none in ((t["verdicts"], "<li>none recorded yet</li>"), (t["reflections"], "<li>none yet</li>")))
        sat, curve = t["saturation"], ""
        if figure and sat is not None and sat.demands:
            from helpers.teaching.teams import _figure_html  # the discovery curve, drawn as "pick a team" draws it

            curve = _figure_html(sat)
        roles = esc("; ".join(t["roles"]) or "no listeners recorded")  # a role may hold a comma: "Officer, Brantwell"
        return HtmlView(
            f"<div class='demand-team' style='border:1px solid #bbb;padding:0.6em;margin:0.6em 0'>"
            f"<p><i>{esc(PRIVATE)}</i></p><h3 style='margin-top:0'>{esc(t['team'])}</h3>"
            f"<p>{esc(str(t['service']))} ({esc(str(t['service_type']))}). Listeners' roles: {roles}.</p>"
            f"<p>{t['demands']} demands heard; {t['types']} types ({t['new this week']} new this week); "
            f"{t['unsure backlog']} unsure to settle; failure demand {share}.</p>"
            f"<p>Plan: {esc('; '.join(t['plan gaps']) or 'every planned door and day heard so far')}.</p>"
            f"<p>Have they seen enough? {esc(sat.message) if sat else 'No demands yet.'}</p>{curve}"
            f"<p><b>Front-line verdicts</b></p><ul>{verdicts}</ul><p><b>Reflections</b></p><ul>{reflections}</ul>"
            f"<p><b>The nine mistakes</b></p><ul>{finds}</ul></div>")

    def calibration(self, team=None, sample=None, reference=None):
        """One chosen team's calibration rounds, before against after (:func:`helpers.calibration`):
        which demands moved, the "?" answers, and the reference beside the ones it reads differently.
        Only ever one team: teams are never compared with each other here."""
        from helpers.views.reports import calibration

        return calibration(self.studies[self._index(team)], sample=sample, reference=reference)

    def _wall(self, team) -> tuple[str, str]:
        """One team's page for its wall, masked, and what was masked: its types in its customers'
        words, what it learned and what is still open. No failure share, no findings."""
        from helpers.core.personal_data import mask

        t, esc = self._team(self._index(team)), html.escape
        types = t["typology"]
        described = (types["what_matters"].fillna("").astype(str).str.strip() != "") | (
            types["failed_where"].fillna("").astype(str).str.strip() != "")
        heard = "".join(f"<li>{esc(str(n))}" + (f": <i>{esc(str(m))}</i>" if isinstance(m, str) and m.strip() else "")
                        + "</li>" for n, m in zip(types["name"], types["what_matters"])) or "<li>No types named yet.</li>"

        def items(table):
            return "".join(f"<li>{esc(str(x))}</li>" for x in table["text"]) or "<li>Nothing written yet.</li>"
        n = t["unsure backlog"]
        still = [f"{n} demand{'s' if n > 1 else ''} marked unsure, to settle together"] if n else []
        if (~described).any():
            names = list(map(str, types.loc[~described, "name"]))
            still.append(f"{len(names)} of {len(types)} types still to describe (what matters to the person, or what "
                         "failed and where)" + (": " + ", ".join(names) if len(names) <= 8 else ""))
        still += t["plan gaps"]
        still.append("have we seen enough? " + (t["saturation"].message if t["saturation"] else "no demands yet"))
        page = (f"<div class='demand-wall'><h2>{esc(t['team'])}</h2><p>{esc(str(t['service']))}</p>"
                f"<h3>The demand we heard, in our customers' words</h3><ul>{heard}</ul>"
                f"<h3>What we learned</h3><ul>{items(t['reflections'])}</ul>"
                f"<h3>What the front line told us</h3><ul>{items(t['verdicts'])}</ul>"
                f"<h3>Still open</h3><ul>{''.join(f'<li>{esc(s)}</li>' for s in still)}</ul></div>")
        masked = mask(page, html=True)
        return (f"<div class='check'><b>Before this goes on a wall:</b> {esc(masked.sentence)}</div>" + masked.texts,
                masked.sentence)

    def wall_page(self, team=None) -> HtmlView:
        """One chosen team's page for its wall (masked by :func:`helpers.personal_data.mask`), what was
        masked, and a link to download it: read it yourself before it goes up."""
        from helpers.views.printables import DownloadLink

        page, _ = self._wall(team)
        link = DownloadLink(html_page("Our study", page).encode("utf-8"), "our-study-wall.html",
                            "Download the wall page (read it before it goes up)", "text/html")
        return HtmlView(page + link._repr_html_())

    def export_wall(self, team, path: str | Path) -> str:
        """Write one team's wall page (masked) to ``path`` and return what was masked."""
        from helpers.core import session

        if session.is_readonly():
            raise PermissionError("This is a read-only walkthrough, so nothing is written.")
        page, check = self._wall(team)
        Path(path).write_text(html_page("Our study", page), encoding="utf-8")
        return check
