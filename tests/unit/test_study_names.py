"""A study is found by the name the team gave it, and the studies folder lists the team's own
studies: a second study is never invited by a name typed differently."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

import helpers
from helpers import Study, StudyError


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path))
    return tmp_path


def test_a_study_opens_by_its_name_or_its_file_name(folder):
    Study.create("repairs-line-spring", name="Repairs line, spring", service="Repairs").close()
    for given in ("Repairs line, spring", "  repairs LINE,   spring ", "repairs-line-spring",
                  "repairs-line-spring.study", folder / "repairs-line-spring.study"):
        with Study.open(given, readonly=True) as study:
            assert study.path == folder / "repairs-line-spring.study" and study.info["name"] == "Repairs line, spring"


def test_no_match_lists_the_studies_there_and_invites_no_second_one(folder):
    Study.create("repairs-line-spring", name="Repairs line, spring").close()
    Study.create("benefits", name="Benefits front door").close()
    with pytest.raises(StudyError) as caught:
        Study.open("Repairs line, autumn")
    message = str(caught.value)
    assert "'Repairs line, spring' (repairs-line-spring.study)" in message
    assert "'Benefits front door' (benefits.study)" in message
    assert "create" not in message.lower()
    assert sorted(p.name for p in folder.iterdir()) == ["benefits.study", "repairs-line-spring.study"]


def test_two_studies_of_one_name_are_told_apart_by_file(folder):
    Study.create("spring", name="Repairs").close()
    Study.create("spring-copy", name="repairs").close()
    with pytest.raises(StudyError, match="Several studies are called 'Repairs': spring-copy.study, spring.study"):
        Study.open("Repairs")


def test_list_studies_shows_the_teams_studies_read_only(folder):
    with Study.create("repairs", name="Repairs line", service="Housing repairs") as study:
        study.record("leak")
        study.record("chasing")
        study.void(2, reason="typed twice")
    Study.create("practice-a", name="Practice", practice=True).close()
    Study.create("practice", name="Practice capture").close()  # the capture app's own, from before the flag
    Study.create("empty", name="Benefits").close()
    (folder / "notes.study").write_text("not a study")
    writing = Study.open("repairs")
    writing._clock = "2030-01-02T09:00:00"  # later than the others were made
    writing.record("one more, still in the -wal")
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if not p.name.endswith("-shm")}
    studies = helpers.list_studies()
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in folder.iterdir() if not p.name.endswith("-shm")}
    assert before == after
    assert list(studies.columns) == ["name", "path", "service", "demands", "changed", "problem"]
    assert studies["name"].tolist()[:2] == ["Repairs line", "Benefits"]  # the latest changed first
    repairs = studies.iloc[0]
    assert (repairs["service"], repairs["demands"], Path(repairs["path"]).name) == ("Housing repairs", 2, "repairs.study")
    assert repairs["changed"] == writing.events()["at"].iloc[-1]
    assert "Practice" not in studies["name"].tolist() and "Practice capture" not in studies["name"].tolist()
    unreadable = studies[studies["problem"].notna()]
    assert unreadable["name"].tolist() == ["notes"] and "not a study" in unreadable["problem"].iloc[0]
    writing.close()
    assert Study.open("practice-a", readonly=True).info["practice"] is True
    assert os.path.exists(folder / "practice.study")
