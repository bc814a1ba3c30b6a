"""The share-back: redacted, says what the check found, records the front line's verdict."""
import pytest

from helpers import Study

from helpers.teaching import shareback


@pytest.fixture
def study():
    s = Study.scratch(name="Repairs pilot")
    s.record("is he still coming? slot was 8-1, ring me on 07700 900123", classification="failure",
             demand_type="Is someone still coming today?", received_at="02/03/2026 11:50")
    s.record("still waiting, my name is Joan Smith, it's gone twelve", classification="failure",
             demand_type="Is someone still coming today?", received_at="02/03/2026 12:10")
    s.record("water through the kitchen ceiling", classification="value", demand_type="Leak",
             received_at="03/03/2026 09:05")
    s.record("operative needs the key safe code", classification="not demand", received_at="03/03/2026 10:00")
    s.record("third time I've rung about the damp", classification="failure", demand_type="Damp not fixed",
             received_at="03/03/2026 10:30")
    s.describe_type("Is someone still coming today?", failed_where="the 8-1 slot policy")
    return s


def test_share_back_leads_with_the_types_in_peoples_words_and_masks_personal_details(study):
    page = shareback.share_back(study)
    text = page.html
    # Each type heard, with what people said, in their words (masked); no counts unless asked for.
    assert "What people asked for, in their own words" in text
    assert "<b>Is someone still coming today?</b>" in text and "&ldquo;water through the kitchen ceiling&rdquo;" in text
    assert "heard)" not in text and "We heard 5" not in text and "The numbers" not in text
    assert text.index("Is someone still coming today?") < text.index("Was today normal?")
    assert "07700" not in text and "Joan Smith" not in text
    assert "[PHONE]" in text and "[NAME]" in text
    assert page.finds == 2 and "a person must read" in page.check
    assert "the 8-1 slot policy" in text
    assert "never a target" in text
    assert "nan" not in text.replace("nance", "")  # a type with no hypothesis says nothing, not 'nan'


def test_counts_come_only_when_asked_for_and_after_the_words(study):
    page = shareback.share_back(study, counts=True).html
    assert "We heard 5 demands" in page and "3 of the 4 we could classify" in page
    assert "(2 heard)" in page  # beside its type, in small print
    assert page.index("&ldquo;water through the kitchen ceiling&rdquo;") < page.index("The numbers, if you want them")
    assert "[PHONE]" in page and "07700" not in page  # the numbers change nothing about the masking


def test_share_back_for_one_day(study):
    page = shareback.share_back(study, day="2026-03-03", counts=True)
    assert "We heard 3 demands" in page.html and "Tuesday 03 March 2026" in page.html
    assert "Leak" in page.html and "Is someone still coming today?" not in page.html


def test_share_back_prints_on_a4_and_has_no_outside_links(study):
    page = shareback.share_back(study)
    assert "@page { size: A4" in page.html and "http" not in page.html


def test_saving_is_refused_in_a_walkthrough_but_download_works(study, monkeypatch, tmp_path):
    page = shareback.share_back(study)
    saved = page.save(tmp_path / "wall.html")
    assert "[PHONE]" in saved.read_text()
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    with pytest.raises(PermissionError, match="read-only"):
        page.save(tmp_path / "again.html")
    assert page.download()._repr_html_().startswith('<a download="what-we-heard.html"')


def test_the_verdict_form_records_with_the_study_and_undoes_only_its_recorder(study):
    form = shareback.verdict_form(study, day="2026-03-02")
    assert form.buttons["record"].layout.width == "auto"  # its whole label shows, never "Record their verd..."
    form.person.value = "Jo"
    assert form.act("record") is None  # no answer chosen: nothing recorded, and it says so
    assert "Choose an answer" in form.statuses["record"].value and len(study.verdicts()) == 0
    form.choice.value = shareback.VERDICTS[1]
    form.said.value = "the storm on Monday night doubled the leaks"
    form.who.value = "Priya"
    said = form.act("record")
    assert said.startswith("Saved in ") or said.startswith("Done, in memory only")
    row = study.verdicts().iloc[0]
    assert row["text"] == "No: something unusual happened: the storm on Monday night doubled the leaks (said by Priya)"
    assert (row["day"], row["by"], form.said.value) == ("2026-03-02", "Jo", "")
    study.add_front_line_verdict("Yes, a normal day", by="Sam")
    form.act("undo")  # Jo's, never Sam's
    assert study.verdicts()["by"].tolist() == ["Sam"]


def test_an_empty_study_says_nothing_heard_yet():
    assert "Nothing heard yet" in shareback.share_back(Study.scratch()).html
