"""Everything that leaves a study goes through one masking step, all of it, and is counted.

A security probe found the share-back masked only the verbatims: a phone number in the
study's name, a type's name, what matters or what failed went on the wall as typed, and the
sentence counted only the verbatims. Each test here plants fictitious details in every text
a team types and looks for them in what leaves: the share-back page, the console's wall
page, and exports to CSV and XLSX.
"""
from __future__ import annotations

import re
import zipfile

import pandas as pd
import pytest

from helpers import Study
from helpers.core.personal_data import READ_BEFORE_SHARING, mask, redact
from helpers.teaching import shareback
from helpers.teaching.console import Console

# One fictitious number (Ofcom's drama range) for each place a team types text.
PHONES = {
    "study name": "07700 900101",
    "type name": "07700 900102",
    "what matters": "07700 900103",
    "what failed": "07700 900104",
    "verbatim": "07700 900105",
    "verdict": "07700 900106",
    "reflection": "07700 900107",
    "old type name": "07700 900108",
}
EMAIL = "leak.probe@example.org"  # in the service
TYPE = f"Chasing, they say call back on {PHONES['type name']}"


@pytest.fixture
def study():
    s = Study.scratch(name=f"Repairs, ring Jo on {PHONES['study name']}", service=f"Repairs, write to {EMAIL}")
    s.add_types([f"Chasing {PHONES['old type name']}"])
    s.rename_type(f"Chasing {PHONES['old type name']}", TYPE)
    s.record(f"is he still coming? ring me on {PHONES['verbatim']}", classification="failure", demand_type=TYPE)
    s.record("still nobody, third time I've rung", classification="failure", demand_type=TYPE)
    s.describe_type(TYPE, what_matters=f"a time they can trust, or ring {PHONES['what matters']}",
                    failed_where=f"the 8-1 slot, the scheduler's line {PHONES['what failed']}",
                    arises_from="no appointment time")
    s.add_front_line_verdict(f"Normal, but the contractor kept giving out {PHONES['verdict']}", by="front line")
    s.add_reflection(f"We should ask why people are told to ring {PHONES['reflection']}")
    return s


def _leaks(text: str) -> list[str]:
    """The planted details still readable in ``text``, however the digits are spaced."""
    digits = re.sub(r"\D", "", text)
    found = [p for p in PHONES.values() if p in text or p.replace(" ", "") in digits]
    return found + ([EMAIL] if EMAIL in text else [])


def _count(sentence: str, many: str, one: str) -> int:
    """How many of a kind a sentence says were masked ("7 phone numbers" -> 7)."""
    hit = re.search(rf"(\d+) (?:{many}|{one})\b", sentence)
    return int(hit.group(1)) if hit else 0


# --- the share-back -------------------------------------------------------------------------

def test_the_share_back_masks_every_text_on_the_page_and_counts_them_all(study, tmp_path):
    page = shareback.share_back(study)
    shown = ["study name", "type name", "what matters", "what failed", "verbatim"]
    assert _leaks(page.html) == []
    saved = page.save(tmp_path / "wall.html").read_bytes().decode("utf-8")
    assert _leaks(saved) == []
    assert page.html.count("[PHONE]") == len(shown)
    assert _count(page.check, "phone numbers", "phone number") == len(shown) == page.finds
    assert page.check.endswith(READ_BEFORE_SHARING)
    assert "Chasing, they say call back on [PHONE]" in page.html  # the sentence still reads
    assert "@page { size: A4" in page.html  # the page's own style is left alone


# --- the console's wall page --------------------------------------------------------------

def test_the_wall_page_masks_the_team_name_service_verdicts_and_reflections(study, tmp_path):
    board = Console([study, Study.scratch(name="South")])
    out = tmp_path / "wall.html"
    check = board.export_wall(0, out)  # the first team's own wall page
    page = out.read_bytes().decode("utf-8")
    assert _leaks(page) == []
    assert "[EMAIL]" in page and page.count("[PHONE]") >= 3  # name, verdict, reflection at least
    assert _count(check, "phone numbers", "phone number") == page.count("[PHONE]")
    assert _count(check, "email addresses", "email address") == 1
    assert "a person must read" in check
    download = board.wall_page(0)._repr_html_()
    assert _leaks(download) == [] and check in download.replace("&#x27;", "'")


# --- exports ----------------------------------------------------------------------------------

