#!/usr/bin/env python3
"""Train the confidence model on the real training cases; choose its threshold on the dev cases.

    python eval/real/train.py [--cases build/real] [--out src/rashomon/attribute] [--precision 0.85]

Run ``build.py`` first: it writes the cases from the fetched repositories
(``make train MIRROR=...`` does both). Needs scikit-learn (``pip install -e '.[train]'``);
rashomon itself reads the model with the standard library.

1. Each ``*-train.case.json`` (and ``polnear-train-*``) is analysed in this process with
   no model, so that every candidate the rules propose is kept with its features
   (``rashomon.attribute.features``).
2. Labels come from the gold, matched as ``../shared/eval/score.py`` matches them: an
   attributed claim is right when it is the claim the scorer pairs with a gold
   attribution (leniently for PolNeAR's pronoun sources, which name no one); a claim in the publisher's own voice is right when it covers no gold
   attribution's content; a fact is right when a gold fact of its source, slot and value
   exists (cases without facts train no fact).
3. Two logistic regressions (scikit-learn, L2), one for claims and one for facts; each
   corpus weighs the same whatever its size, so the 200 PolNeAR articles do not drown the
   Telegram posts.
4. The default threshold is the lowest at which the attributions of the ``*-dev`` cases
   reach the asked precision (0.85) on average over the cases (each corpus counts once,
   whatever its size); where none does, the one with the best mean F0.5 (precision first).
   The card records the dev scores at it and at 0.
5. ``confidence.json`` (weights as plain JSON, no pickle) and ``MODEL.md`` (its card) are
   written to ``--out``.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from diagnose import match, score  # noqa: E402  (the shared scorer's own functions)

ROOT = HERE.parents[1]
SCORED_SLOTS = score.SCORED_SLOTS


def corpus_of(case_name: str) -> str:
    return case_name.rsplit("-", 1)[0] if not case_name.startswith("polnear") else "polnear"


def analyse(case: dict, model=None):
    """The case's documents through rashomon in this process, nothing filtered."""
    from rashomon.ledger import Document
    from rashomon.pipeline import Analysis, analyze_documents
    from rashomon.settings import Settings
    documents = [Document(id=d["id"], text=d["text"], lang=d.get("lang"), publisher=d.get("publisher"),
                          published=d.get("published"), url=d.get("url")) for d in case["documents"]]
    analysis = Analysis(settings=Settings(min_confidence=0.0), confidence=model, keep_features=True)
    return analyze_documents(documents, analysis=analysis)


def examples(case: dict, ledger) -> tuple[list, list]:
    """(features, label, attributed) of every claim, (features, label) of every scored fact."""
    data = {"claims": [c.to_json() for c in ledger.claims]}
    # a PolNeAR source given as a pronoun names no one ("he"): any speaker there is right
    # as far as the gold can tell, so the model does not learn that pronouns are wrong
    pairs, attributed = match(case, data, lenient=True)
    right = {attributed[i]["id"] for i in pairs.values()}
    texts = {d["id"]: d["text"] for d in case["documents"]}
    golds = defaultdict(list)
    for gold in case.get("attributions", []):
        golds[gold["doc"]].append(gold)
    claims, facts = [], []
    for claim in ledger.claims:
        if claim.attributed:
            label = claim.id in right
        else:
            as_json = claim.to_json()
            label = not any(score.covers(as_json, texts.get(claim.doc, ""), g["contains"]) for g in golds[claim.doc])
        claims.append((claim.features, label, claim.attributed))
        if not case.get("facts"):
            continue
        for fact in claim.facts:
            if fact.slot not in SCORED_SLOTS or fact.scope:
                continue
            label = any(g["slot"] == fact.slot and score.same_value(fact.value, g["value"])
                        and score.source_matches(claim.source.to_json(), g["source"]) for g in case["facts"])
            facts.append((fact.features, label))
    return claims, facts


