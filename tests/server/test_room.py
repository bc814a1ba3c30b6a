"""The room (``python tasks.py room``): JupyterHub with a Unix account per seat, started as the
room command starts it, and used over HTTP as participants use it, with the passwords on the seat
cards: two seats of one team and one of the other, and the facilitator.

It makes real accounts, so it runs as root (CI runs as root); elsewhere it says why it did not
run. The room is stopped and its accounts removed afterwards, even when a test fails.
"""
from __future__ import annotations

import contextlib
import csv
import grp
import hashlib
import json
import os
import pwd
import re
import secrets
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

FIRST = "/lab/tree/workbooks/01_start_here.ipynb"


def _need_root():
    if os.geteuid() == 0:
        return
    if os.environ.get("CI"):
        pytest.fail("The room test makes Unix accounts, so it needs root, and CI runs as root: run it as root.")
    pytest.skip("The room test makes Unix accounts, so it runs as root (as CI does): "
                "sudo .venv/bin/python -m pytest tests/server/test_room.py")


def _ports() -> int:
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
    data, port = top / "data", _ports()
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
        left = [u for u in [*room_mod.seat_names(teams), facilitator] if _exists(pwd.getpwnam, u)]
        left += [g for g in (f"room-{t}" for t in teams) if _exists(grp.getgrnam, g)]
        for user in left:  # only if --remove failed: never leave an account behind
            subprocess.run(["userdel", "--remove", user], capture_output=True)
            subprocess.run(["groupdel", user], capture_output=True)
        shutil.rmtree(top, ignore_errors=True)
        assert not still, "stopping the room left processes running"
        assert removed.returncode == 0, removed.stdout + removed.stderr
        assert not left, f"--remove left these accounts or groups behind: {left}"
        assert kept == [0o700] * len(teams), "--remove must keep the teams' studies, as root's only"


@pytest.fixture(scope="module")
def room(artefacts_dir_module):
    """The room with two teams (two seats and one), started on 127.0.0.1 as ``tasks.py room`` does."""
    _need_root()
    tag = secrets.token_hex(2)
    with running_room({f"north{tag}": 2, f"south{tag}": 1}, f"facil{tag}", artefacts_dir_module) as started:
        yield started


def _exists(lookup, name) -> bool:
    try:
        lookup(name)
        return True
    except KeyError:
        return False


@pytest.fixture(scope="module")
def artefacts_dir_module(tmp_path_factory) -> Path:
    folder = Path(os.environ["DEMAND_TEST_ARTEFACTS"]) / "test_room"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture(scope="module")
def seats(room):
    """Two seats of the first team and one of the second, logged in with their cards and started."""
    north, south = room["teams"]
    found = {}
    for user in (f"{north}-1", f"{north}-2", f"{south}-1"):
        seat = Seat(room["base"], user, room["cards"][user]["password"])
        assert seat.login.status_code == 302, f"{user} could not log in with the password on the card"
        found[user] = seat
    started = time.monotonic()
    for seat in found.values():
        seat.start()
    until(lambda: all(s.ready() for s in found.values()), timeout=180, every=0.5)
    assert all(s.ready() for s in found.values()), room["server"].log()[-3000:]
    room["seats_seconds"] = time.monotonic() - started
    print(f"room up in {room['up_seconds']:.1f} s (accounts, homes, hub); 3 seats started together in "
          f"{room['seats_seconds']:.1f} s")
    return found


def test_the_seat_cards_hold_every_seat_with_its_team_and_the_address(room):
    north, south = room["teams"]
    assert {u: c["team"] for u, c in room["cards"].items()} == {f"{north}-1": north, f"{north}-2": north, f"{south}-1": south}
    page = (room["data"] / "seat-cards.html").read_text()
    for user, card in room["cards"].items():
        assert user in page and card["password"] in page and re.fullmatch(r"[a-z]{8}-[a-z]{8}", card["password"])
    assert page.count(room["base"] + "/") == 3
    for secret in ("seat-cards.csv", "seat-cards.html", "room.json"):
        assert (room["data"] / secret).stat().st_mode & 0o077 == 0, f"{secret} must be root's only"


def test_each_seat_gets_its_own_server_as_its_own_account_at_workbook_1_without_a_terminal(room, seats):
    for user, seat in seats.items():
        final = seat.http.get(f"{room['base']}/hub/spawn", timeout=60)  # where the browser ends up
        assert final.status_code == 200 and final.url == f"{room['base']}/user/{user}{FIRST}"
        out = seat.run("import os, pwd, helpers; print(pwd.getpwuid(os.getuid()).pw_name, os.getuid(), helpers.studies_dir())")
        name, uid, studies = out.split()
        team = room["cards"][user]["team"]
        assert name == user and int(uid) != 0 and studies == str(room["data"] / "studies" / team), out
        assert seat.api(f"/user/{user}/api/terminals").status_code == 404  # terminals are off for seats
        listing = seat.api(f"/user/{user}/api/contents").json()["content"]
        assert {"workbooks", "exercises", "studies"} <= {item["name"] for item in listing}


