"""The capture server holds personal data: proved by attacking it as a web page would.

The server is started as ``make capture`` starts it (``helpers.serve.capture_command``), for a
real study with a verbatim in it. Every test makes the request an attacker's page could make:
no token, a forged ``Host`` (DNS rebinding: the page's own name resolves to 127.0.0.1), a
websocket from another origin, and shows it refused; each also shows the right request
accepted, so no test passes because the server was simply down.
"""
from __future__ import annotations

import html
import http.client
import json
import re
import threading
import time
import uuid

import pytest

from support import free_port, start_server, until
from helpers import serve
from helpers.core.study import Study

SECRET_WORDS = "My name's Zoë and I live at 14 Elm Road"


@pytest.fixture(scope="module")
def capture(tmp_path_factory):
    """One capture server for the module, for a study that holds a verbatim."""
    folder = tmp_path_factory.mktemp("capture-server")
    path = folder / "team.study"
    study = Study.create(path, name="Repairs team", service="Housing repairs")
    study.record(SECRET_WORDS, captured_by="Asha")
    study.close()
    port = free_port()
    cmd, env, address = serve.capture_command(path, port=port)
    server = start_server("voila-capture", cmd, port, env, folder)
    server.token = address.rsplit("?token=", 1)[1]
    server.extra["address"] = address
    yield server
    server.stop()


def request(server, path: str, host: str | None = None, method: str = "GET", headers: dict | None = None):
    """One HTTP request to the server at 127.0.0.1, optionally under another Host; no redirects followed."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=180)
    sent = dict(headers or {})
    if host is not None:
        sent["Host"] = host  # http.client then sends this Host instead of its own
    conn.request(method, path, headers=sent)
    resp = conn.getresponse()
    body = resp.read().decode("utf-8", "replace")
    conn.close()
    return resp, body


def rendered(server):
    """The capture page as the team's browser gets it: (kernel id, the cookie it was given)."""
    resp, body = request(server, f"/?token={server.token}")
    assert resp.status == 200, body[:500]
    found = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', body, re.S)
    assert found, "the page carries no #jupyter-config-data"
    kernel = json.loads(html.unescape(found.group(1)))["kernelId"]
    cookie = "; ".join(value.split(";", 1)[0] for name, value in resp.getheaders() if name.lower() == "set-cookie")
    assert cookie, "the page set no login cookie"
    return kernel, cookie


def websocket_to(server, kernel: str, *, host: str, origin: str, token: bool = False, cookie: str | None = None):
    """Open the kernel's websocket as a page would, or return the HTTP status it was refused with."""
    import websocket  # websocket-client, installed with Jupyter

    url = f"ws://127.0.0.1:{server.port}/api/kernels/{kernel}/channels"
    if token:
        url += f"?token={server.token}"
    try:
        return websocket.create_connection(url, timeout=30, host=host, origin=origin, cookie=cookie)
    except websocket.WebSocketBadStatusException as refused:
        return refused.status_code


def kernel_answers(ws) -> bool:
    """Whether the kernel answers a kernel_info_request over ``ws`` (the channel is live)."""
    ws.send(json.dumps({"header": {"msg_id": uuid.uuid4().hex, "username": "test", "session": uuid.uuid4().hex,
                                   "msg_type": "kernel_info_request", "version": "5.3", "date": ""},
                        "parent_header": {}, "metadata": {}, "content": {}, "channel": "shell"}))
    ws.settimeout(1)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if json.loads(ws.recv()).get("msg_type") == "kernel_info_reply":
                return True
        except Exception:
            pass
    return False


# ---------------------------------------------------------------- pages

def test_the_page_is_refused_without_the_token_and_served_with_it(capture):
    resp, body = request(capture, "/")
    assert resp.status in (302, 401, 403), f"the capture page was served without its token ({resp.status})"
    assert SECRET_WORDS not in body
    resp, body = request(capture, "/?token=not-the-token")
    assert resp.status in (302, 401, 403), f"a wrong token was accepted ({resp.status})"
    resp, body = request(capture, f"/?token={capture.token}")
    assert resp.status == 200 and "jupyter-config-data" in body
    assert capture.extra["address"] == f"http://127.0.0.1:{capture.port}/?token={capture.token}"


