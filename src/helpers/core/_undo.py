"""Undo: a person takes back their own last action, as a new event in the log.

The one place that must know every action's details; it refuses, changing nothing, when
someone's later work would be overwritten. It runs inside the study's write transaction.
"""
from __future__ import annotations

import json

from helpers.core import _log
from helpers.core.schema import FAMILY
from helpers.core.errors import StudyError

__all__ = ["Undone", "undo"]

# How undo describes what it took back.
_PHRASES = {
    "record": "recording of {}", "import_demands": "import of {}", "reclassify": "reclassifying of {}",
    "correct": "correction of {}", "void": "setting aside of {}", "add_types": "adding of types",
    "describe_type": "description of {}", "rename_type": "renaming to {}", "merge_types": "merge into {}",
    "add_member": "adding of {}", "set_service_type": "change of service type", "set_plan": "sampling plan",
    "add_briefing": "briefing note", "add_verdict": "front-line verdict", "mark_shared": "note of sharing",
    "add_reflection": "reflection", "acknowledge": "acknowledgement of a finding",
    "record_saturation_check": "saturation check", "add_next_step": "adding of {}",
    "complete_next_step": "completing of {}", "save_worksheet": "saving of {}", "add_calibration": "calibration round",
}
# Actions undo skips: they cannot be taken back (the erasure is deliberate).
NOT_UNDOABLE = ("create", "undo", "erase_personal_data", "merge_studies")


class Undone(str):
    """What ``undo`` did, in a sentence; ``.event`` holds the undo event (None if nothing)."""

    event: dict | None = None


def undo(study, by: str) -> Undone:
    """Undo ``by``'s last action not yet undone (see ``Study.undo``)."""
    with study._write() as con:
        skip = ",".join("?" * len(NOT_UNDOABLE))
        row = con.execute(
            f"SELECT id, at, action, target, details FROM events e WHERE by=? AND action NOT IN ({skip})"
            " AND NOT EXISTS (SELECT 1 FROM events u WHERE u.undoes = e.id) ORDER BY id DESC LIMIT 1",
            (by, *NOT_UNDOABLE)).fetchone()
        if row is None:
            return Undone(f"Nothing to undo: {by} has no actions in this study that are not already undone.")
        event_id, at, action, target, details = row
        _reverse(study, con, action, target, json.loads(details))
        when = at.replace("T", " at ")[:-3] if at and "T" in at else at
        text = f"Undid {by}'s {_PHRASES.get(action, action.replace('_', ' ') + ' ({})').format(target)} (done {when})."
        undo_id = study._log("undo", target, {"undid": event_id, "action": action, "at": at}, by=by, undoes=event_id)
    result = Undone(text)
    result.event = {"id": undo_id, "by": by, "action": "undo", "target": target, "undoes": event_id}
    return result


