"""Two rules of the method hold in every sample file and every text the workbook teaches from.

- A wrong door (a caller the council put through to the wrong place) is failure: we made the
  right door hard to find. It is never "not demand", which is kept for contacts that carry no
  customer's demand (an operative, the contractor, a silent call).
- A gas smell is handled safety first: wherever one is written down, its notes or answers carry
  the gas emergency line, 0800 111 999.

The data rules read every CSV under datasets/ (a practice file joined to its answers by key) and
every action file replayed as a Study; the words rule reads notebooks' markdown, the facilitator
notes, the datasets' READMEs, the reference and answer CSVs and the strings in src/helpers.
"""
from __future__ import annotations

import ast
import collections
import json
import re
from pathlib import Path

import pandas as pd
import pytest

from helpers.core.study import Study
from helpers.core.vocabulary import normalise_classification

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
GAS_LINE = "0800 111 999"  # the national gas emergency line

WRONG_DOOR = re.compile(r"put (?:me |her |him |them |us )?through|wrong (?:line|department|door|option)"
                        r"|switchboard|transferred|redirected", re.I)
GAS_SMELL = re.compile(r"smell(?:s|ing)? (?:of )?gas|gas smell|smell gas", re.I)
NOT_DEMAND = re.compile(r"not (?:customer )?demand", re.I)
# "not demand on repairs, failure for the council": the split answer the method does not give
SPLIT_ANSWER = re.compile(r"not (?:customer )?demand\W{0,3}\s*(?:on|for|to) (?:repairs|council tax|(?:their|our|this|"
                          r"the|its|your) (?:own )?(?:service|team))", re.I)
# a text may name "not demand" beside a wrong door only to reject it
REJECTED = re.compile(r"\bnever\b|\bnot\W{1,3}not (?:customer )?demand|\b(?:is|are) (?:usually )?failure\b|:\s*failure\b"
                      r"|rather than|instead of|\bhides?\b", re.I)

READS = ("verbatim", "What they said", "words", "demand_type", "Type of demand")  # what a row says it is
CLASSES = ("classification", "V/F/?")
KEYS = ("source_id", "number", "item", "id")
PARTS = ("_reference", "_answers", "_demands", "_verbatims", "_sample", "_items", "_questions", "_points")


def _classification(word: str) -> str:
    """The canonical word; a deliberately wrong code (the loader lesson's 'X') stays as written."""
    try:
        return normalise_classification(word) or ""
    except ValueError:
        return str(word)


def _family(path: Path) -> tuple[Path, str]:
    """A practice file and its answers share a family: ex01_demands and ex01_reference, ..."""
    stem = path.stem
    for part in PARTS:
        if stem.endswith(part):
            return path.parent, stem[: -len(part)]
    return path.parent, stem


def _records_of(frames: list[tuple[str, pd.DataFrame]]) -> list[dict]:
    """One record per key across a family's frames: what it reads as, its classifications, all its text."""
    records: dict[str, dict] = {}
    for name, frame in frames:
        key = next((k for k in KEYS if k in frame.columns), None)
        for i, row in frame.iterrows():
            k = str(row[key]) if key else f"{name}:{i}"
            rec = records.setdefault(k, {"where": f"{name} {key or 'row'} {k}", "reads": [], "classes": [],
                                         "text": []})
            rec["reads"] += [str(row[c]) for c in READS if c in frame.columns]
            rec["classes"] += [_classification(row[c]) for c in CLASSES if c in frame.columns]
            rec["text"] += [str(v) for v in row]
    return list(records.values())


def _sample_records() -> list[dict]:
    families = collections.defaultdict(list)
    for path in sorted(DATASETS.rglob("*.csv")):
        if not path.name.startswith("actions_"):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            families[_family(path)].append((str(path.relative_to(ROOT)), frame))
    return [rec for frames in families.values() for rec in _records_of(frames)]


@pytest.fixture(scope="module")
def records() -> list[dict]:
    found = _sample_records()
    for path in sorted(DATASETS.glob("actions_*.csv")):  # a study as its team left it, after every reclassify
        demands = Study.replay(path).demands().fillna("")
        found += _records_of([(path.name, demands.astype(str).assign(classification=demands["classification"]))])
    return found


