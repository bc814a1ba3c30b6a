"""The kernel manager of the Voila servers (walkthroughs and capture): culling that spares a
kernel a visitor has just been given.

Voila's preheated pool keeps a kernel per workbook waiting, idle, for the next visitor. The
idle culler leaves pooled kernels alone, but the moment one is handed to a visitor it counts
as idle since it finished pre-running the notebook (often longer ago than the timeout), and
it has no connection until the page has loaded. A cull in that second killed it and the
visitor's page never came to life ("Kernel never reached an 'alive' state"). Here a kernel's
idle clock starts, at the earliest, when the culler first sees it outside a pool.

Each kernel holds about 115 MB, and Voila has no limit of its own: past ``max_kernels`` (counting
those starting), a visit gets a plain "busy, try again in a minute" page (503, our error.html).
"""
from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ensure_async
from tornado.web import HTTPError
from traitlets import Integer

__all__ = ["WalkthroughKernelManager"]


class WalkthroughKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` whose culler gives a newly seen kernel a full timeout."""

    max_kernels = Integer(0, config=True, help="The most kernels at once, those starting included (0: no limit).")

    def __init__(self, **kwargs) -> None:
        self._seen: set[str] = set()
        self._starting = 0
        super().__init__(**kwargs)

    async def start_kernel(self, *args, **kwargs) -> str:
        if self.max_kernels and len(self._kernels) + self._starting >= self.max_kernels:
            raise HTTPError(503, "Many people are reading the walkthroughs just now. Please try again in a minute.",
                            reason="Busy")
        self._starting += 1
        try:
            return await ensure_async(super().start_kernel(*args, **kwargs))
        finally:
            self._starting -= 1

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
