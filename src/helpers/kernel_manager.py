"""The kernel manager of the Voila servers (walkthroughs and capture): culling that spares a
kernel a visitor has just been given, and pool kernels that give way to the page being served.

Voila's preheated pool keeps a kernel per workbook waiting, idle, for the next visitor. The
idle culler leaves pooled kernels alone, but the moment one is handed to a visitor it counts
as idle since it finished pre-running the notebook (often longer ago than the timeout), and
it has no connection until the page has loaded. A cull in that second killed it and the
visitor's page never came to life ("Kernel never reached an 'alive' state"). Here a kernel's
idle clock starts, at the earliest, when the culler first sees it outside a pool.

It also runs pool kernels (and, under Linux autogroup, their sessions) at a lower priority than
the server, and gives a kernel's session its priority back when a visitor takes it (see
``_run_behind``).

``helpers.serve.voila_command`` names this class, so it is what the servers run.
"""
from __future__ import annotations

import os

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ensure_async

# How far below the server's priority a kernel filling a pool runs (Unix niceness steps).
POOL_NICENESS = 10


class WalkthroughKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` whose culler gives a newly seen kernel a full timeout and
    whose pool kernels run at a lower priority than the server."""

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self._seen: set[str] = set()
        self._niceness: dict[int, int] = {}  # what each kernel's session should run at
        take = getattr(self, "get_rendered_notebook", None)  # Voila's pool manager (preheat) has it
        if take is not None:
            async def get_rendered_notebook(*args, **kw):
                taken = await take(*args, **kw)  # (render task, cells so far, kernel id)
                self._run_ahead(taken[2])
                return taken

            self.get_rendered_notebook = get_rendered_notebook

    async def cull_kernel_if_idle(self, kernel_id: str) -> None:
        # Voila's pool manager (which subclasses this) answers for pooled kernels itself and
        # only calls here for kernels in use: the first call is the first sight outside a pool.
        self._seen &= set(self._kernels)
        kernel = self._kernels.get(kernel_id)
        if kernel is not None and kernel_id not in self._seen:
            self._seen.add(kernel_id)
            if hasattr(kernel, "last_activity"):
                from jupyter_server._tz import utcnow

                kernel.last_activity = utcnow()
                return
        await ensure_async(super().cull_kernel_if_idle(kernel_id))

    async def start_kernel(self, **kwargs) -> str:
        kernel_id = await ensure_async(super().start_kernel(**kwargs))
        if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "True":
            self._run_behind(kernel_id)
        return kernel_id

    def _pid(self, kernel_id: str) -> int | None:
        try:
            return getattr(self.get_kernel(kernel_id).provisioner, "pid", None)
        except KeyError:  # it has already gone
            return None

    def _run_behind(self, kernel_id: str) -> None:
        """Let a kernel the pool is filling yield the processor to the page being served.

        The pool refills the moment a visitor takes its kernel (``fill_delay=0`` in
        ``helpers.serve``), so the next visitor finds the notebook part-run or done; at a lower
        priority that refill does not slow the page of the visitor who took the kernel.

        Where Linux shares the processor between sessions first (autogroup, on by default in
        most distributions), a process's own priority only counts inside its session, and every
        kernel leads a session of its own: there the session's priority is lowered too
        (``/proc/<pid>/autogroup``), and given back when a visitor takes the kernel.
        """
        pid = self._pid(kernel_id)
        if pid and hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + POOL_NICENESS)
            except OSError:  # the kernel has already gone, or the system does not allow it
                pass
            self._session_priority(pid, POOL_NICENESS)

    def _run_ahead(self, kernel_id: str) -> None:
        """A visitor took this kernel: give its session the server's priority back (a process's
        own priority cannot be raised again without privileges; a session's can)."""
        pid = self._pid(kernel_id)
        if pid:
            self._session_priority(pid, 0)

    def _session_priority(self, pid: int, niceness: int, tries: int = 0) -> None:
        """Set the niceness of the session (autogroup) ``pid`` leads, once it leads one (trying
        every 50 ms, for up to 2 s); a later call for the same kernel replaces a pending one."""
        import asyncio

        path = f"/proc/{pid}/autogroup"
        if not os.path.exists(path):
            self._niceness.pop(pid, None)
            return  # not Linux, or no autogroup: the process's own priority is what counts
        if tries == 0:
            self._niceness[pid] = niceness
        elif self._niceness.get(pid) != niceness:
            return  # a later change (the kernel was taken) replaced this one
        try:
            if os.getsid(pid) == pid:  # (a forked kernel may not have started its session yet)
                with open(path, "w") as f:
                    f.write(str(niceness))
                self._niceness.pop(pid, None)
                return
        except BlockingIOError:  # Linux allows ten changes a second without privileges
            pass
        except OSError:  # the kernel has gone, or the system does not allow it
            self._niceness.pop(pid, None)
            return
        if tries < 40:
            asyncio.get_running_loop().call_later(0.05, self._session_priority, pid, niceness, tries + 1)
        else:
            self._niceness.pop(pid, None)