def test_the_rules_find_what_they_look_for(records):
    """Guard against a rule that passes because it reads nothing."""
    wrong = [r for r in records if WRONG_DOOR.search(" ".join(r["reads"]))]
    gas = [r for r in records if GAS_SMELL.search(" ".join(r["reads"]))]
    assert len(wrong) >= 30 and len(gas) >= 4
    assert {"failure"} <= {c for r in wrong for c in r["classes"]}
    assert any(r["where"].startswith("actions_") for r in wrong) and any("reference" in r["where"] for r in wrong)


def test_a_wrong_door_is_never_not_demand(records):
    found = [r["where"] for r in records
             if WRONG_DOOR.search(" ".join(r["reads"])) and "not demand" in r["classes"]]
    assert not found, f"wrong doors classified 'not demand' (they are failure): {found[:8]}"


def test_every_gas_smell_carries_its_safety_note(records):
    found = [r["where"] for r in records
             if GAS_SMELL.search(" ".join(r["reads"])) and GAS_LINE not in " ".join(r["text"])]
    assert not found, f"gas smells without the safety note (the gas emergency line, {GAS_LINE}): {found[:8]}"


# ----------------------------------------------------------------------------- the words

def teaches_wrong_door_as_not_demand(text: str) -> bool:
    """True for a passage that files a wrong door under "not demand".

    >>> teaches_wrong_door_as_not_demand("Rent query put through: not demand on repairs, failure for the council.")
    True
    >>> teaches_wrong_door_as_not_demand('A wrong door is failure: never "not demand".')
    False
    >>> teaches_wrong_door_as_not_demand("Not customer demand: an operative ringing for the key safe code.")
    False
    """
    if not (WRONG_DOOR.search(text) and NOT_DEMAND.search(text)):
        return False
    return bool(SPLIT_ANSWER.search(text)) or not REJECTED.search(text)


def _passages(markdown: str) -> list[str]:
    """Paragraphs, list items and table rows: the unit a reader takes in at once."""
    out: list[str] = []
    for block in re.split(r"\n\s*\n", markdown):
        current: list[str] = []
        for line in block.splitlines():
            starts = re.match(r"\s*(?:\||[-*] |\d+\. )", line)
            if starts and current:
                out.append(" ".join(current))
                current = []
            current.append(line)
            if line.lstrip().startswith("|"):  # a table row stands alone
                out.append(" ".join(current))
                current = []
        if current:
            out.append(" ".join(current))
    return out


def _texts() -> list[tuple[str, str]]:
    found = []
    notebooks = [*ROOT.glob("workbooks/*.ipynb"), *ROOT.glob("exercises/*.ipynb"),
                 *ROOT.glob("facilitator_notes/*.ipynb")]
    for path in sorted(notebooks):
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            if cell["cell_type"] == "markdown":
                found += [(path.name, p) for p in _passages("".join(cell["source"]))]
    for path in sorted([*ROOT.glob("facilitator_notes/**/*.md"), *DATASETS.glob("*.md")]):
        found += [(str(path.relative_to(ROOT)), p) for p in _passages(path.read_text(encoding="utf-8"))]
    for path in sorted(DATASETS.rglob("*.csv")):
        if re.search(r"reference|answers", path.name):
            frame = pd.read_csv(path, dtype=str, keep_default_na=False)
            found += [(path.name, " ".join(row)) for row in frame.itertuples(index=False)]
    for path in sorted((ROOT / "src" / "helpers").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                found.append((str(path.relative_to(ROOT)), node.value))
    return found


def test_no_text_calls_a_wrong_door_not_demand():
    texts = _texts()
    assert len({where for where, _ in texts}) > 50, "the words rule reads the notebooks, notes, files and src"
    found = [f"{where}: {text[:120]}" for where, text in texts if teaches_wrong_door_as_not_demand(text)]
    assert not found, "texts that file a wrong door under 'not demand' (it is failure):\n" + "\n".join(found)
