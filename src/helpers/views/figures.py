"""Show a figure with its caption and a real text alternative, in JupyterLab and in Voila.

Every figure in the workbook says what to notice (a caption under it) and carries a text
alternative (the ``alt`` of the image) for people who cannot see it. Draw with a
``helpers.plots`` function, then hand the Axes to :func:`captioned`:

>>> import matplotlib.pyplot as plt
>>> from helpers import plots
>>> fig, ax = plt.subplots()
>>> _ = ax.bar(["Mon", "Tue"], [12, 8])
>>> _ = plots.caption(ax, notice="Monday is busier, every week.", alt="Bar chart: Monday 12, Tuesday 8.")
>>> shown = captioned(ax)
>>> 'alt="Bar chart: Monday 12, Tuesday 8."' in shown.html and "<figcaption>" in shown.html
True
"""
from __future__ import annotations

import base64
import html
import io
import re
from dataclasses import dataclass

__all__ = ["text_of", "html_page", "HtmlView", "CaptionedFigure", "captioned", "Table", "table"]


def text_of(markup: str, limit: int = 300) -> str:
    """The words of a piece of HTML, for the plain-text view of an output (kept short: the
    HTML is what people see; this only stops notebooks storing every page twice).

    >>> text_of("<p>We heard <b>12</b> demands.</p><style>p {}</style>")
    'We heard 12 demands.'
    """
    without = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", markup)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without)).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


def html_page(title: str, body: str) -> str:
    """A whole HTML page around ``body``, to save or download."""
    return f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>{title}</title></head><body>{body}</body></html>"


@dataclass(frozen=True)
class HtmlView:
    """A piece of HTML that shows itself in JupyterLab and Voila (``.html`` holds it)."""
    html: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        return text_of(self.html)


@dataclass(frozen=True)
class CaptionedFigure(HtmlView):
    notice: str
    alt: str

    def __repr__(self) -> str:
        # The plain-text view of a notebook output: the text alternative, not the whole image again.
        return f"Figure: {self.alt}"


def captioned(ax, notice: str | None = None, alt: str | None = None, width: int | None = None) -> CaptionedFigure:
    """The Axes' whole figure as an image with its caption (``notice``) and text alternative (``alt``).

    ``notice``/``alt`` default to the caption set by the plot function (``plots.caption``).
    The matplotlib figure is closed, so the notebook shows it once, here.
    """
    import matplotlib.pyplot as plt

    from helpers.views import plots

    cap = plots.caption(ax)
    notice = notice if notice is not None else (cap.notice if cap else "")
    alt = alt if alt is not None else plots.describe(ax)
    fig = ax.figure
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    plt.close(fig)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    style = f"max-width:{width}px;" if width else "max-width:100%;"
    page = (f'<figure class="demand-figure" style="margin:0.5em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" style="{style}height:auto">'
            f'<figcaption><b>What to notice:</b> {html.escape(notice)}</figcaption></figure>')
    return CaptionedFigure(page, notice, alt)


_TABLE_CSS = ("<style>.demand-table{border-collapse:collapse;margin:.4em 0}.demand-table th,.demand-table td{"
              "border:1px solid #bbb;padding:.2em .5em;text-align:left;vertical-align:top;white-space:normal;"
              "max-width:40em;overflow-wrap:anywhere}.demand-table th{background:#f0f0f0}"
              ".demand-table caption{text-align:left;font-weight:bold;padding:.2em 0}</style>")


@dataclass(frozen=True, repr=False)
class Table(HtmlView):
    """A table for people to read (:func:`table`); its plain-text view is the same table, whole."""
    text: str

    def __repr__(self) -> str:
        return self.text


def table(frame, caption: str | None = None) -> Table:
    """``frame`` as a table people read: no row numbers (0, 1, 2 mean nothing to a reader), every
    sentence whole and wrapped (never cut short with "..."), empty cells empty. An index with a name
    (a day, a status) is a real column and is shown as one.

    >>> import pandas as pd
    >>> shown = table(pd.DataFrame({"said": ["is he still coming? " * 5], "by": [None]}), caption="What they said")
    >>> "<th>0</th>" in shown.html, "..." in shown.html, "<caption>What they said</caption>" in shown.html
    (False, False, True)
    >>> print(table(pd.DataFrame({"n": [3]}, index=pd.Index(["heard"], name="status"))))
    status  n
     heard  3
    """
    import pandas as pd

    if any(name is not None for name in frame.index.names):
        frame = frame.reset_index()
    frame = frame.astype(object).where(frame.notna(), "")  # None and NaN alike: an empty cell
    frame.columns = [" ".join(map(str, c)).strip() if isinstance(c, tuple) else str(c) for c in frame.columns]
    markup = frame.to_html(index=False, na_rep="", border=0, classes="demand-table", escape=True)
    if caption:
        markup = markup.replace(">", f"><caption>{html.escape(caption)}</caption>", 1)
    with pd.option_context("display.max_colwidth", None, "display.width", 10_000):
        text = frame.to_string(index=False, na_rep="")
    return Table(_TABLE_CSS + markup, text)
