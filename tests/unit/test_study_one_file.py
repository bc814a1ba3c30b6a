"""A study is one file: after a close, a kernel's normal stop, or a backup, the ``.study`` file
alone (copied without its ``-wal``) holds every record.

Measured before these guarantees: a record writes about nine pages (~37 KB) to the -wal, so
SQLite's own checkpoint (at 1,000 pages) folded the log into the file only every ~130
demands; a kernel holding a study in a thread stopped with all of a day's work in the -wal.
"""
from __future__ import annotations

import gc
import shutil
import sqlite3
import subprocess
import sys
import time
import weakref
from pathlib import Path

import pytest

from helpers import Study, StudyError
from helpers.core import study as study_module


def copy_alone(path: Path, folder: Path) -> Path:
    """Copy the ``.study`` file only, as a person copying it to a memory stick would."""
    folder.mkdir(exist_ok=True)
    return Path(shutil.copy(path, folder / path.name))


def held(path: Path) -> int:
    with Study.open(path, readonly=True) as study:
        return len(study.demands())


def test_a_closed_study_is_one_file(tmp_path):
    path = tmp_path / "repairs.study"
    study = Study.create(path, name="Repairs")
    for i in range(40):
        study.record(f"demand {i}", classification="F", demand_type=f"type {i % 5}")
    study.close()
    assert not Path(f"{path}-wal").exists() or Path(f"{path}-wal").stat().st_size == 0
    copy = copy_alone(path, tmp_path / "stick")
    with Study.open(copy, readonly=True) as again:
        assert again.demands()["verbatim"].tolist() == [f"demand {i}" for i in range(40)]
        assert again.events()["action"].tolist() == ["create"] + ["record"] * 40


def test_an_open_study_is_folded_into_its_file_soon_after_a_save(tmp_path, monkeypatch):
    monkeypatch.setattr(study_module, "FOLD_AFTER", 0.2)
    path = tmp_path / "repairs.study"
    study = Study.create(path, name="Repairs")
    for i in range(5):
        study.record(f"demand {i}")
    assert held(copy_alone(path, tmp_path / "at-once")) == 0  # still in the -wal
    time.sleep(1.0)
    assert held(copy_alone(path, tmp_path / "later")) == 5
    study.record("one more")
    time.sleep(1.0)
    assert held(copy_alone(path, tmp_path / "later still")) == 6
    study.close()


STOPS_WITHOUT_CLOSE = """
import sys, threading
from helpers import Study
study = Study.create(sys.argv[1], name="Repairs")
for i in range(25):
    study.record(f"demand {i}", classification="F")
# A kernel's widgets and threads keep a study alive to the end, so it is never closed by
# Python's tidying up: only the stop hook folds it into the file.
threading.Thread(target=lambda kept=study: threading.Event().wait(), daemon=True).start()
"""


def test_a_kernel_that_stops_normally_leaves_one_file(tmp_path):
    path = tmp_path / "repairs.study"
    subprocess.run([sys.executable, "-c", STOPS_WITHOUT_CLOSE, str(path)], check=True, timeout=60)
    copy = copy_alone(path, tmp_path / "stick")
    assert held(copy) == 25


def test_the_stop_hook_closes_open_studies_and_keeps_none_alive(tmp_path):
    study = Study.create(tmp_path / "repairs.study", name="Repairs")
    study.record("leak")
    assert study in study_module._OPEN
    study_module._close_all()
    assert study not in study_module._OPEN and repr(study).startswith("<Study (closed)")
    other = Study.create(tmp_path / "other.study", name="Other")
    other.record("leak")
    ref = weakref.ref(other)
    del other
    gc.collect()
    assert ref() is None


def test_a_backup_is_one_whole_file(tmp_path):
    study = Study.create(tmp_path / "repairs.study", name="Repairs")
    for i in range(10):
        study.record(f"demand {i}")
    target = tmp_path / "backups" / "repairs-monday.study"
    assert study.backup(target) == target
    assert sorted(p.name for p in target.parent.iterdir()) == ["repairs-monday.study"]  # no -wal, no leftovers
    assert held(copy_alone(target, tmp_path / "stick")) == 10
    with pytest.raises(StudyError, match="already a file"):
        study.backup(target)
    study.record("after the backup")
    study.backup(target, overwrite=True)
    assert held(target) == 11
    with pytest.raises(StudyError, match="own file"):
        study.backup(tmp_path / "repairs.study", overwrite=True)
    study.close()


WRITER = """
import sys
from helpers import Study
study = Study.open(sys.argv[1])
print("ready", flush=True)
for i in range(int(sys.argv[2])):
    study.record(f"demand {i}", classification="F", demand_type=f"type {i % 7}")
study.close()
"""


def test_a_backup_while_another_kernel_writes_is_consistent(tmp_path):
    path = tmp_path / "repairs.study"
    Study.create(path, name="Repairs").close()
    ours = Study.open(path)  # the team's own kernel, backing up while another records
    writer = subprocess.Popen([sys.executable, "-c", WRITER, str(path), "400"], stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline().strip() == "ready"
        counts = []
        for n in range(6):
            copy = ours.backup(tmp_path / "backups" / f"copy{n}.study")
            con = sqlite3.connect(f"file:{copy}?mode=ro", uri=True)
            assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            demands = con.execute("SELECT count(*), coalesce(max(id), 0) FROM demands").fetchone()
            logged = con.execute("SELECT count(*) FROM events WHERE action='record'").fetchone()[0]
            con.close()
            assert demands[0] == demands[1] == logged  # every record with its event, none half-way
            counts.append(demands[0])
            time.sleep(0.05)
    finally:
        assert writer.wait(timeout=120) == 0
        ours.close()
    assert counts == sorted(counts) and counts[0] < counts[-1], counts  # the copies were taken mid-writing
    assert held(path) == 400
