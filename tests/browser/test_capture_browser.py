"""The capture form and the group classifier in a real Chromium: in the capture app (Voila)
and in JupyterLab, driven by the keyboard as a listener and a team drive them.

What matters is the study file: every test compares the exact words typed with what the
file holds, read-only, after "saved" appeared on the page.
"""
from __future__ import annotations

import json
import os
import signal
import textwrap
from pathlib import Path

import pytest

from helpers.core.study import Study
from support import serious_axe_violations

ROOT = Path(__file__).resolve().parents[2]

# Words a listener might write down, with the characters that trip software up.
PHRASES = [
    "You said you'd be here this morning and it's gone twelve",
    "I've rung three times about the boiler, nobody's called back",
    "=SUM(A1) is what the letter says I owe?",
    "Café owner: the bin wasn't emptied — again!",
    "Is someone coming today? I can't take another day off work",
    "My name's Zoë, I've moved house and need to change my council tax",
    "It's the same leak, they came Tuesday & it's back",
    "Where's the plumber from last week? \"Booked\" it said",
    "b a m d x z y c v f u n : these letters are notebook shortcuts",
    "Water is coming through my ceiling 🙁",
]


def phrase(i: int) -> str:
    return f"{PHRASES[i % len(PHRASES)]} (#{i})"


def stored(path) -> list:
    with Study.open(path, readonly=True) as s:
        return s.demands()


def type_and_save(page, text: str, expect_id: int, status=".dc-capture .dc-status") -> None:
    """Type into the focused box and save at once with Ctrl+Enter; wait for "saved"."""
    page.keyboard.type(text)
    page.keyboard.press("Control+Enter")
    page.locator(status).filter(has_text=f"Saved as demand {expect_id}.").wait_for(timeout=20_000)


def kill_kernels(server) -> int:
    killed = 0
    for proc in server.kernels():
        try:
            os.kill(proc.pid, signal.SIGKILL)
            killed += 1
        except ProcessLookupError:
            pass
    return killed


# ---------------------------------------------------------------- the capture app (Voila)

@pytest.mark.browser
def test_capture_app_saves_every_word_by_keyboard_alone(capture_server, page, tmp_path, artefacts_dir, browser_log):
    path = tmp_path / "team.study"
    Study.create(path, name="Repairs team", service="Housing repairs").close()
    server = capture_server(path)  # as `make capture` starts it: the address it prints carries a token
    page.goto(server.extra["address"])
    box = page.locator(".dc-capture .dc-verbatim")
    box.wait_for(timeout=60_000)
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('dc-verbatim')")
    page.get_by_text("Ctrl+Enter save").first.wait_for(state="attached")  # the keys are on screen
    assert not (found := serious_axe_violations(page)), "\n".join(found)

    typed = []
    for i in range(30):
        typed.append(phrase(i))
        type_and_save(page, typed[-1], i + 1)
        assert box.input_value() == ""
    assert stored(path)["verbatim"].tolist() == typed
    page.locator(".dc-tally").filter(has_text="30").wait_for()

    # A new type, classified failure, with a channel; the next one autocompletes it.
    page.keyboard.type("Are you still coming today?")
    page.keyboard.press("Alt+KeyT")
    page.keyboard.type("Is someone coming today")
    page.keyboard.press("Alt+KeyF")
    page.keyboard.press("Alt+KeyC")
    page.keyboard.type("phone")
    page.keyboard.press("Control+Enter")
    page.locator(".dc-status").filter(has_text='New type "Is someone coming today" created').wait_for()
    page.keyboard.type("It's gone twelve, where is he?")
    page.keyboard.press("Alt+KeyT")
    page.keyboard.type("is some")
    page.keyboard.press("Tab")  # takes the team's own type
    page.keyboard.press("Alt+KeyF")
    page.keyboard.press("Control+Enter")
    page.locator(".dc-status").filter(has_text="Saved as demand 32.").wait_for()
    frame = stored(path)
    assert frame["demand_type"].tolist()[-2:] == ["Is someone coming today"] * 2
    assert frame["classification"].tolist()[-2:] == ["failure", "failure"]
    assert frame["channel"].iloc[-2] == "phone"
    with Study.open(path, readonly=True) as s:
        assert s.types().set_index("name").loc["Is someone coming today", "origin"] == "emerged"

    # Undo my last entry: the page says what went, and its words are back in the box.
    page.keyboard.press("Alt+KeyZ")
    page.locator(".dc-status").filter(has_text="The words were: “It's gone twelve, where is he?”").wait_for()
    assert len(stored(path)) == 31
    assert box.input_value() == "It's gone twelve, where is he?"
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")  # the listener lets them go

    # Classify together, in the app's other tab (Alt+G): it offers what was just captured, undecided.
    page.keyboard.press("Alt+KeyG")
    words = page.locator(".dc-group .dc-words")
    words.filter(has_text=typed[0]).wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('dc-group')")
    page.keyboard.press("v")
    words.filter(has_text=typed[1]).wait_for()
    page.keyboard.press("f")
    words.filter(has_text=typed[2]).wait_for()
    assert not (found := serious_axe_violations(page)), "\n".join(found)  # the other tab, with findings beside
    assert stored(path)["classification"].fillna("undecided").tolist()[:3] == ["value", "failure", "undecided"]
    page.keyboard.press("g")  # and back to capture, where the words box has the focus again
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('dc-verbatim')")

    # The kernel dies mid-session: the text typed stays in the box and is not called saved.
    assert kill_kernels(server) >= 1
    page.keyboard.type("Said while the kernel was gone")
    page.keyboard.press("Control+Enter")
    page.locator(".dc-status").filter(has_text="Not saved yet").filter(has_text="tell the facilitator").wait_for(timeout=20_000)
    assert box.input_value() == "Said while the kernel was gone"
    # Leaving the page with unsaved text asks first.
    dialogs = []
    page.once("dialog", lambda d: (dialogs.append(d.type), d.accept()))
    browser_log.allowed_console_errors += ["WebSocket", "Kernel", "kernel", "Failed to load resource"]
    page.reload()
    assert dialogs == ["beforeunload"]
    # Reopened: everything is there, and capture carries on.
    box.wait_for(timeout=60_000)
    page.locator(".dc-tally").filter(has_text="31").wait_for()
    page.wait_for_function("document.activeElement && document.activeElement.classList.contains('dc-verbatim')")
    # The unsaved words came back from this browser's storage; saving them clears it.
    assert box.input_value() == "Said while the kernel was gone"
    page.keyboard.press("Control+Enter")
    page.locator(".dc-capture .dc-status").filter(has_text="Saved as demand 33.").wait_for(timeout=20_000)
    assert page.evaluate("() => Object.keys(localStorage).filter((k) => k.startsWith('demand-capture-draft'))") == []
    frame = stored(path)
    assert frame["verbatim"].tolist() == typed + ["Are you still coming today?", "Said while the kernel was gone"]
    page.screenshot(path=str(artefacts_dir / "capture-app.png"))


