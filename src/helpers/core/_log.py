"""A study's event log: how a change is written down, and what it was done to.

Every change to a study is one row of the ``events`` table: when, who, the action, its
target and its details as JSON. The target is a short text ("demand 12", "demands 3-40",
"type Chasing", "next step 2"...) that people read in ``Study.events()`` and that undo,
merging and the read model parse back: it is written and read here only.
"""
from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from helpers.core.schema import insert

__all__ = ["to_json", "append", "target", "parse_target", "demand_ids", "remap_target"]

# What an event can be done to, longest first where one begins another ("demands", "demand").
_KINDS = ("next step", "demands", "demand", "types", "type", "member", "entry", "worksheet", "study")


def to_json(value: Any) -> str:
    """Details as the log stores them: JSON, keys sorted, dates as ISO text.

    >>> to_json({"b": 1, "a": (1, 2)})
    '{"a": [1, 2], "b": 1}'
    """
    return json.dumps(value, ensure_ascii=False, default=_json_default, sort_keys=True)


def _json_default(value: Any):
    if isinstance(value, (_dt.datetime, _dt.date)):
        return value.isoformat()
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def append(con, at: str, by: str, action: str, target: str | None, details: dict, undoes: int | None = None) -> int:
    """Add one event (inside the caller's write transaction) and return its id."""
    return insert(con, "events", {"at": at, "by": by, "action": action, "target": target, "details": to_json(details),
                                  "undoes": undoes})


def target(kind: str, ref: Any = None) -> str:
    """The target of an event: what kind of thing, and which one (for "demands", their ids,
    which run on: they were recorded together).

    >>> target("demand", 12), target("demands", [3, 4, 5]), target("study")
    ('demand 12', 'demands 3-5', 'study')
    """
    if kind == "demands":
        ref = f"{ref[0]}-{ref[-1]}" if ref else None
    return kind if ref is None else f"{kind} {ref}"


def parse_target(text: str | None) -> tuple[str | None, str | None]:
    """A target read back as (kind, which one): None where there is none.

    >>> parse_target("next step 3"), parse_target("type Is someone coming?"), parse_target("types")
    (('next step', '3'), ('type', 'Is someone coming?'), ('types', None))
    """
    for kind in _KINDS:
        if text == kind:
            return kind, None
        if text and text.startswith(kind + " "):
            return kind, text[len(kind) + 1:]
    return None, None


def demand_ids(text: str | None) -> list[int]:
    """The demands an event's target names (none when it names something else).

    >>> demand_ids("demand 12"), demand_ids("demands 3-5"), demand_ids("type Leak")
    ([12], [3, 4, 5], [])
    """
    kind, ref = parse_target(text)
    if kind == "demand" and ref and ref.isdigit():
        return [int(ref)]
    if kind == "demands" and ref and "-" in ref:
        low, high = ref.split("-", 1)
        return list(range(int(low), int(high) + 1))
    return []


def remap_target(text: str | None, maps: dict, ids: list[int] | None = None) -> str | None:
    """A target renumbered by ``maps`` ({"demand": {old: new}, ...}) for an event copied into
    another study; ``ids`` (renumbered already) name a group of demands.

    >>> remap_target("demand 2", {"demand": {2: 7}}), remap_target("demands 1-2", {}, ids=[7, 8])
    ('demand 7', 'demands 7-8')
    """
    if ids:
        return target("demands", ids)
    kind, ref = parse_target(text)
    if kind in maps and ref and ref.isdigit() and int(ref) in maps[kind]:
        return target(kind, maps[kind][int(ref)])
    return text
