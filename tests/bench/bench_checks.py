"""check_study on a big study against reading the same rows with pandas, and the live
refresh (Monitor.refresh after one more record) against a full check of the same study."""
from __future__ import annotations

import tempfile
import time
from pathlib import Path

from tests.bench import benchmark, timings


def _frame(n: int):
    """n demands in the shape of the repairs study: its words, types and listeners, every
    verbatim made unique so no cache can help."""
    import pandas as pd

    from helpers.core import datasets

    source = pd.read_csv(datasets.path("repairs_demands.csv"), dtype=str)
    source = source[source["verbatim"].notna()].reset_index(drop=True)
    pick = [i % len(source) for i in range(n)]
    frame = source.iloc[pick].reset_index(drop=True)
    frame["verbatim"] = [f"{text} #{i}" for i, text in enumerate(frame["verbatim"])]
    days = pd.date_range("2026-03-02 08:00", periods=n, freq=f"{max(1, 20 * 24 * 3600 // n)}s")
    frame["received_at"] = days.strftime("%Y-%m-%dT%H:%M:%S")
    frame["id"] = [str(i) for i in range(1, n + 1)]
    frame["source_id"] = [f"S{i}" for i in range(1, n + 1)]
    return frame


def _study(folder: Path, n: int):
    from helpers import Study

    study = Study.create(folder / "bench.study", name="Bench", team={"Sandra Okafor": "Head of Repairs"})
    study.user = "Sandra Okafor"
    frame = _frame(n)
    study.import_demands(frame)
    study.add_briefing("Not monitoring you", by="Sandra Okafor")
    csv = folder / "same_rows.csv"
    frame.to_csv(csv, index=False)
    return study, csv


@benchmark("check_study (100,000 demands) vs pandas.read_csv of the same rows", goal=10.0)
def full_check(quick: bool):
    import pandas as pd

    from helpers.analysis import _rules
    from helpers.analysis.checks import check_study

    n = 10_000 if quick else 100_000
    repeat = 3 if quick else 5
    with tempfile.TemporaryDirectory() as folder:
        study, csv = _study(Path(folder), n)
        ours, base = [], []
        for _ in range(repeat):  # interleaved, so both meet the same machine state
            # cold: the words of every demand are read afresh, as in a new kernel
            ours += timings(lambda: check_study(study), 1, setup=_rules._CACHE.clear)
            base += timings(lambda: pd.read_csv(csv), 1)
        study.close()
    return ours, base


@benchmark("Monitor.refresh after one more record (10,000 demands) vs a full check_study", goal=0.1)
def live_refresh(quick: bool):
    from helpers.analysis.checks import Monitor, check_study

    n = 2_000 if quick else 10_000
    repeat = 20 if quick else 50
    with tempfile.TemporaryDirectory() as folder:
        study, _ = _study(Path(folder), n)
        monitor = Monitor(study)
        monitor.refresh()
        ours, base = [], []
        for i in range(repeat):
            study.record(f"is the plumber still coming? it's gone twelve ({i})", classification="failure",
                         demand_type="Is someone still coming today?", channel="phone")
            start = time.perf_counter()
            monitor.refresh()
            ours.append(time.perf_counter() - start)
            if i % 10 == 0:
                base += timings(lambda: check_study(study), 1)
        assert monitor.findings == check_study(study)
        study.close()
    return ours, base
