"""The facilitators' console: every team's study at a glance, never a league table.

Each study in the folder is opened read-only (SQLite ``mode=ro``), so the console reads while
teams are still writing and never changes a file. Per team: what it has learned, its plan's
coverage, saturation and the findings; across teams, the calibration sample's agreement and the
typologies side by side (only within one service). Nothing ranks teams or staff.

>>> from helpers import Study
>>> teams = [Study.scratch(name="North"), Study.scratch(name="South")]
>>> _ = teams[0].record("is he still coming today?", classification="failure", demand_type="Still coming?")
>>> board = Console(teams)
>>> board.summary()[["team", "demands", "types"]].values.tolist()
[['North', 1, 1], ['South', 0, 0]]
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Iterable

from helpers.views.figures import HtmlView, html_page

__all__ = ["NO_RANKING", "sample_calibration", "open_studies", "sample_studies", "console_folder", "open_console",
           "Console"]

NO_RANKING = ("Teams are shown in the order their files were found, never sorted by any figure: "
              "the console is for coaching each team, not for comparing them.")


def sample_calibration() -> "Console":
    """Four fictitious teams' answers to the calibration sample, replayed in memory."""
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
    paths = sorted(folder.glob("*.study"))
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
    if folder.is_dir() and any(folder.glob("*.study")):
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


def _coverage(study) -> dict:
    from helpers.analysis.teams import plan_coverage

    table = plan_coverage(study)
    missing = table[table["status"] == "not heard"]
    return {f"{part}s not heard": list(missing.loc[missing["part"] == part, "planned"]) for part in ("door", "day", "time")}


