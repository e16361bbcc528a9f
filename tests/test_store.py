"""The store: round trips on a fresh SQLite file and on PostgreSQL, incremental and safe.

Every test that takes ``store_url`` runs twice, on SQLite and on PostgreSQL (the
``postgres_url`` fixture; it says why it skips when no server runs).
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text

from rashomon.ledger import Document
from rashomon.models import Base
from rashomon.pipeline import Analysis, analyze_paths
from rashomon.report import schema_problems
from rashomon.settings import Settings
from rashomon.store import EC, FC, C, D, E, S, Store, StoreError, csv_rows, text_sha256

ROOT = Path(__file__).resolve().parent.parent
CASES = ROOT / "eval" / "cases"

GOVERNOR = ("Le gouverneur de la région de Briansk, Alexandre Bogomaz, a affirmé que deux drones "
            "avaient été abattus au-dessus de Novozybkov.")
GENERAL_STAFF = ("L'état-major ukrainien a affirmé que la raffinerie de Novozybkov avait été touchée "
                 "par trois drones.")
KURSK = ("Selon le ministère russe de la Défense, douze drones ukrainiens ont été interceptés "
         "au-dessus de la région de Koursk.")


def doc(doc_id: str, text_: str, day: str = "2025-03-09") -> Document:
    return Document(id=doc_id, text=text_, lang="fr", published=f"{day}T08:00:00+00:00")


@pytest.fixture(scope="session")
def analysis():
    return Analysis()


@pytest.fixture
def store(store_url):
    with Store.open(store_url) as opened:
        yield opened


def event_of(store: Store, doc_id: str) -> str:
    """The id of the event a stored document's claims are in."""
    events = store.document(doc_id)["events"]
    assert len(events) == 1
    return events[0]["id"]


def count(store: Store, table) -> int:
    with store.engine.connect() as connection:
        return connection.execute(select(func.count()).select_from(table)).scalar_one()


def consistent(store: Store) -> None:
    """No half-written document: every claim of a current version is in exactly one
    event, every event has claims, every finding's claims exist, the search index
    has every claim."""
    with store.engine.connect() as connection:
        current = select(C.c.pk).join(D, D.c.pk == C.c.document_pk).where(D.c.replaced.is_(False))
        unlinked = connection.execute(select(func.count()).select_from(
            current.where(C.c.pk.notin_(select(EC.c.claim_pk))).subquery())).scalar_one()
        empty = connection.execute(select(func.count()).select_from(E).where(
            E.c.pk.notin_(select(EC.c.event_pk)))).scalar_one()
        dangling = connection.execute(select(func.count()).select_from(FC).where(
            FC.c.claim_pk.notin_(current))).scalar_one()
        doubled = connection.execute(select(func.count()).select_from(
            select(D.c.doc_id).where(D.c.replaced.is_(False)).group_by(D.c.doc_id)
            .having(func.count() > 1).subquery())).scalar_one()
        if connection.dialect.name == "sqlite":
            indexed = connection.execute(text("SELECT count(*) FROM claims_fts")).scalar_one()
            assert indexed == connection.execute(select(func.count()).select_from(C)).scalar_one()
    assert (unlinked, empty, dangling, doubled) == (0, 0, 0, 0)


def signature(ledger):
    """A ledger with ids aside: claims by document and span, events and findings by
    the claims they hold."""
    key = {c.id: (c.doc, c.span[0], c.span[1]) for c in ledger.claims}
    claims = sorted(json.dumps({**c.to_json(), "id": None}, sort_keys=True) for c in ledger.claims)
    events = sorted(json.dumps({**e.to_json(), "id": None, "findings": None, "claims": sorted(key[i] for i in e.claims),
                                "timeline": [{**t.to_json(), "claim": key[t.claim]} for t in e.timeline]},
                               sort_keys=True) for e in ledger.events)
    findings = sorted(json.dumps({**f.to_json(), "id": None, "event": None,
                                  "claims": sorted(key[i] for i in f.claims)}, sort_keys=True)
                      for f in ledger.findings)
    # the file a document came from aside: the days' files are not the whole corpus's
    documents = sorted(json.dumps({**d.to_json(), "path": None}, sort_keys=True) for d in ledger.documents)
    return {"documents": documents, "claims": claims, "events": events, "findings": findings}


def write_jsonl(path: Path, documents: list[dict]) -> Path:
    path.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path


# --- schema ---------------------------------------------------------------------------


def test_a_new_store_is_set_up_at_the_newest_migration(store):
    assert store.revision() == "0005"
    assert store.status()["documents"] == 0
    assert store.ledger().documents == []


def test_the_migration_creates_what_the_models_describe(store):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with store.engine.connect() as connection:
        differences = compare_metadata(MigrationContext.configure(connection), Base.metadata)
    # the full-text index is the migration's own, per dialect
    assert [d for d in differences if "fts" not in repr(d)] == []


def test_a_store_of_the_first_revision_is_upgraded_keeping_its_claims(tmp_path, analysis):
    """Claims stored before confidence existed keep everything and have none (0001 -> head)."""
    from alembic import command

    from rashomon.store import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store.open(url) as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
        before = [(c.id, c.text) for c in store.ledger().claims]
    command.downgrade(alembic_config(url), "0001")
    with Store.open(url) as store:
        assert store.revision() == "0005"
        claims = store.ledger().claims
    assert [(c.id, c.text) for c in claims] == before
    assert all(c.confidence is None and c.source.refers_to is None for c in claims)


