"""Is demand predictable? How capable is the service? Process behaviour (XmR) charts and views.

An XmR chart (Wheeler's process behaviour chart) plots values in time order around their
mean, with *natural process limits* at the mean plus and minus 2.66 times the average
moving range (the difference between each value and the one before). Values that stay
inside the limits with no long runs on one side are *predictable*: the system produces
them, day after day. Predictable is not the same as good: predictable failure demand is
designed in by the system.

The views (tidy DataFrames that ``helpers.plots`` draws) count demand per day beside each
weekday's own mean, one type by day, types by time of day, end-to-end time per case, and
failure demand per value demand.

>>> chart = xmr([10, 12, 11, 13, 12, 11, 30])
>>> round(chart.centre, 2), round(chart.mr_centre, 2), round(chart.upper, 2)  # mean; (2+1+2+1+1+19)/6; 14.14 + 2.66 x 4.33
(14.14, 4.33, 25.67)
>>> chart.signals["rule"].tolist()   # the 30 is above the limit, and a jump of 19 is above 3.268 x 4.33
['outside the limits', 'a big jump']
>>> chart.provisional
True
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping, Sequence

from helpers.core.vocabulary import CLASSIFICATIONS, normalise_classification, read_dates

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["NPL_FACTOR", "MR_FACTOR", "PROVISIONAL_BELOW", "RUN_LENGTH", "WEEKDAYS", "SLOT_BANDS", "XmR", "xmr",
           "classification_counts", "failure_share", "failure_by_door", "daily_volumes", "weekday_pattern", "daily_xmr",
           "type_by_day", "time_of_day", "capability", "capability_reading", "failure_per_value",
           "failure_per_value_by_origin"]

#: Wheeler's scaling constants for individual values and their moving ranges.
NPL_FACTOR = 2.66
MR_FACTOR = 3.268
#: Fewer points than this in the baseline give provisional limits.
PROVISIONAL_BELOW = 20
#: This many values in a row on one side of the centre line is a signal.
RUN_LENGTH = 8

#: The house order of classifications, "undecided" (not yet classified) last.
_CLASS_ORDER = (*CLASSIFICATIONS, "undecided")
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Appointment slots as residents are given them (hours of the day, start and end).
SLOT_BANDS = {"morning slot, 8am to 1pm": (8, 13), "afternoon slot, 12 noon to 6pm": (12, 18)}


@dataclass
class XmR:
    """An XmR chart's data. ``data`` has a row per point; the rest are the lines and signals.

    ``data`` columns: ``value``, ``moving_range``, ``in_baseline``, ``outside`` (beyond a
    natural process limit), ``run`` (part of eight or more in a row on one side of the
    centre line), ``big_jump`` (moving range above its upper limit), ``signal`` (any).
    ``signals`` lists each signal in plain words. ``note`` warns when limits are provisional.
    """

    data: Any
    centre: float
    lower: float
    upper: float
    mr_centre: float
    mr_upper: float
    baseline_points: int
    provisional: bool
    signals: Any
    note: str
    message: str
    title: str = ""
    label: str = ""

    def __repr__(self) -> str:
        return f"<XmR: centre {self.centre:.3g}, limits {self.lower:.3g} to {self.upper:.3g}; {self.message}>"

    @property
    def predictable(self) -> bool:
        """No point shows a signal: only then do the limits say what the system will go on producing."""
        return bool(self.signals.empty)


def _as_series(series):
    import numpy as np
    import pandas as pd

    if isinstance(series, pd.DataFrame):
        if series.shape[1] != 1:
            raise ValueError(
                "xmr() takes one column of values in time order; this table has "
                f"{series.shape[1]} columns ({', '.join(map(str, series.columns))}): pick one, e.g. table['demands']."
            )
        series = series.iloc[:, 0]
    if not isinstance(series, pd.Series):
        series = pd.Series(list(series) if not isinstance(series, np.ndarray) else series)
    values = pd.to_numeric(series, errors="coerce")
    bad = values.isna() & series.notna()
    if bad.any():
        label = series.index[bad.to_numpy()][0]
        raise ValueError(f"xmr() needs numbers; the value at {label!r} is {series[label]!r}.")
    return values.astype(float)


def _point_label(point) -> str:
    """A point as people read it: a day as "Mon 02 Mar", anything else as written."""
    import pandas as pd

    return point.strftime("%a %d %b") if isinstance(point, pd.Timestamp) else str(point)


def _runs_on_one_side(side, length: int):
    """Mark every point in a run of ``length`` or more with the same nonzero side."""
    import numpy as np

    side = np.asarray(side)
    block = np.cumsum(np.r_[True, side[1:] != side[:-1]])  # numbers each stretch of equal sides
    return (side != 0) & (np.bincount(block)[block] >= length)


def xmr(series: Sequence[float], baseline: Any = None, *, floor: float | None = None, title: str = "",
        label: str = "") -> XmR:
    """A process behaviour (XmR) chart's data: centre line, limits and signals.

    ``series``: values in time order (a list, or a Series whose index labels the points,
    e.g. days); missing values are left out. ``baseline``: the points that set the centre
    and limits: None (all), a number (the first that many), a slice, labels or a True-False
    mask; every point is shown against those limits. ``floor``: a value the data cannot go
    below (0 for counts): a lower limit below it is raised to it, meaning there is none.
    ``title`` and ``label`` (what the values are, e.g. "Demands a day") are for the plot.

    Limits: the mean +/- 2.66 x the average moving range (3.268 x it for the moving ranges).
    Signals: a point outside the limits, eight or more in a row on one side of the centre
    line, a big jump. Fewer than 20 points in the baseline give provisional limits.

    >>> chart = xmr([5, 6, 5, 7, 6, 5, 6, 7, 6, 5], floor=0)
    >>> round(chart.lower, 2), chart.centre, round(chart.upper, 2)
    (2.84, 5.8, 8.76)
    >>> chart.signals.empty
    True
    >>> shifted = xmr([5, 6, 5, 6, 5, 6, 5, 6, 9, 9, 9, 9, 9, 9, 9, 9], baseline=8)
    >>> sorted(set(shifted.signals["rule"]))
    ['eight in a row on one side', 'outside the limits']
    """
    import numpy as np
    import pandas as pd

    values = _as_series(series).dropna()
    n = len(values)
    if n < 2:
        raise ValueError(f"An XmR chart needs at least 2 values in time order; there {'is' if n == 1 else 'are'} {n}.")
    positions = np.arange(n)
    if baseline is None:
        in_base = np.ones(n, dtype=bool)
    elif isinstance(baseline, (int, np.integer)) and not isinstance(baseline, bool):
        if baseline < 2:
            raise ValueError(f"baseline must cover at least 2 points; you gave {baseline}.")
        in_base = positions < baseline
    elif isinstance(baseline, slice):
        in_base = np.zeros(n, dtype=bool)
        in_base[positions[baseline]] = True
    else:
        chosen = list(baseline)
        if len(chosen) == n and all(isinstance(c, (bool, np.bool_)) for c in chosen):
            in_base = np.asarray(chosen, dtype=bool)
        else:
            missing = [c for c in chosen if c not in values.index]
            if missing:
                raise ValueError(f"baseline names points that are not in the series: {missing[:5]}.")
            in_base = values.index.isin(chosen)
    if in_base.sum() < 2:
        raise ValueError("The baseline must cover at least 2 points to work out limits.")

    x = values.to_numpy()
    mr = np.r_[np.nan, np.abs(np.diff(x))]
    # a moving range belongs to the baseline when both its points do
    mr_in_base = in_base & np.r_[False, in_base[:-1]]
    centre = float(x[in_base].mean())
    mr_centre = float(np.nanmean(mr[mr_in_base])) if mr_in_base.any() else 0.0
    upper = centre + NPL_FACTOR * mr_centre
    lower = centre - NPL_FACTOR * mr_centre
    if floor is not None and lower < floor:
        lower = float(floor)
    mr_upper = MR_FACTOR * mr_centre

    tol = 1e-9 * max(1.0, abs(centre))
    outside = (x > upper + tol) | ((x < lower - tol) if (floor is None or lower > floor) else np.zeros(n, bool))
    side = np.sign(np.where(np.abs(x - centre) <= tol, 0.0, x - centre))
    run = _runs_on_one_side(side, RUN_LENGTH)
    big_jump = np.nan_to_num(mr, nan=0.0) > mr_upper + tol if mr_centre > 0 else np.zeros(n, bool)
    data = pd.DataFrame(
        {
            "value": x,
            "moving_range": mr,
            "in_baseline": in_base,
            "outside": outside,
            "run": run,
            "big_jump": big_jump,
        },
        index=values.index,
    )
    data["signal"] = data["outside"] | data["run"] | data["big_jump"]

    rows = []
    for point, row in data.iterrows():
        value = row["value"]
        if row["outside"]:
            where = "above the upper" if value > upper else "below the lower"
            rows.append((point, value, "outside the limits", f"{value:g} is {where} natural process limit"))
        if row["run"]:
            where = "above" if value > centre else "below"
            rows.append((point, value, "eight in a row on one side", f"part of a run of eight or more {where} the centre line"))
        if row["big_jump"]:
            rows.append((point, value, "a big jump",
                         f"the jump from the point before ({row['moving_range']:g}) is above the moving-range limit"))
    signals = pd.DataFrame(rows, columns=["point", "value", "rule", "description"])

    base_n = int(in_base.sum())
    provisional = base_n < PROVISIONAL_BELOW
    note = (
        f"These limits come from {base_n} points, fewer than about {PROVISIONAL_BELOW}: treat them as provisional "
        "and work them out again as more points come in."
        if provisional
        else ""
    )
    if signals.empty:
        message = (
            f"No signals in {n} points: the values go up and down predictably between about {lower:.3g} and "
            f"{upper:.3g}. Predictable is not the same as good: ask what the system is designed to produce."
        )
    else:
        points = signals["point"].drop_duplicates().tolist()
        shown = ", ".join(_point_label(p) for p in points[:5])
        shown += ", ..." if len(points) > 5 else ""
        message = (
            f"{len(points)} point{'s' if len(points) != 1 else ''} with a signal worth asking about ({shown}): "
            "what was different then?" + (" Was it a normal day?" if isinstance(data.index, pd.DatetimeIndex) else "")
        )
    return XmR(data, centre, lower, upper, mr_centre, mr_upper, base_n, provisional, signals, note, message, title, label)


# --- views ----------------------------------------------------------------------------

def _demands_frame(demands):
    """A demands DataFrame from a Study (duck-typed) or a frame."""
    if hasattr(demands, "demands") and callable(demands.demands):
        return demands.demands()
    return demands


def _when(frame):
    """Each demand's time: received_at, else recorded_at (a Timestamp or NaT)."""
    when = None
    for column in ("received_at", "recorded_at"):
        if column in frame:
            values = read_dates(frame[column], column=column)
            when = values if when is None else when.fillna(values)
    if when is None:
        raise ValueError("The demands need a received_at column (the date and time each demand came in).")
    return when


