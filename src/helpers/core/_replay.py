"""Replay: a study built from a table of actions (a CSV or a frame), one row per call of the
Study's API, played back at the times and by the people it gives; messages name its rows.
It takes the Study class (or a study) and never imports ``study.py``.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Mapping

from helpers.core import schema as _s
from helpers.core._log import to_json
from helpers.core.errors import StudyError

__all__ = ["REPLAYABLE", "replay"]

# Methods replay may call (create is handled on its own).
REPLAYABLE = frozenset({
    "record", "import_demands", "reclassify", "correct", "void", "erase_personal_data", "add_types",
    "describe_type", "rename_type", "merge_types", "undo", "add_member", "set_service_type",
    "set_plan", "add_briefing", "add_front_line_verdict", "mark_shared", "save_worksheet",
    "add_reflection", "record_saturation_check", "add_next_step", "complete_next_step", "acknowledge",
    "add_calibration",
})
_CREATE_ARGS = {"name", "service", "service_type", "purpose", "team"}


def replay(cls, actions, into=None):
    """Play ``actions`` into a new study of class ``cls``, or into the study ``into`` (see ``Study.replay``)."""
    rows, source = _read_actions(actions)
    study = into if isinstance(into, cls) else None
    start = 0
    if rows and rows[0][2] == "create":
        at, by, _, args = rows[0]
        if study is None:
            unknown = set(args) - _CREATE_ARGS
            if unknown:
                raise StudyError(f"{source}, row 2 (create): {', '.join(sorted(unknown))} is not an argument of "
                                 f"create. Use: {', '.join(sorted(_CREATE_ARGS))}.")
            study = cls.scratch(**args) if into is None else cls.create(into, **args)
            _stamp_creation(study, at, by)
        start = 1
    if study is None:
        study = cls.scratch() if into is None else cls.create(into)
    id_map: dict[int, int] = {}  # the table's ids (1, 2, 3... in row order) -> the study's
    step_map: dict[int, int] = {}
    saved_user, saved_clock = study.user, study._clock
    try:
        for index in range(start, len(rows)):
            at, by, action, args = rows[index]
            line = index + 2
            if action == "create":
                raise StudyError(f"{source}, row {line}, column 'action': 'create' is allowed only on the first row.")
            method = getattr(study, action, None) if action in REPLAYABLE else None
            if method is None:
                raise StudyError(f"{source}, row {line}, column 'action': {action!r} is not an action a "
                                 f"study can replay. Use one of: create, {', '.join(sorted(REPLAYABLE))}.")
            try:
                study._clock = _s.iso_time(at, "at") if at else None
            except ValueError as exc:
                raise StudyError(f"{source}, row {line}, column 'at': {exc}") from None
            study.user = by or saved_user
            if action in ("reclassify", "correct", "void", "erase_personal_data") and "id" in args:
                args = dict(args, id=id_map.get(int(args["id"]), int(args["id"])))
            if action == "complete_next_step" and "id" in args:
                args = dict(args, id=step_map.get(int(args["id"]), int(args["id"])))
            if action == "import_demands" and "frame" in args:
                args = dict(args, frame=_frame_arg(args["frame"], actions))
            try:
                result = method(**args)
            except (StudyError, ValueError, TypeError, KeyError) as exc:
                raise StudyError(f"{source}, row {line} ({action}): {exc}") from None
            if action in ("record", "import_demands"):
                for new_id in result if action == "import_demands" else [result]:
                    id_map[len(id_map) + 1] = new_id
            elif action == "add_next_step":
                step_map[len(step_map) + 1] = result
    finally:
        study.user, study._clock = saved_user, saved_clock
    return study


def _stamp_creation(study, at, by) -> None:
    """Give the create event and the study the time and person from the replay's first row."""
    at_iso = _s.iso_time(at, "at") if at else None
    with study._write() as con:
        if at_iso:
            con.execute("UPDATE meta SET value=? WHERE key='created_at'", (to_json(at_iso),))
            con.execute("UPDATE events SET at=? WHERE action IN ('create', 'add_member')", (at_iso,))
            con.execute("UPDATE members SET added_at=?", (at_iso,))
        if by:
            con.execute("UPDATE events SET by=? WHERE action IN ('create', 'add_member')", (by,))


def _frame_arg(value, actions):
    """An import's frame from a replay row: rows as JSON objects, or a path to a file."""
    if isinstance(value, str):
        path = Path(value)
        if not path.is_absolute() and isinstance(actions, (str, os.PathLike)):
            path = Path(actions).parent / path
        return path
    import pandas as pd

    return pd.DataFrame(value)


def _read_actions(actions) -> tuple[list[tuple], str]:
    """The action rows as (at, by, action, args-dict), checked, and a name for messages."""
    if isinstance(actions, (str, os.PathLike)):
        import csv

        source = Path(actions).name
        try:
            with open(actions, newline="", encoding="utf-8-sig") as handle:
                raw = list(csv.DictReader(handle))
                header = list(raw[0].keys()) if raw else []
        except FileNotFoundError:
            raise StudyError(f"There is no file of actions at {actions}.") from None
    else:
        source = "the actions table"
        header = [str(c) for c in actions.columns]
        raw = actions.to_dict("records")
    missing = [c for c in ("at", "by", "action", "args") if c not in header] if raw else []
    if missing:
        raise StudyError(f"{source} has no column {', '.join(map(repr, missing))}. It needs the columns at, by, "
                         f"action, args; it has: {', '.join(header)}.")
    rows = []
    for index, row in enumerate(raw):
        line = index + 2
        action = (_s.clean_text(row.get("action")) or "").strip()
        if not action:
            raise StudyError(f"{source}, row {line}, column 'action': empty; name a Study method such as record.")
        args = row.get("args")
        if isinstance(args, Mapping):
            args = dict(args)
        else:
            text = (_s.clean_text(args) or "").strip()
            try:
                args = json.loads(text) if text else {}
            except json.JSONDecodeError as exc:
                raise StudyError(f"{source}, row {line}, column 'args': not valid JSON ({exc.msg} at "
                                 f"character {exc.pos + 1}). Write a JSON object such as "
                                 '{"verbatim": "...", "classification": "failure"}.') from None
            if not isinstance(args, dict):
                raise StudyError(f"{source}, row {line}, column 'args': expected a JSON object "
                                 '({"name": value, ...}), got something else.')
        at = _s.clean_text(row.get("at"))
        by = (_s.clean_text(row.get("by")) or "").strip() or None
        rows.append((at.strip() if at else None, by, action, args))
    return rows, source
