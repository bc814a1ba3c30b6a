"""Load a file of demands (a typed-up capture sheet, a tick sheet, a system export).

`load_demands` reads CSV or XLSX into a table with the canonical demand columns, forgiving
where a person would expect it (column names in any case, common synonyms, UK dates, the
encodings Excel writes) and refusing, with a `helpers.DemandDataError` naming the file, row
and column, anything it cannot take as it is. Nothing is half-loaded.

>>> import tempfile, pathlib
>>> sheet = pathlib.Path(tempfile.mkdtemp()) / "monday.csv"
>>> _ = sheet.write_text("Date,What they said,V/F\\n03/04/2026 14:05,Where is my bin?,F\\n", encoding="utf-8")
>>> demands = load_demands(sheet)
>>> demands.loc[0, ["received_at", "verbatim", "classification"]].tolist()
[Timestamp('2026-04-03 14:05:00'), 'Where is my bin?', 'failure']
>>> demands.attrs["missing"][:3]
['id', 'channel', 'demand_type']
"""
from __future__ import annotations

import codecs
import io
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

from helpers.core.errors import DemandDataError
from helpers.core.vocabulary import (
    CANONICAL_COLUMNS,
    CLASSIFICATIONS,
    VALID_CHOICES,
    normalise_classification,
    read_dates,
    read_times,
)

if TYPE_CHECKING:  # pandas is imported only when a file is loaded
    import pandas as pd

__all__ = ["load_demands", "normalise_classification", "CANONICAL_COLUMNS", "CLASSIFICATIONS", "EXAMPLE_WORDS"]

#: The words of the typing-up template's example row (``helpers.views.printables``): a row with
#: them and the example's note or date is that example.
EXAMPLE_WORDS = "you said you'd be here this morning and it's gone twelve"


def _key(name: object) -> str:
    """A column name reduced to lower-case letters and digits, for forgiving matching."""
    return re.sub(r"[\W_]+", "", str(name).casefold())


# canonical column -> names a person might give it (compared with _key); earlier wins
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "id": ("id", "demand id", "demand no", "demand number", "ref", "reference", "record id"),
    "received_at": ("received at", "received", "date received", "time received",
                    "date and time", "datetime", "date time", "when received", "received on",
                    "timestamp", "date"),
    "channel": ("channel", "door", "how received", "how", "contact method", "medium", "route"),
    "verbatim": ("verbatim", "what they said", "customer words", "customers words",
                 "customer's words", "in their words", "their words", "what the customer said",
                 "words", "demand", "what was said", "said", "comment from customer"),
    "classification": ("classification", "v/f", "v/f/?", "vf", "value or failure",
                       "value/failure", "class", "classified", "value failure"),
    "demand_type": ("demand type", "type", "type of demand", "category", "demand category"),
    "captured_by": ("captured by", "who listened", "listener", "listened by", "taken by",
                    "recorded by", "captured", "who"),
    "captured_role": ("captured role", "role", "listener role", "role of listener"),
    "contact_id": ("contact id", "contact", "contact no", "contact number", "call id"),
    "person_id": ("person id", "person", "client id", "customer id", "resident id"),
    "contact_from": ("contact from", "from", "who called", "caller", "contact made by"),
    "what_matters": ("what matters", "what matters to them", "what mattered"),
    "source_id": ("source id", "sample id", "source row", "source"),
    "notes": ("notes", "note", "comments", "comment", "remarks"),
}
_TIME_SYNONYMS = ("time", "time of day", "time of call", "at")

# --------------------------------------------------------------------------- reading