def _reverse(study, con, action: str, target: str, details: dict) -> None:
    ref = _log.parse_target(target)[1]
    if action == "record":
        con.execute("UPDATE demands SET status='undone' WHERE id=?", (int(ref),))
        _drop_unused_type(study, con, details.get("after", {}).get("demand_type"))
    elif action == "import_demands":
        ids = details.get("ids", [])
        con.executemany("UPDATE demands SET status='undone' WHERE id=?", [(i,) for i in ids])
        for (tid,) in con.execute("SELECT id FROM types WHERE origin='imported'").fetchall():
            _drop_unused_type(study, con, study._type_name_of(tid), only_origin="imported")
    elif action == "reclassify":
        before, after = details["before"], details["after"]
        row = study._demand_row(ref)
        now_type = study._type_name_of(row[3])
        if row[2] != after["classification"] or now_type != after["demand_type"]:
            raise StudyError(
                f"Demand {ref} has been changed again since (now {row[2] or 'undecided'}, "
                f"{now_type or 'no type'}), so this undo would overwrite someone's later work. "
                "Reclassify it directly instead. Nothing was changed.")
        type_id = study._type_id(before["demand_type"], study.user, origin="emerged") if before["demand_type"] else None
        con.execute("UPDATE demands SET classification=?, type_id=? WHERE id=?",
                    (before["classification"], type_id, int(ref)))
        if after["demand_type"] != before["demand_type"]:
            _drop_unused_type(study, con, after["demand_type"])
    elif action == "correct":
        row = study._demand_row(ref)
        if row[1] != details["after"]["verbatim"]:
            raise StudyError(f"Demand {ref}'s words have been changed again since, so this undo "
                             "would overwrite later work. Correct it directly instead. Nothing was changed.")
        con.execute("UPDATE demands SET verbatim=? WHERE id=?", (details["before"]["verbatim"], int(ref)))
    elif action == "void":
        con.execute("UPDATE demands SET status='live', void_reason=NULL WHERE id=?", (int(ref),))
    elif action == "add_types":
        for name in details.get("names", []):
            type_id = con.execute("SELECT id FROM types WHERE name=?", (name,)).fetchone()
            if type_id and _uses(con, type_id[0]):
                raise StudyError(f"Type {name!r} has demands now, so adding it cannot be undone. Nothing was changed.")
        for name in details.get("names", []):
            con.execute("DELETE FROM types WHERE name=? AND NOT EXISTS "
                        "(SELECT 1 FROM types t WHERE t.merged_into = types.id)", (name,))
    elif action == "describe_type":
        type_id = study._type_by_name(ref)[0]
        for key, value in details["before"].items():
            con.execute(f"UPDATE types SET {key}=? WHERE id=?", (value, type_id))
    elif action == "rename_type":
        old, new = details["before"]["name"], details["after"]["name"]
        if con.execute("SELECT 1 FROM types WHERE name=?", (old,)).fetchone():
            raise StudyError(f"There is a type called {old!r} again, so the rename cannot be undone. Nothing was changed.")
        con.execute("UPDATE types SET name=? WHERE name=?", (old, new))
    elif action == "merge_types":
        into_id = study._type_by_name(details["into"])[0]
        for name in details["names"]:
            con.execute("UPDATE types SET merged_into=NULL WHERE name=? AND merged_into=?", (name, into_id))
        if details.get("created"):
            # a type made by the merge goes too, unless demands have been put in it since
            _drop_unused_type(study, con, details["into"])
    elif action == "add_member":
        if details["before"] is None:
            con.execute("DELETE FROM members WHERE name=?", (ref,))
        else:
            con.execute("UPDATE members SET role=? WHERE name=?", (details["before"]["role"], ref))
    elif action in ("set_service_type", "set_plan"):
        key = details["key"]
        if details["before"] is None:
            con.execute("DELETE FROM meta WHERE key=?", (key,))
        else:
            con.execute("UPDATE meta SET value=? WHERE key=?", (_log.to_json(details["before"]), key))
    elif _log.parse_target(target)[0] == "entry":  # every kind of entry (briefing, reflection, calibration round...)
        con.execute("DELETE FROM entries WHERE id=?", (int(ref),))
    elif action == "add_next_step":
        con.execute("DELETE FROM next_steps WHERE id=?", (int(ref),))
    elif action == "complete_next_step":
        con.execute("UPDATE next_steps SET completed_at=NULL, completed_by=NULL WHERE id=?", (int(ref),))
    elif action == "save_worksheet":
        if details["before"] is None:
            con.execute("DELETE FROM worksheets WHERE name=?", (ref,))
        else:
            con.execute("UPDATE worksheets SET data=? WHERE name=?", (_log.to_json(details["before"]), ref))
    else:
        raise StudyError(f"An action of the kind {action!r} cannot be undone.")


def _uses(con, type_id: int) -> int:
    """How many demands (live or set aside) have this type, or one merged into it."""
    return con.execute(FAMILY + " SELECT count(*) FROM demands WHERE status!='undone' AND type_id IN family",
                       (type_id,)).fetchone()[0]


def _drop_unused_type(study, con, name, only_origin: str | None = None) -> None:
    """Remove a type an undone action brought in, if nothing else uses it."""
    if not name:
        return
    row = con.execute("SELECT id, origin FROM types WHERE name=?", (name,)).fetchone()
    if row is None or row[1] != (only_origin or "emerged") or _uses(con, row[0]):
        return
    if not con.execute("SELECT 1 FROM types WHERE merged_into=?", (row[0],)).fetchone():
        con.execute("DELETE FROM types WHERE id=?", (row[0],))
