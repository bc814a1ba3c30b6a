"""Walkthroughs: time from request to first rendered widget against a one-cell notebook served
by the same Voila in the same run, with a warm preheated pool and straight after the pool was
drained by a visit; and the server's memory over many visits with idle kernels culled."""
from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from tests.bench import benchmark

TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(TESTS))

from conftest import CHROMIUM, CHROMIUM_ARGS, ROOT, free_port, start_server  # noqa: E402

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
    page = context.new_page()
    start = time.perf_counter()
    page.goto(url, timeout=180_000)
    if widget:
        page.locator(".jupyter-widgets").first.wait_for(timeout=180_000)
    else:
        page.wait_for_function("() => !document.querySelector('#loading') || "
                               "getComputedStyle(document.querySelector('#loading')).display === 'none'", timeout=180_000)
    elapsed = time.perf_counter() - start
    context.close()
    return elapsed


def _server(folder: Path, preheat: bool, logs: Path, extra=(), **cull):
    from helpers import serve

    port = free_port()
    cmd = serve.voila_command(folder, port=port, preheat=preheat, extra=list(extra), **cull)
    return start_server("voila-bench", cmd, port, serve.voila_env("readonly"), logs)


def _rss(server) -> float:
    import psutil

    procs = [psutil.Process(server.proc.pid)] + server.children()
    total = 0
    for p in procs:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            pass
    return total / 2**20


@benchmark("walkthroughs: request to first widget vs a one-cell notebook (warm pool <= 1.2x, drained <= 1.5x)")
def first_widget(quick: bool):
    from playwright.sync_api import sync_playwright

    folder = _folder()
    logs = Path(tempfile.mkdtemp(prefix="demand-bench-logs-"))
    notebooks = sorted(p for p in folder.glob("[0-9]*.ipynb"))[: 1 if quick else None]
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        # Without preheat first: every visit starts a kernel and runs the notebook.
        server = _server(folder, preheat=False, logs=logs)
        try:
            base = min(_visit(browser, f"{server.url}/voila/render/{BASELINE}", True) for _ in range(2))
            for nb in notebooks:
                t = _visit(browser, f"{server.url}/voila/render/{nb.name}", _has_widget(nb))
                rows.append({"row": f"{nb.stem}, no preheat", "value": f"{t / base:.2f}x ({t:.1f} s vs {base:.1f} s)"})
        finally:
            server.stop()
        server = _server(folder, preheat=True, logs=logs, extra=["--VoilaConfiguration.default_pool_size=1"])
        try:
            time.sleep(10 if quick else 40)  # let every pool fill
            base_warm = _visit(browser, f"{server.url}/voila/render/{BASELINE}", True)
            base_drained = _visit(browser, f"{server.url}/voila/render/{BASELINE}", True)
            for nb in notebooks:
                widget = _has_widget(nb)
                warm = _visit(browser, f"{server.url}/voila/render/{nb.name}", widget)
                drained = _visit(browser, f"{server.url}/voila/render/{nb.name}", widget)
                rows.append({"row": f"{nb.stem}, warm pool", "value": f"{warm / base_warm:.2f}x",
                             "note": "yes" if warm / base_warm <= 1.2 else "NO (goal <= 1.2x)"})
                rows.append({"row": f"{nb.stem}, just drained", "value": f"{drained / base_drained:.2f}x",
                             "note": "yes" if drained / base_drained <= 1.5 else "NO (goal <= 1.5x)"})
        finally:
            server.stop()
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
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
            start = _rss(server)
            for batch in (1, 2):
                for _ in range(visits):
                    _visit(browser, f"{server.url}/voila/render/{target}", _has_widget(folder / target))
                peak = _rss(server)
                time.sleep(15)
                after = _rss(server)
                rows.append({"row": f"after {visits * batch} visits", "value": f"{peak:.0f} MB at the end of the visits, "
                             f"{after:.0f} MB after culling (server alone at start: {start:.0f} MB)"})
            grew = after > start * 1.5 + 50
            rows.append({"row": "memory not growing after culling", "value": "NO" if grew else "yes"})
        finally:
            server.stop()
        browser.close()
    shutil.rmtree(folder, ignore_errors=True)
    return {"rows": rows}
