"""Notebooks: structure that nbval alone cannot see, and a second run against the same studies.

nbval (``--nbval-lax``) runs every notebook once and compares the cells marked
``# NBVAL_CHECK_OUTPUT``. A notebook with its outputs stripped would pass that quietly, so
these tests check that checked cells carry stored outputs; and each notebook is run a second
time here against the same studies folder as nbval's run, since "Run All" twice must be
harmless.
"""
from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from notebook_tools import MACHINE_PATH, ROOT, KERNELSPEC, RUN_TO_SEE, WIDGET, curriculum_notebooks, notebooks, run_notebook, stderr_outputs

ALL = notebooks()
CURRICULUM = curriculum_notebooks()
ids = [str(p.relative_to(ROOT)) for p in ALL]


def test_there_are_notebooks_or_none_is_claimed():
    # Until the workbooks land this is an honest zero; afterwards every notebook is checked below.
    assert all(p.suffix == ".ipynb" for p in ALL)


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_checked_cells_have_stored_outputs_and_counts(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code, "a notebook with no code cell has nothing to check"
    for cell in code:
        src = "".join(cell["source"])
        if "NBVAL_CHECK_OUTPUT" in src:
            assert cell.get("outputs"), f"checked cell has no stored output:\n{src[:200]}"
            assert cell.get("execution_count"), f"checked cell has no execution count:\n{src[:200]}"
        last = [line for line in src.rstrip().splitlines() if line.strip() and not line.strip().startswith("#")]
        assert not (last and last[-1].rstrip().endswith(";")), f"trailing ';' (nbval runs without history):\n{src[:200]}"
        assert not MACHINE_PATH.search(src), f"a machine path in a cell:\n{src[:200]}"
        for o in cell.get("outputs", []):
            assert o.get("output_type") != "error", f"a committed error output in:\n{src[:200]}"
            assert not (o.get("output_type") == "stream" and o.get("name") == "stderr"), f"stderr stored in:\n{src[:200]}"
            if WIDGET in o.get("data", {}):  # before the notebook runs, a form says so in words
                assert "".join(o["data"].get("text/plain", "")) == RUN_TO_SEE, f"a stored form shows its repr:\n{src[:200]}"
    assert "widgets" not in nb["metadata"], "saved widget state: regenerate with `make notebooks`"
    assert nb["metadata"].get("kernelspec") == KERNELSPEC, "JupyterLab would rewrite this kernelspec on opening"


@pytest.mark.parametrize("path", CURRICULUM, ids=[str(p.relative_to(ROOT)) for p in CURRICULUM])
def test_curriculum_metadata(path):
    meta = json.loads(path.read_text(encoding="utf-8"))["metadata"].get("demand")
    assert isinstance(meta, dict), 'metadata["demand"] = {"mistakes": [...], "minutes": N} is missing'
    assert all(isinstance(m, int) and 0 <= m <= 9 for m in meta["mistakes"])
    assert isinstance(meta["minutes"], int) and 5 <= meta["minutes"] <= 240


@pytest.mark.parametrize("path", ALL, ids=ids)
def test_runs_again_against_the_same_studies_folder(path, request, monkeypatch):
    # The same folder as nbval's run of this notebook (one per test run: see conftest).
    session_studies = Path(os.environ["DEMAND_TEST_SESSION_STUDIES"]) / "studies"
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(session_studies))
    nb = run_notebook(path)
    problems = stderr_outputs(nb)
    assert not problems, "\n".join(problems)[:3000]


@pytest.mark.parametrize("path", CURRICULUM, ids=[str(p.relative_to(ROOT)) for p in CURRICULUM])
def test_each_workbook_and_exercise_has_its_facilitator_note(path):
    kind = path.parent.name  # "workbooks" or "exercises"
    note = ROOT / "facilitator_notes" / kind / f"{path.stem}.md"
    assert note.is_file(), f"missing facilitator note: {note.relative_to(ROOT)}"
    text = note.read_text(encoding="utf-8")
    assert len(text.split()) > 150, f"{note.relative_to(ROOT)} is too thin to run a session from"
    if kind == "exercises":
        assert "answer" in text.lower() or "reasoning" in text.lower(), "an exercise note carries the answer notes with the reasoning"


@pytest.mark.parametrize("path", CURRICULUM, ids=[str(p.relative_to(ROOT)) for p in CURRICULUM])
def test_opens_with_questions_and_closes_with_key_points_and_the_invitation(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    markdown = [("".join(c["source"])).lower() for c in nb["cells"] if c["cell_type"] == "markdown"]
    assert markdown, "no narrative at all"
    first, tail = markdown[0], " ".join(markdown[-3:])
    assert "question" in first and "objective" in first, "the first cell gives the questions and objectives"
    assert "minute" in first or "time" in first, "the first cell says how long it takes"
    assert "key point" in tail, "the last cells give the key points"
    # The leaders' invitation: by the helper that shows it in a read-only walkthrough only, never in
    # words a team reads at the end of every notebook it uses.
    last = nb["cells"][-1]
    call = "helpers.summary.invitation(" + ("'exercise'" if path.parent.name == "exercises" else "")
    assert last["cell_type"] == "code" and call in "".join(last["source"]), "the last cell invites leaders to come and listen"
    assert not any("reading this as a" in text and "leader" in text for text in markdown), "an invitation in words"
