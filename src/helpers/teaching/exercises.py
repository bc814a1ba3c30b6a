"""Widgets for the practice exercises: answer first, then see the reasoning.

Every exercise asks the learner to commit to an answer before any reasoning shows. The
reference answers live in their own files under ``datasets/`` and are read only when the
learner asks for the reasoning, so nothing in a notebook's source or stored output gives them
away. Feedback explains rather than marks: where the learner and the reference differ, that is
a point to discuss, and the learner's view may be as good.

Each kind is a pure function (tested) and a widget around it: spot it, what do you say?, when
to stop, rewrite this next step, guess then see, and your calibration answers beside other
teams' (never ranked).

>>> import pandas as pd
>>> reference = pd.DataFrame({"item": ["a", "b", "c"], "shows": ["yes", "no", "yes"],
...                           "reason": ["Chasing.", "A new leak.", "Back again."]})
>>> fb = spot_feedback({"a", "b"}, reference, id_column="item")
>>> fb.same, fb.different
(1, 2)
>>> print(fb.points[0])
b: you ticked it; the reference would not. A new leak.
"""
from __future__ import annotations

import html
import re
from typing import Any, Callable, Iterable, Mapping

from helpers.views.safe import Shown, guarded

__all__ = ["spot_feedback", "SpotIt", "spot_it", "reply_points", "WhatDoYouSay", "what_do_you_say",
           "day_facts", "stop_feedback", "WhenToStop", "when_to_stop", "rewrite_feedback", "RewriteStep",
           "rewrite_step", "guess_feedback", "GuessThenSee", "guess_then_see", "compare_with_teams",
           "TeamComparison", "compare_with_teams_widget", "journey_reveal", "YES"]

#: Answers in a reference's yes/no column that count as "yes".
YES = {"yes", "y", "true", "1", "x"}

_CARD = "border-left:4px solid #1f4e79;padding:4px 10px;margin:6px 0;background:#f4f7fb"
_TALK = "border-left:4px solid #8c6d1f;padding:4px 10px;margin:6px 0;background:#fbf8f0"
_TABLE = "border-collapse:separate;border-spacing:14px 3px"


def _text(value) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _after(after) -> str:
    """HTML from ``after()`` (a string, or anything that shows itself in a notebook); "" without it."""
    shown = after() if after is not None else ""
    return shown if isinstance(shown, str) else shown._repr_html_()


def _need(frame, columns: Iterable[str], what: str) -> None:
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"The {what} needs the column(s) {', '.join(missing)}; it has: "
                         f"{', '.join(map(str, frame.columns))}.")


def _button(owner, description: str, action: Callable[[], object], style: str = "primary") -> None:
    """``owner.button`` (as wide as its words) runs ``action``; ``owner.result`` shows what failed, if anything.
    Never ipywidgets' "info" or "warning": white on their teal or orange is under 4.5:1."""
    import ipywidgets as widgets

    owner.result = widgets.HTML()
    owner.button = widgets.Button(description=description, button_style=style, layout=widgets.Layout(width="auto"))
    owner.button.on_click(guarded(owner.result)(lambda _: action()))


# ------------------------------------------------------------------ spot it

