"""Every sample file is used, and datasets/README.md says truly by what.

A sample file nobody reads is weight a learner downloads and a maintainer keeps in step for
nothing; a "used by" line that names the wrong workbook sends a facilitator looking in the
wrong place. So: every CSV in datasets/ (and its exercises/ and lessons/ folders) must be named
in the code of a notebook (a workbook, an exercise, the facilitators' console) or in a string
of a module in src/helpers (docstrings do not count); and the README's table "Which lesson uses
which file" must name, for each row, exactly the notebooks and modules that read its files.
"""
from __future__ import annotations

import ast
import fnmatch
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DATASETS = ROOT / "datasets"
TABLE_HEADING = "## Which lesson uses which file"


def sample_files() -> list[str]:
    """Every CSV in datasets/ and its exercises/ and lessons/ folders, relative to datasets/."""
    found = [*DATASETS.glob("*.csv"), *DATASETS.glob("exercises/*.csv"), *DATASETS.glob("lessons/*.csv")]
    return sorted(p.relative_to(DATASETS).as_posix() for p in found)


def _module_strings(path: Path) -> set[str]:
    """The string constants of a module, its docstrings left out (a file named in an example is not read)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                docstrings.add(id(body[0].value))
    return {n.value for n in ast.walk(tree)
            if isinstance(n, ast.Constant) and isinstance(n.value, str) and id(n) not in docstrings}


def _notebook_code(path: Path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def readers() -> dict[str, str]:
    """Each reader's name as the README writes it, and the text its code holds."""
    out = {}
    for folder, word in (("workbooks", "workbook"), ("exercises", "exercise")):
        for path in sorted((ROOT / folder).glob("*.ipynb")):
            number = re.match(r"\d+", path.stem)
            name = f"{word} {int(number.group())}" if number else f"the {path.stem.replace('_', ' ')}"
            out[name] = _notebook_code(path)
    out["the facilitators' console"] = _notebook_code(ROOT / "facilitator_notes" / "console.ipynb")
    for path in sorted((ROOT / "src" / "helpers").rglob("*.py")):
        module = ".".join(path.relative_to(ROOT / "src").with_suffix("").parts).removesuffix(".__init__")
        out[f"`{module}`"] = "\n".join(sorted(_module_strings(path)))
    return out


def _names(text: str, file: str) -> bool:
    """Whether code names a sample file: by its name, or by a prefix ending in "_" (a family of files
    looked up in the folder, like "actions_calibration_")."""
    base = file.rsplit("/", 1)[-1]
    if re.search(rf"(?<![\w-]){re.escape(base)}", text):
        return True
    prefixes = re.findall(r"(?:^|[\"'])([a-z0-9]+_[a-z0-9_]*_)(?=[\"']|$)", text, flags=re.M)
    return any(len(p) >= 8 and base.startswith(p) for p in prefixes)


@pytest.fixture(scope="module")
def used_by() -> dict[str, set[str]]:
    code = readers()
    return {file: {name for name, text in code.items() if _names(text, file)} for file in sample_files()}


def test_every_sample_file_is_used_by_a_notebook_or_helper(used_by):
    unused = sorted(file for file, users in used_by.items() if not users)
    assert not unused, (f"sample files nothing reads: {unused}. Use each in a notebook or a helper, "
                        "or remove it and the code that makes it.")


def _numbers(text: str) -> list[int]:
    """'4, 5 and 7' -> [4, 5, 7]; '4-6' -> [4, 5, 6]."""
    out = []
    for lo, hi in re.findall(r"(\d+)(?:-(\d+))?", text):
        out += list(range(int(lo), int(hi or lo) + 1))
    return out


def parse_users(cell: str) -> set[str]:
    """The readers a "used by" cell names; words in brackets are comment."""
    text = re.sub(r"\([^)]*\)", " ", cell)
    names = set(re.findall(r"`helpers(?:\.\w+)+`", text))
    for word in ("workbook", "exercise"):
        for listed in re.findall(rf"\b{word}s? (\d+(?:-\d+)?(?:(?:, | and )\d+(?:-\d+)?)*)", text):
            names |= {f"{word} {n}" for n in _numbers(listed)}
    names |= {name for name in ("the facilitators' console", "the capture app") if name in text}
    return names


def readme_table() -> list[tuple[list[str], set[str]]]:
    """The rows of the README's table: the files each names (patterns expanded), and the readers."""
    readme = (DATASETS / "README.md").read_text(encoding="utf-8")
    assert TABLE_HEADING in readme, f"datasets/README.md has no section {TABLE_HEADING!r}"
    section = readme.split(TABLE_HEADING, 1)[1].split("\n## ", 1)[0]
    rows = []
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 2 or cells[0] in ("file", "") or set(cells[0]) <= {"-"}:
            continue
        patterns = re.findall(r"`([^`]+)`", cells[0])
        files = sorted({f for p in patterns for f in sample_files() if fnmatch.fnmatch(f, p)})
        assert files, f"the README's row {cells[0]!r} names no sample file there is"
        rows.append((files, parse_users(cells[1])))
    return rows


def test_the_readme_table_names_exactly_the_readers(used_by):
    rows = readme_table()
    listed = [f for files, _ in rows for f in files]
    twice = sorted({f for f in listed if listed.count(f) > 1})
    assert not twice, f"files in more than one row of the README's table: {twice}"
    missing = sorted(set(sample_files()) - set(listed))
    assert not missing, f"files the README's table does not list: {missing}"
    for files, named in rows:
        actual = set().union(*(used_by[f] for f in files))
        assert named == actual, (f"README row for {files}: it names {sorted(named)}, "
                                 f"but the files are read by {sorted(actual)}")


def test_parsing_the_used_by_cells():
    assert parse_users("workbooks 4-6 and 8; exercise 2 (whose study is it?); `helpers.teaching.console`") == {
        "workbook 4", "workbook 5", "workbook 6", "workbook 8", "exercise 2", "`helpers.teaching.console`"}
    assert parse_users("the facilitators' console (never ranks teams, workbook 9)") == {"the facilitators' console"}
    assert _names('names = [n for n in x if n.startswith("actions_calibration_")]', "actions_calibration_alder.csv")
    assert not _names('path("repairs_demands.csv")', "repairs_reference.csv")
    assert not _names('path("calibration_sample.csv")', "sample.csv")
