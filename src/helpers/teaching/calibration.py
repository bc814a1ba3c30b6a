"""The calibration round: a team codes the calibration sample blind, into its own study.

Workbook 5 runs the "before" round (before the team classifies its own demands) and workbook 11
the "after" round, on the projector. The form is blind: while the team codes it shows each
sample demand's words and nothing else, no reference answer, no earlier round and no other
team's answers. Only once the round is saved does it show :func:`helpers.calibration` for this
team: which demands moved, the "?" answers, and the reference beside the ones the team reads
differently. Save writes the whole round or nothing, and says "saved" only once it is on disk.

>>> import pandas as pd
>>> from helpers.core.study import Study
>>> sample = pd.DataFrame({"source_id": ["C1", "C2"], "verbatim": ["is he still coming?", "leak in the bathroom"]})
>>> form = calibration_round(Study.scratch(name="Alder"), sample=sample)
>>> form.person.value = "Sam"
>>> form.answer("C1", "F")
>>> form.act("save")  # C2 has no answer yet: nothing is saved
>>> print(form.statuses["save"].value)
<p><b>Not saved:</b> 1 demand has no answer yet: 2 (C2). Answer every one ...
>>> form.answer("C2", "value")
>>> form.act("save")
'Done, in memory only (nothing is saved in a practice study). The before round: 2 answers.'
"""
from __future__ import annotations

import functools
import html

from helpers.core import session
from helpers.teaching.daily import _STYLE, _Form, _on_picker

__all__ = ["CHOICES", "CalibrationRound", "calibration_round"]

#: The answers a person can give each demand: (what the button says, what is saved).
CHOICES = (("value", "value"), ("failure", "failure"), ("?", "unsure"), ("not demand", "not demand"))
_STAGES = (("Before: at the start, before we classify our own demands", "before"),
           ("After: in the last days of the study", "after"))


class CalibrationRound(_Form):
    """A blind round of the calibration sample for ``study``: a choice per demand, an optional type
    and note, "Your name", Save (all or nothing) and "Undo my last"; the comparison after saving."""

    def __init__(self, study, sample=None):
        import ipywidgets as w

        from helpers.analysis.calibration import sample_words

        super().__init__(study)
        self.sample = sample_words(sample)
        self.readonly = session.is_readonly() or study.readonly
        self._entry = None  # the round this form saved: the comparison shows only once there is one
        self.stage = w.RadioButtons(options=_STAGES, value=self._next_stage(), description="Which round", style=_STYLE,
                                    layout={"width": "auto"})
        self.choices, self.types, self.notes, rows = {}, {}, {}, []
        for n, (sid, words) in enumerate(zip(self.sample["source_id"], self.sample["verbatim"]), start=1):
            self.choices[sid] = w.ToggleButtons(options=CHOICES, value=None, description=f"Demand {n}", style=_STYLE,
                                                tooltips=["value demand", "failure demand", "not sure (say why in the note)",
                                                          "not customer demand"])
            self.types[sid] = w.Text(description=f"Type {n}", placeholder="in the person's words (optional)", style=_STYLE)
            self.notes[sid] = w.Text(description=f"Note {n}", placeholder="e.g. why it is a ? (optional)", style=_STYLE)
            rows += [w.HTML(f"<p style='font-size:1.25em;margin:14px 0 2px'><b>{n}.</b> &ldquo;{html.escape(str(words))}"
                            f"&rdquo; <small>({html.escape(str(sid))})</small></p>"),
                     self.choices[sid], w.HBox([self.types[sid], self.notes[sid]])]
        if self.readonly:
            banner = ("<p><b>This is a read-only walkthrough:</b> you can try the round, but nothing is saved. A team "
                      "records its rounds in its own JupyterLab.</p>")
        elif study.is_scratch:
            banner = "<p><b>This study is in memory only:</b> a round saved here is gone when the kernel stops.</p>"
        else:
            banner = ""
        self.saved_rounds, self.comparison = w.HTML(), w.HTML()
        self.widget = w.VBox([
            w.HTML(banner + "<p>Code every demand below on your own, or as a group, without looking anything up: "
                   "value, failure, <b>?</b> when you are not sure (say why in the note), or not demand. Nothing here "
                   "shows a reference answer, an earlier round or another team's answers; the comparison appears "
                   "once the round is saved.</p>"),
            self.saved_rounds, self.person, self.stage, *rows,
            self._button("save", "Save this round", self._save, "Not saved",
                         advice="Your answers are still in the form."),
            self._button("undo", "Undo my last", self._undo, "Not undone", primary=False),
            self.comparison])
        self.widget.add_class("demand-calibration-round")
        self._after()

    def _next_stage(self) -> str:
        """The stage not yet recorded (after, once before is in)."""
        done = {e.data.get("stage") for e in self.study.entries("calibration")}
        return "after" if "before" in done else "before"

    def answer(self, source_id: str, word: str | None) -> None:
        """Choose an answer for one demand, as a person clicks it (any word of the one vocabulary)."""
        from helpers.core.vocabulary import normalise_classification

        if source_id not in self.choices:
            raise KeyError(f"{source_id!r} is not in the calibration sample.")
        self.choices[source_id].value = normalise_classification(word)

    def _save(self) -> str:
        if self.readonly:
            raise ValueError("This is a read-only walkthrough, so nothing is saved. A team records its rounds in its "
                             "own JupyterLab")
        who = self._who()
        numbered = list(enumerate(self.choices, start=1))
        missing = [f"{n} ({sid})" for n, sid in numbered if self.choices[sid].value is None]
        if missing:
            shown = ", ".join(missing[:12]) + (", ..." if len(missing) > 12 else "")
            raise ValueError(f"{len(missing)} demand{'s have' if len(missing) > 1 else ' has'} no answer yet: {shown}. "
                             "Answer every one (? is an answer when you are not sure); nothing was saved")
        answers = [{"source_id": sid, "classification": self.choices[sid].value, "demand_type": self.types[sid].value,
                    "note": self.notes[sid].value} for _, sid in numbered]
        stage = self.stage.value
        self._entry = self.study.add_calibration(stage, answers, by=who)
        for boxes in (self.choices, self.types, self.notes):  # a next round starts blind, from nothing
            for box in boxes.values():
                box.value = None if boxes is self.choices else ""
        return f"The {stage} round: {len(answers)} answers."

    def _after(self) -> None:
        from helpers.views.reports import calibration

        entries = self.study.entries("calibration")
        self.saved_rounds.value = "".join(
            f"<p>Already saved in this study: the {html.escape(str(e.data.get('stage')))} round, on {e.at[:10]} by "
            f"{html.escape(str(e.by))}.</p>" for e in entries)
        if self._entry is not None and not any(e.id == self._entry for e in entries):
            self._entry = None  # the round was undone: back to blind
        self.comparison.value = (calibration(self.study, sample=self.sample)._repr_html_()
                                 if self._entry is not None else "")
        self.stage.value = self._next_stage()


def calibration_round(study, sample=None) -> CalibrationRound:
    """A blind calibration round for ``study`` (or, given :func:`helpers.pick_study`'s picker, its chosen
    study); ``sample`` is the calibration sample (default ``datasets/calibration_sample.csv``)."""
    return _on_picker(study, functools.partial(CalibrationRound, sample=sample))