def test_the_page_is_refused_under_a_forged_host_even_with_the_token(capture):
    # DNS rebinding: a page at evil.example re-points its name at 127.0.0.1, so its requests
    # reach the server with "Host: evil.example:<port>".
    resp, body = request(capture, f"/?token={capture.token}", host=f"evil.example:{capture.port}")
    assert resp.status == 403, f"a forged Host was served ({resp.status})"
    assert SECRET_WORDS not in body


def test_the_kernel_api_is_refused_under_a_forged_host(capture):
    kernel, _ = rendered(capture)
    forged = f"evil.example:{capture.port}"
    for method, path in [("GET", f"/api/kernels/{kernel}"), ("DELETE", f"/api/kernels/{kernel}"),
                         ("POST", f"/voila/api/shutdown/{kernel}")]:
        resp, _ = request(capture, f"{path}?token={capture.token}", host=forged, method=method)
        assert resp.status == 403, f"{method} {path} under a forged Host answered {resp.status}"
    # Under this machine's own names the same kernel is there (the 403s are the Host check).
    for host in (None, f"localhost:{capture.port}"):
        resp, body = request(capture, f"/api/kernels/{kernel}?token={capture.token}", host=host)
        assert resp.status == 200 and json.loads(body)["id"] == kernel, (host, resp.status)


# ---------------------------------------------------------------- the kernel websocket

def test_the_kernel_websocket_refuses_rebinding_other_origins_and_no_token(capture):
    kernel, cookie = rendered(capture)
    here, forged = f"127.0.0.1:{capture.port}", f"evil.example:{capture.port}"

    # DNS rebinding: forged Host with the matching Origin, so the origin check alone would pass.
    assert websocket_to(capture, kernel, host=forged, origin=f"http://{forged}", token=True) == 403
    assert websocket_to(capture, kernel, host=forged, origin=f"http://{forged}", cookie=cookie) == 403
    # Another site's page, in a browser that holds the team's cookie: refused by its Origin.
    assert websocket_to(capture, kernel, host=here, origin="http://evil.example", cookie=cookie) == 403
    # No token and no cookie.
    assert websocket_to(capture, kernel, host=here, origin=f"http://{here}") == 403

    # The team's own page gets through, with the token or with its cookie: the refusals above
    # are the server's checks, not a dead channel.
    for how in ({"token": True}, {"cookie": cookie}):
        ws = websocket_to(capture, kernel, host=here, origin=f"http://{here}", **how)
        assert not isinstance(ws, int), f"the right request was refused ({ws}) with {list(how)}"
        try:
            assert kernel_answers(ws), f"the kernel did not answer over the websocket opened with {list(how)}"
        finally:
            ws.close()


# ---------------------------------------------------------------- the command

def test_each_start_gets_a_fresh_token_and_a_loopback_server_checks_the_host(tmp_path):
    first, env, url = serve.capture_command(tmp_path / "a.study", port=8867)
    second, _, _ = serve.capture_command(tmp_path / "a.study", port=8867)
    tokens = [[a for a in cmd if a.startswith("--Voila.token=")] for cmd in (first, second)]
    assert all(len(t) == 1 and len(t[0]) > len("--Voila.token=") + 30 for t in tokens)
    assert tokens[0] != tokens[1]
    assert url == f"http://127.0.0.1:8867/?token={tokens[0][0].split('=', 1)[1]}"
    assert env["DEMAND_MODE"] == "capture" and env["DEMAND_STUDY"] == str((tmp_path / "a.study").resolve())
    assert f"--Voila.config_file_paths={serve.LOCAL_ONLY_CONFIG}" in first
    config = json.loads((serve.LOCAL_ONLY_CONFIG / "voila.json").read_text())
    assert config == {"Voila": {"tornado_settings": {"allow_remote_access": False}}}
    for ip in ("localhost", "::1", "[::1]", "127.0.0.2"):
        cmd, _, _ = serve.capture_command(tmp_path / "a.study", port=1, ip=ip)
        assert f"--Voila.config_file_paths={serve.LOCAL_ONLY_CONFIG}" in cmd, ip


