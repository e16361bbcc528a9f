#!/usr/bin/env python3
"""Cluster runs against one process: a real scheduler and preloaded workers over TCP.

Run on demand, never from the tests::

    .venv/bin/python bench/cluster.py                   # 90 eval documents + 80 strike articles, 3 rounds
    .venv/bin/python bench/cluster.py --articles 40 --rounds 1   # a quick look

**The corpus** is fixed: the documents of the evaluation cases (``eval/cases``, four
languages) and the first ``--articles`` strike articles of ``bench/feed.py``'s day (seed 15; the
gate keeps every one; about 640 words each, en/ru/uk/fr as a feed has them): what a
cluster analyses once the cheap path has put the off-topic articles aside.

**The contenders**, each warm: its models loaded before the clock, and the whole corpus
analysed once, untimed, by every process that analyses (on every worker of a cluster,
each sent all of it), so that the words, places and phrases each has met are the same
for all. (Until the twenty-ninth session they were warmed with one document per
language: the one process and the one core, which run here, had met the whole
corpus from the first round, a worker of the 2-worker cluster only the batches it
happened to get, and a second run of the same documents in one process takes
about 10% less CPU time than the first.)

- one process: ``pipeline.analyze_documents`` here, after ``pipeline.load_models``, as
  rashomon runs by default: its batches from the second on parsed in a process of its
  own (``Settings.parse_process``), which has the parsers of every language loaded too;
- one core: the same, parsing in the one process (``parse_process`` off), what the
  workers do: the measure of scale-out;
- 1 worker: a ``dask scheduler`` and one ``dask worker --preload rashomon.cluster
  --nthreads 1``, separate processes on 127.0.0.1, through ``cluster.dask_executor``
  (the same call as ``rashomon analyze --scheduler``);
- 2 workers: a second scheduler with two such workers.

The three take turns, ``--rounds`` times (the median is printed), so a change in the
machine's load falls on all of them; the load average is printed with each round.
Each run's time is split into the document-level stages (the executor: parse,
attribute, frame, on the workers) and what the driver does after them (events,
near-duplicates and findings: ``pipeline.link``). From Dask's task stream: the
seconds each worker spent computing, so words per second per worker; from the
difference, the overhead per task (sending the batch, queuing, returning its
result). Measured too: the round trip of an empty task on the scheduler, and the
bytes a document and its result take on the wire (pickled).

**The extrapolation to 16 workers** assumes 16 workers each as fast as one here
on an idle core (the compute seconds per word of the 1-worker run), the overhead
per task measured with 1 worker, batches as ``cluster.DaskExecutor`` makes them
for 16 workers, the driver's ``link`` time of this corpus as in the cluster runs (it runs in
one process whatever the number of workers), and a 1 Gbit/s network for the
transfers from and to the driver.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from math import ceil
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from rashomon.cluster import MAX_BATCH, TASKS_PER_WORKER, analyze_batch, batched, dask_executor  # noqa: E402
from rashomon.ledger import Document  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents, analyze_each, load_models  # noqa: E402
from speed import warm_parsing_process  # noqa: E402

FIELDS = ("id", "text", "lang", "publisher", "published", "url", "title")
START_TIMEOUT = 600
NETWORK_BYTES_PER_S = 125e6  # 1 Gbit/s
EXTRAPOLATED_WORKERS = 16


def corpus(articles: int) -> list[Document]:
    import feed

    documents = []
    for case in sorted((ROOT / "eval" / "cases").glob("*.case.json")):
        for record in json.loads(case.read_text(encoding="utf-8"))["documents"]:
            documents.append(Document(**{k: record.get(k) for k in FIELDS}))
    day = feed.Day(100_000)
    documents += [day.article(index).document for index in sorted(day.strikes)[:articles]]
    return documents


def words(documents: list[Document]) -> int:
    return sum(len(d.text.split()) for d in documents)


class Timed:
    """An executor that times the document-level stages it runs (until its last
    result is taken) and, when asked, keeps the results."""

    def __init__(self, inner, *, keep: bool = False):
        self.inner, self.keep = inner, keep
        self.seconds = 0.0
        self.results: list = []

    def __call__(self, documents, *, analysis, progress=None):
        start = time.perf_counter()
        for result in self.inner(documents, analysis=analysis, progress=progress):
            if self.keep:
                self.results.append(result)
            yield result
        self.seconds = time.perf_counter() - start


@dataclass
class Run:
    total: float
    stages: float  # the document-level stages
    compute: dict[str, float] = field(default_factory=dict)  # seconds computing, per worker
    tasks: int = 0

    @property
    def driver(self) -> float:
        return self.total - self.stages


def timed_run(documents: list[Document], analysis: Analysis, executor, client=None, keep=False):
    timer = Timed(executor, keep=keep)
    run = Run(0.0, 0.0)
    start = time.perf_counter()
    if client is None:
        ledger = analyze_documents(documents, analysis=analysis, executor=timer)
    else:
        from distributed import get_task_stream

        with get_task_stream(client) as stream:
            ledger = analyze_documents(documents, analysis=analysis, executor=timer)
        for task in stream.data:
            if "analyze_batch" not in str(task["key"]):
                continue
            run.tasks += 1
            for part in task["startstops"]:
                if part["action"] == "compute":
                    run.compute[task["worker"]] = run.compute.get(task["worker"], 0.0) + part["stop"] - part["start"]
    run.total = time.perf_counter() - start
    run.stages = timer.seconds
    return run, ledger, timer.results


# --- the scheduler and workers, as separate processes ---------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class TcpCluster:
    """A ``dask scheduler`` and ``workers`` preloaded ``dask worker`` processes."""

    def __init__(self, workers: int, folder: Path):
        self.address = f"tcp://127.0.0.1:{free_port()}"
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
        self.workers = workers
        self.processes = [self._start([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host",
                                       "127.0.0.1", "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"],
                                      folder / f"scheduler-{workers}.log", env)]
        for number in range(workers):
            self.processes.append(self._start(
                [sys.executable, "-m", "distributed.cli.dask_worker", self.address, "--preload", "rashomon.cluster",
                 "--nthreads", "1", "--host", "127.0.0.1", "--no-dashboard", "--local-directory", str(folder)],
                folder / f"worker-{workers}-{number}.log", env))

    @staticmethod
    def _start(command, log: Path, env) -> subprocess.Popen:
        return subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env,
                                start_new_session=True)

    def wait(self, client) -> None:
        client.wait_for_workers(self.workers, timeout=START_TIMEOUT)

    def stop(self) -> None:
        for process in reversed(self.processes):
            for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
                try:
                    os.killpg(process.pid, sig)
                    process.wait(timeout=wait)
                    break
                except ProcessLookupError:
                    break
                except subprocess.TimeoutExpired:
                    continue


def warm_every_worker(client, documents: list[Document], analysis: Analysis) -> None:
    """Every worker analyses all the documents once, in batches of ``MAX_BATCH`` in input
    order, in tasks bound to it: each meets every document, as the one process does (what
    is warmed is what a worker remembers of the documents, not how a run cuts them)."""
    for worker in client.scheduler_info()["workers"]:
        client.gather([client.submit(analyze_batch, batch, analysis, workers=[worker], pure=False)
                       for batch in batched(documents, MAX_BATCH)])


def empty_task(number: int) -> int:
    return number


def task_round_trip(client, count: int = 200) -> float:
    """Seconds per empty task, sent and gathered in one go (the scheduler's share)."""
    client.gather(client.map(empty_task, range(10), pure=False))
    start = time.perf_counter()
    client.gather(client.map(empty_task, range(count), pure=False))
    return (time.perf_counter() - start) / count


def load_average() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=80)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    from distributed import Client

    documents = corpus(args.articles)
    total_words = words(documents)
    langs = sorted({d.lang for d in documents})
    print(f"corpus: {len(documents)} documents ({', '.join(f'{l} {sum(d.lang == l for d in documents)}' for l in langs)}),"
          f" {total_words:,} words; load average at start {load_average()}")
    warm = [replace(d, id=f"warm-{d.id}") for d in {d.lang: d for d in documents}.values()]
    analysis = Analysis()
    # what a worker does: parse in its own process
    alone = replace(analysis, settings=replace(analysis.settings, parse_process=False))

    start = time.perf_counter()
    load_models(analysis.settings)
    analyze_documents(warm, analysis=analysis)
    for lang in langs:
        warm_parsing_process(lang, analysis.settings)
    # the whole corpus once: through the parsing process, then parsed here
    analyze_documents(documents, analysis=analysis)
    analyze_documents(documents, analysis=alone)
    print(f"one process: models loaded and warmed in {time.perf_counter() - start:.1f} s")

    folder = Path(tempfile.mkdtemp(prefix="rashomon-cluster-bench-"))
    clusters = {1: TcpCluster(1, folder), 2: TcpCluster(2, folder)}
    names = {0: "one process", 1: "1 worker", 2: "2 workers", 3: "one core"}
    runs: dict[int, list[Run]] = {n: [] for n in names}
    try:
        start = time.perf_counter()
        executors, clients, contexts = {}, {}, []
        for n, tcp in clusters.items():
            with Client(tcp.address, timeout="60s") as probe:
                tcp.wait(probe)
            context = dask_executor(scheduler=tcp.address, settings=analysis.settings)
            executors[n] = context.__enter__()
            contexts.append(context)
            clients[n] = executors[n].client
            analyze_documents(warm, analysis=analysis, executor=executors[n])
            warm_every_worker(clients[n], documents, alone)
        print(f"schedulers and 3 preloaded workers started, joined and warmed in {time.perf_counter() - start:.1f} s")
        round_trip = {n: task_round_trip(clients[n]) for n in clusters}
        kept = {}
        for number in range(args.rounds):
            for n in names:
                executor = executors.get(n, analyze_each)
                run, ledger, results = timed_run(documents, alone if n == 3 else analysis, executor,
                                                 clients.get(n), keep=number == 0)
                runs[n].append(run)
                if number == 0:
                    kept[n] = (ledger.to_json(), results)
            print(f"round {number + 1}: " + "; ".join(f"{names[n]} {runs[n][-1].total:.1f} s" for n in names)
                  + f"; load average {load_average()}")
    finally:
        for context in reversed(contexts if "contexts" in locals() else []):
            context.__exit__(None, None, None)
        for tcp in clusters.values():
            tcp.stop()

    same = all(kept[n][0] == kept[0][0] for n in names)
    sent = sum(len(pickle.dumps(d)) for d in documents) / len(documents)
    returned = sum(len(pickle.dumps(r)) for r in kept[1][1]) / len(documents)
    report(runs, names, total_words, len(documents), round_trip, sent, returned, same)


