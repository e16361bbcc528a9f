"""What the cheap path skips on real feeds, and what it would lose (``rashomon.topic``).

    .venv/bin/python eval/real/topic_gate.py --mirror /work/.mirror \\
        [--polnear polnear-train.docs.jsonl] [--sample 150]

For each real corpus (``corpora.py``: Russian Telegram news channels, a mixed feed of
everything they post; Ukrainian resistance reports; Zelenskyy's addresses; and, when
given, PolNeAR's political news as JSON Lines, train or dev split only), it prints the
share of documents the gate skips, then analyses a random sample of the skipped
ones and of the kept ones in full (no cheap path) and counts those that give a fact
the scorer reads (``SCORED_SLOTS``): a skipped document with such a fact is a loss;
a kept one without is parsed for nothing. Held-out texts are never read (corpora.py).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpora import CORPORA, documents  # noqa: E402

from rashomon.ledger import SCORED_SLOTS, Document  # noqa: E402
from rashomon.pipeline import analyze_documents  # noqa: E402
from rashomon.topic import about_a_strike  # noqa: E402

SEED = 20261204


def as_document(item: dict) -> Document:
    return Document(id=item["id"], text=item["text"], lang=item.get("lang"), publisher=item.get("publisher"),
                    published=item.get("published"), title=item.get("title"))


def with_facts(items: list[Document]) -> list[str]:
    """The ids of the documents whose full analysis gives a scored fact."""
    if not items:
        return []
    ledger = analyze_documents(items)
    return sorted({c.doc for c in ledger.claims if any(f.slot in SCORED_SLOTS for f in c.facts)})


def measure(name: str, items: list[Document], sample: int) -> dict:
    start = time.perf_counter()
    verdicts = [bool(about_a_strike(d)) for d in items]
    spent = time.perf_counter() - start
    kept = [d for d, on in zip(items, verdicts) if on]
    skipped = [d for d, on in zip(items, verdicts) if not on]
    rng = random.Random(SEED)
    skipped_sample = rng.sample(skipped, min(sample, len(skipped)))
    kept_sample = rng.sample(kept, min(sample, len(kept)))
    lost = with_facts(skipped_sample)
    useful = with_facts(kept_sample)
    words = sum(len(d.text.split()) for d in items)
    return {"corpus": name, "documents": len(items), "skipped": len(skipped),
            "skipped_share": round(len(skipped) / len(items), 3) if items else 0.0,
            "skipped_words_share": round(sum(len(d.text.split()) for d in skipped) / words, 3) if words else 0.0,
            "gate_ms_per_document": round(1000 * spent / len(items), 3) if items else 0.0,
            "skipped_sampled": len(skipped_sample), "skipped_with_facts": len(lost), "lost_ids": lost,
            "kept_sampled": len(kept_sample), "kept_with_facts": len(useful)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, required=True, help="the folder fetch put the repositories in")
    parser.add_argument("--polnear", type=Path, help="PolNeAR documents (train or dev) as JSON Lines")
    parser.add_argument("--sample", type=int, default=150, help="documents analysed in full per side")
    parser.add_argument("--json", type=Path, help="write the figures here too")
    options = parser.parse_args(argv)
    rows = []
    for name, corpus in CORPORA.items():
        items = [as_document(d) for d in documents(corpus, options.mirror).values()]
        rows.append(measure(name, items, options.sample))
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "lost_ids"}), flush=True)
    if options.polnear:
        items = [as_document(json.loads(line)) for line in options.polnear.read_text("utf-8").splitlines() if line]
        rows.append(measure(f"polnear ({options.polnear.name})", items, options.sample))
        print(json.dumps({k: v for k, v in rows[-1].items() if k != "lost_ids"}), flush=True)
    print()
    print(f"{'corpus':<34} {'docs':>6} {'skipped':>8} {'words':>6} {'lost':>9} {'kept useful':>12} {'ms/doc':>7}")
    for row in rows:
        print(f"{row['corpus']:<34} {row['documents']:>6} {row['skipped_share']:>8.1%} "
              f"{row['skipped_words_share']:>6.1%} {row['skipped_with_facts']:>4}/{row['skipped_sampled']:<4} "
              f"{row['kept_with_facts']:>6}/{row['kept_sampled']:<5} {row['gate_ms_per_document']:>7.2f}")
        if row["lost_ids"]:
            print(f"  lost: {', '.join(row['lost_ids'])}")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
