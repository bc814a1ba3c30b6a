"""One machine serving a room: JupyterHub with a Unix account per seat (``python tasks.py room``).

Why: when laptops cannot install anything, one machine serves the room. One JupyterLab with one
token gives everyone the same files and, as root, a root shell. Stock JupyterHub, configured
here, gives each seat its own server running as its own Unix account:

- accounts: one per seat (``north-1``) in a Unix group per team (``room-north``), each with a
  random password easy to read aloud, and a facilitator account (the hub's admin, who keeps a
  terminal); seats get none, and a shell that refuses log-ins (``nologin``);
- seat cards: a printable page and ``seat-cards.csv`` (``user,password,team``) in the data folder;
- homes: each seat's own copy of the workbooks, exercises and notes (an update adds new files and
  never overwrites one the person changed: the new version arrives beside it); ``studies/``
  there is the team's folder, named to the seat's kernels by ``DEMAND_STUDIES_DIR``: setgid and
  group-writable, closed to other teams, readable (not writable) by the facilitator's console
  through a POSIX ACL;
- the hub: PAM log-in, the local-process spawner, the idle culler as a service and
  configurable-http-proxy from npm in ``.room/``; its ``jupyterhub_config.py`` is written into
  the data folder at every start from :data:`CONFIG`.

The room runs as root; nothing of a seat does. Facilitators read facilitator_notes/serving_a_room.md.

>>> parse_teams("north:6, south:2")
{'north': 6, 'south': 2}
>>> seat_names({"north": 2, "south": 1})
{'north-1': 'north', 'north-2': 'north', 'south-1': 'south'}
"""
from __future__ import annotations

import contextlib
import csv
import grp
import hashlib
import html
import json
import os
import pwd
import re
import secrets
import shlex
import shutil
import signal
import socket
import string
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers.core.session import ROOT
from helpers.serve import CURRICULUM_FOLDERS, LAB_OPTIONS

__all__ = ["ROOM_DIR", "PROXY", "CONFIG", "DEFAULTS", "RoomError", "parse_teams", "seat_names", "password",
           "ensure_proxy", "seat_python", "sync_home", "setup", "start_seats", "remove", "add_arguments", "run"]

ROOM_DIR = ROOT / ".room"  # git-ignored: the proxy from npm, the default data folder
PROXY = ROOM_DIR / "node_modules" / ".bin" / "configurable-http-proxy"
DEFAULTS = {"teams": None, "ip": "0.0.0.0", "port": 8000, "data_dir": None, "address": None,
            "facilitator": "facilitator", "idle_minutes": 60, "kernel_idle_minutes": 30}
_NAME = re.compile(r"[a-z][a-z0-9]{0,19}")

#: The hub's config, written as ``<data>/hub/jupyterhub_config.py`` at every start.
CONFIG = string.Template('''\
# The room's JupyterHub, written by `python tasks.py room` at every start: change the room with
# that command's options, not here. Stock parts: PAM log-in for the seats' Unix accounts, the
# local-process spawner (each seat's server runs as that seat, never as root), the idle culler.
c = get_config()  # noqa: F821
c.JupyterHub.ip, c.JupyterHub.port = $ip, $port
c.JupyterHub.hub_ip, c.JupyterHub.hub_port = "127.0.0.1", $hub_port
c.JupyterHub.db_url = $db_url
c.JupyterHub.cookie_secret_file = $secret
c.ConfigurableHTTPProxy.command = [$proxy]
c.ConfigurableHTTPProxy.api_url = $proxy_api
c.ConfigurableHTTPProxy.pid_file = $proxy_pid
c.JupyterHub.authenticator_class = "pam"
c.Authenticator.allowed_users = set($users)
c.Authenticator.admin_users = {$facilitator}
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = $cmd
c.Spawner.default_url = "/lab/tree/workbooks/01_start_here.ipynb"
c.Spawner.disable_user_config = True
c.Spawner.start_timeout = c.Spawner.http_timeout = 120
c.Spawner.args = $args
STUDIES = $studies  # each account's studies folder: its team's (the facilitator's own)


def pre_spawn_hook(spawner):
    name = spawner.user.name
    spawner.environment = {**spawner.environment, "DEMAND_STUDIES_DIR": STUDIES[name]}
    if name == $facilitator:  # the console over every team's studies, and a terminal
        spawner.environment["DEMAND_CONSOLE_DIR"] = $all_studies
        spawner.args = [a for a in spawner.args if not a.startswith("--ServerApp.terminals_enabled")]
        spawner.default_url = "/lab/tree/facilitator_notes/console.ipynb"


c.Spawner.pre_spawn_hook = pre_spawn_hook
c.JupyterHub.services = [
    {"name": "idle-culler", "command": [$python, "-m", "jupyterhub_idle_culler", "--timeout=$idle"]},
    {"name": "room", "api_token": open($token_file).read().strip()},  # --prestart and the bench
]
c.JupyterHub.load_roles = [
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    {"name": "room", "services": ["room"], "scopes": ["list:users", "read:users", "read:servers", "servers"]},
]
''')


