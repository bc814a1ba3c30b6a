"""Export: a study's demands and log written to CSV or XLSX, masked by the one masking step.

It reads the study only through ``demands()`` and ``events()``, and masks every text in both,
not only the verbatims: the log repeats names, what matters, verdicts and reflections.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.core._log import to_json
from helpers.core.errors import StudyError

__all__ = ["ExportResult", "export"]


class ExportResult(str):
    """What ``export`` wrote and what was masked, in plain words.

    ``.paths`` lists the files written, ``.finds`` has a row per piece of personal data
    masked (or, unmasked, found): ``demand_id`` (or ``event_id`` for the event log),
    ``field`` (a column, or where in an event's details, such as ``details.after.verbatim``),
    ``kind``, ``start``, ``end`` and ``match``.
    """

    paths: list
    finds: Any


def _strings(value, where: str):
    """Each text in an event's details, with where it is: ("details.after.verbatim", text)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _strings(item, f"{where}.{i}")


def _put(value, path: list[str], text: str):
    """``value`` with the text at ``path`` (as ``_strings`` gave it) replaced."""
    if not path:
        return text
    key = int(path[0]) if isinstance(value, list) else path[0]
    value[key] = _put(value[key], path[1:], text)
    return value


def export(study, path, masked: bool = True) -> ExportResult:
    """Write ``study`` to ``path`` (see ``Study.export``)."""
    import pandas as pd

    from helpers.core.personal_data import mask, summarise
    from helpers.core.session import is_readonly
    from helpers.core.tabular import write_table

    if is_readonly():
        raise StudyError("This is a read-only walkthrough, so nothing is written to disk, exports included.")
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"Export to a .csv or .xlsx file; {path.name} is neither.")
    demands = study.demands()
    events = study.events()
    # Every text in both tables, with where it is: (table, row, column, field, id's name, id).
    texts, where = [], []
    for frame, id_name in ((demands, "demand_id"), (events, "event_id")):
        for row, (row_id, cells) in enumerate(zip(frame["id"].tolist(), frame.to_numpy(dtype=object))):
            for column, value in zip(frame.columns, cells):
                for field, text in _strings(value, column):
                    if text.strip():
                        texts.append(text)
                        where.append((frame, row, column, field, id_name, int(row_id)))
    done = mask(texts)
    if masked:
        for i in sorted(set(done.found["text_index"])):
            frame, row, column, field, _, _ = where[i]
            at = frame.columns.get_loc(column)
            frame.iat[row, at] = _put(frame.iat[row, at], field.split(".")[1:], done.texts[i])
    events["details"] = events["details"].map(to_json)
    finds = done.found.copy()
    place = [where[i] for i in finds["text_index"]]
    finds.insert(0, "field", [p[3] for p in place])
    for name in ("event_id", "demand_id"):
        finds.insert(0, name, pd.array([p[5] if p[4] == name else None for p in place], dtype="Int64"))
    finds = finds.drop(columns="text_index")
    paths = [Path(p) for p in write_table({"demands": demands, "events": events}, path)]
    wrote = f"Wrote {len(demands)} demands and {len(events)} events to {', '.join(str(p) for p in paths)}"
    if masked:
        said = f"{wrote}. {done.sentence}"
    else:
        said = (f"{wrote} without masking, for the team's own records: do not share these files. "
                f"{summarise(done.found, len(texts))}")
    result = ExportResult(said)
    result.paths = paths
    result.finds = finds
    return result
