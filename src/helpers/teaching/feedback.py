"""Exercise feedback that explains rather than marks.

A learner's answers are compared with a reference (matched by ``source_id``). Where they
differ, the learner sees the reference's reasoning as a point to discuss, never a mark: many
demands are genuinely arguable, and the argument is where the learning happens.

>>> import pandas as pd
>>> reference = pd.DataFrame({"source_id": ["c1", "c2"], "classification": ["failure", "value"],
...     "reason": ["They are chasing a visit we promised.", "A new leak: what the service is for."]})
>>> fb = compare({"c1": "value", "c2": "value"}, reference)
>>> fb.same, fb.different
(1, 1)
>>> print(fb.points[0])
c1: you said value, the reference says failure. They are chasing a visit we promised.
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any, Mapping

from helpers.core.vocabulary import normalise_classification
from helpers.views.safe import guarded

__all__ = ["Feedback", "compare", "classify_exercise"]

def _normalise(answer) -> str | None:
    if answer is None:
        return None
    try:
        return normalise_classification(answer)
    except ValueError:
        return str(answer).strip().lower() or None


def _answers(answers, column: str) -> dict[str, Any]:
    """Accept a mapping {source_id: answer}, a DataFrame with source_id, or a Study."""
    if isinstance(answers, Mapping):
        return {str(k): v for k, v in answers.items()}
    frame = answers.demands() if hasattr(answers, "demands") else answers
    if "source_id" not in frame.columns or column not in frame.columns:
        raise ValueError(f"The answers need the columns source_id and {column}; they have: {', '.join(map(str, frame.columns))}.")
    frame = frame.dropna(subset=["source_id"])
    return {str(s): v for s, v in zip(frame["source_id"], frame[column])}


@dataclass
class Feedback:
    """What the learner and the reference read alike, and the points worth discussing."""
    same: int
    different: int
    unanswered: list = field(default_factory=list)
    points: list = field(default_factory=list)       # plain sentences, one per disagreement
    rows: Any = None                                  # DataFrame: source_id, verbatim, yours, reference, reason

    @property
    def message(self) -> str:
        total = self.same + self.different
        if total == 0:
            return "Answer a few demands first, then ask for feedback."
        if self.different == 0:
            text = f"You read all {total} the way the reference does. Pick one and explain to a colleague why it is that."
        else:
            text = (f"You read {self.same} of {total} the way the reference does. The {self.different} below are worth "
                    f"talking through: the reference gives its reasoning; yours may be as good, so say why.")
        if self.unanswered:
            text += f" {len(self.unanswered)} not answered yet."
        return text

    def _repr_html_(self) -> str:
        items = "".join(f"<li>{html.escape(p)}</li>" for p in self.points)
        return f"<div class='demand-feedback'><p>{html.escape(self.message)}</p><ul>{items}</ul></div>"

    def __repr__(self) -> str:
        return self.message


def compare(answers, reference, on: str = "classification", verbatims=None) -> Feedback:
    """Compare a learner's answers with ``reference`` (a DataFrame with source_id, ``on`` and reason).

    ``answers``: {source_id: answer}, a DataFrame with source_id and ``on``, or a Study.
    ``on``: "classification" (value/failure/unsure/not demand; V/F/? accepted) or "demand_type".
    """
    import pandas as pd

    if "source_id" not in reference.columns or on not in reference.columns:
        raise ValueError(f"The reference needs source_id and {on}; it has: {', '.join(map(str, reference.columns))}.")
    mine = _answers(answers, on)
    texts = {}
    for frame in (verbatims, reference):
        if frame is not None and "verbatim" in getattr(frame, "columns", []):
            texts.update({str(s): v for s, v in zip(frame["source_id"], frame["verbatim"])})
    norm = _normalise if on == "classification" else (
        lambda v: None if v is None or (isinstance(v, float) and v != v) else str(v).strip())
    unanswered, points, rows = [], [], []
    for _, ref in reference.iterrows():
        sid = str(ref["source_id"])
        theirs = norm(ref[on])
        yours = norm(mine.get(sid))
        reason = str(ref.get("reason", "") or "").strip()
        if yours is None:
            unanswered.append(sid)
            continue
        if yours != theirs:
            points.append(f"{sid}: you said {yours}, the reference says {theirs}. {reason}".strip())
        rows.append({"source_id": sid, "verbatim": texts.get(sid, ""), "yours": yours, "reference": theirs,
                     "same": yours == theirs, "reason": reason})
    return Feedback(len(rows) - len(points), len(points), unanswered, points,
                    pd.DataFrame(rows, columns=["source_id", "verbatim", "yours", "reference", "same", "reason"]))


def classify_exercise(sample, reference, key: str = "exercise"):
    """A widget: classify each demand with a button, then see the reasoning for each one answered.

    ``sample`` has source_id and verbatim (the practice file); ``reference`` has source_id,
    classification and reason (kept in its own file). Answers live in the widget only: an
    exercise writes nothing, so it works the same in a read-only walkthrough.
    """
    import ipywidgets as widgets

    items = [(str(s), str(v)) for s, v in zip(sample["source_id"], sample["verbatim"])]
    answers: dict[str, str] = {}
    state = {"i": 0}
    counter = widgets.HTML()
    text = widgets.HTML(layout=widgets.Layout(min_height="4em"))
    question = widgets.HTML("<i>Is this contact caused by us not doing something, or not doing it right? "
                            "If not, is it what the service is here to do?</i>")
    buttons = [widgets.Button(description=label, tooltip=label) for label in ("value", "failure", "unsure", "not demand")]
    back = widgets.Button(description="back", icon="arrow-left")
    show = widgets.Button(description="Show the reasoning", button_style="primary")
    out = widgets.HTML()

    def render():
        i = state["i"]
        if i >= len(items):
            text.value = "<p><b>All done.</b> Now look at the reasoning below and talk through the differences.</p>"
            counter.value = f"{len(answers)} of {len(items)} answered"
            reveal()
            return
        sid, words = items[i]
        counter.value = f"Demand {i + 1} of {len(items)}" + (f" (you said {answers[sid]})" if sid in answers else "")
        text.value = f"<p style='font-size:1.3em'>&ldquo;{html.escape(words)}&rdquo;</p>"

    @guarded(out)
    def answer(button):
        if state["i"] < len(items):
            answers[items[state["i"]][0]] = button.description
            state["i"] += 1
        render()

    def go_back(_):
        state["i"] = max(0, state["i"] - 1)
        render()

    @guarded(out, lead="Could not compare the answers")
    def reveal(_=None):
        out.value = compare(answers, reference, verbatims=sample)._repr_html_()

    for b in buttons:
        b.on_click(answer)
    back.on_click(go_back)
    show.on_click(reveal)
    render()
    box = widgets.VBox([counter, text, question, widgets.HBox(buttons + [back]), show, out])
    box.answers = answers  # for tests and for the curious
    return box
