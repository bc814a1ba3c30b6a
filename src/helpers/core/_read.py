"""A study's read model: what it holds as plain records, and what changed since an event.

The checks and the live monitor count thousands of demands again and again, so they read
plain tuples rather than frames; ``Study``'s frames are built from the same reads. Each
function takes the study's connection and is called by ``Study`` under its lock.
"""
from __future__ import annotations

import json
from collections import namedtuple
from typing import Iterable

from helpers.core import _log
from helpers.core.schema import TYPE_FIELDS, live_type_names

__all__ = ["DemandRecord", "TypeRecord", "Entry", "NextStep", "Event", "Changes",
           "records", "changes_since", "type_records", "team", "entries", "next_steps", "sheet_imports"]


#: One live demand as it is now. ``type_id`` is the type it was given (a rename or a merge
#: changes the type, not the demand); ``captured_role`` is the role written with it, if any.
DemandRecord = namedtuple("DemandRecord", "id recorded_at received_at channel verbatim classification type_id"
                          " captured_by captured_role contact_id person_id contact_from what_matters source_id notes")
#: One demand type; ``merged_into`` names the live type it now counts as (None while live).
TypeRecord = namedtuple("TypeRecord", "id name declared_classification origin first_seen_at first_seen_by"
                        " what_matters failed_where arises_from merged_into")
#: A briefing, verdict, share, reflection, acknowledgement, saturation check or calibration round; ``data`` a dict.
Entry = namedtuple("Entry", "id kind at by day text data")
NextStep = namedtuple("NextStep", "id text created_at created_by completed_at completed_by")
#: One row of the log: ``details`` a dict, ``undoes`` the id of the event an undo took back.
Event = namedtuple("Event", "id at by action target details undoes")
#: What changed after an event (see ``Study.changes_since``): ``demands`` maps each demand
#: recorded or changed to its record now, or None when it is no longer live.
Changes = namedtuple("Changes", "last_event events demands")

_DEMANDS = f"SELECT id, {', '.join(DemandRecord._fields[1:])} FROM demands WHERE status = 'live'"


def records(con, ids: Iterable[int] | None = None) -> list[DemandRecord]:
    """The live demands (all, or those of ``ids``), in id order."""
    make = DemandRecord._make
    if ids is None:
        return list(map(make, con.execute(_DEMANDS + " ORDER BY id")))
    ids = sorted({int(i) for i in ids})
    out: list[DemandRecord] = []
    for start in range(0, len(ids), 500):  # SQLite takes a few hundred parameters at a time
        chunk = ids[start:start + 500]
        out += map(make, con.execute(_DEMANDS + f" AND id IN ({','.join('?' * len(chunk))}) ORDER BY id", chunk))
    return out


def events(con, after: int = 0, actions: Iterable[str] | None = None) -> list[Event]:
    """The events after event ``after`` (of these actions only, when given), oldest first."""
    sql, params = "SELECT id, at, by, action, target, details, undoes FROM events WHERE id > ?", [after]
    if actions is not None:
        actions = list(actions)
        sql += f" AND action IN ({','.join('?' * len(actions))})"
        params += actions
    return [Event(i, at, by, action, target, json.loads(details) if details else {}, undoes)
            for i, at, by, action, target, details, undoes in con.execute(sql + " ORDER BY id", params)]


def changes_since(con, event_id: int = 0, actions: Iterable[str] | None = None) -> Changes:
    """The events after ``event_id`` and the demands they recorded or changed (read inside
    one transaction of the caller's, so the two agree)."""
    last = con.execute("SELECT coalesce(max(id), 0) FROM events").fetchone()[0]
    if event_id <= 0:
        demands: dict = {r.id: r for r in records(con)}
    else:
        touched = {i for (text,) in con.execute("SELECT target FROM events WHERE id > ?", (event_id,))
                   for i in _log.demand_ids(text)}
        demands = dict.fromkeys(sorted(touched))
        demands.update((r.id, r) for r in records(con, touched))
    return Changes(last, events(con, event_id, actions), demands)


def type_records(con) -> list[TypeRecord]:
    rows = con.execute(f"SELECT id, {', '.join(TYPE_FIELDS)} FROM types ORDER BY id").fetchall()
    make = TypeRecord._make
    if all(r[9] is None for r in rows):  # nothing merged (the usual case): the rows as they are
        return list(map(make, rows))
    live = live_type_names([(r[0], r[1], r[9]) for r in rows])
    return [make(r if r[9] is None else r[:9] + (live[r[0]],)) for r in rows]


def team(con) -> dict[str, str | None]:
    return dict(con.execute("SELECT name, role FROM members ORDER BY added_at, name"))


def entries(con, kind: str | None = None) -> list[Entry]:
    sql = "SELECT id, kind, at, by, day, text, data FROM entries"
    rows = con.execute(sql + " WHERE kind = ? ORDER BY id", (kind,)) if kind else con.execute(sql + " ORDER BY id")
    return [Entry(*r[:6], json.loads(r[6]) if r[6] else {}) for r in rows]


def next_steps(con) -> list[NextStep]:
    return list(map(NextStep._make, con.execute(
        "SELECT id, text, created_at, created_by, completed_at, completed_by FROM next_steps ORDER BY id")))


def sheet_imports(con) -> list[tuple[str, str, dict]]:
    """(at, by, what was imported) of every sheet import not undone (``import_sheet``), in order."""
    return [(at, by, json.loads(details)["sheet"]) for at, by, details in con.execute(
        "SELECT at, by, details FROM events e WHERE action='import_demands' AND details LIKE '%\"row_hashes\"%'"
        " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) ORDER BY id")]
