"""One guard for every widget callback: a plain message in the page, never a traceback.

A widget's callback runs after its cell has finished. In a Voila walkthrough its traceback goes
nowhere anyone can see, so the button seems to do nothing; in a notebook it fills the page with
programmers' words. :class:`guarded` writes, escaped, in the widget the person is looking at,
what went wrong and what to do next: around a callback, or as a ``with`` block. :class:`Shown`
lets an object holding a widget show it as a cell's last line.

>>> class Box:              # anything with a ``value``, like an ipywidgets HTML widget
...     value = ""
>>> box = Box()
>>> def save(_):
...     raise ValueError("the name <Sam> is taken.")
>>> guarded(box, lead="Not saved", advice="Your text is still in the box.")(save)("click")
>>> box.value
'<p><b>Not saved:</b> the name &lt;Sam&gt; is taken. Your text is still in the box.</p>'
>>> with guarded(box, lead="Could not compare"):
...     {}["reason"]
>>> print(box.value)
<p><b>Could not compare:</b> nothing called &#x27;reason&#x27; was found. Try again, or ask the facilitator.</p>
"""
from __future__ import annotations

import html
import logging
from contextlib import ContextDecorator
from typing import Any

__all__ = ["guarded", "Shown"]


class guarded(ContextDecorator):  # lower case, like contextlib.suppress: it reads as what it does
    """Run a widget callback so that any failure becomes a plain message in ``out``.

    ``out``: anything with a ``value`` (an ``ipywidgets.HTML``). ``lead``: what did not happen, in the
    person's terms ("Not saved"); ``advice``: what to do now. Only ordinary errors are caught:
    stopping the kernel still stops it.
    """

    def __init__(self, out: Any, lead: str = "Something went wrong",
                 advice: str = "Try again, or ask the facilitator.") -> None:
        self.out, self.lead, self.advice = out, lead, advice

    def __enter__(self) -> "guarded":
        return self

    def __exit__(self, kind, err, tb) -> bool:
        if not isinstance(err, Exception):
            return False
        # Kept for whoever looks into it later (shown only if debug logging is switched on).
        logging.getLogger("helpers").debug("%s", self.lead, exc_info=err)
        said = str(err).strip().rstrip(".") or f"an unexpected problem ({type(err).__name__})"
        if isinstance(err, KeyError) and err.args:  # str() of a KeyError is only the quoted key
            said = f"nothing called {err.args[0]!r} was found"
        advice = f" {html.escape(self.advice)}" if self.advice else ""
        self.out.value = f"<p><b>{html.escape(self.lead)}:</b> {html.escape(said)}.{advice}</p>"
        return True


class Shown:
    """Mixin: display ``self.widget`` when the object is a cell's last line."""

    widget: Any

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
