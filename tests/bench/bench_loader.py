"""load_demands against the least pandas alone would do: read_csv plus day-first to_datetime."""
from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from tests.bench import benchmark, interleaved


def _day_first_csv(folder: Path, rows: int) -> Path:
    """A typed-up capture sheet: day-first dates, the customer's words, V/F, type, ids as text."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(2026)
    day, month = rng.integers(1, 29, rows), rng.integers(1, 13, rows)
    hour, minute = rng.integers(8, 18, rows), rng.integers(0, 60, rows)
    words = np.array(["I rang last week about my missed bin and nobody came, it's the third time",
                      "Can I get a new recycling box please?",
                      "Why was I charged twice for my council tax this month?",
                      "I'm chasing the repair you booked for Tuesday, still waiting",
                      "My neighbour's hedge is blocking the pavement"])
    frame = pd.DataFrame({
        "Ref": [f"{i:06d}" for i in range(rows)],
        "Date": [f"{d:02d}/{m:02d}/2026 {h:02d}:{mi:02d}" for d, m, h, mi in zip(day, month, hour, minute)],
        "Channel": rng.choice(["phone", "email", "face to face"], rows),
        "What they said": rng.choice(words, rows),
        "V/F": rng.choice(["V", "F", "value", "Failure demand", "?"], rows),
        "Type": rng.choice(["missed bin", "new bin", "council tax query", "repair chase"], rows),
        "Who listened": rng.choice(["Ann", "Bo", "Cy"], rows),
        "Notes": rng.choice(["", "", "called back", "£20 refund"], rows),
    })
    path = folder / "capture.csv"
    frame.to_csv(path, index=False)
    return path


@benchmark("load_demands 100,000-row day-first CSV vs read_csv + to_datetime", goal=2.0)
def load_day_first_csv(quick: bool):
    import pandas as pd

    from helpers.core.loader import load_demands

    folder = Path(tempfile.mkdtemp(prefix="bench-loader-"))
    try:
        path = _day_first_csv(folder, 2_000 if quick else 100_000)
        repeat = 2 if quick else 7

        def baseline():
            frame = pd.read_csv(path)
            frame["Date"] = pd.to_datetime(frame["Date"], format="%d/%m/%Y %H:%M")

        def ours():
            load_demands(path)

        return interleaved(ours, baseline, repeat)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