def test_confidence_and_the_speaker_a_pronoun_stands_for_round_trip(store, analysis):
    text = GOVERNOR + " Il a nié l'existence de victimes."
    stored = store.ingest_documents([doc("a", text)], analysis=Analysis(settings=Settings(min_confidence=0.0)))
    assert stored.added == 1
    claims = store.ledger().claims
    pronoun = next(c for c in claims if c.source.refers_to)
    assert pronoun.source.name.startswith("Il (") and pronoun.source.refers_to in pronoun.source.name
    assert all(0 <= c.confidence <= 1 for c in claims)
    assert all(f.confidence is None or 0 <= f.confidence <= 1 for c in claims for f in c.facts)


def test_opening_without_upgrade_names_the_missing_migration(tmp_path):
    with pytest.raises(StoreError) as raised:
        Store.open(f"sqlite:///{tmp_path / 'new.db'}", upgrade=False)
    assert raised.value.code == "E073"
    assert "rashomon db upgrade" in str(raised.value)


def test_a_store_address_that_is_not_one_says_how_to_write_it():
    with pytest.raises(StoreError) as raised:
        Store.open("mysql+nosuchdriver://somewhere/db")
    assert raised.value.code == "E070"
    assert "sqlite:///" in str(raised.value)


# --- idempotent, versions ---------------------------------------------------------------


def test_ingesting_the_same_documents_twice_adds_nothing(store, analysis):
    documents = [doc("a", GOVERNOR), doc("c", KURSK)]
    first = store.ingest_documents(documents, analysis=analysis)
    before = signature(store.ledger())
    again = store.ingest_documents([doc("a", GOVERNOR), doc("c", KURSK)], analysis=analysis)
    assert (first.added, first.unchanged) == (2, 0)
    assert (again.added, again.unchanged, again.claims) == (0, 2, 0)
    assert signature(store.ledger()) == before
    assert count(store, D) == 2
    consistent(store)


def test_the_same_id_with_other_text_is_a_new_version_and_the_old_one_is_kept(store, analysis):
    store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
    old_claims = count(store, C)
    report = store.ingest_documents([doc("a", KURSK)], analysis=analysis)
    assert report.versions == 1
    with store.engine.connect() as connection:
        versions = connection.execute(select(D.c.version, D.c.replaced, D.c.sha256).where(D.c.doc_id == "a")
                                      .order_by(D.c.version)).all()
    assert [(v.version, v.replaced) for v in versions] == [(1, True), (2, False)]
    assert versions[1].sha256 == text_sha256(KURSK)
    assert count(store, C) > old_claims  # the old version's claims are still stored
    ledger = store.ledger()
    assert [d.text for d in ledger.documents] == [KURSK]
    assert {c.doc for c in ledger.claims} == {"a"} and all("Koursk" in c.text for c in ledger.claims)
    assert store.status()["replaced_versions"] == 1
    consistent(store)


# --- incremental ------------------------------------------------------------------------


def test_a_new_document_joins_the_stored_event_of_its_place_and_day(store, analysis):
    store.ingest_documents([doc("a", GOVERNOR), doc("c", KURSK)], analysis=analysis)
    stored = event_of(store, "a")
    report = store.ingest_documents([doc("b", GENERAL_STAFF)], analysis=analysis)
    assert event_of(store, "b") == stored
    assert store.event(stored)["event"]["documents"] == ["a", "b"]
    assert report.events_touched == 1  # Kursk's event was not in the block
    consistent(store)


def test_a_document_of_another_week_is_an_event_of_its_own(store, analysis):
    store.ingest_documents([doc("b", GENERAL_STAFF)], analysis=analysis)
    store.ingest_documents([doc("b-later", GENERAL_STAFF, day="2025-03-20")], analysis=analysis)
    assert event_of(store, "b") != event_of(store, "b-later")


def test_a_merge_keeps_the_oldest_id_and_the_other_id_leads_to_it(store, analysis):
    # two reports of Novozybkov a week apart are two events; then the first is
    # corrected to the day of the second: one event, under the older id
    store.ingest_documents([doc("a", GOVERNOR, day="2025-03-01")], analysis=analysis)
    store.ingest_documents([doc("b", GENERAL_STAFF, day="2025-03-09")], analysis=analysis)
    older, newer = event_of(store, "a"), event_of(store, "b")
    assert older != newer
    report = store.ingest_documents([doc("a", GOVERNOR + " (corrigé)", day="2025-03-09")], analysis=analysis)
    assert report.events_merged == 1
    assert event_of(store, "a") == event_of(store, "b") == older
    followed = store.event(newer)
    assert followed["merged_into"] == older
    assert followed["event"]["id"] == older
    assert [d["id"] for d in followed["documents"]] == ["b", "a"]
    assert store.findings(event=newer).total == store.findings(event=older).total
    assert "merged_into" not in store.event(older)
    consistent(store)


