"""The servers the workbook runs: JupyterLab for a team, Voila for walkthroughs and capture.

``make workshop``, ``make walkthrough`` and ``make capture`` (through ``tasks.py``) and the
tests all build their commands here, so what is tested is what people run.

>>> cmd = voila_command("workbooks", port=8866)
>>> "--VoilaConfiguration.allow_template_override=NO" in cmd and "--template=demand" in cmd
True
>>> voila_env("readonly")["DEMAND_MODE"]
'readonly'
>>> cmd, env, url = capture_command("studies/x.study", port=8867, token="abc")
>>> url, "--Voila.token=abc" in cmd, env["DEMAND_MODE"]
('http://127.0.0.1:8867/?token=abc', True, 'capture')
>>> cmd, env, url = walkthrough_command(port=8866, study="studies/x.study")
>>> cmd[3] == str(OUR_STUDY), env["DEMAND_MODE"], env["DEMAND_STUDY"].endswith("x.study"), url
(True, 'readonly', True, 'http://127.0.0.1:8866/')
>>> cmd, env, url = walkthrough_command(port=8866)
>>> served = Path(cmd[3]); sorted(p.name for p in served.iterdir()), (served / CURRICULUM[0]).is_file()
(['exercises', 'facilitator_notes', 'workbooks'], True)
"""
from __future__ import annotations

import argparse
import ipaddress
import json
import os
import posixpath
import re
import secrets
import shutil
import sys
import tempfile
from pathlib import Path

from helpers.core.session import ROOT

__all__ = ["JUPYTER_DIR", "FIRST_WORKBOOK", "CAPTURE_APP", "OUR_STUDY", "LOCAL_ONLY_CONFIG", "CURRICULUM",
           "CURRICULUM_FOLDERS", "LAB_OPTIONS",
           "WALKTHROUGH_KERNELS", "voila_command", "voila_env", "curriculum_folder", "walkthrough_command",
           "capture_command", "is_loopback", "network_warning", "lab_command", "main"]

#: Folder added to JUPYTER_PATH so Voila finds the workbook's own template.
JUPYTER_DIR = Path(__file__).resolve().parent / "jupyter"
FIRST_WORKBOOK = "workbooks/01_start_here.ipynb"
CAPTURE_APP = ROOT / "workbooks" / "capture_app.ipynb"
#: The one notebook a team's walkthrough serves (``make walkthrough STUDY=...``): its summary and evidence.
OUR_STUDY = Path(__file__).resolve().parent / "our_study.ipynb"
#: Voila config (voila.json) that turns jupyter_server's Host check back on. Voila hard-codes
#: ``allow_remote_access=True``, which lets any Host header through (DNS rebinding), and a
#: ``tornado_settings`` dict given on the command line arrives as strings ('False' is truthy),
#: so the setting has to come from a config file.
LOCAL_ONLY_CONFIG = JUPYTER_DIR / "local_only"
#: The notebooks the walkthroughs serve (``make walkthrough``), in order, with the facilitator notes they
#: link to. Nothing else is listed or served: a notebook a team saves in workbooks/ (scratch work, run
#: against its study) never reaches the leaders. A new workbook or exercise is added here.
CURRICULUM = tuple(f"workbooks/{n}.ipynb" for n in (
    "01_start_here", "02_what_demand_is", "03_plan_your_study", "04_listen_and_capture", "05_classify_together",
    "06_through_the_customers_eyes", "07_have_we_seen_enough", "08_share_with_the_front_line",
    "09_people_centred_services", "10_measures_targets_thresholds", "11_what_next",
)) + tuple(f"exercises/{n}.ipynb" for n in (
    "01_spot_the_failure_demand", "02_whose_study_is_it", "03_the_briefing", "04_the_tick_sheet_trap",
    "05_what_the_crm_report_hides", "06_inside_the_slot", "07_the_kinder_numbers", "08_one_mans_year",
    "09_when_to_stop", "10_from_action_list_to_study", "11_the_calibration_sample",
))
#: The folders of the curriculum (workbooks link to the notes): the room copies them into each seat's home,
#: and a team's JupyterLab makes a new untitled notebook or file asked for in one in the studies folder.
CURRICULUM_FOLDERS = ("workbooks", "exercises", "facilitator_notes")
#: A team's JupyterLab (``make workshop``, the room's seats): offline and quiet (no news, no update checks,
#: no extension manager), Markdown opened as a page (the facilitator notes), and scratch work kept out of
#: the tracked tree (:mod:`helpers.serve.contents_manager`). The settings are defaults from our overrides.json
#: in ``jupyter/lab`` (a person can still change them), and nothing of the person's own JupyterLab is touched.
LAB_OPTIONS = (
    "--LabApp.news_url=None",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    "--LabApp.extension_manager=readonly",
    f"--LabApp.app_settings_dir={JUPYTER_DIR / 'lab'}",
    "--ServerApp.contents_manager_class=helpers.serve.contents_manager.CurriculumContentsManager",
)
#: The most kernels a walkthrough server holds at once (about 115 MB each) besides a preheated pool;
#: a visit beyond it gets a plain "busy, try again in a minute" page.
WALKTHROUGH_KERNELS = 12


