"""Cluster runs: the document-level stages on a dask.distributed cluster give the
ledger a single process gives."""

from __future__ import annotations

import logging
import os

import dask
import pytest
from distributed import Client, LocalCluster
from typer.testing import CliRunner

from rashomon import cluster
from rashomon.cli import app
from rashomon.cluster import ClusterError, DaskExecutor, batched, dask_executor
from rashomon.ledger import Document
from rashomon.pipeline import analyze_documents

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
    distributed = analyze_documents(reports(), executor=DaskExecutor(client, batch_size=1))
    assert distributed.claims and distributed.events and distributed.findings
    # the German report fails the same way, in its place; everything else is equal
    assert [e.code for e in distributed.errors] == ["E023"]
    assert distributed.to_json() == single.to_json()


@pytest.mark.slow
def test_each_worker_loads_a_language_pipeline_once(client):
    analyze_documents(reports(), executor=DaskExecutor(client, batch_size=1))

    def loaded() -> int:
        from rashomon.parse import load_parser
        return load_parser.cache_info().misses

    assert set(client.run(loaded).values()) <= {0, 1} and sum(client.run(loaded).values()) >= 1


@pytest.mark.slow
def test_documents_of_a_lost_worker_get_E019_each():
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}), \
            LocalCluster(n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None,
                         silence_logs=logging.CRITICAL) as local, Client(local) as connected:
        future = connected.submit(os._exit, 1, pure=False)
        lost = DaskExecutor._outcome(future, reports()[:2])
    assert [(e.code, e.path) for e in lost] == [("E019", None)] * 2
    assert "the worker analysing document 'afp' was lost" in lost[0].message


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
