"""The study keeps its file to itself: everything else reads it through its public methods.

Read from the source with ``ast``: only the study's own modules (``core/study.py``, the
modules split out of it and ``core/schema.py``) hold its connection or lock, import sqlite3
or run SQL. And the checks, which used to read the file directly, still find what they found
then on a study built with the public API, whether run whole or kept up to date live.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pandas as pd
import pytest

from helpers import Study
from helpers.analysis.checks import Monitor, check_study
from helpers.core import _log

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "helpers"
STUDY_OWN = {"core/study.py", "core/schema.py", "core/_log.py", "core/_read.py", "core/_undo.py",
             "core/_replay.py", "core/_export.py", "core/_merge.py"}
PRIVATE = {"_con", "_lock"}
SQL_CALLS = {"execute", "executemany", "executescript"}


def trespasses(path: Path) -> list[str]:
    """Where a module reaches into a study: its connection or lock (also by name, as in
    ``hasattr(x, "_con")``), sqlite3, or SQL run."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        line = getattr(node, "lineno", "?")
        if isinstance(node, ast.Attribute) and node.attr in PRIVATE:
            found.append(f"line {line}: .{node.attr}")
        elif isinstance(node, ast.Constant) and node.value in PRIVATE:  # getattr(study, "_con")
            found.append(f"line {line}: {node.value!r}")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SQL_CALLS:
            found.append(f"line {line}: .{node.func.attr}(...)")
        elif isinstance(node, ast.Import) and any(a.name.split(".")[0] == "sqlite3" for a in node.names):
            found.append(f"line {line}: import sqlite3")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == "sqlite3":
            found.append(f"line {line}: from sqlite3 import ...")
        elif isinstance(node, ast.Name) and node.id == "sqlite3":
            found.append(f"line {line}: sqlite3")
    return found


def test_only_the_study_touches_its_file():
    wrong = [f"{path.relative_to(PACKAGE)} {where}" for path in sorted(PACKAGE.rglob("*.py"))
             if path.relative_to(PACKAGE).as_posix() not in STUDY_OWN for where in trespasses(path)]
    assert not wrong, "Read a study through its public methods (records, changes_since...):\n" + "\n".join(wrong)


