"""``make notebooks``: re-run every notebook in a clean kernel and store its outputs.

No stderr, no errors, no saved widget state, no machine paths: the stored outputs are what
nbval compares (cells marked ``# NBVAL_CHECK_OUTPUT``). Pass notebook paths to do only those.
"""
from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from notebook_tools import MACHINE_PATH, ROOT, KERNELSPEC, RUN_TO_SEE, WIDGET, notebooks, run_notebook, stderr_outputs  # noqa: E402


def regenerate(path: Path) -> None:
    import nbformat

    with tempfile.TemporaryDirectory(prefix="demand-notebooks-") as tmp:
        nb = run_notebook(path, env={"DEMAND_STUDIES_DIR": str(Path(tmp) / "studies"), "DEMAND_MODE": "lab"})
    problems = stderr_outputs(nb)
    if problems:
        raise SystemExit(f"{path.relative_to(ROOT)} wrote to stderr or failed; fix it first:\n" + "\n".join(problems)[:3000])
    nb.metadata.pop("widgets", None)  # never store widget state
    nb.metadata["kernelspec"] = KERNELSPEC  # as JupyterLab writes it, so opening a notebook changes nothing
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for o in cell.get("outputs", []):
            o.get("metadata", {}).pop("execution", None)
            if WIDGET in o.get("data", {}):  # a form before the notebook runs: words, not "VBox(children=..."
                o["data"]["text/plain"] = RUN_TO_SEE
    text = nbformat.writes(nb)
    if MACHINE_PATH.search(text.replace("\\n", "\n")):
        raise SystemExit(f"{path.relative_to(ROOT)} shows a path of this machine in its outputs; print relative paths.")
    path.write_text(text, encoding="utf-8")
    print(f"regenerated {path.relative_to(ROOT)}")


def main(argv: list[str]) -> int:
    targets = [Path(a).resolve() for a in argv] or notebooks()
    for path in targets:
        regenerate(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
