"""Finding personal data in 100,000 verbatims, against one regex pass over the same texts.

``find_personal_data`` looks for ten kinds with seventeen patterns (a cheap first pass picks
the texts worth each full pattern); the baseline is a single compiled phone-number regex
run over every verbatim, the least any check could do. About one pass per kind is
expected (measured 5x-11x on a loaded 2-core machine), hence the goal.
"""
import random
import re
from pathlib import Path

from tests.bench import benchmark, timings

DATA = Path(__file__).resolve().parents[1] / "data"


def _verbatims(n: int) -> list[str]:
    import pandas as pd

    clean = pd.read_csv(DATA / "clean_verbatims.csv")["verbatim"].tolist()
    planted = pd.read_csv(DATA / "personal_data_planted.csv").drop_duplicates("id")["text"]
    planted = planted.tolist()
    rng = random.Random(7)  # about 1 verbatim in 20 carries personal data
    return [rng.choice(planted) if rng.random() < 0.05 else rng.choice(clean) for _ in range(n)]


@benchmark("find_personal_data, 100,000 verbatims vs one regex pass", goal=15.0)
def find_in_verbatims(quick: bool):
    import pandas as pd

    from helpers.core.personal_data import find_personal_data

    texts = pd.Series(_verbatims(10_000 if quick else 100_000))
    phone = re.compile(r"(?<!\d)0\d{4}\s?\d{6}(?!\d)")
    repeat = 2 if quick else 5
    ours = timings(lambda: find_personal_data(texts), repeat)
    base = timings(lambda: [phone.findall(t) for t in texts], repeat)
    return ours, base


@benchmark("redact, 100,000 verbatims vs one regex substitution", goal=15.0)
def redact_verbatims(quick: bool):
    import pandas as pd

    from helpers.core.personal_data import redact

    texts = pd.Series(_verbatims(10_000 if quick else 100_000))
    phone = re.compile(r"(?<!\d)0\d{4}\s?\d{6}(?!\d)")
    repeat = 2 if quick else 5
    ours = timings(lambda: redact(texts), repeat)
    base = timings(lambda: pd.Series([phone.sub("[PHONE]", t) for t in texts],
                                     index=texts.index), repeat)
    return ours, base