def spot_feedback(picked: Iterable[Any], reference, *, id_column: str = "source_id", on: str = "shows",
                  pick: str | None = None, texts: Mapping[str, str] | None = None):
    """Compare the items a learner ticked with a reference: a :class:`helpers.teaching.feedback.Feedback`.

    ``reference`` has ``id_column``, ``on`` and ``reason``. An item "shows the pattern" when its
    ``on`` value is yes (or equals ``pick`` when given, e.g. ``on="classification", pick="failure"``).
    Every item counts as answered: not ticking is an answer too. ``points`` holds one sentence per
    disagreement; ``rows`` has every item with ``yours``, ``reference``, ``same`` and ``reason``.

    >>> import pandas as pd
    >>> ref = pd.DataFrame({"source_id": ["1", "2"], "classification": ["failure", "value"],
    ...                     "reason": ["We promised and did not come.", "A first report."]})
    >>> fb = spot_feedback(["1"], ref, on="classification", pick="failure")
    >>> fb.same, fb.different, fb.points
    (2, 0, [])
    >>> spot_feedback([], ref.drop(columns="reason"))
    Traceback (most recent call last):
    ...
    ValueError: The reference needs the column(s) shows, reason; it has: source_id, classification.
    """
    import pandas as pd

    from helpers.teaching.feedback import Feedback

    _need(reference, [id_column, on, "reason"], "reference")
    ticked = {str(p) for p in picked}
    known = {str(i) for i in reference[id_column]}
    strange = sorted(ticked - known)
    if strange:
        raise ValueError(f"These ticked items are not in the reference: {', '.join(strange)}. "
                         f"Valid items: {', '.join(sorted(known))}.")
    texts = dict(texts or {})
    points, rows = [], []
    for _, ref in reference.iterrows():
        item = str(ref[id_column])
        shows = (_text(ref[on]).lower() == pick.lower()) if pick is not None else _text(ref[on]).lower() in YES
        yours = item in ticked
        reason = _text(ref["reason"])
        if yours != shows:
            said = "you ticked it; the reference would not." if yours else "you left it; the reference would tick it."
            points.append(f"{item}: {said} {reason}".strip())
        rows.append({"item": item, "text": texts.get(item, ""), "yours": yours, "reference": shows,
                     "same": yours == shows, "reason": reason})
    return Feedback(len(rows) - len(points), len(points), [], points,
                    pd.DataFrame(rows, columns=["item", "text", "yours", "reference", "same", "reason"]))


def _spot_html(fb, label_yes: str) -> str:
    rows = fb.rows
    total = len(rows)
    if fb.different == 0:
        head = (f"You and the reference read all {total} the same way. Pick one and explain to a colleague why "
                "it is that way: saying it aloud is where it sticks.")
    else:
        head = (f"You and the reference read {fb.same} of {total} the same way. Talk through the {fb.different} "
                "below: the reference gives its reasoning, and yours may be as good, so say why.")
    parts = [f"<p>{html.escape(head)}</p>"]
    differ = rows[~rows["same"]]
    if len(differ):
        parts.append("<p><b>Worth discussing</b></p>")
        for r in differ.itertuples():
            said = "You ticked it; the reference does not." if r.yours else f"You left it; the reference says it {label_yes}."
            parts.append(f"<div style='{_TALK}'><b>&ldquo;{html.escape(r.text or r.item)}&rdquo;</b><br>"
                         f"{html.escape(said)} {html.escape(r.reason)}</div>")
    agree = rows[rows["same"]]
    if len(agree):
        parts.append("<p><b>Where you agreed, and why</b></p><ul>")
        for r in agree.itertuples():
            parts.append(f"<li>&ldquo;{html.escape(r.text or r.item)}&rdquo; "
                         f"({'ticked' if r.yours else 'not ticked'}): {html.escape(r.reason)}</li>")
        parts.append("</ul>")
    return "".join(parts)


class SpotIt(Shown):
    """Tick the items that show a pattern, then "Show the reasoning".

    ``items``: a DataFrame with ``id_column`` and ``text_column`` (the practice file);
    ``reference``: a path or DataFrame, read only when the reasoning is asked for. ``after``: a
    function returning more HTML to show with the reasoning (e.g. what the checks found).
    ``spot.tick(item)`` and ``spot.reveal()`` do what the clicks do (tests use them).
    """

    def __init__(self, items, reference, *, question: str, id_column: str = "source_id",
                 text_column: str = "verbatim", on: str = "shows", pick: str | None = None,
                 label_yes: str = "shows the pattern", after: Callable[[], object] | None = None):
        import ipywidgets as widgets

        _need(items, [id_column, text_column], "list of items")
        self.items = [(str(i), _text(t)) for i, t in zip(items[id_column], items[text_column])]
        self._reference = reference
        self.id_column, self.on, self.pick, self.label_yes, self.after = id_column, on, pick, label_yes, after
        self.boxes: dict[str, Any] = {}
        rows = []
        for item, text in self.items:
            # The words beside the box are its name too (the tooltip becomes its title).
            box = widgets.Checkbox(value=False, indent=False, description="", tooltip=text, layout=widgets.Layout(width="2.2em"))
            self.boxes[item] = box
            # The words take the rest of the row and wrap, whole: a long verbatim is never cut short.
            words = widgets.HTML(f"<span style='font-size:1.05em;white-space:normal'>{html.escape(text)}</span>",
                                 layout=widgets.Layout(flex="1 1 0%", min_width="0"))
            rows.append(widgets.HBox([box, words], layout=widgets.Layout(width="100%", align_items="flex-start")))
        _button(self, "Show the reasoning", self.reveal)
        self.widget = widgets.VBox([widgets.HTML(f"<p><b>{html.escape(question)}</b></p>"), *rows, self.button,
                                    self.result])

    @property
    def picked(self) -> set[str]:
        return {item for item, box in self.boxes.items() if box.value}

    def tick(self, *items: str) -> None:
        for item in items:
            self.boxes[str(item)].value = True

    def feedback(self):
        return spot_feedback(self.picked, _read(self._reference), id_column=self.id_column, on=self.on,
                             pick=self.pick, texts=dict(self.items))

    def reveal(self) -> str:
        page = _spot_html(self.feedback(), self.label_yes) + _after(self.after)
        self.result.value = page
        return page


