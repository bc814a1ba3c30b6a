"""The shared harness proves itself: offline guard, Voila, JupyterLab, Chromium."""
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def test_outside_connections_are_refused_in_this_process(monkeypatch, tmp_path):
    import socket

    log = tmp_path / "guard.log"
    monkeypatch.setenv("DEMAND_NETGUARD_LOG", str(log))
    with pytest.raises(ConnectionRefusedError, match="offline"):
        socket.create_connection(("192.0.2.1", 80), timeout=1)  # TEST-NET: refused before any packet
    assert "192.0.2.1" in log.read_text()


def test_outside_connections_are_refused_in_child_processes_and_loopback_is_not(tmp_path):
    log = tmp_path / "guard.log"
    code = (
        "import socket\n"
        "try:\n    socket.create_connection(('192.0.2.1', 443), timeout=1)\nexcept ConnectionRefusedError as e:\n    print('refused', e)\n"
        "s = socket.socket(); s.bind(('127.0.0.1', 0)); s.listen(); socket.create_connection(s.getsockname()).close(); print('loopback ok')\n"
    )
    env = dict(os.environ, DEMAND_NETGUARD_LOG=str(log))
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    assert "refused" in out and "loopback ok" in out
    assert "192.0.2.1" in log.read_text()


REAL_EXPORTS = ["cfpb_narratives_only.csv", "nyc311_2025-03-24_sample.csv", "sandiego_getitdone_2021_from_march.csv"]


def test_the_real_export_samples_are_in_the_repository_and_described(realdata_dir):
    """The real exports the tests load live in the repository (CI has nothing beside the
    clone), stay small, and each says where it came from and under what licence."""
    assert sorted(p.name for p in realdata_dir.glob("*.csv")) == REAL_EXPORTS
    readme = (realdata_dir / "README.md").read_text(encoding="utf-8")
    sections = re.split(r"^## ", readme, flags=re.M)[1:]
    described = {s.split("\n", 1)[0].strip().strip("`"): s for s in sections}
    assert sorted(described) == REAL_EXPORTS
    for name, text in described.items():
        for field in ("Where it came from:", "Licence:", "Trimming:", "Used by:"):
            assert field in text, f"README.md says nothing under {field!r} for {name}"
        assert f"{(realdata_dir / name).stat().st_size:,} bytes" in readme, f"README.md gives the wrong size for {name}"
        assert (realdata_dir / name).stat().st_size < 400_000, f"{name} should be a small sample"


@pytest.mark.browser
def test_voila_serves_a_notebook_offline_in_readonly_mode(voila_server, page, artefacts_dir):
    server = voila_server(FIXTURES / "hello.ipynb", mode="readonly")
    page.goto(server.url + "/")
    page.get_by_text("Mode: readonly").wait_for(timeout=60_000)
    slider = page.locator(".widget-slider").first
    slider.wait_for()
    page.screenshot(path=str(artefacts_dir / "voila.png"))
    # The standalone server refuses the Jupyter API.
    for path in ["/api/contents", "/api/kernels", "/lab", "/tree"]:
        response = page.request.get(server.url + path)
        assert response.status in (403, 404, 405), f"{path} answered {response.status}"


@pytest.mark.browser
def test_the_voila_template_cannot_be_switched_from_the_url(voila_server, page):
    server = voila_server(FIXTURES / "hello.ipynb")
    response = page.goto(server.url + "/?template=reveal")
    assert response.ok
    page.get_by_text("Mode: readonly").wait_for(timeout=60_000)
    assert "reveal" not in page.content().lower()


@pytest.mark.browser
def test_jupyterlab_starts_offline_and_shows_the_workbook(lab_server, page, artefacts_dir):
    server = lab_server()
    page.goto(f"{server.url}/lab?token={server.token}")
    page.locator(".jp-Launcher, .jp-LabShell").first.wait_for(timeout=90_000)
    page.locator(".jp-DirListing-item").first.wait_for(timeout=60_000)
    names = page.locator(".jp-DirListing-itemText").all_inner_texts()
    assert "src" in names and "tests" in names
    page.screenshot(path=str(artefacts_dir / "lab.png"))


@pytest.mark.browser
@pytest.mark.parametrize("widget", [True, False])
def test_the_first_widget_is_timed_by_the_pages_own_clock(page, tmp_path, widget):
    """The walkthrough benchmark's clock: not early (a hidden widget, or a page still behind its
    spinner, does not count) and not late by Playwright's polling, which waits up to 500 ms."""
    import functools
    import http.server
    import threading

    from support import seconds_to_first_widget

    reveal = ("document.getElementById('w').style.visibility = 'visible'" if widget
              else "document.getElementById('loading').style.display = 'none'")
    (tmp_path / "index.html").write_text(
        "<html><body><div id='loading' style='display: flex'>Running ...</div>"
        "<div class='jupyter-widgets' id='w' style='visibility: hidden'>a widget</div>"
        f"<script>setTimeout(() => {{ {reveal}; window.__revealed = performance.now(); }}, 700);</script>"
        "</body></html>")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        seconds = seconds_to_first_widget(page, f"http://127.0.0.1:{server.server_port}/index.html", widget, timeout=30)
    finally:
        server.shutdown()
    revealed = page.evaluate("window.__revealed") / 1000
    assert revealed >= 0.7
    assert revealed <= seconds < revealed + 0.25, (seconds, revealed)