def _decode(raw: bytes, file: str) -> str:
    """Text of a CSV file: UTF-8 (with or without a byte-order mark) or Windows-1252."""
    if raw.startswith(codecs.BOM_UTF8):
        encodings = ("utf-8-sig",)
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings = ("utf-16",)
    else:
        encodings = ("utf-8", "cp1252")
    for encoding in encodings:
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError as exc:
            problem = exc
    line = raw[: problem.start].count(b"\n") + 1
    raise DemandDataError(
        f"the file is not text in a form I can read (byte {problem.start + 1}, "
        f"near line {line}, is not UTF-8 or Windows-1252). Open it in Excel and save it "
        "again as 'CSV UTF-8', or save it as .xlsx.", file=file)


def _read_csv(raw: bytes, file: str) -> pd.DataFrame:
    import pandas as pd

    if not raw.strip():
        raise DemandDataError("the file is empty: it needs a header row naming the columns "
                              "and a row per demand.", file=file)
    text = _decode(raw, file)
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise DemandDataError("the file holds a NUL character, so it is probably not a CSV "
                              "(is it a spreadsheet saved with the wrong extension?).",
                              file=file, row=line)
    header = text.lstrip("\ufeff").split("\n", 1)[0]
    # Excel in many European locales writes ';', and some tools tabs
    sep = next((s for s in (",", ";", "\t") if s in header), ",")
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""],
                            skip_blank_lines=False, sep=sep, engine="c")
    except Exception as exc:  # any parser complaint becomes a plain message
        message = " ".join(str(exc).split())
        found = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", message)
        if found:
            expected, line, saw = found.groups()
            raise DemandDataError(
                f"this row has {saw} cells but the header has {expected}. A text holding a "
                "comma needs double quotes around it; check the row and the header.",
                file=file, row=int(line)) from None
        if "EOF" in message:
            raise DemandDataError(
                "a double quote opens a text that never closes, so the rest of the file "
                f"would be swallowed into one cell ({message}). Check for a stray \".",
                file=file) from None
        raise DemandDataError(f"the file cannot be read as CSV ({message}).", file=file) from None
    return frame


#: the most a sheet of demands may hold: far beyond a study's few thousand, far below what
#: exhausts a laptop (one stray value in Excel's last cell must not make a million rows)
MAX_ROWS, MAX_COLUMNS = 100_000, 200


def _read_xlsx(path: Path, file: str) -> pd.DataFrame:
    """The sheet called "Demands", else the first visible sheet, streamed row by row (openpyxl's
    read-only mode) and never beyond ``MAX_ROWS`` rows or ``MAX_COLUMNS`` columns."""
    import itertools

    import pandas as pd
    from openpyxl import load_workbook

    unreadable = "the file cannot be read as an XLSX workbook ({}). Open it in Excel and save it again as .xlsx or CSV."
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:
        raise DemandDataError(unreadable.format(exc), file=file) from None
    try:
        visible = [ws for ws in book.worksheets if ws.sheet_state == "visible"] or book.worksheets
        sheet = next((ws for ws in visible if ws.title.strip().casefold() == "demands"), visible[0])
        where = f"sheet {sheet.title!r}"
        if (sheet.max_row or 0) > MAX_ROWS + 1 or (sheet.max_column or 0) > MAX_COLUMNS:
            raise DemandDataError(
                f"{where} reaches row {sheet.max_row:,} and column {sheet.max_column:,}; a sheet of demands "
                f"may have at most {MAX_ROWS:,} rows and {MAX_COLUMNS} columns. Delete what lies beyond "
                "the demands (select the empty rows and columns after them and delete them), save, and load it again.",
                file=file)
        rows = list(itertools.islice(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS + 1), MAX_ROWS + 2))
    except DemandDataError:
        raise
    except Exception as exc:
        raise DemandDataError(unreadable.format(exc), file=file) from None
    finally:
        book.close()
    filled = [i for i, row in enumerate(rows) if row.count(None) < len(row)]  # (counted in C: a gap is cheap)
    if filled and filled[-1] > MAX_ROWS:
        raise DemandDataError(f"{where} has more than {MAX_ROWS:,} rows of demands; split it into smaller files.",
                              file=file, row=MAX_ROWS + 2)
    rows = rows[: filled[-1] + 1] if filled else []
    if any(len(row) > MAX_COLUMNS and row[MAX_COLUMNS] is not None for row in rows):
        raise DemandDataError(f"{where} has more than {MAX_COLUMNS} columns; keep the demands' columns only.",
                              file=file)
    merged = _fill_merged(path, sheet.title, rows)
    texts = [["" if v is None else str(v) for v in row[:MAX_COLUMNS]] for row in rows]
    width = max((max((i + 1 for i, v in enumerate(row) if v), default=0) for row in texts), default=0)
    _refuse_what_excel_did_not_keep(path, sheet.title, [row[:width] for row in rows], file)
    header = texts[0][:width] if texts else []
    frame = pd.DataFrame([row[:width] for row in texts[1:]], columns=_header_names(header), dtype=object)
    frame = frame.replace("", float("nan"))
    frame.attrs["sheet"] = sheet.title
    if merged:
        frame.attrs["notes"] = [f"{where} has merged cells ({', '.join(merged[:5])}{', ...' if len(merged) > 5 else ''}): "
                                "the value of each was copied to every row it covers. Check those rows."]
    return frame


