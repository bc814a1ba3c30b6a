"""The study picker and set-up form: creates or reopens, idempotent, scratch in a walkthrough."""
import datetime


import helpers
from helpers.teaching import setup


def fill(form, name="Repairs line, March"):
    form.name.value = name
    form.service.value = "Housing repairs"
    form.purpose.value = "Fix my home right, when it suits me"
    form.team.value = "Sam: repairs manager\nPriya: call handler"
    form.tick(doors=("phone", "email"))
    form.size.value = 400
    form.start.value = datetime.date(2026, 3, 2)
    form.weeks.value = 2


def test_the_form_creates_a_study_with_team_and_plan():
    form = setup.study_form()
    assert form.study.is_scratch and form.picker.study is None  # nothing chosen yet: a scratch study to work with
    fill(form)
    form.button.click()
    assert "Created" in form.status.value
    study = form.study
    assert study.path.parent == helpers.studies_dir() and study.path.name == "repairs-line-march.study"
    assert dict(zip(study.members()["name"], study.members()["role"])) == {"Sam": "repairs manager", "Priya": "call handler"}
    assert study.plan()["doors"] == ["phone", "email"] and study.plan()["demands_planned"] == 400
    days = study.plan()["days"]
    assert len(days) == 10 and str(days[0]).startswith("2026-03-02") and str(days[-1]).startswith("2026-03-13")
    assert "Fix my home right" in form.summary.value


def test_run_all_twice_reopens_and_changes_nothing():
    first = setup.study_form()
    fill(first)
    first.button.click()
    events = len(first.study.events())
    second = setup.study_form()
    assert second.study.path == first.study.path  # the one created: remembered for the session
    assert "Chosen: <b>Repairs line, March</b>" in second.picker.status.value
    fill(second)
    second.button.click()
    assert "reopened" in second.status.value
    assert len(second.study.events()) == events
    assert len(helpers.list_studies()) == 1


def test_a_missing_name_or_a_bad_team_line_is_explained_and_nothing_is_made():
    form = setup.study_form()
    form.button.click()
    assert "Give the study a name" in form.status.value
    fill(form)
    form.team.value = "Sam"
    form.button.click()
    assert "needs a name and a role" in form.status.value
    assert helpers.list_studies().empty


def test_in_a_walkthrough_the_form_makes_a_scratch_study_and_writes_nothing(monkeypatch):
    monkeypatch.setenv("DEMAND_MODE", "readonly")
    form = setup.study_form()
    assert "read-only walkthrough" in form.widget.children[0].value
    fill(form)
    form.button.click()
    assert form.study.is_scratch and "scratch" in form.status.value
    assert not helpers.studies_dir().exists()


def test_describe_says_where_it_is_kept():
    study = setup.open_or_create("Benefits", service="Benefits office", team={"Jo": "team leader"})
    assert "saved as benefits.study" in setup.describe(study)
    assert setup.open_or_create("Benefits").path == study.path


def test_a_report_under_the_picker_is_html_never_an_output_widget():
    # An Output widget drawn into while Voila runs a cell can leave the page waiting forever (workbook 8's
    # summary under the picker did): reports and pages show as HTML widgets.
    import pathlib
    import re

    import ipywidgets

    helpers.Study.create("repairs", name="Repairs").close()
    picker = helpers.pick_study()
    shown = picker.show(helpers.team_summary).children[1].children[0]
    assert isinstance(shown, ipywidgets.HTML) and "Download this page" in shown.value
    source = pathlib.Path(setup.__file__).parents[1]
    users = [p.name for p in source.rglob("*.py") if re.search(r"\bOutput\(", p.read_text(encoding="utf-8"))]
    assert users == []
