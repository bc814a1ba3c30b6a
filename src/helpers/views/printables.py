"""Paper first: the demand capture sheet and the typing-up template.

Most listening happens on paper, beside a call handler or at reception, and is typed up after
each session. The sheet prints to A4; the template is a spreadsheet that
:func:`helpers.load_demands` reads without any mapping.

>>> sheet = capture_sheet(service="Repairs line")
>>> "@page" in sheet.html and "A4" in sheet.html and "What they said" in sheet.html
True
>>> TEMPLATE_COLUMNS[:4]
('Date', 'Time', 'Channel', 'What they said')
"""
from __future__ import annotations

import base64
import html
import io
from dataclasses import dataclass
from pathlib import Path

from helpers.core.loader import EXAMPLE_WORDS
from helpers.views.figures import HtmlView, text_of

__all__ = ["TEMPLATE_COLUMNS", "CaptureSheet", "capture_sheet", "typing_template_bytes", "typing_template",
           "DownloadLink", "download_template", "download_sheet"]

#: The typing-up template's columns, in the order of the paper sheet (the loader knows each name).
TEMPLATE_COLUMNS = ("Date", "Time", "Channel", "What they said", "V/F/?", "Type of demand",
                    "Listener", "Role", "Contact no", "Notes")

_RULES = (
    "Write what the person asks for in their own words, not in our categories.",
    "One line per demand. A second demand in the same contact: write + at the start of the line.",
    "V = value (what we are here to do), F = failure (caused by us not doing something, or not doing it right), "
    "? = not sure (add a note; the team settles it later), N = not customer demand.",
    "Never write card or bank details. Leave out names and numbers you do not need.",
)

#: One landscape A4 page with room for 14 demands (the facilitator notes promise it): every size is in
#: mm or pt, so the screen's size changes nothing on paper; rows stay whole and the headings repeat if a
#: longer sheet runs on to a second page.
_CSS = """
@page { size: A4 landscape; margin: 10mm 12mm; }
@media print { body { margin: 0; } .sheet { border: 0; padding: 0; max-width: none; } }
.sheet { font-family: Arial, Helvetica, sans-serif; font-size: 10pt; color: #000; line-height: 1.25; }
.sheet h1 { font-size: 15pt; margin: 0 0 2mm 0; }
.sheet .meta { display: flex; gap: 6mm; margin-bottom: 2mm; }
.sheet .meta span { flex: 1; border-bottom: 1px solid #000; padding-bottom: 1mm; }
.sheet .safeguarding { border: 1.5pt solid #000; padding: 1mm 2mm; margin-bottom: 2mm; font-size: 9.5pt; }
.sheet ul { margin: 0 0 2mm 0; padding-left: 5mm; font-size: 8.5pt; }
.sheet table { width: 100%; border-collapse: collapse; table-layout: fixed; }
.sheet th, .sheet td { border: 1px solid #000; padding: 0.5mm 2mm; vertical-align: top; }
.sheet th { background: #eee; text-align: left; font-size: 9.5pt; }
.sheet tr { break-inside: avoid; page-break-inside: avoid; }
.sheet td { height: 8.4mm; box-sizing: border-box; }
.sheet col.time { width: 14mm; } .sheet col.vf { width: 16mm; } .sheet col.notes { width: 60mm; }
@media screen { .sheet { max-width: 273mm; border: 1px solid #ccc; padding: 6mm; } }
"""


@dataclass(frozen=True)
class CaptureSheet(HtmlView):
    """A printable capture sheet. Shows itself in a notebook; ``.save(path)`` writes the HTML."""

    def __repr__(self) -> str:
        return "Demand capture sheet (prints on A4): " + text_of(self.html, 120)

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.write_text(self.html, encoding="utf-8")
        return path


def capture_sheet(service: str = "", rows: int = 14, listener: str = "", door: str = "",
                  safeguarding_lead: str = "", safeguarding_tel: str = "") -> CaptureSheet:
    """The demand capture sheet (time, what they said, V/F/?, notes) as HTML that prints on one
    landscape A4 page with ``rows`` demands (14 fit), headed by the safeguarding lead's name and number
    and what to do if someone may be at risk (``facilitator_notes/safeguarding.md``).

    >>> sheet = capture_sheet(rows=3, safeguarding_lead="Dee <Lead>")
    >>> sheet.html.count('<td class="row">'), "Safeguarding lead: <b>Dee &lt;Lead&gt;</b>" in sheet.html
    (3, True)
    """
    if rows < 1 or rows > 40:
        raise ValueError(f"rows must be between 1 and 40 (one A4 page holds about 14); got {rows}.")
    esc = html.escape
    blank = "_" * 18
    lead = f"<b>{esc(safeguarding_lead)}</b>" if safeguarding_lead.strip() else blank
    tel = f"<b>{esc(safeguarding_tel)}</b>" if safeguarding_tel.strip() else blank
    rules = "".join(f"<li>{esc(r)}</li>" for r in _RULES)
    body_rows = "".join('<tr><td class="row"></td><td></td><td></td><td></td></tr>' for _ in range(rows))
    doc = f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Demand capture sheet</title><style>{_CSS}</style></head>
