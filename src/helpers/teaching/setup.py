"""Choosing and setting up a study: the picker and set-up form of workbook 3.

In a person's own JupyterLab the form creates or reopens a study in
:func:`helpers.studies_dir`; in a read-only walkthrough it works on a scratch study and says
so. Creating is idempotent: "Run All" twice reopens the same study and changes nothing.

>>> parse_team("Sam Okafor: repairs manager\\nPriya - call handler")
{'Sam Okafor': 'repairs manager', 'Priya': 'call handler'}
>>> slug("Repairs line: spring 2026!")
'repairs-line-spring-2026'
"""
from __future__ import annotations

import html
import re
from pathlib import Path

from helpers.core import session
from helpers.views.safe import Shown, guarded

__all__ = ["DOORS", "DAYS", "TIMES", "slug", "parse_team", "plan_days", "existing_studies", "open_or_create",
           "describe", "StudyForm", "study_form"]

DOORS = ("phone", "web form", "email", "letter", "reception", "housing officer's mobile",
         "councillor casework", "contractor's own line", "complaints team")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIMES = ("early morning (8-10)", "late morning (10-12)", "lunchtime (12-2)", "afternoon (2-4)", "after four")


def slug(name: str) -> str:
    """A file name from a study's name."""
    return re.sub(r"[^a-z0-9]+", "-", str(name).lower()).strip("-") or "study"


def parse_team(text: str) -> dict[str, str]:
    """Read "Name: role" lines (a colon or a dash between) into {name: role}."""
    team: dict[str, str] = {}
    for number, line in enumerate(str(text or "").splitlines(), start=1):
        line = line.strip()
        if not line:
            continue
        parts = re.split(r"\s*[:\u2013\u2014]\s*|\s+-\s+", line, maxsplit=1)
        if len(parts) != 2 or not parts[0] or not parts[1]:
            raise ValueError(f"Line {number} of the team, {line!r}, needs a name and a role, like 'Sam: repairs manager'.")
        team[parts[0].strip()] = parts[1].strip()
    return team


def plan_days(start, weeks: int = 2, weekdays=DAYS[:5]) -> list:
    """The dates of a listening plan: the chosen weekdays over ``weeks`` weeks from ``start``.

    >>> import datetime as dt
    >>> [d.isoformat() for d in plan_days(dt.date(2026, 3, 2), weeks=1, weekdays=("Monday", "Friday"))]
    ['2026-03-02', '2026-03-06']
    """
    import datetime as dt

    if weeks < 1 or weeks > 12:
        raise ValueError(f"Plan between 1 and 12 weeks of listening (two or three is usual); got {weeks}.")
    wanted = {DAYS.index(w) for w in weekdays}
    if not wanted:
        raise ValueError("Choose at least one day of the week to listen on.")
    return [start + dt.timedelta(days=i) for i in range(weeks * 7) if (start + dt.timedelta(days=i)).weekday() in wanted]


def existing_studies() -> list[Path]:
    """The studies in the studies folder, newest first."""
    folder = session.studies_dir()
    if not folder.is_dir():
        return []
    return sorted(folder.glob("*.study"), key=lambda p: p.stat().st_mtime, reverse=True)


def open_or_create(name: str, service: str = "", purpose: str = "", service_type: str = "transactional",
                   team: dict | None = None, doors=None, days=None, times=None, demands_planned: int | None = None):
    """Create the study called ``name`` in the studies folder, or reopen it if it is there.

    Reopening changes nothing (so running a notebook twice is harmless). In a read-only
    walkthrough you get a scratch study that says so.
    """
    from helpers.core.study import Study

    if session.is_readonly():
        study = Study.scratch(name=name, service=service or None, service_type=service_type, purpose=purpose or None, team=team)
        if doors or days or times:
            study.set_plan(doors=doors, days=days, times=times, demands_planned=demands_planned)
        return study
    path = session.studies_dir(create=True) / f"{slug(name)}.study"
    if path.exists():
        return Study.open(path)
    study = Study.create(path, name=name, service=service or None, service_type=service_type,
                         purpose=purpose or None, team=team)
    if doors or days or times or demands_planned:
        study.set_plan(doors=doors, days=days, times=times, demands_planned=demands_planned)
    return study


def describe(study) -> str:
    """A short HTML summary of a study: what, for whom, who listens, the plan."""
    info = study.info
    members = study.members()
    plan = study.plan() or {}
    esc = html.escape
    team = ", ".join(f"{esc(str(n))} ({esc(str(r))})" for n, r in zip(members["name"], members["role"])) or "nobody yet"
    lines = [
        f"<b>{esc(str(info.get('name') or ''))}</b>: {esc(str(info.get('service') or 'service not named'))} "
        f"({esc(str(info.get('service_type')))})",
        f"Purpose, in the customer's terms: {esc(str(info.get('purpose') or 'not written yet'))}",
        f"Who listens: {team}",
    ]
    if plan:
        for key, label in (("doors", "Doors"), ("days", "Days"), ("times", "Times")):
            if plan.get(key):
                lines.append(f"{label}: {html.escape(', '.join(map(str, plan[key])))}")
        if plan.get("demands_planned"):
            lines.append(f"About {int(plan['demands_planned'])} demands planned")
    where = "kept in memory only" if study.is_scratch else f"saved as {html.escape(Path(study.path).name)} in your studies folder"
    lines.append(f"<i>This study is {where}.</i>")
    return "<br>".join(lines)


