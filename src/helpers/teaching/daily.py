"""The daily loop's forms: load a typed-up sheet (workbook 4), the debrief (workbook 5, again in 6) and
"have we seen enough?" (workbook 7).

Each takes a study, or the picker of :func:`helpers.pick_study` (then it shows under the chosen
study's name, and only once one is chosen). Every button writes through the Study, says "saved"
only once it is on disk, and shows what went wrong in plain words, never a traceback. "Undo my
last" takes back the last action of the person named in the form, never anyone else's.

"Was today normal?", a purpose looked at again and the team's own decision on whether it has learned
what it needs are kept as reflections (``study.reflections()``), beginning with :data:`NORMAL`,
:data:`PURPOSE` or :data:`DECISION`: the Study keeps its purpose as it was set up. What the numbers
said is kept apart, as a saturation check (``study.saturation_checks()``): the numbers inform, the
team decides, and :func:`enough_record` shows the two side by side, never mixed.

>>> from helpers.core.study import Study
>>> study = Study.scratch(name="Repairs")
>>> form = debrief(study)
>>> form.person.value = "Priya"
>>> form.normal.value, form.different.value = NO, "The phones were down after lunch"
>>> form.act("normal")
'Done, in memory only (nothing is saved in a practice study). Was today normal? No: The phones were down after lunch'
>>> form.act("undo")
"Done, in memory only (nothing is saved in a practice study). Undid Priya's reflection (done ...)."
"""
from __future__ import annotations

import html
import re
import warnings
from pathlib import Path

from helpers.core import session
from helpers.teaching.setup import _STYLE, _WIDE, StudyPicker, _choose
from helpers.views.safe import Shown, guarded

__all__ = ["NORMAL", "PURPOSE", "YES", "NO", "DECISION", "ENOUGH", "NOT_YET", "SheetForm", "sheet_form", "Debrief",
           "debrief", "record_decision", "enough_record", "EnoughForm", "enough_form", "start_again"]

NORMAL, PURPOSE = "Was today normal?", "Purpose, looked at again:"
YES, NO = "Yes, a normal day", "No, something was different"
DECISION = "Have we learned what we need?"
ENOUGH, NOT_YET = "Yes, we have learned what we need", "Not yet"


def _on_picker(study, cls):
    """``cls(study)``, or, given the picker, the same under the chosen study's name."""
    return study.show(cls) if isinstance(study, StudyPicker) else cls(study)


class _Form(Shown):
    """What both forms share: who is acting, a status under each button, saying "saved", undo."""

    def __init__(self, study):
        import ipywidgets as widgets

        self.study, self.buttons, self.statuses, self._actions = study, {}, {}, {}
        user = "" if study.user == "unknown" else study.user
        self.person = widgets.Text(value=user, description="Your name", placeholder="so the study shows who did it",
                                   style=_STYLE)

    def _button(self, key, label, action, lead, primary=True, advice="What you typed is still there."):
        """A button (and the status under it) that runs ``action`` and shows what it said."""
        import ipywidgets as widgets

        button = widgets.Button(description=label, button_style="primary" if primary else "", layout={"width": "auto"})
        status = widgets.HTML()
        self.buttons[key], self.statuses[key], self._actions[key] = button, status, (action, lead, advice)
        button.on_click(lambda _: self.act(key))
        return widgets.VBox([widgets.HBox([button]), status])

    def act(self, key) -> str | None:
        """Do what button ``key`` does (tests call this); returns what it said, if it worked."""
        action, lead, advice = self._actions[key]
        status = self.statuses[key]
        status.value = ""
        with guarded(status, lead=lead, advice=advice):
            said = action()
            where = ("Done, in memory only (nothing is saved in a practice study)." if self.study.is_scratch
                     else f"Saved in {self.study.info.get('name')}.")
            status.value = f"<p><b>{html.escape(where)}</b> {html.escape(str(said))}</p>"
            self._after()
            return f"{where} {said}"
        return None

    def _after(self) -> None:
        """Bring the form up to date after a change."""

    def _who(self) -> str:
        name = self.person.value.strip()
        if not name:
            raise ValueError("Write your name first, so the study shows who did it and "
                             "'undo my last' takes back only what you did")
        return name

    def _note(self, box, prefix: str, missing: str, text: str | None = None) -> str:
        """Keep ``prefix`` and the box's words as a reflection, then empty the box."""
        text = box.value.strip() if text is None else text
        if not text:
            raise ValueError(missing)
        self.study.add_reflection(f"{prefix}{text}", by=self._who())
        box.value = ""
        return f"{prefix}{text}"

    def _undo(self) -> str:
        done = self.study.undo(by=self._who())
        if done.event is None:
            raise ValueError(str(done).rstrip("."))  # nothing was undone: it must not say "saved"
        return str(done)


