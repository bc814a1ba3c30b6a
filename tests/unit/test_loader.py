"""load_demands: forgiving where a person would expect it, clear and whole-file refusals otherwise."""
from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import helpers
from helpers.core.errors import DemandDataError
from helpers.core.loader import CANONICAL_COLUMNS, load_demands, normalise_classification


def write(tmp_path, text: str, name: str = "sheet.csv", encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def write_xlsx(tmp_path, sheets: dict[str, list[list]], name: str = "sheet.xlsx"):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    path = tmp_path / name
    book.save(path)
    return path


def refusal(path, **kwargs) -> DemandDataError:
    with pytest.raises(DemandDataError) as info:
        load_demands(path, **kwargs)
    return info.value


# ------------------------------------------------------------------ shape of the result


def test_public_name_and_canonical_shape(tmp_path):
    path = write(tmp_path, "What they said,Extra thing,V/F\nMy bin was missed,x1,f\nNew bin please,x2,V\n")
    frame = helpers.load_demands(path)
    assert list(frame.columns[: len(CANONICAL_COLUMNS)]) == list(CANONICAL_COLUMNS)
    assert list(frame.columns[len(CANONICAL_COLUMNS):]) == ["Extra thing"]
    assert frame["verbatim"].tolist() == ["My bin was missed", "New bin please"]
    assert frame["classification"].tolist() == ["failure", "value"]
    assert frame["Extra thing"].tolist() == ["x1", "x2"]
    assert frame.attrs["source"] == str(path)
    expected_missing = [c for c in CANONICAL_COLUMNS if c not in ("verbatim", "classification")]
    assert frame.attrs["missing"] == expected_missing
    assert frame["received_at"].isna().all() and pd.api.types.is_datetime64_any_dtype(frame["received_at"])
    assert frame["notes"].isna().all()


def test_a_tick_sheet_of_types_is_enough(tmp_path):
    frame = load_demands(write(tmp_path, "Demand type\nMissed bin\nMissed bin\nNew bin\n"))
    assert frame["demand_type"].tolist() == ["Missed bin", "Missed bin", "New bin"]
    assert "verbatim" in frame.attrs["missing"] and "demand_type" not in frame.attrs["missing"]


@pytest.mark.parametrize("header, canonical", [
    ("Date", "received_at"), ("Time received", "received_at"), ("DATE RECEIVED", "received_at"),
    ("received_at", "received_at"), ("What they said", "verbatim"), ("Customer words", "verbatim"),
    ("customer's words", "verbatim"), ("VERBATIM", "verbatim"), ("Type", "demand_type"),
    ("Demand-type", "demand_type"), ("V/F", "classification"), ("V/F/?", "classification"),
    ("Class", "classification"), ("Channel", "channel"), ("Door", "channel"),
    ("Who listened", "captured_by"), ("Listener", "captured_by"), ("Role", "captured_role"),
    ("Notes", "notes"), ("What matters", "what_matters"), ("Contact ID", "contact_id"),
    ("person_id", "person_id"), ("Contact from", "contact_from"), ("Source ID", "source_id"),
    ("ID", "id"),
])
def test_column_names_match_ignoring_case_spaces_punctuation_and_synonyms(tmp_path, header, canonical):
    value = {"received_at": "03/04/2026", "classification": "value"}.get(canonical, "0123")
    extra = "" if canonical in ("verbatim", "demand_type") else ",Verbatim"
    row = value + ("" if not extra else ",words")
    frame = load_demands(write(tmp_path, f"{header}{extra}\n{row}\n"))
    got = frame.loc[0, canonical]
    if canonical == "received_at":
        assert got == pd.Timestamp(2026, 4, 3)
    else:
        assert got == value
    assert canonical not in frame.attrs["missing"]
    if header != canonical:
        assert header not in frame.columns  # used, not also kept as an extra


def test_columns_mapping_names_the_files_columns(tmp_path):
    path = write(tmp_path, "Ref,Created Date,Comments,Category\n0042,24/03/2025 09:30,Where is it?,Chase\n")
    frame = load_demands(path, columns={"id": "Ref", "received_at": "Created Date",
                                        "verbatim": "Comments", "demand_type": "Category"})
    assert frame.loc[0, ["id", "verbatim", "demand_type"]].tolist() == ["0042", "Where is it?", "Chase"]
    assert frame.loc[0, "received_at"] == pd.Timestamp(2025, 3, 24, 9, 30)
    assert "notes" in frame.attrs["missing"] and "verbatim" not in frame.attrs["missing"]


def test_columns_mapping_to_a_column_the_file_lacks_lists_the_files_columns(tmp_path):
    path = write(tmp_path, "Ref,Comments\n1,hello\n")
    err = refusal(path, columns={"verbatim": "Customer Comment"})
    assert err.column == "Customer Comment"
    assert "'Ref', 'Comments'" in str(err) and "no such column" in str(err)


def test_columns_mapping_with_an_unknown_canonical_name_lists_the_canonical_names(tmp_path):
    err = refusal(write(tmp_path, "Comments\nhello\n"), columns={"words": "Comments"})
    assert "'words'" in str(err) and "verbatim" in str(err) and "demand_type" in str(err)


def test_columns_mapping_the_wrong_way_round_says_so(tmp_path):
    err = refusal(write(tmp_path, "Comments\nhello\n"), columns={"Comments": "verbatim"})
    assert "wrong way round" in str(err) and "columns={'verbatim': 'Comments'}" in str(err)


def test_missing_verbatim_and_type_lists_columns_and_shows_how_to_map(tmp_path):
    path = write(tmp_path, "Ref,Comment from the resident,When\n1,The streetlight outside my house is out,x\n")
    err = refusal(path)
    message = str(err)
    assert err.file == str(path) and err.row is None and err.column == "verbatim"
    assert "'Ref', 'Comment from the resident', 'When'" in message
    assert "columns={'verbatim': 'Comment from the resident'}" in message


def test_extra_columns_and_ids_stay_text(tmp_path):
    path = write(tmp_path, "ID,Verbatim,Code,Amount\n0123,hello,007,1.50\n0124,again,,2\n")
    frame = load_demands(path)
    assert frame["id"].tolist() == ["0123", "0124"]
    assert frame.loc[0, "Code"] == "007" and frame.loc[0, "Amount"] == "1.50"
    assert pd.isna(frame.loc[1, "Code"])


def test_blank_rows_are_dropped_but_counted_in_row_numbers(tmp_path):
    path = write(tmp_path, "Verbatim,V/F\nfirst,v\n\n,\nsecond,maybe\n")
    err = refusal(path)
    assert err.row == 5 and err.column == "V/F"
    frame = load_demands(write(tmp_path, "Verbatim,V/F\nfirst,v\n\n,\nsecond,f\n"))
    assert frame["verbatim"].tolist() == ["first", "second"]
    assert list(frame.index) == [0, 1]


# ------------------------------------------------------------------ classification


@pytest.mark.parametrize("written, meant", [
    ("value", "value"), ("V", "value"), (" v ", "value"), ("Value Demand", "value"),
    ("failure", "failure"), ("F", "failure"), ("FAILURE  DEMAND", "failure"),
    ("unsure", "unsure"), ("?", "unsure"), ("not demand", "not demand"), ("N", "not demand"),
    ("Not customer demand", "not demand"), ("", None), ("   ", None), (None, None),
])
def test_normalise_classification_accepts_what_people_write(written, meant):
    assert normalise_classification(written) == meant


def test_normalise_classification_lists_valid_choices():
    with pytest.raises(ValueError, match="value .* failure .* unsure .* not demand"):
        normalise_classification("bad")


def test_unknown_classification_names_row_and_column_and_choices(tmp_path):
    path = write(tmp_path, "Verbatim,Value or failure?\na,V\nb,F\nc,?\nd,Failur\n")
    err = refusal(path)
    assert (err.row, err.column, err.file) == (5, "Value or failure?", str(path))
    assert "'Failur'" in str(err) and "not demand" in str(err) and "failure" in str(err)


def test_classification_column_is_canonical(tmp_path):
    path = write(tmp_path, "Verbatim,Class\na,V\nb,failure demand\nc,\nd,N\ne, ? \n")
    assert load_demands(path)["classification"].tolist()[:2] == ["value", "failure"]
    got = load_demands(path)["classification"]
    assert pd.isna(got[2]) and got[3] == "not demand" and got[4] == "unsure"


# ------------------------------------------------------------------ dates


def test_uk_day_first_dates(tmp_path):
    path = write(tmp_path, "Date,Verbatim\n03/04/2026 14:05,a\n3/4/2026 9:05,b\n13/04/2026,c\n,d\n")
    got = load_demands(path)["received_at"].tolist()
    assert got[:3] == [pd.Timestamp(2026, 4, 3, 14, 5), pd.Timestamp(2026, 4, 3, 9, 5),
                       pd.Timestamp(2026, 4, 13)]
    assert pd.isna(got[3])


def test_iso_dates_and_mixed_forms_in_one_column(tmp_path):
    path = write(tmp_path, "Date,Verbatim\n2026-04-03 14:05:00,a\n2026-04-03T09:00,b\n"
                           "05/04/2026 10:00,c\n 06/04/2026 ,d\n")
    assert load_demands(path)["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3, 14, 5), pd.Timestamp(2026, 4, 3, 9), pd.Timestamp(2026, 4, 5, 10),
        pd.Timestamp(2026, 4, 6)]


def test_time_zone_offsets_keep_the_local_time_as_written(tmp_path):
    path = write(tmp_path, "Verbatim,Date\na,2026-04-03T10:00+01:00\nb,2026-04-03T10:00Z\nc,03/04/2026 09:00\n")
    assert load_demands(path)["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3, 10), pd.Timestamp(2026, 4, 3, 10), pd.Timestamp(2026, 4, 3, 9)]


def test_years_no_one_means_are_not_dates(tmp_path):
    err = refusal(write(tmp_path, "Verbatim,Date\na,-1\n"))
    assert (err.row, err.column) == (2, "Date") and "'-1'" in str(err)


def test_other_day_first_forms(tmp_path):
    path = write(tmp_path, "Verbatim,Date\na,03/04/26 14:05\nb,3 April 2026\nc,3 Apr 2026 14:05\n"
                           "d,03-04-2026\ne,03.04.2026 9:05\n")
    assert load_demands(path)["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3, 14, 5), pd.Timestamp(2026, 4, 3), pd.Timestamp(2026, 4, 3, 14, 5),
        pd.Timestamp(2026, 4, 3), pd.Timestamp(2026, 4, 3, 9, 5)]


def test_excel_serial_numbers(tmp_path):
    path = write(tmp_path, "Date,Verbatim\n46115,a\n46115.5,b\n")
    assert load_demands(path)["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3), pd.Timestamp(2026, 4, 3, 12)]


def test_date_impossible_day_first_says_pass_dayfirst_false(tmp_path):
    path = write(tmp_path, "Verbatim,Date received\na,03/04/2025 10:00\nb,03/24/2025 10:00\n")
    err = refusal(path)
    assert (err.row, err.column) == (3, "Date received")
    assert "dayfirst=False" in str(err) and "'03/24/2025 10:00'" in str(err)


def test_us_month_first_with_dayfirst_false(tmp_path):
    path = write(tmp_path, "Verbatim,Date\na,03/04/2025 10:00 AM\nb,03/24/2025 11:33:07 PM\nc,2025-03-25\n")
    assert load_demands(path, dayfirst=False)["received_at"].tolist() == [
        pd.Timestamp(2025, 3, 4, 10), pd.Timestamp(2025, 3, 24, 23, 33, 7), pd.Timestamp(2025, 3, 25)]


def test_date_impossible_month_first_says_dayfirst_true(tmp_path):
    err = refusal(write(tmp_path, "Verbatim,Date\na,24/03/2025\n"), dayfirst=False)
    assert (err.row, err.column) == (2, "Date") and "dayfirst=True" in str(err)


def test_unreadable_date_names_row_column_and_example(tmp_path):
    err = refusal(write(tmp_path, "Verbatim,Date\na,03/04/2026\nb,next Tuesday\n"))
    assert (err.row, err.column) == (3, "Date") and type(err.row) is int
    assert "'next Tuesday'" in str(err) and "03/04/2026 14:05" in str(err)


def test_date_and_time_in_separate_columns(tmp_path):
    path = write(tmp_path, "Date,Time,Verbatim\n03/04/2026,14:05,a\n04/04/2026,2:30 PM,b\n05/04/2026,,c\n")
    frame = load_demands(path)
    assert frame["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3, 14, 5), pd.Timestamp(2026, 4, 4, 14, 30), pd.Timestamp(2026, 4, 5)]
    assert "Time" not in frame.columns


def test_date_and_time_pair_given_in_columns_mapping(tmp_path):
    path = write(tmp_path, "Day,At what time,Verbatim\n03/04/2026,09:15,a\n")
    frame = load_demands(path, columns={"received_at": ("Day", "At what time")})
    assert frame.loc[0, "received_at"] == pd.Timestamp(2026, 4, 3, 9, 15)


def test_unreadable_time_names_row_and_column(tmp_path):
    err = refusal(write(tmp_path, "Date,Time,Verbatim\n03/04/2026,14:05,a\n03/04/2026,teatime,b\n"))
    assert (err.row, err.column) == (3, "Time") and "'teatime'" in str(err)


# ------------------------------------------------------------------ encodings and CSV shapes


def test_utf8_with_bom(tmp_path):
    path = write(tmp_path, "Verbatim,Notes\nCafé £5 “quoted”,ok\n", encoding="utf-8-sig")
    frame = load_demands(path)
    assert frame.loc[0, "verbatim"] == "Café £5 “quoted”"
    assert "verbatim" not in frame.attrs["missing"]  # the BOM is not part of the first name


def test_windows_1252(tmp_path):
    path = write(tmp_path, "Verbatim\nI paid £40 and it’s still “pending”\n", encoding="cp1252")
    assert load_demands(path).loc[0, "verbatim"] == "I paid £40 and it’s still “pending”"


def test_semicolon_separated_from_european_excel(tmp_path):
    frame = load_demands(write(tmp_path, "Verbatim;Type\nhello, again;Chase\n"))
    assert frame.loc[0, ["verbatim", "demand_type"]].tolist() == ["hello, again", "Chase"]


def test_multiline_quoted_fields_count_as_one_excel_row(tmp_path):
    path = write(tmp_path, 'Verbatim,V/F\n"first line\nsecond line",v\n"one\n\nmore",x\n')
    err = refusal(path)
    assert (err.row, err.column) == (3, "V/F")
    frame = load_demands(write(tmp_path, 'Verbatim,V/F\n"first line\nsecond line",v\n'))
    assert frame.loc[0, "verbatim"] == "first line\nsecond line"


def test_words_pandas_would_take_as_missing_stay_words(tmp_path):
    frame = load_demands(write(tmp_path, "Verbatim,Notes\nNA,null\nN/A,None\n"))
    assert frame["verbatim"].tolist() == ["NA", "N/A"] and frame["notes"].tolist() == ["null", "None"]


def test_too_many_cells_names_the_row(tmp_path):
    err = refusal(write(tmp_path, "Verbatim,Type\na,b\nc,d,e\n"))
    assert err.row == 3 and "double quotes" in str(err)


def test_unclosed_quote_is_refused(tmp_path):
    err = refusal(write(tmp_path, 'Verbatim,Type\n"never closed,b\nc,d\n'))
    assert "double quote" in str(err)


@pytest.mark.parametrize("content, words", [
    (b"", "empty"), (b"\n\n  \n", "empty"), (b"Verbatim\n\x81\x8d\x8f\x90\n", "UTF-8"),
    (b"PK\x03\x04garbage", "cannot"), (b"Verbatim\nab\x00cd\n", "NUL"),
])
def test_unreadable_files_are_refused_plainly(tmp_path, content, words):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    err = refusal(path)
    assert words in str(err) and err.file == str(path)


def test_missing_file_and_old_xls(tmp_path):
    assert "no such file" in str(refusal(tmp_path / "nope.csv"))
    old = tmp_path / "old.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    assert ".xlsx" in str(refusal(old))


# ------------------------------------------------------------------ XLSX


def test_xlsx_first_sheet_with_date_cells_time_cells_numbers_and_text(tmp_path):
    path = write_xlsx(tmp_path, {"Monday": [
        ["Date", "Time", "What they said", "V/F", "Ref"],
        [dt.datetime(2026, 4, 3, 14, 5), None, "first", "F", "0123"],
        [None, None, None, None, None],
        [dt.date(2026, 4, 4), dt.time(9, 30), "second", "v", 124],
        [46115.5, None, "third", "?", "x"],
        ["03/04/2026", "2:05 PM", "fourth", "N", None],
    ], "Other": [["Verbatim"], ["not this one"]]})
    frame = load_demands(path)
    assert frame["verbatim"].tolist() == ["first", "second", "third", "fourth"]
    assert frame["received_at"].tolist() == [
        pd.Timestamp(2026, 4, 3, 14, 5), pd.Timestamp(2026, 4, 4, 9, 30),
        pd.Timestamp(2026, 4, 3, 12), pd.Timestamp(2026, 4, 3, 14, 5)]
    assert frame["classification"].tolist() == ["failure", "value", "unsure", "not demand"]
    assert frame["id"].tolist()[:2] == ["0123", "124"]


def test_xlsx_prefers_a_sheet_named_demands(tmp_path):
    path = write_xlsx(tmp_path, {"Notes": [["Verbatim"], ["not this"]],
                                 "Demands": [["Verbatim"], ["this one"]]})
    assert load_demands(path)["verbatim"].tolist() == ["this one"]


def test_xlsx_errors_name_the_excel_row_counting_blank_rows(tmp_path):
    path = write_xlsx(tmp_path, {"Sheet": [["Verbatim", "Date"], ["a", "01/02/2026"], [None, None],
                                           ["b", "02/13/2026"]]})
    err = refusal(path)
    assert (err.row, err.column) == (4, "Date") and "dayfirst=False" in str(err)


def test_broken_xlsx_is_refused(tmp_path):
    path = tmp_path / "broken.xlsx"
    path.write_bytes(b"PK\x03\x04 this is not really a workbook")
    assert "XLSX" in str(refusal(path))


# ------------------------------------------------------------------ malformed bytes


HEADERS = [b"", b"Verbatim\n", b"Verbatim,Date,V/F\n", b"\xef\xbb\xbfWhat they said;Type\n",
           b"Date,Time,Type\n"]


@settings(max_examples=80)
@given(st.sampled_from(HEADERS), st.binary(max_size=200),
       st.lists(st.sampled_from([b",", b'"', b"\n", b"\r", b";", b"\x00", b"\xff", b"03/24/2025",
                                 b"12:00", b"V", b"'=", b"_x00", b"\t"]), max_size=20))
def test_malformed_csv_bytes_raise_only_demand_data_error(tmp_path_factory, header, junk, pieces):
    path = tmp_path_factory.mktemp("junk") / "junk.csv"
    path.write_bytes(header + b"".join(pieces) + junk)
    try:
        frame = load_demands(path)
    except DemandDataError as err:
        assert str(err)
        return
    assert list(frame.columns[: len(CANONICAL_COLUMNS)]) == list(CANONICAL_COLUMNS)


# ------------------------------------------------------------------ real exports


# Samples of real public exports in tests/data/realdata (its README: source, licence, rows kept).
REALDATA = {
    "nyc311_2025-03-24_sample.csv": (
        {"id": "Unique Key", "received_at": "Created Date", "demand_type": "Complaint Type"},
        235, "Complaint Type"),
    "sandiego_getitdone_2021_from_march.csv": (
        {"id": "service_request_id", "received_at": "date_requested", "verbatim": "public_description",
         "demand_type": "service_name", "channel": "case_origin"},
        283, "public_description"),
    "cfpb_narratives_only.csv": (
        {"id": "Complaint ID", "received_at": "Date received", "verbatim": "Consumer complaint narrative", "demand_type": "Issue",
         "channel": "Submitted via"},
        200, "Consumer complaint narrative"),
}


@pytest.mark.parametrize("name", sorted(REALDATA))
def test_real_exports_load_with_a_mapping(realdata_dir, name):
    mapping, rows, _ = REALDATA[name]
    frame = load_demands(realdata_dir / name, columns=mapping, dayfirst=False)
    assert len(frame) == rows
    assert frame["received_at"].notna().all()
    assert frame["id"].notna().all() and frame["id"].is_unique
    assert "classification" in frame.attrs["missing"] and "received_at" not in frame.attrs["missing"]
    raw = pd.read_csv(realdata_dir / name, dtype=str)
    for canonical, column in mapping.items():
        if canonical != "received_at":
            assert frame[canonical].fillna("").tolist() == raw[column].fillna("").tolist()
    kept = [c for c in raw.columns if c not in mapping.values()]
    assert set(kept) <= set(frame.columns)


def test_real_us_dates_read_month_first(realdata_dir):
    frame = load_demands(realdata_dir / "nyc311_2025-03-24_sample.csv",
                         columns=REALDATA["nyc311_2025-03-24_sample.csv"][0], dayfirst=False)
    assert (frame["received_at"].dt.date == dt.date(2025, 3, 24)).all()
    assert pd.Timestamp("2025-03-24 23:33:07") in set(frame["received_at"])


def test_real_us_file_without_dayfirst_false_is_refused(realdata_dir):
    path = realdata_dir / "nyc311_2025-03-24_sample.csv"
    err = refusal(path, columns=REALDATA["nyc311_2025-03-24_sample.csv"][0])
    assert (err.row, err.column) == (2, "Created Date") and "dayfirst=False" in str(err)


@pytest.mark.parametrize("name", sorted(REALDATA))
def test_real_exports_without_a_mapping_name_the_missing_column(realdata_dir, name):
    path = realdata_dir / name
    err = refusal(path)
    header = pd.read_csv(path, nrows=0).columns
    assert "verbatim" in str(err) and "columns={" in str(err)
    assert all(repr(column) in str(err) for column in header)
    assert repr(REALDATA[name][2]) in str(err) or "demand_type" in str(err)


@settings(max_examples=30)
@given(st.binary(max_size=300), st.sampled_from(["junk.xlsx", "junk.csv", "junk"]))
def test_malformed_workbook_bytes_raise_only_demand_data_error(tmp_path_factory, junk, name):
    path = tmp_path_factory.mktemp("junk") / name
    path.write_bytes(b"PK\x03\x04" + junk)
    with pytest.raises(DemandDataError, match="XLSX"):
        load_demands(path)


def test_a_plus_on_the_paper_sheet_means_the_same_contact_as_the_line_above(tmp_path):
    path = write(tmp_path, "verbatim,channel\n"
                           "+ first line: no line above to continue,phone\n"
                           "My boiler has stopped,phone\n"
                           "+ and the window man never came back,phone\n"
                           "+44 7700 900123 rang back,phone\n")
    frame = load_demands(path)
    assert frame["verbatim"].tolist() == ["+ first line: no line above to continue", "My boiler has stopped",
                                          "and the window man never came back", "+44 7700 900123 rang back"]
    contacts = frame["contact_id"].tolist()
    assert contacts[1] == contacts[2] == "sheet.csv row 3" and pd.isna(contacts[0]) and pd.isna(contacts[3])
    assert any("read as the same contact as the line above" in note for note in frame.attrs["notes"])