class RoomError(Exception):
    """Something the facilitator has to put right, said in plain English."""


def parse_teams(text: str) -> dict[str, int]:
    """``"north:6,south:6"`` as ``{"north": 6, "south": 6}`` (lower-case names, 1 to 99 seats)."""
    teams: dict[str, int] = {}
    for part in filter(None, (p.strip() for p in (text or "").split(","))):
        name, _, count = part.partition(":")
        if not _NAME.fullmatch(name) or not count.isdigit() or not 1 <= int(count) <= 99 or name in teams:
            raise RoomError(f"--teams takes each team's name and seats, like north:6,south:6 (lower-case letters "
                            f"and digits, 1 to 99 seats), not {part!r}.")
        teams[name] = int(count)
    if not teams:
        raise RoomError("Say which teams sit in the room, and how many seats each: --teams north:6,south:6")
    return teams


def seat_names(teams: dict[str, int]) -> dict[str, str]:
    """Every seat's account name and its team."""
    return {f"{team}-{i}": team for team, count in teams.items() for i in range(1, count + 1)}


def password() -> str:
    """A random password easy to read aloud: two made-up words of four syllables (about 48 bits).

    >>> bool(re.fullmatch(r"([bdfgkmnprstvz][aeiou]){4}-([bdfgkmnprstvz][aeiou]){4}", password()))
    True
    """
    syllables = ["".join(secrets.choice(s) for s in ("bdfgkmnprstvz", "aeiou")) for _ in range(8)]
    return "".join(syllables[:4]) + "-" + "".join(syllables[4:])


def ensure_proxy() -> Path:
    """configurable-http-proxy 5 from the npm registry into ``.room/`` (once), as JupyterHub needs."""
    if not PROXY.exists():
        npm = shutil.which("npm")
        if not npm:
            raise RoomError("JupyterHub's proxy comes from npm, which is missing. As root run: apt-get install -y npm")
        print("[room] Installing configurable-http-proxy from the npm registry into .room/ ...", flush=True)
        ROOM_DIR.mkdir(exist_ok=True)
        ROOM_DIR.chmod(0o755)
        done = subprocess.run([npm, "install", "--prefix", str(ROOM_DIR), "--no-audit", "--no-fund", "--loglevel=error",
                               "configurable-http-proxy@5"], capture_output=True, text=True)
        if done.returncode or not PROXY.exists():
            raise RoomError(f"npm could not install configurable-http-proxy:\n{done.stderr.strip()}")
    return PROXY


# ---------------------------------------------------------------- accounts

def _sh(*cmd: str, stdin: str | None = None) -> None:
    done = subprocess.run(cmd, input=stdin, text=True, capture_output=True)
    if done.returncode:
        raise RoomError(f"{cmd[0]} {cmd[-1]} failed: {done.stderr.strip()}")


def _group(name: str, members: set[str]) -> int:
    try:
        gid = grp.getgrnam(name).gr_gid
    except KeyError:
        _sh("groupadd", name)
        gid = grp.getgrnam(name).gr_gid
    others = ({u.pw_name for u in pwd.getpwall() if u.pw_gid == gid} | set(grp.getgrgid(gid).gr_mem)) - members
    if others:
        raise RoomError(f"The group {name} already has members the room did not make ({', '.join(sorted(others))}): "
                        "they could read that team's studies. Choose another team name.")
    return gid


