"""How fast is rashomon, relative to spaCy's bare parse of the same text?

Run on demand, never from the tests::

    .venv/bin/python bench/speed.py [--repeat 3] [--words 20000] [--batch-size 16]

In the manner of spaCy's ``benchmark_speed``: build a French corpus of about
``--words`` words from the documents in ``examples/`` and the shared Smolensk
case, varied copy by copy (places and dates rotate, so that events do not all
collapse into one); warm up both contenders; then, ``--repeat`` times, time

(a) spaCy's bare parse of the texts: ``fr_core_news_md`` loaded with
    ``spacy.load`` and run over them with ``nlp.pipe``;
(b) the whole rashomon pipeline, ``rashomon.pipeline.analyze_documents``
    (parse, attribute, frame, resolve, compare), on the same documents.

It prints words per second for each as mean ± standard deviation over the
repeats, the ratio of rashomon's throughput to the bare parse's (the number
DESIGN.md's "Evaluation" asks for), and peak memory: the process's maximum
resident set size after each phase, and the peak of Python allocations
(tracemalloc) in one untimed pass of each.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon.ledger import Document  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents  # noqa: E402
from rashomon.read import read_paths  # noqa: E402
from rashomon.settings import Settings  # noqa: E402

EXAMPLES = ROOT / "examples"
CASE = ROOT.parent / "shared" / "eval" / "smolensk-fr.case.json"
MODEL = "fr_core_news_md"
BASE_DATE = datetime(2025, 3, 9, 8, 0)
# each copy of the corpus moves its places one step along these rings
PLACE_RINGS = (
    ("Briansk", "Koursk", "Belgorod", "Orel", "Voronej", "Toula"),
    ("Novozybkov", "Lgov", "Chebekino", "Livny", "Rossoch", "Novomoskovsk"),
    ("Smolensk", "Kalouga", "Tver", "Riazan", "Lipetsk", "Tambov"),
    ("Odessa", "Kharkiv", "Zaporijjia", "Dnipro", "Kherson", "Soumy"),
)


# --- the corpus ------------------------------------------------------------------


def seed_documents() -> list[Document]:
    """The example reports (not their README) and the Smolensk case's report."""
    documents = [item for item in read_paths([EXAMPLES])
                 if isinstance(item, Document) and item.id != "README"]
    if CASE.exists():
        case = json.loads(CASE.read_text(encoding="utf-8"))
        documents += [Document(**{k: d.get(k) for k in ("id", "text", "lang", "publisher", "published")})
                      for d in case["documents"]]
    return documents


def varied(document: Document, copy: int) -> Document:
    """Copy ``copy`` of a document: its own id, places one step on, dates a week on."""
    text = document.text
    if copy:
        for ring in PLACE_RINGS:
            for place in ring:  # through a marker, so that a ring's names do not chain
                text = text.replace(place, f"\0{ring.index(place)}\0{ring[0]}\0")
            for index in range(len(ring)):
                text = text.replace(f"\0{index}\0{ring[0]}\0", ring[(index + copy) % len(ring)])
    published = document.published or BASE_DATE.isoformat()
    moved = datetime.fromisoformat(published) + timedelta(days=7 * copy)
    return replace(document, id=f"{document.id}~{copy}", text=text, lang=document.lang or "fr",
                   published=moved.isoformat())


def build_corpus(words: int) -> list[Document]:
    seeds = seed_documents()
    corpus, total, copy = [], 0, 0
    while total < words:
        for document in seeds:
            if total >= words:
                break
            document = varied(document, copy)
            corpus.append(document)
            total += count_words(document.text)
        copy += 1
    return corpus


def count_words(text: str) -> int:
    return len(text.split())


# --- timing ----------------------------------------------------------------------


def timed(run: Callable[[], object]) -> float:
    gc.collect()
    start = time.perf_counter()
    run()
    return time.perf_counter() - start


def maxrss_mb() -> float:
    """The process's peak resident set size so far (KiB on Linux, bytes on macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024 if sys.platform == "darwin" else 1024)


def traced_peak_mb(run: Callable[[], object]) -> float:
    gc.collect()
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1] / 1024 / 1024
    finally:
        tracemalloc.stop()


def mean_sd(values: list[float]) -> tuple[float, float]:
    return statistics.fmean(values), statistics.stdev(values) if len(values) > 1 else 0.0


def line(label: str, values: list[float], unit: str, digits: int = 0) -> str:
    mean, sd = mean_sd(values)
    runs = ", ".join(f"{v:,.{digits}f}" for v in values)
    return f"  {label:<22} {mean:>8,.{digits}f} ± {sd:<7,.{digits}f} {unit:<8} (runs: {runs})"


# --- the benchmark ---------------------------------------------------------------


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--words", type=int, default=20_000, help="corpus size in words (default 20000)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size for both")
    parser.add_argument("--warmup", type=int, default=5, help="documents in the warm-up pass (default 5)")
    options = parser.parse_args(argv)

    corpus = build_corpus(options.words)
    texts = [document.text for document in corpus]
    words = sum(count_words(text) for text in texts)
    settings = Settings(batch_size=options.batch_size)
    analysis = Analysis(settings=settings)

    print("rashomon speed benchmark")
    print(f"  Python {platform.python_version()}, spaCy {spacy.__version__}, "
          f"{MODEL} {version(MODEL.replace('_', '-'))}, rashomon {version('rashomon')}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}")
    print(f"  corpus: {len(corpus)} documents, {words:,} words, {sum(map(len, texts)):,} characters "
          f"(from {len(seed_documents())} seed documents)")
    print(f"  batch size {options.batch_size}, warm-up on {options.warmup} documents, "
          f"{options.repeat} timed runs each")

    nlp = spacy.load(MODEL)

    def bare() -> None:
        for _ in nlp.pipe(texts, batch_size=options.batch_size):
            pass

    def whole() -> None:
        analyze_documents(corpus, analysis=analysis)

    # warm-up: load rashomon's pipeline and language data, fill the caches
    for _ in nlp.pipe(texts[:options.warmup], batch_size=options.batch_size):
        pass
    analyze_documents(corpus[:options.warmup], analysis=analysis)

    bare_wps, whole_wps, ratios = [], [], []
    rss_bare = rss_whole = 0.0
    for _ in range(options.repeat):  # interleaved, so drift hits both alike
        bare_wps.append(words / timed(bare))
        rss_bare = max(rss_bare, maxrss_mb())
        whole_wps.append(words / timed(whole))
        rss_whole = max(rss_whole, maxrss_mb())
        ratios.append(whole_wps[-1] / bare_wps[-1])

    print()
    print("throughput (words/second, mean ± stdev):")
    print(line("spaCy bare parse", bare_wps, "words/s"))
    print(line("rashomon pipeline", whole_wps, "words/s"))
    print(line("ratio rashomon/spaCy", ratios, "", digits=3))
    # the ratio is the number to compare between runs and machines; each
    # throughput alone mostly measures the machine
    print(f"  ratio of the means: {statistics.fmean(whole_wps) / statistics.fmean(bare_wps):.3f}")
    print()
    print("peak memory:")
    print(f"  max RSS of the process: {rss_bare:,.0f} MB after the bare parses, "
          f"{rss_whole:,.0f} MB after the rashomon runs (both models loaded)")
    print(f"  Python allocations, one untimed pass each (tracemalloc peak): "
          f"spaCy {traced_peak_mb(bare):,.1f} MB, rashomon {traced_peak_mb(whole):,.1f} MB")


if __name__ == "__main__":
    main()
