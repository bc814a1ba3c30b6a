"""What a team shows: the summary page and the wall of types are masked all over, count failure
demand per value demand right, save as one self-contained A4 page, and never count per person."""
import html
import re

import pytest

import helpers
from helpers import Study, serve
from helpers.core.personal_data import mask
from helpers.teaching import summary

PLANTED = ["07700 900123", "jo.bloggs@example.com", "NE1 4XY", "14 Acacia Avenue", "Priya Patel"]
STAFF = "Tom Willis"  # who recorded things: never on the page


def planted(text: str) -> str:
    return f"{text}: ring 07700 900123 or jo.bloggs@example.com, 14 Acacia Avenue, NE1 4XY, my name is Priya Patel"


@pytest.fixture
def study():
    s = Study.scratch(name="Repairs pilot")
    s.record(planted("is he still coming?"), classification="failure", demand_type="Is someone still coming today?",
             received_at="2026-03-02T11:50", captured_by=STAFF)
    s.record("still waiting, it's gone twelve", classification="failure", demand_type="Is someone still coming today?",
             received_at="2026-03-02T12:10", captured_by=STAFF)
    s.record("still waiting, it's gone twelve", classification="failure", demand_type="Is someone still coming today?",
             received_at="2026-03-02T12:30")
    s.record("the part they fitted is wrong", classification="failure", demand_type="Wrong part fitted",
             received_at="2026-03-03T09:00")
    s.record("water through the kitchen ceiling", classification="value", demand_type="Leak", received_at="2026-03-03T09:05")
    s.record("boiler's gone", classification="value", demand_type=planted("Call back"), received_at="2026-03-03T09:30")
    s.record("operative needs the key safe code", classification="not demand", received_at="2026-03-03T10:00")
    s.describe_type("Is someone still coming today?", failed_where=planted("the 8-1 slot policy"),
                    arises_from=planted("any repair with an appointment"))
    s.describe_type("Leak", what_matters=planted("someone comes today"))
    s.add_front_line_verdict(planted("Normal, but the storm"), by=STAFF, day="2026-03-02")
    s.add_reflection(planted("We did not expect so much chasing"), by=STAFF)
    s.add_next_step(planted("Follow ten repairs end to end"), by=STAFF)
    return s


def shown(page) -> str:
    return html.unescape(page.html)


@pytest.mark.parametrize("make", [summary.team_summary, summary.type_wall], ids=["summary", "wall"])
def test_every_type_is_there_and_no_planted_detail_or_staff_name(study, make):
    page = make(study)
    text = shown(page)
    for name in study.types()["name"]:
        assert mask(name).texts in text, f"type {name!r} missing"
    for detail in [*PLANTED, STAFF, "07700", "Acacia", "Priya"]:
        assert detail not in text and detail not in page.html, f"{detail!r} got through"
    assert "[PHONE]" in text and "[EMAIL]" in text and "[NAME]" in text
    assert "a person must read every text before it is shared" in page.check and page.check in text
    assert page.finds >= 5 and "nan" not in text.replace("nance", "")


def test_the_summary_says_every_part_in_words(study):
    text = shown(summary.team_summary(study))
    for part in ("What people asked for, in their words", "Failure demand for each value demand", "What failed, and where",
                 "What matters to people", "What the front line said", "What we reflected on", "What we will study next",
                 "Come and listen with the team for an hour", "never a target", "the 8-1 slot policy",
                 "someone comes today", "Normal, but the storm", "We did not expect so much chasing",
                 "Follow ten repairs end to end", "any repair with an appointment"):
        assert part in text, part
    assert not re.search(r"\brank|normal range to|league", text.replace("no normal range to aim at", ""), re.I)


def test_first_three_distinct_verbatims_by_default_and_the_team_may_pick(study):
    text = shown(summary.team_summary(study))
    assert text.count("still waiting, it's gone twelve") == 1  # said twice, shown once
    ids = study.demands().set_index("verbatim")["id"]
    chosen = int(ids["still waiting, it's gone twelve"].iloc[0])
    picked = shown(summary.team_summary(study, quotes={"Is someone still coming today?": [chosen]}))
    assert "still waiting" in picked and "is he still coming?" not in picked
    with pytest.raises(ValueError, match="not of the type"):
        summary.team_summary(study, quotes={"Leak": [chosen]})
    with pytest.raises(ValueError, match="no type called"):
        summary.type_wall(study, quotes={"Nothing like it": [1]})


def test_failure_per_value_demand_on_a_study_built_by_hand():
    s = Study.scratch(name="By hand")
    for i in range(4):
        s.record(f"book a repair {i}", classification="value", demand_type="Book a repair")
    for i in range(6):
        s.record(f"where is he {i}", classification="failure", demand_type="Chasing")
    for i in range(2):
        s.record(f"wrong part {i}", classification="failure", demand_type="Wrong part")
    s.describe_type("Chasing", arises_from="appointment slots")
    s.describe_type("Wrong part", arises_from="the contractor")
    page = summary.team_summary(s).html
    assert "there were <b>2.00</b> failure demands (8 failure and 4 value demands)" in page
    rows = re.findall(r"<tr><td>([^<]*)</td><td>([^<]*)</td><td>(\d+)</td><td>([\d.]+)</td></tr>", page)
    assert rows == [("Chasing", "appointment slots", "6", "1.50"), ("Wrong part", "the contractor", "2", "0.50")]
    origins = re.findall(r"<tr><td>([^<]*)</td><td>(\d+)</td><td>([\d.]+)</td></tr>", page)
    assert origins == [("appointment slots", "6", "1.50"), ("the contractor", "2", "0.50")]