class StudyForm(Shown):
    """The picker and set-up form. ``form.study`` is the study chosen or created (a scratch study
    until then, so the cells after it always have one to work with)."""

    def __init__(self, default_name: str = ""):
        import ipywidgets as widgets

        from helpers.core.study import Study

        self.readonly = session.is_readonly()
        found = [] if self.readonly else existing_studies()
        self.study = Study.open(found[0]) if found else Study.scratch(name="Not chosen yet")
        wide = widgets.Layout(width="95%")
        style = {"description_width": "initial"}
        self.picker = widgets.Dropdown(options=["A new study"] + [p.stem for p in found], description="Study",
                                       value=found[0].stem if found else "A new study")
        self.name = widgets.Text(value=default_name, description="Name of the study", style=style, layout=wide)
        self.service = widgets.Text(description="Service", placeholder="e.g. housing repairs line", style=style, layout=wide)
        self.purpose = widgets.Textarea(description="Purpose, in the customer's terms",
                                        placeholder="e.g. fix my home right, at a time that suits me",
                                        style=style, layout=widgets.Layout(width="95%", height="4em"))
        self.kind = widgets.ToggleButtons(options=["transactional", "people-centred"], description="Kind of service", style=style)
        self.team = widgets.Textarea(description="Who listens (one per line, Name: role)",
                                     placeholder="Sam: repairs manager\nPriya: call handler",
                                     style=style, layout=widgets.Layout(width="95%", height="6em"))
        self.doors = widgets.SelectMultiple(options=DOORS, value=("phone",), description="Doors", rows=len(DOORS), style=style)
        import datetime as dt

        today = dt.date.today()
        self.start = widgets.DatePicker(value=today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7),
                                        description="Listening starts", style=style)
        self.weeks = widgets.BoundedIntText(value=2, min=1, max=12, description="for weeks", style=style,
                                            layout=widgets.Layout(width="160px"))
        self.days = widgets.SelectMultiple(options=DAYS, value=DAYS[:5], description="Days", rows=7, style=style)
        self.times = widgets.SelectMultiple(options=TIMES, value=TIMES, description="Times", rows=len(TIMES), style=style)
        self.size = widgets.BoundedIntText(value=300, min=0, max=100000, description="About how many demands", style=style)
        self.button = widgets.Button(description="Create or reopen the study", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.summary = widgets.HTML(describe(self.study))
        self.button.on_click(self._submit)
        self.picker.observe(self._pick, names="value")
        banner = ("<p><b>This is a read-only walkthrough:</b> the form works on a scratch study in memory, "
                  "and nothing is saved.</p>" if self.readonly else "")
        self.widget = widgets.VBox([widgets.HTML(banner), self.picker, self.name, self.service, self.purpose, self.kind,
                                    self.team, widgets.HBox([self.start, self.weeks]),
                                    widgets.HBox([self.doors, self.days, self.times]), self.size,
                                    self.button, self.status, self.summary])

    def _pick(self, change):
        with guarded(self.status, lead="Could not open it", advice="Choose it again, or ask the facilitator."):
            if change["new"] == "A new study":
                return
            from helpers.core.study import Study

            path = session.studies_dir() / f"{change['new']}.study"
            self.study = Study.open(path)
            self.summary.value = describe(self.study)
            self.status.value = f"<p>Opened {html.escape(path.name)}.</p>"

    def submit(self) -> None:
        """Create (or reopen) the study from the form's values."""
        name = self.name.value.strip()
        if not name:
            raise ValueError("Give the study a name first (for example 'Repairs line, March').")
        team = parse_team(self.team.value)
        days = plan_days(self.start.value, self.weeks.value, self.days.value) if self.start.value else None
        self.study = open_or_create(name, service=self.service.value.strip(), purpose=self.purpose.value.strip(),
                                    service_type=self.kind.value, team=team, doors=list(self.doors.value), days=days,
                                    times=list(self.times.value), demands_planned=self.size.value or None)

    def _submit(self, _=None):
        with guarded(self.status, lead="Not yet", advice="What you typed is still in the form."):
            before = existing_studies()
            self.submit()
            if self.study.is_scratch:
                self.status.value = "<p>Set up on a scratch study (nothing is saved in a walkthrough).</p>"
            elif self.study.path in before:
                self.status.value = "<p>That study already exists, so it was reopened as it was.</p>"
            else:
                self.status.value = "<p>Created. Everything you record is saved in it as you go.</p>"
            self.summary.value = describe(self.study)


def study_form(default_name: str = "") -> StudyForm:
    """Show the study picker and set-up form; keep it to use ``form.study`` later."""
    return StudyForm(default_name=default_name)
