#!/usr/bin/env python3
"""The workbook's commands, for any platform: ``python tasks.py <command>``.

The Makefile calls this script, so ``make workshop`` and ``python tasks.py workshop`` do the
same thing; on a Windows laptop without make, use the second form.

    python tasks.py workshop             set up (once) and open JupyterLab at the first workbook
    python tasks.py test [pytest args]   set up with the test extras and run the whole suite
    python tasks.py bench [--quick]      run the benchmarks and print a table of ratios
    python tasks.py walkthrough [STUDY]  serve the read-only walkthroughs with Voila (with STUDY: that
                                         team's summary and evidence, for its leaders)
    python tasks.py capture STUDY        serve the capture app for one study
    python tasks.py room --teams north:6,south:6   serve a room: JupyterHub, an account per seat (as root)
    python tasks.py notebooks            re-run the workbooks and store their outputs
    python tasks.py datasets             regenerate the sample data

It uses ``.venv`` beside this file, creating it if missing. Inside an activated conda
environment (see README: locked-down Windows laptops) it installs into that environment instead.
Only the standard library is used here: this runs before anything is installed.
"""
from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"


def say(msg: str) -> None:
    print(f"[workbook] {msg}", flush=True)


def in_conda() -> bool:
    return bool(os.environ.get("CONDA_PREFIX")) and not os.environ.get("VIRTUAL_ENV") and not VENV.exists()


def env_python() -> Path:
    if in_conda() or os.environ.get("DEMAND_NO_VENV") == "1":
        return Path(sys.executable)
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def stamp_dir() -> Path:
    return Path(sys.prefix) if env_python() == Path(sys.executable) else VENV


def make_venv() -> None:
    if env_python().exists():
        return
    say("Creating .venv (first time only) ...")
    try:
        import ensurepip  # noqa: F401
        import venv  # noqa: F401
    except ImportError:
        sys.exit(
            "Python's venv module is missing. On Debian or Ubuntu run (as root):\n"
            "    apt-get install -y python3-venv\n"
            "then run the command again. (Or use the conda route in README.md.)"
        )
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV)])
    if result.returncode != 0 or not env_python().exists():
        shutil.rmtree(VENV, ignore_errors=True)
        sys.exit("Could not create .venv. On Debian or Ubuntu run: apt-get install -y python3-venv")


def ensure(extras: str = "") -> Path:
    """Install the project (with ``extras``) unless a stamp says this exact pyproject is in."""
    make_venv()
    py = env_python()
    digest = hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()[:16]
    stamp = stamp_dir() / f".demand-stamp-{extras or 'base'}"
    if stamp.exists() and stamp.read_text().strip() == digest:
        return py
    target = f".[{extras}]" if extras else "."
    say(f"Installing the workbook{' with ' + extras + ' extras' if extras else ''} (a few minutes the first time) ...")
    subprocess.run([str(py), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=False)
    result = subprocess.run([str(py), "-m", "pip", "install", "--quiet", "-e", target], cwd=ROOT)
    if result.returncode != 0:
        sys.exit("Installing failed (see above). Check the internet connection to the package index and try again.")
    stamp.write_text(digest)
    return py


def ensure_chromium() -> None:
    if Path("/usr/bin/chromium").exists():
        return
    if hasattr(os, "geteuid") and os.geteuid() == 0 and shutil.which("apt-get"):
        say("Installing Debian's chromium for the browser tests ...")
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        subprocess.run(["apt-get", "update"], check=True, env=env)
        subprocess.run(["apt-get", "install", "-y", "chromium"], check=True, env=env)
        return
    sys.exit("The browser tests need Debian's chromium. Install it with:\n    sudo apt-get install -y chromium")


def run(cmd: list, env: dict | None = None) -> int:
    try:
        return subprocess.call([str(c) for c in cmd], cwd=ROOT, env=env)
    except KeyboardInterrupt:
        return 130


def notebook_dirs() -> list[str]:
    return [d for d in ("workbooks", "exercises", "facilitator_notes") if any((ROOT / d).rglob("*.ipynb"))]


def cmd_test(args: list[str]) -> int:
    py = ensure("test")
    ensure_chromium()
    workers = os.environ.get("DEMAND_TEST_WORKERS", "2")
    paths = args or ["tests", "src", *notebook_dirs()]
    nbval = ["--nbval-lax", "--nbval-current-env"]
    # The code's habits first (ruff: see pyproject.toml), then unit, property and notebook
    # tests in parallel, a file (a notebook's cells) per worker, then the browser tests one at
    # a time. All must pass.
    lint = run([py, "-m", "ruff", "check", "src", "tests", "tasks.py", "datasets"])
    first = run([py, "-m", "pytest", "-n", workers, "--dist", "loadfile", "-m", "not browser", *nbval, *paths])
    second = run([py, "-m", "pytest", "-p", "no:xdist", "-m", "browser", *nbval, *paths])
    if first == 5 and second == 5:
        return 5  # no test ran at all: never a quiet success
    return lint or (first if first not in (0, 5) else (second if second != 5 else 0))


def cmd_room(args: list[str]) -> int:
    """JupyterHub for the room (helpers/serve/room.py), with the ``room`` extra and, from npm, its proxy."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0:
        import shlex

        print("The room makes an account per seat, so it runs as root. Run:\n"
              f"    sudo python3 tasks.py room {' '.join(shlex.quote(a) for a in args)}".rstrip())
        return 1
    import signal

    # It installs the proxy when missing. Ctrl+C reaches it too: it stops the hub, which stops every
    # seat's server; wait for that here rather than stop it half-way.
    proc = subprocess.Popen([str(ensure("room")), "-m", "helpers.serve", "room", *args], cwd=ROOT)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    return proc.wait()


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(__doc__)
        return 0
    what, rest = argv[0], argv[1:]
    if what == "workshop":
        py = ensure()
        say("Starting JupyterLab. Keep this window open; press Ctrl+C twice here to stop.")
        return run([py, "-m", "helpers.serve", "lab", *rest])
    if what == "setup":
        ensure(rest[0] if rest else "")
        return 0
    if what == "test":
        return cmd_test(rest)
    if what == "bench":
        py = ensure("test")
        return run([py, "-m", "tests.bench", *rest])
    if what == "walkthrough":
        py = ensure()
        if rest and rest[0] and not rest[0].startswith("-"):  # make walkthrough STUDY=... passes the path first
            rest = ["--study", *rest]
        return run([py, "-m", "helpers.serve", "walkthrough", *[r for r in rest if r]])
    if what == "capture":
        if not rest or not rest[0]:
            print("Say which study to capture into: make capture STUDY=studies/our-study.study")
            return 2
        py = ensure()
        return run([py, "-m", "helpers.serve", "capture", *rest])
    if what == "room":
        return cmd_room(rest)
    if what == "notebooks":
        return run([ensure("test"), ROOT / "tests" / "regenerate_notebooks.py", *rest])
    if what == "datasets":
        return run([ensure(), ROOT / "datasets" / "make_datasets.py", *rest])
    print(f"Unknown command {what!r}.\n{__doc__}")
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
