#!/usr/bin/env python3
"""Near-duplicate detection at scale: documents per second, peak memory, and how well reprints are found.

    .venv/bin/python bench/duplicates.py                 # 1,000 and 10,000 documents
    .venv/bin/python bench/duplicates.py --sizes 500 2000

Documents are made of sentences drawn at random from the texts of every
evaluation case (eval/cases and ../shared/eval), so that they share the
formulaic wording of real reports; every tenth document is a reprint of an
earlier one under a new headline and intro line, or cut short by its last
paragraph. (A random document shares a sentence with another now and then:
that is the noise the links must not follow.) ``duplicates.mark_duplicates`` runs on each batch; the benchmark
prints throughput, the peak of traced Python allocations, the ratio of the
per-document cost at the largest size to that at the smallest (1.0 is linear
growth, an all-pairs method would give the ratio of the sizes), and the
precision and recall of the links against the reprints it made.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon.duplicates import mark_duplicates  # noqa: E402
from rashomon.ledger import Document  # noqa: E402

CASES = sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted((ROOT.parent / "shared" / "eval").glob("*.case.json"))
SENTENCES = 12  # about 300 words, a wire story's length
START = datetime(2025, 6, 1, tzinfo=timezone.utc)
SENTENCE = re.compile(r"(?<=[.!?»])\s+")


def sentences() -> list[str]:
    pool = []
    for case in CASES:
        for document in json.loads(case.read_text(encoding="utf-8"))["documents"]:
            pool += [s.strip() for s in SENTENCE.split(document["text"]) if len(s.split()) >= 6]
    return sorted(set(pool))


def corpus(size: int, pool: list[str], rng: random.Random) -> tuple[list[Document], dict[str, str]]:
    documents, reprints = [], {}
    for number in range(size):
        # later documents are published later: a reprint comes after its original
        published = (START + timedelta(minutes=number)).isoformat()
        if number % 10 == 9:
            original = documents[rng.randrange(len(documents))]
            root = reprints.get(original.id, original.id)
            paragraphs = original.text.split("\n\n")
            if number % 20 == 9:
                # a new headline and an intro line of the partner's
                paragraphs = [rng.choice(pool), f"(Partner {number}, with agencies)", *paragraphs[1:]]
            else:
                paragraphs = paragraphs[:-1]  # cut short
            text = "\n\n".join(paragraphs)
            reprints[f"d{number}"] = root
        else:
            text = "\n\n".join(rng.sample(pool, SENTENCES))
        documents.append(Document(id=f"d{number}", text=text, published=published))
    return documents, reprints


def run(size: int, pool: list[str]) -> dict:
    documents, reprints = corpus(size, pool, random.Random(size))
    tracemalloc.start()
    start = time.perf_counter()
    mark_duplicates(documents)
    seconds = time.perf_counter() - start
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    found = {d.id: d.duplicate_of for d in documents if d.duplicate_of}
    right = sum(found.get(doc_id) == root for doc_id, root in reprints.items())
    return {"size": size, "seconds": seconds, "per_second": size / seconds, "peak_mb": peak / 1e6,
            "precision": right / len(found) if found else 1.0, "recall": right / len(reprints) if reprints else 1.0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    args = parser.parse_args()
    pool = sentences()
    print(f"{len(pool)} sentences from {len(CASES)} cases")
    results = [run(size, pool) for size in args.sizes]
    for r in results:
        print(f"{r['size']:>7} documents: {r['seconds']:6.2f} s, {r['per_second']:6.0f} documents/s, "
              f"peak {r['peak_mb']:5.1f} MB, reprints found: precision {r['precision']:.3f}, recall {r['recall']:.3f}")
    first, last = results[0], results[-1]
    print(f"cost per document at {last['size']} / at {first['size']}: "
          f"{first['per_second'] / last['per_second']:.2f} (1.00 = linear; all pairs would give "
          f"{last['size'] / first['size']:.0f})")


if __name__ == "__main__":
    main()
