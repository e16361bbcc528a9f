#!/usr/bin/env python3
"""Where attributions go right and wrong: precision per rule, misses by kind.

    python3 eval/real/diagnose.py CASE.json LEDGER.json [--json] [--misses N] [--wrong N]

Matches the ledger's claims to the case's gold attributions exactly as
``../shared/eval/score.py`` does (it imports the scorer's own functions), then
reports, for each rule (``claim.path``), how many of its attributed claims are right,
and sorts every missed gold attribution into one of three kinds: a claim covers
its content but names another source (``source``), a claim names its source but
does not cover the content (``content``), or nothing in the document comes close
(``none``). With ``--lenient``, a gold source the case marks as a pronoun
(``source_kind``, as ``build_polnear_case.py`` writes it) matches any source.
Standard library only.
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

SCORER = Path(__file__).resolve().parents[2].parent / "shared" / "eval" / "score.py"


def load_scorer():
    spec = importlib.util.spec_from_file_location("score", SCORER)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


score = load_scorer()


def source_ok(claim: dict, gold: dict, lenient: bool) -> bool:
    if lenient and gold.get("source_kind") == "pronoun":
        return True
    return score.source_matches(claim.get("source", {}), gold["source"])


def match(case: dict, ledger: dict, *, lenient: bool = False) -> tuple[dict[int, int], list[dict]]:
    """Gold index -> claim index, greedily in gold order as score.py does, and the attributed claims."""
    texts = {d["id"]: d["text"] for d in case["documents"]}
    claims = [c for c in ledger.get("claims", []) if c.get("attributed", True)]
    used, pairs = set(), {}
    for g_index, gold in enumerate(case.get("attributions", [])):
        for c_index, claim in enumerate(claims):
            if c_index in used or claim.get("doc") != gold["doc"]:
                continue
            if source_ok(claim, gold, lenient) and score.covers(claim, texts.get(gold["doc"], ""), gold["contains"]):
                used.add(c_index)
                pairs[g_index] = c_index
                break
    return pairs, claims


def miss_kind(gold: dict, claims: list[dict], text: str, lenient: bool) -> str:
    near = [c for c in claims if c.get("doc") == gold["doc"]]
    if any(score.covers(c, text, gold["contains"]) for c in near):
        return "source"
    if any(source_ok(c, gold, lenient) for c in near):
        return "content"
    return "none"


def diagnose(case: dict, ledger: dict, *, lenient: bool = False) -> dict:
    pairs, claims = match(case, ledger, lenient=lenient)
    texts = {d["id"]: d["text"] for d in case["documents"]}
    right = set(pairs.values())
    paths: dict[str, Counter] = defaultdict(Counter)
    for index, claim in enumerate(claims):
        paths[claim.get("path", "?")]["right" if index in right else "wrong"] += 1
    misses = []
    for g_index, gold in enumerate(case.get("attributions", [])):
        if g_index not in pairs:
            misses.append({**gold, "kind": miss_kind(gold, claims, texts.get(gold["doc"], ""), lenient)})
    golds = len(case.get("attributions", []))
    p, r, f = score.prf(len(right), len(claims), len(pairs), golds)
    return {"p": p, "r": r, "f1": f, "claims": claims, "right": [claims[i] for i in sorted(right)],
            "paths": {k: {"right": v["right"], "wrong": v["wrong"],
                          "precision": v["right"] / (v["right"] + v["wrong"])} for k, v in sorted(paths.items())},
            "misses": Counter(m["kind"] for m in misses),
            "missed": misses,
            "wrong": [c for i, c in enumerate(claims) if i not in right]}


def diagnose_facts(case: dict, ledger: dict) -> dict:
    """Facts as score.py counts them: the predicted ones, right or wrong, with the claim
    they came from, and the required gold facts no prediction matches."""
    preds = {}
    for claim in ledger.get("claims", []):
        if not claim.get("attributed", True) and not score.norm(claim.get("source", {}).get("name")):
            continue
        for fact in claim.get("facts", []):
            if fact.get("slot") in score.SCORED_SLOTS and not fact.get("scope"):
                key = (score.norm(claim["source"].get("name")), fact["slot"], json.dumps(fact.get("value")))
                preds.setdefault(key, (claim, fact))
    gold = case.get("facts", [])
    ok = lambda claim, fact, g: (g["slot"] == fact["slot"] and score.same_value(fact.get("value"), g["value"])
                                 and score.source_matches(claim.get("source", {}), g["source"]))
    wrong = [(c, f) for c, f in preds.values() if not any(ok(c, f, g) for g in gold)]
    missed = [g for g in gold if not g.get("optional") and not any(ok(c, f, g) for c, f in preds.values())]
    return {"wrong": wrong, "missed": missed}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("case", type=Path)
    parser.add_argument("ledger", type=Path)
    parser.add_argument("--lenient", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--misses", type=int, default=0, help="print this many missed gold attributions")
    parser.add_argument("--wrong", type=int, default=0, help="print this many wrong claims")
    parser.add_argument("--facts", action="store_true", help="list wrong and missed facts instead")
    args = parser.parse_args(argv)
    case = json.loads(args.case.read_text(encoding="utf-8"))
    ledger = json.loads(args.ledger.read_text(encoding="utf-8"))
    if args.facts:
        found = diagnose_facts(case, ledger)
        for claim, fact in found["wrong"]:
            print(f"WRONG {claim['doc']} {claim['source'].get('name')!r} [{claim.get('path')}] {fact['slot']}="
                  f"{fact.get('value')} :: {fact.get('evidence')!r} in {claim.get('text', '')[:100]!r}")
        for gold in found["missed"]:
            print(f"MISS {gold['source'][:2]} {gold['slot']}={gold['value']}")
        return 0
    result = diagnose(case, ledger, lenient=args.lenient)
    if args.json:
        print(json.dumps({k: v for k, v in result.items() if k not in ("missed", "wrong", "claims", "right")},
                         ensure_ascii=False))
        return 0
    print(f"attributions P {result['p']:.2f}  R {result['r']:.2f}  F1 {result['f1']:.2f}"
          + ("  (pronoun sources lenient)" if args.lenient else ""))
    for path, row in result["paths"].items():
        print(f"  {path:20s} {row['right']:4d} right {row['wrong']:4d} wrong  precision {row['precision']:.2f}")
    print("  misses: " + ", ".join(f"{k} {v}" for k, v in result["misses"].most_common()))
    for gold in result["missed"][:args.misses]:
        print(f"MISS[{gold['kind']}] {gold['doc']} {gold['source']} cue={gold.get('cue')!r} :: {gold['contains'][:90]}")
    for claim in result["wrong"][:args.wrong]:
        print(f"WRONG[{claim.get('path')}] {claim['doc']} {claim['source'].get('name')!r} cue={claim.get('cue')!r} :: "
              f"{claim.get('text', '')[:90]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
