"""What a study leaves on disk, tried as an attacker would: read the raw bytes.

- ``erase_personal_data`` leaves no trace of a caller's details in the API, in the
  ``.study`` file or beside it, and undo cannot bring them back;
- a create killed half-way leaves nothing for the next person who opens the folder;
- a read-only open changes neither the study file nor its write-ahead log.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from helpers import Study, StudyError

# One distinctive phone number and email for each place a caller's details can hide.
PLANTED = {
    place: (f"07700 900{100 + i}", f"{place.replace('_', '.')}@example.org")
    for i, place in enumerate([
        "verbatim", "notes", "what_matters", "contact_from", "person_id", "contact_id",
        "corrected_words", "correct_reason", "reclassify_reason", "void_reason",
        "imported_words", "imported_notes", "imported_person", "extra_column", "imported_void",
    ])
}
KEPT = ("07700 900999", "bystander@example.org")  # another caller's, not erased: must stay


def said(place: str) -> str:
    phone, email = PLANTED[place]
    return f"ring {phone} or write to {email}"


def _leaks(data: bytes) -> list[str]:
    """The planted strings found in ``data``, as UTF-8 or UTF-16 (either byte order)."""
    found = []
    for place, strings in PLANTED.items():
        for text in strings:
            if any(text.encode(codec) in data for codec in ("utf-8", "utf-16-le", "utf-16-be")):
                found.append(f"{place}: {text}")
    return found


def _files_leak(folder: Path) -> dict[str, list[str]]:
    """Every file in the folder (the study, its -wal and -shm...) that holds a planted string."""
    return {p.name: leaks for p in folder.iterdir() if p.is_file() and (leaks := _leaks(p.read_bytes()))}


def _shown(study: Study) -> str:
    """All a person can read of the study, as one text."""
    frames = [study.demands(include_voided=True), study.events()]
    return "\n".join(json.dumps(f.astype(str).to_dict("records"), ensure_ascii=False) for f in frames) + str(
        study.records()) + str(study.changes_since())


def _plant(study: Study) -> tuple[int, int, int]:
    """Two callers' details in every field and event a demand can have, and a third caller's kept."""
    study.user = "Asha"
    recorded = study.record(said("verbatim"), classification="failure", demand_type="Chasing a visit",
                            channel="phone", contact_id=said("contact_id"), person_id=said("person_id"),
                            contact_from=said("contact_from"), what_matters=said("what_matters"),
                            notes=said("notes"), source_id="D01-AS-001")
    study.reclassify(recorded, classification="value", reason=said("reclassify_reason"), by="Ben")
    study.void(recorded, reason=said("void_reason"), by="Ben")
    frame = pd.DataFrame({
        "verbatim": [said("imported_words"), f"my number is {KEPT[0]}, email {KEPT[1]}"],
        "notes": [said("imported_notes"), "kept"], "person_id": [said("imported_person"), KEPT[1]],
        "classification": ["F", "V"], "Caller phone": [said("extra_column"), KEPT[0]],
    })
    imported, kept = study.import_demands(frame, by="Ben")
    study.void(imported, reason=said("imported_void"), by="Ben")
    # Cara's last action is a correction: after the erasure her undo must not restore the words
    study.correct(recorded, verbatim=said("corrected_words"), reason=said("correct_reason"), by="Cara")
    return recorded, imported, kept


def test_erasure_leaves_nothing_in_the_api_or_the_files(tmp_path):
    path = tmp_path / "repairs.study"
    study = Study.create(path, name="Repairs", team={"Asha": "call handler", "Ben": "team leader"})
    study.import_demands(pd.DataFrame({"verbatim": [f"filler demand {i} " * 20 for i in range(400)]}), by="Asha")
    recorded, imported, kept = _plant(study)
    study.close()  # the words reach the study file itself, not only its -wal
    study = Study.open(path)
    study.record(f"a later demand that moves pages about {'x' * 3000}", captured_by="Asha")
    other_kernel = Study.open(path)  # someone else has the study open, idle
    assert _files_leak(tmp_path)  # the attack is real: the words were on disk
    before = {d.id: d for d in study.records()}

    study.erase_personal_data(recorded, reason="the caller asked", by="Ben")
    study.erase_personal_data(imported, reason="the caller asked", by="Ben")

    # in the API: nothing, in the demands, the log, or what changed
    for reader in (study, other_kernel):
        assert _leaks(_shown(reader).encode()) == []
    every = study.demands(include_voided=True).set_index("id")
    for demand in (recorded, imported):
        row = every.loc[demand]
        assert row["verbatim"] == "" and row["notes"] == "" and row["person_id"] == ""
        assert row["void_reason"] == "" and bool(row["voided"])
    assert every.loc[imported, "Caller phone"] == ""
    assert every.loc[recorded, "what_matters"] == every.loc[recorded, "contact_from"] == every.loc[recorded, "contact_id"] == ""
    # kept: who listened, the sample line, the counts, and every other demand as it was
    assert every.loc[recorded, "captured_by"] == "Asha" and every.loc[recorded, "source_id"] == "D01-AS-001"
    assert every.loc[recorded, "classification"] == "value" and every.loc[recorded, "demand_type"] == "Chasing a visit"
    assert every.loc[kept, "verbatim"] == f"my number is {KEPT[0]}, email {KEPT[1]}"
    assert every.loc[kept, "Caller phone"] == KEPT[0]
    assert {i: r for i, r in before.items() if i not in (recorded, imported)} == \
        {r.id: r for r in study.records() if r.id not in (recorded, imported)}

    # the audit record: who, when, why, for each erasure
    audit = study.events().query("action == 'erase_personal_data'")
    assert audit["target"].tolist() == [f"demand {recorded}", f"demand {imported}"]
    assert audit["by"].tolist() == ["Ben", "Ben"] and audit["at"].notna().all()
    assert [d["reason"] for d in audit["details"]] == ["the caller asked"] * 2
    assert "person_id" in audit["details"].iloc[0]["fields"]

    # undo of Cara's correction, made before the erasure, cannot bring the words back
    assert study.undo(by="Cara").startswith(f"Undid Cara's correction of demand {recorded}")
    assert study.demands(include_voided=True).set_index("id").loc[recorded, "verbatim"] == ""
    assert _leaks(_shown(study).encode()) == []

    # on disk: not in the study, its -wal or -shm, while both kernels have it open, nor after
    assert _files_leak(tmp_path) == {}
    assert KEPT[0].encode() in path.read_bytes()  # the rest of the study is still there
    other_kernel.close()
    study.close()
    assert _files_leak(tmp_path) == {}
    with Study.open(path) as again:  # still a study, ids as they were
        assert again.demands(include_voided=True)["id"].tolist() == sorted({*before, recorded, imported})


def test_erasure_clears_words_another_tool_freed_without_zeroing(tmp_path):
    """secure_delete is set on the study's own connections; a plain SQLite tool (DB Browser,
    a build without SQLITE_SECURE_DELETE) frees space without zeroing it. The erasure still
    leaves nothing, because it rewrites the file (VACUUM)."""
    path = tmp_path / "repairs.study"
    with Study.create(path, name="Repairs") as study:
        study.import_demands(pd.DataFrame({"verbatim": [f"filler {i} " * 30 for i in range(200)]}))
        demand = study.record("short", notes=said("notes") + " " + "n" * 5000)
    tool = sqlite3.connect(path)
    tool.execute("PRAGMA secure_delete = OFF")
    tool.execute("UPDATE demands SET notes = 'tidied by hand' WHERE id = ?", (demand,))
    tool.commit()
    tool.close()
    assert _files_leak(tmp_path)  # the freed pages still hold the words
    with Study.open(path) as study:
        study.erase_personal_data(demand, reason="the caller asked")
    assert _files_leak(tmp_path) == {}


def test_an_erasure_that_cannot_tidy_the_file_says_so(tmp_path, monkeypatch):
    """If the file cannot be tidied, the erasure still happened and the message says what to do."""
    path = tmp_path / "repairs.study"
    study = Study.create(path, name="Repairs")
    demand = study.record(said("verbatim"))
    real = study._con

    class Busy:  # the checkpoint reports a reader it could not wait out
        def __getattr__(self, name):
            return getattr(real, name)

        def execute(self, sql, *args):
            if "wal_checkpoint" in sql:
                return real.execute("SELECT 1, 0, 0")
            return real.execute(sql, *args)

    monkeypatch.setattr(study, "_con", Busy())
    with pytest.raises(StudyError, match=rf"erased from the study.*run erase_personal_data\({demand}\) again"):
        study.erase_personal_data(demand, reason="the caller asked")
    monkeypatch.undo()
    assert study.demands()["verbatim"].tolist() == [""]
    study.erase_personal_data(demand, reason="the caller asked")  # again, as the message says
    study.close()
    assert _files_leak(tmp_path) == {}


def test_scratch_and_replayed_erasure(tmp_path):
    scratch = Study.scratch()
    demand = scratch.record(said("verbatim"), person_id=said("person_id"))
    scratch.erase_personal_data(demand, reason="the caller asked")
    assert _leaks(_shown(scratch).encode()) == []
    steps = pd.DataFrame({"at": ["2026-03-02T09:00", "2026-03-02T09:05"], "by": ["Asha", "Ben"],
                          "action": ["record", "erase_personal_data"],
                          "args": [json.dumps({"verbatim": said("verbatim"), "notes": said("notes")}),
                                   json.dumps({"id": 1, "reason": "the caller asked"})]})
    replayed = Study.replay(steps, into=tmp_path / "replayed.study")
    assert _leaks(_shown(replayed).encode()) == []
    replayed.close()
    assert _files_leak(tmp_path) == {}


# ---------------------------------------------------------------- leftovers of a killed create
def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid  # finished and reaped: no process has this id now (barring reuse at once)


def _age(paths, seconds: float) -> None:
    for path in paths:
        os.utime(path, (time.time() - seconds, time.time() - seconds))


def _leftovers(folder: Path, pid: int, name: str = "repairs.study", age: float = 120) -> list[Path]:
    """A killed create's files, ``age`` seconds old (under a minute, one may be another machine's)."""
    made = [folder / f".{name}.{pid}.creating", folder / f".{name}.{pid}.creating-wal",
            folder / f".{name}.{pid}.creating-shm"]
    for path in made:
        path.write_bytes(b"the team: Asha, Ben")
    _age(made, age)
    return made


@pytest.mark.parametrize("how", ["create", "open"])
def test_a_killed_creates_leftovers_go_at_the_next_create_or_open(tmp_path, how):
    Study.create(tmp_path / "existing.study", name="Existing").close()
    dead = _leftovers(tmp_path, _dead_pid(), "gone.study")
    live = _leftovers(tmp_path, os.getpid(), "being-made.study")  # a create running right now
    young = _leftovers(tmp_path, _dead_pid(), "just-now.study", age=0)  # maybe another machine's
    stale = _leftovers(tmp_path, os.getpid(), "old.study", age=7200)  # that pid is not creating it now
    unrelated = tmp_path / "notes.creating.txt"
    unrelated.write_text("not ours")
    if how == "create":
        Study.create(tmp_path / "new.study", name="New").close()
    else:
        Study.open(tmp_path / "existing.study").close()
    assert not any(p.exists() for p in dead + stale)
    assert all(p.exists() for p in live + young) and unrelated.exists()


def test_a_create_killed_for_real_leaves_nothing_after_the_next_open(tmp_path):
    code = ("import os, sys\nfrom helpers.core import study as s\n"
            "real = s.Study._initialise\n"
            "def stop(self, **kw):\n    real(self, **kw)\n    os.kill(os.getpid(), 9)\n"
            "s.Study._initialise = stop\n"
            "s.Study.create(sys.argv[1], name='Repairs', team={'Asha': 'call handler'})\n")
    child = subprocess.run([sys.executable, "-c", code, str(tmp_path / "repairs.study")], capture_output=True)
    assert child.returncode == -9, child.stderr
    made = [p for p in tmp_path.iterdir() if ".creating" in p.name]
    assert made and b"Asha" in b"".join(p.read_bytes() for p in made)  # the attack is real
    _age(made, 120)
    Study.create(tmp_path / "other.study", name="Other").close()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.study"]


def test_a_readonly_open_clears_nothing(tmp_path):
    Study.create(tmp_path / "existing.study", name="Existing").close()
    dead = _leftovers(tmp_path, _dead_pid())
    Study.open(tmp_path / "existing.study", readonly=True).close()
    assert all(p.exists() for p in dead)


# ---------------------------------------------------------------- read-only opens
def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir() if p.is_file()}


def test_a_readonly_open_with_a_wal_changes_neither_the_study_nor_its_wal(tmp_path):
    """What Study.open(readonly=True) promises: the .study file and its -wal never change;
    only SQLite's -shm index (no data) may."""
    path = tmp_path / "repairs.study"
    writer = Study.create(path, name="Repairs")
    for i in range(30):
        writer.record(f"demand {i}")
    wal = Path(f"{path}-wal")
    assert wal.stat().st_size > 0  # unflushed demands live in the -wal
    before = _hashes(tmp_path)
    with Study.open(path, readonly=True) as reader:
        assert len(reader.demands()) == 30 and len(reader.events()) == 31
    after = _hashes(tmp_path)
    assert after[path.name] == before[path.name] and after[wal.name] == before[wal.name]
    assert set(after) == set(before)
    writer.close()


def test_a_readonly_open_after_a_killed_kernel_reads_its_wal_and_keeps_it(tmp_path):
    path = tmp_path / "repairs.study"
    Study.create(path, name="Repairs").close()
    code = ("import os, sys\nfrom helpers import Study\ns = Study.open(sys.argv[1])\n"
            "for i in range(5): s.record(f'demand {i}')\nos.kill(os.getpid(), 9)\n")
    subprocess.run([sys.executable, "-c", code, str(path)])
    wal = Path(f"{path}-wal")
    Path(f"{path}-shm").unlink()  # even without its index
    before = _hashes(tmp_path)
    with Study.open(path, readonly=True) as reader:
        assert len(reader.demands()) == 5  # the demands only the -wal holds are read
    after = _hashes(tmp_path)
    assert after[path.name] == before[path.name] and after[wal.name] == before[wal.name]
    assert set(after) - set(before) <= {f"{path.name}-shm"}