def spot_it(items, reference, **kwargs) -> SpotIt:
    """A :class:`SpotIt` exercise (show it as a cell's last line)."""
    return SpotIt(items, reference, **kwargs)


def _read(reference):
    """A reference given as a DataFrame or as a path to a CSV (read as text)."""
    if hasattr(reference, "columns"):
        return reference
    import pandas as pd

    return pd.read_csv(reference, dtype=str, keep_default_na=False)


# ------------------------------------------------------------------ what do you say?

def reply_points(text: str, points) -> list[dict]:
    """Which of the key points a written reply covers, and which it could add.

    ``points``: a DataFrame with ``point`` (in plain words), ``cues`` (a regular expression
    of words that show the point is made) and ``why``. Returns one dict per point:
    ``point``, ``covered`` (bool), ``why``. A prompt to talk about, never a score.

    >>> import pandas as pd
    >>> pts = pd.DataFrame({"point": ["Not monitoring"], "cues": [r"not (monitoring|checking)"],
    ...                     "why": ["Say it first."]})
    >>> [p["covered"] for p in reply_points("No, this is not checking up on you.", pts)]
    [True]
    >>> [p["covered"] for p in reply_points("Just carry on as normal.", pts)]
    [False]
    """
    _need(points, ["point", "cues", "why"], "list of key points")
    lower = str(text or "").lower().replace("\u2019", "'")
    out = []
    for r in points.itertuples():
        try:
            covered = bool(re.search(str(r.cues), lower))
        except re.error as err:
            raise ValueError(f"The cues for the point {r.point!r} are not a valid pattern: {err}.") from None
        out.append({"point": _text(r.point), "covered": covered, "why": _text(r.why)})
    return out


