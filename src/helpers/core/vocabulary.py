"""The workbook's one vocabulary: what people may write, and what it means.

Every entry point (the loader, the Study, the checks, ``agreement``, the plots) reads
classifications, column names, true/false words and dates here, so a word means the same
thing wherever it is typed, and a word nobody knows is refused with the file, row and column
rather than silently read as nothing.

>>> [normalise_classification(w) for w in ("V", "fail", "Not Sure", "N/D", "not-demand", "")]
['value', 'failure', 'unsure', 'not demand', 'not demand', None]
>>> normalise_classification("maybe")
Traceback (most recent call last):
...
ValueError: 'maybe' is not a classification; use value (or V, value demand), failure (or F, fail, failure demand),
unsure (or ?, U, not sure), not demand (or ND, N/D, no demand, not customer demand), or empty while undecided.
>>> read_flags(["yes", "N", 1, None], column="told_story")
[True, False, True, False]
"""
from __future__ import annotations

import math
from typing import TYPE_CHECKING, Sequence

from helpers.core.errors import DemandDataError

if TYPE_CHECKING:  # pandas is imported only when a column is read
    import pandas as pd

__all__ = ["CANONICAL_COLUMNS", "CLASSIFICATIONS", "VALID_CHOICES", "normalise_classification", "read_flags",
           "read_dates", "read_times"]

#: the demand columns every table of demands has, in this order (DESIGN.md)
CANONICAL_COLUMNS: tuple[str, ...] = (
    "id", "received_at", "channel", "verbatim", "classification", "demand_type",
    "captured_by", "captured_role", "contact_id", "person_id", "contact_from",
    "what_matters", "source_id", "notes",
)

#: the classifications a demand can have (or none while undecided)
CLASSIFICATIONS: tuple[str, ...] = ("value", "failure", "unsure", "not demand")

# what people write (case and spaces aside) -> what it means
_CLASSIFICATION_WORDS = {
    **dict.fromkeys(("value", "v", "value demand"), "value"),
    **dict.fromkeys(("failure", "f", "fail", "failure demand"), "failure"),
    **dict.fromkeys(("unsure", "?", "u", "not sure"), "unsure"),
    **dict.fromkeys(("not demand", "no demand", "not-demand", "nd", "n/d", "n", "not customer demand",
                     "not a demand"), "not demand"),
}

VALID_CHOICES = ("value (or V, value demand), failure (or F, fail, failure demand), unsure (or ?, U, not sure), "
                 "not demand (or ND, N/D, no demand, not customer demand), or empty while undecided")

_TRUE = frozenset({"true", "t", "yes", "y", "1", "1.0"})
_FALSE = frozenset({"false", "f", "no", "n", "0", "0.0", ""})


def _empty(value: object) -> bool:
    """None, NaN, NaT or pandas' NA."""
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def normalise_classification(value: object) -> str | None:
    """The canonical classification for what a person wrote, or None when empty; a
    ``ValueError`` listing the valid words for anything else."""
    if _empty(value):
        return None
    text = " ".join(str(value).split()).casefold()
    if not text:
        return None
    found = _CLASSIFICATION_WORDS.get(text)
    if found is None:
        raise ValueError(f"{value!r} is not a classification; use {VALID_CHOICES}.")
    return found


def read_flags(values, *, column: str, file: str | None = None, rows=None) -> list[bool]:
    """True/false as a person wrote it (true/false, yes/no, y/n, 1/0; empty is false), or a
    DemandDataError naming the row and column of the first other word."""
    import pandas as pd

    values = pd.Series(values) if not isinstance(values, pd.Series) else values
    meaning: dict[object, bool | None] = {}
    read = []
    for label, value in values.items():
        key = None if _empty(value) else value
        if key not in meaning:
            text = "" if key is None else str(key).strip().casefold()
            meaning[key] = True if text in _TRUE else (False if text in _FALSE else None)
        if meaning[key] is None:
            raise DemandDataError(f"{value!r} is not true or false (write true/false, yes/no or 1/0).",
                                  file=file, row=int(_rows(values, rows)[label]), column=column)
        read.append(meaning[key])
    return read


def _rows(text, rows):
    """The file row of each index label: given, else the label plus 2 where the labels are row
    numbers (a frame read from a file, or part of one), else the position plus 2 (the header is row 1)."""
    if rows is not None:
        return rows
    import pandas as pd

    if pd.api.types.is_integer_dtype(text.index):
        return {label: int(label) + 2 for label in text.index}
    return dict(zip(text.index, range(2, len(text) + 2)))


# --- dates and times -----------------------------------------------------------------