class Console:
    """Every team's study, read-only. Build it from a folder or from open studies."""

    def __init__(self, studies: Iterable | str | Path):
        self.studies = open_studies(studies) if isinstance(studies, (str, Path)) else list(studies)
        self._cache: dict[int, dict] = {}
        self.source = f"{len(self.studies)} studies"

    def team(self, i: int) -> dict:
        """Everything the console knows about team ``i`` (in the order given)."""
        if i in self._cache:
            return self._cache[i]
        import pandas as pd

        from helpers.analysis.saturation import saturation

        study = self.studies[i]
        demands = study.demands()
        types = study.types()
        week_ago = pd.Timestamp.now() - pd.Timedelta(days=7)
        seen = pd.to_datetime(types["first_seen_at"], errors="coerce") if len(types) else pd.Series([], dtype="datetime64[ns]")
        counts = demands["classification"].fillna("undecided").value_counts()
        value, failure = int(counts.get("value", 0)), int(counts.get("failure", 0))
        info = {
            "team": _name(study),
            "service": study.info.get("service") or "",
            "service_type": study.info.get("service_type"),
            "demands": len(demands),
            "types": len(types),
            "new this week": int((seen >= week_ago).sum()) if len(types) else 0,
            "unsure backlog": int(counts.get("unsure", 0)),
            "failure share": (failure / (value + failure)) if value + failure else None,
            "verdicts": study.verdicts(),
            "reflections": study.reflections(),
            "coverage": _coverage(study),
            "saturation": saturation(study) if len(demands) else None,
            "findings": _findings(study),
            "typology": types,
            "roles": sorted(set(study.members()["role"].dropna().astype(str))) if len(study.members()) else [],
        }
        self._cache[i] = info
        return info

    def summary(self):
        """One row per team, in the order given (never sorted): what each has learned so far."""
        import pandas as pd

        rows = []
        for i in range(len(self.studies)):
            t = self.team(i)
            rows.append({"team": t["team"], "service": t["service"], "demands": t["demands"], "types": t["types"],
                         "new this week": t["new this week"], "unsure backlog": t["unsure backlog"],
                         "front-line verdicts": len(t["verdicts"]), "reflections": len(t["reflections"]),
                         "saturation": t["saturation"].verdict if t["saturation"] else "no demands yet",
                         "findings": len(t["findings"])})
        frame = pd.DataFrame(rows, columns=["team", "service", "demands", "types", "new this week", "unsure backlog",
                                            "front-line verdicts", "reflections", "saturation", "findings"])
        frame.attrs["note"] = NO_RANKING
        return frame

    def typologies(self, service: str | None = None):
        """Types side by side: one column per team, combined only across teams of the same service."""
        import pandas as pd

        services = {self.team(i)["service"] for i in range(len(self.studies))}
        if service is None and len(services) > 1:
            raise ValueError(f"These teams study different services ({', '.join(sorted(map(str, services)))}): "
                             f"pass service= to compare the teams that study the same one.")
        columns = {}
        for i in range(len(self.studies)):
            t = self.team(i)
            if service is not None and t["service"] != service:
                continue
            types = t["typology"]
            columns[t["team"]] = pd.Series(
                [f"{n} ({c or 'undecided'})" for n, c in zip(types["name"], types["classification"])] if len(types) else [],
                dtype=object)
        return pd.DataFrame(columns)

    def calibration(self, on: str = "classification", sample_ids=None):
        """Pairwise agreement on the calibration sample (``sample_ids``, by default those of
        ``datasets/calibration_sample.csv``), in the order given, and the most-disputed demands."""
        import pandas as pd

        from helpers.analysis.agreement import agreement_table

        if sample_ids is None:
            from helpers.core import datasets

            sample_ids = pd.read_csv(datasets.path("calibration_sample.csv"), dtype=str)["source_id"]
        wanted = set(map(str, sample_ids))
        answers, with_sample = {}, {}
        for i, s in enumerate(self.studies):
            d = s.demands().dropna(subset=["source_id"])
            d = d[d["source_id"].astype(str).isin(wanted)]
            if len(d):
                name = self.team(i)["team"]
                with_sample[name] = d
                answers[name] = d.set_index("source_id")[on]
        if len(with_sample) < 2:
            return pd.DataFrame(), pd.DataFrame()
        table = agreement_table(with_sample, on=on)
        wide = pd.DataFrame(answers).dropna(how="all")
        disputed = wide[wide.nunique(axis=1, dropna=True) > 1].copy()
        disputed["different answers"] = disputed.nunique(axis=1, dropna=True)
        disputed = disputed.sort_values("different answers", ascending=False, kind="stable")
        return table, disputed

    def main_service(self) -> str:
        """The service most of these teams study (typologies are combined only within one)."""
        from collections import Counter

        services = Counter(self.team(i)["service"] for i in range(len(self.studies)))
        return services.most_common(1)[0][0] if services else ""

    def pictures(self):
        """Each team's discovery curve (types heard against demands), captioned, in the order given."""
        from helpers.views.figures import captioned
        from helpers.views.plots import plot_discovery

        figures = []
        for i in range(len(self.studies)):
            report = self.team(i)["saturation"]
            if report is None or report.demands == 0:
                continue
            ax = plot_discovery(report)
            ax.set_title(f"{self.team(i)['team']}: types heard as demand was heard", loc="left")
            figures.append(captioned(ax, width=640).html)
        return HtmlView("".join(figures) or "<p>No team has classified demands into types yet.</p>")

    def wall_download(self):
        """The wall page (masked) as a download link, and what was masked."""
        from helpers.views.printables import DownloadLink

        page, check = self.wall_html()
        link = DownloadLink(html_page("Our studies", page).encode("utf-8"), "our-studies-wall.html",
                            "Download the wall page (read it before it goes up)", "text/html")
        return HtmlView(f"<p>{html.escape(check)}</p>{link._repr_html_()}")

    # ----------------------------------------------------------------- showing
    def team_html(self, i: int) -> str:
        t = self.team(i)
        esc = html.escape
        share = "not yet" if t["failure share"] is None else f"{t['failure share']:.0%} of classified value and failure"
        cov = t["coverage"]
        gaps = []
        if cov["doors not heard"]:
            gaps.append("doors not heard yet: " + ", ".join(map(str, cov["doors not heard"])))
        if cov["days not heard"]:
            gaps.append(f"{len(cov['days not heard'])} planned days not heard")
        if cov["times not heard"]:
            gaps.append("times of day not heard: " + ", ".join(map(str, cov["times not heard"])))
        finds = "".join(
            f"<li>[{esc(f.severity)}] {esc(f.message)}"
            + (f" <i>(acknowledged: {esc(str(f.acknowledged))})</i>" if getattr(f, "acknowledged", None) else "")
            + "</li>" for f in t["findings"]) or "<li>Nothing to raise.</li>"
        verdicts, reflections = (
            "".join(f"<li>{esc(str(v))}</li>" for v in table["text"].tail(3)) if len(table) else none
            for table, none in ((t["verdicts"], "<li>none recorded yet</li>"), (t["reflections"], "<li>none yet</li>")))
        sat = esc(t["saturation"].message) if t["saturation"] else "No demands yet."
        roles = esc(", ".join(t["roles"]) or "no listeners recorded")
        return (f"<div class='demand-team' style='border:1px solid #bbb;padding:0.6em;margin:0.6em 0'>"
                f"<h3 style='margin-top:0'>{esc(t['team'])}</h3>"
                f"<p>{esc(str(t['service']))} ({esc(str(t['service_type']))}). Listeners' roles: {roles}.</p>"
                f"<p>{t['demands']} demands heard; {t['types']} types ({t['new this week']} new this week); "
                f"{t['unsure backlog']} unsure to settle; failure demand {share}.</p>"
                f"<p>Plan: {esc('; '.join(gaps) or 'every planned door and day heard so far')}.</p>"
                f"<p>Have they seen enough? {sat}</p>"
                f"<p><b>Front-line verdicts</b></p><ul>{verdicts}</ul><p><b>Reflections</b></p><ul>{reflections}</ul>"
                f"<p><b>The nine mistakes</b></p><ul>{finds}</ul></div>")

    def _repr_html_(self) -> str:
        return (f"<p><i>{html.escape(NO_RANKING)}</i></p>"
                + "".join(self.team_html(i) for i in range(len(self.studies))))

    def wall_html(self) -> tuple[str, str]:
        """A page for the wall screen, every text on it masked by the one masking step
        (:func:`helpers.personal_data.mask`), and what was masked (a person must still read it
        before it goes up)."""
        from helpers.core.personal_data import mask

        masked = mask(self._repr_html_(), html=True)
        check = masked.sentence
        return (f"<div class='check'><b>Before this goes on a wall:</b> {html.escape(check)}</div>" + masked.texts, check)

    def export_wall(self, path: str | Path) -> str:
        """Write the wall page (masked) to ``path`` and return what was masked."""
        from helpers.core import session

        if session.is_readonly():
            raise PermissionError("This is a read-only walkthrough, so nothing is written.")
        page, check = self.wall_html()
        Path(path).write_text(html_page("Our studies", page), encoding="utf-8")
        return check
