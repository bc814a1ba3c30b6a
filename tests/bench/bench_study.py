"""Study.record against the least a durable write can cost: a bare SQLite insert and commit."""
from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path

from tests.bench import benchmark


@benchmark("Study.record (10,000 demands held) vs bare sqlite3 insert+commit, WAL, FULL",
           goal=2.0, stats=("median", "p99"))
def record(quick: bool):
    import pandas as pd

    from helpers import Study

    held = 1_000 if quick else 10_000
    repeat = 100 if quick else 1_000
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        study = Study.create(folder / "bench.study", name="Bench")
        study.user = "Asha"
        study.import_demands(pd.DataFrame({
            "verbatim": [f"Is the plumber still coming? ({i})" for i in range(held)],
            "classification": ["failure" if i % 3 else "value" for i in range(held)],
            "demand_type": [f"type {i % 40}" for i in range(held)],
            "channel": "phone",
        }))

        bare = sqlite3.connect(folder / "bare.db", isolation_level=None)
        bare.execute("PRAGMA journal_mode = WAL")
        bare.execute("PRAGMA synchronous = FULL")
        bare.execute("CREATE TABLE demands (id INTEGER PRIMARY KEY, recorded_at TEXT, verbatim TEXT,"
                     " classification TEXT, demand_type TEXT, channel TEXT)")
        bare.execute("BEGIN")
        bare.executemany("INSERT INTO demands(recorded_at, verbatim, classification, demand_type, channel)"
                         " VALUES ('2026-03-02T09:00:00', ?, 'failure', 'type 1', 'phone')",
                         [(f"demand {i}",) for i in range(held)])
        bare.execute("COMMIT")

        import time

        ours, base = [], []
        for i in range(repeat):  # interleaved, so both meet the same disk
            start = time.perf_counter()
            study.record(f"Where is my repair? ({i})", classification="failure",
                         demand_type=f"type {i % 40}", channel="phone")
            ours.append(time.perf_counter() - start)
            start = time.perf_counter()
            bare.execute("BEGIN")
            bare.execute("INSERT INTO demands(recorded_at, verbatim, classification, demand_type, channel)"
                         " VALUES ('2026-03-02T09:00:00', ?, 'failure', 'type 1', 'phone')", (f"demand {i}",))
            bare.execute("COMMIT")
            base.append(time.perf_counter() - start)
        study.close()
        bare.close()
    return ours, base
