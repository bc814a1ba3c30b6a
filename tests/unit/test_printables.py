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


def test_check_map_marks_where_the_team_is_and_says_it_in_words():
    ax = checkmap.check_map("capability")
    texts = [t.get_text() for t in ax.texts]
    assert "You are here" in texts and "Capability" in texts
    assert "step 3 of 6" in checkmap.describe("capability")
    with pytest.raises(ValueError, match="purpose, demand, capability"):
        checkmap.describe("delivery")
