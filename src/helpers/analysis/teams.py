"""The sample teams and what their studies show: typologies, changes of mind, and the plan covered.

The sample data holds several teams' studies of one service (Northbrook Homes' repairs),
each kept as a table of actions that :meth:`helpers.Study.replay` turns back into a study.
The teams worked differently (on paper and typed up later, live on laptops, at the side
doors), and their typologies grew differently. These are the facts and tables about one
team at a time that the "pick a team" widget (``helpers.teams``) shows; nothing here ranks
teams, and no figure is given per member of staff.

>>> teams = sample_teams()
>>> list(teams) == [t for t in teams]          # in file order, never sorted by a figure
True
>>> north = team_summary(teams["North area repairs demand"])
>>> north["origins"]["imported"] > 0          # this team typed in the piles it had sorted
True
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:
    import pandas as pd

    from helpers.core.study import Study

__all__ = ["TEAM_FILES", "ORIGIN_WORDS", "sample_teams", "typology", "team_summary", "changes", "plan_coverage"]

#: The teams' action CSVs in ``datasets/`` (see datasets/README.md), in the order they are shown.
TEAM_FILES = ("actions_team_paper_first.csv", "actions_team_live.csv", "actions_team_small.csv")

#: What each type's ``origin`` means, in plain words.
ORIGIN_WORDS = {
    "predefined": "declared before any demand was heard",
    "imported": "typed in after listening (from sorted sheets or a file)",
    "emerged": "named while capturing or classifying",
}

_CACHE: dict[tuple, Any] = {}


def _replayed(path) -> "Study":
    """A team's study, replayed once per process per file version, then kept read-only."""
    from pathlib import Path

    from helpers.core.study import Study

    path = Path(path)
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    study = _CACHE.get(key)
    if study is None:
        study = Study.replay(path)
        study.readonly = True  # shared by every caller in this process: nobody may change it
        _CACHE[key] = study
    return study


def _unique_names(studies: Iterable["Study"]) -> dict[str, "Study"]:
    out: dict[str, Study] = {}
    for i, study in enumerate(studies, start=1):
        name = str(study.info.get("name") or f"Team {i}")
        base, n = name, 2
        while name in out:
            name, n = f"{base} ({n})", n + 1
        out[name] = study
    return out


def sample_teams(fresh: bool = False) -> dict[str, "Study"]:
    """The sample teams' studies of the repairs service, ``{team name: Study}``, in file order.

    Replaying is done once per process, so a notebook pays for it once; those studies are
    shared and read-only (changing one raises a :class:`~helpers.core.errors.StudyError`).
    ``fresh=True`` replays new scratch copies you may change (not cached).

    >>> teams = sample_teams()
    >>> len(teams) == len(TEAM_FILES), all(s.is_scratch and s.readonly for s in teams.values())
    (True, True)
    >>> copy = sample_teams(fresh=True)["Estate team: repairs we hear about"]
    >>> copy.readonly
    False
    """
    from helpers.core import datasets
    from helpers.core.study import Study

    replay = Study.replay if fresh else _replayed
    return _unique_names(replay(datasets.path(name)) for name in TEAM_FILES)


def _as_teams(teams) -> dict[str, "Study"]:
    if teams is None:
        return sample_teams()
    if isinstance(teams, Mapping):
        return dict(teams)
    return _unique_names(teams)


def typology(study: "Study") -> "pd.DataFrame":
    """A team's types in the order they were named: ``type``, ``classification``, ``origin``,
    ``where it came from`` (in words), ``named on`` (the day first written down) and ``demands``.
    Types merged into others are left out (their demands count in the type they joined).

    >>> from helpers import Study
    >>> s = Study.scratch()
    >>> _ = s.record("is he still coming?", classification="failure", demand_type="Still coming?",
    ...              received_at="2026-03-02T12:10")
    >>> typology(s)[["type", "origin", "demands"]].values.tolist()
    [['Still coming?', 'emerged', 1]]
    """
    import pandas as pd

    types = study.types()
    out = pd.DataFrame({
        "type": types["name"],
        "classification": types["classification"].fillna("undecided"),
        "origin": types["origin"],
        "where it came from": types["origin"].map(ORIGIN_WORDS).fillna("not known"),
        "named on": pd.to_datetime(types["first_seen_at"]).dt.normalize(),
        "demands": types["uses"].astype("int64"),
    })
    return out.sort_values(["named on", "type"], kind="stable").reset_index(drop=True)


