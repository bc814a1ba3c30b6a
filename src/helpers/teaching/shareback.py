"""Sharing back with the front line (mistake 5): what we heard, in their words, before leaders see it.

The share-back is plain, prints on A4 and reads on a phone. Every text on it (the study's
name, the types' names, the verbatims, what matters and what failed) has passed through
:func:`helpers.personal_data.mask`, and it says what was masked, counted over the whole
page, and that a person must still read it before it goes on a wall. The front line's
verdict ("was today a normal day?") is recorded with the study.

>>> from helpers import Study
>>> study = Study.scratch(name="Repairs")
>>> _ = study.record("is he still coming? my number is 07700 900123", classification="failure",
...                  demand_type="Is someone still coming today?")
>>> _ = study.record("water coming through the kitchen ceiling", classification="value", demand_type="Leak")
>>> page = share_back(study)
>>> "07700" in page.html, "[PHONE]" in page.html
(False, True)
"""
from __future__ import annotations

import functools
import html
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from helpers.views.figures import HtmlView, html_page
from helpers.teaching.daily import _STYLE, _WIDE, _Form, _on_picker

__all__ = ["VERDICTS", "MaskedPage", "ShareBack", "share_back", "VerdictForm", "verdict_form"]

VERDICTS = ("Yes, a normal day", "No: something unusual happened", "Not sure")
_KIND = {"value": "value demand", "failure": "failure demand", "unsure": "not sure yet", "not demand": "not customer demand"}

_CSS = """
.shareback { font-family: Arial, Helvetica, sans-serif; max-width: 46em; line-height: 1.45; color: #111; }
.shareback h1 { font-size: 1.5em; margin-bottom: 0.2em; }
.shareback h2 { font-size: 1.15em; margin-top: 1.2em; border-bottom: 1px solid #999; }
.shareback .big { font-size: 1.25em; }
.shareback .type { margin: 0.6em 0; padding: 0.4em 0.6em; border-left: 6px solid #999; background: #f6f6f6; }
.shareback .type.failure { border-left-color: #b2182b; }
.shareback .type.value { border-left-color: #2166ac; }
.shareback .tag { font-size: 0.85em; font-weight: bold; text-transform: uppercase; letter-spacing: 0.04em; }
.shareback blockquote { margin: 0.2em 0 0.2em 1em; font-style: italic; }
.shareback .small { font-size: 0.9em; }
.shareback .check { border: 2px solid #555; padding: 0.5em 0.8em; margin-top: 1.2em; }
@media print { @page { size: A4; margin: 15mm; } .shareback { max-width: none; } }
@media (max-width: 600px) { .shareback { font-size: 1.05em; } }
"""


@dataclass(frozen=True, repr=False)
class MaskedPage(HtmlView):
    """A page whose ``html`` has been masked, all of it: ``check`` says what was masked and that a
    person must read it, ``finds`` counts it. It saves, or downloads, as one HTML file; shown in a
    notebook it ends with the link that downloads it."""
    check: str
    finds: int
    title: ClassVar[str] = "What we heard"
    filename: ClassVar[str] = "what-we-heard.html"

    def page(self) -> str:
        """The whole HTML file: inline CSS, no outside requests."""
        return html_page(self.title, self.html)

    def save(self, path: str | Path) -> Path:
        """Write the page as one HTML file (never in a read-only walkthrough: use ``download()``)."""
        from helpers.core import session

        if session.is_readonly():
            raise PermissionError("This is a read-only walkthrough, so nothing is written. Use .download() instead.")
        path = Path(path)
        path.write_text(self.page(), encoding="utf-8")
        return path

    def _repr_html_(self) -> str:
        # Shown in a notebook, the page ends with its own download link: keeping it needs no code.
        return self.html + f"<p>{self.download()._repr_html_()}</p>"

    def download(self):
        """A link that downloads the page from the page itself (works in a walkthrough)."""
        from helpers.views.printables import DownloadLink

        return DownloadLink(self.page().encode("utf-8"), self.filename,
                            "Download this page to print or share (read it first)", "text/html")


class ShareBack(MaskedPage):
    """The share-back page (:func:`share_back`)."""


def _text(value) -> str:
    """A description as text, or "" when there is none (pandas gives NaN for missing text)."""
    return value.strip() if isinstance(value, str) else ""


def _blockquotes(said: list[str]) -> str:
    return "".join(f"<blockquote>&ldquo;{html.escape(q)}&rdquo;</blockquote>" for q in said)


def _day_filter(frame, day):
    import pandas as pd

    if day is None:
        return frame
    when = pd.to_datetime(frame["received_at"]).fillna(pd.to_datetime(frame["recorded_at"]))
    return frame[when.dt.date == pd.Timestamp(day).date()]


