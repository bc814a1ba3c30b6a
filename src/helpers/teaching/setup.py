"""Choosing and setting up a study: the set-up form of workbook 3, and the study picker every
daily workbook opens with (:func:`pick_study`).

In a person's own JupyterLab the form creates or reopens a study in
:func:`helpers.studies_dir`; in a read-only walkthrough it works on a scratch study and says
so. Creating is idempotent: "Run All" twice reopens the same study and changes nothing. The
picker remembers a person's choice for their session (the kernel), never on disk.

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

__all__ = ["DOORS", "DAYS", "TIMES", "slug", "parse_team", "plan_days", "open_or_create", "describe",
           "StudyPicker", "pick_study", "StudyForm", "study_form"]

DOORS = ("phone", "web form", "email", "letter", "reception", "housing officer's mobile",
         "councillor casework", "contractor's own line", "complaints team")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
TIMES = ("early morning (8-10)", "late morning (10-12)", "lunchtime (12-2)", "afternoon (2-4)", "after four")
# The forms' labels in full beside their boxes, and text boxes almost as wide as the page.
_WIDE, _STYLE = {"width": "95%"}, {"description_width": "initial"}


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
    for key in ("doors", "days", "times"):
        if plan.get(key):
            lines.append(f"{key.capitalize()}: {esc(', '.join(map(str, plan[key])))}")
    if plan.get("demands_planned"):
        lines.append(f"About {int(plan['demands_planned'])} demands planned")
    where = "kept in memory only" if study.is_scratch else f"saved as {esc(Path(study.path).name)} in your studies folder"
    lines.append(f"<i>This study is {where}.</i>")
    return "<br>".join(lines)


def _choose(box, options, value) -> None:
    """New options for a drop-down, keeping ``value`` if it is still there, else its first line
    (chosen by index: a value of None would show an empty box)."""
    values = [v for _, v in options]
    box.options = options
    box.index = values.index(value) if value in values else 0


# The study each person chose, remembered for their session (one kernel: re-running a cell keeps it).
_CHOSEN: dict = {"path": None, "study": None}
_NONE_YET = "Create your study in workbook 3 first, then press <b>Look again for studies</b>."


class StudyPicker(Shown):
    """Which study the forms below write into: ``.study`` is None until a person chooses, unless
    there is only one study (then it is chosen, and the picker says so). :meth:`show` puts a form
    under the study's name; :func:`helpers.list_studies` gives the list (practice studies left out)."""

    def __init__(self, none_label: str = "Choose your study"):
        import ipywidgets as widgets

        self.study, self.none_label, self._watchers, self._quiet = None, none_label, [], False
        self.header = widgets.HTML()  # the chosen study's name, large: shared by every form shown under it
        self.status = widgets.HTML()
        self.choice = widgets.Dropdown(description="Our study", style=_STYLE,
                                       layout=widgets.Layout(width="auto"))
        self.again = widgets.Button(description="Look again for studies", layout=widgets.Layout(width="auto"))
        self.choice.observe(self._picked, names="value")
        self.again.on_click(lambda _: self.refresh())
        self.widget = widgets.VBox([widgets.HBox([self.choice, self.again]), self.status]).add_class("demand-study-picker")
        self.refresh()

    def refresh(self, said: str | None = None) -> None:
        """List the studies again (one made in another workbook since appears)."""
        from helpers.core.study import Study, list_studies

        with guarded(self.status, lead="Could not list the studies", advice="Press the button again, or ask the facilitator."):
            if session.is_readonly():
                self._options([("A practice study", None)], None)
                self._set(self.study or Study.scratch(name="Practice study (nothing is saved)"))
                self.status.value = ("<p>This is a read-only walkthrough: the forms below work on a practice study "
                                     "in memory, and nothing is saved.</p>")
                return
            rows = list_studies()
            rows = rows[rows["problem"].isna()]
            when = lambda t: "" if t is None or t != t else f", last changed {t:%d %b %Y}"  # noqa: E731 (NaT != NaT)
            paths = list(rows["path"])
            remembered = _CHOSEN["path"] if _CHOSEN["path"] in paths else None
            pick = remembered or (paths[0] if len(paths) == 1 else None)
            self._options([(self.none_label, None)] + [(f"{r.name} ({r.demands} demands{when(r.changed)})", r.path)
                                                       for r in rows.itertuples()], pick)
            self._picked({"new": pick})
            name = html.escape(str(self.study.info.get("name"))) if self.study is not None else ""
            self.status.value = (f"<p>{_NONE_YET}</p>" if not paths else f"<p>{said}</p>" if said and pick else
                                 f"<p>Chosen: <b>{name}</b>, as you chose it earlier in this session.</p>" if remembered else
                                 f"<p>There is one study here, <b>{name}</b>, so it is chosen. If it is not yours, "
                                 "create yours in workbook 3.</p>" if pick else
                                 "<p>Choose your study in the list: the forms below write nothing until you do.</p>")

    def _picked(self, change) -> None:
        from helpers.core.study import Study

        if self._quiet or (change["new"] is None and session.is_readonly()):
            return
        with guarded(self.status, lead="Could not open it", advice="Choose it again, or ask the facilitator."):
            path = change["new"]
            same = path is not None and _CHOSEN["path"] == path and _CHOSEN["study"] is not None
            study = _CHOSEN["study"] if same else Study.open(path) if path is not None else None
            _CHOSEN.update(path=path, study=study)
            self._set(study)
            if study is not None:
                name = html.escape(str(study.info.get("name")))
                self.status.value = f"<p>Chosen: <b>{name}</b>. The forms below write into it.</p>"

    def _options(self, options, value) -> None:
        self._quiet = True
        try:
            _choose(self.choice, options, value)
        finally:
            self._quiet = False

    def _set(self, study) -> None:
        if study is self.study and self.header.value:
            return  # the same study: the forms below keep what is typed in them
        self.study = study
        name = html.escape(str(study.info.get("name"))) if study is not None else "no study chosen yet"
        self.header.value = (f"<div class='demand-study-name' style='font-size:1.6em;font-weight:bold;margin:6px 0'>"
                             f"Study: {name}</div>")
        for watcher in self._watchers:
            watcher(study)

    def choose(self, study) -> None:
        """Choose ``study`` (a Study), and remember it for the session when it is a file."""
        if study.is_scratch:
            return self._set(study)
        _CHOSEN.update(path=str(study.path), study=study)
        self.refresh(said=f"Chosen: <b>{html.escape(str(study.info.get('name')))}</b>.")

    def show(self, make, *args, **kwargs):
        """A widget: the study's name, large, above ``make(study, *args, **kwargs)`` (a form, or anything a
        cell shows), made again when the choice changes; until a study is chosen it says what to do."""
        import ipywidgets as widgets

        body = widgets.VBox()

        def fill(study) -> None:
            if study is None:
                body.children = [widgets.HTML("<p><b>Choose your study in the list above first.</b> "
                                              f"No study in the list? {_NONE_YET}</p>")]
                return
            note = widgets.HTML()
            with guarded(note, lead="This could not be shown", advice="Choose the study again, or ask the facilitator."):
                made = make(study, *args, **kwargs)
                note = made.widget if isinstance(made, Shown) else made
                if not isinstance(note, widgets.Widget):
                    # A report or a page, as HTML: never an Output widget, whose messages mid-cell can leave a
                    # Voila page waiting forever (CONTRIBUTING, "facts learned here").
                    shown = made._repr_html_() if hasattr(made, "_repr_html_") else f"<pre>{html.escape(repr(made))}</pre>"
                    note = widgets.HTML(shown)
            body.children = [note]

        self._watchers.append(fill)
        fill(self.study)
        return widgets.VBox([self.header, body])