def _account(name: str, home: Path, group: str | None, shell: str, pw: str, comment: str) -> pwd.struct_passwd:
    try:
        user = pwd.getpwnam(name)
    except KeyError:
        _sh("useradd", "--create-home", "--home-dir", str(home), "--shell", shell, "--comment", comment,
            *(["--gid", group] if group else ["--user-group"]), name)
        user = pwd.getpwnam(name)
    if Path(user.pw_dir) != home:
        raise RoomError(f"There is already an account called {name} on this machine, which this room did not make "
                        f"(its home is {user.pw_dir}). Choose other team names (or --facilitator).")
    _sh("chpasswd", name, stdin=f"{name}:{pw}\n")
    os.chmod(home, 0o700)
    return user


def _acl(folder: Path, reader: int) -> bool:
    """Let ``reader`` (the facilitator) read ``folder`` and every file made in it later, and write
    nothing: a POSIX ACL as Linux stores it (owner rwx, group rwx, reader r-x, others none)."""
    entries = ((0x01, 7, -1), (0x02, 5, reader), (0x04, 7, -1), (0x10, 7, -1), (0x20, 0, -1))
    acl = struct.pack("<I", 2) + b"".join(struct.pack("<HHI", tag, perm, who & 0xFFFFFFFF) for tag, perm, who in entries)
    try:
        for kind in ("access", "default"):
            os.setxattr(folder, f"system.posix_acl_{kind}", acl)
    except OSError:
        return False
    return True


def _become(user: pwd.struct_passwd) -> None:
    """Give up root for ``user``'s rights only (in a child process: there is no way back)."""
    os.setgroups([])
    os.setgid(user.pw_gid)
    os.setuid(user.pw_uid)


def _runs(python: Path, user: pwd.struct_passwd) -> bool:
    try:
        return subprocess.run([str(python), "-c", "import helpers, jupyterhub"], preexec_fn=lambda: _become(user), cwd="/",
                              env={"PATH": os.environ.get("PATH", ""), "HOME": user.pw_dir}, capture_output=True).returncode == 0
    except OSError:  # not even allowed to start it
        return False


def seat_python(user: pwd.struct_passwd) -> Path:
    """The Python the seats' servers run: the project's, or, when ``user`` cannot reach it (a Python
    installed in root's home, as pyenv does), a twin of ``.venv`` in ``.room/seat-python`` on
    Debian's python3 of the same version that uses the project's installed packages."""
    own = Path(sys.executable)
    if _runs(own, user):
        return own
    twin, base, venv = ROOM_DIR / "seat-python", Path(f"/usr/bin/python3.{sys.version_info.minor}"), Path(sys.prefix)
    if base.exists() and not (twin / "pyvenv.cfg").exists():
        version = subprocess.run([str(base), "-c", "import platform; print(platform.python_version())"],
                                 capture_output=True, text=True).stdout.strip()
        shutil.rmtree(twin, ignore_errors=True)
        (twin / "bin").mkdir(parents=True)
        (twin / "bin" / "python").symlink_to(base)
        lib = twin / "lib" / f"python3.{sys.version_info.minor}"
        lib.mkdir(parents=True)
        (lib / "site-packages").symlink_to(venv / "lib" / lib.name / "site-packages")
        for shared in ("share", "etc"):  # JupyterLab's files, the server extensions' settings
            (twin / shared).symlink_to(venv / shared)
        (twin / "pyvenv.cfg").write_text(f"home = {base.parent}\ninclude-system-site-packages = false\nversion = {version}\n")
        for path in (ROOM_DIR, twin, twin / "bin", twin / "lib", lib, twin / "pyvenv.cfg"):
            path.chmod(0o644 if path.is_file() else 0o755)
    if _runs(twin / "bin" / "python", user):
        return twin / "bin" / "python"
    raise RoomError(f"The seats cannot run the project's Python ({own.resolve()}): it is in a folder only root can "
                    "open. Make .venv with Debian's python3 instead: rm -rf .venv, then run this command again.")


# ---------------------------------------------------------------- homes

def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:20]