def team_summary(study: "Study") -> dict:
    """The few facts a team's view shows, as a dict.

    Counts (``days``: days with demand heard; ``origins``: types by origin), the failure
    share and a sentence on it, ``new_types_by_day`` and the saturation report. Nothing is
    counted per member of staff.

    >>> from helpers import Study
    >>> s = Study.scratch(name="Practice")
    >>> _ = s.record("water through the ceiling", classification="value", demand_type="Leak",
    ...              received_at="2026-03-02T09:00")
    >>> _ = s.record("is he still coming?", classification="failure", demand_type="Still coming?",
    ...              received_at="2026-03-02T12:10")
    >>> facts = team_summary(s)
    >>> facts["demands"], facts["types"], facts["share_text"]
    (2, 2, 'Failure demand: 1 of 2 demands classified as value or failure (50%).')
    """
    from helpers.analysis.predictability import classification_counts, failure_share
    from helpers.analysis.saturation import saturation

    demands = study.demands()
    types = study.types()
    counts = classification_counts(demands)
    value, failure = counts["value"], counts["failure"]
    decided, share = value + failure, failure_share(counts)
    share_text = (f"Failure demand: {failure} of {decided} demands classified as value or failure ({share:.0%})."
                  if decided else "Nothing classified as value or failure yet.")
    report = saturation(study)
    units = report.units
    by_day = units.rename(columns={"unit": "day", "distinct_types": "types_so_far"})[
        ["day", "demands", "new_types", "types_so_far"]].reset_index(drop=True) if len(units) else units
    return {
        "team": str(study.info.get("name") or "this team"),
        "demands": int(len(demands)),
        "days": int(demands["received_at"].fillna(demands["recorded_at"]).dt.normalize().nunique()),
        "types": int(len(types)),
        "origins": {k: int((types["origin"] == k).sum()) for k in ORIGIN_WORDS},
        "value": value,
        "failure": failure,
        "failure_share": share,
        "share_text": share_text,
        "new_types_by_day": by_day,
        "saturation": report,
        "saturation_message": report.message,
    }


# ---------------------------------------------------------------- the audit trail, in words

_CHANGE_ACTIONS = ("reclassify", "rename_type", "merge_types")


def _class_move(before: dict, after: dict) -> str | None:
    old, new = before.get("classification"), after.get("classification")
    if old == new or new is None and "classification" not in after:
        return None
    return f"{old or 'undecided'} to {new or 'undecided'}"


