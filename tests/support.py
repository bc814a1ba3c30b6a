"""What the tests share, beside the fixtures in conftest.py: the repository's places, the
browser's flags, starting a server as people start it and waiting for it, and timing a page by
its own clock. Tests and benchmarks import it (``from support import ...``)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

__all__ = ["ROOT", "NETGUARD", "CHROMIUM", "CHROMIUM_ARGS", "LOOPBACK_HOSTS", "free_port", "Server", "until",
           "start_server", "seconds_to_first_widget", "serious_axe_violations"]

ROOT = Path(__file__).resolve().parents[1]
NETGUARD = Path(__file__).resolve().parent / "netguard"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    """A server started in its own process group; ``stop()`` ends it and its kernels."""
    name: str
    cmd: list
    port: int
    log_path: Path
    proc: subprocess.Popen | None = None
    token: str | None = None
    extra: dict = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path.exists() else ""

    def wait_until_up(self, path: str = "/", timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} stopped while starting (exit {self.proc.returncode}):\n{self.log()[-3000:]}")
            try:
                with urllib.request.urlopen(self.url + path, timeout=5) as resp:
                    if resp.status < 500:
                        return
            except urllib.error.HTTPError as err:
                if err.code < 500:
                    return
            except (urllib.error.URLError, ConnectionError, TimeoutError, socket.timeout):
                pass
            time.sleep(0.25)
        raise RuntimeError(f"{self.name} did not answer within {timeout:.0f} s:\n{self.log()[-3000:]}")

    def children(self):
        import psutil

        try:
            return psutil.Process(self.proc.pid).children(recursive=True)
        except psutil.Error:
            return []

    def kernels(self):
        """The server's kernels (``ipykernel_launcher`` processes)."""
        import psutil

        found = []
        for p in self.children():
            try:
                if "ipykernel_launcher" in " ".join(p.cmdline()):
                    found.append(p)
            except psutil.Error:
                pass
        return found

    def stop(self) -> None:
        import psutil

        if self.proc is None or self.proc.poll() is not None:
            return
        kids = self.children()
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait(timeout=10)
        # Kernels run in sessions of their own: make sure none is left behind.
        for kid in kids:
            try:
                kid.kill()
            except psutil.Error:
                pass


def until(condition, timeout: float, every: float = 0.2) -> None:
    """Poll ``condition()`` until it holds or ``timeout`` seconds have passed (the caller asserts)."""
    deadline = time.monotonic() + timeout
    while not condition() and time.monotonic() < deadline:
        time.sleep(every)


def start_server(name: str, cmd: list, port: int, env: dict, log_dir: Path, path: str = "/") -> Server:
    log_path = log_dir / f"{name}-{port}.log"
    server = Server(name=name, cmd=cmd, port=port, log_path=log_path)
    logf = log_path.open("wb")
    server.proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stdout=logf, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    logf.close()
    try:
        server.wait_until_up(path)
    except Exception:
        server.stop()
        raise
    return server


_WATCH_FIRST_WIDGET = """
(() => {
  const widgets = %s;
  const seen = () => {
    if (!widgets) {
      const spinner = document.querySelector('#loading');
      return document.readyState !== 'loading' && (!spinner || getComputedStyle(spinner).display === 'none');
    }
    const el = document.querySelector('.jupyter-widgets');
    if (!el) return false;
    const box = el.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(el).visibility === 'visible';
  };
  const frame = () => { if (seen()) window.__firstWidgetShown = performance.now(); else requestAnimationFrame(frame); };
  requestAnimationFrame(frame);
})();
"""


def seconds_to_first_widget(page, url: str, widget: bool = True, timeout: float = 180) -> float:
    """Open ``url`` in ``page`` and return the seconds from the request to the first widget on
    screen, by the page's own clock (it starts as the browser sends the request). With
    ``widget=False``: to the page shown, Voila's spinner gone."""
    page.add_init_script(_WATCH_FIRST_WIDGET % ("true" if widget else "false"))
    page.goto(url, timeout=timeout * 1000)
    shown = page.wait_for_function("() => window.__firstWidgetShown", polling="raf", timeout=timeout * 1000)
    return shown.json_value() / 1000


