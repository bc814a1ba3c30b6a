"""Each notebook's run time against a notebook that only imports pandas, seaborn and ipywidgets."""
import sys
import tempfile
from pathlib import Path

from tests.bench import benchmark, timings

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from notebook_tools import ROOT, notebooks, run_notebook  # noqa: E402


def _baseline(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("import pandas as pd\nimport seaborn as sns\nimport ipywidgets as widgets")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "baseline.ipynb"
    nbformat.write(nb, path)
    return path


@benchmark("notebooks run top to bottom vs an import-only notebook", goal=3.0)
def notebook_runs(quick: bool):
    with tempfile.TemporaryDirectory() as tmp:
        env = {"DEMAND_STUDIES_DIR": str(Path(tmp) / "studies")}
        base_nb = _baseline(Path(tmp))
        repeat = 1 if quick else 2
        base = timings(lambda: run_notebook(base_nb, env=env), repeat + 1)[1:] or [0]
        rows = []
        targets = notebooks()[:1] if quick else notebooks()
        for path in targets:
            ours = timings(lambda: run_notebook(path, env=env), repeat)
            ratio = min(ours) / min(base)
            rows.append({"row": str(path.relative_to(ROOT)), "value": f"{ratio:.2f}x of the import-only notebook",
                         "note": "yes" if ratio <= 3.0 else "NO (goal <= 3x)"})
        if not rows:
            rows.append({"row": "no notebooks yet", "value": f"baseline {min(base):.2f} s"})
        return {"rows": rows}
