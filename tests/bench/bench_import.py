"""`import helpers` must stay light, so notebooks and Voila pages start fast."""
import subprocess
import sys

from tests.bench import benchmark, timings


@benchmark("import helpers (fresh interpreter) vs bare interpreter", goal=1.5, stats=("median",))
def import_helpers(quick: bool):
    repeat = 3 if quick else 15
    ours = timings(lambda: subprocess.run([sys.executable, "-c", "import helpers"], check=True), repeat)
    base = timings(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), repeat)
    return ours, base
