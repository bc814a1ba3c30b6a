"""The room (``python tasks.py room``) for the tests: started on 127.0.0.1 as that command starts it,
stopped and its accounts removed afterwards (:func:`running_room`), and a :class:`Seat`, a person
who logged in over HTTP with the password on the seat card. tests/server/test_room.py uses the room
over HTTP, tests/browser/test_room_browser.py in Chromium."""
from __future__ import annotations

import contextlib
import csv
import grp
import json
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import pytest
import requests

from support import ROOT, free_port, start_server, until

from helpers.serve import room as room_mod

__all__ = ["FIRST", "need_root", "hub_ports", "Seat", "running_room", "exists"]

FIRST = "/lab/tree/workbooks/01_start_here.ipynb"


def need_root(test: str = "tests/server/test_room.py"):
    """Go on as root; elsewhere skip, saying why (and fail in CI, which runs as root)."""
    if os.geteuid() == 0:
        return
    if os.environ.get("CI"):
        pytest.fail("The room tests make Unix accounts, so they need root, and CI runs as root: run them as root.")
    pytest.skip("The room tests make Unix accounts, so they run as root (as CI does): "
                f"sudo .venv/bin/python -m pytest {test}")


def hub_ports() -> int:
    """A port for the hub whose neighbours (+1 the proxy's API, +81 the hub itself) are free too."""
    import socket

    while True:
        port = free_port()
        try:
            for extra in (1, 81):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port + extra))
            return port
        except OSError:
            continue


class Seat:
    """One person in the room: a browser-like session that logged in with the card's password."""

    def __init__(self, base: str, user: str, password: str):
        self.base, self.user, self.http = base, user, requests.Session()
        self.login = self.log_in(password)
        self.token = None

    def log_in(self, password: str) -> requests.Response:
        page = self.http.get(self.base + "/hub/login", timeout=30)
        xsrf = re.search(r'name="_xsrf" value="([^"]+)"', page.text).group(1)
        return self.http.post(self.base + "/hub/login", data={"username": self.user, "password": password, "_xsrf": xsrf},
                              allow_redirects=False, timeout=60)

    def start(self) -> None:
        """What the browser does after logging in: the hub's spawn page; then a token for the API."""
        assert self.http.get(self.base + "/hub/spawn", allow_redirects=False, timeout=60).status_code == 302
        made = self.http.post(f"{self.base}/hub/api/users/{self.user}/tokens", json={"note": "room test"},
                              headers={"X-XSRFToken": self.http.cookies.get("_xsrf")}, timeout=30)
        assert made.status_code == 201, made.text
        self.token = made.json()["token"]

    def api(self, path: str, method: str = "GET", **kw) -> requests.Response:
        return requests.request(method, self.base + path, headers={"Authorization": f"token {self.token}"}, timeout=60, **kw)

    def ready(self) -> bool:
        return bool(self.api(f"/hub/api/users/{self.user}").json()["servers"].get("", {}).get("ready"))

    def kernel(self, notebook: str | None = None):
        """A new kernel of this seat's own server (for ``notebook``, as opening it in JupyterLab
        does) and a websocket to it: ``(kernel id, websocket)``."""
        import websocket

        if notebook:
            made = self.api(f"/user/{self.user}/api/sessions", "POST",
                            json={"path": notebook, "type": "notebook", "name": "", "kernel": {"name": "python3"}})
            kid = made.json()["kernel"]["id"]
        else:
            made = self.api(f"/user/{self.user}/api/kernels", "POST", json={})
            kid = made.json()["id"]
        assert made.status_code == 201, made.text
        return kid, websocket.create_connection(
            f"{self.base.replace('http', 'ws')}/user/{self.user}/api/kernels/{kid}/channels",
            header=[f"Authorization: token {self.token}"], timeout=300)

    def execute(self, ws, code: str) -> str:
        """Run ``code`` in the kernel behind ``ws``; its printed output (and any error)."""
        msg_id = uuid.uuid4().hex
        ws.send(json.dumps({
            "header": {"msg_id": msg_id, "msg_type": "execute_request", "username": self.user, "session": uuid.uuid4().hex,
                       "version": "5.3", "date": ""},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": code, "silent": False, "store_history": False, "user_expressions": {}, "allow_stdin": False,
                        "stop_on_error": True}}))
        out = []
        while True:
            msg = json.loads(ws.recv())
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "stream":
                out.append(msg["content"]["text"])
            elif msg["msg_type"] == "error":
                out.append(f"ERROR {msg['content']['ename']}: {msg['content']['evalue']}\n")
            elif msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                return "".join(out)

    def run(self, code: str) -> str:
        """Run ``code`` in a new kernel of this seat's own server, then close it."""
        kid, ws = self.kernel()
        try:
            return self.execute(ws, code)
        finally:
            ws.close()
            self.api(f"/user/{self.user}/api/kernels/{kid}", "DELETE")