def _xlsx_text(path) -> str:
    with zipfile.ZipFile(path) as book:
        return "".join(book.read(name).decode("utf-8", "replace") for name in book.namelist())


def test_a_csv_export_masks_every_text_column_and_the_event_log(study, tmp_path):
    result = study.export(tmp_path / "out.csv")
    written = "".join(p.read_bytes().decode("utf-8-sig") for p in result.paths)
    assert len(result.paths) == 2 and _leaks(written) == []
    assert "[PHONE]" in written and "[EMAIL]" in written
    # every planted detail is found, and the sentence counts every find in both files
    assert set(PHONES.values()) | {EMAIL} == set(result.finds["match"])
    assert _count(result, "phone numbers", "phone number") == written.count("[PHONE]")
    assert _count(result, "email addresses", "email address") == written.count("[EMAIL]")
    assert {"verbatim", "demand_type", "target", "details.after.name", "details.text"} <= set(result.finds["field"])
    assert result.endswith(READ_BEFORE_SHARING)
    # the study itself keeps what was typed
    assert PHONES["verbatim"] in study.demands()["verbatim"].iloc[0]


def test_an_xlsx_export_masks_them_too(study, tmp_path):
    result = study.export(tmp_path / "out.xlsx")
    written = _xlsx_text(tmp_path / "out.xlsx")
    assert _leaks(written) == []
    assert "[PHONE]" in written and "[EMAIL]" in written
    assert _count(result, "phone numbers", "phone number") == (result.finds["kind"] == "PHONE").sum() >= len(PHONES)


def test_the_team_can_still_keep_an_unmasked_copy_and_is_told_not_to_share_it(study, tmp_path):
    result = study.export(tmp_path / "ours.csv", masked=False)
    assert PHONES["verbatim"] in (tmp_path / "ours.csv").read_text(encoding="utf-8-sig")
    assert "without masking" in result and "do not share" in result


# --- the one step itself -------------------------------------------------------------------

def test_mask_counts_every_text_not_only_the_verbatims():
    done = mask([f"ring {p}" for p in PHONES.values()] + [None, f"or {EMAIL}"])
    assert done.texts[:2] == ["ring [PHONE]", "ring [PHONE]"] and done.texts[-2:] == [None, "or [EMAIL]"]
    assert len(done.found) == len(PHONES) + 1
    assert f"{len(PHONES)} phone numbers" in done.sentence and "1 email address" in done.sentence
    assert str(done) == done.sentence and done.sentence.endswith(READ_BEFORE_SHARING)


def test_mask_gives_back_a_series_as_a_series():
    texts = pd.Series(["call 07700 900123", None], index=[7, 9], name="verbatim")
    done = mask(texts)
    assert done.texts.index.tolist() == [7, 9] and done.texts[7] == "call [PHONE]"
    assert done.found["text_index"].tolist() == [7]


def test_a_page_is_masked_between_its_tags_entities_included():
    page = "<style>p { margin: 0 }</style><h1>Ring 07700&nbsp;900123</h1><p title='x'>O&#x27;Brien said hi</p>"
    done = mask(page, html=True)
    assert done.texts.startswith("<style>p { margin: 0 }</style><h1>Ring [PHONE]</h1>")
    assert done.texts.endswith("<p title='x'>O&#x27;Brien said hi</p>")  # untouched text stays as written
    assert "1 phone number" in done.sentence and "on this page" in done.sentence


def test_nothing_found_says_so():
    assert mask(["no hot water"]).sentence.startswith("Found nothing in 1 text that looks like personal data.")


# --- names in any letters ------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("My name is Siobhán Ní Bhriain", "My name is [NAME]"),
    ("I'm Zoë", "I'm [NAME]"),
    ("I'm Zoe\u0308, ring me", "I'm [NAME], ring me"),  # the diaeresis typed as a separate accent
    ("this is Élodie Brun about the boiler", "this is [NAME] about the boiler"),
    ("Mrs Ní Bhriain next door", "[NAME] next door"),
    ("calling for my mum, Łucja Wójcik", "calling for my mum, [NAME]"),
    ("name: józef wałęsa", "name: [NAME]"),
    ("speaking to Seán about the damp", "speaking to [NAME] about the damp"),
])
def test_names_with_accented_letters_are_masked_whole(text, expected):
    assert redact(text) == expected


def test_a_non_breaking_space_does_not_hide_a_phone_number():
    assert redact("ring 07700\u00a0900123") == "ring [PHONE]"
