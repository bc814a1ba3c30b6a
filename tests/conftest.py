"""The shared test machinery: places, servers, a guarded Chromium, and the offline rule.

Every test (and every notebook nbval runs) gets:
- ``DEMAND_STUDIES_DIR`` in a temporary folder, never the repository's ``studies/``;
- no outside network: the test process, the servers and their kernels refuse any
  connection that is not to loopback (``tests/netguard``), and a test during which anything
  tried fails;
- ``artefacts_dir``: screenshots and logs go to ``$DEMAND_TEST_ARTEFACTS`` (default: a
  folder in the temp directory), never into the tree.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from support import CHROMIUM, CHROMIUM_ARGS, NETGUARD, ROOT, Server, free_port, guarded_page, start_server

# Not test modules: benchmarks run by `make bench`, the guard, and test data.
collect_ignore_glob = ["bench/*", "netguard/*", "fixtures/*", "data/*"]


# ---------------------------------------------------------------- places and environment

def _artefacts_root() -> Path:
    root = Path(os.environ.get("DEMAND_TEST_ARTEFACTS") or Path(tempfile.gettempdir()) / "demand-workbook-test-artefacts")
    root.mkdir(parents=True, exist_ok=True)
    return root


def pytest_configure(config):
    from hypothesis import HealthCheck, settings

    # A busy 2-core machine flakes Hypothesis's default deadline; CI gets a fixed seed too.
    settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True,
                              suppress_health_check=[HealthCheck.too_slow])
    settings.register_profile("dev", deadline=None, suppress_health_check=[HealthCheck.too_slow])
    settings.load_profile("ci" if os.environ.get("CI") else "dev")

    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    artefacts = _artefacts_root()
    os.environ["DEMAND_TEST_ARTEFACTS"] = str(artefacts)
    session_tmp = Path(tempfile.mkdtemp(prefix=f"demand-tests-{worker}-"))
    config._demand_tmp = session_tmp
    # One studies folder for the whole run, shared by the xdist workers (they inherit the
    # controller's environment): nbval's run of a notebook and its second run in
    # tests/notebooks/test_notebooks.py use the same folder, as "Run All" twice would.
    shared = os.environ.get("DEMAND_TEST_SESSION_STUDIES")
    if not shared:
        shared = tempfile.mkdtemp(prefix="demand-test-studies-")
        os.environ["DEMAND_TEST_SESSION_STUDIES"] = shared
        config._demand_owns_studies = shared
    # Kernels nbval starts, and servers the fixtures start, inherit all of this.
    os.environ["DEMAND_STUDIES_DIR"] = str(Path(shared) / "studies")
    os.environ.pop("DEMAND_MODE", None)
    os.environ.pop("DEMAND_STUDY", None)
    os.environ.pop("VOILA_BASE_URL", None)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["DEMAND_NETGUARD"] = "1"
    log = session_tmp / "netguard.log"
    log.touch()
    os.environ["DEMAND_NETGUARD_LOG"] = str(log)
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), os.environ.get("PYTHONPATH", "")]))
    # Guard this process too (sitecustomize only runs at interpreter start-up).
    import runpy

    runpy.run_path(str(NETGUARD / "sitecustomize.py"))  # idempotent


def pytest_unconfigure(config):
    for tmp in (getattr(config, "_demand_tmp", None), getattr(config, "_demand_owns_studies", None)):
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    if getattr(config, "_demand_owns_studies", None):
        os.environ.pop("DEMAND_TEST_SESSION_STUDIES", None)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """Fail any test (notebook cells included) during which something tried to go outside."""
    log = Path(os.environ["DEMAND_NETGUARD_LOG"])
    before = log.stat().st_size if log.exists() else 0
    result = yield
    if log.exists() and log.stat().st_size > before:
        with log.open(encoding="utf-8") as fh:
            fh.seek(before)
            tried = fh.read().strip()
        raise AssertionError(f"Something tried to reach outside this machine (the workbook must work offline):\n{tried}")
    return result


@pytest.fixture(autouse=True)
def _own_studies_dir(tmp_path_factory, monkeypatch):
    """A fresh, empty studies folder for every test, in normal ("lab") mode."""
    monkeypatch.setenv("DEMAND_STUDIES_DIR", str(tmp_path_factory.mktemp("t") / "studies"))  # made on first write
    monkeypatch.delenv("DEMAND_MODE", raising=False)
    monkeypatch.delenv("DEMAND_STUDY", raising=False)
    monkeypatch.delenv("VOILA_BASE_URL", raising=False)


@pytest.fixture
def artefacts_dir(request) -> Path:
    """A folder outside the tree for this test's screenshots and logs."""
    safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in request.node.nodeid)[-120:]
    folder = _artefacts_root() / safe
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="session")
def realdata_dir() -> Path:
    """``tests/data/realdata``: small samples of real public exports (their README says
    where each came from, its licence and how it was cut down)."""
    return ROOT / "tests" / "data" / "realdata"


