"""Finding, running and checking the workbook's notebooks (used by tests, benchmarks and
``make notebooks``)."""
from __future__ import annotations

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WIDGET = "application/vnd.jupyter.widget-view+json"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
#: What a stored form says until the notebook runs (JupyterLab shows the text of a widget's output).
RUN_TO_SEE = "Run this cell (or Run > Run All Cells) to see the form."
NOTEBOOK_DIRS = ("workbooks", "exercises", "facilitator_notes")
MACHINE_PATH = re.compile(r"(^|[\s'\"(=])/(work|tmp|root|home|Users|var/folders)/|[A-Za-z]:\\\\Users\\\\")


def notebooks() -> list[Path]:
    found = []
    for d in NOTEBOOK_DIRS:
        found += [p for p in sorted((ROOT / d).rglob("*.ipynb")) if ".ipynb_checkpoints" not in p.parts]
    return found


def curriculum_notebooks() -> list[Path]:
    """Workbooks and exercises: the notebooks that carry metadata["demand"] and a facilitator note."""
    return [p for p in notebooks() if p.parts[len(ROOT.parts)] in ("workbooks", "exercises")
            and p.name != "capture_app.ipynb"]


def run_notebook(path: Path, timeout: int = 600, env: dict | None = None):
    """Execute a notebook top to bottom in a fresh kernel, in its own folder. Returns the notebook."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    old = dict(os.environ)
    if env:
        os.environ.update(env)
    try:
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                resources={"metadata": {"path": str(path.parent)}})
        client.execute()
    finally:
        os.environ.clear()
        os.environ.update(old)
    return nb


def stderr_outputs(nb) -> list[str]:
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.get("output_type") == "stream" and o.get("name") == "stderr":
                out.append(o.get("text", ""))
            if o.get("output_type") == "error":
                out.append(f"{o.get('ename')}: {o.get('evalue')}")
    return out
