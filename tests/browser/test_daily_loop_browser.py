"""A team's first three days in JupyterLab, touching no code cell. Day 1: set up the study in
workbook 3's form, import a typed-up sheet in workbook 4's, classify it together on workbook 5's
projector view (each paper mark confirmed by its key), say in its debrief whether the day was
normal, and record the front line's verdict in workbook 8's. Day 2: two demands captured in the
capture app, as ``make capture`` serves it. Day 3: in workbook 6's debrief, two types joined and
one described. The study file must end with exactly the demands typed and captured, in the study
made, and every action in its log, by whoever did it. On the way: a facilitator note opens as a
page, and no news is offered.

"Undo my last", a second sheet and the same sheet again are in tests/unit/test_daily_loop.py,
driving the same widgets without a browser.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

import helpers
from helpers.core.study import Study
from support import SHOWN, run_all_cells

ROOT = Path(__file__).resolve().parents[2]
SHEET = ("Date,Time,Channel,What they said,V/F/?,Type of demand,Listener\n"
         "24/03/2026,09:05,phone,\"You said he'd come this morning, it's gone twelve\",F,Is someone coming today?,Priya\n"
         "24/03/2026,09:40,phone,My boiler has stopped,V,Report a repair,Priya\n"
         "24/03/2026,10:15,reception,Where is the plumber? I waited in all day,F,Where is the plumber?,Priya\n")
CAPTURED = [("Is the plumber still coming? I took the day off for him", "Alt+KeyF", "Is someone coming today?"),
            ("The kitchen tap won't stop dripping", "Alt+KeyV", "Report a repair")]
WORKBOOKS = ("03_plan_your_study.ipynb", "04_listen_and_capture.ipynb", "05_classify_together.ipynb",
             "06_through_the_customers_eyes.ipynb", "08_share_with_the_front_line.ipynb")
NOTE = "facilitator_notes/briefing_front_line.md"


def code(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code"]


def run_all(page, server, name: str) -> None:
    run_all_cells(page, f"{server.url}/lab/tree/{name}?token={server.token}", len(code(ROOT / "workbooks" / name)))


def field(form, label: str):
    return form.locator(".widget-inline-hbox, .widget-textarea, .widget-text").filter(
        has=form.page.locator("label", has_text=label)).locator("input, textarea, select").first


def debrief(page, server, workbook: str, person: str):
    """Run ``workbook`` and return its debrief form, with the study chosen and ``person`` named in it."""
    run_all(page, server, workbook)
    page.locator(f"{SHOWN} .demand-study-name", has_text="Study: Repairs line, March").first.wait_for(timeout=30_000)
    form = page.locator(f"{SHOWN} .demand-debrief")
    field(form, "Your name").fill(person)
    return form


@pytest.mark.browser
def test_three_days_of_a_team_without_code(lab_server, capture_server, page, tmp_path, artefacts_dir):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    for name in WORKBOOKS:
        shutil.copy(ROOT / "workbooks" / name, folder / name)
    shutil.copy(ROOT / NOTE, folder / "briefing.md")
    # Every cell on the page at once (JupyterLab otherwise draws only the cells in view).
    settings = artefacts_dir / "jupyter-config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    sheet = tmp_path / "from-my-laptop" / "monday.csv"
    sheet.parent.mkdir()
    sheet.write_text(SHEET, encoding="utf-8")
    shutil.rmtree(artefacts_dir / "lab-workspaces", ignore_errors=True)  # no tabs from an earlier run
    server = lab_server(extra=[f"--FileContentsManager.root_dir={folder}", f"--MappingKernelManager.root_dir={folder}"])

    # The facilitator's briefing opens as a page, not as Markdown to edit.
    page.goto(f"{server.url}/lab/tree/briefing.md?token={server.token}")
    page.locator(".jp-RenderedMarkdown h1", has_text="Briefing the front line").wait_for(timeout=60_000)
    assert page.locator(".jp-MainAreaWidget:not(.lm-mod-hidden) .jp-FileEditor").count() == 0

    # Day 1. Workbook 3: the set-up form.
    run_all(page, server, "03_plan_your_study.ipynb")
    form = page.locator(f"{SHOWN} .demand-study-form")
    field(form, "Name of the study").fill("Repairs line, March")
    field(form, "Service").fill("Housing repairs")
    field(form, "Purpose, in the customer's terms").fill("Fix my home right, at a time that suits me")
    field(form, "Who listens").fill("Sam: repairs manager\nPriya: call handler")
    for door in ("phone", "reception", "housing officer's mobile"):
        form.get_by_role("checkbox", name=door, exact=True).check()
    form.get_by_role("button", name="Create or reopen the study").click()
    form.get_by_text("Created. Everything you record is saved in it as you go.").wait_for(timeout=30_000)
    [path] = helpers.list_studies()["path"]

    # Workbook 4: the sheet, uploaded from elsewhere, checked and imported.
    run_all(page, server, "04_listen_and_capture.ipynb")
    page.locator(f"{SHOWN} .demand-study-picker").first.get_by_text("There is one study here").wait_for(timeout=30_000)
    form = page.locator(f"{SHOWN} .demand-sheet-form")
    with page.expect_file_chooser() as chooser:
        form.get_by_role("button", name="Upload a typed-up sheet").click()
    chooser.value.set_files(str(sheet))
    form.get_by_text("The first 3 of 3 rows").wait_for(timeout=30_000)
    assert (helpers.studies_dir() / "monday.csv").read_text(encoding="utf-8") == SHEET
    field(form, "Your name").fill("Priya")
    form.get_by_role("button", name="Import this sheet").click()
    form.get_by_text("Saved in Repairs line, March. Imported 3 demands from monday.csv.").wait_for(timeout=30_000)

    # Workbook 5: classify together on the projector, each paper mark confirmed by its key; then the debrief.
    form = debrief(page, server, "05_classify_together.ipynb", "Sam")
    group = page.locator(f"{SHOWN} .dc-group").last  # section 7's, on the team's study (not the practice one)
    group.locator(".dc-progress-text").filter(has_text="0 of 3 classified").wait_for(timeout=30_000)
    group.click()
    for number, key in enumerate("fvf", start=1):
        group.get_by_text("(the listener's first view)").wait_for(timeout=20_000)
        page.keyboard.press(key)
        group.locator(".dc-progress-text").filter(has_text=f"{number} of 3 classified").wait_for(timeout=20_000)
    form.get_by_role("radio", name="No, something was different").check()
    field(form, "What was different").fill("The phones were down after lunch")
    form.get_by_role("button", name="Record it", exact=True).click()
    form.get_by_text("Was today normal? No: The phones were down after lunch").wait_for(timeout=30_000)
    assert page.get_by_text("Jupyter news").count() == 0  # nobody asked whether to fetch news from outside

    # Workbook 8: the front line's verdict at the huddle, into the study chosen (the page's last verdict form:
    # the first is the sample team's).
    run_all(page, server, "08_share_with_the_front_line.ipynb")
    page.locator(f"{SHOWN} .demand-study-name", has_text="Study: Repairs line, March").first.wait_for(timeout=30_000)
    form = page.locator(f"{SHOWN} .demand-verdict-form").last
    field(form, "Your name").fill("Sam")
    form.get_by_role("radio", name="No: something unusual happened").check()
    field(form, "What they said, in their words").fill("Half the team was at a funeral")
    field(form, "Who said it").fill("Priya")
    form.get_by_role("button", name="Record their verdict").click()
    form.get_by_text("Saved in Repairs line, March. Their verdict: No: something unusual happened").wait_for(timeout=30_000)

    # Day 2: the capture app for the study, as `make capture STUDY=...` serves it, by keyboard.
    capture = capture_server(path)
    page.goto(capture.extra["address"])
    page.locator(".dc-capture .dc-verbatim").wait_for(timeout=60_000)
    page.keyboard.press("Alt+KeyW")
    page.keyboard.type("Asha")
    for number, (words, kind, type_) in enumerate(CAPTURED, start=4):
        page.keyboard.press("Alt+KeyE")
        page.keyboard.type(words)
        page.keyboard.press(kind)
        page.keyboard.press("Alt+KeyT")
        page.keyboard.type(type_)
        page.keyboard.press("Control+Enter")
        page.locator(".dc-capture .dc-status").filter(has_text=f"Saved as demand {number}.").wait_for(timeout=20_000)

    # Day 3. Workbook 6's debrief joins two types and describes one.
    form = debrief(page, server, "06_through_the_customers_eyes.ipynb", "Jo")
    field(form, "Join this type").select_option(label="Where is the plumber?")
    field(form, "into").fill("Is someone coming today?")
    form.get_by_role("button", name="Join them").click()
    form.get_by_text("'Where is the plumber?' is now part of 'Is someone coming today?'").wait_for(timeout=30_000)
    field(form, "Describe this type").select_option(label="Is someone coming today?")
    field(form, "What matters to the person").fill("Knowing when someone will come")
    field(form, "What failed, and where").fill("Appointments: nobody tells them when")
    field(form, "What it arises from").fill("appointment slots")
    form.get_by_role("button", name="Save the description").click()
    form.get_by_text("The description of 'Is someone coming today?'").wait_for(timeout=30_000)
    page.screenshot(path=str(artefacts_dir / "debrief.png"), full_page=True)

    # No code cell was touched (JupyterLab may have saved a notebook), and the study holds exactly what the team did.
    for name in WORKBOOKS:
        assert code(folder / name) == code(ROOT / "workbooks" / name)
    assert list(helpers.list_studies()["path"]) == [path]
    with Study.open(path, readonly=True) as study:
        assert study.info["name"] == "Repairs line, March"
        demands = study.demands()
        assert demands["verbatim"].tolist() == ["You said he'd come this morning, it's gone twelve", "My boiler has stopped",
                                                "Where is the plumber? I waited in all day", *(w for w, _, _ in CAPTURED)]
        assert demands["classification"].tolist() == ["failure", "value", "failure", "failure", "value"]
        assert demands["demand_type"].tolist() == ["Is someone coming today?", "Report a repair", "Is someone coming today?",
                                                   "Is someone coming today?", "Report a repair"]
        events = study.events()
        assert list(zip(events["action"], events["by"]))[4:] == [
            ("import_demands", "Priya"), *[("reclassify", "the group")] * 3, ("add_reflection", "Sam"), ("add_verdict", "Sam"), ("record", "Asha"),
            ("record", "Asha"),
            ("merge_types", "Jo"), ("describe_type", "Jo")]
        assert events["action"].tolist()[:4] == ["create", "add_member", "add_member", "set_plan"]
        assert study.verdicts()["text"].tolist() == [
            "No: something unusual happened: Half the team was at a funeral (said by Priya)"]
        assert study.plan()["doors"] == ["phone", "reception", "housing officer's mobile"]
        described = study.types().set_index("name").loc["Is someone coming today?"]
        assert (described["what_matters"], described["failed_where"], described["arises_from"]) == (
            "Knowing when someone will come", "Appointments: nobody tells them when", "appointment slots")