class WhatDoYouSay(Shown):
    """Hard questions from the front line: choose a reply (or write your own), then see the discussion.

    ``questions``: ``question_id``, ``question``, ``reply_id``, ``reply`` (one row per reply on offer);
    ``reference``: ``question_id``, ``reply_id``, ``reason``, read only when a reply is chosen;
    ``points``: key points with cues, to discuss a reply the learner writes. ``say.choose(question_id,
    reply_id)`` and ``say.write(question_id, text)`` do what the clicks do.
    """

    def __init__(self, questions, reference, points=None):
        import ipywidgets as widgets

        _need(questions, ["question_id", "question", "reply_id", "reply"], "list of questions")
        self._reference, self._points = reference, points
        self.results: dict[str, Any] = {}
        self.boxes: dict[str, Any] = {}
        blocks = []
        for qid, group in questions.groupby("question_id", sort=False):
            qid = str(qid)
            out = widgets.HTML()
            self.results[qid] = out
            title = widgets.HTML(f"<p style='font-size:1.15em'><b>&ldquo;{html.escape(_text(group['question'].iloc[0]))}"
                                 "&rdquo;</b></p>")
            buttons = []
            for r in group.itertuples():
                b = widgets.Button(description=f"Reply {r.reply_id}", layout=widgets.Layout(width="auto"))
                b.on_click(guarded(out)(lambda _, q=qid, rid=str(r.reply_id): self.choose(q, rid)))
                buttons.append(widgets.HBox([b, widgets.HTML(f"<span>{html.escape(_text(r.reply))}</span>")]))
            own = widgets.Textarea(placeholder="Or write what you would say, in your own words",
                                   layout=widgets.Layout(width="95%", height="4em"))
            self.boxes[qid] = own
            mine = widgets.Button(description="Discuss my own words", layout=widgets.Layout(width="auto"))
            mine.on_click(guarded(out)(lambda _, q=qid: self.write(q, self.boxes[q].value)))
            blocks.append(widgets.VBox([title, *buttons, own, mine, out],
                                       layout=widgets.Layout(border="1px solid #ccc", padding="6px", margin="6px 0")))
        self.widget = widgets.VBox(blocks)

    def choose(self, question_id: str, reply_id: str) -> str:
        reference = _read(self._reference)
        _need(reference, ["question_id", "reply_id", "reason"], "reference")
        mine = reference[(reference["question_id"].astype(str) == str(question_id))]
        if mine.empty:
            raise ValueError(f"The reference has nothing for question {question_id!r}.")
        parts = []
        for r in mine.itertuples():
            chosen = str(r.reply_id) == str(reply_id)
            style = _CARD if chosen else _TALK
            label = "Your choice" if chosen else "Reply"
            parts.append(f"<div style='{style}'><b>{label} {html.escape(str(r.reply_id))}.</b> "
                         f"{html.escape(_text(r.reason))}</div>")
        if not any(str(r) == str(reply_id) for r in mine["reply_id"]):
            raise ValueError(f"There is no reply {reply_id!r} for question {question_id!r}.")
        page = ("<p>Something to talk about, not a mark: each reply has a reason it helps or gets in the way. "
                "Try saying your choice aloud to a colleague as if they were the call handler.</p>" + "".join(parts))
        self.results[str(question_id)].value = page
        return page

    def write(self, question_id: str, text: str) -> str:
        if not str(text or "").strip():
            page = "<p>Write what you would say first, then ask to discuss it.</p>"
        elif self._points is None:
            page = "<p>Say it aloud to a colleague: would it reassure you if you were taking the calls?</p>"
        else:
            found = reply_points(text, _read(self._points))
            page = "<p>What your words do (read by a simple word match, so check it yourselves):</p>"
            for covered, title in ((True, "You made these points"),
                                   (False, "Points you might add, or may have made in other words")):
                items = "".join(f"<li>{html.escape(p['point'])}: {html.escape(p['why'])}</li>"
                                for p in found if p["covered"] == covered)
                page += f"<p><b>{title}</b></p><ul>{items}</ul>" if items else ""
        self.results[str(question_id)].value = page
        return page


def what_do_you_say(questions, reference, points=None) -> WhatDoYouSay:
    """A :class:`WhatDoYouSay` exercise (show it as a cell's last line)."""
    return WhatDoYouSay(questions, reference, points)


# ------------------------------------------------------------------ when to stop

def day_facts(study_or_units) -> "Any":
    """One row per day of a study: ``day`` (1, 2, ...), ``date``, ``demands``, ``new_types``,
    ``types_so_far`` and the saturation ``verdict`` and ``message`` as they stood at the end of
    that day (what the team could have known then, not with hindsight).

    >>> from helpers.core.study import Study
    >>> s = Study.scratch(name="t")
    >>> for day, kind in [(2, "A"), (2, "B"), (3, "A"), (4, "C")]:
    ...     _ = s.record("x", demand_type=kind, received_at=f"2026-03-0{day}T10:00")
    >>> day_facts(s)[["day", "demands", "new_types", "types_so_far", "verdict"]].values.tolist()
    [[1, 2, 2, 2, 'not yet'], [2, 1, 0, 2, 'not yet'], [3, 1, 1, 3, 'not yet']]
    """
    import pandas as pd

    frame = _typed_days(study_or_units)
    dates = sorted(frame["date"].dropna().unique())
    rows = []
    for number, date in enumerate(dates, start=1):
        report = _saturation_until(frame, date)
        today = report.units.iloc[-1]
        rows.append({"day": number, "date": date, "demands": int(today["demands"]), "new_types": int(today["new_types"]),
                     "types_so_far": int(today["distinct_types"]), "verdict": report.verdict, "message": report.message})
    return pd.DataFrame(rows, columns=["day", "date", "demands", "new_types", "types_so_far", "verdict", "message"])