def test_a_seat_cannot_open_another_seats_server(room, seats):
    (a, seat_a), (b, seat_b), (c, seat_c) = seats.items()
    for intruder, other in ((seat_c, a), (seat_a, b), (seat_b, c)):
        assert intruder.api(f"/user/{other}/api/contents").status_code == 403
        assert intruder.http.get(f"{room['base']}/user/{other}/lab", timeout=60).status_code == 403


def test_teammates_share_a_study_and_the_other_team_can_neither_list_nor_read_it(room, seats):
    (first, one), (_, two), (_, other) = seats.items()
    made = one.run("import helpers\ns = helpers.Study.create('ours', name='Our repairs study')\n"
                   "s.record('I rang last week about the boiler and nobody came', 'failure')\nprint(s.path)\ns.close()")
    path = made.strip()
    assert path == str(room["data"] / "studies" / room["cards"][first]["team"] / "ours.study"), made
    read = two.run("import helpers\ns = helpers.Study.open('ours')\nprint(s.info['name'], len(s.records()))\n"
                   "s.add_reflection('we heard that too')\ns.close()")
    assert read.strip() == "Our repairs study 1", read
    back = one.run("import helpers\ns = helpers.Study.open('ours', readonly=True)\nprint(len(s.reflections()))")
    assert back.strip() == "1", back
    tried = other.run(f"import os, helpers\npath = {path!r}\n"
                      "for what, act in (('list', lambda: os.listdir(os.path.dirname(path))), ('read', lambda: open(path, 'rb')),\n"
                      "                  ('study', lambda: helpers.Study.open(path, readonly=True))):\n"
                      "    try:\n        act()\n        print(what, 'ALLOWED')\n"
                      "    except Exception as exc:\n        print(what, 'refused', type(exc).__name__)")
    assert "ALLOWED" not in tried and tried.count("refused") == 3, tried
    assert "list refused PermissionError" in tried and "read refused PermissionError" in tried


def test_a_wrong_password_is_refused(room, seats):
    north, _ = room["teams"]
    someone_elses = room["cards"][f"{north}-1"]["password"]
    for user, password in ((f"{north}-2", someone_elses), (f"{north}-1", "not-the-password")):
        refused = Seat(room["base"], user, password).login
        assert refused.status_code == 403 and "Invalid username or password" in refused.text


def test_the_facilitator_reads_every_team_read_only_and_keeps_a_terminal(room, seats):
    boss = Seat(room["base"], room["facilitator"], room["facilitator_password"])
    assert boss.login.status_code == 302
    boss.start()
    until(boss.ready, timeout=120, every=0.5)
    assert boss.api(f"/user/{boss.user}/api/terminals").status_code == 200
    study = room["data"] / "studies" / room["teams"][0] / "ours.study"
    out = boss.run("from helpers import console\nboard = console.open_console()\n"
                   "print(len(board.studies), [s.info['name'] for s in board.studies])\n"
                   f"try:\n    open({str(study)!r}, 'r+b')\n    print('WRITABLE')\nexcept PermissionError:\n    print('read-only')")
    assert out.splitlines()[-2:] == ["1 ['Our repairs study']", "read-only"], out
    # the hub's admin page, for a stuck server
    assert boss.http.get(f"{room['base']}/hub/admin", timeout=60).status_code == 200


def test_an_update_adds_new_files_and_never_overwrites_a_changed_one(tmp_path):
    # sync_home is what every start runs, as each seat, over its home.
    copied = room_mod.sync_home(tmp_path, {})
    first = tmp_path / "workbooks" / "01_start_here.ipynb"
    assert first.read_bytes() == (ROOT / "workbooks" / "01_start_here.ipynb").read_bytes()
    assert (tmp_path / "studies").is_dir() and (tmp_path / "exercises").is_dir()
    first.write_text("my notes")                                   # the person changed this one
    (tmp_path / "workbooks" / "02_what_demand_is.ipynb").unlink()  # and lost this one
    copied["workbooks/01_start_here.ipynb"] = "an older version"   # the project has changed it since
    untouched = tmp_path / "workbooks" / "03_plan_your_study.ipynb"  # and this one, which the person left alone
    untouched.write_text("the older version")
    copied["workbooks/03_plan_your_study.ipynb"] = hashlib.sha256(b"the older version").hexdigest()[:20]
    room_mod.sync_home(tmp_path, copied)
    assert first.read_text() == "my notes"
    beside = tmp_path / "workbooks" / "01_start_here (new version).ipynb"
    assert beside.read_bytes() == (ROOT / "workbooks" / "01_start_here.ipynb").read_bytes()
    assert (tmp_path / "workbooks" / "02_what_demand_is.ipynb").exists()
    assert untouched.read_bytes() == (ROOT / "workbooks" / "03_plan_your_study.ipynb").read_bytes()  # updated in place
    assert not (tmp_path / "workbooks" / "03_plan_your_study (new version).ipynb").exists()
