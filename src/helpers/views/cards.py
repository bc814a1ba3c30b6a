"""The checks' findings as quiet cards: no alarm colours, never a pop-up.

What the capture app, the notebooks and the console show for a list of findings.
"""
from __future__ import annotations

import html

__all__ = ["render_cards"]


_CARD_CSS = (
    "<style>.demand-findings{font-family:inherit;max-width:46em}"
    ".demand-finding{border:1px solid #c9d3dd;border-left:4px solid #5b7a99;border-radius:4px;"
    "padding:.5em .8em;margin:.4em 0;background:#f7f9fb;color:#1d2733}"
    ".demand-finding.warning{border-left-color:#8a6d1f;background:#fbf8f0}"
    ".demand-finding .kind{font-size:.85em;color:#4a5a6a}"
    ".demand-finding .ack{font-size:.9em;color:#3d5a3d;margin-top:.3em}"
    ".demand-finding .examples{margin:.3em 0 0 1.2em;padding:0;font-style:italic}"
    # the finding's code, for acknowledge(code, reason): small print, muted but still AA (5:1 on both backgrounds)
    ".demand-finding .code{display:block;margin-top:.3em;font-size:.75em;color:#5f6b76}</style>"
)


def render_cards(findings) -> str:
    """Quiet HTML cards for the findings.

    >>> render_cards([])
    '<div class="demand-findings"><p>Nothing to point out so far.</p></div>'
    """
    findings = list(findings)
    if not findings:
        return '<div class="demand-findings"><p>Nothing to point out so far.</p></div>'
    cards = []
    for f in findings:
        kind = "Worth a look" if f.severity == "warning" else "A note"
        mistake = f"mistake {f.mistake}" if f.mistake else "across the study"
        book = f", workbook {f.workbook}" if f.workbook else ""
        ack = (f'<div class="ack">You recorded why: {html.escape(str(f.acknowledged))}</div>'
               if f.acknowledged else "")
        shown = []
        for example in (f.evidence or {}).get("examples") or []:
            text = example.get("verbatim") if isinstance(example, dict) else example
            if text:
                shown.append(f"<li>&ldquo;{html.escape(str(text))}&rdquo;</li>")
        listing = f'<ul class="examples">{"".join(shown[:3])}</ul>' if shown else ""
        cards.append(
            f'<div class="demand-finding {html.escape(f.severity)}" data-code="{html.escape(f.code)}">'
            f'<div class="kind">{kind} ({mistake}{book})</div>'
            f"<div>{html.escape(f.message)}</div>{listing}{ack}"
            f'<small class="code">{html.escape(f.code)}</small></div>')
    return _CARD_CSS + '<div class="demand-findings">' + "".join(cards) + "</div>"
