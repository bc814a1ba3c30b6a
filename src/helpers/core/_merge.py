"""Merging: studies captured on separate laptops combined into one new study.

Every demand, type, entry and event comes across renumbered, with who made it and when, and
each event says where it came from. It takes the Study class and never imports ``study.py``.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Iterable

from helpers.core import _log
from helpers.core.schema import DEMAND_FIELDS, TYPE_FIELDS, insert

__all__ = ["merge"]


def merge(cls, paths: Iterable, into=None, by: str | None = None):
    """A new study of class ``cls`` holding all of ``paths`` (see ``merge_studies``)."""
    paths = list(paths)
    sources = [p if isinstance(p, cls) else cls.open(p, readonly=True) for p in paths]
    if not sources:
        raise ValueError("Give at least one study to merge.")
    first = sources[0].info
    kwargs = {k: first[k] for k in ("service", "service_type", "purpose")}
    name = first["name"]
    target = (cls.scratch(name=name, **kwargs) if into is None
              else cls.create(into, name=Path(str(into)).stem if name is None else name, **kwargs))
    user = target._by(by)
    with target._write() as con:
        con.execute("DELETE FROM events")  # the new study's own create event is replaced by the sources'
        con.execute("DELETE FROM members")
        all_events = []
        for index, src in enumerate(sources):
            with src._lock:
                all_events += _copy(target, con, src._con, index, str(src.path) if src.path else
                                    src.info.get("name") or f"study {index + 1}")
        all_events.sort(key=lambda e: (e[0], e[1], e[2]))
        event_map: dict[tuple, int] = {}
        for at, index, old_id, by_, action, target_text, details, undoes in all_events:
            event_map[(index, old_id)] = _log.append(con, at, by_, action, target_text, details)
        for at, index, old_id, *_rest, undoes in all_events:
            if undoes is not None and (index, undoes) in event_map:
                con.execute("UPDATE events SET undoes=? WHERE id=?", (event_map[(index, undoes)], event_map[(index, old_id)]))
        target._log("merge_studies", "study", {"sources": [str(s.path) if s.path else s.info.get("name") for s in sources],
                                               "demands": con.execute("SELECT count(*) FROM demands").fetchone()[0]}, by=user)
    for src, given in zip(sources, paths):
        if not isinstance(given, cls):
            src.close()
    return target


def _copy(target, con, scon, index: int, where: str) -> list[tuple]:
    """Copy one source's tables into ``con``; its events come back, renumbered, to be put in time order."""
    # types by name; merges kept when they make no loop
    type_map: dict[int, int] = {}
    src_types = scon.execute(f"SELECT id, {', '.join(TYPE_FIELDS)} FROM types ORDER BY id").fetchall()
    for t in src_types:
        row = con.execute("SELECT id, first_seen_at FROM types WHERE name=?", (t[1],)).fetchone()
        if row is None:
            type_map[t[0]] = insert(con, "types", dict(zip(TYPE_FIELDS[:8], t[1:9])))
        else:
            type_map[t[0]] = row[0]
            if t[4] and (row[1] is None or t[4] < row[1]):
                con.execute("UPDATE types SET first_seen_at=?, first_seen_by=? WHERE id=?", (t[4], t[5], row[0]))
            for i, key in ((6, "what_matters"), (7, "failed_where"), (8, "arises_from")):
                if t[i]:
                    con.execute(f"UPDATE types SET {key}=coalesce({key}, ?) WHERE id=?", (t[i], row[0]))
    for t in src_types:
        if t[9] is not None:
            child, parent = type_map[t[0]], type_map[t[9]]
            if child != parent and child not in target._chain_up(parent):
                con.execute("UPDATE types SET merged_into=coalesce(merged_into, ?) WHERE id=?", (parent, child))
    demand_map: dict[int, int] = {}
    for d in scon.execute(f"SELECT id, {', '.join(DEMAND_FIELDS)} FROM demands ORDER BY id").fetchall():
        values = dict(zip(DEMAND_FIELDS, d[1:]))
        values["type_id"] = type_map.get(d[6]) if d[6] is not None else None
        demand_map[d[0]] = insert(con, "demands", values)
    for m in scon.execute("SELECT name, role, added_at FROM members").fetchall():
        con.execute("INSERT INTO members(name, role, added_at) VALUES (?,?,?) ON CONFLICT(name) DO NOTHING", m)
    entry_map: dict[int, int] = {}
    for e in scon.execute("SELECT id, kind, at, by, day, text, data FROM entries ORDER BY id").fetchall():
        entry_map[e[0]] = insert(con, "entries", dict(zip(("kind", "at", "by", "day", "text", "data"), e[1:])))
    step_map: dict[int, int] = {}
    step_fields = ("text", "created_at", "created_by", "completed_at", "completed_by")
    for s in scon.execute(f"SELECT id, {', '.join(step_fields)} FROM next_steps ORDER BY id").fetchall():
        step_map[s[0]] = insert(con, "next_steps", dict(zip(step_fields, s[1:])))
    for w in scon.execute("SELECT name, data, saved_at, saved_by FROM worksheets").fetchall():
        old = con.execute("SELECT saved_at FROM worksheets WHERE name=?", (w[0],)).fetchone()
        if old is None or (w[2] or "") > (old[0] or ""):
            con.execute("INSERT INTO worksheets(name, data, saved_at, saved_by) VALUES (?,?,?,?) ON CONFLICT(name)"
                        " DO UPDATE SET data=excluded.data, saved_at=excluded.saved_at, saved_by=excluded.saved_by", w)
    plan = scon.execute("SELECT value FROM meta WHERE key='plan'").fetchone()
    if plan:
        con.execute("INSERT INTO meta(key, value) VALUES ('plan', ?) ON CONFLICT(key) DO NOTHING", plan)
    maps = {"demand": demand_map, "entry": entry_map, "next step": step_map}
    out = []
    for ev in scon.execute("SELECT id, at, by, action, target, details, undoes FROM events ORDER BY id").fetchall():
        details = json.loads(ev[5])
        ids = None
        if isinstance(details.get("ids"), list):
            ids = details["ids"] = [demand_map.get(i, i) for i in details["ids"]]
        details["source_study"] = where
        details["source_event_id"] = ev[0]
        out.append((ev[1], index, ev[0], ev[2], ev[3], _log.remap_target(ev[4], maps, ids), details, ev[6]))
    return out