def _fill_merged(path: Path, title: str, rows: list) -> list[str]:
    """Copy a merged cell's value to every cell it covers (read-only mode cannot see merges,
    so they are read from the sheet's XML); a merged cell would otherwise leave rows blank."""
    import re
    import zipfile

    from openpyxl.utils import range_boundaries

    with zipfile.ZipFile(path) as book:
        names = re.findall(rb'<sheet [^>]*name="([^"]*)"[^>]*r:id="([^"]*)"', book.read("xl/workbook.xml"))
        rid = next((r for n, r in names if n.decode() == title), None)
        rels = book.read("xl/_rels/workbook.xml.rels")
        links = dict(re.findall(rb'Id="([^"]*)"[^>]*Target="([^"]*)"', rels))
        links.update((i, t) for t, i in re.findall(rb'Target="([^"]*)"[^>]*Id="([^"]*)"', rels))
        target = links.get(rid, b"").decode().lstrip("/")
        target = target if target.startswith("xl/") else f"xl/{target}"
        if target not in book.namelist():
            return []
        ranges = re.findall(rb'<mergeCell ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"', book.read(target))
    found = []
    for ref in (r.decode() for r in ranges):
        left, top, right, bottom = range_boundaries(ref)
        if top > len(rows) or left > len(rows[top - 1]):
            continue
        value = rows[top - 1][left - 1]
        for r in range(top, min(bottom, len(rows)) + 1):
            row = list(rows[r - 1])
            row[left - 1:right] = [value] * len(row[left - 1:right])
            rows[r - 1] = tuple(row)
        found.append(ref)
    return found


_EXCEL_ERRORS = frozenset({"#NULL!", "#DIV/0!", "#VALUE!", "#REF!", "#NAME?", "#NUM!", "#N/A", "#GETTING_DATA"})


def _refuse_what_excel_did_not_keep(path: Path, title: str, rows: list, file: str) -> None:
    """An error cell (#N/A) or a formula whose value Excel never saved would load as an empty
    cell, silently: refuse it, naming its row and column."""
    from openpyxl import load_workbook
    from openpyxl.utils import get_column_letter

    formulas = None
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            where = f"sheet {title!r}, cell {get_column_letter(c)}{r}"
            column = str(rows[0][c - 1]) if rows and rows[0][c - 1] is not None else get_column_letter(c)
            if isinstance(value, str) and value.strip() in _EXCEL_ERRORS:
                raise DemandDataError(f"{where} shows Excel's error {value.strip()}: the formula behind it failed. Type "
                                      "what should be there (or leave it empty), save, and load it again.",
                                      file=file, row=r, column=column)
            if value is None:
                if formulas is None:  # read again, formulas as written, only when a cell is empty
                    book = load_workbook(path, read_only=True, data_only=False)
                    try:
                        formulas = list(book[title].iter_rows(values_only=True, max_col=len(row), max_row=len(rows)))
                    finally:
                        book.close()
                written = formulas[r - 1][c - 1] if r <= len(formulas) and c <= len(formulas[r - 1]) else None
                if isinstance(written, str) and written.startswith("="):
                    raise DemandDataError(f"{where} holds a formula ({written[:40]}) whose value Excel never saved. Open "
                                          "the file in Excel and save it (or copy the column and paste it as values), "
                                          "then load it again.", file=file, row=r, column=column)