# ---------------------------------------------------------------- servers

@pytest.fixture
def voila_server(artefacts_dir):
    """Start a standalone Voila server: ``voila_server(target, mode="readonly", study=None, preheat=False,
    extra=(), cull_idle=..., cull_interval=...)``.

    Uses the same command as ``make walkthrough`` (helpers.serve). For the capture app use
    ``capture_server``, which starts it as ``make capture`` does (with its token).
    """
    from helpers import serve

    started: list[Server] = []

    def start(target, mode: str = "readonly", study=None, preheat: bool | int = False, extra=(), **cull) -> Server:
        port = free_port()
        env = serve.voila_env(mode, study)
        server = start_server("voila", serve.voila_command(target, port=port, preheat=preheat, extra=extra, **cull),
                              port, env, artefacts_dir)
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def capture_server(artefacts_dir):
    """Start the capture app for a study exactly as ``make capture`` does
    (``helpers.serve.capture_command``): ``capture_server(study, ip="127.0.0.1")``.

    ``server.token`` is the token it was started with and ``server.extra["address"]`` the
    address ``make capture`` prints (``http://127.0.0.1:<port>/?token=...``).
    """
    from helpers import serve

    started: list[Server] = []

    def start(study, ip: str = "127.0.0.1") -> Server:
        port = free_port()
        cmd, env, address = serve.capture_command(study, port=port, ip=ip)
        # Polls "/" without the token: refused (a redirect to the login page), so no kernel is
        # started just to see that the server is up.
        server = start_server("voila-capture", cmd, port, env, artefacts_dir)
        server.token = address.rsplit("?token=", 1)[1]
        server.extra["address"] = address
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def lab_server(artefacts_dir):
    """Start JupyterLab as ``make workshop`` does, on a free port with a known token."""
    from helpers import serve

    started: list[Server] = []

    def start(extra=()) -> Server:
        port = free_port()
        token = "demand-test-token"
        cmd = serve.lab_command(port=port, token=token, browser=False, open_path=None) + list(extra)
        env = dict(os.environ)
        env["JUPYTER_CONFIG_DIR"] = str(artefacts_dir / "jupyter-config")
        env["JUPYTERLAB_WORKSPACES_DIR"] = str(artefacts_dir / "lab-workspaces")
        server = start_server("jupyterlab", cmd, port, env, artefacts_dir, path=f"/api?token={token}")
        server.token = token
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


# ---------------------------------------------------------------- browser

@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing. Install it with: apt-get install -y chromium (make test does this as root).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


#: Runs in a page from its first moment: on every frame, note when the first widget (or, for
#: a page without widgets, the page itself once Voila's spinner has gone) can be seen, as
#: Playwright judges it: a box of some size, not hidden. Timing inside the page matters:
#: Playwright's wait_for polls at 0, 20, 50, 100 and 100 ms and then only every 500 ms, so a
#: widget drawn just after a poll was counted up to half a second late.
@dataclass
class BrowserLog:
    outside: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)
    allowed_console_errors: list = field(default_factory=list)  # substrings a test expects


@pytest.fixture
def browser_log() -> BrowserLog:
    return BrowserLog()


@pytest.fixture
def page(browser, browser_log, artefacts_dir, request):
    """A fresh page that blocks (and fails the test on) any request leaving 127.0.0.1,
    and fails the test on console errors (not warnings)."""
    pg = guarded_page(browser, browser_log)
    yield pg
    try:
        pg.screenshot(path=str(artefacts_dir / "last.png"))
    except Exception:
        pass
    pg.context.close()
    errors = [e for e in browser_log.console_errors
              if not any(a in e for a in browser_log.allowed_console_errors)]
    assert not browser_log.outside, f"The page asked for things outside this machine: {browser_log.outside}"
    assert not errors, f"The browser console showed errors: {errors}"
