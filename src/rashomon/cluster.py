"""Cluster runs: the document-level stages on Dask.

parse, attribute and frame read one document and write its claims, so they
run anywhere; ``resolve`` and ``compare`` need every claim and run in the
driver, as in a single-process run. ``DaskExecutor`` is the ``executor`` that
``pipeline.analyze_documents`` accepts: it sends batches of documents to a
dask.distributed cluster, each worker analyses a batch with ``analyze_each``
(the language pipelines are loaded once per worker process, on its first
batch, and kept), and the results come back in input order, so the ledger is
the same as the one a single process makes. The tasks go out longest first and
no more at a time than the workers have threads: a task the scheduler parks on
a busy worker waits there while another worker is idle.

``dask_executor`` opens one for the command line: on a running scheduler
(``--scheduler tcp://host:8786``, whose workers have rashomon installed) or
on a local cluster of processes (``--workers N``), closed when the run ends.

Workers load their models before work arrives, two ways:

- ``dask_executor`` registers ``cluster_worker.LoadModels``, a worker plugin that
  loads the pipelines of the run's languages on every worker, and on any that joins
  later, before it takes a task;
- ``dask worker tcp://host:8786 --preload rashomon.cluster`` loads them as the
  worker starts, before it joins the scheduler (``dask_setup``): its first run
  finds them loaded, and the plugin then costs nothing.

Either way the worker's statistical profiler is stopped (it took 3-6% of a worker's
CPU time); ``DASK_RASHOMON__WORKER_PROFILE=True`` keeps it for the dashboard.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from math import ceil

from . import resolve
from .errors import Errors, Warnings
from .ledger import Document, DocumentError
from .parse import document_lang
from .pipeline import Analysis, DocumentResult, Progress, analyze_each, load_models
from .settings import DEFAULT_SETTINGS, Settings
from .heap import roomy_heap
from .threads import one_blas_thread

logger = logging.getLogger(__name__)

# enough documents per task to feed the parser's batches, small enough that
# every worker gets several tasks and a lost worker costs little
MAX_BATCH = 16
TASKS_PER_WORKER = 4
CONNECT_TIMEOUT = "10s"
# how long a run waits for a scheduler's first worker: a preloaded worker joins only
# once its models are loaded, 20-50 s on a busy machine
WORKER_TIMEOUT = 180.0


class ClusterError(RuntimeError):
    """A cluster run that cannot start (E019); its message is the coded one."""


def analyze_batch(documents: list[Document], analysis: Analysis) -> list[DocumentResult | DocumentError]:
    """The task a worker runs: the document-level stages over a batch."""
    # a Dask nanny starts its worker with one BLAS thread already; a worker started
    # without one (``dask worker --no-nanny``) gets it here, before its first parse
    one_blas_thread()
    roomy_heap()  # and the heap thresholds its nanny froze, if no preload set them
    return list(analyze_each(documents, analysis=analysis))


def prepare_worker(settings: Settings = DEFAULT_SETTINGS) -> dict[str, str]:
    """Ready this process to analyse documents: one BLAS thread, and every model of
    ``settings`` loaded (``pipeline.load_models``). A language whose model cannot
    load is logged (W020) and its documents get their error in the run. Returns
    those languages with the reason."""
    one_blas_thread()
    roomy_heap()  # a nanny's MALLOC_TRIM_THRESHOLD_ made every parse 12-15% slower (heap.py)
    start = time.perf_counter()
    unavailable = load_models(settings, linking=False)
    for lang, reason in unavailable.items():
        logger.warning(Warnings.W020.format(lang=lang, reason=reason))
    logger.info("rashomon: models of %s loaded in %.1f s",
                ", ".join(sorted(set(settings.models) - set(unavailable))) or "no language",
                time.perf_counter() - start)
    return unavailable


async def dask_setup(worker) -> None:
    """``dask worker ADDRESS --preload rashomon.cluster``: load the models of the
    default settings as the worker starts, before it joins the scheduler, so no task
    waits for them. Runs in a thread, so the worker's event loop stays responsive.
    The worker's statistical profiler is stopped before it starts
    (``cluster_worker.stop_profiler``)."""
    from .cluster_worker import stop_profiler

    stop_profiler(worker)
    await asyncio.get_running_loop().run_in_executor(None, prepare_worker, DEFAULT_SETTINGS)


class DaskExecutor:
    """Run ``analyze_each`` on a dask.distributed ``Client``'s workers."""

    def __init__(self, client, *, batch_size: int | None = None):
        self.client = client
        self.batch_size = batch_size

    def __call__(self, documents: Sequence[Document], *, analysis: Analysis,
                 progress: Progress | None = None) -> Iterator[DocumentResult | DocumentError]:
        from distributed import as_completed

        documents = list(documents)
        # a task of one language: its worker parses the batch in full batches of one
        # pipeline, not in runs of four documents of each language
        order = by_language(documents, analysis.settings)
        slots = batched(order, self.batch_size or self._batch_size(len(documents)))
        if not slots:
            return
        batches = [[documents[i] for i in slot] for slot in slots]
        # a worker parses in its own process: a cluster has a worker per core, and a
        # parsing process beside each (apart.py) would take another worker's core
        analysis = replace(analysis, settings=replace(analysis.settings, parse_process=False))
        # sent once to every worker rather than once per task
        shared = self.client.scatter(analysis, broadcast=True, hash=False)
        # the longest tasks first, so that the workers end together on short ones
        waiting = sorted(range(len(batches)), key=lambda number: -batch_words(batches[number]))
        # on this client's loop: by default, the last client made's, where this
        # client's futures were noticed done seconds late (measured)
        running = as_completed(loop=self.client.loop)
        position = {}

        def send(count: int) -> None:
            for number in waiting[:count]:
                future = self.client.submit(analyze_batch, batches[number], analysis=shared, pure=False)
                position[future.key] = number
                running.add(future)
            del waiting[:count]

        # no more tasks out than the workers have threads: the scheduler gives a
        # worker a second task while it runs one, and a worker that ends early then
        # waits for the scheduler to steal it back (a second or more, measured)
        send(self._threads())
        done: dict[int, DocumentResult | DocumentError] = {}
        following = 0
        for future in running:
            number = position.pop(future.key)
            if waiting:
                send(max(1, self._threads() - running.count()))
            done.update(zip(slots[number], self._outcome(future, batches[number])))
            if progress is not None:
                for document in batches[number]:
                    progress(document)
            # results in input order: what is ready after the last one given
            while following in done:
                yield remembered(done.pop(following))
                following += 1

    def _threads(self) -> int:
        """The threads of the cluster's workers now (a worker may join or leave)."""
        return max(1, sum(self.client.nthreads().values()))

    def _batch_size(self, count: int) -> int:
        workers = max(1, len(self.client.scheduler_info().get("workers", {})))
        return max(1, min(MAX_BATCH, ceil(count / (workers * TASKS_PER_WORKER))))

    @staticmethod
    def _outcome(future, batch: list[Document]) -> list[DocumentResult | DocumentError]:
        from distributed import KilledWorker

        try:
            return future.result()
        except KilledWorker as err:
            # a worker died on this batch (out of memory, killed): report its
            # documents, the others go on
            return [DocumentError(code="E019", path=document.path, message=Errors.E019.format(
                reason=f"the worker analysing document '{document.id}' was lost ({err}); it may have run "
                       "out of memory"))
                for document in batch]