def _classes(frame):
    """Each demand's classification in the one vocabulary, "undecided" when empty (an unknown word is refused)."""
    import pandas as pd

    if "classification" not in frame:
        return pd.Series("undecided", index=frame.index, dtype=object)
    return frame["classification"].map(lambda v: normalise_classification(v) or "undecided").astype(object)


def classification_counts(demands) -> dict[str, int]:
    """Demands by classification, every one in the house order (value, failure, unsure, not demand, undecided).

    >>> import pandas as pd
    >>> classification_counts(pd.DataFrame({"classification": ["value", "F", None, "failure"]}))
    {'value': 1, 'failure': 2, 'unsure': 0, 'not demand': 0, 'undecided': 1}
    """
    found = _classes(_demands_frame(demands)).value_counts()
    return {k: int(found.get(k, 0)) for k in _CLASS_ORDER}


def failure_share(counts: "Mapping[str, int]") -> float | None:
    """Failure over value plus failure (unsure and not demand left out); None before either is counted.

    >>> failure_share({"value": 30, "failure": 20, "unsure": 3})
    0.4
    """
    decided = counts.get("value", 0) + counts.get("failure", 0)
    return counts.get("failure", 0) / decided if decided else None


def failure_by_door(demands) -> "pd.DataFrame":
    """Demands by the door they came through (``channel``), busiest first: ``door``, ``demands``,
    ``value``, ``failure`` and ``failure_share`` (of value plus failure; empty when neither).

    Failure share often differs by door: a web form takes new requests, a councillor's casework
    mostly chasing. ``helpers.plots.plot_failure_by_door`` draws it.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"channel": ["phone", "phone", "phone", "web form", None],
    ...                       "classification": ["value", "F", "failure", "value", "unsure"]})
    >>> failure_by_door(frame)[["door", "demands", "value", "failure", "failure_share"]].values.tolist()
    [['phone', 3, 1, 2, 0.6666666666666666], ['not recorded', 1, 0, 0, nan], ['web form', 1, 1, 0, 0.0]]
    """
    import pandas as pd

    frame = _demands_frame(demands)
    doors = frame["channel"] if "channel" in frame else pd.Series(None, index=frame.index, dtype=object)
    doors = doors.astype("string").str.strip().replace("", pd.NA).fillna("not recorded")
    table = pd.crosstab(doors.to_numpy(), _classes(frame).to_numpy()).reindex(columns=_CLASS_ORDER, fill_value=0)
    out = pd.DataFrame({"door": table.index.astype(str), "demands": table.sum(axis=1).to_numpy(),
                        "value": table["value"].to_numpy(), "failure": table["failure"].to_numpy()})
    decided = out["value"] + out["failure"]
    out["failure_share"] = (out["failure"] / decided.where(decided > 0)).astype(float)
    return out.sort_values(["demands", "door"], ascending=[False, True], kind="stable").reset_index(drop=True)


