"""Bad input a person may bring: spreadsheets that cannot exhaust memory, the sheet a person
sees, Excel errors and unsaved formulas, and dates that read either way."""
import subprocess
import sys
import textwrap

import pytest
from openpyxl import Workbook

from helpers import DemandDataError, load_demands


def bomb(path):
    """A few KB: a header, two demands, and one value in Excel's very last cell."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What they said"])
    sheet.append(["02/03/2026 09:15", "Where is my repair?"])
    sheet.append(["02/03/2026 09:20", "My boiler has gone again"])
    sheet.cell(row=1_048_576, column=16_384, value="x")
    book.save(path)
    return path


def without_size_record(source, target):
    """The same workbook without its sheets' <dimension> records (some programs write none)."""
    import re
    import zipfile

    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = old.read(item)
            if item.filename.startswith("xl/worksheets/"):
                data = re.sub(rb"<dimension [^>]*/>", b"", data)
            new.writestr(item, data)


@pytest.mark.parametrize("size_record", [True, False], ids=["as Excel writes it", "without a size record"])
def test_a_value_in_excels_last_cell_is_refused_quickly_and_in_little_memory(tmp_path, size_record):
    path = bomb(tmp_path / "bomb.xlsx")
    if not size_record:  # then nothing says how far the sheet reaches: the read stops at the limit
        without_size_record(path, tmp_path / "bare.xlsx")
        path = tmp_path / "bare.xlsx"
    assert path.stat().st_size < 20_000
    code = textwrap.dedent(f"""
        import time
        from helpers import DemandDataError, load_demands
        start = time.perf_counter()
        try:
            load_demands({str(path)!r})
            print("loaded")
        except DemandDataError as err:
            print("refused:", err)
        # VmHWM: this process's own peak (ru_maxrss would carry the parent's peak across exec)
        peak = next(int(line.split()[1]) for line in open("/proc/self/status") if line.startswith("VmHWM"))
        print(time.perf_counter() - start, peak // 1024)
    """)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    said, numbers = done.stdout.strip().splitlines()
    seconds, megabytes = float(numbers.split()[0]), int(numbers.split()[1])
    if size_record:
        assert said.startswith(f"refused: {path}: sheet 'Sheet' reaches row 1,048,576 and column 16,384"), said
        assert "at most 100,000 rows and 200 columns" in said
    else:
        assert said == "loaded"
    assert seconds < 5 and megabytes < 200, (seconds, megabytes)


def test_a_hidden_first_sheet_is_passed_over_for_the_first_visible_one(tmp_path):
    book = Workbook()
    hidden = book.active
    hidden.title = "Lookups"
    hidden.append(["verbatim"])
    hidden.append(["not a demand: a list for a drop-down"])
    hidden.sheet_state = "hidden"
    shown = book.create_sheet("Monday")
    shown.append(["What they said"])
    shown.append(["Where is my repair?"])
    book.save(tmp_path / "monday.xlsx")
    demands = load_demands(tmp_path / "monday.xlsx")
    assert demands["verbatim"].tolist() == ["Where is my repair?"]
    assert demands.attrs["sheet"] == "Monday", "the loader says which sheet it read"


def test_too_many_rows_without_a_size_record_are_still_bounded(tmp_path, monkeypatch):
    import helpers.core.loader as loader

    monkeypatch.setattr(loader, "MAX_ROWS", 50)
    book = Workbook()
    sheet = book.active
    sheet.append(["What they said"])
    for i in range(60):
        sheet.append([f"demand {i}"])
    book.save(tmp_path / "with-size.xlsx")
    without_size_record(tmp_path / "with-size.xlsx", tmp_path / "long.xlsx")
    with pytest.raises(DemandDataError, match="more than 50 rows"):
        load_demands(tmp_path / "long.xlsx")


def sheet_with(tmp_path, cell):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What they said"])
    sheet.append(["02/03/2026 09:15", "Where is my repair?"])
    sheet.append(["02/03/2026 09:20", cell])
    book.save(tmp_path / "errors.xlsx")
    return tmp_path / "errors.xlsx"


@pytest.mark.parametrize("cell, says", [
    ("#N/A", "shows Excel's error #N/A"),
    ("#DIV/0!", "shows Excel's error #DIV/0!"),
    ('=VLOOKUP(A3,Lookups!A:B,2,FALSE)', "holds a formula (=VLOOKUP(A3,Lookups!A:B,2,FALSE)) whose value Excel never saved"),
])
def test_error_cells_and_formulas_without_a_value_are_refused_with_row_and_column(tmp_path, cell, says):
    # openpyxl saves a formula without its value, as a program that never opened Excel would
    with pytest.raises(DemandDataError) as refused:
        load_demands(sheet_with(tmp_path, cell))
    assert says in str(refused.value) and "cell B3" in str(refused.value)
    assert (refused.value.row, refused.value.column) == (3, "What they said")


def test_a_column_of_dates_that_read_either_way_says_which_way_it_was_read(tmp_path):
    sheet = tmp_path / "ambiguous.csv"
    sheet.write_text("Date,What they said\n03/04/2025 09:00,Where is my bin?\n05/04/2025 10:00,Bin not emptied\n", encoding="utf-8")
    demands = load_demands(sheet)
    assert demands.attrs["notes"] == [
        "Every date in column 'Date' reads either day first or month first; they were read day first (UK), "
        "from 3 April 2025 to 5 April 2025. If that is not when these demands came in, load the file with dayfirst=False."]
    told = tmp_path / "told.csv"
    told.write_text("Date,What they said\n03/04/2025 09:00,Where is my bin?\n25/04/2025 10:00,Bin not emptied\n", encoding="utf-8")
    assert load_demands(told).attrs["notes"] == [], "a 25th says the column is day first: nothing to say"


def test_a_merged_cell_fills_every_row_it_covers_and_says_so(tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Date", "What they said"])
    sheet.append(["25/03/2026 09:15", "Where is my repair?"])
    sheet.append([None, "My boiler has gone again"])
    sheet.append([None, "Is someone still coming?"])
    sheet.merge_cells("A2:A4")  # one date written once for three calls, as people do
    book.save(tmp_path / "merged.xlsx")
    demands = load_demands(tmp_path / "merged.xlsx")
    assert demands["received_at"].notna().all() and demands["received_at"].nunique() == 1
    assert demands.attrs["notes"] == ["sheet 'Sheet' has merged cells (A2:A4): the value of each was copied to every row it "
                                      "covers. Check those rows."]