def _typed_days(study) -> "Any":
    """The study's demands that have a type: ``type`` and the ``date`` it was heard."""
    import pandas as pd

    from helpers.analysis.saturation import _from_study

    types, days, _ = _from_study(study)
    frame = pd.DataFrame({"type": list(types), "date": pd.Series(days).dt.date.to_numpy()})
    return frame[frame["type"].notna() & (frame["type"].astype(str).str.strip() != "")]


def _saturation_until(frame, date):
    """The saturation check as it stood at the end of ``date`` (what the team could know then)."""
    from helpers.analysis.saturation import saturation

    upto = frame[frame["date"] <= date]
    return saturation(list(upto["type"]), units=list(upto["date"]), unit_name="day")


def stop_feedback(day: int, facts, reference) -> str:
    """What to discuss about stopping after ``day``: the facts at that day, then the reference's view.

    ``facts``: :func:`day_facts`; ``reference``: ``day``, ``view`` and ``reason`` per day.

    >>> import pandas as pd
    >>> facts = pd.DataFrame({"day": [1, 2], "demands": [40, 38], "new_types": [20, 6], "types_so_far": [20, 26],
    ...                       "verdict": ["not yet", "not yet"], "message": ["Not yet.", "Not yet."]})
    >>> ref = pd.DataFrame({"day": ["1", "2"], "view": ["too early", "too early"], "reason": ["Day one.", "Still new."]})
    >>> print(stop_feedback(2, facts, ref))
    Stopping after day 2: 6 new types turned up that day (26 in all so far). Not yet. The reference's view: too early. Still new.
    """
    _need(reference, ["day", "view", "reason"], "reference")
    row = facts[facts["day"] == int(day)]
    if row.empty:
        raise ValueError(f"There is no day {day}: the study has days 1 to {int(facts['day'].max())}.")
    f = row.iloc[0]
    new = int(f["new_types"])
    ref = reference[reference["day"].astype(str) == str(int(day))]
    if ref.empty:
        raise ValueError(f"The reference says nothing about day {day}.")
    r = ref.iloc[0]
    return (f"Stopping after day {int(day)}: {new} new type{'s' if new != 1 else ''} turned up that day "
            f"({int(f['types_so_far'])} in all so far). {f['message']} "
            f"The reference's view: {_text(r['view'])}. {_text(r['reason'])}")


class WhenToStop(Shown):
    """Move along a study day by day and say when you would stop listening.

    The curve shows only the days up to the slider; the reference's view shows only after
    "I would stop here". ``w.move(day)`` and ``w.stop()`` do what the slider and button do.
    """

    def __init__(self, study, reference, figure: bool = True):
        import ipywidgets as widgets

        from helpers.teaching.controls import Slider

        self.study, self._reference, self.figure = study, reference, figure
        self.facts = day_facts(study)
        last = int(self.facts["day"].max())
        self.slider = Slider(value=1, min=1, max=last, description="Day")
        _button(self, "I would stop here", self.stop)
        self.facts_view = widgets.HTML()
        self.plot_view = widgets.HTML()
        self.slider.observe(guarded(self.result)(lambda change: self.move(change["new"])), names="value")
        self.move(1)
        self.widget = widgets.VBox([widgets.HBox([self.slider, self.button]), self.facts_view, self.plot_view,
                                    self.result])

    def _curve_html(self, day: int) -> str:
        from helpers.views import plots
        from helpers.views.figures import captioned

        date = self.facts.loc[self.facts["day"] == day, "date"].iloc[0]
        report = _saturation_until(_typed_days(self.study), date)
        return captioned(plots.plot_discovery(report), width=640).html

    def move(self, day: int) -> str:
        day = int(day)
        if self.slider.value != day:
            self.slider.value = day  # fires move again, harmlessly
        shown = self.facts[self.facts["day"] <= day]
        rows = "".join(f"<tr><td>{int(r.day)}</td><td>{r.date:%a %d %b}</td><td>{int(r.demands)}</td>"
                       f"<td>{int(r.new_types)}</td><td>{int(r.types_so_far)}</td></tr>" for r in shown.itertuples())
        self.facts_view.value = (f"<table style='text-align:right;{_TABLE}'><tr><th>Day</th><th>Date</th><th>Demands heard</th>"
                                 f"<th>New types that day</th><th>Types so far</th></tr>{rows}</table>"
                                 f"<p><i>What the saturation check said at the end of day {day}:</i> "
                                 f"{html.escape(str(shown.iloc[-1]['message']))}</p>")
        if self.figure:
            self.plot_view.value = self._curve_html(day)
        self.result.value = ""
        return self.facts_view.value

    def stop(self) -> str:
        text = stop_feedback(self.slider.value, self.facts, _read(self._reference))
        self.result.value = (f"<div style='{_TALK}'>{html.escape(text)}</div><p>Whatever the numbers say, the last "
                             "question is the team's: have <b>we</b> learned what we need to?</p>")
        return text