def test_the_reader_catches_each_way_in(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text("import sqlite3\nfrom sqlite3 import Row\ndef f(study):\n"
                      "    with study._lock:\n        study._con.execute('SELECT 1')\n"
                      "    return hasattr(study, '_con')\n")
    assert len(trespasses(sample)) == 6
    # the study's own modules are all there
    assert all((PACKAGE / name).exists() for name in STUDY_OWN)


def test_check_study_goes_by_the_type_not_by_what_it_holds():
    class LooksLikeAStudy:
        _con = None

        def demands(self):
            return pd.DataFrame()

    with pytest.raises(TypeError, match="needs a Study or a DataFrame"):
        check_study(LooksLikeAStudy())


# ---------------------------------------------------------------- the same findings as before
WORDS = [
    ("you said you'd come this morning and it's gone twelve", "failure", "Is someone still coming today?"),
    ("water coming through the kitchen ceiling", "value", "Water coming in"),
    ("is the plumber still coming? heard nothing", "value", "Progress update"),
    ("caller states leak in kitchen, P2 raised", "value", "Water coming in"),
    ("they painted over the mould and it's back", "failure", "Repair didn't last"),
    ("no heating since last night and I've got a baby", "value", "No heating"),
    ("I can't cope any more, he hits me", "unsure", None),
    ("sat in all day yesterday, not a soul", "failure", "Nobody turned up"),
]


def actions() -> list:
    """What a team did, one public call at a time, so that many checks have something to say."""
    out = [lambda s: s.add_types(["Appointment", "Complaint", "Other", "Progress update", "Repair request", "Enquiry"]),
           lambda s: s.set_plan(doors=["phone", "email", "front desk"], days=["2026-03-02", "2026-03-03", "2026-03-04"],
                                times=["08:00-10:00", "16:00-18:00"], demands_planned=5000)]
    for day in ("2026-03-02", "2026-03-03", "2026-03-04"):
        for i in range(45):
            words, cls, kind = WORDS[i % len(WORDS)]
            out.append(lambda s, words=words, cls=cls, kind=kind, i=i, day=day: s.record(
                words, classification=cls, demand_type=kind, channel="phone", captured_by="Sam" if i % 3 else "Priya",
                received_at=f"{day}T{9 + i // 8:02d}:{(i * 7) % 60:02d}:00",
                source_id=f"CAL-{i}" if day == "2026-03-02" and i < 25 else None,
                person_id=f"P{i % 9}" if i % 2 else None, notes="within SLA, not our fault" if i % 11 == 0 else None))
    for i in range(25):  # the same demands classified again by someone else
        words, cls, kind = WORDS[i % len(WORDS)]
        out.append(lambda s, words=words, cls=cls, kind=kind, i=i: s.record(
            words, classification="failure" if i % 8 == 1 else cls, demand_type=kind, captured_by="Priya",
            source_id=f"CAL-{i}", received_at="2026-03-02T15:00:00"))
    for demand_id in (1, 9, 17, 25, 33, 41, 49):  # failure made value, with the rules as the reason
        out.append(lambda s, d=demand_id: s.reclassify(d, classification="value", reason="inside the slot, within SLA"))
    out += [
        lambda s: s.reclassify(5, classification="value", reason="contractor's fault"),
        lambda s: s.undo(),
        lambda s: s.void(2, reason="typed twice"),
        lambda s: s.correct(3, "Caller states chasing P2"),
        lambda s: s.rename_type("Nobody turned up", "Visit feedback"),
        lambda s: s.merge_types(["Repair didn't last"], into="Visit feedback"),
        lambda s: s.erase_personal_data(7, reason="asked to be forgotten"),
        lambda s: s.import_demands(pd.DataFrame({
            "verbatim": ["leak under sink"] * 6, "classification": ["F"] * 6, "demand_type": ["Other"] * 6,
            "received_at": ["2026-03-04T11:00:00"] * 6})),
        lambda s: s.add_front_line_verdict("A normal day", day="2026-03-02"),
        lambda s: s.mark_shared("the repairs team"),
        lambda s: s.add_next_step("Buy a new CRM system to fix the call handling"),
        lambda s: s.add_next_step("Follow ten repair requests end to end"),
        lambda s: s.acknowledge("M1-only-analysts", "The managers join next week"),
        lambda s: s.record_saturation_check({"verdict": "enough", "message": "stable"}),
    ]
    return out


def example(*pairs):
    return [{"id": i, "verbatim": v} for i, v in pairs]


SLOT = "inside the slot, within SLA"
COMING = "you said you'd come this morning and it's gone twelve"
AGENT = "caller states leak in kitchen, P2 raised"
CANT_COPE = "I can't cope any more, he hits me"
# What check_study found on this study when the checks still read the file themselves.
BEFORE = [
    ("M1-only-analysts", "warning", {"listeners": 2, "roles": {"analyst": 2}}, "The managers join next week"),
    ("M2-progress-box", "warning", {"type": "Progress update", "value_demands": 21, "demands": 21}, None),
    ("M4-chasing-as-value", "note", {"demands": 27, "value_demands": 83, "examples": example(
        (1, COMING), (3, "Caller states chasing P2"), (9, COMING))}, None),
    ("M4-rule-language", "note", {"reasons": 7, "notes": 10, "examples": [SLOT] * 3}, None),
    ("M5-no-briefing", "note", {"demands": 165, "briefings": 0}, None),
    ("M6-failure-to-value", "note", {"failure_to_value": 6, "value_to_failure": 0, "with_rule_reasons": 6,
                                     "example_reasons": [SLOT] * 3}, None),
    ("M6-softened-rename", "note", {"renames": [["Nobody turned up", "Visit feedback"]]}, None),
    ("M7-distress-language", "note", {"demands": 17, "examples": example((15, CANT_COPE), (23, CANT_COPE),
                                                                         (31, CANT_COPE))}, None),
    ("M7-service-type-unset", "note", {"service_type": "transactional", "with_person_or_contact": 65}, None),
    ("M8-plan-too-big", "note", {"demands_planned": 5000}, None),
    ("M9-solution-steps", "note", {"steps": 2, "solutions": 1,
                                   "examples": ["Buy a new CRM system to fix the call handling"]}, None),
    ("M0-verbatim-quality", "note", {"agent_notes": 22, "jargon": 22, "same_as_type": 0, "examples": example(
        (3, "Caller states chasing P2"), (4, AGENT), (12, AGENT))}, None),
    ("M0-mixed-type", "note", {"types": [{"type": "Is someone still coming today?", "value": 6, "failure": 16},
                                         {"type": "Water coming in", "value": 38, "failure": 3}]}, None),
    ("M0-plan-coverage", "note", {"doors": ["email", "front desk"], "days": [], "times": ["16:00-18:00"]}, None),
    ("M0-unsure-backlog", "note", {"unsure": 18, "classified": 165}, None),
]


def seen(findings) -> list:
    # which words make a next step a solution is nextsteps' business, not how the study is read
    return [(f.code, f.severity, {k: v for k, v in f.evidence.items() if k != "cues"}, f.acknowledged)
            for f in findings]


def test_check_study_and_the_monitor_find_what_they_found_before():
    study = Study.scratch(name="Repairs", service="Housing repairs",
                          team={"Priya": "improvement analyst", "Sam": "improvement analyst"})
    study.user = "Priya"
    monitor = Monitor(study)
    for step in actions():
        step(study)
        monitor.refresh()
    assert seen(check_study(study)) == seen(monitor.findings) == BEFORE


def test_every_target_the_study_writes_is_read_back_by_the_log():
    study = Study.scratch(team={"Priya": "improvement analyst"})
    study.user = "Priya"
    for step in actions():
        step(study)
    study.add_reflection("We learned to listen")
    study.describe_type("Visit feedback", what_matters="knowing when")
    study.complete_next_step(1)
    study.save_worksheet("flow", {"steps": 3})
    for text in study.events()["target"]:
        kind, ref = _log.parse_target(text)
        assert kind is not None and _log.target(kind, _log.demand_ids(text) if kind == "demands" else ref) == text
