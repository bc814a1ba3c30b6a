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