def daily_volumes(demands) -> "pd.DataFrame":
    """Demands and failure share per day, beside each weekday's own mean.

    One row per day that has demands (days with no listening are not zeros): ``day``,
    ``weekday``, ``demands``, a count per classification, ``failure_share``, ``weekday_mean``
    (the mean of that weekday's days) and ``vs_weekday`` (the day minus it): compare Monday
    with Mondays.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"received_at": pd.to_datetime(["2026-03-02 09:00", "2026-03-02 10:00", "2026-03-03 09:00"]),
    ...                       "classification": ["value", "failure", "failure"]})
    >>> daily_volumes(frame)[["weekday", "demands", "failure_share"]].values.tolist()
    [['Monday', 2, 0.5], ['Tuesday', 1, 1.0]]
    """
    import pandas as pd

    frame = _demands_frame(demands)
    table = pd.DataFrame({"day": _when(frame).dt.normalize(), "class": _classes(frame)})
    table = table.dropna(subset=["day"])
    counts = pd.crosstab(table["day"], table["class"]).reindex(columns=_CLASS_ORDER, fill_value=0)
    out = pd.DataFrame({"day": counts.index, "weekday": [WEEKDAYS[d.weekday()] for d in counts.index]})
    for column in _CLASS_ORDER:
        out[column.replace(" ", "_")] = counts[column].to_numpy()
    out.insert(2, "demands", counts.sum(axis=1).to_numpy())
    decided = out["value"] + out["failure"]
    out["failure_share"] = (out["failure"] / decided.where(decided > 0)).astype(float)
    out["weekday_mean"] = out.groupby("weekday")["demands"].transform("mean")
    out["vs_weekday"] = out["demands"] - out["weekday_mean"]
    return out