def remembered(result: DocumentResult | DocumentError) -> DocumentResult | DocumentError:
    """A worker's result, the places it read (``DocumentResult.mentions``) kept here
    too, where the events are found: not read again from the text."""
    if isinstance(result, DocumentResult) and result.claims:
        resolve.remember_mentions(result.document, result.claims, result.places, result.mentions,
                                  resolve.default_gazetteer())
    return result


def batch_words(batch: list[Document]) -> int:
    """A task's length as its words (spaces counted): what its parse takes."""
    return sum(document.text.count(" ") for document in batch)


def batched(items: list, size: int) -> list[list]:
    return [items[start:start + size] for start in range(0, len(items), size)]


def by_language(documents: list[Document], settings: Settings) -> list[int]:
    """The documents' positions, those of one language together (declared, or detected
    as the parser will), in input order within a language."""
    langs = [document_lang(document, settings) for document in documents]
    return sorted(range(len(documents)), key=lambda i: langs[i])


@contextmanager
def dask_executor(*, scheduler: str | None = None, workers: int | None = None,
                  settings: Settings = DEFAULT_SETTINGS) -> Iterator[DaskExecutor]:
    """A ``DaskExecutor`` on the scheduler at ``scheduler``, or on a local
    cluster of ``workers`` processes of one thread each; closed afterwards.
    Every worker has the models of ``settings`` loaded before the first batch
    (``cluster_worker.LoadModels``): this returns once they are.

    Raises ``ClusterError`` (E019) when both or neither are given, when
    ``workers`` is not positive, or when the scheduler cannot be reached; (E140)
    when the scheduler has no worker within ``WORKER_TIMEOUT`` seconds.
    """
    if (scheduler is None) == (workers is None):
        raise ClusterError(Errors.E019.format(reason="give exactly one of --scheduler ADDRESS and --workers N"))
    if workers is not None and workers < 1:
        raise ClusterError(Errors.E019.format(reason=f"--workers must be at least 1; got {workers}"))
    from distributed import Client, LocalCluster

    from .cluster_worker import LoadModels

    cluster = None
    try:
        if scheduler is not None:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        else:
            cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None, silence_logs=logging.ERROR)
            client = Client(cluster)
    except (OSError, TimeoutError, ValueError) as err:
        if cluster is not None:
            cluster.close()
        raise ClusterError(Errors.E019.format(
            reason=f"cannot reach the scheduler at {scheduler} ({err}); start one with `dask scheduler` "
                   f"and workers with `dask worker {scheduler} --preload rashomon.cluster`, or run locally "
                   "with --workers N")) from None
    try:
        if scheduler is not None:
            wait_for_a_worker(client, scheduler)
        client.register_plugin(LoadModels(settings))
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def wait_for_a_worker(client, scheduler: str) -> None:
    """Return once the scheduler has a worker; E140 after ``WORKER_TIMEOUT`` s without.
    (Without one, the run would wait for ever for its first batch.)"""
    try:
        client.wait_for_workers(1, timeout=WORKER_TIMEOUT)
    except TimeoutError:
        raise ClusterError(Errors.E140.format(scheduler=scheduler, seconds=f"{WORKER_TIMEOUT:g}")) from None
