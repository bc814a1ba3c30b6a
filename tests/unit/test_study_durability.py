"""Nothing a team records is ever lost: a killed kernel and two people writing at once.

Each test runs real child Python processes against one study file, as two kernels on a
room server would.
"""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path


from helpers import Study

RECORDER = """
import sys
from helpers import Study
study = Study.open(sys.argv[1])
study.user = sys.argv[2]
count = int(sys.argv[3])
go = sys.argv[4] if len(sys.argv) > 4 else None
if go:
    import os, time
    print("ready", flush=True)
    while not os.path.exists(go):
        time.sleep(0.005)
i = 0
while count == 0 or i < count:
    i += 1
    new_id = study.record(f"{sys.argv[2]} demand {i}", classification="failure" if i % 3 else "value",
                          demand_type=f"type {i % 7}", channel="phone")
    print(new_id, flush=True)  # only once record() has returned
study.close()
"""


def _child(path: Path, who: str, count: int, go: Path | None = None) -> subprocess.Popen:
    args = [sys.executable, "-c", RECORDER, str(path), who, str(count)] + ([str(go)] if go else [])
    return subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})


def test_a_killed_kernel_loses_nothing_it_was_told_was_saved(tmp_path):
    path = tmp_path / "crash.study"
    Study.create(path, name="Crash test").close()
    rng = random.Random(20261127)
    told: list[int] = []
    for _ in range(4):
        child = _child(path, "Asha", 0)
        # wait for the first saved id, then let it run a random while and kill it mid-stride
        first = child.stdout.readline()
        assert first.strip().isdigit(), child.stderr.read()
        told.append(int(first))
        time.sleep(rng.uniform(0.05, 0.6))
        child.send_signal(signal.SIGKILL)
        rest, _ = child.communicate()
        lines = rest.split("\n")
        # the last piece may be half a line, cut by the kill: only whole lines were "told"
        told.extend(int(line) for line in lines[:-1] if line.strip())
        assert child.returncode == -signal.SIGKILL
        # the file opens cleanly after each kill, and holds everything announced so far
        study = Study.open(path)
        ids = set(study.demands()["id"])
        assert set(told) <= ids
        study.close()
    assert len(told) > 20  # the children really did record between kills
    with Study.open(path, readonly=True) as study:
        demands = study.demands()
        assert set(told) <= set(demands["id"])
        events = study.events()
        recorded = events[events["action"] == "record"]["target"].str.removeprefix("demand ").astype(int)
        assert set(recorded) == set(demands["id"])  # a demand and its event are never split
    import sqlite3

    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_two_writers_at_once_lose_nothing(tmp_path):
    path = tmp_path / "shared.study"
    Study.create(path, name="Room server").close()
    go = tmp_path / "go"
    children = [_child(path, who, 500, go) for who in ("Asha", "Ben")]
    for child in children:
        assert child.stdout.readline().strip() == "ready", child.stderr.read()
    go.touch()  # both start together
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs):
        assert child.returncode == 0, err
    ids = {who: [int(x) for x in out.split()] for who, (out, _) in zip(("Asha", "Ben"), outputs)}
    assert len(ids["Asha"]) == len(ids["Ben"]) == 500
    assert not set(ids["Asha"]) & set(ids["Ben"])
    with Study.open(path, readonly=True) as study:
        demands = study.demands()
        assert len(demands) == 1000
        assert demands["captured_by"].value_counts().to_dict() == {"Asha": 500, "Ben": 500}
        for who in ("Asha", "Ben"):
            mine = demands[demands["captured_by"] == who]
            assert mine["id"].tolist() == ids[who]
            assert mine["verbatim"].tolist() == [f"{who} demand {i}" for i in range(1, 501)]
        events = study.events()
        records = events[events["action"] == "record"]
        assert len(records) == 1000
        assert records["by"].value_counts().to_dict() == {"Asha": 500, "Ben": 500}
        targets = records["target"].str.removeprefix("demand ").astype(int)
        assert sorted(targets) == sorted(demands["id"])
        by_target = dict(zip(targets, records["by"]))
        assert all(by_target[i] == who for i, who in zip(demands["id"], demands["captured_by"]))
        assert set(study.types()["name"]) == {f"type {i}" for i in range(7)}
        assert study.types()["uses"].sum() == 1000