def _header_names(header: list[str]) -> list[str]:
    """Column names as pandas would give them: "Unnamed: 3" for a blank one, "Notes.1" for a repeat."""
    names, seen = [], {}
    for i, name in enumerate(header):
        name = name or f"Unnamed: {i}"
        seen[name] = seen.get(name, -1) + 1
        names.append(f"{name}.{seen[name]}" if seen[name] else name)
    return names


def _read(path: Path, file: str) -> pd.DataFrame:
    suffix = path.suffix.lower()
    if not path.exists():
        raise DemandDataError("there is no such file. Check the name and the folder.", file=file)
    if path.is_dir():
        raise DemandDataError("this is a folder, not a file of demands.", file=file)
    if suffix == ".xls":
        raise DemandDataError("this is an old-style .xls workbook. Open it in Excel and save "
                              "it as .xlsx (or CSV), then load that.", file=file)
    if suffix in (".xlsx", ".xlsm"):
        return _read_xlsx(path, file)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DemandDataError(f"cannot read the file ({exc.strerror or exc}).", file=file) from None
    if raw.startswith(b"PK\x03\x04"):  # a zip: an XLSX under another name
        return _read_xlsx(path, file)
    return _read_csv(raw, file)


# --------------------------------------------------------------------------- columns


def _unescape_column(col: pd.Series) -> pd.Series:
    """Undo `helpers.core.tabular.escape_text` on a column of text, quickly when nothing to do."""
    from helpers.core.tabular import unescape_text

    values = col.dropna()
    if values.empty:
        return col
    joined = "\x00" + "\x00".join(values.tolist())
    if "\x00'" not in joined and "_x" not in joined:
        return col
    return col.map(unescape_text, na_action="ignore")


def _match_columns(frame: pd.DataFrame, columns: Mapping[str, object] | None, file: str):
    """canonical -> file column(s) (a name, or (date, time) names) for everything found."""
    names = [str(c) for c in frame.columns]
    found: dict[str, object] = {}
    listing = ", ".join(repr(n) for n in names)
    keys = {}
    for name in names:
        keys.setdefault(_key(name), name)
    if columns:
        for canonical, given in columns.items():
            if canonical not in CANONICAL_COLUMNS and isinstance(given, str) and given in CANONICAL_COLUMNS:
                raise DemandDataError(
                    f"columns= seems the wrong way round: it maps canonical names to the file's "
                    f"columns, so write columns={{{given!r}: {canonical!r}}}.", file=file)
            if canonical not in CANONICAL_COLUMNS:
                raise DemandDataError(
                    f"columns= names {canonical!r}, which is not a demand column. The keys of "
                    f"columns= are the canonical names: {', '.join(CANONICAL_COLUMNS)}; the values "
                    "are the file's column names.", file=file)
            wanted = list(given) if isinstance(given, (list, tuple)) else [given]
            if not wanted or len(wanted) > (2 if canonical == "received_at" else 1):
                raise DemandDataError(
                    f"columns={{{canonical!r}: {given!r}}} should name one of the file's columns"
                    + (" (or a date column and a time column, as a pair)" if canonical == "received_at" else "")
                    + ".", file=file)
            resolved = []
            for want in wanted:
                if want in names:
                    resolved.append(want)
                elif _key(want) in keys:
                    resolved.append(keys[_key(want)])
                else:
                    raise DemandDataError(
                        f"columns= maps {canonical!r} to {want!r}, but the file has no such "
                        f"column. Its columns are: {listing}.", file=file, column=str(want))
            found[canonical] = resolved[0] if len(resolved) == 1 else tuple(resolved)
    used = {n for v in found.values() for n in ((v,) if isinstance(v, str) else v)}

    def take(synonyms) -> str | None:
        """The file's first column not taken yet that one of ``synonyms`` names; it is taken."""
        for synonym in synonyms:
            name = keys.get(_key(synonym))
            if name is not None and name not in used:
                used.add(name)
                return name
        return None

    for canonical, synonyms in _SYNONYMS.items():
        if canonical not in found and (name := take((canonical, *synonyms))) is not None:
            found[canonical] = name
    # a date column with a separate time column beside it
    if isinstance(found.get("received_at"), str) and not (columns and "received_at" in columns):
        if (time := take(_TIME_SYNONYMS)) is not None:
            found["received_at"] = (found["received_at"], time)
    return found, used


