"""Walkthroughs: time from request to first rendered widget against a one-cell notebook served
by the same Voila in the same run, with a warm preheated pool and straight after the pool was
drained by a visit; and the server's memory over many visits with idle kernels culled."""
from __future__ import annotations

import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import benchmark

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from support import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, seconds_to_first_widget, start_server  # noqa: E402

BASELINE = "one_cell.ipynb"


def _folder() -> Path:
    tmp = Path(tempfile.mkdtemp(prefix="demand-bench-voila-"))
    for nb in sorted((ROOT / "workbooks").glob("[0-9]*.ipynb")):
        shutil.copy(nb, tmp / nb.name)
    shutil.copy(TESTS / "fixtures" / "hello.ipynb", tmp / BASELINE)
    return tmp


def _has_widget(path: Path) -> bool:
    return "application/vnd.jupyter.widget-view+json" in path.read_text(encoding="utf-8")


def _visit(browser, url: str, widget: bool) -> float:
    context = browser.new_context()
    try:
        return seconds_to_first_widget(context.new_page(), url, widget)
    finally:
        context.close()


def _server(folder: Path, preheat: bool | int, logs: Path, extra=(), **cull):
    from helpers import serve

    port = free_port()
    cmd = serve.voila_command(folder, port=port, preheat=preheat, extra=list(extra), **cull)
    return start_server("voila-bench", cmd, port, serve.voila_env("readonly"), logs)


def _memory(server) -> float:
    """Memory of the server and everything under it still running (its kernels), in MB
    (proportional set sizes, so pages shared between processes count once)."""
    import psutil

    total = 0
    for p in [psutil.Process(server.proc.pid)] + server.children():
        try:
            total += p.memory_full_info().pss
        except psutil.Error:
            pass
    return total / 2**20


def _filled(server, name: str) -> int:
    return server.log().count(f"Kernel pool of {name} is filled")


def _wait_filled(server, name: str, times: int, timeout: float = 120) -> None:
    """Wait until the pool of ``name`` has been filled ``times`` times (Voila logs each fill)."""
    deadline = time.monotonic() + timeout
    while _filled(server, name) < times:
        if time.monotonic() > deadline:
            raise RuntimeError(f"the pool of {name} did not refill within {timeout:.0f} s")
        time.sleep(0.1)


def _wait_quiet(timeout: float = 60) -> None:
    """Wait until everything this run started (the server, its kernels, the browser) has
    stopped working: a pool's "filled" in the log means its kernel started, not that it has
    finished the notebook, and a closed page can keep the browser busy for a moment."""
    import psutil

    def cpu() -> dict[int, float]:
        seconds = {}
        for p in psutil.Process().children(recursive=True):
            try:
                seconds[p.pid] = sum(p.cpu_times()[:2])
            except psutil.Error:
                pass
        return seconds

    deadline = time.monotonic() + timeout
    before = cpu()
    while time.monotonic() < deadline:
        time.sleep(0.5)
        now = cpu()
        if sum(now[pid] - before.get(pid, 0.0) for pid in now) < 0.05:
            return
        before = now


def _ratio_row(label: str, ours: list[float], base: list[float], goal: float | None = None) -> dict:
    o, b = statistics.median(ours), statistics.median(base)
    row = {"row": label, "value": f"{o / b:.2f}x ({o:.2f} s vs {b:.2f} s; ours {min(ours):.1f}-{max(ours):.1f} s)"}
    if goal is not None:
        row["note"] = "yes" if o / b <= goal else f"NO (goal <= {goal:g}x)"
    return row


