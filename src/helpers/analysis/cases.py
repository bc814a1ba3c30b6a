"""People-centred cases: one person's history counted, and their journey drawn.

Following five to ten people's journeys through their records shows what a single
contact cannot: hand-offs between teams ("pass the parcel"), assessments and referrals
repeated, the story told again and again, and when, if ever, someone asked what mattered.

A case history has one row per activity record, with the columns ``person_id``,
``date``, ``team``, ``organisation``, ``staff_id``, ``role``, ``activity`` (assessment,
referral, admission, discharge, support plan, phone call, visit, ...), ``days`` (for
admissions), ``note``, ``told_story`` and ``asked_what_matters`` (true/false).

>>> import pandas as pd
>>> history = pd.DataFrame({
...     "person_id": ["P1"] * 4,
...     "date": ["2026-01-05", "2026-01-09", "2026-02-01", "2026-02-20"],
...     "team": ["GP", "Adult social care", "Hospital", "Adult social care"],
...     "staff_id": ["S1", "S2", "S3", "S2"],
...     "activity": ["Referral", "Assessment", "Admission", "Support plan"],
...     "days": [None, None, 6, None],
...     "told_story": [False, True, True, False],
...     "asked_what_matters": [False, False, False, True],
... })
>>> summary = case_summary(history)
>>> summary["teams"], summary["days_in_hospital"], summary["first_asked_what_matters"]
(3, 6, datetime.date(2026, 2, 20))
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

#: The keys of ``case_summary``'s mapping, in order (DESIGN.md's contract).
SUMMARY_KEYS = (
    "activity_records",
    "staff",
    "teams",
    "assessments",
    "referrals",
    "admissions",
    "days_in_hospital",
    "support_plans",
    "times_story_told",
    "first_asked_what_matters",
)

_TRUE = {"true", "t", "yes", "y", "1", "1.0"}
_FALSE = {"false", "f", "no", "n", "0", "0.0", "", "nan", "none", "<na>"}


def _row(frame, position: int) -> int:
    """The row as a person sees it in the file (header is row 1), when the index allows."""
    label = frame.index[position]
    return int(label) + 2 if isinstance(label, (int,)) or hasattr(label, "__index__") else position + 2


def _flags(frame, column: str):
    """A true/false column read the way a person wrote it (True, "yes", 1...).

    Each distinct spelling is read once, then mapped: fast on long files.
    """
    import pandas as pd

    if column not in frame:
        return pd.Series(False, index=frame.index)
    values = frame[column]
    if pd.api.types.is_bool_dtype(values):
        return values.fillna(False).astype(bool)
    meaning = {}
    for value in pd.unique(values):
        text = "" if value is None or (isinstance(value, float) and value != value) else str(value).strip().lower()
        meaning[value] = True if text in _TRUE else (False if text in _FALSE else None)
    read = values.map(meaning)
    unknown = read.isna().to_numpy()
    if unknown.any():
        position = int(unknown.nonzero()[0][0])
        raise ValueError(
            f"Row {_row(frame, position)}, column {column!r}: {values.iloc[position]!r} is not true or false "
            "(write true/false, yes/no or 1/0)."
        )
    return read.astype(bool)


def _dates(frame):

    if "date" not in frame:
        raise ValueError("A case history needs a date column (when each activity happened).")
    from helpers.analysis.predictability import _to_datetimes  # ISO first, then UK day-first

    values = frame["date"]
    parsed = _to_datetimes(values)
    bad = parsed.isna() & values.notna()
    if bad.any():
        row = int(bad.to_numpy().nonzero()[0][0])
        raise ValueError(f"Row {_row(frame, row)}, column 'date': {values.iloc[row]!r} is not a date (write it like 2026-03-02).")
    return parsed


def _one_person(history, person_id):
    if person_id is not None:
        if "person_id" not in history:
            raise ValueError("person_id= was given, but the case history has no person_id column.")
        chosen = history[history["person_id"].astype(str) == str(person_id)]
        if chosen.empty:
            people = ", ".join(map(str, history["person_id"].dropna().unique()[:12]))
            raise ValueError(f"There is no person {person_id!r} in this case history. People there: {people}.")
        return chosen
    if "person_id" in history:
        people = history["person_id"].dropna().unique()
        if len(people) > 1:
            raise ValueError(
                f"This case history follows {len(people)} people ({', '.join(map(str, people[:12]))}): "
                "say which one with person_id=."
            )
    return history


def _activity(frame):
    import pandas as pd

    if "activity" not in frame:
        return pd.Series("", index=frame.index)
    return frame["activity"].astype("string").fillna("").str.strip().str.lower().str.replace(r"[\s_-]+", " ", regex=True)


def case_summary(history: "pd.DataFrame", person_id: Any = None) -> dict:
    """One person's case history counted, as in Seddon's account of "Paul".

    Returns a mapping with exactly these keys: ``activity_records`` (rows),
    ``staff`` (distinct staff_id), ``teams`` (distinct team), ``assessments``,
    ``referrals``, ``admissions``, ``support_plans`` (rows whose activity is that kind,
    in any case: "Support plan", "support plan"), ``days_in_hospital`` (the days of the
    admissions added up), ``times_story_told`` (rows where told_story is true) and
    ``first_asked_what_matters`` (the earliest date when asked_what_matters is true, as a
    ``datetime.date``, or None if nobody ever asked).

    ``history`` may hold several people: then say which with ``person_id=``.
    """
    import pandas as pd

    if not isinstance(history, pd.DataFrame):
        raise ValueError("case_summary() takes a case history table (a DataFrame), one row per activity record.")
    frame = _one_person(history, person_id)
    activity = _activity(frame)
    admissions = (activity == "admission").to_numpy()
    days = pd.to_numeric(frame["days"], errors="coerce") if "days" in frame else pd.Series(0.0, index=frame.index)
    hospital_days = float(days[admissions].fillna(0).sum())
    asked = _flags(frame, "asked_what_matters").to_numpy()
    first_asked = None
    if asked.any():
        first_asked = _dates(frame)[asked].min().date()

    def distinct(column: str) -> int:
        if column not in frame:
            return 0
        values = frame[column].dropna().astype(str).str.strip()
        return int(values[values != ""].nunique())

    return {
        "activity_records": int(len(frame)),
        "staff": distinct("staff_id"),
        "teams": distinct("team"),
        "assessments": int(activity.isin(["assessment"]).sum()),
        "referrals": int(activity.isin(["referral"]).sum()),
        "admissions": int(admissions.sum()),
        "days_in_hospital": int(hospital_days) if hospital_days.is_integer() else hospital_days,
        "support_plans": int(activity.isin(["support plan"]).sum()),
        "times_story_told": int(_flags(frame, "told_story").sum()),
        "first_asked_what_matters": first_asked,
    }


def journey(history: "pd.DataFrame", person_id: Any = None) -> "pd.DataFrame":
    """One person's records in time order, ready to draw: who had them, and each hand-off.

    Columns: ``date``, ``team``, ``activity``, ``days``, ``told_story``,
    ``asked_what_matters`` and ``handoff`` (true when the record is with a different team
    from the record before). ``attrs["teams"]`` lists the teams in order of first contact.

    >>> import pandas as pd
    >>> history = pd.DataFrame({"date": ["2026-01-05", "2026-01-09", "2026-01-10"],
    ...                         "team": ["GP", "Social care", "Social care"],
    ...                         "activity": ["referral", "assessment", "visit"]})
    >>> journey(history)["handoff"].tolist()
    [False, True, False]
    """
    import pandas as pd

    frame = _one_person(history, person_id)
    out = pd.DataFrame(
        {
            "date": _dates(frame).to_numpy(),
            "team": frame["team"].fillna("(team not recorded)").astype(str).to_numpy() if "team" in frame else "(team not recorded)",
            "activity": _activity(frame).to_numpy(),
            "days": pd.to_numeric(frame["days"], errors="coerce").to_numpy() if "days" in frame else float("nan"),
            "told_story": _flags(frame, "told_story").to_numpy(),
            "asked_what_matters": _flags(frame, "asked_what_matters").to_numpy(),
        }
    )
    out = out.sort_values("date", kind="stable").reset_index(drop=True)
    out["handoff"] = out["team"].ne(out["team"].shift()) & out.index.to_series().gt(0)
    out.attrs["teams"] = list(dict.fromkeys(out["team"]))
    if person_id is not None:
        out.attrs["person_id"] = person_id
    elif "person_id" in frame and len(frame):
        out.attrs["person_id"] = frame["person_id"].iloc[0]
    return out