def _missing_message(frame: pd.DataFrame) -> str:
    """Say that neither the customer's words nor a demand type were found, and how to map."""
    names = [str(c) for c in frame.columns]
    example = names[0] if names else "Your column"
    best = 0.0
    sample = frame.head(500)
    for i, name in enumerate(names):  # suggest the column with the longest texts for verbatim
        col = sample.iloc[:, i].dropna()
        if len(col):
            length = col.astype(str).str.len().mean()
            if length > best:
                best, example = length, name
    return ("found no column for the customer's own words ('verbatim') or for the demand type "
            "('demand_type'); a file of demands needs at least one of them. The file's columns "
            f"are: {', '.join(repr(n) for n in names)}. Tell load_demands which column holds "
            f"them, e.g. load_demands(path, columns={{'verbatim': {example!r}}}), or "
            "columns={'demand_type': ...} for a tick sheet of types.")


# --------------------------------------------------------------------------- the loader


def load_demands(path: str | os.PathLike,
                 columns: Mapping[str, str | tuple[str, str]] | None = None,
                 dayfirst: bool = True, *, leave_out_example: bool = False) -> pd.DataFrame:
    """Read a CSV or XLSX file of demands into a table with the canonical columns.

    - Columns are matched ignoring case, spaces and punctuation, with common synonyms
      ("Date", "What they said", "Customer words", "Type", "V/F", "Who listened", ...);
      ``columns=`` maps anything else, canonical name to the file's column, e.g.
      ``{"received_at": "Created Date"}`` (or a pair ``("Date", "Time")``).
    - The result has every column of `CANONICAL_COLUMNS`, first and in that order, then the
      file's other columns, kept. Columns the file lacked are empty and listed in
      ``frame.attrs["missing"]``; ``frame.attrs["source"]`` is the file's path.
    - It needs at least the customer's words (``verbatim``) or a ``demand_type``.
    - ``received_at`` becomes a Timestamp: UK day-first dates ("03/04/2026 14:05" is 3 April)
      unless ``dayfirst=False`` (US month-first); ISO dates, Excel serial numbers and date
      cells work either way; a "Date" and a "Time" column are combined.
    - ``classification`` is value, failure, unsure, not demand or empty (V/F/?/N... too).
    - Every other column stays text, so ids and codes such as "0123" keep their zeros, and
      the escaping of `helpers.core.tabular.write_table` is undone.
    - ``leave_out_example=True`` leaves out the typing-up template's example row, known by its
      content (``frame.attrs["example_left_out"]`` says whether it was there).

    >>> import tempfile, pathlib
    >>> sheet = pathlib.Path(tempfile.mkdtemp()) / "export.csv"
    >>> _ = sheet.write_text("Ref,Created Date,Type\\n0123,24/03/2025,Missed bin\\n")
    >>> frame = load_demands(sheet, columns={"id": "Ref", "received_at": "Created Date"})
    >>> frame.loc[0, ["id", "received_at", "demand_type"]].tolist()
    ['0123', Timestamp('2025-03-24 00:00:00'), 'Missed bin']
    >>> _ = sheet.write_text("Date received,Type\\n03/24/2025,Missed bin\\n")
    >>> load_demands(sheet)
    Traceback (most recent call last):
    ...
    helpers.core.errors.DemandDataError: ...export.csv, row 2, column 'Date received': '03/24/2025' cannot be a
    day-first (UK) date: ... load it with dayfirst=False; nothing was loaded.
    """
    path = Path(path)
    file = str(path)
    if columns is not None and not isinstance(columns, Mapping):
        raise DemandDataError("columns= should be a dict from canonical names to the file's "
                              "columns, e.g. columns={'verbatim': 'Comments'}.", file=file)
    try:
        return _load(path, file, columns, dayfirst, leave_out_example)
    except DemandDataError:
        raise
    except (ValueError, TypeError, IndexError, KeyError, OverflowError, AttributeError) as exc:
        # a file shaped in a way nobody foresaw: still a plain refusal, never a traceback
        raise DemandDataError(
            f"the file could not be read ({type(exc).__name__}: {exc}). Nothing was loaded. "
            "Please report this with the file, so the workbook can learn to read it.",
            file=file) from exc


