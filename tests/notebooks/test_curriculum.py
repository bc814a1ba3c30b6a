"""What every workbook promises a reader: links that lead somewhere, a complete facilitator note
that links back and names its mistakes, and no ranking or "normal range" anywhere."""
import re

import pytest

from curriculum import NEVER_SAID, NOTE_SECTIONS, ROOT, WORKBOOKS, markdown, notebook, relative_links, stored_text


def test_all_eleven_workbooks_are_here():
    assert [w[:2] for w in WORKBOOKS] == [f"{i:02d}" for i in range(1, 12)]


@pytest.mark.parametrize("name", WORKBOOKS)
def test_every_link_leads_to_a_file_that_exists(name):
    links = relative_links(markdown(name))
    assert links, f"{name} links to nothing: it should say where to go next"
    missing = [link for link in links if not (ROOT / "workbooks" / link).resolve().is_file()]
    assert not missing, f"{name} links to files that do not exist: {missing}"


@pytest.mark.parametrize("name", WORKBOOKS)
def test_the_facilitator_note_is_complete_links_back_and_names_its_mistakes(name):
    folder = ROOT / "facilitator_notes" / "workbooks"
    note = (folder / name.replace(".ipynb", ".md")).read_text(encoding="utf-8")
    assert f"../../workbooks/{name}" in note
    missing = [link for link in relative_links(note) if not (folder / link).resolve().is_file()]
    assert not missing, f"the note for {name} links to files that do not exist: {missing}"
    headings = [line for line in note.splitlines() if line.startswith("## ")]
    for section in NOTE_SECTIONS:
        assert any(h.startswith(section) for h in headings), f"the note for {name} has no section {section!r}"
    mistakes = notebook(name)["metadata"]["demand"]["mistakes"]
    if len(mistakes) == 9:  # the map of all nine (workbook 1)
        assert "nine mistakes" in note.lower()
        return
    for mistake in mistakes:
        assert f"**{mistake}," in note or f"mistake {mistake}" in note.lower(), \
            f"the note for {name} does not name mistake {mistake}"


WARNING = re.compile(r"\b(never|not|no|nothing|don't|do not|isn't|road to complacency|instead of|rather than)\b")


def said_approvingly(text: str) -> list[str]:
    """Sentences that use a forbidden phrase without warning against it."""
    sentences = re.split(r"(?<=[.!?])\s+|\n\s*\n", text.lower())
    return [s.strip()[:160] for s in sentences if any(p in s for p in NEVER_SAID) and not WARNING.search(s)]


def test_the_phrase_check_can_fail_and_lets_warnings_through():
    assert said_approvingly("Here is the league table of teams. Well done.")
    assert not said_approvingly('"Normal for the sector" is the road to complacency. We never rank the teams.')


@pytest.mark.parametrize("name", WORKBOOKS)
def test_no_workbook_ranks_teams_or_calls_anything_normal(name):
    said = said_approvingly(markdown(name) + "\n\n" + stored_text(name))
    assert not said, f"{name} says: {said}"