<body><div class="sheet">
<h1>Demand capture sheet{(': ' + esc(service)) if service else ''}</h1>
<div class="meta"><span>Date:</span><span>Listener: {esc(listener)}</span>\
<span>Door (phone, counter, email...): {esc(door)}</span><span>Sheet __ of __</span></div>
<div class="safeguarding">Safeguarding lead: {lead} (tel {tel}). If anything you hear suggests someone may be at \
risk, pass it on at once: in immediate danger, signal the team leader there and then; otherwise make sure the \
safeguarding lead hears of it today. Here write only &ldquo;safeguarding: passed on&rdquo; and the time, never \
the details.</div>
<ul>{rules}</ul>
<table><colgroup><col class="time"><col><col class="vf"><col class="notes"></colgroup>
<thead><tr><th>Time</th><th>What they said (their words)</th><th>V / F / ? / N</th>\
<th>Notes (why F or ?, type, anything odd)</th></tr></thead>
<tbody>{body_rows}</tbody></table>
</div></body></html>"""
    return CaptureSheet(doc)


def typing_template_bytes(example: bool = True) -> bytes:
    """The typing-up template as XLSX bytes: a "demands" sheet and a "how to" sheet.

    >>> data = typing_template_bytes()
    >>> data[:2]
    b'PK'
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "demands"
    ws.append(list(TEMPLATE_COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    widths = {"A": 12, "B": 8, "C": 12, "D": 60, "E": 7, "F": 30, "G": 14, "H": 16, "I": 10, "J": 40}
    for col, width in widths.items():
        ws.column_dimensions[col].width = width
    ws.freeze_panes = "A2"
    # Dates and times as text, so Excel never turns 03/04 into 4 March.
    for col in ("A", "B", "I"):
        for row in range(2, 1002):
            ws[f"{col}{row}"].number_format = "@"
    check = DataValidation(type="list", formula1='"V,F,?,N"', allow_blank=True,
                           error="Use V, F, ? or N (or leave it empty while undecided).", showErrorMessage=True)
    ws.add_data_validation(check)
    check.add("E2:E1001")
    if example:  # on row 2, under the headings (append would put it under the formatted rows, at row 1002)
        for col, value in enumerate(["02/03/2026", "11:52", "phone", EXAMPLE_WORDS, "F", "Is someone still coming today?",
                                     "Sam", "Repairs manager", "1", "slot was 8-1; delete this example row"], start=1):
            ws.cell(row=2, column=col, value=value)
    how = wb.create_sheet("how to")
    for line in ("How to type up a capture sheet",
                 "One row per demand, in the person's words as written on the sheet.",
                 "Date as day/month/year (02/03/2026 is 2 March), time as 24-hour (14:05).",
                 "V/F/?: V value, F failure, ? not sure, N not customer demand; leave empty if undecided.",
                 "Contact no: give two demands from the same call the same number.",
                 "Never type card or bank details. The example row (row 2) is left out when the sheet is imported.",
                 "Import it in workbook 4: upload it in the form under 'Bring a typed-up sheet into your study'."):
        how.append([line])
    how["A1"].font = Font(bold=True, size=14)
    how.column_dimensions["A"].width = 100
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def typing_template(path: str | Path, example: bool = True) -> Path:
    """Write the typing-up template to ``path`` (an .xlsx file) and return the path."""
    path = Path(path)
    if path.suffix.lower() != ".xlsx":
        raise ValueError(f"The template is an Excel file: give a name ending in .xlsx, not {path.name!r}.")
    path.write_bytes(typing_template_bytes(example=example))
    return path


class DownloadLink:
    """A link that downloads ``data`` from the page itself: nothing is written to disk, so it
    works in a read-only walkthrough too."""

    def __init__(self, data: bytes, filename: str, label: str, mime: str = "application/octet-stream"):
        self.data, self.filename, self.label, self.mime = data, filename, label, mime

    def _repr_html_(self) -> str:
        b64 = base64.b64encode(self.data).decode("ascii")
        return (f'<a download="{html.escape(self.filename)}" href="data:{self.mime};base64,{b64}" '
                f'style="font-size:1.1em">{html.escape(self.label)}</a>')

    def __repr__(self) -> str:
        return f"{self.label} ({self.filename})"


def download_template() -> DownloadLink:
    """A download link for the typing-up template (shows in JupyterLab and Voila)."""
    return DownloadLink(typing_template_bytes(), "typing-up-template.xlsx", "Download the typing-up template (Excel)",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def download_sheet(service: str = "") -> DownloadLink:
    """A download link for the capture sheet as an HTML file to print on A4."""
    return DownloadLink(capture_sheet(service=service).html.encode("utf-8"), "capture-sheet.html",
                        "Download the capture sheet (open it and print on A4)", "text/html")