def _load(path: Path, file: str, columns, dayfirst: bool, leave_out_example: bool = False) -> pd.DataFrame:
    import numpy as np
    import pandas as pd

    raw = _read(path, file)
    raw_attrs = dict(raw.attrs)

    # header cells: text, unescaped; a blank header cell becomes "Unnamed: n" in pandas
    from helpers.core.tabular import unescape_text

    raw.columns = [unescape_text(str(c)) for c in raw.columns]
    rows = np.arange(len(raw)) + 2  # Excel row of each line read (header is row 1)
    raw.index = pd.RangeIndex(len(raw))
    blank = raw.isna().all(axis=1).to_numpy()
    # drop header-less columns with nothing in them (Excel leaves these after deleting data)
    keep = [i for i, c in enumerate(raw.columns)
            if not (str(c).startswith("Unnamed: ") and raw.iloc[:, i].isna().all())]
    raw = raw.iloc[:, keep]

    found, used = _match_columns(raw, columns, file)
    if "verbatim" not in found and "demand_type" not in found:
        raise DemandDataError(_missing_message(raw), file=file, column="verbatim")

    if blank.any():
        raw = raw.loc[~blank]
    texts = {name: _unescape_column(raw.iloc[:, i]) for i, name in enumerate(raw.columns)}
    example = _example_rows(texts, found.get("verbatim")) if leave_out_example else []
    if example:  # before the dates are read, so the loader's notes are about the real rows only
        raw, texts = raw.drop(index=example), {k: v.drop(index=example) for k, v in texts.items()}

    out: dict[str, pd.Series] = {}
    notes: list[str | None] = []
    empty_text = pd.Series(np.nan, index=raw.index, dtype=_text_dtype())
    for canonical in CANONICAL_COLUMNS:
        source = found.get(canonical)
        if source is None and canonical == "received_at":
            out[canonical] = pd.Series(pd.NaT, index=raw.index, dtype="datetime64[ns]")
        elif source is None:
            out[canonical] = empty_text.copy()
        elif canonical == "received_at":  # a date column, or a (date, time) pair
            date_col, time_col = source if isinstance(source, tuple) else (source, None)
            dates = read_dates(texts[date_col], file=file, column=date_col, rows=rows, dayfirst=dayfirst)
            notes.append(dates.attrs.get("note"))
            if time_col is not None:
                times = read_times(texts[time_col], file=file, column=time_col, rows=rows)
                dates = dates.where(~(times.notna() & dates.notna()), dates.dt.normalize() + times)
            out[canonical] = dates
        elif canonical == "classification":
            out[canonical] = _classify(texts[source], file, source, rows)
        else:
            out[canonical] = texts[source].astype(_text_dtype())
    frame = pd.DataFrame(out, index=raw.index)
    if "verbatim" in found:
        notes.append(_continuations(frame, rows, file))
    for name in raw.columns:
        if name in used:
            continue
        label = name if name not in out else f"{name} (from file)"
        frame[label] = texts[name]
    frame = frame.reset_index(drop=True)
    frame.attrs["missing"] = [c for c in CANONICAL_COLUMNS if c not in found]
    if "sheet" in raw_attrs:
        frame.attrs["sheet"] = raw_attrs["sheet"]  # which sheet of a workbook was read
    frame.attrs["source"] = file
    # what a person should see before trusting the table
    frame.attrs["notes"] = [n for n in [*raw_attrs.get("notes", []), *notes] if n]
    frame.attrs["example_left_out"] = bool(example)
    return frame


