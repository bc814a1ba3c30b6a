"""The console notebook over a folder of team studies made here: runs twice, reads only, never ranks,
and shows no team's failure share or findings until the facilitator chooses that team."""
import hashlib
import re

from helpers import Study
from notebook_tools import ROOT, run_notebook, stderr_outputs

CONSOLE = ROOT / "facilitator_notes" / "console.ipynb"


def _team(folder, name, kind="transactional", analysts=False):
    team = {"Ann": "analyst", "Bob": "improvement team"} if analysts else {"Sam": "repairs manager", "Priya": "call handler"}
    study = Study.create(folder / f"{name}.study", name=name, service="Housing repairs" if kind == "transactional" else "Adult social care",
                         service_type=kind, team=team)
    for i in range(120):
        chasing = i % 3 == 0
        study.record("is he still coming today? slot was 8-1" if chasing else f"boiler not working, no heating, flat {i}",
                     classification="value" if chasing and analysts else ("failure" if chasing else "value"),
                     demand_type="Is someone still coming today?" if chasing else "No heating",
                     captured_by=list(team)[i % 2], received_at=f"{2 + i % 5:02d}/03/2026 {9 + i % 8}:15")
    study.close()


def test_console_notebook_runs_twice_over_team_studies_and_changes_nothing(tmp_path):
    folder = tmp_path / "teams"
    folder.mkdir()
    _team(folder, "north")
    _team(folder, "analysts", analysts=True)   # a study with findings (mistakes 1 and 4)
    _team(folder, "front-door", kind="people-centred")
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    for _ in range(2):
        nb = run_notebook(CONSOLE, env={"DEMAND_CONSOLE_DIR": str(folder)})
        assert not stderr_outputs(nb)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.iterdir()}
    assert after == before
    outputs = [o for c in nb.cells for o in c.get("outputs", [])]
    shown = "\n".join(str(o.get("data", {}).get("text/html", "")) + str(o.get("text", "")) for o in outputs)
    assert "3 studies in teams/" in shown
    # the analysts' study has findings, but they, like every failure share, wait for a team to be chosen
    assert "[warning]" not in shown and "[note]" not in shown and "%" not in shown
    # three choosers (a team's summary, a team's calibration rounds, a team's wall page), one team at a time
    assert sum("application/vnd.jupyter.widget-view+json" in o.get("data", {}) for o in outputs) == 3
    assert not re.search(r"\brank(ed|ing)? \d|league table|top team|best team", shown.lower())