def test_ingest_then_export_gives_what_analyze_gives(store, analysis, tmp_path):
    """The multi-document corpus, analysed at once and ingested in two days."""
    documents = json.loads((CASES / "multi-border.case.json").read_text(encoding="utf-8"))["documents"]
    half = len(documents) // 2
    everything = write_jsonl(tmp_path / "all.jsonl", documents)
    day_one = write_jsonl(tmp_path / "one.jsonl", documents[:half])
    day_two = write_jsonl(tmp_path / "two.jsonl", documents[half:])
    analysed = analyze_paths([everything], analysis=analysis)
    store.ingest([day_one], analysis=analysis)
    store.ingest([day_two], analysis=analysis)
    stored = store.ledger()
    assert signature(stored) == signature(analysed)
    assert len(stored.events) > 3 and stored.findings
    assert schema_problems(stored) == []
    consistent(store)


# --- reads ------------------------------------------------------------------------------


def test_reads_give_the_ledgers_shapes(store, analysis):
    store.ingest([ROOT / "examples"], analysis=analysis)
    ledger = store.ledger()
    page = store.events(limit=2)
    assert page.total == len(ledger.events) and len(page.items) == 2
    by_id = {e.id: e.to_json() for e in ledger.events}
    contradicted = {f.event for f in ledger.findings if f.kind == "contradiction"}
    for item in page.items:
        # one extra key, for the events page's mark
        assert item.pop("contested") == (item["id"] in contradicted)
        assert item == by_id[item["id"]]
    assert store.events(contested=True).total == len(contradicted)
    first = ledger.events[0]
    answer = store.event(first.id)
    assert [c["id"] for c in answer["claims"]] == first.claims
    assert [f["id"] for f in answer["findings"]] == first.findings
    assert store.claims(event=first.id).total == len(first.claims)
    source = store.sources(limit=1).items[0]
    assert set(source) == {"key", "id", "name", "label", "kind", "side", "claims"}
    assert len(store.source(source["key"])["claims"]) == source["claims"]
    assert store.claims(source=source["key"]).total == source["claims"]
    assert store.document(ledger.documents[0].id)["document"] == ledger.documents[0].to_json()
    assert store.findings().total == len(ledger.findings)
    assert store.event("e999999") is None and store.event("nonsense") is None
    with pytest.raises(StoreError) as raised:
        store.events(sort="price")
    assert raised.value.code == "E076"


def test_full_text_search_finds_words_of_claims_and_takes_any_text_as_data(store, analysis):
    store.ingest_documents([doc("a", GOVERNOR), doc("c", KURSK)], analysis=analysis)
    found = store.claims(q="drones Koursk")
    assert found.total >= 1 and all("Koursk" in c["text"] for c in found.items)
    assert store.documents(q="Koursk").items[0]["id"] == "c"
    assert store.events(q="Koursk").total == 1
    for hostile in ("drones' OR 1=1 --", 'Koursk" OR "', "*", "NEAR(a b)", "'; DROP TABLE claims; --"):
        assert store.claims(q=hostile).total == 0
    assert count(store, C) >= 2


def test_a_token_is_checked_by_its_hash_and_never_stored(store):
    secret = store.create_token("newsroom")
    assert store.check_token(secret)
    assert not store.check_token(secret + "x") and not store.check_token("")
    with store.engine.connect() as connection:
        stored = connection.execute(text("SELECT name, sha256 FROM api_tokens")).all()
    assert stored == [("newsroom", text_sha256(secret))]


def test_csv_export_has_a_row_per_event_and_source(store, analysis):
    store.ingest([ROOT / "examples"], analysis=analysis)
    ledger = store.ledger()
    rows = list(csv_rows(ledger))
    assert {r["event_id"] for r in rows} == {e.id for e in ledger.events if any(
        c.facts for c in ledger.claims if c.id in e.claims)}
    pairs = [(r["event_id"], r["source"]) for r in rows]
    assert len(pairs) == len(set(pairs))
    governor = next(r for r in rows if r["source_id"] == "ru-bryansk-governor")
    assert governor["source_side"] == "russia" and governor["country"] == "RU"
    assert "Bogomaz" in governor["notes"]


def test_csv_cells_never_start_a_spreadsheet_formula(store, analysis):
    store.ingest_documents([doc("x", "=HYPERLINK(\"http://evil\") " + KURSK)], analysis=analysis)
    for row in csv_rows(store.ledger()):
        assert not any(str(v).startswith(("=", "+", "-", "@")) for v in row.values())


# --- safe -------------------------------------------------------------------------------


def test_a_full_disk_names_the_document_and_keeps_what_was_stored(tmp_path, analysis):
    with Store.open(f"sqlite:///{tmp_path / 'small.db'}") as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
        before = signature(store.ledger())
        with store.engine.connect() as connection:
            pages = connection.execute(text("PRAGMA page_count")).scalar_one()

        @event.listens_for(store.engine, "connect")
        def _limit(dbapi_connection, _record):
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 1}")

        store.engine.dispose()
        big = doc("big", " ".join([KURSK] * 200))
        with pytest.raises(StoreError) as raised:
            store.ingest_documents([big], analysis=analysis)
        assert raised.value.code == "E072"
        assert "'big'" in str(raised.value)
        assert signature(store.ledger()) == before
        consistent(store)