# day-first and month-first formats, tried in turn on the whole column (vectorised)
_TIMES = (" %H:%M", " %H:%M:%S", " %I:%M %p", " %I:%M:%S %p", " %I:%M%p", "")
_DAYFIRST = tuple(f"{d}{t}" for d in (*(f"%d{s}%m{s}%{y}" for y in "Yy" for s in "/-."), "%d %b %Y", "%d %B %Y")
                  for t in _TIMES)
_MONTHFIRST = tuple(f"{d}{t}" for d in (*(f"%m{s}%d{s}%{y}" for y in "Yy" for s in "/-."), "%b %d %Y", "%B %d %Y",
                                        "%b %d, %Y", "%B %d, %Y") for t in _TIMES)
_ISO = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M",
        "%Y-%m-%d", "%Y/%m/%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d", "ISO8601")
_TIME_FORMATS = ("%H:%M", "%H:%M:%S", "%I:%M %p", "%I:%M:%S %p", "%I:%M%p", "%I %p", "%I%p",
                 "%H.%M", "%H%M")
_EXCEL_EPOCH = "1899-12-30"  # Excel's day 0 (it counts 1900 as a leap year, so not 1899-12-31)


def _parse_formats(text: pd.Series, formats: Sequence[str], result: pd.Series) -> pd.Series:
    """Fill `result` (NaT where unknown) trying each format on the rows still unparsed."""
    import pandas as pd

    todo = text.index[result.loc[text.index].isna().to_numpy()]
    for fmt in formats:
        if len(todo) == 0:
            break
        part = text.loc[todo]
        try:
            parsed = pd.to_datetime(part, format=fmt, errors="coerce")
        except (ValueError, OverflowError):
            # offsets that differ between rows: keep the local time as written, drop the offset
            part = part.str.replace(r"\s*(?:Z|[+-]\d\d:?\d\d)$", "", regex=True)
            try:
                parsed = pd.to_datetime(part, format=fmt, errors="coerce")
            except (ValueError, OverflowError):
                continue
        if getattr(parsed.dt, "tz", None) is not None:  # keep the wall time as written
            parsed = parsed.dt.tz_localize(None)
        # a year outside 1800-2199 is a misreading (ISO takes "-1" as year -1), not a date
        ok = parsed.notna() & parsed.dt.year.between(1800, 2199)
        if ok.any():
            result.loc[parsed.index[ok]] = parsed[ok].astype("datetime64[ns]")
            todo = todo[~ok.to_numpy()]
    return result


def _ordered(formats: Sequence[str], sample: str) -> list[str]:
    """The formats with the ones that fit the first value first, so a tidy column parses in one go."""
    from datetime import datetime

    def fits(fmt: str) -> bool:
        try:
            datetime.strptime(sample, fmt)
        except ValueError:
            return False
        return fmt != "ISO8601"  # pandas' own name for ISO dates, not a format strptime knows

    return sorted(formats, key=lambda fmt: not fits(fmt))  # stable: the order kept within each part


def read_dates(text: pd.Series, *, column: str, file: str | None = None, rows=None,
               dayfirst: bool = True) -> pd.Series:
    """A column of dates as written, as Timestamps (NaT where empty), or a DemandDataError
    naming the file, row and column of the first date it cannot read.

    UK day-first unless ``dayfirst=False``; ISO dates (2026-03-02) and Excel's serial day
    numbers are read either way. ``rows`` maps the column's index to the row a person sees
    in the file (the header is row 1); by default a row's position plus 2.

    >>> import pandas as pd
    >>> read_dates(pd.Series(["02/03/2026 09:15", "2026-03-03", None]), column="date").tolist()
    [Timestamp('2026-03-02 09:15:00'), Timestamp('2026-03-03 00:00:00'), NaT]
    >>> read_dates(pd.Series(["02/03/2026", "soon"]), column="date", file="cases.csv")
    Traceback (most recent call last):
    ...
    helpers.core.errors.DemandDataError: cases.csv, row 3, column 'date': 'soon' is not a date I can read. Expected a
    date like 03/04/2026 14:05 (3 April), 2026-04-03 14:05, or a date cell; fix the cell or leave it empty.
    """
    import numpy as np
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(text):
        return text
    rows = _rows(text, rows)
    text = text.astype(object).where(text.notna(), None).map(lambda v: None if v is None else str(v))
    result = pd.Series(pd.NaT, index=text.index, dtype="datetime64[ns]")
    values = text.dropna()
    if values.empty:
        return result
    own = _DAYFIRST if dayfirst else _MONTHFIRST
    formats = _ordered(own + _ISO, values.iloc[0].strip())
    # first the tidy column as it is (the common case, and as fast as pandas alone), then
    # whatever did not parse with its stray spaces removed
    result = _parse_formats(values, formats[:1], result)
    todo = values.index[result.loc[values.index].isna()]
    if len(todo):
        values = values.loc[todo].str.strip()
        values = values[values != ""]
        result = _parse_formats(values, formats, result)
        todo = values.index[result.loc[values.index].isna()]
    if len(todo):  # Excel serial day numbers (a date cell read as a number)
        numbers = pd.to_numeric(values.loc[todo], errors="coerce")
        ok = numbers.notna() & (numbers >= 1) & (numbers < 109575)  # up to the end of 2199
        if ok.any():
            days = numbers[ok].astype(float)
            stamps = pd.Timestamp(_EXCEL_EPOCH) + pd.to_timedelta(np.round(days * 86400), unit="s")
            result.loc[stamps.index] = stamps.astype("datetime64[ns]")
            todo = todo[~ok.to_numpy()]
    if len(todo):
        first = todo[0]
        value = values.loc[first]
        row = int(rows[first])
        other = _MONTHFIRST if dayfirst else _DAYFIRST
        probe = _parse_formats(values.loc[[first]], other, pd.Series(pd.NaT, index=[first], dtype="datetime64[ns]"))
        if probe.notna().all():
            if dayfirst:
                message = (f"{value!r} cannot be a day-first (UK) date: it would need a month "
                           "over 12. The file seems to write dates month first (US style, like "
                           "03/24/2025). If so, load it with dayfirst=False; nothing was loaded.")
            else:
                message = (f"{value!r} cannot be a month-first (US) date: it would need a month "
                           "over 12. The file seems to write dates day first (UK style, like "
                           "24/03/2025); load it with dayfirst=True (the default).")
        else:
            like = "03/04/2026 14:05 (3 April)" if dayfirst else "04/03/2026 14:05 (3 April)"
            message = (f"{value!r} is not a date I can read. Expected a date like {like}, "
                       "2026-04-03 14:05, or a date cell; fix the cell or leave it empty.")
        raise DemandDataError(message, file=file, row=row, column=column)
    result.attrs["note"] = _either_way(text.dropna(), result, column, dayfirst)
    return result


