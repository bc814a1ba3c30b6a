"""The kernel manager of the Voila servers (walkthroughs and capture): culling that spares a
kernel a visitor has just been given, and pool kernels that give way to the page being served.

Voila's preheated pool keeps a kernel per workbook waiting, idle, for the next visitor. The
idle culler leaves pooled kernels alone, but the moment one is handed to a visitor it counts
as idle since it finished pre-running the notebook (often longer ago than the timeout), and
it has no connection until the page has loaded. A cull in that second killed it and the
visitor's page never came to life ("Kernel never reached an 'alive' state"). Here a kernel's
idle clock starts, at the earliest, when the culler first sees it outside a pool.

It also starts pool kernels at a lower priority than the server (see ``_run_behind``).

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

    def _run_behind(self, kernel_id: str) -> None:
        """Let a kernel the pool is filling yield the processor to the page being served.

        The pool refills the moment a visitor takes its kernel (``fill_delay=0`` in
        ``helpers.serve``), so the next visitor finds the notebook part-run or done; at a lower
        priority that refill does not slow the page of the visitor who took the kernel. Every
        visitor's kernel comes from a pool, so they all run at the same priority.
        """
        pid = getattr(self.get_kernel(kernel_id).provisioner, "pid", None)
        if pid and hasattr(os, "setpriority"):
            try:
                os.setpriority(os.PRIO_PROCESS, pid, os.getpriority(os.PRIO_PROCESS, 0) + POOL_NICENESS)
            except OSError:  # the kernel has already gone, or the system does not allow it
                pass