def when_to_stop(study, reference, figure: bool = True) -> WhenToStop:
    """A :class:`WhenToStop` exercise over ``study`` (show it as a cell's last line)."""
    return WhenToStop(study, reference, figure)


# ------------------------------------------------------------------ rewrite a next step

def rewrite_feedback(original: str, rewrite: str, reference_row: Mapping | None = None) -> str:
    """Discuss a rewritten next step: what ``helpers.analysis.nextsteps.judge`` reads in it, and a reference rewrite.

    >>> print(rewrite_feedback("Train staff by March", "Train staff in April"))
    Your version still reads like a solution (training). Before deciding what to change, study how the service
    responds: say what you will follow, measure or find out, and for whom.
    >>> text = rewrite_feedback("Buy a new CRM", "Follow ten repairs end to end from the first call")
    >>> text.startswith("Your version reads as a study")
    True
    """
    from helpers.analysis.nextsteps import judge

    mine = judge(rewrite)
    if not str(rewrite or "").strip():
        text = "Write your version first."
    elif mine.kind == "solution":
        text = (f"Your version still reads like a solution ({', '.join(mine.cues)}). Before deciding what to change, "
                "study how the service responds: say what you will follow, measure or find out, and for whom.")
    elif mine.kind == "study":
        text = ("Your version reads as a study: it will show how the work really works before anything is changed. "
                "Check it names whose demand, how many, and who will do the looking.")
    else:
        text = "It is not yet clear what you would do: say what you will follow, measure or find out, and for whom."
    if reference_row is not None:
        text += (f" One way to write it: \u201c{_text(reference_row.get('study_rewrite'))}\u201d "
                 f"{_text(reference_row.get('reason'))}")
    return text.strip()


class RewriteStep(Shown):
    """An action list: pick an item, rewrite it as a study, then see the discussion.

    ``actions``: ``item``, ``action`` (the practice file); ``reference``: ``item``,
    ``study_rewrite``, ``reason``. ``r.rewrite(item, text)`` does what the button does.
    """

    def __init__(self, actions, reference):
        import ipywidgets as widgets

        _need(actions, ["item", "action"], "action list")
        self.actions = {str(i): _text(a) for i, a in zip(actions["item"], actions["action"])}
        self._reference = reference
        self.picker = widgets.Dropdown(options=[(f"{i}. {a}", i) for i, a in self.actions.items()],
                                       description="Action", layout=widgets.Layout(width="95%"))
        self.box = widgets.Textarea(placeholder="We will follow / measure / find out ... (whose demand, how many, who looks)",
                                    layout=widgets.Layout(width="95%", height="5em"))
        _button(self, "Discuss my rewrite", lambda: self.rewrite(self.picker.value, self.box.value))
        self.picker.observe(lambda _: setattr(self.result, "value", ""), names="value")
        self.widget = widgets.VBox([self.picker, self.box, self.button, self.result])

    def rewrite(self, item: str, text: str) -> str:
        item = str(item)
        if item not in self.actions:
            raise ValueError(f"There is no action {item!r}; the list has {', '.join(self.actions)}.")
        row = None
        if str(text or "").strip():
            reference = _read(self._reference)
            _need(reference, ["item", "study_rewrite", "reason"], "reference")
            found = reference[reference["item"].astype(str) == item]
            row = found.iloc[0].to_dict() if len(found) else None
        answer = rewrite_feedback(self.actions[item], text, row)
        self.result.value = f"<div style='{_TALK}'>{html.escape(answer)}</div>"
        return answer


