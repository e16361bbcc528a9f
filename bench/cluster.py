#!/usr/bin/env python3
"""Cluster runs against one process: the same documents through ``analyze_documents``.

    .venv/bin/python bench/cluster.py                       # 2 workers, 96 documents
    .venv/bin/python bench/cluster.py --workers 4 --documents 400

The documents are those of the evaluation cases (eval/cases, four languages),
repeated under new ids to ``--documents``. Both contenders are warmed up first
(the single process and every worker load their language pipelines once), then
timed once each: one process running ``pipeline.analyze_documents``, and the
same call with a ``cluster.DaskExecutor`` on a local cluster of ``--workers``
processes of one thread each. It prints the start-up cost of the cluster (its
workers loading the pipelines), documents per second for each, their ratio,
and whether the two ledgers are equal, as they must be.

Dask's workers run with one BLAS thread each (its nanny sets
``OMP_NUM_THREADS=1`` and friends), and on a small, shared machine numpy's
BLAS threads can slow a process severalfold by oversubscribing the cores. For a
fair comparison, give the single process one thread as well:

    OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 .venv/bin/python bench/cluster.py
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon.cluster import DaskExecutor  # noqa: E402
from rashomon.ledger import Document  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents  # noqa: E402

FIELDS = ("id", "text", "lang", "publisher", "published", "url", "title")


def documents(count: int) -> list[Document]:
    base = []
    for case in sorted((ROOT / "eval" / "cases").glob("*.case.json")):
        for record in json.loads(case.read_text(encoding="utf-8"))["documents"]:
            base.append(Document(**{k: record.get(k) for k in FIELDS}))
    return [replace(base[n % len(base)], id=f"{base[n % len(base)].id}~{n // len(base)}") for n in range(count)]


def warm_up(warm: list[Document], analysis: Analysis) -> None:
    """Run on every worker: load each language's pipeline there."""
    analyze_documents(warm, analysis=analysis)


def timed(run) -> tuple[float, object]:
    start = time.perf_counter()
    result = run()
    return time.perf_counter() - start, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--documents", type=int, default=96)
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    analysis = Analysis()
    # one document of each language loads every pipeline in this process
    warm = list({d.lang: d for d in documents(args.documents)}.values())
    analyze_documents(warm, analysis=analysis)
    single_s, single = timed(lambda: analyze_documents(documents(args.documents), analysis=analysis))
    start = time.perf_counter()
    with LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
        executor = DaskExecutor(client)
        # every worker loads every language's pipeline
        client.run(warm_up, [replace(d) for d in warm], analysis)
        startup = time.perf_counter() - start
        dask_s, distributed = timed(lambda: analyze_documents(documents(args.documents), analysis=analysis,
                                                              executor=executor))
    threads = {name: os.environ.get(name, "unset") for name in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS")}
    print(f"one process with {threads}")
    print(f"{args.documents} documents; cluster of {args.workers} workers started and warmed in {startup:.1f} s")
    print(f"one process: {single_s:6.1f} s, {args.documents / single_s:5.2f} documents/s")
    print(f"Dask:        {dask_s:6.1f} s, {args.documents / dask_s:5.2f} documents/s")
    print(f"ratio Dask / one process: {single_s / dask_s:.2f}; same ledger: {single.to_json() == distributed.to_json()}")
    for name, ledger in (("one process", single), ("Dask", distributed)):
        codes = sorted({error.code for error in ledger.errors})
        print(f"{name}: {len(ledger.documents)} documents analysed, {len(ledger.errors)} errors {codes}, "
              f"{len(ledger.claims)} claims, {len(ledger.events)} events, {len(ledger.findings)} findings")


if __name__ == "__main__":
    main()