def fit(rows: list[tuple[dict, bool, float]]):
    """A logistic regression over feature dicts: (intercept, {feature: weight})."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression
    vectorizer = DictVectorizer()
    x = vectorizer.fit_transform([features for features, _, _ in rows])
    y = [int(label) for _, label, _ in rows]
    weights = [w for _, _, w in rows]
    # strong regularisation: a rule seen rarely in one corpus should not speak for every language
    model = LogisticRegression(C=0.3, max_iter=2000, fit_intercept=True)
    model.fit(x, y, sample_weight=weights)
    names = vectorizer.get_feature_names_out()
    return float(model.intercept_[0]), {str(n): round(float(w), 5) for n, w in zip(names, model.coef_[0]) if abs(w) > 1e-6}


def balanced(per_corpus: dict[str, list]) -> list[tuple[dict, bool, float]]:
    """Rows weighted so that each corpus counts the same."""
    total = sum(len(rows) for rows in per_corpus.values())
    out = []
    for rows in per_corpus.values():
        if rows:
            weight = total / (len(per_corpus) * len(rows))
            out += [(features, label, weight) for features, label in rows]
    return out


def pooled(dev: list[tuple[dict, dict]], floor: float) -> tuple[float, float, float, dict]:
    """Attributions P/R/F1 over the dev cases, keeping claims at least ``floor`` likely:
    the mean over cases (each corpus counts once, whatever its size), and each case's F1."""
    rows, per_case = [], {}
    for case, ledger in dev:
        kept = {"claims": [c for c in ledger["claims"] if not c["attributed"] or (c["confidence"] or 0) >= floor]}
        pairs, attributed = match(case, kept)
        golds = len(case.get("attributions", []))
        p, r, f = score.prf(len(pairs), len(attributed), len(pairs), golds)
        rows.append((p, r, f, 1.25 * p * r / (0.25 * p + r) if p + r else 0.0))
        per_case[case["case"]] = round(f, 3)
    p, r, f, f_half = (sum(row[i] for row in rows) / len(rows) for i in range(4))
    return p, r, f, per_case, f_half


def choose_threshold(dev, precision: float) -> tuple[float, dict]:
    """The lowest threshold at which the mean precision reaches ``precision``; where no
    threshold does, the one with the best mean F0.5 (precision counted twice as much as
    recall), the lowest of equals."""
    table = {}
    for step in range(0, 96):
        floor = step / 100
        p, r, f, per_case, f_half = pooled(dev, floor)
        table[floor] = {"p": round(p, 3), "r": round(r, 3), "f1": round(f, 3), "f0.5": round(f_half, 3),
                        "cases": per_case}
    reaching = [t for t, row in table.items() if row["p"] >= precision]
    return (min(reaching) if reaching else max(table, key=lambda t: (table[t]["f0.5"], -t))), table


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=Path, default=ROOT / "build" / "real")
    parser.add_argument("--out", type=Path, default=ROOT / "src" / "rashomon" / "attribute")
    parser.add_argument("--precision", type=float, default=0.85,
                        help="pooled dev precision the default threshold must reach")
    args = parser.parse_args(argv)
    from rashomon.attribute.confidence import ConfidenceModel, LogisticScore

    train_files = sorted(p for p in args.cases.glob("*.case.json") if "-train" in p.name)
    dev_files = sorted(p for p in args.cases.glob("*.case.json")
                       if p.name.endswith("-dev.case.json") or p.name == "polnear-dev.case.json")
    if not train_files or not dev_files:
        print(f"no training or dev cases in {args.cases}: run eval/real/build.py first", file=sys.stderr)
        return 2
    claim_rows, publisher_rows, fact_rows = defaultdict(list), defaultdict(list), defaultdict(list)
    for path in train_files:
        case = json.loads(path.read_text(encoding="utf-8"))
        claims, facts = examples(case, analyse(case))
        corpus = corpus_of(case["case"])
        claim_rows[corpus] += [(f, label) for f, label, attributed in claims if attributed]
        publisher_rows[corpus] += [(f, label) for f, label, attributed in claims if not attributed]
        fact_rows[corpus] += facts
        print(f"{case['case']}: {len(claims)} claims ({sum(l for _, l, _ in claims)} right), "
              f"{len(facts)} facts ({sum(l for _, l in facts)} right)", file=sys.stderr)
    claim_model = LogisticScore(*fit(balanced(claim_rows)))
    publisher_model = LogisticScore(*fit(balanced(publisher_rows)))
    fact_model = LogisticScore(*fit(balanced(fact_rows)))
    model = ConfidenceModel(claim=claim_model, publisher=publisher_model, fact=fact_model, threshold=0.0, card={})
    dev = []
    for path in dev_files:
        case = json.loads(path.read_text(encoding="utf-8"))
        dev.append((case, {"claims": [c.to_json() for c in analyse(case, model).claims]}))
    threshold, table = choose_threshold(dev, args.precision)
    card = {
        "trained": date.today().isoformat(),
        "command": "python eval/real/train.py (after eval/real/build.py --mirror DIR)",
        "train_cases": [p.name for p in train_files],
        "train_examples": {"claims": {k: len(v) for k, v in claim_rows.items()},
                           "publisher": {k: len(v) for k, v in publisher_rows.items()},
                           "facts": {k: len(v) for k, v in fact_rows.items()}},
        "dev_cases": [p.name for p in dev_files],
        "precision_target": args.precision,
        "dev_at_threshold": table[threshold],
        "dev_at_zero": table[0.0],
        "dev_by_threshold": {str(t): {k: v for k, v in row.items() if k != "cases"} for t, row in table.items()
                             if round(t * 100) % 5 == 0},
    }
    model = ConfidenceModel(claim=claim_model, publisher=publisher_model, fact=fact_model, threshold=threshold,
                            card=card)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "confidence.json").write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1,
                                                         sort_keys=True) + "\n", encoding="utf-8")
    (args.out / "MODEL.md").write_text(model_card(model), encoding="utf-8")
    print(json.dumps({"threshold": threshold, "dev_at_threshold": table[threshold], "dev_at_zero": table[0.0]},
                     ensure_ascii=False))
    return 0


