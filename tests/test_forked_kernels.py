"""Kernels forked from the warm launcher (helpers.forked_kernels) behave as kernels started the
usual way: their own folder, environment, random numbers and figures; they stop, interrupt and
go with the server; and a kernel still starts when the launcher cannot help."""
from __future__ import annotations

import asyncio
import base64
import io
import os
import subprocess
import sys
from pathlib import Path

import matplotlib.pyplot as plt
import psutil
import pytest
from jupyter_client.manager import AsyncKernelManager
from jupyter_client.provisioning.factory import KernelProvisionerFactory

from conftest import until
from helpers import forked_kernels


def run(coro):
    return asyncio.run(coro)


def gone(*pids: int, timeout: float) -> bool:
    """Whether every process in ``pids`` has ended (and been reaped) within ``timeout`` seconds."""
    until(lambda: not any(psutil.pid_exists(pid) for pid in pids), timeout, every=0.1)
    return not any(psutil.pid_exists(pid) for pid in pids)


@pytest.fixture
def forked(monkeypatch, tmp_path_factory):
    """Kernels started with the walkthrough servers' provisioner; the launcher stopped after."""
    monkeypatch.setenv("TMPDIR", str(tmp_path_factory.mktemp("temp")))  # its figures (a killed one leaves them)
    monkeypatch.delenv("MPLBACKEND", raising=False)  # the tests' Agg would hide the inline figures
    monkeypatch.setattr(KernelProvisionerFactory.instance(), "default_provisioner_name", "demand-forked-kernel")
    monkeypatch.setattr(forked_kernels, "_gave_up", False)
    yield
    if forked_kernels._launcher is not None:
        forked_kernels._launcher.proc.terminate()  # (so it removes its folder of figures)
        try:
            forked_kernels._launcher.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            forked_kernels._launcher.proc.kill()
            forked_kernels._launcher.proc.wait()
        forked_kernels._launcher = None


async def start(cwd, **env) -> tuple[AsyncKernelManager, object]:
    km = AsyncKernelManager(kernel_name="python3")
    await km.start_kernel(cwd=str(cwd), env={**os.environ, **env})
    kc = km.client()
    kc.start_channels()
    await kc.wait_for_ready(timeout=60)
    return km, kc


async def execute(kc, code: str, timeout: float = 60) -> dict:
    """Run ``code``; its printed text, outputs' data and error name."""
    msg_id = kc.execute(code)
    out = {"stdout": "", "data": [], "error": None}
    while True:
        msg = await kc.get_iopub_msg(timeout=timeout)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream":
            out["stdout"] += content["text"]
        elif kind in ("display_data", "execute_result"):
            out["data"].append(content["data"])
        elif kind == "error":
            out["error"] = content["ename"]
        elif kind == "status" and content["execution_state"] == "idle":
            return out


async def stop(km, kc) -> None:
    kc.stop_channels()
    await km.shutdown_kernel(now=False)


def test_a_forked_kernel_is_warm_yet_has_its_own_folder_environment_and_figures(forked, tmp_path):
    async def go():
        km, kc = await start(tmp_path, DEMAND_MODE="readonly", MARK="first")
        try:
            assert psutil.Process(km.provisioner.pid).ppid() == forked_kernels._launcher.proc.pid
            out = await execute(kc, "import os, sys\n"
                                    "print('pandas' in sys.modules, 'helpers.plots' in sys.modules)\n"
                                    "print(os.getcwd()); print(os.environ['MARK'])\n"
                                    "import helpers; print(helpers.session.mode())")
            warm, cwd, mark, mode = out["stdout"].split("\n")[:4]
            assert warm == "True True", "the kernel imported pandas and helpers itself: it was not forked warm"
            assert os.path.samefile(cwd, tmp_path)  # the notebook's folder, so relative paths work
            assert (mark, mode) == ("first", "readonly")
            # Figures reach the page as in any kernel (the inline backend hooks in, in the kernel).
            out = await execute(kc, "import matplotlib.pyplot as plt\nplt.plot([1, 3, 2])\nplt.show()")
            assert out["error"] is None and any("image/png" in d for d in out["data"]), out
        finally:
            await stop(km, kc)
    run(go())