def test_an_empty_study_still_makes_both_pages():
    s = Study.scratch(name="Nothing yet")
    assert "Not yet: this needs demands classified" in summary.team_summary(s).html
    assert "Our types of demand" in summary.type_wall(s).html


@pytest.mark.parametrize("make", [summary.team_summary, summary.type_wall], ids=["summary", "wall"])
def test_saved_page_is_self_contained_and_prints_on_a4(study, make, tmp_path, monkeypatch):
    page = make(study)
    saved = page.save(tmp_path / "page.html").read_text(encoding="utf-8")
    assert saved.startswith("<!DOCTYPE html>") and "<style>" in saved
    assert not re.search(r"https?:|//[a-z]", saved, re.I), "an outside reference in the saved page"
    assert "@page { size: A4; margin: 15mm; }" in saved and "break-inside: avoid" in saved
    assert "[PHONE]" in saved and "07700" not in saved
    shown = page._repr_html_()  # in a notebook, the page ends with the link that downloads it
    assert shown.startswith(page.html) and shown.endswith("(read it first)</a></p>")
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    with pytest.raises(PermissionError, match="read-only"):
        page.save(tmp_path / "again.html")
    assert page.download()._repr_html_().startswith(f'<a download="{page.filename}"')


def test_exported_from_helpers():
    assert helpers.team_summary is summary.team_summary and helpers.type_wall is summary.type_wall


def test_the_evidence_figures_have_alt_text(study):
    page = summary.evidence(study).html
    alts = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]*)"', page)
    assert len(alts) == 4 and all(len(a) > 20 for a in alts)
    assert "by door" in page or "door" in " ".join(alts)
    assert "07700" not in page


def test_the_walkthrough_opens_the_servers_study_read_only(tmp_path, monkeypatch):
    path = tmp_path / "ours.study"
    with Study.create(path, name="Our repairs") as s:
        s.record("water through the ceiling", classification="value", demand_type="Leak")
    before = path.read_bytes()
    monkeypatch.setenv("DEMAND_STUDY", str(path))
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    study, note = summary.open_team_study()
    assert study.readonly and study.info["name"] == "Our repairs" and "read-only" in note.html
    assert "Leak" in summary.team_summary(study).html
    study.close()
    assert path.read_bytes() == before and not (tmp_path / "ours.study-wal").exists()
    monkeypatch.delenv("DEMAND_STUDY")
    study, note = summary.open_team_study()
    assert "sample study" in note.html and len(study.demands()) > 0


def test_the_walkthrough_command_serves_one_notebook_for_a_study(tmp_path, capsys):
    cmd, env, url = serve.walkthrough_command(port=8866, study=tmp_path / "x.study", token="t")
    assert str(serve.OUR_STUDY) in cmd and serve.OUR_STUDY.is_file() and "--Voila.token=t" in cmd
    assert env["DEMAND_MODE"] == "readonly" and env["DEMAND_STUDY"] == str((tmp_path / "x.study").resolve())
    assert url == "http://127.0.0.1:8866/?token=t"
    cmd, env, _ = serve.walkthrough_command(port=8866, folder=tmp_path / "site")
    # without a study: the curriculum's folder (links to the listed notebooks), never the team's study
    assert cmd[3] == str(tmp_path / "site" / "site") and "DEMAND_STUDY" not in env
    assert (tmp_path / "site" / "site" / "workbooks" / "01_start_here.ipynb").exists()
    assert serve.main(["walkthrough", "--study", str(tmp_path / "missing.study")]) == 1
    assert "There is no study at" in capsys.readouterr().out


def test_the_summary_shows_what_the_numbers_said_apart_from_what_the_team_decided(study):
    from helpers.teaching import daily

    assert "Not asked yet (workbook 7)" in shown(summary.team_summary(study))
    report = helpers.saturation(study)
    study.record_saturation_check(report, by=STAFF)
    daily.record_decision(study, False, planted("we have not read the letters"), by=STAFF)
    text = shown(summary.team_summary(study))
    enough = text[text.index("Have we heard enough?"):]
    assert f"What the numbers said: {report.message}" in enough
    assert "What we decided: Not yet: we have not read the letters" in enough
    reflected = text[text.index("What we reflected on"):text.index("Have we heard enough?")]
    assert "letters" not in reflected and "We did not expect so much chasing" in reflected  # once, in its place
    assert "07700" not in text and "[PHONE]" in enough  # the decision is masked like every other text


def test_the_leaders_invitation_shows_in_a_walkthrough_only(monkeypatch):
    import IPython.display

    seen = []
    monkeypatch.setattr(IPython.display, "display", lambda *shown, **_: seen.extend(shown))
    monkeypatch.setenv("DEMAND_MODE", "lab")
    summary.invitation()._ipython_display_()
    summary.invitation("exercise")._ipython_display_()
    assert seen == []  # a team's own JupyterLab: nothing at the end of the notebook
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    summary.invitation()._ipython_display_()
    summary.invitation("exercise")._ipython_display_()
    assert [("come and listen with a team for an hour" in s.data.lower()) for s in seen] == [True, True]
    assert "You have just read how a team did this" in seen[0].data and "This exercise is practice" in seen[1].data
    with pytest.raises(ValueError, match="'workbook' or an 'exercise'"):
        summary.invitation("slide")