def _submit(text, callback) -> None:
    """Enter in a one-line box presses the button (ipywidgets 8 calls on_submit old-fashioned)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        text.on_submit(lambda _: callback())


# ------------------------------------------------------------------ a typed-up sheet into the study

class SheetForm(_Form):
    """Workbook 4: upload a typed-up sheet (kept beside the studies, in ``studies_dir()``) or choose one
    already there, check the first rows, and import it with :func:`helpers.import_sheet`."""

    def __init__(self, study):
        import ipywidgets as widgets

        super().__init__(study)
        self.upload = widgets.FileUpload(accept=".csv,.xlsx", multiple=False, description="Upload a typed-up sheet",
                                         layout={"width": "auto"})
        self.upload_status = widgets.HTML()
        self.sheet = widgets.Dropdown(description="Sheet to import", style=_STYLE, layout={"width": "auto"})
        self.dates = widgets.RadioButtons(options=[("dates are day first (02/03/2026 is 2 March)", True),
                                                   ("dates are month first (02/03/2026 is 3 February)", False)],
                                          description="Dates", layout={"width": "auto"})
        self.repeats = widgets.Checkbox(description="import rows seen before (new demands that only look the same)",
                                        indent=False, layout={"width": "auto"})
        self.preview = widgets.HTML()
        self.upload.observe(lambda change: self.receive(change["new"]), names="value")
        for box in (self.sheet, self.dates):
            box.observe(lambda _: self.show_preview(), names="value")
        self.widget = widgets.VBox([
            widgets.HTML("<p>Put the sheet beside your studies with the upload button, or choose one already there. "
                         "Check the first rows, then import it. A sheet imported before adds nothing the second time.</p>"),
            self.upload, self.upload_status, self.sheet, self.dates, self.preview, self.person, self.repeats,
            self._button("import", "Import this sheet", self._import, "Not imported", advice=""),
            self._button("undo", "Undo my last", self._undo, "Not undone", primary=False)])
        self.widget.add_class("demand-sheet-form")
        self.refresh()

    def refresh(self, pick: str | None = None) -> None:
        """List the sheets (CSV and Excel) in the studies folder, newest first."""
        folder = session.studies_dir()
        found = sorted((p for p in folder.glob("*") if p.suffix.lower() in (".csv", ".xlsx")),
                       key=lambda p: p.stat().st_mtime, reverse=True) if folder.is_dir() else []
        _choose(self.sheet, [("Choose a sheet", None)] + [(p.name, str(p)) for p in found], pick)
        self.show_preview()

    def receive(self, files) -> Path | None:
        """Keep an uploaded file in the studies folder (a new name if another file has its name)."""
        with guarded(self.upload_status, lead="Not saved", advice="Upload it again, or ask the facilitator."):
            if not files:
                return None
            item = files[0]
            data = bytes(item["content"])
            name = re.sub(r"[^\w .()-]+", "-", Path(str(item["name"])).name).strip(" .") or "sheet.csv"
            if Path(name).suffix.lower() not in (".csv", ".xlsx"):
                raise ValueError(f"{name} is not a CSV or an Excel (.xlsx) file. Save it as one of those and upload it again")
            if session.is_readonly():
                raise ValueError("This is a read-only walkthrough, so nothing is kept here. A team uploads its sheets "
                                 "in its own JupyterLab")
            folder = session.studies_dir(create=True)
            path, number = folder / name, 1
            while path.exists() and path.read_bytes() != data:
                number += 1
                path = folder / f"{Path(name).stem}-{number}{Path(name).suffix}"
            path.write_bytes(data)
            self.upload_status.value = (f"<p><b>Saved</b> {html.escape(path.name)} beside your studies, in "
                                        f"{html.escape(str(folder))}. Check its first rows below, then import it.</p>")
            self.refresh(pick=str(path))
            self.upload.value = ()
            return path
        return None

    def _path(self) -> Path:
        if not self.sheet.value:
            raise ValueError("Choose a sheet first (or upload one)")
        return Path(self.sheet.value)

    def show_preview(self, rows: int = 5) -> None:
        """The first rows as they will be imported (or why the sheet cannot be)."""
        from helpers.core.errors import DemandDataError
        from helpers.core.loader import load_demands
        from helpers.core.sheets import plain_words

        if not self.sheet.value:
            self.preview.value = ""
            return
        with guarded(self.preview, lead="Cannot read it", advice="Check the file, or ask the facilitator."):
            try:
                frame = load_demands(self._path(), dayfirst=self.dates.value, leave_out_example=True)
            except DemandDataError as exc:
                self.preview.value = f"<p><b>This sheet cannot be imported yet.</b> {html.escape(plain_words(str(exc)))}</p>"
                return
            cols = [c for c in ("received_at", "channel", "verbatim", "classification", "demand_type") if c in frame]
            table = frame[cols].head(rows).rename(columns={"received_at": "when", "verbatim": "what they said",
                                                           "classification": "V/F", "demand_type": "type"})
            self.preview.value = (f"<p><b>The first {min(rows, len(frame))} of {len(frame)} rows</b>, as they will be "
                                  f"imported (check the dates):</p>" + table.to_html(index=False, na_rep=""))

    def _import(self) -> str:
        from helpers.core.errors import DemandDataError
        from helpers.core.sheets import import_sheet

        try:
            result = import_sheet(self.study, self._path(), dayfirst=self.dates.value, by=self._who(),
                                  allow_repeats=self.repeats.value)
        except DemandDataError as exc:
            raise ValueError(f"{getattr(exc, 'plain', exc)} Put it right in the sheet, save it, then upload it "
                             "again and import that") from None
        if not result.imported:
            raise ValueError(result.message.rstrip("."))  # nothing saved, so it must not say "saved"
        return result.message


def sheet_form(study) -> SheetForm:
    """Workbook 4's form to import a typed-up sheet into ``study`` (or the picker's study)."""
    return _on_picker(study, SheetForm)


# ------------------------------------------------------------------ the debrief

class Debrief(_Form):
    """Workbook 5's debrief: consolidate types (join, rename), describe them, "was today normal?",
    a reflection and the purpose looked at again; each saved with the study, each undoable."""

    def __init__(self, study):
        import ipywidgets as widgets

        super().__init__(study)
        w = widgets
        self.once = w.HTML()
        self.join = w.Dropdown(description="Join this type", style=_STYLE, layout={"width": "auto"})
        self.into = w.Combobox(description="into", placeholder="a type, or a new name", ensure_option=False, style=_STYLE,
                               layout=_WIDE)
        self.old = w.Dropdown(description="Rename this type", style=_STYLE, layout={"width": "auto"})
        self.new = w.Text(description="New name, in the person's words", style=_STYLE, layout=_WIDE)
        self.kind = w.Dropdown(description="Describe this type", style=_STYLE, layout={"width": "auto"})
        self.matters = w.Textarea(description="What matters to the person", style=_STYLE, layout=_WIDE)
        self.failed = w.Textarea(description="What failed, and where (a hypothesis to check)", style=_STYLE, layout=_WIDE)
        self.arises = w.Combobox(description="What it arises from", placeholder="e.g. appointment slots",
                                 ensure_option=False, style=_STYLE, layout=_WIDE)
        self.normal = w.RadioButtons(options=[YES, NO], value=None, description="Was today normal?", style=_STYLE,
                                     layout={"width": "auto"})
        self.different = w.Text(description="What was different", style=_STYLE, layout=_WIDE)
        self.reflection = w.Textarea(description="A reflection (what surprised us, what we would do differently)",
                                     style=_STYLE, layout=_WIDE)
        self.purpose_now = w.HTML()
        self.purpose = w.Textarea(description="The purpose, as we see it now", style=_STYLE, layout=_WIDE)
        self.kind.observe(lambda _: self._describing(), names="value")
        _submit(self.into, lambda: self.act("join"))
        _submit(self.new, lambda: self.act("rename"))
        _submit(self.different, lambda: self.act("normal"))
        h = lambda text: w.HTML(f"<h4 style='margin:12px 0 4px'>{text}</h4>")  # noqa: E731
        self.widget = w.VBox([
            self.person, h("Consolidate first"), self.once,
            self.join, self.into, self._button("join", "Join them", self._join, "Not joined"),
            self.old, self.new, self._button("rename", "Rename it", self._rename, "Not renamed"),
            h("Describe a type"), self.kind, self.matters, self.failed, self.arises,
            self._button("describe", "Save the description", self._describe, "Not saved"),
            h("Was today normal?"), self.normal, self.different, self._button("normal", "Record it", self._normal, "Not saved"),
            h("A reflection"), self.reflection, self._button("reflect", "Save the reflection", self._reflect, "Not saved"),
            h("Look again at the purpose"), self.purpose_now, self.purpose,
            self._button("purpose", "Record the purpose as we see it now", self._purpose, "Not saved"),
            h("Made a mistake?"), self._button("undo", "Undo my last", self._undo, "Not undone", primary=False)])
        self.widget.add_class("demand-debrief")
        self._after()

    def _after(self) -> None:
        types = self.study.types()
        names = list(types["name"])
        for box in (self.join, self.old, self.kind):
            _choose(box, [("Choose a type", None)] + [(n, n) for n in names], box.value)
        self.into.options = names
        self.arises.options = sorted({str(a) for a in types["arises_from"].dropna() if str(a).strip()})
        once = types[types["uses"] == 1]["name"].tolist()
        self.once.value = ("<p>No pile of one-off types to look through.</p>" if len(once) < 3 else
                           f"<p><b>{len(once)} types have been used only once:</b> {html.escape('; '.join(once))}. "
                           "Before describing types, look for ones that are the same demand in other words, and join "
                           "them (a value type is never joined to a failure type).</p>")
        purpose = self.study.info.get("purpose") or "not written yet"
        self.purpose_now.value = (f"<p>The purpose, in the customer's terms, as the study was set up: "
                                  f"<b>{html.escape(str(purpose))}</b>. Does what you heard today change it?</p>")

    def _describing(self) -> None:
        types = self.study.types().set_index("name")
        row = types.loc[self.kind.value] if self.kind.value in types.index else {}
        for box, field in ((self.matters, "what_matters"), (self.failed, "failed_where"), (self.arises, "arises_from")):
            value = row.get(field) if len(row) else None
            box.value = "" if value is None or value != value else str(value)

    def _type(self, box) -> str:
        if not box.value:
            raise ValueError("Choose a type first")
        return box.value

    def _join(self) -> str:
        source, into = self._type(self.join), self.into.value.strip()
        if not into:
            raise ValueError("Say which type to join it into (or give a new name)")
        self.study.merge_types([source], into=into, by=self._who())
        self.into.value = ""
        return f"{source!r} is now part of {into!r}."

    def _rename(self) -> str:
        old, new = self._type(self.old), self.new.value.strip()
        self.study.rename_type(old, new, by=self._who())
        self.new.value = ""
        return f"{old!r} is now called {new!r}."

    def _describe(self) -> str:
        name = self._type(self.kind)
        if not (self.matters.value.strip() or self.failed.value.strip() or self.arises.value.strip()):
            raise ValueError("Write what matters, what failed and where, or what it arises from first")
        self.study.describe_type(name, what_matters=self.matters.value.strip(), failed_where=self.failed.value.strip(),
                                 arises_from=self.arises.value.strip(), by=self._who())
        return f"The description of {name!r}."

    def _normal(self) -> str:
        if self.normal.value is None:
            raise ValueError("Choose yes or no first")
        different = self.different.value.strip()
        said = self._note(self.different, f"{NORMAL} ", "Say what was different, in a few words",
                          "Yes." if self.normal.value == YES else different and f"No: {different}")
        self.normal.value = None
        return said

    def _reflect(self) -> str:
        return self._note(self.reflection, "", "Write the reflection first")

    def _purpose(self) -> str:
        return self._note(self.purpose, f"{PURPOSE} ", "Write the purpose as you see it now first")


def debrief(study) -> Debrief:
    """Workbook 5's debrief for ``study`` (or, given :func:`helpers.pick_study`'s picker, its chosen study)."""
    return _on_picker(study, Debrief)


# ------------------------------------------------------------------ have we seen enough?

def record_decision(study, enough: bool, why: str, by: str | None = None) -> str:
    """Keep the team's own answer to "have we learned what we need?" (yes, or not yet) and why, apart
    from what the numbers said (``study.record_saturation_check``). Returns what was kept.

    >>> from helpers.core.study import Study
    >>> study = Study.scratch()
    >>> record_decision(study, False, "We have not heard the letters yet.", by="the team")
    'Have we learned what we need? Not yet: We have not heard the letters yet.'
    """
    why = str(why or "").strip()
    if not why:
        raise ValueError("Say why, in a few words: the reasons are what the team learned")
    text = f"{DECISION} {ENOUGH if enough else NOT_YET}: {why}"
    study.add_reflection(text, by=by)
    return text


def enough_record(study):
    """What the numbers said (each saturation check kept) and, apart from it, what the team decided
    (each answer to "have we learned what we need?"), as two tables with their dates and names.

    >>> from helpers.core.study import Study
    >>> study = Study.scratch()
    >>> _ = record_decision(study, True, "The types settled and the plan is covered.", by="the team")
    >>> page = enough_record(study).html
    >>> "No check of the numbers kept yet" in page, "The types settled and the plan is covered." in page
    (True, True)
    """
    from helpers.views.figures import HtmlView, table

    checks = study.saturation_checks()
    numbers = (table(checks.assign(when=checks["at"].astype(str).str[:16])[["when", "by", "verdict", "message"]]
                     .rename(columns={"message": "what the numbers said"})).html
               if len(checks) else "<p>No check of the numbers kept yet.</p>")
    notes = study.reflections()
    decided = notes[notes["text"].astype(str).str.startswith(DECISION)]
    words = decided["text"].str[len(DECISION):].str.strip().str.split(": ", n=1)
    team = (table(decided.assign(when=decided["at"].astype(str).str[:16], decision=words.str[0], why=words.str[1])
                  [["when", "by", "decision", "why"]]).html
            if len(decided) else "<p>Not decided yet: only the team can say whether it has learned what it needs.</p>")
    return HtmlView(f"<h4>What the numbers said</h4>{numbers}<h4>What the team decided, and why</h4>{team}")


class EnoughForm(_Form):
    """Workbook 7: keep what the numbers say (the saturation check), then, apart from it, the team's own
    answer to "have we learned what we need?" and why; both shown below the form, separately."""

    def __init__(self, study):
        import ipywidgets as widgets

        super().__init__(study)
        w = widgets
        self.numbers, self.record = w.HTML(), w.HTML()
        self.decision = w.RadioButtons(options=[ENOUGH, NOT_YET], value=None, description=DECISION, style=_STYLE,
                                       layout={"width": "auto"})
        self.why = w.Textarea(description="Why, in a few words", style=_STYLE, layout=_WIDE)
        h = lambda text: w.HTML(f"<h4 style='margin:12px 0 4px'>{text}</h4>")  # noqa: E731
        self.widget = w.VBox([
            self.person, h("What the numbers say"), self.numbers,
            self._button("numbers", "Keep what the numbers say", self._numbers, "Not saved", advice=""),
            h("What we decided (the numbers inform, the team decides)"), self.decision, self.why,
            self._button("decide", "Record our decision", self._decide, "Not saved"),
            h("Made a mistake?"), self._button("undo", "Undo my last", self._undo, "Not undone", primary=False),
            h("Kept with the study"), self.record])
        self.widget.add_class("demand-enough")
        self._after()

    def _after(self) -> None:
        from helpers.analysis.saturation import saturation

        self.numbers.value = f"<p>{html.escape(saturation(self.study).message)}</p>"
        self.record.value = enough_record(self.study).html

    def _numbers(self) -> str:
        from helpers.analysis.saturation import saturation

        report = saturation(self.study)
        self.study.record_saturation_check(report, by=self._who())
        return f"What the numbers say: {report.message}"

    def _decide(self) -> str:
        if self.decision.value is None:
            raise ValueError("Choose yes or not yet first")
        said = record_decision(self.study, self.decision.value == ENOUGH, self.why.value, by=self._who())
        self.decision.value, self.why.value = None, ""
        return said


def enough_form(study) -> EnoughForm:
    """Workbook 7's "have we seen enough?" form for ``study`` (or the picker's chosen study)."""
    return _on_picker(study, EnoughForm)


def start_again(make, label: str = "Start the practice again"):
    """``make()`` (a practice on a fresh scratch study), under a button that makes it afresh."""
    import ipywidgets as widgets

    button = widgets.Button(description=label, icon="refresh", layout={"width": "auto"})
    box = widgets.VBox([button, make()])
    button.on_click(lambda _: setattr(box, "children", [button, make()]))
    return box