FIGURE = ("import matplotlib.pyplot as plt\nfrom helpers import figures\n"
          "fig, ax = plt.subplots()\n_ = ax.bar(['Mon', 'Tue'], [12, 8])\n"
          "print(figures.captioned(ax, notice='Monday', alt='Two bars').html)\n"
          "import os; print(os.environ.get('DEMAND_FIGURE_CACHE', ''))")


def test_read_only_kernels_reuse_the_images_earlier_ones_drew_and_capture_kernels_keep_none(forked, tmp_path):
    # Every visitor to a walkthrough sees the same figures, and drawing them is most of a page's
    # wait: a read-only kernel keeps each image in the launcher's folder for the kernels after it.
    async def draw(**env) -> tuple[str, str]:
        km, kc = await start(tmp_path, **env)
        try:
            out = await execute(kc, FIGURE)
            assert out["error"] is None, out
            page, folder = out["stdout"].split("\n")[:2]
            return page, folder
        finally:
            await stop(km, kc)

    async def go():
        first, folder = await draw(DEMAND_MODE="readonly")
        kept = list(Path(folder).glob("*.png"))
        assert len(kept) == 1, "the first kernel did not keep its image"
        assert base64.b64encode(kept[0].read_bytes()).decode() in first
        assert Path(folder).stat().st_mode & 0o077 == 0, "other users can read the folder of figures"
        # The next kernel shows the kept image rather than drawing its own: swap in another
        # image under the same name, and that is what the page gets.
        other = io.BytesIO()
        plt.figure(figsize=(1, 1)).savefig(other, format="png")
        plt.close("all")
        kept[0].write_bytes(other.getvalue())
        # The mode is read as the kernel reads it, case and spaces aside.
        second, _ = await draw(DEMAND_MODE=" Readonly")
        assert base64.b64encode(other.getvalue()).decode() in second
        # A kept file that is not an image (cut short, say) is drawn again.
        kept[0].write_bytes(b"not a picture")
        third, _ = await draw(DEMAND_MODE="readonly")
        assert third == first
        # In capture mode the figures show a team's own data: none is kept.
        _, none = await draw(DEMAND_MODE="capture")
        assert none == "" and len(list(Path(folder).glob("*.png"))) == 1
        launcher = forked_kernels._launcher.proc
        launcher.terminate()
        launcher.wait(timeout=10)
        assert not Path(folder).exists(), "the folder of figures outlived its launcher"

    run(go())


@pytest.mark.parametrize("mode, kept", [(" Readonly", True), ("capture", False), ("lab", False),
                                        ("party", False)])
def test_only_a_kernel_the_workbook_reads_as_read_only_keeps_images(monkeypatch, mode, kept):
    monkeypatch.setenv("DEMAND_MODE", mode)
    assert forked_kernels._read_only() is kept


def test_a_forked_kernel_is_hooked_into_like_a_new_one(forked, tmp_path, monkeypatch):
    # Libraries that hook into the kernel as they are imported (ipywidgets' comm targets, through
    # which the page asks for every widget's state) were imported in the launcher, before there
    # was a kernel: a forked kernel must end up with the same hooks as one started anew.
    probe = ("import ipywidgets, matplotlib.pyplot as plt\n"
             "plt.plot([1]); plt.close('all')\n"
             "ip = get_ipython()\n"
             "print(sorted(ip.kernel.comm_manager.targets))\n"
             "print(sorted(getattr(f, '__name__', '?') for f in ip.events.callbacks['post_execute']))")

    async def hooks() -> str:
        km, kc = await start(tmp_path)
        try:
            return (await execute(kc, probe))["stdout"]
        finally:
            await stop(km, kc)

    forked_hooks = run(hooks())
    monkeypatch.setattr(KernelProvisionerFactory.instance(), "default_provisioner_name", "local-provisioner")
    assert forked_hooks == run(hooks())
    assert "jupyter.widget.control" in forked_hooks


def test_forked_kernels_draw_different_random_numbers(forked, tmp_path):
    # A fork copies the launcher's random state; each kernel must draw its own.
    async def draw() -> str:
        km, kc = await start(tmp_path)
        try:
            out = await execute(kc, "import random, numpy\nprint(random.random(), numpy.random.random())")
            return out["stdout"]
        finally:
            await stop(km, kc)

    first, second = run(draw()), run(draw())
    assert first.split()[0] != second.split()[0] and first.split()[1] != second.split()[1]


