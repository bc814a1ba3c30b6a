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


def _figure(ax, message: str = "") -> str:
    from helpers.views.figures import captioned

    words = f"<p>{html.escape(message)}</p>" if message else ""
    return captioned(ax).html + words


class SaturationReport(_saturation.SaturationReport):
    __doc__ = _saturation.SaturationReport.__doc__

    def plot(self, ax=None):
        """The discovery curve with the saturation point marked; returns the Axes."""
        from helpers.views.plots import plot_discovery

        return plot_discovery(self, ax=ax)

    def _repr_html_(self) -> str:
        return _figure(self.plot())


class XmR(_predictability.XmR):
    __doc__ = _predictability.XmR.__doc__

    def plot(self, ax=None, **kwargs):
        """Draw the chart (values with centre line and limits); returns the Axes."""
        from helpers.views.plots import plot_xmr

        return plot_xmr(self, ax=ax, **kwargs)

    def _repr_html_(self) -> str:
        return _figure(self.plot(), self.message)


class Agreement(_agreement.Agreement):
    __doc__ = _agreement.Agreement.__doc__

    def plot(self, ax=None):
        """Each team's answers side by side, in the house order (never ranked); returns the Axes."""
        from helpers.views.plots import plot_agreement

        return plot_agreement(self, ax=ax)

    def _repr_html_(self) -> str:
        return _figure(self.plot(), self.message)


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


def agreement(*args, **kwargs) -> Agreement:
    return _as(Agreement, _agreement.agreement(*args, **kwargs))


def check_study(study_or_frame, **kwargs) -> Findings:
    return Findings(_checks.check_study(study_or_frame, **kwargs))


for _public, _inner in ((saturation, _saturation.saturation), (xmr, _predictability.xmr),
                        (agreement, _agreement.agreement), (check_study, _checks.check_study)):
    _public.__doc__ = _inner.__doc__