def changes(study: "Study", actions: Iterable[str] = _CHANGE_ACTIONS) -> "pd.DataFrame":
    """The study's changes of mind, in order, in plain words (undone ones left out).

    Columns: ``at``, ``by``, ``action``, ``change`` (e.g. "failure to value", "renamed",
    "merged"), ``from``, ``to``, ``reason`` and ``demand`` (the person's words, for a
    reclassification). ``actions`` picks among "reclassify", "rename_type" and "merge_types".

    >>> from helpers import Study
    >>> s = Study.scratch()
    >>> s.user = "Sam"
    >>> i = s.record("is he still coming? slot is 8-1", classification="failure", demand_type="Still coming?")
    >>> s.reclassify(i, classification="value", reason="inside the slot")
    >>> s.rename_type("Still coming?", "Appointment query")
    >>> changes(s)[["change", "from", "to", "reason"]].values.tolist()
    [['failure to value', 'failure', 'value', 'inside the slot'], ['renamed', 'Still coming?', 'Appointment query', '']]
    """
    import pandas as pd

    wanted = set(actions)
    unknown = wanted - set(_CHANGE_ACTIONS)
    if unknown:
        raise ValueError(f"changes() reads {', '.join(_CHANGE_ACTIONS)}; it was asked for {', '.join(sorted(unknown))}.")
    events = study.events()
    events = events[events["action"].isin(wanted) & ~events["undone"]]
    words = {}
    if (events["action"] == "reclassify").any():
        demands = study.demands(include_voided=True)
        words = dict(zip(demands["id"].astype(int), demands["verbatim"]))
    rows = []
    for ev in events.itertuples(index=False):
        d = ev.details or {}
        before, after = d.get("before") or {}, d.get("after") or {}
        if ev.action == "reclassify":
            move = _class_move(before, after)
            try:
                demand_id = int(str(ev.target).split()[-1])
            except ValueError:
                demand_id = None
            if move:
                change, old, new = move, before.get("classification"), after.get("classification")
            else:
                change, old, new = "type changed", before.get("demand_type"), after.get("demand_type")
            rows.append((ev.at, ev.by, ev.action, change, old, new, d.get("reason") or "", words.get(demand_id) or ""))
        elif ev.action == "rename_type":
            rows.append((ev.at, ev.by, ev.action, "renamed", before.get("name"), after.get("name"), "", ""))
        else:
            rows.append((ev.at, ev.by, ev.action, "merged", ", ".join(d.get("names") or []), d.get("into"), "", ""))
    return pd.DataFrame(rows, columns=["at", "by", "action", "change", "from", "to", "reason", "demand"])


# ---------------------------------------------------------------- the plan, covered?

def plan_coverage(study: "Study") -> "pd.DataFrame":
    """For each door, day and time in the study's plan: how many demands were heard there.

    Columns: ``part`` ("door", "day" or "time"), ``planned`` (as written in the plan),
    ``demands`` and ``status``: "heard", "not heard", or "still to come" for a planned day
    after the last day anything was heard. A study without a plan gives an empty table.

    >>> from helpers import Study
    >>> s = Study.scratch()
    >>> s.set_plan(doors=["phone", "letter"], days=["2026-03-02", "2026-03-03"], times=["08:00-12:00"])
    >>> _ = s.record("is he coming?", channel="phone", received_at="2026-03-02T09:30")
    >>> plan_coverage(s).values.tolist()
    [['door', 'phone', 1, 'heard'], ['door', 'letter', 0, 'not heard'], ['day', '2026-03-02', 1, 'heard'],
     ['day', '2026-03-03', 0, 'still to come'], ['time', '08:00-12:00', 1, 'heard']]
    """
    import pandas as pd

    from helpers.analysis._rules import time_window  # the checks read planned times the same way

    plan = study.plan() or {}
    demands = study.demands()
    when = demands["received_at"].fillna(demands["recorded_at"])
    channels = demands["channel"].fillna("").astype(str).str.strip().str.lower()
    days = when.dt.strftime("%Y-%m-%d")
    last = days.dropna().max() if days.notna().any() else None
    hours = when.dt.hour + when.dt.minute / 60
    rows = []
    for door in plan.get("doors") or []:
        key = str(door).strip().lower()
        hit = channels.map(lambda c: bool(c) and (c == key or c in key or key in c))
        n = int(hit.sum())
        rows.append(("door", str(door), n, "heard" if n else "not heard"))
    for day in plan.get("days") or []:
        key = str(day)[:10]
        n = int((days == key).sum())
        status = "heard" if n else ("still to come" if last is None or key > last else "not heard")
        rows.append(("day", key, n, status))
    for spec in plan.get("times") or []:
        window = time_window(spec)
        n = int(((hours >= window[0]) & (hours < window[1])).sum()) if window else 0
        rows.append(("time", str(spec), n, "heard" if n else ("not heard" if window else "cannot read this time")))
    return pd.DataFrame(rows, columns=["part", "planned", "demands", "status"])
