"""People-centred views on a year of contacts against the least pandas alone would do."""
from __future__ import annotations

from tests.bench import benchmark, timings


def _front_door(rows: int):
    """A year of front-door contacts: about three contacts per person, some coming back."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)
    people = rng.integers(0, max(rows // 3, 1), rows)
    return pd.DataFrame({
        "person_id": [f"A{p:06d}" for p in people],
        "received_at": pd.Timestamp("2025-04-01") + pd.to_timedelta(rng.integers(0, 365 * 24 * 60, rows), unit="min"),
        "contact_from": rng.choice(["self", "family", "GP", "hospital", "police", "other professional"], rows),
        "classification": rng.choice(["value", "failure", "unsure"], rows),
    })


def _assessments(rows: int):
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)
    first = pd.Timestamp("2024-04-01") + pd.to_timedelta(rng.integers(0, 365, rows), unit="D")
    allocated = first + pd.to_timedelta(rng.integers(0, 90, rows), unit="D")
    done = allocated + pd.to_timedelta(rng.integers(1, 60, rows), unit="D")
    return pd.DataFrame({"case_id": [f"CA{i:06d}" for i in range(rows)],
                         "first_contact_on": first.strftime("%Y-%m-%d"), "allocated_on": allocated.strftime("%Y-%m-%d"),
                         "completed_on": done.strftime("%Y-%m-%d"),
                         "closed_and_reopened": rng.choice(["true", "false"], rows)})


@benchmark("people.re_presentations, 100,000 contacts vs a bare groupby", goal=3.0)
def re_presentations(quick: bool):
    from helpers.teaching import people

    door = _front_door(5_000 if quick else 100_000)

    def baseline():
        ordered = door.sort_values(["person_id", "received_at"])
        grouped = ordered.groupby("person_id")
        grouped["received_at"].agg(["min", "max", "size"])
        grouped["contact_from"].agg(" then ".join)

    repeat = 2 if quick else 5
    return timings(lambda: people.re_presentations(door), repeat), timings(baseline, repeat)


@benchmark("targets.target_view, 100,000 cases vs to_datetime + subtraction", goal=3.0)
def target_view(quick: bool):
    import pandas as pd

    from helpers.teaching import targets

    cases = _assessments(5_000 if quick else 100_000)

    def baseline():
        dates = {c: pd.to_datetime(cases[c], format="ISO8601") for c in ("first_contact_on", "allocated_on", "completed_on")}
        (dates["completed_on"] - dates["allocated_on"]).dt.days
        (dates["completed_on"] - dates["first_contact_on"]).dt.days
        cases["closed_and_reopened"].str.lower().eq("true")

    repeat = 2 if quick else 5
    return timings(lambda: targets.target_view(cases), repeat), timings(baseline, repeat)