def _continuations(frame: pd.DataFrame, rows, file: str) -> str | None:
    """Words starting "+" on the paper sheet mean "same contact as the line above": that row's
    contact_id (made from its file and row when it has none), and the "+" leaves the words.
    "+44..." is a number, not the mark."""
    import pandas as pd

    words = frame["verbatim"]
    plus = words.str.match(r"\+(?!\d)", na=False)
    if not plus.any():
        return None
    contact, prev = frame["contact_id"].astype(object), None
    for idx in frame.index:
        if plus[idx] and prev is not None:
            if pd.isna(contact[prev]):
                contact[prev] = f"{Path(file).name} row {rows[prev]}"
            contact[idx] = contact[prev]
        elif plus[idx]:
            plus[idx] = False  # the first line has no line above to continue: its "+" is part of the words
        prev = idx
    if not plus.any():
        return None
    frame["verbatim"] = words.where(~plus, words.str.replace(r"^\+\s*", "", regex=True))
    frame["contact_id"] = contact.astype(_text_dtype())
    n = int(plus.sum())
    return (f"{n} row{'s' * (n != 1)} starting with '+' {'were' if n != 1 else 'was'} read as the same contact "
            "as the line above (the '+' is left out of the words).")


def _example_rows(texts: dict, words_column) -> list:
    """The rows that are the typing-up template's example: its words, and its note or date."""
    def norm(value) -> str:
        return " ".join(value.casefold().replace("\u2019", "'").split()) if isinstance(value, str) else ""

    words = texts.get(words_column) if isinstance(words_column, str) else None
    found = [] if words is None else words.index[words.map(norm) == EXAMPLE_WORDS]
    return [i for i in found if any(marker in " ".join(norm(str(t.loc[i])) for t in texts.values())
                                    for marker in ("example row", "02/03/2026", "2026-03-02"))]


def _text_dtype():
    """pandas 3's text dtype (missing stays NaN); object on pandas 2, where "str" would turn NaN into 'nan'."""
    import pandas as pd

    return "str" if int(pd.__version__.split(".")[0]) >= 3 else object


def _classify(text: pd.Series, file: str, column: str, rows) -> pd.Series:
    """Canonical classifications for a column, vectorised over its distinct values."""
    import numpy as np
    import pandas as pd

    codes, uniques = pd.factorize(text)
    mapped = []
    for value in uniques:
        try:
            mapped.append(normalise_classification(value))
        except ValueError:
            first = int(np.flatnonzero(codes == len(mapped))[0])
            raise DemandDataError(f"{value!r} is not a classification; use {VALID_CHOICES}.",
                                  file=file, row=int(rows[text.index[first]]), column=column) from None
    lookup = np.array([np.nan if m is None else m for m in mapped] + [np.nan], dtype=object)
    return pd.Series(lookup[codes], index=text.index, dtype=_text_dtype())
