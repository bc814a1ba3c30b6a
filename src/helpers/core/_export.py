"""Export: a study's demands and log written to CSV or XLSX, after a personal-data check.

Kept apart from ``study.py`` because it is about files for other people and what they must
not carry; it reads the study only through its public ``demands()`` and ``events()``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from helpers.core._log import to_json
from helpers.core.errors import StudyError

__all__ = ["ExportResult", "export"]


class ExportResult(str):
    """What ``export`` wrote and what the personal-data check found, in plain words.

    ``.paths`` lists the files written, ``.finds`` is the check's DataFrame (one row per
    possible piece of personal data: which demand, which field, what kind, the match).
    """

    paths: list
    finds: Any


def export(study, path) -> ExportResult:
    """Write ``study`` to ``path`` (see ``Study.export``)."""
    from helpers.core.personal_data import READ_BEFORE_SHARING, find_personal_data
    from helpers.core.session import mode
    from helpers.core.tabular import write_table

    if mode() == "readonly":
        raise StudyError("This is a read-only walkthrough, so nothing is written to disk, exports included.")
    path = Path(path)
    if path.suffix.lower() not in (".csv", ".xlsx"):
        raise ValueError(f"Export to a .csv or .xlsx file; {path.name} is neither.")
    demands = study.demands()
    events = study.events()
    events["details"] = events["details"].map(to_json)
    texts, where = [], []
    for field in ("verbatim", "notes", "what_matters"):
        for demand_id, text in zip(demands["id"], demands[field]):
            if isinstance(text, str) and text.strip():  # missing text is NaN, which is truthy
                texts.append(text)
                where.append((int(demand_id), field))
    finds = find_personal_data(texts).copy()
    finds.insert(0, "field", [where[i][1] for i in finds["text_index"]] if len(finds) else [])
    finds.insert(0, "demand_id", [where[i][0] for i in finds["text_index"]] if len(finds) else [])
    paths = [Path(p) for p in write_table({"demands": demands, "events": events}, path)]
    if len(finds):
        kinds = finds["kind"].value_counts()
        listing = ", ".join(f"{n} {k}" for k, n in kinds.items())
        found = (f"The personal-data check found {len(finds)} possible piece(s) of personal data "
                 f"in {finds['demand_id'].nunique()} demand(s): {listing}. See .finds for where. ")
    else:
        found = "The personal-data check found nothing it recognises. "
    result = ExportResult(f"Wrote {len(demands)} demands and {len(events)} events to "
                          f"{', '.join(str(p) for p in paths)}. " + found + READ_BEFORE_SHARING)
    result.paths = paths
    result.finds = finds
    return result
