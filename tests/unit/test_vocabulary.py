"""One vocabulary: every spelling means the same in the loader, the Study, the checks and
``agreement``, and a word none of them knows is refused with its row and column."""
import pandas as pd
import pytest

import helpers
from helpers import DemandDataError, Study, load_demands
from helpers.analysis.checks import findings_table

SPELLINGS = {
    "value": ["value", "V", "value demand", " Value Demand "],
    "failure": ["failure", "F", "fail", "failure demand", "FAIL"],
    "unsure": ["unsure", "?", "U", "not sure", "Not  Sure"],
    "not demand": ["not demand", "no demand", "not-demand", "ND", "N/D", "n/d"],
}
WRITTEN = [w for words in SPELLINGS.values() for w in words]
MEANT = [meaning for meaning, words in SPELLINGS.items() for _ in words]


def frame(words):
    n = len(words)
    return pd.DataFrame({
        "source_id": [f"S{i}" for i in range(n)],
        "received_at": pd.date_range("2026-03-02 09:00", periods=n, freq="37min"),
        "verbatim": [f"demand number {i}" for i in range(n)],
        "classification": list(words),
        "demand_type": [f"type {i % 4}" for i in range(n)],
    })


def test_every_spelling_means_the_same_in_the_loader_the_study_the_checks_and_agreement(tmp_path):
    sheet = tmp_path / "sheet.csv"
    frame(WRITTEN).assign(received_at=lambda f: f["received_at"].dt.strftime("%d/%m/%Y %H:%M")).to_csv(sheet, index=False)
    assert load_demands(sheet)["classification"].tolist() == MEANT

    study = Study.scratch(name="spellings")
    study.import_demands(frame(WRITTEN))
    assert study.demands()["classification"].tolist() == MEANT

    as_written, as_meant = findings_table(helpers.check_study(frame(WRITTEN))), findings_table(helpers.check_study(frame(MEANT)))
    pd.testing.assert_frame_equal(as_written, as_meant)

    compared = helpers.agreement(frame(WRITTEN), frame(MEANT))
    assert (compared.compared, compared.percent) == (len(WRITTEN), 100.0)
    assert set(compared.table.index) <= set(SPELLINGS)  # no spelling became a class of its own
    assert helpers.agreement(study, frame(MEANT)).percent == 100.0


@pytest.mark.parametrize("word", ["maybe", "failed", "vf"])
def test_an_unknown_word_is_refused_with_its_row_and_column_everywhere(tmp_path, word):
    words = ["value", "failure", word, "value"]
    sheet = tmp_path / "sheet.csv"
    frame(words).to_csv(sheet, index=False)
    refusals = []
    with pytest.raises(DemandDataError) as loading:
        load_demands(sheet)
    refusals.append(loading.value)
    study = Study.scratch(name="unknown")
    with pytest.raises(DemandDataError) as importing:
        study.import_demands(frame(words))
    refusals.append(importing.value)
    assert study.demands().empty, "nothing is imported when one row is refused"
    with pytest.raises(DemandDataError) as checking:
        helpers.check_study(frame(words))
    refusals.append(checking.value)
    with pytest.raises(DemandDataError) as comparing:
        helpers.agreement(frame(words), frame(["value"] * 4))
    refusals.append(comparing.value)
    for refused in refusals:
        assert (refused.row, refused.column) == (4, "classification"), str(refused)
        assert repr(word) in str(refused) and "not demand (or ND" in str(refused)


def test_true_false_words_and_dates_are_read_one_way_with_row_and_column():
    from helpers.core.vocabulary import read_dates, read_flags

    assert read_flags(pd.Series(["yes", "No", "1", "0", None, "TRUE"]), column="told_story") == [
        True, False, True, False, False, True]
    with pytest.raises(DemandDataError) as refused:
        read_flags(pd.Series(["yes", "perhaps"]), column="told_story", file="history.csv")
    assert (refused.value.file, refused.value.row, refused.value.column) == ("history.csv", 3, "told_story")
    dates = read_dates(pd.Series(["2026-03-02", "03/03/2026 14:05", ""]), column="date")
    assert dates.iloc[0] == pd.Timestamp("2026-03-02") and dates.iloc[1] == pd.Timestamp("2026-03-03 14:05")
    with pytest.raises(DemandDataError) as refused:
        read_dates(pd.Series(["2026-03-02", "next Tuesday"]), column="first_contact_on", file="times.csv")
    assert (refused.value.file, refused.value.row, refused.value.column) == ("times.csv", 3, "first_contact_on")