def median_run(runs: list[Run]) -> Run:
    return sorted(runs, key=lambda run: run.total)[len(runs) // 2]


def report(runs, names, total_words, count, round_trip, sent, returned, same) -> None:
    median = {n: median_run(r) for n, r in runs.items()}
    rate = {n: total_words / run.total for n, run in median.items()}
    print(f"\nmedian of {len(runs[0])} rounds; the same ledger from all four: {same}")
    print(f"{'':12} {'words/s':>8} {'vs one process':>15} {'total s':>8} {'stages s':>9} {'driver s':>9}")
    for n, name in names.items():
        print(f"{name:12} {rate[n]:8,.0f} {rate[n] / rate[0]:15.2f} {median[n].total:8.1f} "
              f"{median[n].stages:9.1f} {median[n].driver:9.1f}")
    print(f"2 workers / 1 worker: {rate[2] / rate[1]:.2f}; 2 workers / one core: {rate[2] / rate[3]:.2f}")
    # the same ratios within each round (its three runs close in time, under one load),
    # then their median: less moved by the load of a shared machine than the medians above
    paired = {pair: statistics.median(a.total / b.total for a, b in zip(runs[pair[1]], runs[pair[0]]))
              for pair in ((1, 0), (2, 0), (2, 1), (2, 3))}
    print("within each round, median: " + "; ".join(
        f"{names[a]} / {names[b]} {ratio:.2f}" for (a, b), ratio in paired.items())
        + "  (per round, 1 and 2 workers vs one process: " + ", ".join(" ".join(f"{runs[0][i].total / runs[n][i].total:.2f}" for n in (1, 2))
                                    for i in range(len(runs[0]))) + ")")
    print("\nper worker (median round):")
    for n in (1, 2):
        run = median[n]
        for worker, seconds in sorted(run.compute.items()):
            print(f"  {names[n]}, {worker}: computing {seconds:.1f} s of {run.stages:.1f} s "
                  f"({seconds / run.stages:.0%} busy)")
        computing = sum(run.compute.values())
        print(f"  {names[n]}: {run.tasks} tasks; {total_words / computing:,.0f} words per computing second "
              f"per worker; {total_words / run.stages / n:,.0f} words/s per worker over the stages")
    one = median[1]
    overhead = max(0.0, one.stages - sum(one.compute.values())) / one.tasks
    print(f"\noverhead per task (1 worker: stages minus computing, per task): {overhead * 1000:.0f} ms")
    print("empty task round trip on the scheduler: "
          + ", ".join(f"{names[n]} {seconds * 1000:.1f} ms" for n, seconds in round_trip.items()))
    print(f"on the wire, per document: {sent / 1024:.1f} KiB sent, {returned / 1024:.1f} KiB of results back")

    workers = EXTRAPOLATED_WORKERS
    per_word = sum(one.compute.values()) / total_words
    batch = max(1, min(MAX_BATCH, ceil(count / (workers * TASKS_PER_WORKER))))
    tasks = ceil(count / batch)
    stages = per_word * total_words / workers + ceil(tasks / workers) * overhead
    # the driver of a cluster run (the one process's own runs its link after its stages too,
    # but with the garbage of the parses still to collect)
    driver = statistics.median(run.driver for n in (1, 2) for run in runs[n])
    wire = count * (sent + returned) / NETWORK_BYTES_PER_S
    total = driver + max(stages, wire)
    print(f"\n{workers} workers, extrapolated on this corpus: stages {stages:.1f} s ({tasks} tasks of {batch}), "
          f"driver {driver:.1f} s, transfers {wire * 1000:.0f} ms at 1 Gbit/s -> {total:.1f} s, "
          f"{total_words / total:,.0f} words/s, {total_words / total / rate[0]:.1f}x one process;")
    print(f"  the document-level stages alone at {workers} workers: {total_words / stages:,.0f} words/s "
          f"({1 / per_word:,.0f} words/s per worker computing); the driver's link is then "
          f"{driver / total:.0%} of the time")


if __name__ == "__main__":
    main()
