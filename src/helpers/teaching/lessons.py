"""Small teaching aids for workbooks 1 to 4: the nine mistakes, verbatim discipline, the briefing,
listening practice on transcripts of calls (and their printable pack), and the published failure-demand
figures as a prompt for curiosity.

>>> [m.number for m in MISTAKES]
[1, 2, 3, 4, 5, 6, 7, 8, 9]
>>> mistake(4).title
'Being constrained by the existing rules'
>>> print(verbatim_hint("Chasing job"))
Very short: is this what they said, or our label for it? Write their words.
>>> verbatim_hint("You said you'd be here this morning and it's gone twelve") is None
True
"""
from __future__ import annotations

import csv
import html
import re
from dataclasses import dataclass
from pathlib import Path

from helpers.core import session
from helpers.teaching.setup import _STYLE, _WIDE
from helpers.views.figures import HtmlView
from helpers.views.safe import Shown, guarded

__all__ = ["Mistake", "MISTAKES", "mistake", "mistakes_card", "VerbatimExample", "VERBATIM_EXAMPLES",
           "verbatim_examples", "verbatim_hint", "briefing_script", "briefing_form", "BriefingForm",
           "PracticeCall", "PRACTICE_CALLS", "listening_practice", "ListeningPractice", "practice_pack",
           "published_figures", "published_view", "where_things_are_saved", "short_error", "HtmlView"]


_CELL = "text-align:left;vertical-align:top;padding:4px 8px"


def _cells(table_html: str) -> str:
    """Left- and top-align every cell (notebook front ends right-align table cells)."""
    return re.sub(r"<(td|th)( style='([^']*)')?>", lambda m: f"<{m.group(1)} style='{_CELL};{m.group(3) or ''}'>", table_html)


# ------------------------------------------------------------------ the nine mistakes

@dataclass(frozen=True)
class Mistake:
    number: int
    title: str
    looks_like: str
    tool: str        # what the workbook does about it, in one line
    workbooks: tuple  # where it is met (workbook numbers)


MISTAKES = (
    Mistake(1, "Doing all the studying yourself",
            "An analyst, consultant or facilitator listens and presents the results to the managers.",
            "Records who listened and their role; says so when no manager who can change the system has listened.",
            (3, 4)),
    Mistake(2, "Guessing what the demands are",
            "Managers brainstorm the top failure demands, or a tick sheet's boxes decide the types in advance.",
            "Lets types emerge from the words; notices a typology that existed before any demand was heard.",
            (4, 5)),
    Mistake(3, "Using existing data",
            "A CRM report or call-reason codes, in categories someone else chose, stand in for listening.",
            "Recognises code-only exports and says what they cannot show: the person's own words.",
            (5,)),
    Mistake(4, "Being constrained by the existing rules",
            "\"Are you still coming?\" at midday is called value because the caller is still inside the slot.",
            "Asks the causal question from the person's side; spots rule-language in reasons; shows the midday cluster.",
            (2, 6)),
    Mistake(5, "Not involving the people who receive demand",
            "Listeners sit beside the front line without explaining why, and keep their notes to themselves.",
            "A briefing recorded with the study, a daily \"was today normal?\", and a share-back for the front line.",
            (3, 8)),
    Mistake(6, "Fearing failure demand",
            "Failure is reclassified as value to look kinder; \"Complaint\" is renamed \"Feedback\".",
            "Keeps every change in an audit trail and notices changes from failure to value and softened names.",
            (5, 6)),
    Mistake(7, "Ignoring the type of service",
            "A people-centred service (social care, homelessness) is studied as if it were a booking line.",
            "Asks transactional or people-centred at set-up; a people-centred mode follows people, not calls.",
            (3, 9)),
    Mistake(8, "Gathering too much data",
            "Thousands of demands and trial-level rigour, long after the team has learned what it needs.",
            "Says when the types look stable and the plan is covered, then asks the team whether it has learned enough.",
            (7,)),
    Mistake(9, "Doing nothing else",
            "The study ends as a report or an action list; nobody looks at how the service responds.",
            "Next steps written as studies of capability, flow and system conditions; notices jumps to solutions.",
            (11,)),
)


def mistake(number: int) -> Mistake:
    """The mistake with this number (1 to 9)."""
    for m in MISTAKES:
        if m.number == number:
            return m
    raise ValueError(f"There are nine mistakes, numbered 1 to 9; there is no mistake {number!r}.")


