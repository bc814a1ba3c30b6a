"""Typed-up sheets go into a study whole or not at all, never twice, with where they came from."""
from __future__ import annotations

import io

import pytest
from openpyxl import load_workbook

import helpers
from helpers import DemandDataError, Study, StudyError, import_sheet
from helpers.views.printables import typing_template_bytes

HEADER = "Date,Time,Channel,What they said,V/F/?,Type of demand,Listener\n"
ROWS = ["24/03/2026,09:05,phone,Is the plumber still coming?,F,Chasing a visit,Asha\n",
        "24/03/2026,09:40,phone,My boiler has stopped,V,Report a repair,Asha\n",
        "25/03/2026,10:15,counter,Nobody came yesterday,F,Chasing a visit,Ben\n"]


def sheet(tmp_path, name, rows=ROWS, header=HEADER):
    path = tmp_path / name
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_a_sheet_goes_in_whole_with_its_provenance(tmp_path):
    study = Study.scratch()
    result = import_sheet(study, sheet(tmp_path, "monday.csv"), by="Asha")
    assert (result.imported, result.repeated, result.example_left_out) == (3, 0, False)
    assert result.message == str(result) == "Imported 3 demands from monday.csv."
    assert study.demands()["verbatim"].tolist() == [r.split(",")[3] for r in ROWS]
    event = study.events().iloc[-1]
    assert (event["action"], event["by"], event["target"]) == ("import_demands", "Asha", "demands 1-3")
    source = event["details"]["sheet"]
    assert source["file"] == "monday.csv" and source["sheet"] is None and len(source["row_hashes"]) == 3
    assert event["details"]["count"] == 3


def test_a_bad_row_imports_nothing_and_names_its_row_and_column(tmp_path):
    study = Study.scratch()
    bad = ROWS[:2] + ["25/03/2026,10:15,counter,Nobody came,maybe,Chasing a visit,Ben\n"]
    with pytest.raises(DemandDataError) as caught:
        import_sheet(study, sheet(tmp_path, "tuesday.csv", bad))
    assert (caught.value.row, caught.value.column) == (4, "V/F/?")
    assert caught.value.plain.startswith("tuesday.csv, row 4, column 'V/F/?': 'maybe' is not a classification")
    assert caught.value.plain.endswith("Nothing was imported.")
    assert len(study.demands()) == 0 and study.events()["action"].tolist() == ["create"]


def test_the_same_sheet_twice_adds_nothing_whatever_its_name(tmp_path):
    study = Study.scratch()
    import_sheet(study, sheet(tmp_path, "monday.csv"), by="Asha")
    again = import_sheet(study, sheet(tmp_path, "monday (copy).csv"), by="Ben")
    assert (again.imported, again.repeated) == (0, 3)
    assert again.message.startswith("Nothing was added: every row of monday (copy).csv was imported before "
                                    "(from monday.csv, last on ")
    assert "by Asha" in again.message
    assert len(study.demands()) == 3 and study.events()["action"].tolist() == ["create", "import_demands"]


def test_a_sheet_that_grew_adds_only_its_new_rows(tmp_path):
    study = Study.scratch()
    import_sheet(study, sheet(tmp_path, "week.csv", ROWS[:2]))
    grown = import_sheet(study, sheet(tmp_path, "week.csv", ROWS[::-1]))  # sorted differently in Excel, one row more
    assert (grown.imported, grown.repeated) == (1, 2)
    assert grown.message.startswith("Imported 1 demand from week.csv. 2 rows imported before were left out (from week.csv")
    assert study.demands()["verbatim"].tolist()[-1] == "Nobody came yesterday"


def test_rows_truly_repeated_go_in_when_asked_and_an_undone_import_can_come_again(tmp_path):
    study = Study.scratch()
    path = sheet(tmp_path, "monday.csv")
    import_sheet(study, path, by="Asha")
    study.undo(by="Asha")  # Asha's import taken back: its rows may come in again
    assert import_sheet(study, path, by="Asha").imported == 3 and len(study.demands()) == 3
    assert import_sheet(study, path, allow_repeats=True).imported == 3  # two tick sheets alike, say
    assert len(study.demands()) == 6