def _type_block(type_name, rows, types, examples: int, counts: bool) -> str:
    """One type: its name in people's words, what they said, and what matters or failed (if written)."""
    cls = rows["classification"].dropna().mode()
    cls = cls.iloc[0] if len(cls) else "undecided"
    quotes = _blockquotes([str(v) for v in rows["verbatim"].dropna().head(examples)])
    extra = ""
    if type_name in types.index:
        t = types.loc[type_name]
        failed_where, matters = _text(t.get("failed_where")), _text(t.get("what_matters"))
        if cls == "failure" and failed_where:
            extra += f"<div>What failed, and where (our best guess, to check): {html.escape(failed_where)}</div>"
        if matters:
            extra += f"<div>What matters to people: {html.escape(matters)}</div>"
    heard = f" <small>({len(rows)} heard)</small>" if counts else ""
    return (f"<div class='type {html.escape(cls)}'><span class='tag'>{html.escape(_KIND.get(cls, cls))}</span> "
            f"<b>{html.escape(str(type_name))}</b>{heard}{quotes}{extra}</div>")


def share_back(study, day=None, top: int = 6, examples: int = 2, counts: bool = False) -> ShareBack:
    """Build the share-back page for the whole study, or for one ``day``.

    It leads with the types heard most, in people's words, each with what they said (``examples``
    of it). The counts are for whoever wants them: ``counts=True`` adds them, in small print after
    the words (the daily rhythm: the words start the conversation, numbers do not).
    """
    import pandas as pd

    from helpers.core.personal_data import mask

    demands = _day_filter(study.demands(), day)
    types = study.types().set_index("name")
    when = f"on {pd.Timestamp(day):%A %d %B %Y}" if day is not None else "so far"
    name = html.escape(str(study.info.get("name") or "our study"))
    parts = [f"<style>{_CSS}</style><div class='shareback'>",
             f"<h1>What we heard {when}</h1><p>{name}. This is for the people who answer the calls, first: "
             f"tell us what we have got wrong before anyone else sees it.</p>"]
    if len(demands) == 0:
        parts.append("<p class='big'>Nothing heard yet.</p>")
    else:
        by_type = demands.dropna(subset=["demand_type"]).groupby("demand_type")
        ranked = sorted(by_type, key=lambda item: -len(item[1]))[:top]
        parts.append("<h2>What people asked for, in their own words</h2>")
        if ranked:
            parts.append("<p>Failure demand is caused by us not doing something, or not doing it right. No person did "
                         "anything wrong here: these are about how the system works, for us to learn from, never a "
                         "target.</p>")
            parts.extend(_type_block(t, rows, types, examples, counts) for t, rows in ranked)
        else:
            parts.append("<p class='big'>No types yet: classify together first, then these show what people said.</p>")
        if counts:
            parts.append(_counts(demands))
    # One masking step over every text on the page, so nothing typed anywhere gets through unmasked
    # and the sentence counts all of it.
    masked = mask("".join(parts), html=True)
    parts = [masked.texts, f"<div class='check'><b>Before this is shared:</b> {html.escape(masked.sentence)}</div>"]
    parts.append("<h2>Was today normal?</h2><p>Tell us: was this a normal day on the phones? If not, what was different "
                 "(a storm, an IT outage, short-staffed)? We record what you say with the study.</p></div>")
    return ShareBack("".join(parts), masked.sentence, len(masked.found))


def _counts(demands) -> str:
    """The day's numbers, in small print: for whoever asks, after the words."""
    from helpers.analysis.predictability import classification_counts

    counts = classification_counts(demands)
    value, failure, undecided = counts["value"], counts["failure"], counts["undecided"]
    decided = value + failure
    share = f"{failure} of the {decided} we could classify as value or failure" if decided else "none classified yet"
    return (f"<h2>The numbers, if you want them</h2><p class='small'>We heard {len(demands)} demands. Failure demand: "
            f"{share}. Value: {value}. Failure: {failure}. Not sure yet: {counts['unsure']}. Not customer demand: "
            f"{counts['not demand']}.{f' Not yet looked at: {undecided}.' if undecided else ''}</p>")


class VerdictForm(_Form):
    """The front line's verdict on a day ("was today normal?") and what they said, in their words:
    recorded by the person named in "Your name", so "Undo my last" takes back only theirs."""

    def __init__(self, study, day=None):
        import ipywidgets as widgets

        super().__init__(study)
        self.day = day
        self.choice = widgets.RadioButtons(options=VERDICTS, value=None, description="Was it a normal day?", style=_STYLE)
        self.said = widgets.Textarea(description="What they said, in their words", style=_STYLE, layout=_WIDE)
        self.who = widgets.Text(description="Who said it", placeholder="a first name, a role, or 'the team'", style=_STYLE)
        self.widget = widgets.VBox([self.person, self.choice, self.said, self.who,
                                    self._button("record", "Record their verdict", self._record, "Not recorded"),
                                    self._button("undo", "Undo my last", self._undo, "Not undone", primary=False)])
        self.widget.add_class("demand-verdict-form")

    def _record(self) -> str:
        if self.choice.value is None:
            raise ValueError("Choose an answer first: was it a normal day?")
        said, who = self.said.value.strip(), self.who.value.strip()
        text = self.choice.value + (f": {said}" if said else "") + (f" (said by {who})" if who else "")
        self.study.add_front_line_verdict(text, by=self._who(), day=self.day)
        self.said.value = ""
        return f"Their verdict: {text}"


def verdict_form(study, day=None) -> VerdictForm:
    """Record the front line's verdict on the day in ``study`` (or the chosen study of
    :func:`helpers.pick_study`'s picker); ``day`` defaults to today."""
    return _on_picker(study, functools.partial(VerdictForm, day=day))