def weekday_pattern(daily: "pd.DataFrame") -> "pd.DataFrame":
    """The weekly cycle: per weekday, the days heard, mean demands and mean failure share.

    >>> import pandas as pd
    >>> daily = pd.DataFrame({"weekday": ["Monday", "Tuesday", "Monday"], "demands": [10, 6, 14],
    ...                       "failure_share": [0.5, 0.4, 0.6]})
    >>> weekday_pattern(daily)[["weekday", "days", "mean_demands"]].values.tolist()
    [['Monday', 2, 12.0], ['Tuesday', 1, 6.0]]
    """
    grouped = daily.groupby("weekday", sort=False).agg(
        days=("demands", "size"), mean_demands=("demands", "mean"), mean_failure_share=("failure_share", "mean")
    )
    order = [d for d in WEEKDAYS if d in grouped.index]
    return grouped.loc[order].reset_index()


def daily_xmr(daily: "pd.DataFrame", column: str = "demands", weekday_adjusted: bool = True, baseline: Any = None) -> XmR:
    """An XmR chart of a daily column, by default with the weekly cycle taken out.

    With ``weekday_adjusted`` each day is compared with its own weekday: the value plotted
    is the day's count minus its weekday's mean plus the overall mean, so a busy Monday
    among busy Mondays is no signal. For ``failure_share`` no adjustment is made.

    >>> import pandas as pd
    >>> days = pd.bdate_range("2026-03-02", periods=10)
    >>> daily = pd.DataFrame({"day": days, "weekday": days.day_name(),
    ...                       "demands": [40, 20, 21, 19, 20, 41, 20, 19, 21, 20]})
    >>> daily_xmr(daily).signals.empty   # busy Mondays, every week: no signal
    True
    """
    import pandas as pd

    if column not in daily:
        raise ValueError(f"There is no column {column!r} in the daily table; choose one of: {', '.join(daily.columns)}.")
    values = daily[column].astype(float)
    name = column.replace("_", " ").capitalize()
    title, label = name + " per day", name + (" (of value and failure)" if column == "failure_share" else "")
    adjusted = weekday_adjusted and column != "failure_share"
    if adjusted:
        values = values - daily.groupby("weekday")[column].transform("mean") + values.mean()
        title += ", compared with the same weekday"
        label += " (weekly cycle taken out)"
    series = pd.Series(values.to_numpy(), index=pd.DatetimeIndex(daily["day"]))
    chart = xmr(series, baseline=baseline, floor=0 if column != "vs_weekday" else None, title=title, label=label)
    fewest = int(daily.groupby("weekday")[column].size().min()) if len(daily) else 0
    if adjusted and fewest < 3:
        # with one or two of a weekday, its "own mean" is mostly that day itself
        chart.note = (chart.note + " " if chart.note else "") + (
            f"Some weekdays have been heard on only {fewest} day{'s' if fewest != 1 else ''}, so comparing each day with the "
            "same weekday says little yet: look at the unadjusted chart too (weekday_adjusted=False)."
        )
    return chart


