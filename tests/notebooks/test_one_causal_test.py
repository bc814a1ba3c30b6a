"""The causal test for failure demand is worded one way everywhere.

The canonical wording (workbook 2, the classify widgets, the checks):

    Is this contact caused by us not doing something, or not doing it right, for the person?
    Would it have happened if we had got it right first time?

It had drifted to "would she have rung if we had done what we said? That is the only test".
Read literally, "what we said" is the slot or the service level, so the in-slot "are you still
coming?" call comes out as value: mistake 4, taught by the workbook itself. These tests keep
that wording out of every notebook cell's source, the facilitator notes, the datasets' reference
files and generators, and the package's messages, and check that the canonical wording is where
a learner meets it first (workbook 2) and in the checks that catch mistake 4. Each checker is
tried on a made-up string too, so it can be seen to fail.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]

CAUSED = "caused by us not doing something, or not doing it right, for the person"
FIRST_TIME = "would it have happened if we had got it right first time?"

# "if we had done what we said", "if we'd kept to what we promised", "had we done what we said",
# "would she have rung ... what we said": the causal test judged by our own promise, slot or target.
WHAT_WE_SAID = re.compile(
    r"(?:\bif\s+we\b|\bhad\s+we\b|\bwould\b)[^.?!]{0,80}?\bwhat\s+we(?:'d|\s+had)?\s+(?:said|promised)\b", re.I)
ONLY_TEST = re.compile(r"\bthe\s+only\s+test\b", re.I)
DRIFT = {"'what we said' as the causal test": WHAT_WE_SAID, "'the only test'": ONLY_TEST}


def plain(text: str) -> str:
    """Markdown emphasis, quote marks and line breaks out, so a wrapped or bold sentence reads as one."""
    text = re.sub(r"^\s*>\s?", "", text, flags=re.M)
    text = text.replace("**", "").replace("*", "").replace("\u2019", "'")
    return re.sub(r"\s+", " ", text).strip()


def python_strings(source: str) -> str:
    """Every string in a Python file, implicit concatenations joined ("...done what " "we said")."""
    parts = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            parts.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            parts.append("".join(v.value if isinstance(v, ast.Constant) else "{}" for v in node.values))
    return "\n".join(parts)


def readable_text(path: Path) -> str:
    """What a reader (or a learner's screen) gets from the file, as plain text."""
    raw = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        raw = "\n\n".join("".join(cell["source"]) for cell in json.loads(raw)["cells"])
    elif path.suffix == ".py":
        raw = raw + "\n\n" + python_strings(raw)
    elif path.suffix == ".js":
        raw = re.sub(r"[\"'`]\s*\+\s*[\"'`]", "", raw)  # "..." + "..." read as one string
    return plain(raw)


def drift_in(text: str) -> list[str]:
    """The drifted wordings found in the text, each with a little context."""
    found = []
    for name, pattern in DRIFT.items():
        for m in pattern.finditer(text):
            found.append(f"{name}: ...{text[max(0, m.start() - 40):m.end() + 20]}...")
    return found


def scanned_files() -> list[Path]:
    files = []
    for folder in ("workbooks", "exercises", "facilitator_notes"):
        files += sorted((ROOT / folder).rglob("*.ipynb"))
    files += sorted((ROOT / "facilitator_notes").rglob("*.md")) + sorted((ROOT / "facilitator_notes").rglob("*.html"))
    data = ROOT / "datasets"
    files += [p for p in sorted(data.rglob("*.csv")) if "reference" in p.name or "answers" in p.name]
    files += sorted(data.glob("gen_*.py")) + sorted(data.rglob("*.md"))
    package = ROOT / "src" / "helpers"
    files += [p for p in sorted(package.rglob("*")) if p.suffix in (".py", ".js", ".html", ".md")]
    return [p for p in files if ".ipynb_checkpoints" not in p.parts]


FILES = scanned_files()


def test_the_scan_reaches_every_kind_of_file():
    names = {p.relative_to(ROOT).as_posix() for p in FILES}
    for expected in ("workbooks/02_what_demand_is.ipynb", "exercises/07_the_kinder_numbers.ipynb",
                     "facilitator_notes/workbooks/05_classify_together.md", "facilitator_notes/nine_mistakes_card.html",
                     "datasets/exercises/ex07_reference.csv", "datasets/gen_exercises.py",
                     "src/helpers/analysis/_mistakes.py", "src/helpers/teaching/static/capture.js"):
        assert expected in names, f"{expected} is not scanned"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_drifted_wording_of_the_causal_test(path):
    found = drift_in(readable_text(path))
    assert not found, (f"{path.relative_to(ROOT)} words the causal test by our own promise or calls it the only "
                       f"test; say instead: is this contact {CAUSED}? {FIRST_TIME[0].upper()}{FIRST_TIME[1:]}\n"
                       + "\n".join(found))


def test_workbook_2_states_the_canonical_wording():
    text = readable_text(ROOT / "workbooks" / "02_what_demand_is.ipynb").lower()
    assert CAUSED in text and FIRST_TIME in text


# Places that state the test in full, where the drift was found: they keep the canonical wording.
RESTATED = ["workbooks/05_classify_together.ipynb", "workbooks/06_through_the_customers_eyes.ipynb",
            "exercises/01_spot_the_failure_demand.ipynb", "facilitator_notes/workbooks/02_what_demand_is.md",
            "facilitator_notes/workbooks/05_classify_together.md", "facilitator_notes/exercises/07_the_kinder_numbers.md",
            "facilitator_notes/nine_mistakes_card.html", "datasets/exercises/ex07_reference.csv"]


@pytest.mark.parametrize("name", RESTATED)
def test_where_the_test_is_restated_it_is_the_canonical_wording(name):
    text = readable_text(ROOT / name).lower()
    assert CAUSED in text and FIRST_TIME in text, f"{name} does not state the causal test in the canonical wording"


def mistake_findings() -> dict:
    """A made-up frame that trips the chasing-as-value, rule-language and progress-box checks."""
    from helpers import check_study

    words = (["water coming through the kitchen ceiling", "no heating since last night", "toilet's blocked"] * 30
             + ["is he still coming? been in since 8", "heard nothing since I reported it"] * 15)
    frame = pd.DataFrame({"verbatim": words, "classification": ["value"] * len(words),
                          "demand_type": ["Repair"] * 90 + ["Progress update"] * 30,
                          "notes": ["still within SLA"] * 5 + [""] * (len(words) - 5)})
    return {f.code: f for f in check_study(frame)}


@pytest.mark.parametrize("code", ["M4-chasing-as-value", "M4-rule-language", "M2-progress-box"])
def test_the_checks_ask_the_canonical_causal_question(code):
    found = mistake_findings()
    assert code in found, f"the made-up frame no longer trips {code}"
    message = plain(found[code].message).lower()
    assert CAUSED in message and FIRST_TIME in message, f"{code} does not ask the canonical causal question"
    assert not drift_in(message)


# ---------------------------------------------------------------- the checkers can fail

@pytest.mark.parametrize("bad", [
    "A service level is our yardstick, not hers. Would she have rung if we had done what we said? That is the only test.",
    "- **Would this person have needed to contact us if we had done what\n  we said, right first time?**",
    "would they have rung if we'd done what we promised, when we promised?",
    "The only test is the causal one.",
])
def test_the_drift_finder_flags_a_made_up_drifted_sentence(bad):
    assert drift_in(plain(bad))


def test_the_drift_finder_reads_python_strings_split_over_lines(tmp_path):
    source = tmp_path / "messages.py"
    source.write_text('MSG = ("would they have rung if we had done what "\n       "we said, when we said?")\n',
                      encoding="utf-8")
    assert drift_in(readable_text(source))


@pytest.mark.parametrize("good", [
    f"Is this contact {CAUSED}? {FIRST_TIME}",
    "Write down what people say, in their words.",
    "Chasing a promise we did not keep. Would he have rung if we had got it right for him first time?",
    "Ask what she was told, and check whether we did what we said we would do for her.",
])
def test_the_drift_finder_leaves_the_right_wording_alone(good):
    assert not drift_in(plain(good))


def test_the_canonical_check_fails_on_the_old_wording():
    old = ("Ask the causal question of each: would this person have contacted us if we had done what we said, "
           "right first time?")
    assert not (CAUSED in old.lower() and FIRST_TIME in old.lower())