@contextlib.contextmanager
def running_room(teams: dict[str, int], facilitator: str, logs: Path):
    """Start the room on 127.0.0.1 as ``tasks.py room`` does (the proxy from npm first); stop it
    afterwards and remove its accounts, checking that nothing is left behind."""
    room_mod.ensure_proxy()  # npm: node, outside the test's network guard
    top = Path(tempfile.mkdtemp(prefix="demand-room-"))
    top.chmod(0o755)  # the seats go through it to their homes and team folders
    data, port = top / "data", hub_ports()
    cmd = [sys.executable, "-m", "helpers.serve", "room", "--teams", ",".join(f"{t}:{n}" for t, n in teams.items()),
           "--ip", "127.0.0.1", "--port", str(port), "--data-dir", str(data), "--facilitator", facilitator]
    server, still = None, []
    try:
        started = time.monotonic()
        server = start_server("room", cmd, port, dict(os.environ), logs, path="/hub/login")
        # The proxy answers (404) before the hub has given it its route.
        until(lambda: requests.get(f"{server.url}/hub/login", timeout=10).status_code == 200, timeout=60)
        with (data / "seat-cards.csv").open() as fh:
            cards = {row["user"]: row for row in csv.DictReader(fh)}
        state = json.loads((data / "room.json").read_text())
        yield {"base": server.url, "data": data, "teams": list(teams), "cards": cards, "server": server,
               "facilitator": facilitator, "facilitator_password": state["passwords"][facilitator],
               "up_seconds": time.monotonic() - started, "hub_port": port + 81,
               "token": (data / "hub" / "room-token").read_text().strip()}
    finally:
        if server is not None:
            import psutil

            kids = server.children()
            server.proc.send_signal(signal.SIGTERM)  # the room tells the hub, which stops every seat's server
            try:
                server.proc.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.stop()
            still = psutil.wait_procs(kids, timeout=10)[1]
            for kid in still:
                kid.kill()
        removed = subprocess.run([sys.executable, "-m", "helpers.serve", "room", "--remove", "--data-dir", str(data)],
                                 cwd=ROOT, capture_output=True, text=True)
        kept = [(data / "studies" / t).stat().st_mode & 0o777 for t in teams if (data / "studies" / t).is_dir()]
        left = [u for u in [*room_mod.seat_names(teams), facilitator] if exists(pwd.getpwnam, u)]
        left += [g for g in (f"room-{t}" for t in teams) if exists(grp.getgrnam, g)]
        for user in left:  # only if --remove failed: never leave an account behind
            subprocess.run(["userdel", "--remove", user], capture_output=True)
            subprocess.run(["groupdel", user], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)
        assert not still, "stopping the room left processes running"
        assert removed.returncode == 0, removed.stdout + removed.stderr
        assert not left, f"--remove left these accounts or groups behind: {left}"
        assert kept == [0o700] * len(teams), "--remove must keep the teams' studies, as root's only"


def exists(lookup, name) -> bool:
    try:
        lookup(name)
        return True
    except KeyError:
        return False