def rewrite_step(actions, reference) -> RewriteStep:
    """A :class:`RewriteStep` exercise (show it as a cell's last line)."""
    return RewriteStep(actions, reference)


# ------------------------------------------------------------------ guess, then see

def guess_feedback(guesses: Mapping[str, Any], actual: Mapping[str, Any], reference) -> "Any":
    """Guesses beside what the record shows, with a point to discuss for each.

    ``reference``: ``key``, ``question`` and ``reason``; ``actual``: the counted values
    (e.g. :func:`helpers.case_summary`). Returns a DataFrame: ``question``, ``your_guess``,
    ``record``, ``reason``. No mark: the gap between a guess and the record is the lesson.

    >>> import pandas as pd
    >>> ref = pd.DataFrame({"key": ["staff"], "question": ["How many staff?"], "reason": ["Each saw a part."]})
    >>> guess_feedback({"staff": 10}, {"staff": 91}, ref).values.tolist()
    [['How many staff?', 10, 91, 'Each saw a part.']]
    """
    import pandas as pd

    _need(reference, ["key", "question", "reason"], "reference")
    rows = []
    for r in reference.itertuples():
        if r.key not in actual:
            raise ValueError(f"The record has no {r.key!r}; it has: {', '.join(map(str, actual))}.")
        guess = guesses.get(r.key)
        rows.append({"question": _text(r.question), "your_guess": guess, "record": actual[r.key], "reason": _text(r.reason)})
    return pd.DataFrame(rows, columns=["question", "your_guess", "record", "reason"])


class GuessThenSee(Shown):
    """Guess some counts, then see the record and the points to discuss.

    ``questions``: ``key``, ``question`` (the practice file, no answers). ``actual``: a function
    returning the counts (called only on reveal); ``reference``: ``key``, ``question``,
    ``reason``; ``after``: more HTML to show with the record (e.g. a figure).
    """

    def __init__(self, questions, actual: Callable[[], Mapping[str, Any]], reference,
                 after: Callable[[], object] | None = None):
        import ipywidgets as widgets

        _need(questions, ["key", "question"], "list of questions")
        self._actual, self._reference, self.after = actual, reference, after
        # The question is the box's label, so a screen reader says it too.
        self.inputs = {str(r.key): widgets.IntText(value=0, description=_text(r.question), style={"description_width": "30em"},
                                                   layout=widgets.Layout(width="38em")) for r in questions.itertuples()}
        _button(self, "Show the record", self.reveal)
        self.widget = widgets.VBox([*self.inputs.values(), self.button, self.result])

    def guess(self, **values: int) -> None:
        for key, value in values.items():
            self.inputs[key].value = int(value)

    def reveal(self) -> str:
        table = guess_feedback({k: b.value for k, b in self.inputs.items()}, self._actual(), _read(self._reference))
        rows = "".join(f"<tr><td style='text-align:left'>{html.escape(r.question)}</td><td>{r.your_guess}</td>"
                       f"<td><b>{html.escape(str(r.record))}</b></td>"
                       f"<td style='text-align:left'>{html.escape(r.reason)}</td></tr>" for r in table.itertuples())
        page = (f"<table style='{_TABLE}'><tr><th>Question</th><th>Your guess</th><th>The record</th>"
                f"<th>Something to discuss</th></tr>{rows}</table>" + _after(self.after))
        self.result.value = page
        return page


def guess_then_see(questions, actual, reference, after=None) -> GuessThenSee:
    """A :class:`GuessThenSee` exercise (show it as a cell's last line)."""
    return GuessThenSee(questions, actual, reference, after)


