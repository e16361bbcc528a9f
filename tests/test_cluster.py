"""Cluster runs: the document-level stages on a dask.distributed cluster give the
ledger a single process gives."""

from __future__ import annotations

import json
import logging
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import dask
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from rashomon import cluster
from rashomon.cli import app
from rashomon.cluster import ClusterError, DaskExecutor, batched, by_language, dask_executor, prepare_worker
from rashomon.cluster_worker import PROFILER_CALLBACKS, stop_profiler
from rashomon.heap import heap_is_roomy, libc_mallopt
from rashomon.ledger import Document
from rashomon.parse import load_parser
from rashomon.pipeline import Analysis, analyze_documents
from rashomon.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
# generous: two processes loading four languages' models on a busy 2-core machine
START_TIMEOUT = 300
RUN_TIMEOUT = 600

REPORTS = [
    ("afp", "fr", "2025-03-09T18:00:00+00:00",
     "L'état-major ukrainien a affirmé dimanche que douze drones avaient visé la raffinerie de Novozybkov, "
     "dans la région russe de Briansk, et que huit d'entre eux avaient atteint leur cible.\n\n"
     "Le ministère russe de la Défense a indiqué que douze drones avaient été interceptés au-dessus de la région."),
    ("german", "de", "2025-03-09T19:00:00+00:00",
     "Das ukrainische Militär teilte mit, zwölf Drohnen hätten die Raffinerie angegriffen."),
    ("governor", "fr", "2025-03-09T20:00:00+00:00",
     "Le gouverneur de la région de Briansk, Alexandre Bogomaz, a démenti que la raffinerie ait été touchée. "
     "Il a assuré qu'il n'y avait « ni victimes ni dégâts »."),
    ("reuters", "fr", "2025-03-10T09:12:00+00:00",
     "Les autorités russes ont reconnu lundi que la raffinerie de Novozybkov avait été endommagée lors de "
     "l'attaque de drones de dimanche.\n\nPlus tard, le ministère russe de l'Énergie a admis que la "
     "production de la raffinerie était suspendue."),
    ("astra", "fr", "2025-03-10T10:00:00+00:00",
     "Selon le média indépendant ASTRA, deux réservoirs de la raffinerie de Novozybkov ont pris feu après "
     "l'attaque."),
]


def reports() -> list[Document]:
    return [Document(id=i, lang=lang, published=published, text=text, publisher="Presse")
            for i, lang, published, text in REPORTS]


@pytest.fixture(scope="module")
def client():
    """A local cluster of 2 processes of one thread each, as `--workers 2` makes."""
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.ERROR) as local, Client(local) as connected:
        yield connected


@pytest.mark.slow
def test_cluster_run_gives_the_ledger_of_a_single_process(client):
    single = analyze_documents(reports())
    for size in (1, 2):  # tasks of 2 are sent by language, out of input order
        distributed = analyze_documents(reports(), executor=DaskExecutor(client, batch_size=size))
        assert distributed.claims and distributed.events and distributed.findings
        # the German report fails the same way, in its place; everything else is equal
        assert [e.code for e in distributed.errors] == ["E023"]
        assert distributed.to_json() == single.to_json()


@pytest.mark.slow
def test_the_workers_read_the_places_and_this_process_does_not_again(client, monkeypatch):
    """The places of each text (``resolve.mentions``) come with its result: the one
    process that finds the events does not read them from the texts again."""
    from rashomon import resolve

    single = analyze_documents(reports())
    resolve.default_gazetteer()._mentions.clear()
    read_here = []
    real = resolve.read_mentions
    monkeypatch.setattr(resolve, "read_mentions", lambda *args: read_here.append(args[0].id) or real(*args))
    distributed = analyze_documents(reports(), executor=DaskExecutor(client, batch_size=2))
    assert distributed.events and distributed.to_json() == single.to_json()
    assert read_here == []


@pytest.mark.slow
def test_each_worker_loads_a_language_pipeline_once(client):
    analyze_documents(reports(), executor=DaskExecutor(client, batch_size=1))

    def loaded() -> int:
        from rashomon.parse import load_parser
        return load_parser.cache_info().misses

    assert set(client.run(loaded).values()) <= {0, 1} and sum(client.run(loaded).values()) >= 1


class RecordingClient:
    """A client that records the tasks sent: their documents, and how many tasks
    were out, not yet finished, once each was sent."""

    def __init__(self, client):
        self.client = client
        self.sent: list[tuple[list[str], int]] = []
        self.futures: list = []

    def __getattr__(self, name):
        return getattr(self.client, name)

    def submit(self, function, batch, **options):
        future = self.client.submit(function, batch, **options)
        self.futures.append(future)
        self.sent.append(([d.id for d in batch], sum(not f.done() for f in self.futures)))
        return future


