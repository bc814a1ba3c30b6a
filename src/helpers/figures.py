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
import hashlib
import html
import io
import os
import pickle
import re
from dataclasses import dataclass
from pathlib import Path

# A folder where a walkthrough server's kernels keep the images they have drawn, so the next
# visitor's kernel reuses them (``helpers.forked_kernels`` makes it, for read-only kernels only).
CACHE_VARIABLE = "DEMAND_FIGURE_CACHE"
_PNG = b"\x89PNG\r\n\x1a\n"
_CACHE_LIMIT = 500  # images; a server's walkthroughs draw a few dozen


def text_of(markup: str, limit: int = 300) -> str:
    """The words of a piece of HTML, for the plain-text view of an output (kept short: the
    HTML is what people see; this only stops notebooks storing every page twice).

    >>> text_of("<p>We heard <b>12</b> demands.</p><style>p {}</style>")
    'We heard 12 demands.'
    """
    without = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", markup)
    words = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", without)).split())
    return words if len(words) <= limit else words[: limit - 1].rstrip() + "…"


@dataclass
class CaptionedFigure:
    html: str
    notice: str
    alt: str

    def _repr_html_(self) -> str:
        return self.html

    def __repr__(self) -> str:
        # The plain-text view of a notebook output: the text alternative, not the whole image again.
        return f"Figure: {self.alt}"


def captioned(ax, notice: str | None = None, alt: str | None = None, width: int | None = None) -> CaptionedFigure:
    """The Axes' whole figure as an image with its caption (``notice``) and text alternative (``alt``).

    ``notice``/``alt`` default to the caption set by the plot function (``plots.caption``).
    The matplotlib figure is closed, so the notebook shows it once, here. In a walkthrough an
    image an earlier visitor's kernel drew of the same figure is shown again (``_png``).
    """
    import matplotlib.pyplot as plt

    from . import plots

    cap = plots.caption(ax)
    notice = notice if notice is not None else (cap.notice if cap else "")
    alt = alt if alt is not None else plots.describe(ax)
    fig = ax.figure
    png = _png(fig)
    plt.close(fig)
    data = base64.b64encode(png).decode("ascii")
    style = f"max-width:{width}px;" if width else "max-width:100%;"
    page = (f'<figure class="demand-figure" style="margin:0.5em 0">'
            f'<img src="data:image/png;base64,{data}" alt="{html.escape(alt, quote=True)}" style="{style}height:auto">'
            f'<figcaption><b>What to notice:</b> {html.escape(notice)}</figcaption></figure>')
    return CaptionedFigure(page, notice, alt)


def _draw(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=96, bbox_inches="tight")
    return buffer.getvalue()


def _png(fig) -> bytes:
    """The figure as a PNG; in a walkthrough, the image an earlier visitor's kernel drew of the
    very same figure, if there is one. Every visitor sees the same figures, and drawing them is
    most of a page's wait (0.8 s of workbook 9's)."""
    folder = os.environ.get(CACHE_VARIABLE)
    key = _key(fig) if folder else None
    if key is None:
        return _draw(fig)
    path = Path(folder) / f"{key}.png"
    try:
        png = path.read_bytes()
        if png.startswith(_PNG):
            return png
    except OSError:
        pass
    png = _draw(fig)
    try:
        if sum(1 for _ in Path(folder).iterdir()) < _CACHE_LIMIT:
            part = path.with_name(f"{key}.{os.getpid()}.part")
            part.write_bytes(png)
            os.replace(part, path)  # whole or not at all, for a kernel reading it at the same moment
    except OSError:
        pass  # a full disk or a folder gone with its server only costs the next kernel a drawing
    return png


class _FigurePickler(pickle.Pickler):
    """Pickles a figure for its key: the same figure gives the same bytes in any process. What
    does not change the drawing is left out: the number pyplot gave the figure, and the object
    ids a transform remembers its parents by (only their count is kept)."""

    def reducer_override(self, obj):
        from matplotlib.figure import Figure
        from matplotlib.transforms import TransformNode

        if isinstance(obj, TransformNode):
            state = dict(obj.__getstate__())
            state["_parents"] = len(state.get("_parents") or ())
        elif isinstance(obj, Figure):
            state = dict(obj.__getstate__())
            state.pop("_number", None)
        else:
            return NotImplemented
        return (object, (), None, None, iter(sorted(state.items())))


def _key(fig) -> str | None:
    """A name for everything that decides how ``fig`` is drawn (its whole state, matplotlib's
    version and settings), or ``None`` for a figure that cannot be pickled (then it is drawn)."""
    import matplotlib

    digest = hashlib.sha256(f"{matplotlib.__version__} {sorted(matplotlib.rcParams.items())!r}".encode())
    try:
        _FigurePickler(_Hashing(digest), protocol=5).dump(fig)
    except Exception:  # noqa: BLE001 (a lambda in a formatter, say: not worth an error)
        return None
    return digest.hexdigest()


class _Hashing(io.RawIOBase):
    """A file that hashes what is written to it (the pickle is never kept)."""

    def __init__(self, digest) -> None:
        self._digest = digest

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._digest.update(data)
        return len(data)