def mistakes_card(highlight=()) -> HtmlView:
    """The nine mistakes as a table: what each looks like and what the workbook does about it.

    ``highlight``: mistake numbers to mark "met in this workbook" (marked in words, not colour alone).

    >>> card = mistakes_card(highlight=[4])
    >>> card.html.count("<tr") - 1, "met in this workbook" in card.html
    (9, True)
    """
    marked = {mistake(int(n)).number for n in highlight}
    rows = []
    for m in MISTAKES:
        here = m.number in marked
        style = " style='background:#eef3f8;border-left:4px solid #1f4e79'" if here else ""
        note = "<br><b>(met in this workbook)</b>" if here else ""
        where = ", ".join(str(w) for w in m.workbooks)
        rows.append(f"<tr{style}><td style='text-align:center'><b>{m.number}</b></td>"
                    f"<td><b>{html.escape(m.title)}</b>{note}</td><td>{html.escape(m.looks_like)}</td>"
                    f"<td>{html.escape(m.tool)}</td><td style='text-align:center'>{where}</td></tr>")
    head = ("<tr><th>#</th><th>The mistake</th><th>What it looks like</th>"
            "<th>What the workbook does about it</th><th>Workbook</th></tr>")
    return HtmlView(_cells("<table class='demand-mistakes' style='border-collapse:collapse;text-align:left'>"
                           f"<thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>"))


# ------------------------------------------------------------------ verbatim discipline

@dataclass(frozen=True)
class VerbatimExample:
    poor: str
    good: str
    why: str


VERBATIM_EXAMPLES = (
    VerbatimExample("Chasing job", "You said you'd be here this morning and it's gone twelve.",
                    "\"Chasing job\" is our label. Her words say what she was promised and when."),
    VerbatimExample("Customer called re damp", "The mould's back in the baby's room, we've wiped it like you said.",
                    "\"Re damp\" loses that it is back, and what matters to her."),
    VerbatimExample("Progress update requested", "Is anyone coming about my boiler? I've had no heating since Friday.",
                    "A \"progress update\" box files chasing as if it were value (mistake 2)."),
    VerbatimExample("Tenant wants repair to door", "The back door won't lock. It's the same lock they came to on Tuesday.",
                    "The summary drops the second sentence, which makes it failure."),
    VerbatimExample("Complaint", "I've been put through three times, I just want to know who deals with the damp.",
                    "A department's word. The words show what failed: nobody could connect her."),
    VerbatimExample("Mrs Khan, 14 Elm Rd, 07700 900123, leak", "There's water coming through the kitchen ceiling.",
                    "Names, addresses and numbers are not the demand; leave them off the sheet."),
)


def verbatim_examples() -> HtmlView:
    """Poor and good verbatims side by side, with why.

    >>> "gone twelve" in verbatim_examples().html
    True
    """
    rows = "".join(f"<tr><td>{html.escape(e.poor)}</td><td>&ldquo;{html.escape(e.good)}&rdquo;</td>"
                   f"<td>{html.escape(e.why)}</td></tr>" for e in VERBATIM_EXAMPLES)
    return HtmlView(_cells("<table class='demand-verbatims' style='text-align:left'><thead><tr><th>Written as</th>"
                           "<th>In the person's words</th><th>Why it matters</th></tr></thead>"
                           f"<tbody>{rows}</tbody></table>"))


# Words that belong to the organisation rather than to the person who made contact.
_OUR_WORDS = re.compile(r"\b(chas(e|ing)|progress|update|query|enquiry|re:?|sla|ticket|job no|"
                        r"customer|caller|tenant|resident|complaint|requested|requests?|wants)\b", re.I)
_THIRD_PERSON = re.compile(r"^\s*(she|he|they|customer|caller|tenant|resident|mr|mrs|ms)\b", re.I)


