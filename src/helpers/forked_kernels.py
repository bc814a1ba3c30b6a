"""Voila's kernels forked from a warm process, so a visitor does not wait for imports.

A new Python kernel spends about a second before it runs the first cell of a workbook: half
starting Python and the kernel, half importing pandas, matplotlib, the widgets and ``helpers``.
A visitor who arrives when no warm kernel is waiting (the pool was just taken) waits for all
of it. Here a *launcher* process, started with the server's first kernel, imports all of that
and then only forks: each kernel is a copy of it that takes its own connection file, folder and
environment, is ready in about a tenth of a second, and shares the launcher's memory until it
writes to it.

Only the standard Python kernel is forked; any other starts the usual way, and so does every
kernel once a launcher has failed to answer. Jupyter finds ``ForkProvisioner`` through the
entry point ``demand-forked-kernel`` in ``pyproject.toml``; ``helpers.serve`` makes it the
default for the Voila servers (walkthroughs and capture), not for JupyterLab.

Read-only kernels also keep the images they draw in a folder the launcher makes (and removes
as it stops), so the next visitor's kernel shows them without drawing (``helpers.figures``).

What a forked kernel cannot tell the server is its exit status: the launcher, not the server,
is its parent. The server sees when it has gone (through a pidfd) and reports it as 0.
"""
from __future__ import annotations

import asyncio
import gc
import json
import os
import select
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path
from typing import Any

from jupyter_client.provisioning import LocalProvisioner

from helpers import session
from helpers.figures import CACHE_VARIABLE

# What the workbooks import; what each kernel would otherwise import for itself. Not
# matplotlib_inline's backend: it hooks into the kernel's shell as it is imported, so it has to
# be imported in the kernel, once the shell exists (matplotlib does that on the first figure).
WARM_IMPORTS = ("ipykernel.kernelapp", "ipykernel.ipkernel", "numpy", "pandas", "matplotlib.pyplot",
                "ipywidgets", "anywidget")
# helpers' own server side: never needed in a kernel.
_SERVER_ONLY = {"serve", "kernel_manager", "forked_kernels"}
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def _forkable(cmd: list[str]) -> bool:
    """Whether ``cmd`` starts the standard Python kernel with this Python (so a fork of a
    launcher running this Python is the same kernel)."""
    if len(cmd) < 3 or cmd[1:3] != ["-m", "ipykernel_launcher"]:
        return False
    try:
        return os.path.samefile(cmd[0], sys.executable)
    except OSError:
        return False


class ForkedProcess:
    """The part of ``subprocess.Popen`` the provisioner uses, for a process that is not our child."""

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except ProcessLookupError:  # it has already gone
            self._fd = None
            self.returncode = 0

    def poll(self) -> int | None:
        if self.returncode is None and select.select([self._fd], [], [], 0)[0]:
            os.close(self._fd)
            self._fd, self.returncode = None, 0
        return self.returncode

    def wait(self, timeout: float | None = None) -> int:
        if self.returncode is None:
            if not select.select([self._fd], [], [], timeout)[0]:
                raise subprocess.TimeoutExpired(f"kernel {self.pid}", timeout)
            self.poll()
        return self.returncode

    def send_signal(self, signum: int) -> None:
        if self.poll() is None:
            signal.pidfd_send_signal(self._fd, signum)

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


class Launcher:
    """The warm process kernels are forked from, and the socket the server asks it on."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env.setdefault("MPLBACKEND", INLINE_BACKEND)  # as ipykernel sets it, before matplotlib reads it
        self.proc = subprocess.Popen([sys.executable, "-m", "helpers.forked_kernels", str(theirs.fileno())],
                                     pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env)
        theirs.close()
        ours.settimeout(60)  # the first answer waits for the imports
        self._answers = ours.makefile("rwb", buffering=0)
        self._lock = threading.Lock()

    def fork_now(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """Ask for a kernel and wait for its process id; ``OSError`` if the launcher has gone."""
        with self._lock:  # one question at a time on the one socket
            try:
                self._answers.write(json.dumps({"argv": cmd[3:], "env": env, "cwd": cwd}).encode() + b"\n")
                line = self._answers.readline()
                if not line:
                    raise ConnectionError("the kernel launcher has stopped")
                return int(json.loads(line)["pid"])
            except (OSError, ValueError):
                self.proc.kill()  # out of step with us: the next kernel gets a new launcher
                raise

    async def fork(self, cmd: list[str], env: dict[str, str], cwd: str) -> int:
        """``fork_now`` off the event loop (the server goes on serving while it waits)."""
        return await asyncio.get_running_loop().run_in_executor(None, self.fork_now, cmd, env, cwd)


_launcher: Launcher | None = None
_gave_up = False  # a launcher failed to answer: this server starts kernels the usual way


def launcher() -> Launcher | None:
    """The server's launcher, started on first use; ``None`` where processes cannot fork."""
    global _launcher
    if _gave_up or not (hasattr(os, "fork") and hasattr(os, "pidfd_open")):
        return None
    if _launcher is None or _launcher.proc.poll() is not None:
        _launcher = Launcher()
    return _launcher