def test_the_templates_example_row_is_left_out_of_an_xlsx(tmp_path):
    book = load_workbook(io.BytesIO(typing_template_bytes(example=True)))
    book["demands"].append(["24/03/2026", "09:05", "phone", "Is the plumber still coming?", "F",
                            "Chasing a visit", "Asha", "call handler", "2", ""])
    path = tmp_path / "typed up.xlsx"
    book.save(path)
    study = Study.scratch()
    result = import_sheet(study, path)
    assert (result.imported, result.example_left_out, result.sheet) == (1, True, "demands")
    assert result.message == "Imported 1 demand from typed up.xlsx (sheet 'demands'). The template's example row was left out."
    assert study.demands()["verbatim"].tolist() == ["Is the plumber still coming?"]
    assert study.events().iloc[-1]["details"]["sheet"]["example_left_out"] is True
    only_example = tmp_path / "empty.xlsx"
    only_example.write_bytes(typing_template_bytes(example=True))
    nothing = import_sheet(study, only_example)
    assert nothing.imported == 0 and nothing.message == (
        "Nothing was added: empty.xlsx (sheet 'demands') has no demands besides the example row.")


def test_the_same_rows_typed_as_csv_after_xlsx_are_known(tmp_path):
    book = load_workbook(io.BytesIO(typing_template_bytes(example=False)))
    for row in ROWS:
        book["demands"].append(row.strip().split(","))
    book.save(tmp_path / "monday.xlsx")
    study = Study.scratch()
    assert import_sheet(study, tmp_path / "monday.xlsx").imported == 3
    assert import_sheet(study, sheet(tmp_path, "monday.csv")).repeated == 3


def test_a_month_first_sheet_is_refused_in_plain_words(tmp_path):
    study = Study.scratch()
    path = sheet(tmp_path, "us.csv", ["03/24/2026,09:05,phone,Is the plumber still coming?,F,Chasing,Asha\n"])
    with pytest.raises(DemandDataError) as caught:
        import_sheet(study, path)
    assert "dayfirst=False" in str(caught.value)  # the loader's own words, for code users
    assert "choose 'dates are month first'" in caught.value.plain and "dayfirst" not in caught.value.plain
    assert caught.value.plain.startswith("us.csv, row 2, column 'Date':")
    assert len(study.demands()) == 0
    assert import_sheet(study, path, dayfirst=False).imported == 1


def test_the_loaders_notes_come_with_the_result(tmp_path):
    result = import_sheet(Study.scratch(), sheet(tmp_path, "either.csv", ["03/04/2026,09:05,phone,Where is my bin?,F,,Asha\n"]))
    assert len(result.notes) == 1 and "reads either day first or month first" in result.notes[0]
    assert "choose 'dates are month first'" in result.notes[0] and result.notes[0] in result.message


def test_a_read_only_study_takes_nothing(tmp_path):
    path = tmp_path / "repairs.study"
    Study.create(path).close()
    with Study.open(path, readonly=True) as study, pytest.raises(StudyError, match="read-only"):
        import_sheet(study, sheet(tmp_path, "monday.csv"))
    assert len(Study.open(path, readonly=True).demands()) == 0
    assert helpers.ImportResult is helpers.sheets.ImportResult


def test_rows_after_the_example_keep_their_numbers_in_errors(tmp_path):
    book = load_workbook(io.BytesIO(typing_template_bytes(example=True)))
    book["demands"].append(["24/03/2026", "09:05", "phone", "Is the plumber coming?", "maybe", "", "Asha", "", "2", ""])
    book.save(tmp_path / "typed up.xlsx")
    with pytest.raises(DemandDataError) as caught:
        import_sheet(Study.scratch(), tmp_path / "typed up.xlsx")
    row = book["demands"].max_row  # the row below the example, as Excel shows it
    assert caught.value.plain.startswith(f"typed up.xlsx, row {row}, column 'V/F/?': 'maybe' is not a classification")


def test_the_row_hashes_never_read_as_personal_data_in_an_export(tmp_path):
    rows = [f"24/03/2026,09:{i % 60:02d},phone,Is the plumber still coming? ({i}),F,Chasing a visit,Asha\n" for i in range(400)]
    study = Study.scratch()
    import_sheet(study, sheet(tmp_path, "big.csv", rows))
    result = study.export(tmp_path / "out.xlsx")
    assert len(result.finds) == 0, result.finds