def sync_home(home: str | os.PathLike, copied: dict, studies: str | None = None) -> dict:
    """Bring the project's workbooks, exercises and notes into ``home``; return what is there now.

    ``copied`` holds, for each file, the version last copied in. A missing file is copied; one
    the person has not changed is updated; one they changed is kept, and the project's new
    version arrives beside it as ``name (new version).ipynb``. ``studies``: the team's folder,
    linked as ``studies`` (the facilitator gets a folder of their own). Runs as the home's owner.
    """
    home = Path(home)
    for top in CURRICULUM_FOLDERS:
        for src in sorted((ROOT / top).rglob("*")):
            rel = src.relative_to(ROOT)
            if not src.is_file() or {".ipynb_checkpoints", "__pycache__"} & set(rel.parts):
                continue
            key, new, dest = rel.as_posix(), _digest(src), home / rel
            have = _digest(dest) if dest.is_file() else None
            if have == new or (have and copied.get(key) == new):
                copied[key] = new
                continue
            if have and have != copied.get(key):  # changed by the person: theirs stays
                dest = dest.with_name(f"{dest.stem} (new version){dest.suffix}")
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(src, dest)
            copied[key] = new
    link = home / "studies"
    if studies and not link.is_symlink() and not link.exists():
        link.symlink_to(studies, target_is_directory=True)
    elif not studies:
        link.mkdir(exist_ok=True)
    return copied