@contextmanager
def server_lost(postgres_url: str, *, at: str | None = None):
    """A progress callback that makes the PostgreSQL server go away while a document is
    analysed (``at`` that document, else the first): its sessions end and no new one is
    let in, until the block ends."""
    import psycopg

    admin = postgres_url.replace("postgresql+psycopg://", "postgresql://").rsplit("/", 1)[0] + "/postgres"
    name = postgres_url.rsplit("/", 1)[1]

    def cut(document):
        if at is not None and document.id != at:
            return
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            connection.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                               "WHERE datname = %s AND pid <> pg_backend_pid()", (name,))

    try:
        yield cut
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_a_lost_connection_names_the_document_and_keeps_what_was_stored(postgres_url, analysis):
    with Store.open(postgres_url) as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
        before = signature(store.ledger())
        with server_lost(postgres_url) as cut, pytest.raises(StoreError) as raised:
            store.ingest_documents([doc("c", KURSK)], analysis=analysis, progress=cut)
        assert raised.value.code == "E071"
        assert "'c'" in str(raised.value)
        assert signature(store.ledger()) == before
        consistent(store)


def small_documents(folder: Path, count_: int) -> Path:
    """A folder of short reports, a few places over a few weeks: many small events."""
    folder.mkdir()
    towns = ["Novozybkov", "Klintsy", "Belgorod", "Koursk", "Briansk"]
    for i in range(count_):
        day = f"2025-03-{1 + (i * 3) % 28:02d}"
        town = towns[i % len(towns)]
        text_ = (f"Selon le ministère russe de la Défense, {2 + i % 9} drones ukrainiens ont été interceptés "
                 f"au-dessus de {town}. L'état-major ukrainien a affirmé que {1 + i % 4} drones avaient "
                 f"touché un dépôt à {town}.")
        (folder / f"report-{i:03d}.jsonl").write_text(json.dumps(
            {"id": f"report-{i:03d}", "text": text_, "lang": "fr", "published": f"{day}T08:00:00+00:00"},
            ensure_ascii=False) + "\n", encoding="utf-8")
    return folder


def rashomon(*args: str) -> list[str]:
    return [sys.executable, "-m", "rashomon.cli", *args]


def wait_for_documents(url: str, at_least: int, process: subprocess.Popen, timeout: float = 120) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, "the ingest ended before it could be killed"
        with Store.open(url) as store:
            stored = store.status()["documents"]
        if stored >= at_least:
            return stored
        time.sleep(0.2)
    raise AssertionError(f"fewer than {at_least} documents stored after {timeout} s")


