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
from helpers.analysis import checks as _checks
from helpers.analysis import predictability as _predictability
from helpers.analysis import saturation as _saturation
from helpers.views.cards import render_cards

__all__ = ["SaturationReport", "XmR", "Agreement", "Findings", "saturation", "xmr", "agreement", "check_study"]


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
    _draw = "plot_xmr"


class Agreement(_Drawn, _agreement.Agreement):
    __doc__ = _agreement.Agreement.__doc__
    _draw = "plot_agreement"

    def _repr_html_(self) -> str:  # three or more teams: the pairs in the order given, no grid
        if len(self.names) == 2:
            return super()._repr_html_()
        return f"<p>{html.escape(self.message)}</p>" + self.pairs.round(2).to_html(index=False, na_rep="undefined")


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


for _public, _inner in ((saturation, _saturation.saturation), (xmr, _predictability.xmr),
                        (agreement, _agreement.agreement), (check_study, _checks.check_study)):
    _public.__doc__ = _inner.__doc__
