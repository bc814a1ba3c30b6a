"""The facilitators' console: read-only (files byte-identical), never a ranking, redacted wall export.

That no page or table shows more than one team's failure share or findings: test_console_one_team.py."""
import hashlib
import html
import re

import pytest

from helpers import Study

from helpers.teaching import console


def _make_team(folder, name, service="Housing repairs", answers=None, kind="transactional"):
    study = Study.create(folder / f"{name.lower()}.study", name=name, service=service, service_type=kind,
                         team={"Sam": "repairs manager", "Priya": "call handler"})
    for i, (words, cls, typ) in enumerate(answers or [], start=1):
        study.record(words, classification=cls, demand_type=typ, source_id=f"cal-{i}", received_at=f"0{1 + i % 3}/03/2026 10:00")
    return study


ANSWERS_A = [("is he still coming? slot 8-1", "failure", "Still coming?"), ("leak in the bathroom", "value", "Leak"),
             ("operative needs access", "not demand", None), ("ring me on 07700 900123 about the boiler", "value", "Boiler")]
ANSWERS_B = [("is he still coming? slot 8-1", "value", "Still coming?"), ("leak in the bathroom", "value", "Leak"),
             ("operative needs access", "not demand", None), ("ring me on 07700 900123 about the boiler", "value", "Boiler")]


@pytest.fixture
def folder(tmp_path):
    a = _make_team(tmp_path, "North", answers=ANSWERS_A)
    a.add_front_line_verdict("normal day", by="Priya")
    a.add_calibration("before", {"CAL01": "value", "CAL02": "value"}, by="Sam")
    a.add_calibration("after", {"CAL01": "value", "CAL02": "failure"}, by="Sam")
    a.close()
    b = _make_team(tmp_path, "South", answers=ANSWERS_B)
    b.add_calibration("before", [{"source_id": "CAL01", "classification": "?", "note": "SOUTH-ONLY note"},
                                 {"source_id": "CAL02", "classification": "not demand"}], by="Priya")
    b.close()
    _make_team(tmp_path, "Front door", service="Adult social care", kind="people-centred").close()
    return tmp_path


def _digests(folder):
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_the_console_reads_every_study_and_changes_no_file(folder):
    before = _digests(folder)
    board = console.Console(folder)
    summary = board.summary()
    html = board._repr_html_()
    board.calibration("North")
    board.choose(calibration=True)
    board.typologies(service="Housing repairs")
    for team in ("North", "South", "Front door"):
        board.private_view(team, figure=False)
        board.wall_page(team)
    assert _digests(folder) == before  # same files, same bytes: nothing written, no -wal left behind
    assert list(summary["team"]) == ["Front door", "North", "South"]  # file order, never sorted by a figure
    assert "never sorted" in summary.attrs["note"] and "never sorted" in html


def test_no_ranking_and_no_per_person_figures(folder):
    board = console.Console(folder)
    html = (board._repr_html_() + "".join(board.private_view(i).html + board.wall_page(i).html
                                          for i in range(3))).lower()
    html = re.sub(r"data:[^\"']+", "", html)  # images and download links, not words
    assert not re.search(r"\brank|league|top team|best team|worst team", html)
    for person in ("sam", "priya"):
        assert not re.search(person + r"\W+\d", html), "a figure next to a person's name"


def test_typologies_combine_only_the_same_service(folder):
    board = console.Console(folder)
    with pytest.raises(ValueError, match="different services"):
        board.typologies()
    table = board.typologies(service="Housing repairs")
    assert list(table.columns) == ["North", "South"]
    assert "Still coming?" in list(table["North"])
    assert not table.apply(lambda column: column.str.contains("failure|value", na=False)).any().any()


def test_calibration_shows_one_chosen_teams_rounds_before_against_after_and_never_another_team(folder):
    board = console.Console(folder)
    assert board.has_calibration()
    with pytest.raises(ValueError, match="Choose one team"):
        board.calibration()
    north = html.unescape(board.calibration("North")._repr_html_())
    assert "North" in north and "value to failure" in north and "CAL02" in north
    assert "South" not in north and "SOUTH-ONLY" not in north and "not demand" not in north.split("Every demand")[-1]
    south = html.unescape(board.calibration("South")._repr_html_())
    assert "SOUTH-ONLY note" in south and "after round is still to come" in south and "North" not in south
    assert "No calibration round" in board.calibration("Front door").message
    assert "%" not in north + south
    pick, view = board.choose(calibration=True).children
    assert view.value == ""  # nothing until a team is chosen
    pick.value = 1
    assert "North" in html.unescape(view.value) and "South" not in html.unescape(view.value)


def test_the_wall_export_is_redacted_and_says_a_person_must_read_it(folder, tmp_path):
    out = tmp_path / "wall.html"
    # The verbatims are not on the console page itself, but a reflection with a phone number is.
    s = Study.open(folder / "north.study")
    s.add_reflection("Call Jo back on 07700 900456 about the debrief", by="Sam")
    s.close()
    check = console.Console(folder).export_wall("North", out)
    text = out.read_text()
    assert "07700 900456" not in text and "[PHONE]" in text
    assert "a person must read" in check


def test_a_folder_with_no_studies_is_explained(tmp_path):
    with pytest.raises(FileNotFoundError, match="No .study files"):
        console.Console(tmp_path)


def test_with_no_studies_the_console_shows_the_sample_teams_and_says_so(tmp_path):
    board = console.open_console(tmp_path)
    assert "sample teams" in board.source
    summary = board.summary()
    assert len(summary) == 4 and summary["demands"].min() > 0
    assert board.typologies(service=summary.loc[0, "service"]).shape[1] >= 2
    assert not board.has_calibration()  # the sample teams' own studies hold no calibration round
    teams = console.sample_calibration()
    assert teams.has_calibration() and len(teams.studies) == 4
    for i in range(4):
        shown = teams.calibration(i)
        assert shown.stages == ["before", "after"] and len(shown.moved) > 0


def test_open_console_reads_the_folder_when_it_has_studies(folder):
    board = console.open_console(folder)
    assert board.source.startswith("3 studies") and "read-only" in board.source
