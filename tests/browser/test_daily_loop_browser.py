"""A team's first day in JupyterLab, touching no code cell: set up the study in workbook 3's form,
import a typed-up sheet in workbook 4's, debrief in workbook 5's. The study file must end with
exactly the demands typed, in the study made, and every action in its log, by whoever did it.

Days 2 and 3 (a second sheet, the same sheet again, "undo my last") are covered in
tests/unit/test_daily_loop.py, driving the same widgets without a browser.
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


def run_all(page, server, name: str, cells: int) -> None:
    run_all_cells(page, f"{server.url}/lab/tree/{name}?token={server.token}", cells)


def field(form, label: str):
    return form.locator(".widget-inline-hbox, .widget-textarea, .widget-text").filter(
        has=form.page.locator("label", has_text=label)).locator("input, textarea, select").first


@pytest.mark.browser
def test_day_one_set_up_import_and_debrief_without_code(lab_server, page, tmp_path, artefacts_dir):
    folder = tmp_path / "workbooks"
    folder.mkdir()
    for name in ("03_plan_your_study.ipynb", "04_listen_and_capture.ipynb", "05_classify_together.ipynb"):
        shutil.copy(ROOT / "workbooks" / name, folder / name)
    sources = {n: ["".join(c["source"]) for c in json.loads((folder / n).read_text())["cells"] if c["cell_type"] == "code"]
               for n in ("03_plan_your_study.ipynb", "04_listen_and_capture.ipynb", "05_classify_together.ipynb")}
    # Every cell on the page at once (JupyterLab otherwise draws only the cells in view).
    settings = artefacts_dir / "jupyter-config" / "lab" / "user-settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True, exist_ok=True)
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    sheet = tmp_path / "from-my-laptop" / "monday.csv"
    sheet.parent.mkdir()
    sheet.write_text(SHEET, encoding="utf-8")
    shutil.rmtree(artefacts_dir / "lab-workspaces", ignore_errors=True)  # no tabs from an earlier run
    server = lab_server(extra=[f"--FileContentsManager.root_dir={folder}", f"--MappingKernelManager.root_dir={folder}"])

    # Workbook 3: the set-up form.
    run_all(page, server, "03_plan_your_study.ipynb", len(sources["03_plan_your_study.ipynb"]))
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
    run_all(page, server, "04_listen_and_capture.ipynb", len(sources["04_listen_and_capture.ipynb"]))
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

    # Workbook 5: the debrief joins two types and describes one.
    run_all(page, server, "05_classify_together.ipynb", len(sources["05_classify_together.ipynb"]))
    form = page.locator(f"{SHOWN} .demand-debrief")
    page.locator(f"{SHOWN} .demand-study-name", has_text="Study: Repairs line, March").first.wait_for(timeout=30_000)
    field(form, "Your name").fill("Sam")
    field(form, "Join this type").select_option(label="Where is the plumber?")
    field(form, "into").fill("Is someone coming today?")
    form.get_by_role("button", name="Join them").click()
    form.get_by_text("'Where is the plumber?' is now part of 'Is someone coming today?'").wait_for(timeout=30_000)
    field(form, "Describe this type").select_option(label="Is someone coming today?")
    field(form, "What failed, and where").fill("Appointments: nobody tells them when")
    field(form, "What it arises from").fill("appointment slots")
    form.get_by_role("button", name="Save the description").click()
    form.get_by_text("The description of 'Is someone coming today?'").wait_for(timeout=30_000)
    page.screenshot(path=str(artefacts_dir / "debrief.png"), full_page=True)

    # No code cell was touched, and the study holds exactly what the team did.
    for name, expected in sources.items():
        saved = json.loads((folder / name).read_text())  # JupyterLab may have saved it: the code is the same
        assert ["".join(c["source"]) for c in saved["cells"] if c["cell_type"] == "code"] == expected
    assert list(helpers.list_studies()["path"]) == [path]
    with Study.open(path, readonly=True) as study:
        assert study.info["name"] == "Repairs line, March"
        demands = study.demands()
        assert demands["verbatim"].tolist() == ["You said he'd come this morning, it's gone twelve", "My boiler has stopped",
                                                "Where is the plumber? I waited in all day"]
        assert demands["demand_type"].tolist() == ["Is someone coming today?", "Report a repair", "Is someone coming today?"]
        events = study.events()
        done = list(zip(events["action"], events["by"]))
        assert [action for action, _ in done] == ["create", "add_member", "add_member", "set_plan", "import_demands",
                                                  "merge_types", "describe_type"]
        assert done[-3:] == [("import_demands", "Priya"), ("merge_types", "Sam"), ("describe_type", "Sam")]
        assert study.plan()["doors"] == ["phone", "reception", "housing officer's mobile"]
        described = study.types().set_index("name").loc["Is someone coming today?"]
        assert described["arises_from"] == "appointment slots"
