"""The public results, each showing itself in a notebook with its captioned figure or cards.

The analysis layer computes (``helpers.analysis``) and never draws; these are the same
results, with ``.plot(ax=None)`` and a ``_repr_html_``, so a notebook writes
``helpers.saturation(study)`` and sees the captioned chart and its message.

>>> report = saturation(["repair", "chase", "repair", "repair"])
>>> "<figcaption>" in report._repr_html_()
True
>>> print(Findings([]).about(mistake=4)._repr_html_())
<div class="demand-findings"><p>Nothing to point out so far.</p></div>
"""
from __future__ import annotations

import dataclasses
import html

from helpers.analysis import agreement as _agreement
from helpers.analysis import calibration as _calibration
from helpers.analysis import checks as _checks
from helpers.analysis import predictability as _predictability
from helpers.analysis import saturation as _saturation
from helpers.views.cards import render_cards

__all__ = ["SaturationReport", "XmR", "Agreement", "Findings", "CalibrationReport", "saturation", "xmr", "agreement",
           "check_study", "calibration"]


def _as(cls, result):
    """The same result as ``cls`` (a subclass that only adds how it is shown)."""
    return cls(**{f.name: getattr(result, f.name) for f in dataclasses.fields(result) if f.init})


class _Drawn:
    """A result that draws itself (``plot``) and shows its captioned figure in a notebook."""

    _draw = ""           # the helpers.views.plots function that draws it
    _with_message = True  # the message under the figure too

    def plot(self, ax=None, **kwargs):
        """Draw it (``plot_discovery``, ``plot_xmr`` or ``plot_agreement``); returns the Axes."""
        from helpers.views import plots

        return getattr(plots, self._draw)(self, ax=ax, **kwargs)

    def _repr_html_(self) -> str:
        from helpers.views.figures import captioned

        words = f"<p>{html.escape(self.message)}</p>" if self._with_message and self.message else ""
        return captioned(self.plot()).html + words


class SaturationReport(_Drawn, _saturation.SaturationReport):
    __doc__ = _saturation.SaturationReport.__doc__
    _draw, _with_message = "plot_discovery", False


class XmR(_Drawn, _predictability.XmR):
    __doc__ = _predictability.XmR.__doc__
    _draw, _with_message = "plot_xmr", False  # plot_xmr's caption already says the message


class Agreement(_Drawn, _agreement.Agreement):
    __doc__ = _agreement.Agreement.__doc__
    _draw = "plot_agreement"

    def _repr_html_(self) -> str:  # three or more teams: the pairs in the order given, no grid
        if len(self.names) == 2:
            return super()._repr_html_()
        return f"<p>{html.escape(self.message)}</p>" + self.pairs.round(2).to_html(index=False, na_rep="undefined")


class CalibrationReport(_calibration.Calibration):
    __doc__ = _calibration.Calibration.__doc__

    def _repr_html_(self) -> str:
        esc = html.escape
        head = [f"<h3>The calibration sample: {esc(self.team)}</h3>", f"<p>{esc(self.message)}</p>"]
        head += [f"<p><i>{esc(n)}</i></p>" for n in self.notes]
        parts: list[str] = []
        if self.rounds:
            t = self.table
            said = lambda sid, words: f"<b>{esc(sid)}</b>" + (f" &ldquo;{esc(words)}&rdquo;" if words else "")  # noqa: E731
            if len(self.stages) == 2:
                moved = "".join(f"<li>{said(r.source_id, r.verbatim)}: {esc(r.moved)}</li>" for r in self.moved.itertuples())
                parts.append("<h4>Which demands moved</h4><ul>" + (moved or "<li>None moved.</li>") + "</ul>")
            unsure = "".join(f"<li>{esc(stage.capitalize())}: {esc(', '.join(ids)) or 'none'}</li>"
                             for stage, ids in self.unsure.items())
            parts.append("<h4>The &ldquo;?&rdquo; answers</h4><p>A &ldquo;?&rdquo; with a clear note can be a sign "
                         f"of learning: the team noticed it did not know.</p><ul>{unsure}</ul>")
            parts.append("<h4>Every demand</h4><p>The reference answer and its reason are shown only where the team's "
                         "latest answer differs, to start a discussion, not to score: where the team disagrees for good "
                         "reasons, note them, because the reference can be wrong for your service.</p>")
            cols = "".join(f"<th scope='col'>{h}</th>" for h in ("Demand", "What the person said", "Before", "After",
                                                                  "The team's type and note", "The reference, where it differs"))
            body = "".join(
                "<tr>" + f"<th scope='row'>{esc(r.source_id)}</th><td>{esc(r.verbatim)}</td>"
                + "".join(f"<td>{esc(_calibration.answer_words(getattr(r, s)))}</td>" for s in ("before", "after"))
                + f"<td>{esc('; '.join(x for x in (r.demand_type, r.note) if isinstance(x, str)))}</td>"
                + (f"<td>{esc(r.reference)}: {esc(r.reason or '')}</td>" if isinstance(r.reference, str) else "<td></td>")
                + "</tr>" for r in t.itertuples())
            parts.append(f"<table class='demand-calibration-table'><thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>")
        if self.stages == ["before"]:  # folded, so a page showing it beside the after round's form keeps that round blind
            parts = ["<details><summary><b>Show the before answers</b> (not while the after round is being coded: "
                     "it is coded blind)</summary>", *parts, "</details>"]
        return "<div class='demand-calibration'>" + "".join(head + parts) + "</div>"


class Findings(list):
    """What ``check_study`` found: a list of findings that shows itself as quiet cards."""

    def about(self, *, mistake: int | None = None, code: str | None = None) -> Findings:
        """Only the findings about one mistake (1-9) or with one code."""
        return Findings(f for f in self if (mistake is None or f.mistake == mistake)
                        and (code is None or f.code == code))

    def _repr_html_(self) -> str:
        return render_cards(self)


def saturation(*args, **kwargs) -> SaturationReport:
    return _as(SaturationReport, _saturation.saturation(*args, **kwargs))


def xmr(*args, **kwargs) -> XmR:
    return _as(XmR, _predictability.xmr(*args, **kwargs))


def agreement(a, b, *more, **kwargs) -> Agreement:
    return _as(Agreement, _agreement.agreement(a, b, *more, **kwargs))


def check_study(study_or_frame, **kwargs) -> Findings:
    return Findings(_checks.check_study(study_or_frame, **kwargs))


def calibration(study, sample=None, reference=None) -> CalibrationReport:
    return _as(CalibrationReport, _calibration.calibration(study, sample=sample, reference=reference))


for _public, _inner in ((saturation, _saturation.saturation), (xmr, _predictability.xmr),
                        (agreement, _agreement.agreement), (check_study, _checks.check_study),
                        (calibration, _calibration.calibration)):
    _public.__doc__ = _inner.__doc__
