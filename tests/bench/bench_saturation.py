"""saturation() on 100,000 demands against reading the same 100,000 rows with read_csv."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.bench import benchmark, interleaved


def _demands(rows: int):
    """A long study: 120 types with a long tail, over 20 working days, with verbatims."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)
    weights = 1 / np.arange(1, 121) ** 1.1
    kinds = np.array([f"Demand type {i}" for i in range(120)], dtype=object)
    days = pd.bdate_range("2026-03-02", periods=20)
    when = days[np.sort(rng.integers(0, 20, rows))] + pd.to_timedelta(rng.integers(8 * 60, 18 * 60, rows), unit="min")
    return pd.DataFrame({
        "id": np.arange(1, rows + 1),
        "received_at": when,
        "channel": rng.choice(["phone", "email", "face to face"], rows),
        "verbatim": rng.choice(["You said you'd be here this morning and it's gone twelve",
                                "There's water coming through my ceiling",
                                "I've moved house and need to change my council tax"], rows),
        "classification": rng.choice(["value", "failure"], rows),
        "demand_type": kinds[rng.choice(120, rows, p=weights / weights.sum())],
    })


@benchmark("saturation on 100,000 demands (days as units) vs read_csv of the same rows", goal=0.5)
def saturation_100k(quick: bool):
    import pandas as pd

    from helpers.analysis.saturation import saturation

    rows = 2_000 if quick else 100_000
    folder = Path(tempfile.mkdtemp(prefix="bench-saturation-"))
    try:
        frame = _demands(rows)
        path = folder / "demands.csv"
        frame.to_csv(path, index=False)
        types, days = frame["demand_type"], frame["received_at"].dt.date
        repeat = 3 if quick else 9

        def baseline():
            pd.read_csv(path)

        def ours():
            report = saturation(types, units=days)
            report.demands_needed(0.99)

        return interleaved(ours, baseline, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