# ------------------------------------------------------------------ calibration: you and the teams

def compare_with_teams(answers: Mapping[str, Any], teams: Mapping[str, Any]) -> "Any":
    """Your classifications beside each team's, in the teams' given order (never sorted by agreement).

    ``answers``: {source_id: classification}; ``teams``: {name: Study or table}. One row per
    team: ``team``, ``compared``, ``same``, ``differ`` (source_ids you answered differently).

    >>> import pandas as pd
    >>> north = pd.DataFrame({"source_id": ["1", "2"], "classification": ["value", "failure"]})
    >>> compare_with_teams({"1": "V", "2": "value"}, {"North": north}).values.tolist()
    [['North', 2, 1, ['2']]]
    """
    import pandas as pd

    from helpers.analysis.agreement import agreement

    mine = pd.DataFrame({"source_id": [str(k) for k in answers], "classification": list(answers.values())})
    rows = []
    for name, team in teams.items():
        if len(mine) == 0:
            rows.append({"team": name, "compared": 0, "same": 0, "differ": []})
            continue
        result = agreement(mine, team, names=("You", str(name)))
        rows.append({"team": name, "compared": result.compared,
                     "same": result.compared - len(result.disagreements),
                     "differ": sorted(result.disagreements["source_id"].astype(str))})
    return pd.DataFrame(rows, columns=["team", "compared", "same", "differ"])


class TeamComparison(Shown):
    """A button under a classification exercise: compare your answers with each team's."""

    def __init__(self, exercise, teams: Mapping[str, Any]):
        import ipywidgets as widgets

        self.exercise, self.teams = exercise, dict(teams)
        _button(self, "Compare my answers with the teams'", self.compare, style="")
        self.widget = widgets.VBox([self.button, self.result])

    def compare(self) -> str:
        answers = dict(getattr(self.exercise, "answers", {}))
        if not answers:
            self.result.value = "<p>Classify some demands above first.</p>"
            return self.result.value
        table = compare_with_teams(answers, self.teams)
        rows = "".join(f"<tr><td>{html.escape(str(r.team))}</td><td>{r.same} of {r.compared}</td>"
                       f"<td>{html.escape(', '.join(r.differ)) or '-'}</td></tr>" for r in table.itertuples())
        self.result.value = ("<p>The teams are in alphabetical order, never in order of agreement. Pick a demand "
                             "where you differ from most teams and argue it through: who is right matters less than why.</p>"
                             f"<table style='{_TABLE}'><tr><th>Team</th><th>Same answer as you</th><th>Where you differ</th></tr>"
                             f"{rows}</table>")
        return self.result.value


def compare_with_teams_widget(exercise, teams) -> TeamComparison:
    """A :class:`TeamComparison` under ``exercise`` (a widget with ``.answers``)."""
    return TeamComparison(exercise, teams)


# ------------------------------------------------------------------ one person's journey, shown on reveal

def journey_reveal(history, person_id: Any = None, figure: bool = True) -> str:
    """HTML for after the guesses: when (if ever) someone asked what mattered, and the journey figure.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"person_id": ["P1", "P1"], "date": ["2025-01-02", "2025-02-03"], "team": ["GP", "Ward"],
    ...                   "activity": ["phone call", "admission"], "days": ["", "4"], "staff_id": ["S1", "S2"],
    ...                   "told_story": ["false", "true"], "asked_what_matters": ["false", "false"]})
    >>> print(journey_reveal(h, figure=False))
    <p><b>When did anyone first ask him what mattered to him?</b> In these records, nobody ever did.</p>
    """
    from helpers.analysis.cases import case_summary, journey

    first = case_summary(history, person_id)["first_asked_what_matters"]
    when = ("In these records, nobody ever did." if first is None
            else f"First on {first:%d %B %Y}." if hasattr(first, "strftime") else f"First on {first}.")
    page = f"<p><b>When did anyone first ask him what mattered to him?</b> {when}</p>"
    if figure:
        from helpers.views import plots
        from helpers.views.figures import captioned

        page += captioned(plots.plot_journey(journey(history, person_id))).html
    return page
