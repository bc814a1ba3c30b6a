"""The servers the workbook runs: JupyterLab for a team, Voila for walkthroughs and capture.

``make workshop``, ``make walkthrough`` and ``make capture`` (through ``tasks.py``) and the
tests all build their commands here, so what is tested is what people run.

>>> cmd = voila_command("workbooks", port=8866)
>>> "--VoilaConfiguration.allow_template_override=NO" in cmd and "--template=demand" in cmd
True
>>> voila_env("readonly")["DEMAND_MODE"]
'readonly'
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from helpers.core.session import ROOT

__all__ = ["JUPYTER_DIR", "FIRST_WORKBOOK", "voila_command", "voila_env", "lab_command", "main"]

#: Folder added to JUPYTER_PATH so Voila finds the workbook's own template.
JUPYTER_DIR = Path(__file__).resolve().parent / "jupyter"
FIRST_WORKBOOK = "workbooks/01_start_here.ipynb"



def voila_command(target: str | os.PathLike, *, port: int, ip: str = "127.0.0.1",
                  preheat: bool | int = False, extra: list[str] | tuple = (), cull_idle: int = 1800,
                  cull_interval: int = 60) -> list[str]:
    """The standalone ``voila`` command for ``target`` (a notebook, or a folder to list).

    ``preheat``: how many warm kernels to keep per workbook (``True`` is one).
    Never JupyterLab's ``/voila`` route, which exposes the whole Jupyter API.
    """
    cmd = [
        sys.executable, "-m", "voila", str(target),
        "--no-browser", f"--port={port}", f"--Voila.ip={ip}",
        "--template=demand",
        "--VoilaConfiguration.allow_template_override=NO",
        "--VoilaConfiguration.show_tracebacks=False",
        # Voila keeps one kernel per page view and never closes it with the page: cull idle ones.
        f"--MappingKernelManager.cull_idle_timeout={cull_idle}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        "--MappingKernelManager.cull_connected=False",
        # ...but never the kernel a visitor has just been given from the preheated pool.
        "--VoilaConfiguration.multi_kernel_manager_class=helpers.serve.kernel_manager.WalkthroughKernelManager",
    ]
    if os.name != "nt":
        # Kernels on local sockets, not TCP ports: a preheated server starts a kernel per
        # workbook at once, and with TCP two of them can race for one port; the loser dies and
        # its page never loads (seen here: "Address already in use", five restarts, no page).
        cmd.append("--KernelManager.transport=ipc")
    if preheat:
        cmd += ["--VoilaConfiguration.preheat_kernel=True",
                f"--VoilaConfiguration.default_pool_size={int(preheat)}"]
    return cmd + list(extra)


def voila_env(mode: str, study: str | os.PathLike | None = None, base: dict | None = None) -> dict:
    """The environment for a Voila server: the mode (and study) its kernels inherit."""
    env = dict(os.environ if base is None else base)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(JUPYTER_DIR), env.get("JUPYTER_PATH", "")]))
    env["DEMAND_MODE"] = mode
    env.pop("DEMAND_STUDY", None)
    if study is not None:
        env["DEMAND_STUDY"] = str(Path(study).expanduser().resolve())
    return env


def lab_command(*, port: int | None = None, ip: str = "127.0.0.1", open_path: str | None = FIRST_WORKBOOK,
                token: str | None = None, browser: bool = True) -> list[str]:
    """JupyterLab, quiet and offline (no news, no update checks, no extension manager)."""
    cmd = [
        sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.root_dir={ROOT}",
        "--LabApp.news_url=None",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
        "--LabApp.extension_manager=readonly",
    ]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if open_path and (ROOT / open_path).exists():
        cmd.append(open_path)
    return cmd


def _kernels(text: str) -> int:
    """A count of warm kernels from the command line: 0 (none) or more."""
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"--preheat takes a number of kernels, like 1 or 2, not {text!r}")
    return int(text)


def _run(cmd: list[str], env: dict | None = None) -> int:
    import subprocess

    try:
        return subprocess.call(cmd, env=env, cwd=ROOT)
    except KeyboardInterrupt:
        return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m helpers.serve", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="what", required=True)
    lab = sub.add_parser("lab", help="JupyterLab at the first workbook")
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--port", type=int, default=None)
    walk = sub.add_parser("walkthrough", help="read-only walkthroughs with Voila")
    walk.add_argument("--ip", default="127.0.0.1")
    walk.add_argument("--port", type=int, default=8866)
    walk.add_argument("--token", default=None, help="ask visitors for this token (serving a room: see facilitator_notes/README.md)")
    walk.add_argument("--base-url", default=None, help="the path prefix when behind a reverse proxy, e.g. /walkthroughs/")
    walk.add_argument("--preheat", nargs="?", type=_kernels, const=1, default=0, metavar="KERNELS",
                      help="keep a warm kernel per workbook (faster first views, about 0.9 GB for all of them); "
                           "--preheat 2 keeps two, for a room that opens the same workbook at once")
    cap = sub.add_parser("capture", help="the capture app for one study")
    cap.add_argument("study", help="path to the team's study file")
    cap.add_argument("--ip", default="127.0.0.1")
    cap.add_argument("--port", type=int, default=8867)
    args = parser.parse_args(argv)

    if args.what == "lab":
        return _run(lab_command(port=args.port, ip=args.ip))
    if args.what == "walkthrough":
        print(f"Serving the walkthroughs read-only at http://{args.ip}:{args.port}/ (Ctrl+C to stop).")
        extra = [f"--Voila.token={args.token}"] if args.token else []
        if args.base_url:
            extra.append(f"--Voila.base_url={args.base_url}")
        if args.token:
            print(f"Visitors open http://{args.ip}:{args.port}{args.base_url or '/'}?token={args.token}")
        return _run(voila_command(ROOT / "workbooks", port=args.port, ip=args.ip, preheat=args.preheat, extra=extra),
                    voila_env("readonly"))
    app = ROOT / "workbooks" / "capture_app.ipynb"
    study = Path(args.study).expanduser()
    if not study.exists():
        print(f"There is no study at {study}. Create one in workbook 3 first, then pass its path.")
        return 1
    print(f"Serving the capture app for {study} at http://{args.ip}:{args.port}/ (Ctrl+C to stop).")
    return _run(voila_command(app, port=args.port, ip=args.ip), voila_env("capture", study))


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