def _as(user: pwd.struct_passwd, func, *args):
    """``func(*args)`` in a child process with ``user``'s rights only (its JSON result): root never
    writes into a person's home itself, so a link planted there cannot send its writing elsewhere."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child
        code = 1
        try:
            os.close(read)
            _become(user)
            with os.fdopen(write, "w") as out:
                json.dump(func(*args), out)
            code = 0
        except BaseException:
            import traceback

            traceback.print_exc()
        finally:
            os._exit(code)
    os.close(write)
    with os.fdopen(read) as inp:
        result = inp.read()
    if os.waitpid(pid, 0)[1]:
        raise RoomError(f"Could not set up {user.pw_dir} (see above).")
    return json.loads(result)


# ---------------------------------------------------------------- the room

def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")
    path.chmod(0o600)


def _cards(data: Path, seats: dict[str, str], passwords: dict[str, str], address: str) -> None:
    with (data / "seat-cards.csv").open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([("user", "password", "team"), *((u, passwords[u], t) for u, t in seats.items())])
    (data / "seat-cards.csv").chmod(0o600)
    e = html.escape
    cards = "".join(
        f'<div class="card"><h2>Team {e(t)}</h2><p>Open <b>{e(address)}</b> in a web browser and log in with:</p>'
        f'<p>User name: <span class="big">{e(u)}</span><br>Password: <span class="big">{e(passwords[u])}</span></p>'
        "<p>Your team's studies are in the folder <b>studies</b>: your team shares it, and no other team can "
        "open it. Keep this card to yourself.</p></div>" for u, t in seats.items())
    _write(data / "seat-cards.html", '<!doctype html><html lang="en"><meta charset="utf-8"><title>Seat cards</title>'
           "<style>body{font-family:sans-serif}.card{display:inline-block;vertical-align:top;width:44%;margin:.5em;"
           "padding:0 1em;border:1px dashed #555;break-inside:avoid}.big{font:1.4em monospace}</style>"
           f"<body>{cards}</body></html>\n")


def setup(teams: dict[str, int], data: Path, *, ip: str = "0.0.0.0", port: int = 8000, address: str | None = None,
          facilitator: str = "facilitator", idle_minutes: int = 60, kernel_idle_minutes: int = 30) -> dict:
    """Make (or bring up to date) the room in ``data``: accounts, homes, team folders, seat cards
    and the hub's config. Run again, it keeps every password and adds seats; it never takes any away."""
    if not _NAME.fullmatch(facilitator) or facilitator in seat_names(teams) or facilitator == "root":
        raise RoomError(f"{facilitator!r} cannot be the facilitator's account: use lower-case letters and digits.")
    old = os.umask(0o022)  # folders above the data folder must let the seats through
    data.mkdir(parents=True, exist_ok=True)
    os.umask(old)
    closed = [str(p) for p in data.parents if not p.stat().st_mode & 0o001]
    if closed:
        raise RoomError(f"The seats cannot reach {data}: {closed[0]} is closed to other accounts. Choose another --data-dir.")
    for folder, mode in ((data, 0o711), (data / "hub", 0o700), (data / "homes", 0o711), (data / "studies", 0o755)):
        folder.mkdir(parents=True, exist_ok=True)
        folder.chmod(mode)
    state_file = data / "room.json"
    state = json.loads(state_file.read_text()) if state_file.exists() else {"teams": {}, "passwords": {}}
    lost = {t: n for t, n in state["teams"].items() if teams.get(t, 0) < n}
    if lost or state.get("facilitator", facilitator) != facilitator:
        raise RoomError(f"This room already has {', '.join(f'{t}:{n}' for t, n in state['teams'].items())} and the "
                        f"facilitator {state['facilitator']}; a room only grows. To start again, remove it first "
                        "(sudo python3 tasks.py room --remove: the studies are kept).")
    seats = seat_names(teams)
    passwords = {u: state["passwords"].get(u) or password() for u in [*seats, facilitator]}
    address = address or f"http://{ip if ip not in ('0.0.0.0', '', '::') else socket.gethostname()}:{port}/"
    _write(state_file, json.dumps({"teams": teams, "facilitator": facilitator, "passwords": passwords}, indent=1))
    homes, studies, hub = data / "homes", data / "studies", data / "hub"
    boss = _account(facilitator, homes / facilitator, None, "/bin/bash", passwords[facilitator], "Room facilitator")
    python = seat_python(boss)
    folders = {facilitator: str(homes / facilitator / "studies")}
    readable = True
    for team in teams:
        gid = _group(f"room-{team}", {u for u, t in seats.items() if t == team})
        folder = studies / team
        folder.mkdir(exist_ok=True)
        os.chown(folder, 0, gid)
        folder.chmod(0o2770)  # setgid: every file made there belongs to the team's group
        readable = _acl(folder, boss.pw_uid) and readable
    if not readable:
        print("[room] This file system does not take ACLs: the facilitator's console cannot read the teams' studies.")
    for user, team in [*seats.items(), (facilitator, None)]:
        if team:
            acct = _account(user, homes / user, f"room-{team}", "/usr/sbin/nologin", passwords[user], f"Room seat, team {team}")
            folders[user] = str(studies / team)
        else:
            acct = boss
        record = hub / f"copied-{user}.json"
        copied = json.loads(record.read_text()) if record.exists() else {}
        _write(record, json.dumps(_as(acct, sync_home, acct.pw_dir, copied, folders[user] if team else None)))
    _cards(data, seats, passwords, address)
    token = hub / "room-token"
    if not token.exists():
        _write(token, secrets.token_hex(32))
    # The team's studies folder is outside the home, where `studies` leads to it.
    args = ["--ServerApp.terminals_enabled=False", f"--MappingKernelManager.cull_idle_timeout={kernel_idle_minutes * 60}",
            "--MappingKernelManager.cull_interval=300", "--MappingKernelManager.cull_connected=True", *LAB_OPTIONS,
            "--CurriculumContentsManager.studies=studies"]
    values = dict(ip=ip, port=port, hub_port=port + 81, db_url=f"sqlite:///{hub / 'jupyterhub.sqlite'}",
                  secret=str(hub / "jupyterhub_cookie_secret"), proxy=str(PROXY), proxy_api=f"http://127.0.0.1:{port + 1}",
                  proxy_pid=str(hub / "proxy.pid"), users=sorted(passwords), facilitator=facilitator,
                  cmd=[str(python), str(Path(sys.executable).parent / "jupyterhub-singleuser")], args=args,
                  studies=folders, all_studies=str(studies), python=sys.executable, token_file=str(token))
    _write(hub / "jupyterhub_config.py", CONFIG.substitute({k: repr(v) for k, v in values.items()}, idle=idle_minutes * 60))
    return {"data": data, "seats": seats, "facilitator": facilitator, "password": passwords[facilitator],
            "address": address, "hub_port": port + 81, "token": token.read_text().strip()}