@benchmark("walkthroughs: request to first widget vs a one-cell notebook (reported, no goal)")
def first_widget(quick: bool):
    """Medians over rounds; the one-cell baseline is visited straight before each workbook, so
    its median is over many visits. "Just drained" is the visit straight after a visit took
    the pool's one kernel: it gets the kernel the pool is refilling, part-way through the notebook."""
    from playwright.sync_api import sync_playwright

    folder = _folder()
    logs = Path(tempfile.mkdtemp(prefix="demand-bench-logs-"))
    notebooks = sorted(p for p in folder.glob("[0-9]*.ipynb"))[: 1 if quick else None]
    only = os.environ.get("BENCH_WORKBOOKS")  # e.g. "07,09": a few workbooks, while working on them
    if only:
        notebooks = [nb for nb in notebooks if nb.name[:2] in only.split(",")]
    rounds = 1 if quick else 5
    widget = {nb.name: _has_widget(nb) for nb in notebooks}
    widget[BASELINE] = True
    names = [BASELINE] + [nb.name for nb in notebooks]
    cold = {name: [] for name in names}
    warm = {name: [] for name in names}
    drained = {name: [] for name in names}
    cull = {"cull_idle": 20, "cull_interval": 5}  # many visits: let their kernels go
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # Without preheat: every visit starts a kernel and runs the notebook.
        server = _server(folder, preheat=False, logs=logs, **cull)
        try:
            _visit(browser, f"{server.url}/voila/render/{BASELINE}", True)  # first-visit caches
            for _ in range(rounds):
                for name in names:
                    cold[name].append(_visit(browser, f"{server.url}/voila/render/{name}", widget[name]))
        finally:
            server.stop()
        options = os.environ.get("BENCH_VOILA_ARGS", "").split()  # trying other Voila options
        server = _server(folder, preheat=1, logs=logs, extra=options, **cull)
        try:
            fills = dict.fromkeys(names, 1)  # each visit takes the pool's kernel; Voila logs each refill

            def visit(name: str) -> float:
                seconds = _visit(browser, f"{server.url}/voila/render/{name}", widget[name])
                fills[name] += 1
                return seconds

            for every in folder.glob("*.ipynb"):  # the server is quiet before timing starts
                _wait_filled(server, every.name, 1)
            _wait_quiet()
            visit(BASELINE)  # first-visit caches
            for _ in range(rounds):
                for nb in notebooks:
                    # The baseline straight before each workbook: the machine's moods hit both.
                    for name in (BASELINE, nb.name):
                        _wait_filled(server, name, fills[name])
                        _wait_quiet()
                        warm[name].append(visit(name))
                        drained[name].append(visit(name))
        finally:
            server.stop()
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    rows = []
    for nb in notebooks:
        rows.append(_ratio_row(f"{nb.stem}, no preheat", cold[nb.name], cold[BASELINE]))
        rows.append(_ratio_row(f"{nb.stem}, warm pool", warm[nb.name], warm[BASELINE]))
        rows.append(_ratio_row(f"{nb.stem}, just drained", drained[nb.name], drained[BASELINE]))
    return {"rows": rows}


@benchmark("walkthroughs: server memory over visits, idle kernels culled")
def memory(quick: bool):
    from playwright.sync_api import sync_playwright

    folder = _folder()
    logs = Path(tempfile.mkdtemp(prefix="demand-bench-logs-"))
    target = sorted(folder.glob("[0-9]*.ipynb"))
    target = target[0].name if target else BASELINE
    visits = 3 if quick else 10
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        server = _server(folder, preheat=False, logs=logs, cull_idle=5, cull_interval=2)
        try:
            start = _memory(server)
            culled = []
            for batch in (1, 2):
                for _ in range(visits):
                    _visit(browser, f"{server.url}/voila/render/{target}", _has_widget(folder / target))
                peak = _memory(server)
                time.sleep(15)
                culled.append(_memory(server))
                rows.append({"row": f"after {visits * batch} visits", "value": f"{peak:.0f} MB at the end of the visits, "
                             f"{culled[-1]:.0f} MB after culling (server alone at start: {start:.0f} MB; "
                             "the kernel launcher starts with the first kernel and stays)"})
            grew = culled[1] > culled[0] * 1.2 + 20
            rows.append({"row": "memory not growing after culling (20 visits against 10)", "value": "NO" if grew else "yes"})
        finally:
            server.stop()
        browser.close()
    # What a room's server holds with a warm kernel per page (the facilitator notes quote it).
    server = _server(folder, preheat=1, logs=logs)
    try:
        pages = list(folder.glob("*.ipynb"))
        for page in pages:
            _wait_filled(server, page.name, 1)
        _wait_quiet()
        held = _memory(server)
        rows.append({"row": "--preheat, every pool filled", "value": f"{held:.0f} MB for {len(pages)} pages "
                     f"({held / len(pages):.0f} MB a page, server and launcher included)"})
    finally:
        server.stop()
    shutil.rmtree(folder, ignore_errors=True)
    return {"rows": rows}