@pytest.mark.slow
def test_tasks_go_out_longest_first_and_no_more_than_the_workers_threads(client):
    recording = RecordingClient(client)
    ledger = analyze_documents(reports(), executor=DaskExecutor(recording, batch_size=1))
    assert ledger.to_json() == analyze_documents(reports()).to_json()
    length = {d.id: cluster.batch_words([d]) for d in reports()}
    sent = [ids[0] for ids, _ in recording.sent]
    # every task once; the longest first, so that the two workers end on short ones
    assert sorted(sent) == sorted(length) and [length[i] for i in sent] == sorted(length.values(), reverse=True)
    # the cluster has two threads: a third task waits here, not parked on a busy worker
    assert max(out for _, out in recording.sent) <= sum(client.nthreads().values()) == 2


@pytest.mark.slow
def test_documents_of_a_lost_worker_get_E019_each():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=logging.CRITICAL) as local, Client(local) as connected:
        future = connected.submit(os._exit, 1, pure=False)
        lost = DaskExecutor._outcome(future, reports()[:2])
    assert [(e.code, e.path) for e in lost] == [("E019", None)] * 2
    assert "the worker analysing document 'afp' was lost" in lost[0].message


def test_a_task_holds_documents_of_one_language_in_input_order():
    documents = [*reports(), Document(id="kyiv", lang="en", text="Two drones were shot down, the mayor said.")]
    order = by_language(documents, Settings())
    assert [(documents[i].lang, documents[i].id) for i in order] == [
        ("de", "german"), ("en", "kyiv"), ("fr", "afp"), ("fr", "governor"), ("fr", "reuters"), ("fr", "astra")]


def test_results_come_in_batches_of_the_size_asked():
    assert [[d.id for d in batch] for batch in batched(reports(), 2)] == [
        ["afp", "german"], ["governor", "reuters"], ["astra"]]


@pytest.mark.parametrize("options, reason", [
    ({}, "give exactly one of --scheduler ADDRESS and --workers N"),
    ({"scheduler": "tcp://127.0.0.1:8786", "workers": 2}, "give exactly one of --scheduler ADDRESS and --workers N"),
    ({"workers": 0}, "--workers must be at least 1; got 0"),
])
def test_wrong_cluster_options_give_E019(options, reason):
    with pytest.raises(ClusterError) as caught:
        with dask_executor(**options):
            pass
    assert str(caught.value) == f"[E019] Cluster run: {reason}."


def test_unreachable_scheduler_gives_E019(monkeypatch):
    monkeypatch.setattr(cluster, "CONNECT_TIMEOUT", "1s")
    with pytest.raises(ClusterError) as caught:
        with dask_executor(scheduler="tcp://127.0.0.1:9"):
            pass
    assert str(caught.value).startswith("[E019] Cluster run: cannot reach the scheduler at tcp://127.0.0.1:9 (")
    assert "dask scheduler" in str(caught.value)


def test_cli_reports_E019_and_exits_2(tmp_path):
    (tmp_path / "a.txt").write_text(REPORTS[0][3], encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(tmp_path), "--workers", "0", "--quiet"])
    assert result.exit_code == 2 and "[E019] Cluster run: --workers must be at least 1" in result.output


@pytest.mark.slow
def test_workers_of_a_local_cluster_have_their_models_before_the_first_batch():
    settings = Settings(models={"en": Settings().models["en"]})
    with dask_executor(workers=1, settings=settings) as executor:
        # no batch was sent yet: the plugin loaded the run's language on joining
        assert [info.currsize for info in executor.client.run(load_parser.cache_info).values()] == [1]
        english = Document(id="en", lang="en", text="The governor said that two drones were shot down.")
        assert analyze_documents([english], analysis=Analysis(settings=settings), executor=executor).claims
        # and stopped the worker's statistical profiler: the batch left no sample
        assert executor.client.profile()["count"] == 0


@pytest.mark.parametrize("keep", [False, True])
def test_a_worker_stops_its_profiler_unless_the_configuration_keeps_it(keep):
    with dask.config.set({"rashomon.worker-profile": keep}), \
            LocalCluster(n_workers=1, processes=False, dashboard_address=None, silence_logs=logging.ERROR) as local:
        worker = local.workers[0]
        assert set(PROFILER_CALLBACKS) <= set(worker.periodic_callbacks)  # Dask's default: profiling
        assert stop_profiler(worker) is not keep
        assert (set(PROFILER_CALLBACKS) <= set(worker.periodic_callbacks)) is keep
        assert stop_profiler(worker) is False  # nothing left to stop, or kept again