def verbatim_hint(text) -> str | None:
    """A gentle hint when a verbatim reads like our category rather than the person's words.

    Returns None when nothing looks wrong. It is a prompt to look again, never a verdict.

    >>> print(verbatim_hint("Customer chasing progress on repair"))
    Written about them, not in their words: write what they said ("Is anyone coming?").
    >>> print(verbatim_hint("Tenant requested update about boiler repair"))
    Written about them, not in their words: write what they said ("Is anyone coming?").
    >>> print(verbatim_hint("Boiler repair progress query raised"))
    This sounds like our category ("progress", "query"). What did they actually say?
    >>> print(verbatim_hint("  "))
    Nothing written yet.
    """
    words = str(text or "").split()
    if not words:
        return "Nothing written yet."
    if len(words) < 4:
        return "Very short: is this what they said, or our label for it? Write their words."
    if _THIRD_PERSON.match(str(text)):
        return "Written about them, not in their words: write what they said (\"Is anyone coming?\")."
    found = list(dict.fromkeys(match.group(0).lower() for match in _OUR_WORDS.finditer(str(text))))
    if found:
        listed = ", ".join(f'"{w}"' for w in found[:3])
        return f"This sounds like our category ({listed}). What did they actually say?"
    return None


# ------------------------------------------------------------------ the front-line briefing

def briefing_script(service: str = "", listeners: str = "", when: str = "", contact: str = "") -> str:
    """A suggested briefing for the front line, to say in your own words (mistake 5).

    >>> script = briefing_script(service="the repairs line", listeners="Sam and Priya")
    >>> "not monitoring you" in script and "Sam and Priya" in script
    True
    """
    service = service.strip() or "our service"
    who = listeners.strip() or "some of us, managers included,"
    when = f" {when.strip()}" if when.strip() else " over the next two weeks"
    ask = contact.strip() or "me"
    return (f"We want to understand {service} the way the people who contact us see it. "
            f"{who[0].upper() + who[1:]} will sit with you{when} and write down what people ask for, in their own words.\n\n"
            "This is not monitoring you. We do not write your name against a call, we do not time you, and "
            "nothing goes into anyone's appraisal. There are no figures for individual people and no comparing of teams.\n\n"
            "You can read everything we write: here is the sheet. If you would rather we stepped away from a call, "
            "say so and we will.\n\n"
            "We write what the person asks for. We never write card or bank details, and we leave out names and numbers.\n\n"
            "At the end of each day we will ask you: was today normal? "
            "You will see what we found before anyone above us does.\n\n"
            f"Questions now, or any time: ask {ask}.")


class BriefingForm(Shown):
    """The briefing form: the script to adapt, who gave it, and a button that records it with the study.

    ``form.submit()`` does what the button does (tests use it); ``form.widget`` is what shows.
    """

    def __init__(self, study, by: str = ""):
        import ipywidgets as widgets

        # A study, or the set-up form: then the briefing goes into whichever study the form
        # holds when the button is pressed (so nobody has to re-run the cell after creating it).
        self._source = study
        service = str(self.study.info.get("service") or "")
        self.text = widgets.Textarea(value=briefing_script(service=service), description="What was said",
                                     style=_STYLE, layout=widgets.Layout(width="95%", height="16em"))
        self.by = widgets.Text(value=by, description="Who gave the briefing", placeholder="e.g. Sam (repairs manager)",
                               style=_STYLE, layout=_WIDE)
        self.who = widgets.Text(description="Who was there", placeholder="e.g. the morning shift, 9 call handlers",
                                style=_STYLE, layout=_WIDE)
        self.button = widgets.Button(description="Record the briefing", button_style="primary",
                                     layout=widgets.Layout(width="auto"))
        self.status = widgets.HTML()
        self.so_far = widgets.HTML(self._so_far())
        self.button.on_click(self._click)
        note = (f"<p><i>{html.escape(study.notice)}</i></p>" if hasattr(study, "demands")
                and getattr(study, "is_scratch", False) and getattr(study, "notice", None) else "")
        self.widget = widgets.VBox([widgets.HTML(note), self.text, self.by, self.who, self.button, self.status, self.so_far])

    @property
    def study(self):
        """The study the briefing is recorded in."""
        source = self._source
        return source if hasattr(source, "demands") else source.study

    def _so_far(self) -> str:
        table = self.study.briefings()
        if table.empty:
            return "<p>No briefing recorded with this study yet.</p>"
        items = "".join(f"<li>{html.escape(str(d))}: briefed by {html.escape(str(b))}</li>"
                        for d, b in zip(table["day"], table["by"]))
        return f"<p>Briefings recorded with this study:</p><ul>{items}</ul>"

    def submit(self) -> int:
        """Record the briefing; returns its id. Refuses an empty text or a missing name."""
        text = self.text.value.strip()
        by = self.by.value.strip()
        if not text:
            raise ValueError("Write what was said first (the suggested script is a start: adapt it).")
        if not by:
            raise ValueError("Say who gave the briefing, so the study shows the front line heard it from a person.")
        who = self.who.value.strip()
        entry = self.study.add_briefing(text + (f"\n\nWho was there: {who}" if who else ""), by=by)
        self.so_far.value = self._so_far()
        return entry

    def _click(self, _=None):
        with guarded(self.status, lead="Not recorded", advice="What you typed is still there."):
            self.submit()
            name = html.escape(str(self.study.info.get("name") or "the study"))
            where = (f"in memory only, on {name} (nothing is saved here)" if self.study.is_scratch
                     else f"with the study {name}")
            self.status.value = f"<p>Recorded {where}. Thank you: the front line knows why you are there.</p>"