@pytest.mark.parametrize("ip", ["0.0.0.0", "192.168.1.20", "::", "laptop.local"])
def test_serving_capture_to_the_network_warns_in_plain_english(ip, tmp_path, monkeypatch, capsys):
    study = tmp_path / "team.study"
    Study.create(study, name="Repairs team", service="Housing repairs").close()
    ran = []
    monkeypatch.setattr(serve, "_run", lambda cmd, env=None: ran.append((cmd, env)) or 0)
    assert serve.main(["capture", str(study), "--ip", ip, "--port", "8867"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "reached from the network" in out
    assert "Anyone on the network who has the address with its token can read every word in the study" in out
    assert "the token is all that protects the study" in out
    assert "?token=" in out
    (cmd, env), = ran
    assert f"--Voila.ip={ip}" in cmd and any(a.startswith("--Voila.token=") for a in cmd)
    # Visitors use this machine's network address, so the Host check cannot be on.
    assert not any(a.startswith("--Voila.config_file_paths=") for a in cmd)
    assert env["DEMAND_MODE"] == "capture"


def test_serving_capture_on_this_machine_prints_the_address_with_its_token_and_no_warning(tmp_path, monkeypatch, capsys):
    study = tmp_path / "team.study"
    Study.create(study, name="Repairs team", service="Housing repairs").close()
    ran = []
    monkeypatch.setattr(serve, "_run", lambda cmd, env=None: ran.append(cmd) or 0)
    assert serve.main(["capture", str(study), "--port", "8867"]) == 0
    out = capsys.readouterr().out
    token = next(a for a in ran[0] if a.startswith("--Voila.token=")).split("=", 1)[1]
    assert f"http://127.0.0.1:8867/?token={token}" in out
    assert "WARNING" not in out and "network" not in out


# ---------------------------------------------------------------- in a browser

_OPEN_SOCKET = """([url]) => new Promise(done => {
  const ws = new WebSocket(url);
  ws.onopen = () => { ws.close(); done("open"); };
  ws.onclose = () => done("refused");
})"""


@pytest.fixture
def other_local_page():
    """Another web page on this machine, at another port: a different origin, but the same
    site as the capture server, so the browser sends it the team's cookie. (A page fulfilled
    by Playwright would not do: Chromium's local-network checks block it before the server
    is asked, and the server's own check is what is tested here.)"""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Page(BaseHTTPRequestHandler):
        def do_GET(self):
            body = b"<!doctype html><title>Nothing to see here</title>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Page)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.browser
def test_another_page_in_the_teams_browser_cannot_open_the_kernel_websocket(capture, page, browser_log,
                                                                          other_local_page):
    # The team's browser has the capture page open, so it holds the login cookie.
    page.goto(capture.extra["address"])
    kernel = json.loads(page.locator("#jupyter-config-data").text_content())["kernelId"]
    channel = f"ws://127.0.0.1:{capture.port}/api/kernels/{kernel}/channels"
    assert page.evaluate(_OPEN_SOCKET, [channel]) == "open"  # from the capture page itself
    assert any(c["name"] == f"username-127-0-0-1-{capture.port}" for c in page.context.cookies())

    # Another page on this machine tries the same channel with that cookie: the server refuses it.
    browser_log.allowed_console_errors.append("WebSocket connection to")
    page.goto(other_local_page)
    assert page.evaluate(_OPEN_SOCKET, [channel]) == "refused"
    # The server logs this only after the cookie let the request in (the login check comes
    # first), so the refusal is its origin check, not a missing cookie or the browser's own rules.
    blocked = f"Blocking Cross Origin WebSocket Attempt.  Origin: {other_local_page.rstrip('/')}"
    until(lambda: blocked in capture.log(), timeout=10)
    assert blocked in capture.log(), "the socket failed, but not because the server refused the other origin"
