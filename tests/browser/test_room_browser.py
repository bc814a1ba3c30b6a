"""The room (``python tasks.py room``) in Chromium, as a team and its facilitator use it: one seat
logs in on the hub's login page, chooses the team's study in workbook 4 and captures two demands
in the capture form; a teammate, in a browser of their own, sees them in workbook 5's projector
view; the facilitator's console counts them. Nothing the pages ask for leaves 127.0.0.1.

Like tests/server/test_room.py it makes real Unix accounts, so it runs as root (CI runs as root),
and the room is stopped and its accounts removed afterwards, even when the test fails.
"""
from __future__ import annotations

import json
import os
import secrets
import time
from pathlib import Path

import pytest

from helpers.core.study import Study
from room_support import FIRST, Seat, need_root, running_room
from support import ROOT, SHOWN, guarded_page, run_all_cells

SAID = ["I rang on Monday about the boiler and nobody has come", "Is the plumber still coming today? I've waited in since eight"]


def code_cells(notebook: str) -> int:
    return sum(c["cell_type"] == "code" for c in json.loads((ROOT / notebook).read_text())["cells"])


@pytest.fixture(scope="module")
def room():
    """One team of two seats and the facilitator, started on 127.0.0.1 as ``tasks.py room`` does."""
    need_root("tests/browser/test_room_browser.py")
    logs = Path(os.environ["DEMAND_TEST_ARTEFACTS"]) / "test_room_browser"
    logs.mkdir(parents=True, exist_ok=True)
    tag = secrets.token_hex(2)
    with running_room({f"east{tag}": 2}, f"facil{tag}", logs) as started:
        yield started


def log_in(page, base: str, user: str, password: str, lands_on: str) -> None:
    """The hub's login page, as a person fills it in from the seat card; then wait for their
    server to start and JupyterLab to open ``lands_on``."""
    page.goto(f"{base}/hub/login")
    page.locator("#username_input").fill(user)
    page.locator("#password_input").fill(password)
    page.locator("#login_submit").click()
    page.wait_for_url(f"{base}/user/{user}{lands_on}*", timeout=180_000)
    page.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)


def cell(page, code: str):
    """The code cell (of the notebook in front) whose code has ``code`` in it."""
    return page.locator(f"{SHOWN} .jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=code))


@pytest.mark.browser
def test_a_seat_captures_in_the_room_a_teammate_sees_it_and_the_facilitator_counts_it(room, page, browser, browser_log,
                                                                                      artefacts_dir):
    team = room["teams"][0]
    one, two = f"{team}-1", f"{team}-2"
    base, timings, pages = room["base"], {}, []
    clock = time.monotonic()

    def lap(name: str) -> None:
        nonlocal clock
        timings[name] = round(time.monotonic() - clock, 1)
        clock = time.monotonic()

    try:
        # The first seat logs in with the card's password and lands on workbook 1.
        log_in(page, base, one, room["cards"][one]["password"], FIRST)
        lap("seat 1 logged in, server started, workbook 1 open")

        # The team's study, made in the seat's own server as that seat (workbook 3's form is driven
        # in tests/browser/test_daily_loop_browser.py).
        seat = Seat(base, one, room["cards"][one]["password"])
        seat.start()
        made = seat.run("import helpers\ns = helpers.Study.create('ours', name='Our repairs study', service='Housing repairs')\n"
                        "print(s.path)\ns.close()")
        path = Path(made.strip())
        assert path == room["data"] / "studies" / team / "ours.study", made
        lap("study made")

        # Workbook 4: the picker chooses the one study; the capture form under it saves two demands.
        wb4 = "workbooks/04_listen_and_capture.ipynb"
        run_all_cells(page, f"{base}/user/{one}/lab/tree/{wb4}", code_cells(wb4))
        lap("workbook 4 run")
        page.locator(f"{SHOWN} .demand-study-picker").first.get_by_text("There is one study here").wait_for()
        form = cell(page, "picker.show(capture)")
        form.locator(".demand-study-name", has_text="Study: Our repairs study").wait_for()
        box = form.locator(".dc-capture .dc-verbatim")
        box.click()
        for i, words in enumerate(SAID, start=1):
            page.keyboard.type(words)
            page.keyboard.press("Control+Enter")
            form.locator(".dc-capture .dc-status").filter(has_text=f"Saved as demand {i}.").wait_for(timeout=30_000)
            assert box.input_value() == ""
        with Study.open(path, readonly=True) as study:
            assert study.demands()["verbatim"].tolist() == SAID
        page.screenshot(path=str(artefacts_dir / "seat-captured.png"))
        lap("two demands captured")

        # A teammate, in a browser of their own: workbook 5's projector view on the team's study.
        mate = guarded_page(browser, browser_log)
        pages.append(mate)
        log_in(mate, base, two, room["cards"][two]["password"], FIRST)
        lap("seat 2 logged in, server started")
        wb5 = "workbooks/05_classify_together.ipynb"
        run_all_cells(mate, f"{base}/user/{two}/lab/tree/{wb5}", code_cells(wb5))
        lap("workbook 5 run")
        view = cell(mate, "picker.show(helpers.capture.classify_together")
        view.locator(".demand-study-name", has_text="Study: Our repairs study").wait_for()
        view.locator(".dc-group .dc-progress-text").filter(has_text="0 of 2 classified").wait_for()
        view.locator(".dc-group .dc-words").filter(has_text=SAID[0]).wait_for()
        view.locator(".dc-group").first.click()
        mate.keyboard.press("s")  # skip: the next one, nothing written
        view.locator(".dc-group .dc-words").filter(has_text=SAID[1]).wait_for()
        mate.screenshot(path=str(artefacts_dir / "teammate-projector.png"))
        lap("teammate saw both")

        # The facilitator (the hub's admin) lands on the console, which reads every team's studies.
        boss = guarded_page(browser, browser_log)
        pages.append(boss)
        console = "facilitator_notes/console.ipynb"
        log_in(boss, base, room["facilitator"], room["facilitator_password"], f"/lab/tree/{console}")
        lap("facilitator logged in")
        run_all_cells(boss, f"{base}/user/{room['facilitator']}/lab/tree/{console}", code_cells(console))
        lap("console run")
        cell(boss, "print(board.source)").locator(".jp-OutputArea").filter(
            has_text="1 studies in studies/ (opened read-only)").wait_for()
        table = cell(boss, "board.summary()").locator(".jp-OutputArea table").first
        header = [t.strip() for t in table.locator("thead th").all_inner_texts()]
        row = table.locator("tbody tr").filter(has_text="Our repairs study")
        assert row.count() == 1, table.inner_text()
        values = dict(zip(header[-len(row.locator("td").all_inner_texts()):], row.locator("td").all_inner_texts()))
        assert values["demands"].strip() == "2", values
        boss.screenshot(path=str(artefacts_dir / "console.png"))
        with Study.open(path, readonly=True) as study:  # the console and the projector only read
            assert study.demands()["verbatim"].tolist() == SAID
            assert study.demands()["classification"].isna().all()
    finally:
        print("timings (s):", timings)
        for other in pages:
            try:
                other.screenshot(path=str(artefacts_dir / f"last-{pages.index(other)}.png"))
            except Exception:
                pass
            other.context.close()