def _api(hub_port: int, token: str, path: str, method: str = "GET"):
    req = urllib.request.Request(f"http://127.0.0.1:{hub_port}/hub/api/{path}", method=method,
                                 headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(req, timeout=30) as resp:
        return json.loads(resp.read() or b"null")


def start_seats(room: dict, users=None, timeout: float = 600) -> float:
    """Start seats' servers through the hub (``--prestart``; the bench); the seconds until all are ready."""
    users, start = list(users or room["seats"]), time.monotonic()
    while True:
        try:
            _api(room["hub_port"], room["token"], "")
            break
        except (OSError, urllib.error.URLError):
            if time.monotonic() - start > 60:
                raise RoomError("The hub did not start within a minute: see its messages above.") from None
            time.sleep(0.25)
    start = time.monotonic()
    for user in users:
        try:
            _api(room["hub_port"], room["token"], f"users/{user}/server", "POST")
        except urllib.error.HTTPError as err:
            if err.code != 400:  # 400: already running
                raise
    waiting = set(users)
    while waiting and time.monotonic() - start < timeout:
        waiting = {u for u in waiting
                   if not _api(room["hub_port"], room["token"], f"users/{u}")["servers"].get("", {}).get("ready")}
        time.sleep(0.25)
    if waiting:
        raise RoomError(f"These seats' servers did not start: {', '.join(sorted(waiting))} (see the hub's messages).")
    return time.monotonic() - start


def _alive(pid_file: Path) -> bool:
    try:
        os.kill(int(pid_file.read_text()), 0)
        return True
    except (OSError, ValueError):
        return False


def _end_processes(uid: int) -> None:
    """Stop whatever an account still runs (its server, its kernels) before it is removed."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        for _ in range(30):
            pids = [int(p.name) for p in Path("/proc").iterdir() if p.name.isdigit() and _owner(p) == uid]
            for pid in pids:
                with contextlib.suppress(OSError):  # it ended meanwhile
                    os.kill(pid, sig)
            if not pids:
                return
            time.sleep(0.1)


def _owner(proc: Path) -> int | None:
    try:
        return proc.stat().st_uid
    except OSError:
        return None


def remove(data: Path, delete_studies: bool = False) -> None:
    """Take the room's accounts (and their homes) away; keep the studies, as root's, unless asked."""
    state_file = data / "room.json"
    if not state_file.exists():
        raise RoomError(f"There is no room in {data} (no room.json): nothing to remove.")
    if _alive(data / "hub" / "hub.pid"):
        raise RoomError("The room is running: stop it first (Ctrl+C in its window), then remove it.")
    state = json.loads(state_file.read_text())
    accounts = {user.pw_name: user for user in pwd.getpwall()}
    for name in state["passwords"]:
        user = accounts.get(name)
        if user is not None and Path(user.pw_dir).parent == data / "homes":  # only accounts this room made
            _end_processes(user.pw_uid)
            _sh("userdel", "--remove", name)
    groups = {group.gr_name for group in grp.getgrall()}
    for team in state["teams"]:
        if f"room-{team}" in groups:
            _sh("groupdel", f"room-{team}")
    studies = data / "studies"
    if delete_studies:
        shutil.rmtree(data)
        print(f"[room] The room's accounts, homes and studies are gone ({data}).")
        return
    for folder, _, files in os.walk(studies):  # root's only (this also empties the facilitator's ACL)
        for path in [Path(folder), *(Path(folder) / f for f in files)]:
            os.chown(path, 0, 0, follow_symlinks=False)
            if not path.is_symlink():
                path.chmod(0o700 if path.is_dir() else 0o600)
    for leftover in ("hub", "homes"):
        shutil.rmtree(data / leftover, ignore_errors=True)
    for leftover in ("room.json", "seat-cards.csv", "seat-cards.html"):
        (data / leftover).unlink(missing_ok=True)
    print(f"[room] The room's accounts are gone. The teams' studies are kept, readable by root only, in {studies}.")


# ---------------------------------------------------------------- the command

def add_arguments(parser) -> None:
    """The ``room`` command's options (``python -m helpers.serve room``, ``python tasks.py room``)."""
    add = parser.add_argument
    add("--teams", help="the teams and their seats, like north:6,south:6 (accounts north-1 ... north-6, ...)")
    add("--ip", default=DEFAULTS["ip"], help="where the hub listens (default: every address of this machine)")
    add("--port", type=int, default=DEFAULTS["port"], help="the hub's port (this port +1 and +81 are used too)")
    add("--data-dir", help="the room's folder: homes, team studies, seat cards, the hub's files (default: .room/data)")
    add("--address", help="the address printed on the seat cards (default: http://<this machine>:<port>/)")
    add("--facilitator", default=DEFAULTS["facilitator"], help="the facilitator's account (the hub's admin)")
    add("--idle-minutes", type=int, default=DEFAULTS["idle_minutes"], help="stop a seat's server unused this long")
    add("--kernel-idle-minutes", type=int, default=DEFAULTS["kernel_idle_minutes"], help="stop a kernel idle this long")
    add("--prestart", action="store_true", help="start every seat's server before people arrive")
    add("--remove", action="store_true", help="take the room's accounts away (the teams' studies are kept)")
    add("--delete-studies", action="store_true", help="with --remove: delete the teams' studies too")


def _again(args) -> str:
    parts = [f"--{k.replace('_', '-')}={v}" for k, v in vars(args).items() if k in DEFAULTS and v != DEFAULTS[k]]
    parts += [f"--{k.replace('_', '-')}" for k in ("prestart", "remove", "delete_studies") if getattr(args, k, False)]
    return "sudo python3 tasks.py room " + " ".join(shlex.quote(p) for p in parts)


def run(args) -> int:
    """The room: set it up, start the hub and keep it running until Ctrl+C (or ``--remove`` it)."""
    if not hasattr(os, "geteuid") or sys.platform != "linux":
        print("The room needs a Linux machine (it makes an account per seat).")
        return 1
    if os.geteuid() != 0:
        print(f"The room makes an account per seat, so it runs as root. Run:\n    {_again(args)}")
        return 1
    os.umask(0o077)  # the room's own files are root's; folders that others need are opened explicitly
    data = Path(args.data_dir or ROOM_DIR / "data").resolve()
    try:
        if args.remove:
            remove(data, delete_studies=args.delete_studies)
            return 0
        ensure_proxy()
        room = setup(parse_teams(args.teams), data, ip=args.ip, port=args.port, address=args.address,
                     facilitator=args.facilitator, idle_minutes=args.idle_minutes,
                     kernel_idle_minutes=args.kernel_idle_minutes)
    except RoomError as exc:
        print(exc)
        return 1
    teams = sorted(set(room["seats"].values()))
    print(f"[room] Ready: {len(room['seats'])} seats in {len(teams)} teams ({', '.join(teams)}), at {room['address']}\n"
          f"[room] Print the seat cards: {data / 'seat-cards.html'} (and seat-cards.csv)\n"
          f"[room] Facilitator: log in as {room['facilitator']}, password {room['password']} "
          "(stuck servers: the hub's admin page, /hub/admin)\n"
          "[room] Walkthroughs for leaders, in another window as an ordinary user (not root):\n"
          "           python3 tasks.py walkthrough --ip 0.0.0.0 --port 8866 --preheat\n"
          "[room] Ctrl+C here stops the room. The accounts and studies stay until: sudo python3 tasks.py room --remove",
          flush=True)
    hub_dir = data / "hub"
    # In a session of its own, so it is told to stop exactly once (it then stops every seat's server).
    hub = subprocess.Popen([sys.executable, "-m", "jupyterhub", "-f", str(hub_dir / "jupyterhub_config.py")], cwd=hub_dir,
                           start_new_session=True)
    _write(hub_dir / "hub.pid", str(hub.pid))
    signal.signal(signal.SIGTERM, lambda *_: hub.terminate())
    try:
        if args.prestart:
            print(f"[room] Every seat's server is running ({start_seats(room):.0f} s).", flush=True)
        return hub.wait()
    except KeyboardInterrupt:
        hub.send_signal(signal.SIGINT)
        return hub.wait()
    except RoomError as exc:
        print(exc)
        return hub.wait()
    finally:
        (hub_dir / "hub.pid").unlink(missing_ok=True)
        with contextlib.suppress(OSError, ValueError):  # a hub stopped while starting can leave its proxy behind
            pid = int((hub_dir / "proxy.pid").read_text())
            if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
                os.kill(pid, signal.SIGTERM)
