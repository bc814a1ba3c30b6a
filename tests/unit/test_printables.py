"""Printables: the capture sheet prints to A4; the typing-up template loads without a mapping."""
import re

import pytest

import helpers
from helpers.views import checkmap, printables


def test_capture_sheet_prints_on_a4_and_is_self_contained():
    sheet = printables.capture_sheet(service="Repairs <line>", rows=14)
    assert re.search(r"@page\s*{\s*size:\s*A4", sheet.html)
    assert "Repairs &lt;line&gt;" in sheet.html  # escaped, never raw HTML
    assert "http" not in sheet.html.lower()      # no fonts or scripts from outside
    for heading in ["Time", "What they said", "V / F / ?", "Notes"]:
        assert heading in sheet.html
    assert "card or bank details" in sheet.html
    assert sheet._repr_html_() == sheet.html


def test_capture_sheet_names_the_safeguarding_lead_and_says_what_to_do():
    blank = printables.capture_sheet()
    assert re.search(r"Safeguarding lead: _{6,} \(tel _{6,}\)", blank.html)  # a line to write them in
    assert "pass it on at once" in blank.html and "never the details" in blank.html
    named = printables.capture_sheet(safeguarding_lead="Dee Lowe <lead>", safeguarding_tel="0191 000 0000")
    assert "Safeguarding lead: <b>Dee Lowe &lt;lead&gt;</b> (tel <b>0191 000 0000</b>)" in named.html


@pytest.mark.browser
def test_capture_sheet_prints_on_one_a4_page_with_fourteen_demands(browser):
    """Printed by Chromium, as a person prints it: fourteen rows and the safeguarding line on one page,
    whether the printer takes the sheet's own landscape page or plain A4."""
    page = browser.new_page()
    try:
        page.set_content(printables.capture_sheet(service="Housing repairs, Northbrook Homes", rows=14).html)
        assert page.locator("td.row").count() == 14 and page.get_by_text("Safeguarding lead").count() == 1
        for own_page_size in (True, False):
            pdf = page.pdf(format="A4", prefer_css_page_size=own_page_size)
            assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1, f"more than one page (own page size: {own_page_size})"
        page.set_content(printables.capture_sheet(rows=30).html)  # the test can fail: a long sheet needs two
        assert len(re.findall(rb"/Type\s*/Page(?!s)", page.pdf(format="A4", prefer_css_page_size=True))) == 2
    finally:
        page.close()


def test_capture_sheet_refuses_a_silly_number_of_rows():
    with pytest.raises(ValueError, match="between 1 and 40"):
        printables.capture_sheet(rows=0)


def test_typing_template_loads_without_a_mapping(tmp_path):
    path = printables.typing_template(tmp_path / "template.xlsx")
    demands = helpers.load_demands(path)
    assert len(demands) == 1
    row = demands.iloc[0]
    assert row["verbatim"].startswith("you said you'd be here this morning")
    assert row["classification"] == "failure"
    assert str(row["received_at"]) == "2026-03-02 11:52:00"  # day-first: 2 March
    assert row["demand_type"] == "Is someone still coming today?"
    assert row["contact_id"] == "1"


def test_an_empty_template_loads_as_no_demands(tmp_path):
    path = printables.typing_template(tmp_path / "empty.xlsx", example=False)
    assert len(helpers.load_demands(path)) == 0


def test_template_needs_an_xlsx_name(tmp_path):
    with pytest.raises(ValueError, match=".xlsx"):
        printables.typing_template(tmp_path / "template.csv")


def test_download_links_carry_the_file_in_the_page():
    link = printables.download_template()._repr_html_()
    assert link.startswith('<a download="typing-up-template.xlsx" href="data:application/vnd.openxml')


def test_a_table_for_people_has_no_row_numbers_and_shows_every_sentence_whole():
    import pandas as pd

    from helpers.views.figures import table

    said = "I took the morning off for this, is anyone actually coming, the slot was eight till one and it's gone half twelve"
    frame = pd.DataFrame({"change": ["failure to value"], "demand": [said], "reason": [None]}, index=[7])
    shown = table(frame)
    assert said in shown.html and said in repr(shown) and "..." not in repr(shown)
    assert "<th>7</th>" not in shown.html and not repr(shown).lstrip().startswith("7")
    assert "<td></td>" in shown.html  # empty, not 'None' or 'NaN'
    assert "white-space:normal" in shown.html  # long sentences wrap
    by_day = table(pd.DataFrame({"demands": [122]}, index=pd.Index(["2026-03-02"], name="day")))
    assert "<th>day</th>" in by_day.html and "<td>2026-03-02</td>" in by_day.html  # a named index is a column


def test_check_map_marks_where_the_team_is_and_says_it_in_words():
    ax = checkmap.check_map("capability")
    texts = [t.get_text() for t in ax.texts]
    assert "You are here" in texts and "Capability" in texts
    assert "step 3 of 6" in checkmap.describe("capability")
    with pytest.raises(ValueError, match="purpose, demand, capability"):
        checkmap.describe("delivery")