def model_card(model) -> str:
    card = model.card
    rows = "\n".join(f"| {t} | {r['p']:.2f} | {r['r']:.2f} | {r['f1']:.2f} | {r['f0.5']:.2f} |"
                     for t, r in card["dev_by_threshold"].items())
    reached = "yes" if card["dev_at_threshold"]["p"] >= card["precision_target"] else (
        f"no (mean precision {card['dev_at_threshold']['p']:.2f} at the threshold)")
    cases = "\n".join(f"| {name} | {card['dev_at_zero']['cases'][name]:.2f} | {f1:.2f} |"
                      for name, f1 in card["dev_at_threshold"]["cases"].items())
    top = sorted(model.claim.weights.items(), key=lambda kv: -abs(kv[1]))[:15]
    weights = "\n".join(f"| `{name}` | {w:+.2f} |" for name, w in top)
    return f"""# The confidence model (`confidence.json`)

Two logistic regressions over `features.py`: one gives each claim the likelihood that its
attribution is right (source, cue and content; for a statement in the publisher's own
voice, that no one else speaks there), one each scored fact the likelihood that its value
is right. Weights are plain JSON, read without scikit-learn; nothing is downloaded.

- **Trained** {card['trained']} by `{card['command']}`, on the training halves of the real
  development corpora (`eval/real/README.md`): {', '.join(card['train_cases'])}. Examples
  (claims): {card['train_examples']['claims']}; facts: {card['train_examples']['facts']}. Each
  corpus weighs the same.
- **Default threshold** `{model.threshold}` (`--min-confidence`): the lowest at which the
  attributions of the dev cases ({', '.join(card['dev_cases'])}) reach precision
  {card['precision_target']} on average over the cases, or, where no threshold does, the one with
  the best mean F0.5 (precision weighs twice recall). Reached: {reached}. Below it, an attributed
  claim is not reported, nor a fact.
- **Licences**: PolNeAR (no licence file; its package declares MIT), telegram-news-classifier
  (CC BY 4.0), resistinua (CC0), zelenskyy_speeches (MIT); the weights hold no text.

## Dev attributions, mean over the cases, by threshold

| threshold | P | R | F1 | F0.5 |
|---|---|---|---|---|
{rows}

## Dev attributions F1 per case, everything vs the default threshold

| case | at 0 | at {model.threshold} |
|---|---|---|
{cases}

## The heaviest claim features

| feature | weight |
|---|---|
{weights}
"""


if __name__ == "__main__":
    sys.exit(main())