def _either_way(texts, read, column: str, dayfirst: bool) -> str | None:
    """When no date in a column tells day-first from month-first (03/04 could be either), say
    which reading was used, with the first and last dates, so a person can see it is right."""
    import pandas as pd

    texts = texts.str.strip()
    texts = texts[texts != ""]
    if texts.empty:
        return None
    other = _MONTHFIRST if dayfirst else _DAYFIRST
    probe = _parse_formats(texts, _ordered(other, texts.iloc[0]), pd.Series(pd.NaT, index=texts.index, dtype="datetime64[ns]"))
    if probe.isna().any() or (probe == read.loc[texts.index]).all():
        return None  # some date reads one way only (or ISO, or Excel's numbers): the column tells
    used, instead = ("day first (UK)", "dayfirst=False") if dayfirst else ("month first (US)", "dayfirst=True")
    first, last = read.loc[texts.index].min(), read.loc[texts.index].max()
    return (f"Every date in column {column!r} reads either day first or month first; they were read {used}, "
            f"from {first.day} {first:%B %Y} to {last.day} {last:%B %Y}. If that is not when these demands came in, "
            f"load the file with {instead}.")


def read_times(text: pd.Series, *, column: str, file: str | None = None, rows=None) -> pd.Series:
    """A column of times of day as Timedeltas since midnight (NaT where empty), or a
    DemandDataError naming the file, row and column of the first it cannot read."""
    import pandas as pd

    rows = _rows(text, rows)
    result = pd.Series(pd.NaT, index=text.index, dtype="timedelta64[ns]")
    values = text.dropna().str.strip()
    values = values[values != ""]
    if values.empty:
        return result
    stamps = pd.Series(pd.NaT, index=values.index, dtype="datetime64[ns]")
    # a time cell read from XLSX may come as "1900-01-01 14:05:00" or "14:05:00"
    stamps = _parse_formats(values, _ordered(_TIME_FORMATS, values.iloc[0]) + list(_ISO[:4]), stamps)
    got = stamps.dropna()
    result.loc[got.index] = (got - got.dt.normalize()).astype("timedelta64[ns]")
    todo = values.index[stamps.isna()]
    if len(todo):  # Excel stores a time as a fraction of a day
        numbers = pd.to_numeric(values.loc[todo], errors="coerce")
        ok = numbers.notna() & (numbers >= 0) & (numbers < 1)
        result.loc[numbers.index[ok]] = pd.to_timedelta((numbers[ok] * 86400).round(), unit="s")
        todo = todo[~ok.to_numpy()]
    if len(todo):
        first = todo[0]
        raise DemandDataError(f"{values.loc[first]!r} is not a time of day I can read. Expected "
                              "a time like 14:05 or 2:05 PM; fix the cell or leave it empty.",
                              file=file, row=int(rows[first]), column=column)
    return result