def voila_command(target: str | os.PathLike, *, port: int, ip: str = "127.0.0.1",
                  preheat: bool | int = False, extra: list[str] | tuple = (), cull_idle: int = 1800,
                  cull_interval: int = 60, max_kernels: int = 0) -> list[str]:
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
        f"--WalkthroughKernelManager.max_kernels={max_kernels}",  # 0: no limit
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


def _plain(markdown: str) -> str:
    """A heading or list item's text without its markdown (links, emphasis, code marks)."""
    return re.sub(r"[*_`]", "", re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", markdown)).strip()


def _place(src: Path, dst: Path) -> None:
    dst.parent.mkdir(parents=True, exist_ok=True)
    try:
        dst.symlink_to(src.resolve())
    except OSError:  # Windows without the right to make links: a copy, as it is at this start
        shutil.copy2(src, dst)


def curriculum_folder(dest: str | os.PathLike, source: str | os.PathLike = ROOT) -> Path:
    """Make ``dest``: in ``dest/site``, links to the :data:`CURRICULUM` in ``source`` and to the
    facilitator notes it links to, and nothing else (Voila serves what is there); in
    ``dest/jupyter``, the landing page's list (each notebook's title and first question) for
    our template's tree.html. Returns the folder to serve."""
    dest, source = Path(dest), Path(source)
    shutil.rmtree(dest, ignore_errors=True)
    site, entries, notes = dest / "site", [], set()
    for rel in CURRICULUM:
        _place(source / rel, site / rel)
        cells = json.loads((source / rel).read_text(encoding="utf-8"))["cells"]
        text = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        title = next((line[2:] for line in text.splitlines() if line.startswith("# ")), rel)
        asks = re.search(r"answers\*\*\s*\n\s*- (.+)", text)
        entries.append([rel, _plain(title), _plain(asks.group(1)) if asks else ""])
        for link in re.findall(r"\]\((\.\./facilitator_notes/[^)#\s]+)", text):
            notes.add(posixpath.normpath(posixpath.join(posixpath.dirname(rel), link)))
    for rel in sorted(notes):
        if (source / rel).is_file():  # copied: Voila's file handler refuses a link that leads outside the folder
            (site / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source / rel, site / rel)
    listing = dest / "jupyter" / "voila" / "templates" / "demand" / "curriculum.html"
    listing.parent.mkdir(parents=True)
    listing.write_text("{%- set curriculum = " + json.dumps(entries) + " -%}\n", encoding="utf-8")
    return site


def walkthrough_command(*, port: int, ip: str = "127.0.0.1", study: str | os.PathLike | None = None,
                        token: str | None = None, base_url: str | None = None, preheat: bool | int = False,
                        source: str | os.PathLike = ROOT, folder: str | os.PathLike | None = None,
                        cull_idle: int = 300, max_kernels: int = WALKTHROUGH_KERNELS) -> tuple[list[str], dict, str]:
    """The read-only walkthrough server: ``(cmd, env, url)``, as ``make walkthrough`` runs it.

    Without ``study``, the :data:`CURRICULUM` only, from a folder made for it (``folder``, else a
    new temporary one) with links into ``source``, and a landing page listing it by title. With
    ``study``, one notebook showing that team's summary and evidence; its kernel opens the study
    read-only from ``DEMAND_STUDY``, which only this environment sets (never a URL or a widget).
    Idle kernels go after ``cull_idle`` seconds; past ``max_kernels`` (plus the preheated pool),
    visitors are asked to try again in a minute.
    """
    extra = [f"--Voila.token={token}"] if token else []
    if base_url:
        extra.append(f"--Voila.base_url={base_url}")
    env = voila_env("readonly", study)
    if study is not None:
        target, pooled = OUR_STUDY, 1
    else:
        folder = Path(folder) if folder is not None else Path(tempfile.mkdtemp(prefix="demand-walkthrough-"))
        target = curriculum_folder(folder, source)
        env["JUPYTER_PATH"] = os.pathsep.join([str(folder / "jupyter"), env["JUPYTER_PATH"]])
        # The room's warm kernels are for the workbooks; the exercises start theirs when opened.
        extra.append("--VoilaKernelManager.preheat_denylist=/exercises/")
        # The notes the curriculum links to, as files (only they, and the usual images, are in the folder).
        extra += [r"--VoilaConfiguration.file_allowlist=.*\.(png|jpg|gif|svg)",
                  r"--VoilaConfiguration.file_allowlist=facilitator_notes/.*\.(md|html)"]
        pooled = sum(rel.startswith("workbooks/") for rel in CURRICULUM)
    url = _url(ip, port, token, base_url or "/")
    cap = max_kernels + int(preheat) * pooled if max_kernels else 0
    return voila_command(target, port=port, ip=ip, preheat=preheat, extra=extra, cull_idle=cull_idle,
                         max_kernels=cap), env, url


def is_loopback(ip: str) -> bool:
    """Whether ``ip`` (as given to ``--ip``) listens on this machine only."""
    ip = ip.strip().strip("[]")
    if ip == "localhost":
        return True
    try:
        return ipaddress.ip_address(ip).is_loopback
    except ValueError:
        return False  # a host name or "" (every address): reachable from the network


def network_warning(ip: str) -> str | None:
    """The plain-English warning for a capture server reachable from the network, or None."""
    if is_loopback(ip):
        return None
    shown = ip or "''"
    return (
        f"WARNING: with --ip {shown} this study can be reached from the network, not just this machine.\n"
        "Anyone on the network who has the address with its token can read every word in the study\n"
        "and add, change or undo its records. The check that refuses pages asked for under another\n"
        "machine's name is off (visitors use this machine's network address), so the token is all\n"
        "that protects the study: share the address only with the team, only on a room or meeting\n"
        "network (never a public one), and stop the server (Ctrl+C) when the session ends."
    )


def _every_address(ip: str) -> bool:
    """``--ip 0.0.0.0`` (or ``::``, or blank): listens on all of this machine's addresses."""
    try:
        return not ip.strip("[] ") or ipaddress.ip_address(ip.strip("[] ")).is_unspecified
    except ValueError:
        return False


def _url(ip: str, port: int, token: str | None, path: str = "/") -> str:
    """The address a server prints: IPv6 in brackets, the token (if any) in the query."""
    host = ip or "0.0.0.0"  # Voila's blank --ip: every address
    host = f"[{host}]" if ":" in host and not host.startswith("[") else host  # an IPv6 address in a URL
    return f"http://{host}:{port}{path}" + (f"?token={token}" if token else "")


def capture_command(study: str | os.PathLike, *, port: int, ip: str = "127.0.0.1",
                    token: str | None = None) -> tuple[list[str], dict, str]:
    """The capture server for ``study``: ``(cmd, env, url)``, as ``make capture`` runs it.

    It writes personal data, so unlike the walkthroughs it always asks for a token (a fresh
    random one per start unless ``token`` is given; ``url`` carries it, as Jupyter's does), and
    on a loopback ``ip`` it refuses any Host but this machine's, so a web page cannot reach it
    through DNS rebinding. The kernel websocket needs the same token and Host, and refuses a
    page from another origin that only has the cookie.
    """
    token = token or secrets.token_urlsafe(32)
    extra = [f"--Voila.token={token}"]
    if is_loopback(ip):
        # Only our config file: a voila.json elsewhere (the user's ~/.jupyter) cannot turn it off.
        extra.append(f"--Voila.config_file_paths={LOCAL_ONLY_CONFIG}")
    cmd = voila_command(CAPTURE_APP, port=port, ip=ip, extra=extra)
    return cmd, voila_env("capture", study), _url(ip, port, token)


def _capture_study(given: str) -> Path:
    """The study ``make capture STUDY=...`` names: a path (``.study`` may be left off), or a file
    name or the team's name for it in ``studies_dir()``, as :meth:`Study.open` finds them; when
    none matches, the StudyError lists the studies there."""
    from helpers.core.study import Study

    path = Path(given).expanduser()
    with Study.open(path.absolute() if len(path.parts) > 1 else path, readonly=True) as study:
        return Path(study.path)


def lab_command(*, port: int | None = None, ip: str = "127.0.0.1", open_path: str | None = FIRST_WORKBOOK,
                token: str | None = None, browser: bool = True) -> list[str]:
    """JupyterLab for a team, with the :data:`LAB_OPTIONS`."""
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.ip={ip}", f"--ServerApp.root_dir={ROOT}", *LAB_OPTIONS]
    if port is not None:
        cmd.append(f"--ServerApp.port={port}")
    if token is not None:
        cmd.append(f"--IdentityProvider.token={token}")
    if not browser:
        cmd.append("--no-browser")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    if open_path and (ROOT / open_path).exists():
        # the address it prints opens the workbook too, with the file browser on its folder
        cmd.append(f"--LabApp.default_url=/lab/tree/{open_path}")
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
    lab.add_argument("--port", type=int)
    walk = sub.add_parser("walkthrough", help="read-only walkthroughs with Voila")
    walk.add_argument("--ip", default="127.0.0.1")
    walk.add_argument("--port", type=int, default=8866)
    walk.add_argument("--token", help="ask visitors for this token (serving a room: see facilitator_notes/README.md)")
    walk.add_argument("--base-url", help="the path prefix when behind a reverse proxy, e.g. /walkthroughs/")
    walk.add_argument("--preheat", nargs="?", type=_kernels, const=1, default=0, metavar="KERNELS",
                      help="keep a warm kernel per workbook (faster first views, about 0.9 GB for all of them); "
                           "--preheat 2 keeps two, for a room that opens the same workbook at once")
    walk.add_argument("--study", help="serve this team's study (a .study file), read-only, for its leaders")
    cap = sub.add_parser("capture", help="the capture app for one study")
    cap.add_argument("study", help="path to the team's study file")
    cap.add_argument("--ip", default="127.0.0.1",
                     help="where to listen; the default keeps the study on this machine (anything else warns)")
    cap.add_argument("--port", type=int, default=8867)
    from helpers.serve import room  # JupyterHub for a room, an account per seat (serve/room.py)

    room.add_arguments(sub.add_parser("room", help="JupyterHub for a room: an account per seat (as root)"))
    args = parser.parse_args(argv)

    if args.what == "room":
        return room.run(args)
    if args.what == "lab":
        return _run(lab_command(port=args.port, ip=args.ip))
    if args.what == "walkthrough":
        study = Path(args.study).expanduser() if args.study else None
        if study is not None and not study.is_file():
            print(f"There is no study at {study}. Give the path of the team's .study file, e.g. studies/our-study.study.")
            return 1
        cmd, env, url = walkthrough_command(port=args.port, ip=args.ip, study=study, token=args.token,
                                            base_url=args.base_url, preheat=args.preheat)
        what = f"{study} (its summary and evidence)" if study else "the walkthroughs"
        print(f"Serving {what} read-only at http://{args.ip}:{args.port}/ (Ctrl+C to stop).")
        if args.token:
            print(f"Visitors open {url}")
        return _run(cmd, env)
    try:
        study = _capture_study(args.study)
    except Exception as exc:  # StudyError (it lists the studies there), or a file that is not a study
        print(f"{exc} Create one in workbook 3 first, or pass the path or name of one (the .study may be left off).")
        return 1
    cmd, env, url = capture_command(study, port=args.port, ip=args.ip)
    warning = network_warning(args.ip)
    if warning:
        print(warning)
        print()
    print(f"Serving the capture app for {study} (Ctrl+C to stop). Open this whole address, token included:")
    print(f"    {url}")
    if warning and _every_address(args.ip):
        shown = url.split("//", 1)[1].rsplit(":", 1)[0]
        print(f"(In the address, put this machine's address on the network in place of {shown}.)")
    elif not warning:
        print("It works in a browser on this machine only. Without the token the page is refused.")
    return _run(cmd, env)


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
