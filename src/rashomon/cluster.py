"""Cluster runs: the document-level stages on Dask.

parse, attribute and frame read one document and write its claims, so they
run anywhere; ``resolve`` and ``compare`` need every claim and run in the
driver, as in a single-process run. ``DaskExecutor`` is the ``executor`` that
``pipeline.analyze_documents`` accepts: it sends batches of documents to a
dask.distributed cluster, each worker analyses a batch with ``analyze_each``
(the language pipelines are loaded once per worker process, on its first
batch, and kept), and the results come back in input order, so the ledger is
the same as the one a single process makes.

``dask_executor`` opens one for the command line: on a running scheduler
(``--scheduler tcp://host:8786``, whose workers have rashomon installed) or
on a local cluster of processes (``--workers N``), closed when the run ends.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from math import ceil

from .errors import Errors
from .ledger import Document, DocumentError
from .pipeline import Analysis, DocumentResult, Progress, analyze_each
from .threads import one_blas_thread

# enough documents per task to feed the parser's batches, small enough that
# every worker gets several tasks and a lost worker costs little
MAX_BATCH = 16
TASKS_PER_WORKER = 4
CONNECT_TIMEOUT = "10s"


class ClusterError(RuntimeError):
    """A cluster run that cannot start (E019); its message is the coded one."""


def analyze_batch(documents: list[Document], analysis: Analysis) -> list[DocumentResult | DocumentError]:
    """The task a worker runs: the document-level stages over a batch."""
    # a Dask nanny starts its worker with one BLAS thread already; a worker started
    # without one (``dask worker --no-nanny``) gets it here, before its first parse
    one_blas_thread()
    return list(analyze_each(documents, analysis=analysis))


class DaskExecutor:
    """Run ``analyze_each`` on a dask.distributed ``Client``'s workers."""

    def __init__(self, client, *, batch_size: int | None = None):
        self.client = client
        self.batch_size = batch_size

    def __call__(self, documents: Sequence[Document], *, analysis: Analysis,
                 progress: Progress | None = None) -> Iterator[DocumentResult | DocumentError]:
        from distributed import as_completed

        batches = batched(list(documents), self.batch_size or self._batch_size(len(documents)))
        if not batches:
            return
        # sent once to every worker rather than once per task
        shared = self.client.scatter(analysis, broadcast=True, hash=False)
        futures = self.client.map(analyze_batch, batches, analysis=shared, pure=False)
        position = {future.key: number for number, future in enumerate(futures)}
        done: dict[int, list] = {}
        following = 0
        for future in as_completed(futures):
            number = position[future.key]
            done[number] = self._outcome(future, batches[number])
            if progress is not None:
                for document in batches[number]:
                    progress(document)
            # results in input order: what is ready after the last one given
            while following in done:
                yield from done.pop(following)
                following += 1

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


def batched(documents: list[Document], size: int) -> list[list[Document]]:
    return [documents[start:start + size] for start in range(0, len(documents), size)]


@contextmanager
def dask_executor(*, scheduler: str | None = None, workers: int | None = None
                  ) -> Iterator[DaskExecutor]:
    """A ``DaskExecutor`` on the scheduler at ``scheduler``, or on a local
    cluster of ``workers`` processes of one thread each; closed afterwards.

    Raises ``ClusterError`` (E019) when both or neither are given, when
    ``workers`` is not positive, or when the scheduler cannot be reached.
    """
    if (scheduler is None) == (workers is None):
        raise ClusterError(Errors.E019.format(reason="give exactly one of --scheduler ADDRESS and --workers N"))
    if workers is not None and workers < 1:
        raise ClusterError(Errors.E019.format(reason=f"--workers must be at least 1; got {workers}"))
    from distributed import Client, LocalCluster

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
                   f"and workers with `dask worker {scheduler}`, or run locally with --workers N")) from None
    try:
        yield DaskExecutor(client)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