def type_by_day(demands, demand_type: str) -> "pd.DataFrame":
    """How many demands of one type each day (0 on days with demands but none of it).

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"received_at": pd.to_datetime(["2026-03-02 09:00", "2026-03-03 09:00"]),
    ...                       "demand_type": ["Is someone coming today?", "Report a leak"]})
    >>> type_by_day(frame, "Is someone coming today?")["count"].tolist()
    [1, 0]
    """
    import pandas as pd

    frame = _demands_frame(demands)
    if "demand_type" not in frame:
        raise ValueError("The demands need a demand_type column to count a type by day.")
    known = frame["demand_type"].dropna().astype(str).unique().tolist()
    if demand_type not in known:
        raise ValueError(
            f"No demand has the type {demand_type!r}. Types there are: {', '.join(sorted(known)[:15]) or 'none yet'}."
        )
    hits = (frame["demand_type"] == demand_type).to_numpy()
    table = pd.DataFrame({"day": _when(frame).dt.normalize(), "hit": hits}).dropna(subset=["day"])
    out = table.groupby("day")["hit"].sum().astype(int).rename("count").reset_index()
    out.insert(1, "weekday", [WEEKDAYS[d.weekday()] for d in out["day"]])
    out.attrs["demand_type"] = demand_type
    return out


