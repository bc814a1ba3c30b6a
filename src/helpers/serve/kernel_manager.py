"""The kernel manager of the Voila servers (walkthroughs and capture): culling that spares a
kernel a visitor has just been given.

Voila's preheated pool keeps a kernel per workbook waiting, idle, for the next visitor. The
idle culler leaves pooled kernels alone, but the moment one is handed to a visitor it counts
as idle since it finished pre-running the notebook (often longer ago than the timeout), and
it has no connection until the page has loaded. A cull in that second killed it and the
visitor's page never came to life ("Kernel never reached an 'alive' state"). Here a kernel's
idle clock starts, at the earliest, when the culler first sees it outside a pool.
"""
from __future__ import annotations

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from jupyter_server.utils import ensure_async

__all__ = ["WalkthroughKernelManager"]


class WalkthroughKernelManager(AsyncMappingKernelManager):
    """``AsyncMappingKernelManager`` whose culler gives a newly seen kernel a full timeout."""

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