def briefing_form(study, by: str = "") -> BriefingForm:
    """Show the front-line briefing form for ``study`` (display it as a cell's last line).

    ``study`` may be the set-up form of workbook 3 (``helpers.teaching.setup.study_form()``): the
    briefing then goes into the study the form has created or opened when it is recorded.
    """
    return BriefingForm(study, by=by)


# ------------------------------------------------------------------ listening practice

@dataclass(frozen=True)
class PracticeCall:
    heard: str     # the call as a transcript written for teaching, a line per turn ("Caller: ...")
    good: str      # a good verbatim for it (two demands: two, the second starting with +)
    note: str      # what a good listener notices


_OUTCOMES = {"value": "Value", "failure": "Failure", "unsure": "Unsure (?)", "not demand": "Not customer demand"}


def _rows(name: str) -> "list[dict]":
    from helpers.core import datasets

    with open(datasets.path(f"lessons/{name}"), newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _transcripts() -> "list[tuple[str, str, list, list]]":
    """The practice transcripts in order, each as (number, service, turns, answers).

    One source for the printable pack and for workbook 4's listening practice, so the two never drift.
    """
    turns, answers = _rows("practice_transcripts.csv"), _rows("practice_transcripts_answers.csv")
    return [(number, [t for t in turns if t["number"] == number][0]["service"],
             [t for t in turns if t["number"] == number], [a for a in answers if a["number"] == number])
            for number in dict.fromkeys(t["number"] for t in turns)]


def _practice_calls() -> "tuple[PracticeCall, ...]":
    # The pack opens with the five calls workbook 4 practises on.
    return tuple(PracticeCall("\n".join(f"{t['speaker']}: {t['words']}" for t in turns),
                              " ".join(a["verbatim"] for a in answers),
                              " ".join(f"{_OUTCOMES[a['classification']]}. {a['reason']}" for a in answers))
                 for _, _, turns, answers in _transcripts()[:5])


PRACTICE_CALLS = _practice_calls()


def practice_pack(answers: bool = False) -> str:
    """The printable pack of practice transcripts (Markdown), or with ``answers=True`` its answers.

    The files in ``facilitator_notes/plans/`` (``practice_transcripts.md`` and
    ``practice_transcripts_answers.md``) are exactly this text, made from ``datasets/lessons/``.

    >>> pack = practice_pack()
    >>> pack.count("\\n### "), "0800 111 999" in pack
    (24, True)
    >>> practice_pack(answers=True).count("\\n### ")
    24
    """
    blocks = [_PACK_ANSWERS if answers else _PACK_INTRO]
    for number, service, turns, found in _transcripts():
        if answers:
            body = "\n".join(
                f"- **{_OUTCOMES[a['classification']]}.** \"{a['verbatim']}\"\n"
                + ("  - Type: none\n" if not a["demand_type"] else
                   f"  - Type{', until it is settled' if a['classification'] == 'unsure' else ''}: *{a['demand_type']}*\n")
                + f"  - Why: {a['reason']}" for a in found)
        else:
            body = "\n\n".join(f"**{t['speaker']}:** {t['words']}" for t in turns)
        blocks.append(f"### {number}. {service}\n\n{body}")
    return "\n\n---\n\n".join(block.strip("\n") for block in blocks) + "\n"


_PACK_INTRO = """# Practice transcripts: 24 short calls

Transcripts of calls written for teaching: made up, but written to sound like the calls a council hears, mostly to
its housing repairs line and a few to council tax, benefits, bins and parking. Use them when a room cannot listen
live. Say so plainly: reading is second best to hearing real demand.

How to use them:

- Print this file and cut it into strips along the lines, one call per strip; a table of three or four gets a
  handful each.
- One person reads the caller's lines aloud at speaking pace, another the call handler's. Everyone else writes on
  a capture sheet what the caller asked for, in the caller's words, and marks it V (value), F (failure), ? (unsure,
  with a note of why) or N (not customer demand).
- One call can carry more than one demand: write the second on its own line, starting with +.
- Never write card or bank details, names or numbers, even from a practice call.
- The answers are in a separate file, [practice_transcripts_answers.md](practice_transcripts_answers.md). Keep them
  for the discussion afterwards, and hand them out only at the end, if at all.
"""

_PACK_ANSWERS = """# Practice transcripts: the answers

For the facilitator, after the room has classified [the transcripts](practice_transcripts.md). Each call's demands,
one line each: the outcome, one way to write the demand in the caller's words, a type named in the person's terms,
and why. The reasons use one causal test: **is this contact caused by us not doing something, or not doing it right,
for the person? Would it have happened if we had got it right first time?** If not, ask whether it is what the
service is here to do: then it is value.

These are one careful reading to argue with, never a mark. A table that lands somewhere else and can say why has
done the work. The unsure ones stay unsure until someone finds out; that is what the end-of-day debrief is for.
"""


class ListeningPractice(Shown):
    """Step through transcripts of calls; capture each in the capture form; then compare with good verbatims.

    The n-th demand saved in ``study`` since the practice started is compared with the n-th call.
    """

    def __init__(self, study, calls=None):
        import ipywidgets as widgets

        self.study = study
        self.calls = tuple(PRACTICE_CALLS if calls is None else calls)
        self.start_after = self._last_id()
        self.index = 0
        self.counter = widgets.HTML()
        self.call = widgets.HTML(layout=widgets.Layout(min_height="5em"))
        self.back = widgets.Button(description="Previous call", icon="arrow-left")
        self.next = widgets.Button(description="Next call", icon="arrow-right")
        self.check = widgets.Button(description="Compare with what I wrote", button_style="primary",
                                    layout=widgets.Layout(width="auto"))
        self.result = widgets.HTML()
        self.back.on_click(lambda _: self._step(-1))
        self.next.on_click(lambda _: self._step(1))
        self.check.on_click(self._compare_click)
        self._render()
        self.widget = widgets.VBox([self.counter, self.call, widgets.HBox([self.back, self.next, self.check]), self.result])

    def _last_id(self) -> int:
        frame = self.study.demands()
        return int(frame["id"].max()) if len(frame) else 0

    def _render(self) -> None:
        call = self.calls[self.index]
        self.counter.value = f"<b>Practice call {self.index + 1} of {len(self.calls)}</b>"
        # One line per turn, the speaker in bold: "Caller: ..." reads like a script.
        lines = (re.sub(r"^([A-Z][A-Za-z ]{0,20}):", r"<b>\1:</b>", html.escape(line)) for line in call.heard.splitlines())
        self.call.value = f"<blockquote style='font-size:1.15em'>{'<br>'.join(lines)}</blockquote>"

    def _step(self, step: int) -> None:
        self.index = max(0, min(len(self.calls) - 1, self.index + step))
        self._render()

    def compare(self) -> "list[dict]":
        """One row per call: what was written for it (or None), a good verbatim, the note and a hint."""
        frame = self.study.demands()
        mine = [str(v) for v in frame.loc[frame["id"] > self.start_after, "verbatim"]]
        rows = []
        for i, call in enumerate(self.calls):
            written = mine[i] if i < len(mine) else None
            rows.append({"call": i + 1, "written": written, "good": call.good, "note": call.note,
                         "hint": verbatim_hint(written) if written is not None else None})
        return rows

    def compare_html(self) -> str:
        rows = self.compare()
        done = sum(r["written"] is not None for r in rows)
        if done == 0:
            return "<p>Nothing saved in the capture form yet: capture the first call, then compare.</p>"
        body = "".join(
            f"<tr><td>{r['call']}</td><td>{html.escape(r['written']) if r['written'] else '<i>not yet</i>'}"
            + (f"<br><small>{html.escape(r['hint'])}</small>" if r["hint"] else "")
            + f"</td><td>{html.escape(r['good'])}</td><td>{html.escape(r['note'])}</td></tr>" for r in rows)
        return (f"<p>{done} of {len(rows)} calls captured. Yours need not match word for word: "
                "what matters is that it is their words, not our label.</p>"
                + _cells("<table style='text-align:left'><thead><tr><th>Call</th><th>What you wrote</th>"
                         f"<th>One good way to write it</th><th>What to notice</th></tr></thead><tbody>{body}</tbody></table>"))

    def _compare_click(self, _=None):
        with guarded(self.result, lead="Could not compare"):
            self.result.value = self.compare_html()


def listening_practice(study, calls=None) -> ListeningPractice:
    """Practice on transcripts of calls for ``study`` (use the same study as the capture form).

    ``calls``: PracticeCall items; by default the first five of the printable pack (:func:`practice_pack`).
    """
    return ListeningPractice(study, calls)


# ------------------------------------------------------------------ published figures

def published_figures():
    """The handful of published failure-demand figures workbook 2 cites, with their sources.

    >>> table = published_figures()
    >>> {"figure", "what_was_counted", "source_title", "evidence"} <= set(table.columns)
    True
    """
    import pandas as pd

    from helpers.core import datasets

    return pd.read_csv(datasets.path("lessons/published_failure_demand.csv"), dtype=str)


def published_view() -> HtmlView:
    """The published figures as a table that says what each counted and how strong the evidence is.

    >>> "never a benchmark" in published_view().html
    True
    """
    table = published_figures()
    rows = "".join(
        f"<tr><td>{html.escape(r.setting)} ({html.escape(r.period)})</td><td><b>{html.escape(r.figure)}</b></td>"
        f"<td>{html.escape(r.what_was_counted)}</td><td>{html.escape(r.evidence)}</td>"
        f"<td><a href='{html.escape(r.source_url, quote=True)}'>{html.escape(r.source_title)}</a></td></tr>"
        for r in table.itertuples())
    return HtmlView("<p><b>Prompts for curiosity, never a benchmark or a target.</b> Each source counted "
                    "something slightly different, in a different place and year.</p>"
                    + _cells("<table style='text-align:left'><thead><tr><th>Where</th><th>Figure</th><th>What was counted</th>"
                             f"<th>Kind of evidence</th><th>Source</th></tr></thead><tbody>{rows}</tbody></table>"))


# ------------------------------------------------------------------ where things are saved

def where_things_are_saved() -> str:
    """A plain sentence saying where studies are saved here, without printing a machine path.

    >>> import os
    >>> os.environ["DEMAND_MODE"] = "readonly"
    >>> print(where_things_are_saved())
    This is a read-only walkthrough: nothing you do here is saved, and no study file is changed.
    >>> del os.environ["DEMAND_MODE"]
    """
    if session.is_readonly():
        return "This is a read-only walkthrough: nothing you do here is saved, and no study file is changed."
    folder = session.studies_dir()
    try:
        inside = Path(folder).resolve().relative_to(session.ROOT)
        where = f"the folder {inside.as_posix()}/ at the top of the workbook (beside workbooks/ and datasets/)"
    except ValueError:
        where = "the folder your facilitator chose (named by the setting DEMAND_STUDIES_DIR)"
    return (f"Your team's studies are saved in {where}, one .study file per study, as you go. "
            "That folder is never shared by git: your data stays yours.")


def short_error(err) -> str:
    """A loading error as a person reads it on screen: the file's name (not its whole path),
    the row as Excel shows it, the column, and what to do.

    >>> from helpers.core.errors import DemandDataError
    >>> err = DemandDataError("'X' is not a classification.", file="/data/team/monday.csv", row=3, column="V/F/?")
    >>> print(short_error(err))
    monday.csv, row 3, column 'V/F/?': 'X' is not a classification.
    """
    where = []
    if getattr(err, "file", None):
        where.append(Path(err.file).name)
    if getattr(err, "row", None) is not None:
        where.append(f"row {err.row}")
    if getattr(err, "column", None) is not None:
        where.append(f"column {err.column!r}")
    reason = getattr(err, "reason", None) or str(err)
    return f"{', '.join(where)}: {reason}" if where else reason