def test_a_forked_kernel_can_be_interrupted_and_is_gone_after_shutdown(forked, tmp_path):
    async def go():
        km, kc = await start(tmp_path)
        pid = km.provisioner.pid
        try:
            running = asyncio.ensure_future(execute(kc, "import time\ntime.sleep(60)"))
            await asyncio.sleep(1)
            await km.interrupt_kernel()
            out = await asyncio.wait_for(running, 20)
            assert out["error"] == "KeyboardInterrupt"
            assert await km.is_alive()
        finally:
            await stop(km, kc)
        return pid

    assert gone(run(go()), timeout=10), "the kernel outlived its shutdown (or was left a zombie)"


def test_a_kernel_still_starts_when_the_launcher_has_died(forked, tmp_path):
    async def go():
        km, kc = await start(tmp_path)
        first = forked_kernels._launcher.proc
        await stop(km, kc)
        first.kill()
        first.wait()
        km, kc = await start(tmp_path)  # a new launcher takes over
        try:
            assert (await execute(kc, "print(6 * 7)"))["stdout"].strip() == "42"
            assert forked_kernels._launcher.proc is not first
        finally:
            await stop(km, kc)
    run(go())


def test_a_kernel_still_starts_the_usual_way_when_the_launcher_cannot_import(forked, tmp_path, monkeypatch):
    # A broken library (here a pandas that raises) stops the launcher before it answers; the
    # kernel must start the usual way, and so must the next without trying the launcher again.
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "pandas.py").write_text("raise ImportError('a broken pandas, for the test')\n")
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(broken), os.environ.get("PYTHONPATH", "")]))

    async def go():
        for _ in range(2):
            km, kc = await start(tmp_path)
            try:
                assert psutil.Process(km.provisioner.pid).ppid() == os.getpid(), "not started the usual way"
                assert (await execute(kc, "print(6 * 7)"))["stdout"].strip() == "42"
            finally:
                await stop(km, kc)
        assert forked_kernels._gave_up
    run(go())


def test_only_the_standard_python_kernel_is_forked():
    python = [sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"]
    assert forked_kernels._forkable(python)
    assert not forked_kernels._forkable(["/usr/bin/R", "--slave", "-e", "IRkernel::main()"])
    assert not forked_kernels._forkable(["/no/such/python", "-m", "ipykernel_launcher", "-f", "k.json"])


def test_the_launcher_and_its_kernels_go_when_the_server_is_killed(tmp_path):
    # A server killed outright (no clean shutdown) must not leave kernels running: the launcher
    # sees its socket close and stops, and each kernel stops when its parent does.
    script = (
        "import asyncio, os, sys\n"
        "from jupyter_client.manager import AsyncKernelManager\n"
        "from jupyter_client.provisioning.factory import KernelProvisionerFactory\n"
        "KernelProvisionerFactory.instance().default_provisioner_name = 'demand-forked-kernel'\n"
        "async def go():\n"
        "    km = AsyncKernelManager(kernel_name='python3')\n"
        "    await km.start_kernel(cwd=sys.argv[1], env={**os.environ, 'DEMAND_MODE': 'readonly'})\n"
        "    kc = km.client(); kc.start_channels(); await kc.wait_for_ready(timeout=60)\n"
        "    print(km.provisioner.pid, flush=True)\n"
        "    await asyncio.sleep(600)\n"
        "asyncio.run(go())\n"
    )
    temp = tmp_path / "temp"  # where the launcher keeps its figures
    temp.mkdir()
    server = subprocess.Popen([sys.executable, "-c", script, str(tmp_path)], stdout=subprocess.PIPE, text=True,
                              env={**os.environ, "TMPDIR": str(temp)})
    try:
        kernel = int(server.stdout.readline())
        launcher = psutil.Process(kernel).ppid()
        assert launcher != server.pid and psutil.Process(launcher).ppid() == server.pid
        assert len(list(temp.glob("demand-figures-*"))) == 1
    finally:
        server.kill()
        server.wait()
    assert gone(launcher, timeout=15), "the launcher outlived the server"
    assert gone(kernel, timeout=15), "a kernel outlived the server"
    assert not list(temp.glob("demand-figures-*")), "the launcher left its folder of figures behind"
