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

import dask
from distributed import WorkerPlugin

from .settings import DEFAULT_SETTINGS, Settings

PLUGIN_NAME = "rashomon-models"
# the worker's periodic callbacks that sample and roll up its statistical profile
PROFILER_CALLBACKS = ("profile", "profile-cycle")
# the Dask configuration key that keeps them (``DASK_RASHOMON__WORKER_PROFILE=True``)
PROFILE_KEY = "rashomon.worker-profile"


class LoadModels(WorkerPlugin):
    """Load the pipelines of ``settings.models`` on a worker (``cluster.prepare_worker``)."""

    name = PLUGIN_NAME

    def __init__(self, settings: Settings = DEFAULT_SETTINGS):
        self.settings = settings

    async def setup(self, worker) -> None:
        from .cluster import prepare_worker

        stop_profiler(worker)
        # in a thread: the worker's event loop keeps answering the scheduler meanwhile
        await asyncio.get_running_loop().run_in_executor(None, prepare_worker, self.settings)


def stop_profiler(worker) -> bool:
    """Stop the worker's statistical profiler, unless the Dask configuration's
    ``rashomon.worker-profile`` is true; True when it was running or about to.

    Every 10 ms it walks the stack of the thread running the task, in Python, on the
    worker's event loop: measured on rashomon's workers, 0.4-1.2 s of CPU time for each
    11-25 s of analysis (3-6%), the task's thread waiting for the interpreter meanwhile.
    On a machine with a worker per core that time comes out of the analysis. What it
    gives, the dashboard's profile of the tasks, is one call to ``analyze_batch``.
    """
    if dask.config.get(PROFILE_KEY, default=False):
        return False
    stopped = False
    for name in PROFILER_CALLBACKS:
        callback = worker.periodic_callbacks.pop(name, None)
        if callback is not None:
            callback.stop()  # a worker not started yet has not started it: this is then a no-op
            stopped = True
    return stopped
