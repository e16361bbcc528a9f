"""What a Dask worker does before its first task: load rashomon's models.

A worker that loads the language pipelines on its first batch makes that batch,
and the run, wait 20-50 s (several workers on one machine load at once, each
slower); ``LoadModels`` loads them when the worker joins, before work reaches it.
``cluster.dask_executor`` registers it on the client's cluster: the scheduler
runs its ``setup`` on every worker it has, and waits for it, and on every worker
that joins later, before that worker takes a task. (Kept apart from ``cluster``,
whose import must not load dask.distributed: the command line imports it.)
"""

from __future__ import annotations

import asyncio

from distributed import WorkerPlugin

from .settings import DEFAULT_SETTINGS, Settings

PLUGIN_NAME = "rashomon-models"


class LoadModels(WorkerPlugin):
    """Load the pipelines of ``settings.models`` on a worker (``cluster.prepare_worker``)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings = DEFAULT_SETTINGS):
        self.settings = settings

    async def setup(self, worker) -> None:
        from .cluster import prepare_worker

        # in a thread: the worker's event loop keeps answering the scheduler meanwhile
        await asyncio.get_running_loop().run_in_executor(None, prepare_worker, self.settings)