def test_kill_9_mid_ingest_leaves_a_consistent_store_and_a_rerun_completes(store_url, tmp_path, analysis):
    folder = small_documents(tmp_path / "reports", 60)
    with Store.open(store_url):
        pass  # set up, so the child and this test never race to create it
    # groups of four documents (``--write-group``): the kill lands between or inside one,
    # after some have been committed
    child = subprocess.Popen(rashomon("ingest", str(folder), "--db", store_url, "--quiet", "--write-group", "4"),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        wait_for_documents(store_url, 5, child)
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    with Store.open(store_url) as store:
        killed_at = store.status()
        assert 5 <= killed_at["documents"] < 60 and killed_at["documents"] % 4 == 0  # whole groups
        assert killed_at["last_ingest"]["status"] == "running"  # the killed run shows as such
        consistent(store)
        report = store.ingest([folder], analysis=analysis)
        assert report.unchanged == killed_at["documents"]
        assert report.added == 60 - killed_at["documents"]
        consistent(store)
        resumed = signature(store.ledger())
        # the next run found the killed one's process gone and said so
        [interrupted] = store.status()["interrupted_runs"]
        assert interrupted["run"] == killed_at["last_ingest"]["run"]
    with Store.open(f"sqlite:///{tmp_path / 'at-once.db'}") as once:
        once.ingest([folder], analysis=analysis)
        assert resumed == signature(once.ledger())


def test_two_ingests_at_once_into_postgresql_make_no_duplicates(postgres_url, tmp_path, analysis):
    folder = small_documents(tmp_path / "reports", 30)
    with Store.open(postgres_url):
        pass
    children = [subprocess.Popen(rashomon("ingest", str(folder), "--db", postgres_url, "--quiet"),
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for child in children:
        _, stderr = child.communicate(timeout=300)
        assert child.returncode == 0, stderr.decode()
    with Store.open(postgres_url) as store:
        assert store.status()["documents"] == 30
        assert count(store, D) == 30
        with store.engine.connect() as connection:
            keys = connection.execute(select(S.c.key)).scalars().all()
        assert len(keys) == len(set(keys))
        consistent(store)
        together = signature(store.ledger())
    with Store.open(f"sqlite:///{tmp_path / 'alone.db'}") as alone:
        alone.ingest([folder], analysis=analysis)
        assert together == signature(alone.ledger())


# --- the command line -------------------------------------------------------------------


def test_ingest_status_and_export_on_the_command_line(tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    folder = small_documents(tmp_path / "reports", 5)
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    runner = CliRunner()
    first = runner.invoke(app, ["ingest", str(folder), "--db", url, "--quiet"])
    assert first.exit_code == 0, first.output
    assert "5 added" in first.output
    again = runner.invoke(app, ["ingest", str(folder), "--db", url, "--quiet"])
    assert "0 added" in again.output and "5 unchanged" in again.output
    status = runner.invoke(app, ["status", "--db", url, "--json"])
    assert json.loads(status.stdout)["documents"] == 5
    out = tmp_path / "ledger.json"
    table = tmp_path / "events.csv"
    exported = runner.invoke(app, ["export", "--db", url, "--json", str(out), "--csv", str(table)])
    assert exported.exit_code == 0, exported.output
    assert len(json.loads(out.read_text(encoding="utf-8"))["documents"]) == 5
    assert table.read_text(encoding="utf-8").startswith("event_id,event_date,")
    nothing = runner.invoke(app, ["export", "--db", f"sqlite:///{tmp_path / 'empty.db'}", "--json", str(out)])
    assert nothing.exit_code == 1 and "E077" in nothing.output


# --- ids, replaced documents and interrupted runs ----------------------------------------


def test_an_upgrade_keeps_the_ids_a_store_has(tmp_path, analysis):
    from alembic import command

    from rashomon.store import alembic_config

    url = f"sqlite:///{tmp_path / 'old.db'}"
    with Store.open(url) as store:
        store.ingest_documents([doc("report", GOVERNOR)], analysis=analysis)
        before = [d.id for d in store.ledger().documents]
    command.downgrade(alembic_config(url), "0002")
    with Store.open(url) as store:
        assert [d.id for d in store.ledger().documents] == before == ["report"]
        assert store.status()["last_ingest"]["status"] == "done"


def test_two_reports_of_one_name_in_two_folders_are_both_kept(store_url, tmp_path):
    for day, text_ in (("day1", GOVERNOR), ("day2", GOVERNOR.replace("deux", "trois"))):
        (tmp_path / "in" / day).mkdir(parents=True)
        (tmp_path / "in" / day / "report.txt").write_text(text_, encoding="utf-8")
    with Store.open(store_url) as store:
        store.ingest([tmp_path / "in"])
        assert sorted(d.id for d in store.ledger().documents) == ["day1/report", "day2/report"]
        assert store.status()["replaced_documents"] == []


def test_a_document_replaced_from_another_file_is_warned_and_listed(store_url, tmp_path, analysis):
    first, second = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for path, text_ in ((first, GOVERNOR), (second, GOVERNOR.replace("deux", "trois"))):
        path.parent.mkdir()
        path.write_text(text_, encoding="utf-8")
    with Store.open(store_url) as store:
        store.ingest([first], analysis=analysis)
        report = store.ingest([second], analysis=analysis)
        assert report.versions == 1
        assert [w[:6] for w in report.warnings] == ["[W010]"] and str(first) in report.warnings[0]
        [replaced] = store.status()["replaced_documents"]
    assert (replaced["doc_id"], replaced["path"], replaced["replaced_by"], replaced["other_path"]) == \
        ("report", str(first), str(second), True)


def test_a_run_whose_process_is_gone_is_marked_interrupted_by_the_next(store_url, tmp_path, analysis):
    from rashomon.models import IngestRun

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    with Store.open(store_url) as store:
        with store.engine.begin() as connection:
            connection.execute(IngestRun.__table__.insert().values(
                started=datetime.now(timezone.utc), status="running", paths=["killed/"],
                owner=f"{socket.gethostname()}:{gone}"))
            connection.execute(IngestRun.__table__.insert().values(
                started=datetime.now(timezone.utc), status="running", paths=["alive/"],
                owner=f"{socket.gethostname()}:{os.getppid()}"))
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
        found = store.status()
    assert [r["paths"] for r in found["interrupted_runs"]] == [["killed/"]]
    assert found["last_ingest"]["status"] == "done"


def test_a_document_the_store_refuses_fails_alone_and_the_batch_goes_on(store_url, analysis, monkeypatch):
    # the readers keep values in range (E028); a database that still refuses one
    # document's data (made to here) fails that document, not the batch
    from sqlalchemy.exc import DataError

    from rashomon import store as store_module

    real_write = store_module._Writer.write

    def refusing(writer, result, run):
        if result.document.id == "a":
            raise DataError("INSERT", {}, ValueError("value too long for type character varying(16)"))
        return real_write(writer, result, run)

    monkeypatch.setattr(store_module._Writer, "write", refusing)
    with Store.open(store_url) as store:
        report = store.ingest_documents([doc("a", GOVERNOR), doc("b", GOVERNOR.replace("deux", "trois"))],
                                        analysis=analysis)
        assert [e.code for e in report.errors] == ["E029"] and "'a'" in report.errors[0].message
        assert [d.id for d in store.ledger().documents] == ["b"]
        assert store.status()["last_ingest"]["status"] == "done"


# --- write groups: several documents in one transaction, linked once -------------------

NOVOZYBKOV_DEPOT = ("Selon le ministère russe de la Défense, cinq drones ukrainiens ont été abattus "
                    "au-dessus de Novozybkov, près du dépôt.")
KURSK_LATER = ("L'état-major ukrainien a affirmé que quatre drones avaient touché un dépôt dans la "
               "région de Koursk.")


def grouped(size: int) -> Analysis:
    return Analysis(settings=Settings(write_group=size))


def stored_rows(store: Store) -> dict[str, list]:
    """The events' keys and counts, their claims, aliases and block keys, as stored."""
    from rashomon.store import EA, EK

    with store.engine.connect() as connection:
        return {
            "events": connection.execute(select(E.c.pk, E.c.n_claims, E.c.n_documents).order_by(E.c.pk)).all(),
            "links": connection.execute(select(EC.c.claim_pk, EC.c.event_pk).order_by(EC.c.claim_pk)).all(),
            "aliases": connection.execute(select(EA.c.alias_pk, EA.c.event_pk).order_by(EA.c.alias_pk)).all(),
            "keys": connection.execute(select(EK.c.event_pk, EK.c.key).order_by(EK.c.event_pk, EK.c.key)).all()}


def test_a_group_stores_what_one_document_at_a_time_does_ids_and_aliases_included(store_url, tmp_path):
    """Two days: the first makes two events of Novozybkov a week apart; the second, in one
    group, corrects the first report to the later day (the events merge, the older id
    surviving), adds reports that join them, and one of another region."""
    days = [[doc("a", GOVERNOR, day="2025-03-01"), doc("b", GENERAL_STAFF)],
            [doc("a", GOVERNOR + " (corrigé)"), doc("c", KURSK), doc("d", NOVOZYBKOV_DEPOT),
             doc("e", KURSK_LATER, day="2025-03-10")]]
    found = {}
    for size in (1, 32):
        url = store_url if size == 32 else f"sqlite:///{tmp_path / 'alone.db'}"
        with Store.open(url) as store:
            reports = [store.ingest_documents(batch, analysis=grouped(size)) for batch in days]
            found[size] = (store.ledger().to_json(), stored_rows(store),
                           [(r.added, r.versions, r.claims, r.events_touched, r.events_merged, r.failed)
                            for r in reports])
            assert sorted(store.event(event_of(store, "b"))["event"]["documents"]) == ["a", "b", "d"]
            consistent(store)
    assert found[32] == found[1]
    assert found[32][1]["aliases"]  # the merge left an alias, the same one
    assert found[32][2][1][4] == 1


def test_a_document_the_store_refuses_inside_a_group_fails_alone_and_its_group_is_linked(
        store_url, tmp_path, monkeypatch):
    from sqlalchemy.exc import DataError

    from rashomon import store as store_module

    real_write = store_module._Writer.write

    def refusing(writer, result, run):
        done = real_write(writer, result, run)  # its rows written, then refused: the savepoint undoes them
        if result.document.id == "b":
            raise DataError("INSERT", {}, ValueError("value too long for type character varying(16)"))
        if result.document.id == "c":
            raise KeyError("a bug on this document's write")
        return done

    monkeypatch.setattr(store_module._Writer, "write", refusing)
    documents = [doc("a", GOVERNOR), doc("b", GOVERNOR.replace("deux", "trois")), doc("c", KURSK),
                 doc("d", GENERAL_STAFF)]
    with Store.open(store_url) as store:
        report = store.ingest_documents(documents, analysis=grouped(32))
        assert [(e.code, e.message.count("'b'") + e.message.count("document 'c'")) for e in report.errors] == \
            [("E029", 1), ("E027", 1)]
        assert (report.added, report.failed) == (2, 2)
        assert [d.id for d in store.ledger().documents] == ["a", "d"]
        assert event_of(store, "a") == event_of(store, "d")  # linked together
        assert store.status()["last_ingest"]["status"] == "done"
        consistent(store)
        monkeypatch.setattr(store_module._Writer, "write", real_write)
        again = store.ingest_documents(documents, analysis=grouped(32))  # a later run retries them
        assert (again.added, again.unchanged, again.failed) == (2, 2, 0)
        together = signature(store.ledger())
    with Store.open(f"sqlite:///{tmp_path / 'alone.db'}") as alone:
        alone.ingest_documents(documents, analysis=grouped(1))
        assert signature(alone.ledger()) == together


def test_a_bug_in_a_groups_link_is_found_again_one_document_at_a_time(store_url, monkeypatch):
    """The group's link fails on what one document brings: the group is rolled back and
    its documents written one by one, so that one fails alone (E027) and the others are
    stored and linked as ever."""
    from rashomon import store as store_module

    real_group = store_module.group

    def failing(documents, claims, **options):
        if any(d.id == "bad" for d in documents):
            raise ZeroDivisionError("a bug the bad document's claims reach")
        return real_group(documents, claims, **options)

    monkeypatch.setattr(store_module, "group", failing)
    documents = [doc("a", GOVERNOR), doc("bad", KURSK), doc("b", GENERAL_STAFF)]
    with Store.open(store_url) as store:
        report = store.ingest_documents(documents, analysis=grouped(32))
        assert [e.code for e in report.errors] == ["E027"] and "'bad'" in report.errors[0].message
        assert (report.added, report.failed) == (2, 1)
        assert [d.id for d in store.ledger().documents] == ["a", "b"]
        assert event_of(store, "a") == event_of(store, "b")
        consistent(store)


def test_a_batch_with_two_new_versions_of_a_document_stores_what_one_at_a_time_does(store_url, tmp_path):
    """A stored document, then a batch with two new versions of it: the last replaces the
    others, and the event of the first keeps its id, as when each is written alone."""
    versions = [doc("a", GOVERNOR + " (corrigé)"), doc("b", GENERAL_STAFF), doc("a", KURSK)]
    found = []
    for url, size in ((store_url, 32), (f"sqlite:///{tmp_path / 'alone.db'}", 1)):
        with Store.open(url) as store:
            store.ingest_documents([doc("a", GOVERNOR)], analysis=grouped(size))
            first = event_of(store, "a")
            report = store.ingest_documents(versions, analysis=grouped(size))
            assert (report.added, report.versions, report.failed) == (1, 2, 0)
            assert store.status()["replaced_versions"] == 2
            assert store.event(first) is not None  # the first event's id still leads somewhere
            consistent(store)
            found.append((store.ledger().to_json(), stored_rows(store)))
    assert found[0] == found[1]


def test_a_write_group_below_one_is_e032_before_anything_is_written(store):
    for size in (0, -3, 2.5, True):
        with pytest.raises(StoreError) as raised:
            store.ingest_documents([doc("a", GOVERNOR)], analysis=grouped(size))
        assert raised.value.code == "E032"
    assert store.status()["documents"] == 0 and store.status()["last_ingest"] is None


def test_a_lost_connection_in_a_group_names_its_documents_and_keeps_what_was_stored(postgres_url, analysis):
    with Store.open(postgres_url) as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
        before = signature(store.ledger())
        with server_lost(postgres_url, at="d") as cut, pytest.raises(StoreError) as raised:
            store.ingest_documents([doc("c", KURSK), doc("d", GENERAL_STAFF)], analysis=grouped(32),
                                   progress=cut)
        assert raised.value.code == "E071"
        assert "'c'" in str(raised.value) and "'d'" in str(raised.value)
        assert signature(store.ledger()) == before
        consistent(store)


def test_status_on_the_command_line_lists_replaced_documents_and_interrupted_runs(tmp_path, analysis):
    from typer.testing import CliRunner

    from rashomon.cli import app
    from rashomon.models import IngestRun

    url = f"sqlite:///{tmp_path / 'cli.db'}"
    first, second = tmp_path / "a" / "report.txt", tmp_path / "b" / "report.txt"
    for path, text_ in ((first, GOVERNOR), (second, GOVERNOR.replace("deux", "trois"))):
        path.parent.mkdir()
        path.write_text(text_, encoding="utf-8")
    with Store.open(url) as store:
        store.ingest([first], analysis=analysis)
        with store.engine.begin() as connection:
            connection.execute(IngestRun.__table__.insert().values(
                started=datetime(2020, 1, 1, tzinfo=timezone.utc), status="running", paths=["killed/"],
                owner="a-machine-long-gone:1"))
    runner = CliRunner()
    ingested = runner.invoke(app, ["ingest", str(second), "--db", url, "--quiet"])
    assert "W010" in ingested.output
    shown = runner.invoke(app, ["status", "--db", url])
    assert shown.exit_code == 0, shown.output
    assert "Interrupted ingests" in shown.output and "killed/" in shown.output
    assert "Replaced documents" in shown.output and "(another file)" in shown.output

# --- hostile values: refused by name, never a driver error ---------------------------------


@pytest.mark.parametrize(("call", "name"), [
    (lambda s: s.events(q="drones\x00"), "q"), (lambda s: s.events(place="\ud800"), "place"),
    (lambda s: s.claims(doc="a\x00b"), "doc"), (lambda s: s.claims(source="x\udfff"), "source"),
    (lambda s: s.findings(slot="\x00"), "slot"), (lambda s: s.sources(kind="\x00"), "kind"),
    (lambda s: s.documents(q="\ud800"), "q"), (lambda s: s.document("a\x00b"), "document"),
    (lambda s: s.source("ru-mod\x00"), "source"), (lambda s: s.event("e1\x00"), "event"),
    (lambda s: s.claim("c\ud8001"), "claim"),
])
def test_a_nul_or_a_lone_surrogate_in_a_filter_or_id_is_e081_on_both_databases(store, call, name):
    store.ingest_documents([doc("a", GOVERNOR)], analysis=Analysis())
    with pytest.raises(StoreError) as raised:
        call(store)
    assert raised.value.code == "E081"
    assert str(raised.value).startswith(f"[E081] The store cannot look up {name}=")


@pytest.mark.parametrize("ident", ["e99999999999999999999", "e9223372036854775808", "e" + "9" * 5000,
                                   "e²", "e٣", "e-1", "e", "e 1"])
def test_an_id_beyond_64_bits_or_not_in_ascii_digits_is_not_found(store, ident):
    assert store.event(ident) is None
    assert store.claim("c" + ident[1:]) is None
    assert store.claims(event=ident).total == 0
    assert store.findings(event=ident).total == 0


@pytest.mark.parametrize(("limit", "offset"), [(-1, 0), (50, -1), (50, 2**63), (2**63, 0)])
def test_a_limit_or_offset_outside_64_bits_is_e081(store, limit, offset):
    for listing in (store.events, store.claims, store.sources, store.documents, store.findings):
        with pytest.raises(StoreError) as raised:
            listing(limit=limit, offset=offset)
        assert raised.value.code == "E081"
    assert store.events(limit=1, offset=2**63 - 1).items == []  # the largest offset is fine


# --- read-only stores -------------------------------------------------------------------------
# Tests may run as root, whom chmod does not stop from writing; rashomon counts a file or
# folder without write permission bits as read-only all the same (store.writable), so
# these tests check the same behaviour for root and for any other user.


@pytest.fixture
def read_only_store(tmp_path, analysis):
    """A SQLite store of two documents in a folder, then the file and folder made read-only."""
    folder = tmp_path / "archive"
    folder.mkdir()
    url = f"sqlite:///{folder / 'store.db'}"
    with Store.open(url) as store:
        store.ingest_documents([doc("a", GOVERNOR), doc("b", GENERAL_STAFF)], analysis=analysis)
    (folder / "store.db").chmod(0o444)
    folder.chmod(0o555)
    yield url, folder
    folder.chmod(0o755)
    (folder / "store.db").chmod(0o644)


def snapshot(folder: Path) -> dict[str, str]:
    """Every file of a folder with its content's hash."""
    import hashlib

    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_a_read_only_store_opens_read_only_and_nothing_is_written(read_only_store):
    url, folder = read_only_store
    before = snapshot(folder)
    with Store.open(url, read_only=None) as store:
        assert store.read_only == f"the file {folder / 'store.db'} is read-only"
        assert store.status()["documents"] == 2
        assert len(store.ledger().documents) == 2
        assert store.document("a")["document"]["id"] == "a"
    assert snapshot(folder) == before  # no -wal, no -shm, not a byte changed


def test_opening_a_read_only_store_to_write_is_e079_before_anything_is_done(read_only_store):
    url, folder = read_only_store
    before = snapshot(folder)
    with pytest.raises(StoreError) as raised:
        Store.open(url)
    assert raised.value.code == "E079"
    assert "is read-only. Opening it to write needs to write to it" in str(raised.value)
    assert snapshot(folder) == before


def test_a_store_in_a_read_only_folder_is_read_only_too(tmp_path, analysis):
    folder = tmp_path / "mounted"
    folder.mkdir()
    url = f"sqlite:///{folder / 'store.db'}"
    with Store.open(url) as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
    folder.chmod(0o555)  # the file stays writable, but no journal can be made next to it
    try:
        with Store.open(url, read_only=None) as store:
            assert store.read_only == f"its folder {folder} is read-only"
            assert store.status()["documents"] == 1
        with pytest.raises(StoreError) as raised:
            Store.open(url)
        assert raised.value.code == "E079"
    finally:
        folder.chmod(0o755)


def test_a_store_opened_read_only_refuses_every_write_and_its_engine_cannot_write(store_url, analysis):
    with Store.open(store_url) as store:
        store.ingest_documents([doc("a", GOVERNOR)], analysis=analysis)
    with Store.open(store_url, read_only=True) as store:
        for write in (lambda: store.ingest_documents([doc("b", KURSK)], analysis=analysis),
                      lambda: store.ingest([ROOT / "examples" / "2025-03-09-afp-briansk.txt"], analysis=analysis),
                      lambda: store.create_token("someone"), store.upgrade):
            with pytest.raises(StoreError) as raised:
                write()
            assert raised.value.code == "E079"
        # below rashomon's own refusal, the connection itself is read-only
        from sqlalchemy.exc import DBAPIError

        with pytest.raises(DBAPIError), store.engine.begin() as connection:
            connection.execute(text("DELETE FROM api_tokens"))
        assert store.documents().total == 1


def test_a_read_only_store_with_an_older_schema_is_e078(read_only_store):
    url, folder = read_only_store
    folder.chmod(0o755)
    (folder / "store.db").chmod(0o644)
    with Store.open(url) as store, store.engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '0001'"))
    (folder / "store.db").chmod(0o444)
    with pytest.raises(StoreError) as raised:
        Store.open(url, read_only=None)
    assert raised.value.code == "E078"
    assert "schema revision 0001" in str(raised.value) and "rashomon db upgrade" in str(raised.value)


def test_a_missing_store_opened_read_only_is_e070(tmp_path):
    with pytest.raises(StoreError) as raised:
        Store.open(f"sqlite:///{tmp_path / 'nothing.db'}", read_only=True)
    assert raised.value.code == "E070"
    assert "no such file" in str(raised.value)
    assert not (tmp_path / "nothing.db").exists()


def test_status_export_and_serve_read_a_read_only_store_and_ingest_is_refused(read_only_store, tmp_path):
    from typer.testing import CliRunner

    from rashomon.cli import app

    url, folder = read_only_store
    before = snapshot(folder)
    runner = CliRunner()
    status = runner.invoke(app, ["status", "--db", url, "--json"])
    assert status.exit_code == 0, status.output
    assert json.loads(status.stdout)["documents"] == 2
    exported = runner.invoke(app, ["export", "--db", url, "--json", str(tmp_path / "out.json")])
    assert exported.exit_code == 0, exported.output
    assert len(json.loads((tmp_path / "out.json").read_text(encoding="utf-8"))["documents"]) == 2
    served = runner.invoke(app, ["serve", "--db", url, "--get", "/api/v1/documents"])
    assert served.exit_code == 0, served.output
    assert json.loads(served.stdout)["total"] == 2
    for command in (["ingest", str(ROOT / "examples" / "2025-03-09-afp-briansk.txt")], ["token", "create", "me"],
                    ["db", "upgrade"]):
        refused = runner.invoke(app, [*command, "--db", url])
        assert refused.exit_code == 2, refused.output
        assert "[E079]" in refused.output
    assert snapshot(folder) == before