# ---------------------------------------------------------------- JupyterLab

def lab_notebook(folder: Path, study_path: Path, sheet_path: Path) -> Path:
    cells = [
        textwrap.dedent(f"""\
            from helpers.core.study import Study
            from helpers.teaching.capture import capture, classify_together
            study = Study.create({str(study_path)!r}, name="Lab test", exist_ok=True)
            capture(study, captured_by="Asha")"""),
        f"classify_together(study, {str(sheet_path)!r}, by='Team')",
        "import time\ntime.sleep(6)",
    ]
    cells.append("The end of the test notebook.")
    nb = {"cells": [{"cell_type": "code", "execution_count": None, "id": f"c{i}", "metadata": {},
                     "outputs": [], "source": src} for i, src in enumerate(cells[:-1])]
          + [{"cell_type": "markdown", "id": "end", "metadata": {}, "source": cells[-1]}],
          "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}},
          "nbformat": 4, "nbformat_minor": 5}
    path = folder / "capture_test.ipynb"
    path.write_text(json.dumps(nb), encoding="utf-8")
    return path, cells


def run_cell(page, index: int, shows=None) -> None:
    """Run one cell and wait until it ``shows`` (a locator), or until its prompt moved.

    JupyterLab silently ignores the key while the kernel is still connecting, so the key is
    pressed again, but only while nothing is running (a second run would replace the widget
    being typed into)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    prompt = page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-InputPrompt")
    before = prompt.inner_text().strip()
    for attempt in range(5):
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # "Select Kernel", when the key came before the session was ready
            dialog.locator(".jp-mod-accept").first.click()
            dialog.first.wait_for(state="detached")
        if attempt == 0 or prompt.inner_text().strip() in ("[ ]:", before):
            prompt.click()
            page.keyboard.press("Shift+Enter")  # never on the last cell, where it would add one
        try:
            if shows is not None:
                shows.wait_for(timeout=20_000)
                return
            page.wait_for_function("([el, before]) => !['[ ]:', before].includes(el.innerText.trim())",
                                   arg=[prompt.element_handle(), before], timeout=8000)
            return
        except PlaywrightTimeout:
            continue
    raise AssertionError(f"JupyterLab did not run cell {index}")


def cell_sources(page) -> list[str]:
    return [t.replace("\u200b", "") for t in page.locator(".jp-Notebook .jp-CodeCell .cm-content").all_inner_texts()]


@pytest.mark.browser
def test_in_jupyterlab_no_word_is_lost_not_even_while_the_kernel_is_busy(lab_server, page, tmp_path, artefacts_dir, browser_log):
    import pandas as pd

    study_path = tmp_path / "lab.study"
    sheet_path = tmp_path / "monday.csv"
    pd.DataFrame({"verbatim": [f"sheet demand {i}: where is my repair?" for i in range(5)],
                  "source_id": [f"mon-{i}" for i in range(5)]}).to_csv(sheet_path, index=False)
    nb_path, sources = lab_notebook(tmp_path, study_path, sheet_path)
    # The notebook lives in a temporary folder: the contents (and kernels) are served from there.
    server = lab_server(extra=[f"--FileContentsManager.root_dir={tmp_path}", f"--MappingKernelManager.root_dir={tmp_path}"])
    page.goto(f"{server.url}/lab/tree/{nb_path.name}?token={server.token}")
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-StatusBar-TextItem:has-text('Idle')").first.wait_for(timeout=90_000)
    page.wait_for_timeout(500)
    box = page.locator(".dc-capture .dc-verbatim")
    run_cell(page, 0, shows=page.locator(".dc-tally .dc-big").filter(has_text="0"))

    box.click()
    typed = []
    for i in range(30):
        typed.append(phrase(i))
        type_and_save(page, typed[-1], i + 1)
        assert box.input_value() == ""
    assert stored(study_path)["verbatim"].tolist() == typed

    # The kernel kept busy by a cell: "saved" waits for Python, and no word is lost.
    sleeper = page.locator(".jp-Notebook .jp-Cell").nth(2).locator(".jp-InputPrompt")
    for j in range(3):
        page.wait_for_function("(el) => !el.innerText.includes('*')", arg=sleeper.element_handle(), timeout=30_000)
        run_cell(page, 2)
        page.locator(".jp-Notebook-ExecutionIndicator[data-status='busy'], .jp-StatusBar-TextItem:has-text('Busy')").first.wait_for()
        box.click()
        text = f"Said while the notebook was busy, number {j}"
        typed.append(text)
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
        # Until Python says "saved", the words stay in the box (checked in one look).
        value, status = page.evaluate(
            "() => [document.querySelector('.dc-capture .dc-verbatim').value,"
            " document.querySelector('.dc-capture .dc-status').textContent]")
        if f"Saved as demand {31 + j}." in status:
            assert value == ""
        else:
            assert value == text
        page.locator(".dc-capture .dc-status").filter(has_text=f"Saved as demand {31 + j}.").wait_for(timeout=30_000)
        assert box.input_value() == ""
    assert stored(study_path)["verbatim"].tolist() == typed

    # Group classification, five demands by keys alone.
    group = page.locator(".dc-group")
    words = page.locator(".dc-group .dc-words")
    run_cell(page, 1, shows=words.filter(has_text="sheet demand 0"))
    group.click()
    for key, expect_next in [("f", 1), ("v", 2), ("t", None), ("u", 4), ("n", None)]:
        if key == "t":  # type a new type, back to the stage, classify
            page.keyboard.press("t")
            page.keyboard.type("Chasing a repair")
            page.keyboard.press("Enter")
            page.keyboard.press("f")
            words.filter(has_text="sheet demand 3").wait_for()
        else:
            page.keyboard.press(key)
            if expect_next is not None:
                words.filter(has_text=f"sheet demand {expect_next}").wait_for()
    page.locator(".dc-group .dc-progress-text").filter(has_text="5 of 5 classified").wait_for()
    frame = stored(study_path)
    sheet_rows = frame[frame["source_id"].notna()].set_index("source_id")
    assert sheet_rows["classification"].tolist() == ["failure", "value", "failure", "unsure", "not demand"]
    assert sheet_rows.loc["mon-2", "demand_type"] == "Chasing a repair"

    # No notebook cell was added or changed by all that typing.
    assert page.locator(".jp-Notebook .jp-Cell").count() == 4
    assert cell_sources(page) == sources[:3]

    # The kernel dies; rerunning the first cell reopens the study with everything there.
    browser_log.allowed_console_errors += ["WebSocket", "Kernel", "kernel", "Failed to load resource",
                                           "Canceled future"]
    assert kill_kernels(server) >= 1
    page.locator(".jp-Dialog").get_by_role("button").last.click(timeout=30_000)
    page.locator(".jp-Notebook-ExecutionIndicator[data-status='idle'], .jp-StatusBar-TextItem:has-text('Idle')").first.wait_for(timeout=60_000)
    run_cell(page, 0, shows=page.locator(".dc-tally .dc-big").filter(has_text=str(len(frame))).first)
    assert stored(study_path)["verbatim"].tolist()[:33] == typed
    page.screenshot(path=str(artefacts_dir / "lab-capture.png"))
