#!/usr/bin/env python3
"""Score rashomon on the real development cases, as a user runs it: the table.

    python eval/real/report.py [--cases build/real] [--split dev|train|all] [--json] [--ledgers DIR]

For every case that ``build.py`` wrote, this runs ``rashomon analyze`` on its documents
and ``../shared/eval/score.py`` on the ledger (``eval/run.py`` does both, as for our own
cases), then adds what the shared scorer does not print:

- for PolNeAR, the attributions scored leniently beside strictly: a gold source that
  the corpus gives as a pronoun ("he", "who") matches whatever source names it, since
  PolNeAR's guidelines forbid resolving it (``build_polnear_case.py``);
- for official texts, the spurious attributions per five documents (claims of someone
  else where the gold has none);
- the precision of each rule (``claim.path``) over every case of the split, pooled.

The exit status is 1 when the CLI failed on a case. Standard library only.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent))

from diagnose import diagnose  # noqa: E402
from run import format_table, run_case  # noqa: E402

ROOT = HERE.parents[1]
OFFICIAL = ("resistinua", "zelenskyy")


def cases_of(folder: Path, split: str) -> list[Path]:
    paths = sorted(folder.glob("*.case.json"))
    if split == "dev":
        return [p for p in paths if "-dev" in p.name]
    if split == "train":
        return [p for p in paths if "-train" in p.name]
    return paths


def extra_rows(case: dict, ledger: dict) -> dict:
    """Lenient attributions, spurious claims per five documents, rule precision (strict,
    and leniently for pronoun sources), each claim's rule and rightness by document."""
    out = {}
    strict = diagnose(case, ledger)
    out["paths"] = strict["paths"]
    for key, found in (("by_document", strict), ("by_document_lenient", diagnose(case, ledger, lenient=True))):
        right = {id(c) for c in found["right"]}
        out[key] = {}
        for claim in found["claims"]:
            out[key].setdefault(claim["doc"], []).append((claim.get("path", "?"), id(claim) in right))
    if case["case"].startswith("polnear"):
        lenient = diagnose(case, ledger, lenient=True)
        out["lenient"] = {k: round(lenient[k], 3) for k in ("p", "r", "f1")}
    if case["case"].startswith(OFFICIAL):
        spurious = len(strict["wrong"])
        out["spurious_per_5_documents"] = round(5 * spurious / max(len(case["documents"]), 1), 2)
    return out


def pooled_paths(extras: list[dict], key: str = "by_document") -> dict[str, dict]:
    """Each rule's precision over every document of the cases, a document counted once
    (polnear-dev-30 is part of polnear-dev)."""
    right, wrong, seen = Counter(), Counter(), set()
    for extra in extras:
        for doc, claims in extra[key].items():
            if doc in seen:
                continue
            seen.add(doc)
            for path, ok in claims:
                (right if ok else wrong)[path] += 1
    return {p: {"right": right[p], "wrong": wrong[p], "precision": round(right[p] / (right[p] + wrong[p]), 2)}
            for p in sorted(right | wrong)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "build" / "real")
    parser.add_argument("--split", choices=("dev", "train", "all"), default="dev")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--ledgers", type=Path, default=ROOT / "build" / "real" / "ledgers")
    args = parser.parse_args(argv)
    paths = cases_of(args.cases, args.split)
    if not paths:
        print(f"no cases in {args.cases}: run eval/real/build.py --mirror DIR first", file=sys.stderr)
        return 2
    results, extras = [], {}
    for path in paths:
        result = run_case(path, keep=args.ledgers)
        results.append(result)
        ledger_file = args.ledgers / f"{result.case}.ledger.json"
        if ledger_file.is_file():
            case = json.loads(path.read_text(encoding="utf-8"))
            extras[result.case] = extra_rows(case, json.loads(ledger_file.read_text(encoding="utf-8")))
    paths_table = pooled_paths(list(extras.values()))
    lenient_table = pooled_paths(list(extras.values()), "by_document_lenient")
    if args.json:
        shown = {name: {k: v for k, v in extra.items() if not k.startswith("by_document")}
                 for name, extra in extras.items()}
        print(json.dumps({"cases": [r.to_json() for r in results], "extra": shown, "rules": paths_table,
                          "rules_lenient": lenient_table, "ok": all(r.ok for r in results)},
                         ensure_ascii=False, indent=1))
        return 0 if all(r.ok for r in results) else 1
    print(format_table(results, peer={"case": "polnear-dev-30", "name": "SFU Gender Gap Tracker",
                                      "source": "0.46 on 30 dev articles, as reported by the project lead",
                                      "layers": {"attributions": {"f1": 0.46}}}))
    print()
    for name, extra in extras.items():
        if "lenient" in extra:
            row = extra["lenient"]
            print(f"{name:22s} attributions, pronoun sources lenient: P {row['p']:.2f}  R {row['r']:.2f}  "
                  f"F1 {row['f1']:.2f}")
        if "spurious_per_5_documents" in extra:
            print(f"{name:22s} spurious attributions per 5 documents: {extra['spurious_per_5_documents']}")
    print(f"\nprecision of each rule, {args.split} cases pooled (a document once; lenient: PolNeAR's "
          "pronoun sources match any speaker):")
    for path, row in paths_table.items():
        lenient = lenient_table.get(path, row)
        print(f"  {path:20s} {row['right']:5d} right {row['wrong']:5d} wrong  precision {row['precision']:.2f}"
              f"  lenient {lenient['precision']:.2f}")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
