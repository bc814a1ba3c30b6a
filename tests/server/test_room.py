"""The room (``python tasks.py room``): JupyterHub with a Unix account per seat, started as the
room command starts it, and used over HTTP as participants use it, with the passwords on the seat
cards: two seats of one team and one of the other, and the facilitator.

It makes real accounts, so it runs as root (CI runs as root); elsewhere it says why it did not
run. The room is stopped and its accounts removed afterwards, even when a test fails.
"""
from __future__ import annotations

import hashlib
import os
import re
import secrets
import time
from pathlib import Path

import pytest

from room_support import FIRST, Seat, need_root, running_room
from support import ROOT, until

from helpers.serve import room as room_mod


@pytest.fixture(scope="module")
def room(artefacts_dir_module):
    """The room with two teams (two seats and one), started on 127.0.0.1 as ``tasks.py room`` does."""
    need_root()
    tag = secrets.token_hex(2)
    with running_room({f"north{tag}": 2, f"south{tag}": 1}, f"facil{tag}", artefacts_dir_module) as started:
        yield started


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
