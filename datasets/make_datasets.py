"""Make every sample file in datasets/ from one fixed seed.

Run from anywhere:  python datasets/make_datasets.py  [output folder]

The CSV files committed beside this script are exactly its output (a test regenerates
them into a temporary folder and compares them byte for byte). Everything in them is
fictitious. Only the standard library is used, so it runs in a second or two.
"""
from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SEED = 20260302  # the Monday the repairs listening study starts


def make(out_dir: Path | str = HERE, seed: int = SEED, people: bool = True) -> list[Path]:
    """Write every sample file into ``out_dir`` and return their paths.

    ``people=False`` leaves out the people-centred files (datasets/gen_people.py).
    """
    if str(HERE) not in sys.path:
        sys.path.insert(0, str(HERE))
    import gen_exercises
    import gen_repairs

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    written += gen_repairs.write(out, seed)
    written += gen_exercises.write(out, seed)
    if people and (HERE / "gen_people.py").exists():  # section 4, written by another engineer
        import gen_people
        written += gen_people.write(out, seed)
    return written


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    for path in make(target):
        print(path)