class ForkProvisioner(LocalProvisioner):
    """``LocalProvisioner`` that forks the standard Python kernel from the warm launcher."""

    async def launch_kernel(self, cmd: list[str], **kwargs: Any):
        warm = launcher() if _forkable(cmd) else None
        if warm is not None:
            env = kwargs.get("env") or dict(os.environ)
            cwd = str(kwargs.get("cwd") or Path.cwd())
            try:
                pid = await warm.fork(cmd, env, cwd)
            except (OSError, ValueError) as exc:
                global _gave_up
                _gave_up = True  # (a launcher that cannot import would fail every time)
                self.log.warning("Starting kernels the usual way from now on: the kernel launcher "
                                 "failed (%s). See its error above.", exc)
            else:
                self.process = ForkedProcess(pid)
                self.pid = self.pgid = pid  # the kernel leads its own session, as Popen's would
                self.cwd = cwd
                return self.connection_info
        return await super().launch_kernel(cmd, **kwargs)


# ---- the launcher process ------------------------------------------------------------------

def _warm_up() -> None:
    import importlib
    import pkgutil

    import helpers

    for name in WARM_IMPORTS:
        importlib.import_module(name)
    for module in pkgutil.iter_modules(helpers.__path__):
        if module.name not in _SERVER_ONLY:
            importlib.import_module(f"helpers.{module.name}")


def _hook_into_the_shell() -> None:
    """What libraries do as they are imported into a running kernel, done now that there is one:
    they were imported in the launcher, where there was none. ipywidgets registers the comm
    targets the page asks for widget states through (without them, the page falls back to
    asking widget by widget: slower)."""
    if "ipywidgets" in sys.modules:
        sys.modules["ipywidgets"].register_comm_target()


def _read_only() -> bool:
    """Whether the kernel's environment (already in ``os.environ``) makes it read-only, read as
    the kernel will read it; a mode the kernel will refuse keeps no images."""
    try:
        return session.mode() == "readonly"
    except ValueError:
        return False


def _become_kernel(request: dict, figures: str) -> None:
    """In the forked child: take the kernel's environment and run it; never return. A read-only
    kernel keeps the images it draws in ``figures``, for the kernels after it
    (``helpers.figures``); a team's own data in capture mode is never kept."""
    code = 1
    try:
        os.setsid()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(request["cwd"])
        os.environ.clear()
        os.environ.update(request["env"])
        if _read_only():
            os.environ[CACHE_VARIABLE] = figures
        # The kernel stops when its parent does: the launcher, which stops with the server.
        # ipykernel read JPY_PARENT_PID when the launcher imported it, so say it again here.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        sys.argv = ["ipykernel_launcher", *request["argv"], f"--IPKernelApp.parent_handle={os.getppid()}"]
        # matplotlib read MPLBACKEND when the launcher imported it: read the kernel's instead
        # (ipykernel's default when it has none), as it would have in a new process.
        if not os.environ.get("MPLBACKEND"):
            os.environ["MPLBACKEND"] = INLINE_BACKEND
        if "matplotlib" in sys.modules:
            sys.modules["matplotlib"].rcParams["backend"] = os.environ["MPLBACKEND"]
        if "numpy" in sys.modules:  # every kernel would otherwise draw the same "random" numbers
            sys.modules["numpy"].random.seed()
        from ipykernel.kernelapp import IPKernelApp

        app = IPKernelApp.instance()  # as ipykernel_launcher, with a step between the two
        app.initialize()
        _hook_into_the_shell()
        app.start()
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 0
    except BaseException:  # noqa: BLE001 (whatever happens, a child never returns into the launcher's loop)
        import traceback

        traceback.print_exc()
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)


def main(fd: int) -> None:
    if sys.path and sys.path[0] in ("", os.getcwd()):
        del sys.path[0]  # as ipykernel_launcher does; the kernel adds the notebook's folder itself
    _warm_up()
    gc.freeze()  # the collector in each kernel then leaves the shared objects (and their pages) alone
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # kernels are reaped as they end
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))  # asked to stop: tidy up as below
    sock = socket.socket(fileno=fd)
    stream = sock.makefile("rwb", buffering=0)
    figures = tempfile.mkdtemp(prefix="demand-figures-")  # only we can read it (mode 700)
    try:
        for line in stream:  # ends when the server closes its end (or stops)
            request = json.loads(line)
            pid = os.fork()
            if pid == 0:
                stream.close()
                sock.close()
                _become_kernel(request, figures)
            stream.write(json.dumps({"pid": pid}).encode() + b"\n")
    finally:
        shutil.rmtree(figures, ignore_errors=True)


if __name__ == "__main__":
    main(int(sys.argv[1]))
