"""make_datasets.py against the least any script must do: read every file it makes and write it back."""
from __future__ import annotations

import importlib.util
import shutil
import tempfile
from pathlib import Path

from tests.bench import benchmark, timings

DATASETS = Path(__file__).resolve().parents[2] / "datasets"


@benchmark("make_datasets (all but people) vs pandas read + write of the same CSVs", goal=3.0)
def make_all(quick: bool):
    import pandas as pd

    spec = importlib.util.spec_from_file_location("make_datasets", DATASETS / "make_datasets.py")
    maker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(maker)
    folder = Path(tempfile.mkdtemp(prefix="bench-datasets-"))
    try:
        repeat = 1 if quick else 5
        ours = timings(lambda: maker.make(folder, people=False), repeat)
        files = sorted(folder.glob("*.csv"))

        def copy_with_pandas():
            for path in files:
                pd.read_csv(path, dtype=str, keep_default_na=False).to_csv(folder / f"copy_{path.name}", index=False)
        baseline = timings(copy_with_pandas, repeat)
        return ours, baseline
    finally:
        shutil.rmtree(folder, ignore_errors=True)
