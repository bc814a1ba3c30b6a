"""The inside of a study file: its tables, its version, and small value checks (without
pandas, so the capture path stays light)."""
from __future__ import annotations

import contextlib
import datetime as _dt
import re
from pathlib import Path

from helpers.core.errors import StudyError
from helpers.core.vocabulary import _empty as _missing

__all__ = ["SUFFIX", "SCHEMA_VERSION", "APPLICATION_ID", "SQLITE_MAGIC", "SCHEMA", "DEMAND_FIELDS", "TYPE_FIELDS",
           "insert", "FAMILY", "SERVICE_TYPES", "normalise_service_type", "live_type_names", "clean_text", "type_name",
           "iso_time", "iso_day", "check_header"]

#: The suffix of a study file.
SUFFIX = ".study"

#: The version of the tables below. A file with a higher number was made by a newer
#: workbook; it is refused rather than half-read.
SCHEMA_VERSION = 1

#: Written into the SQLite header (offset 68) so a study file can be told from any other
#: SQLite database without opening it: the letters "DMND".
APPLICATION_ID = 0x444D4E44

SQLITE_MAGIC = b"SQLite format 3\x00"

SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);
CREATE TABLE types (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    declared_classification TEXT,
    origin TEXT NOT NULL,
    first_seen_at TEXT,
    first_seen_by TEXT,
    what_matters TEXT,
    failed_where TEXT,
    arises_from TEXT,
    merged_into INTEGER REFERENCES types(id)
);
CREATE TABLE demands (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recorded_at TEXT NOT NULL,
    received_at TEXT,
    channel TEXT,
    verbatim TEXT,
    classification TEXT,
    type_id INTEGER REFERENCES types(id),
    captured_by TEXT,
    captured_role TEXT,
    contact_id TEXT,
    person_id TEXT,
    contact_from TEXT,
    what_matters TEXT,
    source_id TEXT,
    notes TEXT,
    extra TEXT,
    status TEXT NOT NULL DEFAULT 'live',
    void_reason TEXT
);
CREATE INDEX demands_type ON demands(type_id);
CREATE TABLE events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    by TEXT NOT NULL,
    action TEXT NOT NULL,
    target TEXT,
    details TEXT NOT NULL,
    undoes INTEGER
);
CREATE INDEX events_undoes ON events(undoes);
CREATE INDEX events_by ON events(by, id);
CREATE INDEX events_target ON events(target);
CREATE TABLE members (name TEXT PRIMARY KEY, role TEXT, added_at TEXT);
CREATE TABLE entries (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL,
    at TEXT NOT NULL,
    by TEXT,
    day TEXT,
    text TEXT,
    data TEXT
);
CREATE TABLE next_steps (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    text TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT,
    completed_at TEXT,
    completed_by TEXT
);
CREATE TABLE worksheets (name TEXT PRIMARY KEY, data TEXT NOT NULL, saved_at TEXT, saved_by TEXT);
"""

#: A demand's columns and a type's, after the id.
DEMAND_FIELDS = ("recorded_at", "received_at", "channel", "verbatim", "classification", "type_id", "captured_by",
                 "captured_role", "contact_id", "person_id", "contact_from", "what_matters", "source_id", "notes",
                 "extra", "status", "void_reason")
TYPE_FIELDS = ("name", "declared_classification", "origin", "first_seen_at", "first_seen_by", "what_matters",
               "failed_where", "arises_from", "merged_into")


#: A type (the one parameter) and every type merged into it, however deep, as a table ``family``:
#: ``FAMILY + " SELECT ... WHERE type_id IN family"``. UNION stops at a loop in the merges.
FAMILY = ("WITH RECURSIVE family(id) AS (SELECT ? UNION SELECT t.id FROM types t JOIN family f"
          " ON t.merged_into = f.id)")


def insert(con, table: str, row: dict) -> int:
    """Add one row (its columns named by ``row``'s keys) and return its id."""
    return con.execute(f"INSERT INTO {table}({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                       tuple(row.values())).lastrowid


SERVICE_TYPES = ("transactional", "people-centred")


def normalise_service_type(kind) -> str:
    """ "transactional" or "people-centred", forgiving case and spacing.

    >>> normalise_service_type("People centred")
    'people-centred'
    """
    text = re.sub(r"[\s_-]+", "-", str(kind or "").strip().lower())
    text = text.replace("people-centered", "people-centred")
    if text not in SERVICE_TYPES:
        raise ValueError(
            f"{kind!r} is not a kind of service. Use 'transactional' (a request, then "
            "a thing done: repairs, council tax) or 'people-centred' (helping a person "
            "over time: adult social care, housing support)."
        )
    return text


def live_type_names(rows) -> dict:
    """type id -> the name of the live type it now counts as, following merges.

    ``rows``: (id, name, merged_into) for every type. A loop in the merges stops where it repeats.

    >>> live_type_names([(1, "Chasing", 2), (2, "Is someone coming?", None)])
    {1: 'Is someone coming?', 2: 'Is someone coming?'}
    """
    parent = {r[0]: r[2] for r in rows}
    names = {r[0]: r[1] for r in rows}
    out = {}
    for type_id in names:
        seen, current = {type_id}, type_id
        while parent.get(current) is not None and parent[current] not in seen:
            current = parent[current]
            seen.add(current)
        out[type_id] = names[current]
    return out


def clean_text(value) -> str | None:
    """A text cell as stored: None for missing (None, NaN, NaT), else the string."""
    return None if _missing(value) else str(value)


def type_name(value) -> str | None:
    """A demand type's name with spacing tidied; None when empty."""
    return " ".join((clean_text(value) or "").split()) or None


_DAYFIRST_FORMATS = ("%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%d/%m/%Y", "%d-%m-%Y %H:%M", "%d-%m-%Y")


def iso_time(value, what: str = "received_at") -> str | None:
    """A moment as an ISO text in local time (no time zone), or None.

    >>> iso_time("03/04/2026 14:05"), iso_time("2026-04-03T14:05:00")
    ('2026-04-03T14:05:00', '2026-04-03T14:05:00')
    """
    if _missing(value):
        return None
    if isinstance(value, _dt.datetime):  # includes pandas.Timestamp
        if value.tzinfo is not None:
            value = value.astimezone().replace(tzinfo=None)
        return value.isoformat(timespec="seconds")
    if isinstance(value, _dt.date):
        return _dt.datetime(value.year, value.month, value.day).isoformat(timespec="seconds")
    text = str(value).strip()
    if not text:
        return None
    with contextlib.suppress(ValueError):
        return iso_time(_dt.datetime.fromisoformat(text.replace("Z", "+00:00")), what)
    for fmt in _DAYFIRST_FORMATS:
        with contextlib.suppress(ValueError):
            return _dt.datetime.strptime(text, fmt).isoformat(timespec="seconds")
    raise ValueError(
        f"{what} {value!r} is not a date and time I can read. Write it like "
        "2026-03-02T09:14 or 02/03/2026 09:14 (day first)."
    )


def iso_day(value, what: str = "day") -> str | None:
    """A calendar day as ISO text (2026-03-02), or None."""
    moment = iso_time(value, what)
    return None if moment is None else moment[:10]


def check_header(path: Path) -> None:
    """Refuse, with a plain message, a file that is not a study or is from a newer workbook.

    Reads only the 100-byte SQLite header, so it changes nothing and needs no lock.
    """
    try:
        with open(path, "rb") as handle:
            head = handle.read(100)
    except FileNotFoundError:
        raise StudyError(f"There is no study at {path}.") from None
    except IsADirectoryError:
        raise StudyError(f"{path} is a folder, not a study file.") from None
    if len(head) < 100 or not head.startswith(SQLITE_MAGIC):
        raise StudyError(
            f"{path} is not a study: it is not a SQLite database made by this workbook. "
            "Open a file made with Study.create (they end in .study)."
        )
    app_id = int.from_bytes(head[68:72], "big")
    version = int.from_bytes(head[60:64], "big")
    if app_id != APPLICATION_ID:
        raise StudyError(
            f"{path} is a SQLite database but not a study made by this workbook, so it "
            "was left alone. Open a file made with Study.create (they end in .study)."
        )
    if version > SCHEMA_VERSION:
        raise StudyError(
            f"{path} was made by a newer version of the workbook (study format {version}; "
            f"this one reads up to {SCHEMA_VERSION}). Update the workbook to open it; the "
            "file was not changed."
        )
