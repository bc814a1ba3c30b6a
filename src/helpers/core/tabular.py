"""Write tables (demands, the event log) to CSV or XLSX so that every text survives.

Spreadsheets are hostile to some texts: a cell starting with ``=`` becomes a live formula
(and reads back empty), and XLSX refuses control characters pasted from Word (``\\x0b``).
`write_table` escapes such texts reversibly and `helpers.load_demands` undoes it, so
exporting demands and loading them again gives the same demands:

- a text starting as a formula could (``=``, ``+``, ``-``, ``@``, a tab, their full-width
  forms, or ``'`` itself, so the escape can be undone) gets one leading apostrophe;
- characters XLSX cannot hold (control characters but tab and newline, carriage return,
  U+FFFE, U+FFFF) are written ``_xHHHH_``, as Office does, and an underscore that would
  start such a sequence is written ``_x005F_``.

>>> escape_text("=SUM(A1:A3)")
"'=SUM(A1:A3)"
>>> escape_text("line\\x0bbreak")
'line_x000B_break'
>>> unescape_text(escape_text("a literal _x0041_ stays"))
'a literal _x0041_ stays'
"""
from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

if TYPE_CHECKING:  # pandas is imported only when a table is written
    import pandas as pd

__all__ = ["write_table", "escape_text", "unescape_text", "FORMULA_STARTS"]

#: first characters that make a spreadsheet treat a text as a formula, full-width forms
#: too (plus the apostrophe, escaped too so the escape can always be undone)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20", "'")

# characters XLSX (XML 1.0) cannot hold, plus \r, which XML readers turn into \n
_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0d\x0e-\x1f\ufffe\uffff]")
# an underscore that starts something that looks like an escape: escape the underscore itself
_LOOKS_ESCAPED = re.compile("_(?=x[0-9A-Fa-f]{4}_)")
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def escape_text(text: str) -> str:
    """Escape one text so a spreadsheet keeps it exactly; `unescape_text` reverses it.

    >>> escape_text("-5 degrees"), escape_text("plain words")
    ("'-5 degrees", 'plain words')
    >>> escape_text("＝HYPERLINK(...)"), escape_text("\\t=1+1")
    ("'＝HYPERLINK(...)", "'\\t=1+1")
    """
    if "_x" in text:
        text = _LOOKS_ESCAPED.sub("_x005F_", text)
    text = _FORBIDDEN.sub(lambda m: f"_x{ord(m.group()):04X}_", text)
    if text.startswith(FORMULA_STARTS):
        text = "'" + text
    return text


def unescape_text(text: str) -> str:
    """Undo `escape_text`.

    >>> unescape_text("'=1+1")
    '=1+1'
    >>> unescape_text("tab_x000B_here")
    'tab\\x0bhere'
    """
    if text.startswith("'"):
        text = text[1:]
    if "_x" in text:
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return text


def _cell(value: Any) -> Any:
    """A value as it should go into a cell: texts escaped, missing as None."""
    import json

    import numpy as np
    import pandas as pd

    if isinstance(value, str):
        return escape_text(value)
    if isinstance(value, (dict, list, tuple)):
        return escape_text(json.dumps(value, ensure_ascii=False, default=str))
    if isinstance(value, pd.Timestamp):  # (NaT is not one: it is missing, below)
        if value.tzinfo is not None:  # spreadsheets have no time zones: keep the wall time
            value = value.tz_localize(None)
        return value.to_pydatetime()
    if isinstance(value, np.generic):
        value = value.item()
    with contextlib.suppress(TypeError, ValueError):  # pd.isna of a list-like
        if pd.isna(value):
            return None
    if isinstance(value, (bool, int, float)):
        return value
    if hasattr(value, "isoformat"):  # datetime, date, time
        return value
    return escape_text(str(value))


def _escaped(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of the frame with every cell ready for a spreadsheet."""
    import pandas as pd

    out = pd.DataFrame(index=range(len(frame)))
    for i in range(frame.shape[1]):
        out[i] = pd.Series([_cell(v) for v in frame.iloc[:, i].tolist()], dtype=object)
    out.columns = [escape_text(str(c)) for c in frame.columns]
    return out


def _atomic_write(path: Path, write) -> None:
    """Write through a temporary file beside `path`, so a failure leaves no half file."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    try:
        write(tmp)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


_BAD_SHEET = re.compile(r"[\[\]:*?/\\]")


def write_table(frames: Mapping[str, pd.DataFrame], path: str | os.PathLike) -> list[Path]:
    """Write one or more tables to CSV or XLSX, escaping texts so they survive.

    ``frames`` maps a name to a table, the main one first. A ``.csv`` path gets the first
    table, and each other goes to ``<stem>_<name>.csv`` beside it (UTF-8 with a byte-order
    mark, which Excel opens correctly); an ``.xlsx`` has a sheet per table, named by its key.
    Returns the files written.

    >>> import pandas as pd, tempfile, pathlib
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> demands = pd.DataFrame({"id": ["0123"], "verbatim": ["=why was I charged twice?"]})
    >>> events = pd.DataFrame({"action": ["record"]})
    >>> [p.name for p in write_table({"demands": demands, "events": events}, folder / "study.csv")]
    ['study.csv', 'study_events.csv']
    >>> (folder / "study.csv").read_text(encoding="utf-8-sig").splitlines()[1]
    "0123,'=why was I charged twice?"
    """
    path = Path(path)
    if not frames:
        raise ValueError("write_table needs at least one table, e.g. {'demands': frame}.")
    suffix = path.suffix.lower()
    items = list(frames.items())
    if suffix == ".csv":
        written = []
        for i, (name, frame) in enumerate(items):
            target = path if i == 0 else path.with_name(f"{path.stem}_{name}.csv")
            table = _escaped(frame)
            _atomic_write(target, lambda tmp, t=table: t.to_csv(
                tmp, index=False, encoding="utf-8-sig", lineterminator="\r\n"))
            written.append(target)
        return written
    if suffix in (".xlsx", ".xlsm"):
        names = [str(n) for n, _ in items]
        for name in names:
            if not name or len(name) > 31 or _BAD_SHEET.search(name):
                raise ValueError(
                    f"{name!r} cannot be a sheet name: XLSX sheet names have 1 to 31 characters "
                    "and none of [ ] : * ? / \\. Choose a shorter, plainer name.")
        if len({n.lower() for n in names}) != len(names):
            raise ValueError(f"Sheet names must differ (ignoring case): {names}.")

        def write(tmp: str) -> None:
            from openpyxl import Workbook

            book = Workbook(write_only=True)
            for name, (_, frame) in zip(names, items):
                sheet = book.create_sheet(title=name)
                table = _escaped(frame)
                sheet.append(list(table.columns))
                for row in table.itertuples(index=False, name=None):
                    sheet.append(list(row))
            book.save(tmp)

        _atomic_write(path, write)
        return [path]
    raise ValueError(f"{path.name}: write_table writes .csv or .xlsx files, not {suffix or 'files without an extension'!r}.")