def test_a_scheduler_without_workers_gives_E140(monkeypatch):
    monkeypatch.setattr(cluster, "WORKER_TIMEOUT", 0.5)
    with LocalCluster(n_workers=0, processes=False, dashboard_address=None,
                      silence_logs=logging.ERROR) as empty:
        with pytest.raises(ClusterError) as caught:
            with dask_executor(scheduler=empty.scheduler_address):
                pass
    assert str(caught.value).startswith(
        f"[E140] Cluster run: the scheduler at {empty.scheduler_address} has no worker after 0.5 s")
    assert "--preload rashomon.cluster" in str(caught.value)


def test_a_worker_that_cannot_load_a_language_warns_W020_and_loads_the_others(caplog):
    settings = Settings(models={"en": Settings().models["en"], "fr": "spacy:no_such_model"})
    with caplog.at_level(logging.WARNING, logger="rashomon.cluster"):
        unavailable = prepare_worker(settings)
    assert list(unavailable) == ["fr"] and unavailable["fr"].startswith("[E022]")
    assert [r.getMessage()[:70] for r in caplog.records] == [
        "[W020] This Dask worker cannot load the model of language 'fr': [E022]"]


# --- a real scheduler and a preloaded worker, as separate processes over TCP ----------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def started(command: list[str], log: Path) -> subprocess.Popen:
    """A process in a session of its own, so that it and its children (a worker's
    nanny starts the worker) can be stopped together."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT / "src"), os.environ.get("PYTHONPATH", "")])}
    return subprocess.Popen(command, stdout=log.open("w"), stderr=subprocess.STDOUT, env=env,
                            start_new_session=True)


def stopped(process: subprocess.Popen) -> None:
    """Stop the process and its children: politely, then for sure."""
    for sig, wait in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=wait)
            if sig == signal.SIGTERM:
                os.killpg(process.pid, signal.SIGKILL)  # any child left behind
            return
        except subprocess.TimeoutExpired:
            continue
        except ProcessLookupError:
            return


@pytest.fixture(scope="module")
def tcp_cluster(tmp_path_factory):
    """`dask scheduler` and one `dask worker --preload rashomon.cluster --nthreads 1`,
    on free ports of 127.0.0.1; the address of the scheduler, once the worker joined."""
    folder = tmp_path_factory.mktemp("tcp-cluster")
    address = f"tcp://127.0.0.1:{free_port()}"
    processes = [started([sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1",
                          "--port", address.rsplit(":", 1)[1], "--no-dashboard"], folder / "scheduler.log")]
    try:
        processes.append(started([sys.executable, "-m", "distributed.cli.dask_worker", address,
                                  "--preload", "rashomon.cluster", "--nthreads", "1", "--host", "127.0.0.1",
                                  "--no-dashboard", "--local-directory", str(folder)], folder / "worker.log"))
        with Client(address, timeout=f"{START_TIMEOUT}s") as client:
            deadline = time.monotonic() + START_TIMEOUT
            while not client.scheduler_info()["workers"]:
                if time.monotonic() > deadline or any(p.poll() is not None for p in processes):
                    pytest.fail("the worker did not join:\n" + (folder / "worker.log").read_text())
                time.sleep(0.5)
            # what the worker holds the moment it joins, before any work reached it
            # (functions of rashomon's, which the worker can import, not of this file)
            joined = {"parsers": [info.currsize for info in client.run(load_parser.cache_info).values()],
                      "blas": list(client.run(os.environ.get, "OPENBLAS_NUM_THREADS").values()),
                      "heap": list(client.run(heap_is_roomy).values())}
        yield address, joined
    finally:
        for process in reversed(processes):
            stopped(process)


def ledger_of(tmp_path: Path, name: str, *options: str) -> dict:
    out = tmp_path / f"{name}.json"
    done = subprocess.run([sys.executable, "-m", "rashomon.cli", "analyze", "examples/", "--json", str(out),
                           "--quiet", *options], cwd=ROOT, capture_output=True, text=True, timeout=RUN_TIMEOUT,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 0, done.stderr
    return json.loads(out.read_text(encoding="utf-8"))


@pytest.mark.slow
def test_a_preloaded_worker_joins_with_every_model_loaded_and_one_blas_thread(tcp_cluster):
    _, joined = tcp_cluster
    # and, where the C library is glibc, the heap thresholds its nanny froze set again (heap.py)
    assert joined == {"parsers": [len(Settings().models)], "blas": ["1"], "heap": [libc_mallopt() is not None]}


@pytest.mark.slow
def test_examples_through_a_real_scheduler_and_worker_give_the_one_process_ledger(tcp_cluster, tmp_path):
    address, _ = tcp_cluster
    single = ledger_of(tmp_path, "single")
    distributed = ledger_of(tmp_path, "distributed", "--scheduler", address)
    assert distributed["claims"] and distributed["events"] and distributed["findings"]
    assert distributed == single
    with Client(address, timeout="60s") as client:
        # the preload stopped the worker's statistical profiler before it started
        assert client.profile()["count"] == 0
