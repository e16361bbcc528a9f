#!/usr/bin/env python3
"""Score rashomon on every evaluation case, the way a user runs it.

    python3 eval/run.py [--json] [--timeout SECONDS] [CASE.json ...]

For each case file (default: ../shared/eval/*.case.json and eval/cases/*.case.json,
relative to the repository root) this writes the case's documents to a temporary
JSONL file, runs

    rashomon analyze DOCS.jsonl --json LEDGER.json

with the ``rashomon`` script installed next to the running Python, then

    python3 ../shared/eval/score.py CASE.json LEDGER.json

and reads the scorer's layer lines. It prints a table case x layer -> P/R/F1,
with a reference row for a peer system (figures reported by the project lead,
not measured here), or the same as JSON with ``--json``.

A case on which the CLI crashes (time-out, no ledger written, unreadable ledger)
is a miss: every layer the case annotates scores 0. When the CLI exits non-zero
but wrote its ledger (rashomon exits 1 when some documents could not be
analysed, 126 when nearly all), that ledger is scored as it is -- the documents
it lacks are misses -- and the case is still marked failed. The exit status is 1
when the CLI failed on any case, 0 otherwise. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent          # the repository root
SHARED_EVAL = ROOT.parent / "shared" / "eval"          # ../shared/eval from the root
OWN_CASES = ROOT / "eval" / "cases"
SCORER = SHARED_EVAL / "score.py"
LAYERS = ("attributions", "facts", "findings", "events")
DOC_FIELDS = ("id", "text", "lang", "publisher", "published", "url")
DEFAULT_TIMEOUT = 1800.0

# Reference row, not measured by us: the project lead's figures for the SFU Gender Gap
# Tracker's quote extractor (its French version) run on smolensk-fr.
PEER = {
    "name": "SFU Gender Gap Tracker quote extractor",
    "case": "smolensk-fr",
    "source": "reported by the project lead, not measured here",
    "layers": {"attributions": {"f1": 0.54}, "facts": {"f1": 0.00}},
}

LINE = re.compile(r"^(?P<layer>[a-z_]+)\s+P\s+(?P<p>\d+(?:\.\d+)?)\s+R\s+(?P<r>\d+(?:\.\d+)?)"
                  r"\s+F1\s+(?P<f1>\d+(?:\.\d+)?)\s*(?:\((?P<detail>.*)\))?\s*$")


@dataclass
class LayerScore:
    p: float
    r: float
    f1: float
    detail: str = ""


@dataclass
class CaseResult:
    case: str                      # the case's name ("case" key), or the file stem
    file: str                      # the case file, relative to the repository root when inside it
    ok: bool                       # did the CLI produce a ledger the scorer could read
    layers: dict[str, LayerScore] = field(default_factory=dict)
    error: str | None = None
    seconds: float = 0.0

    def to_json(self) -> dict:
        data = asdict(self)
        data["layers"] = {k: asdict(v) for k, v in self.layers.items()}
        return data


def default_cases() -> list[Path]:
    """The shared cases, then ours, each sorted by name."""
    return sorted(SHARED_EVAL.glob("*.case.json")) + sorted(OWN_CASES.glob("*.case.json"))


def rashomon_executable() -> Path:
    """The ``rashomon`` console script of the environment running this script."""
    return Path(sys.executable).parent / "rashomon"


def display_path(path: Path) -> str:
    """A path as written in baseline.json and the table: relative to the root, even outside it."""
    return os.path.relpath(Path(path).resolve(), ROOT)


def expected_layers(case: dict) -> list[str]:
    """The layers score.py prints for this case (a layer whose key the case lacks is not scored)."""
    layers = ["attributions", "facts"]
    if "findings" in case:
        layers.append("findings")
    if case.get("events"):
        layers.append("events")
    return layers


def write_documents(case: dict, path: Path) -> None:
    """The case's documents as rashomon's JSONL input: one object a line, known fields only."""
    with open(path, "w", encoding="utf-8") as out:
        for doc in case["documents"]:
            record = {k: doc[k] for k in DOC_FIELDS if doc.get(k) is not None}
            out.write(json.dumps(record, ensure_ascii=False) + "\n")


def parse_score_output(text: str) -> dict[str, LayerScore]:
    """Read score.py's layer lines: ``facts  P 0.50  R 0.40  F1 0.44   (detail)``."""
    layers = {}
    for line in text.splitlines():
        m = LINE.match(line.strip())
        if m and m["layer"] in LAYERS:
            layers[m["layer"]] = LayerScore(float(m["p"]), float(m["r"]), float(m["f1"]),
                                            (m["detail"] or "").strip())
    return layers


def score_ledger(case_path: Path, ledger_path: Path, scorer: Path = SCORER) -> dict[str, LayerScore]:
    """Run the shared scorer on one ledger; raise RuntimeError if it fails or prints no layer."""
    proc = subprocess.run([sys.executable, str(scorer), str(case_path), str(ledger_path)],
                          capture_output=True, text=True, encoding="utf-8")
    layers = parse_score_output(proc.stdout)
    if proc.returncode != 0 or not layers:
        raise RuntimeError(f"score.py failed (exit {proc.returncode}): {_tail(proc.stderr or proc.stdout)}")
    return layers