def time_of_day(demands, types: Sequence[str] | None = None, minutes: int = 60) -> "pd.DataFrame":
    """When in the day demands arrive: counts per type per slice of the day.

    Columns ``type``, ``hour`` (start of the slice, in hours, e.g. 12.5 for 12:30),
    ``demands``. ``types`` picks the types to show (default: all); ``minutes`` is the
    slice width. Demands with no time of day (a date only) are left out.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"received_at": pd.to_datetime(["2026-03-02 12:10", "2026-03-02 12:40", "2026-03-02 09:05"]),
    ...                       "demand_type": ["Chasing", "Chasing", "Leak"]})
    >>> time_of_day(frame)[["type", "hour", "demands"]].values.tolist()
    [['Chasing', 12.0, 2], ['Leak', 9.0, 1]]
    """
    import pandas as pd

    if not 1 <= minutes <= 240:
        raise ValueError(f"minutes must be between 1 and 240 (you gave {minutes}).")
    frame = _demands_frame(demands)
    if "received_at" not in frame:
        raise ValueError("The demands need a received_at column with times of day.")
    when = read_dates(frame["received_at"], column="received_at")
    minute_of_day = when.dt.hour * 60 + when.dt.minute
    has_time = when.notna() & ~((minute_of_day == 0) & (when.dt.second == 0))
    if not has_time.any():
        raise ValueError("received_at holds dates without times of day, so there is no time-of-day pattern to show.")
    kinds = frame["demand_type"] if "demand_type" in frame else pd.Series("all demands", index=frame.index)
    table = pd.DataFrame({"type": kinds.fillna("(no type yet)").astype(str), "minute": minute_of_day})[has_time]
    if types is not None:
        unknown = [t for t in types if t not in set(table["type"])]
        if unknown:
            raise ValueError(f"No demands with time of day have the type(s) {unknown}.")
        table = table[table["type"].isin(list(types))]
    table["hour"] = (table["minute"] // minutes) * minutes / 60
    out = table.groupby(["type", "hour"]).size().rename("demands").reset_index()
    out["hour"] = out["hour"].astype(float)
    if "classification" in frame:
        # each type's usual classification, so plots can draw value and failure in their colours
        classes = pd.DataFrame({"type": kinds.fillna("(no type yet)").astype(str), "class": _classes(frame)})
        usual = classes[classes["class"] != "undecided"].groupby("type")["class"].agg(lambda c: c.value_counts().index[0])
        out["classification"] = out["type"].map(usual).astype(object).where(lambda c: c.notna(), None)
    out.attrs["minutes"] = minutes
    return out


_END_COLUMNS = ("fixed_on", "completed_on", "closed_on", "need_met_on", "finished_on")


def capability(cases, start: str = "first_contact_on", end: str | None = None, id_column: str | None = None,
               keep: Sequence[str] = ()) -> "pd.DataFrame":
    """End-to-end time per case, from the person's first contact, in time order.

    ``cases``: one row per case with a start date (``first_contact_on``) and an end date
    (``end``; default the first of fixed_on, completed_on, closed_on, need_met_on found).
    Returns ``case``, ``start``, ``end``, ``days`` ordered by start date (cases not yet
    finished are left out, counted in ``attrs["open_cases"]``), and the columns named in
    ``keep`` as they were. Pass ``days`` to ``xmr``: that is the service's capability as the
    person lives it, in place of a target, if the chart shows it predictable
    (``capability_reading``).

    >>> import pandas as pd
    >>> jobs = pd.DataFrame({"job_id": ["J2", "J1"], "first_contact_on": ["2026-03-03", "2026-03-02"],
    ...                      "fixed_on": ["2026-03-10", "2026-03-04"]})
    >>> capability(jobs)[["case", "days"]].values.tolist()
    [['J1', 2], ['J2', 7]]
    """
    import pandas as pd

    columns = ", ".join(map(str, cases.columns))
    if start not in cases:
        raise ValueError(f"There is no {start!r} column (the date of first contact); columns are: {columns}.")
    if end is None:
        end = next((c for c in _END_COLUMNS if c in cases), None)
        if end is None:
            raise ValueError(f"Say which column holds the date the need was met: end= one of {columns}.")
    elif end not in cases:
        raise ValueError(f"There is no {end!r} column; columns are: {columns}.")
    unknown = [c for c in keep if c not in cases]
    if unknown:
        raise ValueError(f"There is no {unknown[0]!r} column to keep; columns are: {columns}.")
    if id_column is None:
        id_column = next((c for c in cases.columns if str(c).endswith("_id")), None)
    out = pd.DataFrame(
        {
            "case": cases[id_column].to_numpy() if id_column else range(1, len(cases) + 1),
            "start": read_dates(cases[start], column=start).to_numpy(),
            "end": read_dates(cases[end], column=end).to_numpy(),
            **{c: cases[c].to_numpy() for c in keep},
        }
    )
    done = out["start"].notna() & out["end"].notna()
    backwards = done & (out["end"] < out["start"])
    if backwards.any():
        row = int(backwards.to_numpy().nonzero()[0][0])
        raise ValueError(f"Row {row + 2} (case {out['case'].iloc[row]!r}): {end} is before {start}.")
    out = out[done].copy()
    out["days"] = (out["end"] - out["start"]).dt.days.astype(int)
    out = out.sort_values(["start", "end"], kind="stable").reset_index(drop=True)
    out.attrs["open_cases"] = int((~done).sum())
    out.attrs["start"], out.attrs["end"] = start, end
    return out


def capability_reading(chart: XmR, what: str = "case", unit: str = "days") -> str:
    """What an end-to-end chart says about capability, in plain words, honest about predictability.

    A range can be read from the natural process limits only when no point shows a signal: an
    unpredictable system has no capability to state, and the way on is to study what made the
    signals, not to quote the limits.

    >>> print(capability_reading(xmr([5, 6, 5, 7, 6, 5, 6, 7, 6, 5], floor=0)))  # doctest: +NORMALIZE_WHITESPACE
    No signals in 10 cases: the system is predictable. A case starting today could take anything from 3 to 9 days:
    that is the service's capability as people live it, until the system changes. Predictable is not the same as good.
    >>> print(capability_reading(xmr([5, 6, 5, 7, 6, 5, 6, 7, 6, 40], baseline=9, floor=0)))  # doctest: +ELLIPSIS
    1 of 10 cases shows a signal (1 above the upper limit): this system is not predictable, ...
    """
    data = chart.data
    n = len(data)
    if chart.predictable:
        return (f"No signals in {n:,} {what}s: the system is predictable. A {what} starting today could take anything "
                f"from {chart.lower:,.0f} to {chart.upper:,.0f} {unit}: that is the service's capability as people live "
                "it, until the system changes. Predictable is not the same as good.")
    signals = int(data["signal"].sum())
    above = int((data["outside"] & (data["value"] > chart.upper)).sum())
    below = int((data["outside"] & (data["value"] < chart.lower)).sum())
    where = ", ".join(part for part in (f"{above:,} above the upper limit" if above else "",
                                        f"{below:,} below the lower limit" if below else "") if part)
    return (f"{signals:,} of {n:,} {what}s show{'s' if signals == 1 else ''} a signal{f' ({where})' if where else ''}: "
            f"this system is not predictable, so no range of {unit} can be read from it as its capability, and nobody "
            f"can tell a person whose {what} starts today how long it will take. The limits only help find the signals. "
            f"Study those {what}s first: what made them different, and what in the system caused it? When those causes "
            "are understood and removed, the chart will show what the service can do.")


def failure_per_value(demands, types: "pd.DataFrame | None" = None, value_types: Sequence[str] | None = None) -> "pd.DataFrame":
    """Failure demand per value demand, by failure type (how many chases per repair booked).

    ``demands``: a Study or a demands frame. ``types``: a types table (``name``,
    ``arises_from`` or ``failed_where``; a Study brings its own). ``value_types``: the value
    types to count per (default all value demand), e.g. ``["Book a repair"]``. One row per
    failure type, largest first; ``attrs["value_demands"]`` is the denominator.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"classification": ["value", "value", "failure", "failure", "failure"],
    ...                       "demand_type": ["Book a repair", "Book a repair", "Chasing", "Chasing", "Wrong part"]})
    >>> failure_per_value(frame)[["failure_type", "failure_demands", "per_value_demand"]].values.tolist()
    [['Chasing', 2, 1.0], ['Wrong part', 1, 0.5]]
    """
    import pandas as pd

    if types is None and hasattr(demands, "types") and callable(demands.types):
        types = demands.types()
    frame = _demands_frame(demands)
    classes = _classes(frame)
    kinds = frame["demand_type"] if "demand_type" in frame else pd.Series(None, index=frame.index, dtype=object)
    value_mask = (classes == "value").to_numpy()
    if value_types is not None:
        known = set(kinds[value_mask].dropna())
        unknown = [t for t in value_types if t not in known]
        if unknown:
            raise ValueError(f"No value demand has the type(s) {unknown}. Value types are: {', '.join(sorted(map(str, known)))}.")
        value_mask = value_mask & kinds.isin(list(value_types)).to_numpy()
    value_n = int(value_mask.sum())
    failure = pd.DataFrame({"failure_type": kinds[(classes == "failure").to_numpy()].fillna("(no type yet)")})
    out = failure.groupby("failure_type").size().rename("failure_demands").reset_index()
    arises = {}
    if types is not None and len(types) and "name" in types:
        column = "arises_from" if "arises_from" in types else ("failed_where" if "failed_where" in types else None)
        if column:
            arises = dict(zip(types["name"], types[column]))
    said = [arises.get(t) for t in out["failure_type"]]  # (a missing text in a frame is NaN, which is truthy)
    out.insert(1, "arises_from", [a if isinstance(a, str) and a.strip() else "not yet said" for a in said])
    out["per_value_demand"] = out["failure_demands"] / value_n if value_n else float("nan")
    out = out.sort_values(["failure_demands", "failure_type"], ascending=[False, True], kind="stable").reset_index(drop=True)
    out.attrs.update(value_demands=value_n, value_types=list(value_types) if value_types is not None else None)
    return out


def failure_per_value_by_origin(table: "pd.DataFrame") -> "pd.DataFrame":
    """``failure_per_value``'s table summed by what the failure arises from.

    >>> import pandas as pd
    >>> table = pd.DataFrame({"failure_type": ["Chasing", "Wrong part", "Came back"],
    ...                       "arises_from": ["appointment slots", "contractor", "contractor"],
    ...                       "failure_demands": [6, 3, 1], "per_value_demand": [0.3, 0.15, 0.05]})
    >>> failure_per_value_by_origin(table).values.tolist()
    [['appointment slots', 6, 0.3], ['contractor', 4, 0.2]]
    """
    out = table.groupby("arises_from", sort=False)[["failure_demands", "per_value_demand"]].sum().reset_index()
    out = out.sort_values("failure_demands", ascending=False, kind="stable").reset_index(drop=True)
    out.attrs.update(table.attrs)
    return out