def pick_study(none_label: str = "Choose your study") -> StudyPicker:
    """The study picker the daily workbooks (4 to 8 and 11) open with; see :class:`StudyPicker`."""
    return StudyPicker(none_label)


def _ticks(options, ticked=()) -> list:
    import ipywidgets as widgets

    return [widgets.Checkbox(value=o in ticked, description=o, indent=False, layout=widgets.Layout(width="auto"))
            for o in options]


class StudyForm(Shown):
    """The set-up form: choose a study, or create one. ``form.study`` is the study chosen or created
    (a scratch study until then, so the cells after it always have one to work with)."""

    def __init__(self, default_name: str = ""):
        import datetime as dt

        import ipywidgets as widgets

        from helpers.core.study import Study

        self.readonly = session.is_readonly()
        self._placeholder = Study.scratch(name="Not chosen yet")
        self.picker = StudyPicker("A new study (fill in the form below)")
        self.name = widgets.Text(value=default_name, description="Name of the study", style=_STYLE, layout=_WIDE)
        self.service = widgets.Text(description="Service", placeholder="e.g. housing repairs line", style=_STYLE, layout=_WIDE)
        self.purpose = widgets.Textarea(description="Purpose, in the customer's terms",
                                        placeholder="e.g. fix my home right, at a time that suits me",
                                        style=_STYLE, layout=widgets.Layout(width="95%", height="4em"))
        self.kind = widgets.ToggleButtons(options=["transactional", "people-centred"], description="Kind of service",
                                          style=_STYLE)
        self.team = widgets.Textarea(description="Who listens (one per line, Name: role)",
                                     placeholder="Sam: repairs manager\nPriya: call handler",
                                     style=_STYLE, layout=widgets.Layout(width="95%", height="6em"))
        self.doors, self.days, self.times = _ticks(DOORS), _ticks(DAYS, DAYS[:5]), _ticks(TIMES, TIMES)
        self.other_doors = widgets.Text(description="Other doors (commas between)", style=_STYLE, layout=_WIDE)
        today = dt.date.today()
        self.start = widgets.DatePicker(value=today + dt.timedelta(days=(7 - today.weekday()) % 7 or 7),
                                        description="Listening starts", style=_STYLE)
        self.weeks = widgets.BoundedIntText(value=2, min=1, max=12, description="for weeks", style=_STYLE,
                                            layout=widgets.Layout(width="160px"))
        self.size = widgets.BoundedIntText(value=300, min=0, max=100000, description="About how many demands", style=_STYLE)
        self.button = widgets.Button(description="Create or reopen the study", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.summary = widgets.HTML(describe(self.study))
        self.button.on_click(self._submit)
        self.picker._watchers.append(lambda study: setattr(self.summary, "value", describe(self.study)))
        banner = ("<p><b>This is a read-only walkthrough:</b> the form works on a scratch study in memory, "
                  "and nothing is saved.</p>" if self.readonly else "")

        def group(title, boxes):
            return widgets.VBox([widgets.HTML(f"<b>{title}</b>"), *boxes])

        self.widget = widgets.VBox([
            widgets.HTML(banner), self.picker.widget, self.name, self.service, self.purpose, self.kind, self.team,
            widgets.HBox([self.start, self.weeks]),
            widgets.HBox([group("Doors: tick every door people use to reach the service, the side doors too", self.doors),
                          group("Days to listen", self.days), group("Times of day to cover", self.times)]),
            self.other_doors, self.size, self.button, self.status, self.summary]).add_class("demand-study-form")

    @property
    def study(self):
        """The study chosen or created (a scratch placeholder until then)."""
        return self.picker.study if self.picker.study is not None else self._placeholder

    def tick(self, doors=None, days=None, times=None) -> None:
        """Tick exactly these doors, days or times (each left as it is when not given)."""
        for boxes, wanted in ((self.doors, doors), (self.days, days), (self.times, times)):
            for box in boxes if wanted is not None else ():
                box.value = box.description in wanted

    def submit(self) -> bool:
        """Create (or reopen) the study from the form's values; True if it was there already."""
        name = self.name.value.strip()
        if not name:
            raise ValueError("Give the study a name first (for example 'Repairs line, March').")
        team = parse_team(self.team.value)
        ticked = lambda boxes: [b.description for b in boxes if b.value]  # noqa: E731
        doors = ticked(self.doors) + [d.strip() for d in self.other_doors.value.split(",") if d.strip()]
        there = not self.readonly and (session.studies_dir() / f"{slug(name)}.study").exists()
        if not doors and not there:
            raise ValueError("Tick every door people use to reach the service (at least one), the side doors too.")
        days = plan_days(self.start.value, self.weeks.value, ticked(self.days)) if self.start.value else None
        study = open_or_create(name, service=self.service.value.strip(), purpose=self.purpose.value.strip(),
                               service_type=self.kind.value, team=team, doors=doors, days=days,
                               times=ticked(self.times), demands_planned=self.size.value or None)
        self.picker.choose(study)
        return there

    def _submit(self, _=None):
        with guarded(self.status, lead="Not yet", advice="What you typed is still in the form."):
            there = self.submit()
            self.status.value = ("<p>Set up on a scratch study (nothing is saved in a walkthrough).</p>" if self.study.is_scratch
                                 else "<p>That study already exists, so it was reopened as it was.</p>" if there
                                 else "<p>Created. Everything you record is saved in it as you go.</p>")
            self.summary.value = describe(self.study)


def study_form(default_name: str = "") -> StudyForm:
    """Show the study picker and set-up form; keep it to use ``form.study`` later."""
    return StudyForm(default_name=default_name)