def _tail(text: str, lines: int = 6, width: int = 400) -> str:
    tail = " | ".join(line.strip() for line in (text or "").strip().splitlines()[-lines:]) or "no output"
    return tail if len(tail) <= width else "..." + tail[-width:]


def _zeros(case: dict) -> dict[str, LayerScore]:
    return {layer: LayerScore(0.0, 0.0, 0.0, "no ledger: counted as a miss") for layer in expected_layers(case)}


def run_case(case_path: Path, rashomon: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
             keep: Path | None = None) -> CaseResult:
    """Analyse one case's documents with the CLI and score the ledger."""
    case_path = Path(case_path)
    rashomon = Path(rashomon or rashomon_executable())
    try:
        case = json.loads(case_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return CaseResult(case_path.name.removesuffix(".case.json"), display_path(case_path), False,
                          error=f"cannot read case: {err}")
    result = CaseResult(case.get("case") or case_path.name.removesuffix(".case.json"),
                        display_path(case_path), False)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"rashomon-eval-{result.case}-") as tmp:
        docs, ledger = Path(tmp) / "documents.jsonl", Path(tmp) / "ledger.json"
        write_documents(case, docs)
        command = [str(rashomon), "analyze", str(docs), "--json", str(ledger)]
        crashed = False
        try:
            proc = subprocess.run(command, capture_output=True, text=True, encoding="utf-8",
                                  errors="replace", timeout=timeout, cwd=tmp)
            if proc.returncode != 0:
                result.error = f"rashomon analyze exited {proc.returncode}: {_tail(proc.stderr or proc.stdout, 2)}"
            if not ledger.is_file():
                crashed = True
                result.error = result.error or "rashomon analyze exited 0 but wrote no ledger"
        except FileNotFoundError:
            crashed, result.error = True, f"no rashomon CLI at {rashomon}"
        except subprocess.TimeoutExpired:
            crashed, result.error = True, f"rashomon analyze timed out after {timeout:.0f} s"
        if not crashed:
            try:
                json.loads(ledger.read_text(encoding="utf-8"))
                result.layers = score_ledger(case_path, ledger)
                result.ok = result.error is None
            except (OSError, ValueError) as err:
                result.error = f"the ledger is not readable JSON: {err}"
            except RuntimeError as err:
                result.error = str(err)
        if keep is not None and ledger.is_file():
            keep.mkdir(parents=True, exist_ok=True)
            (keep / f"{result.case}.ledger.json").write_bytes(ledger.read_bytes())
    result.seconds = round(time.perf_counter() - started, 2)
    if not result.layers:  # a crash, or a ledger the scorer could not read: a miss
        result.layers = _zeros(case)
    return result


def run_all(case_paths=None, rashomon: Path | None = None, timeout: float = DEFAULT_TIMEOUT,
            keep: Path | None = None) -> list[CaseResult]:
    """Run every case (default: all shared and own cases); one CaseResult each."""
    paths = [Path(p) for p in case_paths] if case_paths else default_cases()
    return [run_case(p, rashomon, timeout, keep) for p in paths]


def format_table(results: list[CaseResult], peer: dict = PEER) -> str:
    """A plain-text table: one row per case and layer, then the peer's reference row."""
    rows = [("case", "layer", "P", "R", "F1", "detail")]
    for res in results:
        for layer, s in res.layers.items():
            rows.append((res.case, layer, f"{s.p:.2f}", f"{s.r:.2f}", f"{s.f1:.2f}", s.detail))
        if res.error:
            rows.append((res.case, "(error)", "", "", "", res.error))
    for layer, s in peer["layers"].items():
        rows.append((f"{peer['case']} [peer]", layer, "-", "-", f"{s['f1']:.2f}",
                     f"{peer['name']}: {peer['source']}"))
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = []
    for n, row in enumerate(rows):
        lines.append("  ".join(c.ljust(w) if i < 2 else c.rjust(w) for i, (c, w) in enumerate(zip(row, widths)))
                     + ("  " + row[5] if row[5] else ""))
        if n == 0:
            lines.append("-" * (sum(widths) + 2 * len(widths) + 6))
    return "\n".join(line.rstrip() for line in lines)


def to_json(results: list[CaseResult], peer: dict = PEER) -> dict:
    return {"cases": [r.to_json() for r in results], "peer": peer,
            "ok": all(r.ok for r in results)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("cases", nargs="*", type=Path, help="case files (default: all shared and own cases)")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    parser.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                        help=f"seconds allowed to the CLI per case (default {DEFAULT_TIMEOUT:.0f})")
    parser.add_argument("--rashomon", type=Path, default=None,
                        help="the rashomon executable (default: next to this Python)")
    parser.add_argument("--keep-ledgers", type=Path, default=None, metavar="DIR",
                        help="copy each case's ledger to DIR/CASE.ledger.json")
    args = parser.parse_args(argv)
    results = run_all(args.cases or None, args.rashomon, args.timeout, args.keep_ledgers)
    if args.json:
        print(json.dumps(to_json(results), ensure_ascii=False, indent=2))
    else:
        print(format_table(results))
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
