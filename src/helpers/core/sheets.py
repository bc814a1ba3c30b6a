"""Typed-up sheets into a study: all or nothing, never twice, and where each came from.

Rows imported before are known by their content (a hash of each row, kept with the import
event), so a sheet imported twice, under any file name, adds nothing the second time, and a
sheet that grew (today's rows typed under yesterday's, or sorted anew) adds only its new rows.
Two sheets that truly hold the same rows (two tick sheets alike) go in with ``allow_repeats=True``.

>>> import pathlib, tempfile
>>> from helpers.core.study import Study
>>> sheet = pathlib.Path(tempfile.mkdtemp()) / "monday.csv"
>>> _ = sheet.write_text("Date,What they said,V/F\\n24/03/2026 14:05,Where is my bin?,F\\n")
>>> study = Study.scratch()
>>> print(import_sheet(study, sheet, by="Asha"))
Imported 1 demand from monday.csv.
>>> print(import_sheet(study, sheet, by="Ben"))
Nothing was added: every row of monday.csv was imported before (from monday.csv, last on 20... by Asha). ...
"""
from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from helpers.core import _read
from helpers.core.errors import DemandDataError
from helpers.core.loader import load_demands

__all__ = ["ImportResult", "import_sheet", "plain_words"]

# The loader speaks to code users; a person using the forms reads these words instead.
_PLAIN = ((r"load (?:it|the file) with dayfirst=False", "choose 'dates are month first'"),
          (r"load (?:it|the file) with dayfirst=True(?: \(the default\))?", "choose 'dates are day first'"),
          (r"([Nn])othing was loaded", r"\1othing was imported"),
          (r"Tell load_demands which column.*", "Name the column that holds them 'What they said' (or 'Type of "
                                                "demand' for a tick sheet)."))


def plain_words(text: str) -> str:
    """A loader's message worded for a person using the forms: what to choose, not what to type.

    >>> plain_words("If so, load it with dayfirst=False; nothing was loaded.")
    "If so, choose 'dates are month first'; nothing was imported."
    """
    for pattern, words in _PLAIN:
        text = re.sub(pattern, words, text)
    return text


@dataclass(frozen=True)
class ImportResult:
    """What :func:`import_sheet` did: the ``ids`` added, rows left out as imported before
    (``repeated``), whether the template's example row was left out, the loader's ``notes``
    (plain words) and a ``message`` in plain English (also ``str(result)``)."""

    file: str
    sheet: str | None
    ids: tuple[int, ...]
    repeated: int
    example_left_out: bool
    notes: tuple[str, ...]
    message: str

    @property
    def imported(self) -> int:
        return len(self.ids)

    def __str__(self) -> str:
        return self.message


_LETTERS = str.maketrans("0123456789", "ghijklmnop")


def _row_hash(row: dict) -> str:
    import pandas as pd

    cells = sorted((str(k), v.isoformat() if hasattr(v, "isoformat") else str(v).strip())
                   for k, v in row.items() if not pd.isna(v) and str(v).strip())
    digest = hashlib.sha256(json.dumps(cells, ensure_ascii=False).encode()).hexdigest()[:16]
    return digest.translate(_LETTERS)  # letters only, so no hash ever reads as a phone or card number


def import_sheet(study, path, dayfirst: bool = True, by: str | None = None,
                 allow_repeats: bool = False) -> ImportResult:
    """Import a typed-up sheet (CSV or XLSX, read by ``load_demands``) into ``study``, all or nothing.

    A bad row imports nothing: the DemandDataError names the file, row and column, and its
    ``plain`` says it for a person ("choose 'dates are month first'" where the loader says
    ``dayfirst=False``). The template's example row and rows imported before are left out, and
    the result says so. One event records the file's name, the sheet read, the rows added (with
    each one's hash) and who, so ``undo`` takes the import back whole.
    """
    path = Path(path)
    try:
        frame = load_demands(path, dayfirst=dayfirst, leave_out_example=True)
        ready = study._import_rows(frame)
    except DemandDataError as exc:
        where = ", ".join(w for w in (path.name, exc.row and f"row {exc.row}", exc.column and f"column {exc.column!r}") if w)
        text = plain_words(exc.reason)
        exc.plain = f"{where}: {text}" + ("" if "othing was imported" in text else " Nothing was imported.")
        raise
    hashes = [_row_hash(row) for row in frame.to_dict("records")]
    by, before, came, keep, earlier = study._by(by), Counter(), {}, [], []
    with study._write() as con:
        for at, who, sheet in [] if allow_repeats else _read.sheet_imports(con):
            before.update(sheet["row_hashes"])
            came.update(dict.fromkeys(sheet["row_hashes"], (at, who, sheet["file"])))
        for i, h in enumerate(hashes):
            if before[h] > 0:
                before[h] -= 1
                earlier.append(came[h])
            else:
                keep.append(i)
        example, sheet = frame.attrs["example_left_out"], frame.attrs.get("sheet")
        source = {"file": path.name, "sheet": sheet, "row_hashes": [hashes[i] for i in keep], "repeated": len(earlier),
                  "example_left_out": example}
        ids = study._insert_rows([ready[i] for i in keep], by, {"sheet": source}) if keep else []
    name, notes = path.name + (f" (sheet {sheet!r})" if sheet else ""), tuple(map(plain_words, frame.attrs["notes"]))
    if earlier:
        at, who, _ = max(earlier)
        when = (f"(from {', '.join(sorted({f for _, _, f in earlier}))}, last on {at.replace('T', ' at ')[:-3]} by {who})."
                " If they are new demands that only look the same, choose 'import rows seen before'.")
    if ids:
        text = f"Imported {len(ids)} demand{'s' * (len(ids) != 1)} from {name}."
        text += f" {len(earlier)} row{'s' * (len(earlier) != 1)} imported before were left out {when}" if earlier else ""
    else:
        text = (f"Nothing was added: every row of {name} was imported before {when}" if earlier
                else f"Nothing was added: {name} has no demands{' besides the example row' * example}.")
    text += " The template's example row was left out." if example and (ids or earlier) else ""
    return ImportResult(path.name, sheet, tuple(ids), len(earlier), example, notes, " ".join([text, *notes]))
