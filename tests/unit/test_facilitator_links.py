"""The facilitator notes lead somewhere: every relative link in every note (the notes for each
workbook and exercise included) reaches a file, and the README's "What is in this folder" table
names everything that is really in the folder, and nothing that is not."""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
NOTES = ROOT / "facilitator_notes"


def _link_checker():
    # One link checker for the notes: the one tests/notebooks/test_facilitator_notes.py tests on bad examples.
    spec = importlib.util.spec_from_file_location("facilitator_notes_checks",
                                                  ROOT / "tests" / "notebooks" / "test_facilitator_notes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.broken_links


def test_every_relative_link_in_every_note_leads_to_a_file():
    broken_links = _link_checker()
    files = sorted(NOTES.glob("*.md")) + sorted(NOTES.glob("*/*.md"))
    assert {f.parent.name for f in files} >= {"facilitator_notes", "plans", "workbooks", "exercises"}
    broken = {f.relative_to(ROOT).as_posix(): broken_links(f) for f in files}
    assert not {k: v for k, v in broken.items() if v}, f"links to files that do not exist: {broken}"


def folder_table(readme: str) -> list[str]:
    """The first cell of each row of the README's "What is in this folder" table, as a name
    ("plans/" for a folder, whether it is written as a link or in backticks)."""
    section = readme.split("### What is in this folder", 1)[1].split("\n#", 1)[0]
    names = []
    for row in re.findall(r"^\|(.+?)\|", section, flags=re.M)[2:]:
        cell = row.strip()
        link = re.fullmatch(r"\[([^\]]+)\]\([^)]+\)", cell)
        names.append((link.group(1) if link else cell).strip("`"))
    return names


def test_the_readme_table_lists_what_is_in_the_folder():
    listed = folder_table((NOTES / "README.md").read_text(encoding="utf-8"))
    there = {p.name + ("/" if p.is_dir() else "") for p in NOTES.iterdir()
             if not p.name.startswith(".") and p.name != "README.md"}
    assert sorted(listed) == sorted(there), (f"not in the table: {sorted(there - set(listed))}; "
                                             f"in the table but not there: {sorted(set(listed) - there)}")


def test_the_table_reader_sees_links_and_plain_names():
    readme = ("intro\n### What is in this folder\n\n| file | use |\n|---|---|\n"
              "| [a.md](a.md) | x |\n| `workbooks/` | y |\n| [plans/](plans/README.md) | z |\n\n## Next\n| [b.md](b.md) | w |\n")
    assert folder_table(readme) == ["a.md", "workbooks/", "plans/"]
