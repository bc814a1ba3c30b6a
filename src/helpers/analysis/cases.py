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

from typing import TYPE_CHECKING, Any, Mapping

from helpers.analysis.people import _need  # the same plain message for a missing column
from helpers.core.vocabulary import read_dates, read_flags

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SUMMARY_KEYS", "case_summary", "journey", "CASE_LABELS", "compare_cases", "their_words"]

#: Plain labels for ``case_summary``'s keys, in its order.
CASE_LABELS = {
    "activity_records": "Activity records written about him",
    "staff": "Staff involved",
    "teams": "Teams involved",
    "assessments": "Assessments",
    "referrals": "Referrals",
    "admissions": "Hospital admissions",
    "days_in_hospital": "Days in hospital",
    "support_plans": "Support plans",
    "times_story_told": "Times he told his story again",
    "first_asked_what_matters": "First asked what matters to him",
}
#: The keys of ``case_summary``'s mapping, in order (DESIGN.md's contract).
SUMMARY_KEYS = tuple(CASE_LABELS)


def _flags(frame, column: str):
    """A true/false column read the way a person wrote it (True, "yes", 1...); all false when absent."""
    import pandas as pd

    if column not in frame:
        return pd.Series(False, index=frame.index)
    return pd.Series(read_flags(frame[column], column=column), index=frame.index, dtype=bool)


def _dates(frame, column: str = "date"):
    if column not in frame:
        raise ValueError("A case history needs a date column (when each activity happened).")
    return read_dates(frame[column], column=column)


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

    A mapping with the keys of ``SUMMARY_KEYS``: rows, distinct staff_id and team, rows of
    each activity kind (in any case), the admissions' days added up, rows where told_story
    is true, and the first date (a ``datetime.date``, or None if nobody ever asked) when
    asked_what_matters is true. ``history`` may hold several people: say which with ``person_id=``.
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
    first_asked = _dates(frame)[asked].min().date() if asked.any() else None

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
            "team": (frame["team"].fillna("(team not recorded)").astype(str).to_numpy() if "team" in frame
                     else "(team not recorded)"),
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


def compare_cases(histories: Mapping[str, "pd.DataFrame"]) -> "pd.DataFrame":
    """Two or more case histories counted side by side (``cases.case_summary`` for each).

    Rows in plain words ("Staff involved", "Days in hospital"...), one column per history;
    "First asked what matters to him" shows a date or "never".

    >>> import pandas as pd
    >>> one = pd.DataFrame({"date": ["2025-01-02", "2025-01-05"], "team": ["GP", "Hospital"],
    ...                     "staff_id": ["S1", "S2"], "activity": ["referral", "admission"], "days": [None, 4]})
    >>> compare_cases({"as it is": one}).loc["Days in hospital", "as it is"]
    '4'
    """
    import pandas as pd

    def when(value) -> str:
        return f"{value.day} {value:%B %Y}" if value is not None else "never"

    if not histories:
        raise ValueError("Give at least one case history to count, as {'a name': table}.")
    columns = {}
    for name, history in histories.items():
        summary = case_summary(history)
        columns[name] = [when(summary[key]) if key == "first_asked_what_matters" else f"{summary[key]:g}"
                         for key in CASE_LABELS]
    return pd.DataFrame(columns, index=list(CASE_LABELS.values()))


#: Words in a case note that report what the person said or wanted.
_THEIR_WORDS = r"\b(?:says|said|wants|wanted|asks for|asked for|told us|in (?:his|her|their) words)\b"


def their_words(history: "pd.DataFrame") -> "pd.DataFrame":
    """The records in a case history whose notes report what the person said or wanted,
    in date order (``date``, ``team``, ``note``, ``asked_what_matters``): the places to look
    for what mattered to them, and for whether anyone picked it up.

    >>> import pandas as pd
    >>> h = pd.DataFrame({"date": ["2025-01-02", "2025-01-09"], "team": ["GP", "Reablement"],
    ...                   "note": ["Seen. Rescue pack issued.", "Pt says he wants company"]})
    >>> their_words(h)["team"].tolist()
    ['Reablement']
    """
    import pandas as pd

    _need(history, ["note"], "Finding the person's own words")
    notes = history["note"].astype("string").fillna("")
    chosen = history[notes.str.contains(_THEIR_WORDS, case=False, regex=True)]
    columns = [c for c in ("date", "team", "note", "asked_what_matters") if c in chosen]
    out = chosen[columns].copy()
    if "date" in out:
        out = out.assign(_when=pd.to_datetime(out["date"], errors="coerce", format="mixed"))
        out = out.sort_values("_when", kind="stable").drop(columns="_when")
    return out.reset_index(drop=True)