#: axe-core's WCAG 2.0, 2.1 and 2.2 A and AA rules (not its best practices).
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]},
               "resultTypes": ["violations"]}


def serious_axe_violations(page) -> list[str]:
    """axe-core's serious and critical WCAG A/AA violations on the page as it is now, one line each.

    axe (bundled in axe-playwright-python) is a local script put into the page: nothing is fetched.
    Voila scrolls the notebook inside ``#rendered_cells``, and axe skips what is scrolled out of
    sight (no contrast is checked there), so the window is made as tall as the page while axe runs."""
    from axe_playwright_python.sync_playwright import Axe

    size = page.viewport_size
    tall = page.evaluate("() => Math.max(...[document.documentElement, ...document.querySelectorAll('#rendered_cells')]"
                         ".map(e => e.scrollHeight))")
    page.set_viewport_size({"width": size["width"], "height": max(size["height"], tall)})
    try:
        page.wait_for_function("() => [...document.querySelectorAll('#rendered_cells')].every(e => e.scrollHeight <= e.clientHeight + 1)")
        found = Axe().run(page, options=AXE_OPTIONS).response["violations"]
    finally:
        page.set_viewport_size(size)
    return [f"{v['id']} ({v['impact']}): {v['help']}: " + "; ".join(f"{n['target']} {n['html'][:160]}" for n in v["nodes"][:5])
            for v in found if v["impact"] in ("serious", "critical")]


# ---------------------------------------------------------------- a person in JupyterLab

SHOWN = ".jp-NotebookPanel:not(.lm-mod-hidden)"  # the notebook in the tab in front


def guarded_page(browser, browser_log):
    """A page in a browser context of its own (one person's browser): a request leaving 127.0.0.1
    is refused and noted on ``browser_log``, and so is every console error, for a test to fail on."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})

    def guard(route):
        parts = urlsplit(route.request.url)
        if parts.scheme in ("data", "blob", "about") or parts.hostname in LOOPBACK_HOSTS:
            route.continue_()
        else:
            browser_log.outside.append(route.request.url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.on("console", lambda msg: browser_log.console_errors.append(msg.text) if msg.type == "error" else None)
    page.on("pageerror", lambda exc: browser_log.console_errors.append(f"page error: {exc}"))
    return page


def run_all_cells(page, url: str, cells: int) -> None:
    """Open a notebook and run it from the Run menu, as a person does, then wait until its ``cells``
    code cells have run (a fresh kernel numbers them 1 to N)."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.goto(url)
    page.wait_for_function(f"(n) => document.querySelectorAll('{SHOWN} .jp-CodeCell').length === n", arg=cells,
                           timeout=120_000)
    page.locator(".jp-StatusBar-TextItem", has_text="| Idle").first.wait_for(timeout=120_000)
    prompts = f"[...document.querySelectorAll('{SHOWN} .jp-CodeCell .jp-InputPrompt')].map(p => p.textContent)"  # cells out of view have no innerText
    for attempt in range(4):
        dialog = page.locator(".jp-Dialog")
        if dialog.count():  # "Select Kernel", when the menu came before the kernel was ready
            dialog.locator(".jp-mod-accept").first.click()
            dialog.first.wait_for(state="detached")
        page.wait_for_timeout(1000 * (attempt + 1))
        page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(f"() => /\\[(\\*|1)\\]/.test({prompts}[0])", timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    try:
        page.wait_for_function(f"(n) => {{ const p = {prompts}; return p[n - 1].includes(`[${{n}}]`) && !p.join().includes('*'); }}",
                               arg=cells, timeout=300_000)
    except PlaywrightTimeout:
        errors = page.locator(f"{SHOWN} .jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
        raise AssertionError(f"{url} did not run to the end: prompts {page.evaluate(prompts)}, errors {errors}") from None
