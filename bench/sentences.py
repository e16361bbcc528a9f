#!/usr/bin/env python3
"""Could a sentence skip the dependency parse? A measurement for issue 15, not a feature.

    .venv/bin/python bench/sentences.py                 # a feed sample of 600, the documents the gate keeps
    .venv/bin/python bench/sentences.py --sample 300
    .venv/bin/python bench/sentences.py --eval          # the evaluation cases' documents

The documents are those of a sample of ``bench/feed.py``'s day (seed 15) that the
topic gate (``topic.about_a_strike``) keeps: the strike articles and the off-topic
ones it keeps wrongly, as a realistic mixed feed sends them to the parser. Each of
their sentences (as the full pipeline cuts them) is classed as **needing a parse**
when it has

- a cue: a word or lemma of the language's ``cues``, or an "according to" phrase;
- a figure: a digit or a number word (spaCy's ``like_num``);
- a word of ``topic.yaml``'s weapons, interceptions, strikes, damage or casualties;
- a place: a LOC or GPE entity of the full pipeline (so the count is an upper bound
  of what a cheap test, without the parse, could skip);

and as **skippable** otherwise. It prints the share of sentences and of words that are
skippable, the claims and facts whose sentence is one of them (what skipping them would
lose, before any effect of a missing parse on the sentences around), and the share of
the parse time the dependency parser takes (spaCy: the pipeline without ``parser``
against with it; natasha: ``parse_syntax`` against the adapter's whole call): the most a
sentence-level skip can save is about the product of the skippable share of words and
the parser's share.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import feed  # noqa: E402
from rashomon.lang import load_language  # noqa: E402
from rashomon.parse import load_parser, parse_documents  # noqa: E402
from rashomon.pipeline import Analysis, analyze_documents  # noqa: E402
from rashomon.settings import DEFAULT_SETTINGS  # noqa: E402
from rashomon.topic import TopicLexicon, about_a_strike  # noqa: E402

NEEDED_CATEGORIES = ("weapons", "interceptions", "strikes", "damage", "casualties")
PLACE_LABELS = {"LOC", "GPE"}


def needs_parse(sentence, lang, lexicon: TopicLexicon) -> str | None:
    """Why the sentence needs a parse (the first reason found), or None."""
    lower = sentence.text.lower()
    if any(t.lemma_.lower() in lang.cues or t.lower_ in lang.cues for t in sentence) or any(
            phrase in lower for phrase in lang.according_to):
        return "cue"
    if any(t.like_num or any(c.isdigit() for c in t.text) for t in sentence):
        return "figure"
    found = lexicon.relevance(sentence.text).found
    if any(found.get(category) for category in NEEDED_CATEGORIES):
        return "strike word"
    if any(ent.label_ in PLACE_LABELS for ent in sentence.ents):
        return "place"
    return None


def parser_share(documents) -> dict[str, tuple[float, float]]:
    """(seconds with the dependency parser, seconds of the parser alone) per language."""
    shares = {}
    for code, spec in DEFAULT_SETTINGS.models.items():
        texts = [d.text for d in documents if d.lang == code]
        if not texts:
            continue
        parser = load_parser(code, spec, max_quote_chars=DEFAULT_SETTINGS.max_quote_chars)
        if hasattr(parser, "nlp"):
            start = time.perf_counter()
            list(parser.nlp.pipe(texts))
            whole = time.perf_counter() - start
            with parser.nlp.select_pipes(disable=["parser"]):
                start = time.perf_counter()
                list(parser.nlp.pipe(texts))
                without = time.perf_counter() - start
            shares[code] = (whole, whole - without)
        else:
            syntax = parser.syntax_parser
            spent = [0.0]

            class Timed:
                """natasha's syntax parser, timed (its ``map`` is lazy: forced here)."""

                def map(self, chunk):
                    start = time.perf_counter()
                    markups = list(syntax.map(chunk))
                    spent[0] += time.perf_counter() - start
                    return markups

            parser.syntax_parser = Timed()
            try:
                start = time.perf_counter()
                for text in texts:
                    parser(text)
                whole = time.perf_counter() - start
            finally:
                parser.syntax_parser = syntax
            shares[code] = (whole, spent[0])
    return shares


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--sample", type=int, default=600)
    options.add_argument("--eval", action="store_true", help="the documents of eval/cases instead of a feed")
    args = options.parse_args()
    if args.eval:
        import json

        from rashomon.ledger import Document

        fields = ("id", "text", "lang", "publisher", "published", "url", "title")
        kept = [Document(**{k: record.get(k) for k in fields})
                for case in sorted((ROOT / "eval" / "cases").glob("*.case.json"))
                for record in json.loads(case.read_text(encoding="utf-8"))["documents"]]
        print(f"the evaluation cases' {len(kept)} documents, {Counter(d.lang for d in kept)}")
    else:
        sample = feed.Day(100_000).sample(args.sample)
        kept = [a.document for a in sample if about_a_strike(a.document)]
        print(f"feed sample of {len(sample)}: {len(kept)} kept by the gate "
              f"({sum(a.strike for a in sample)} strike articles), {Counter(d.lang for d in kept)}")

    sentences = Counter()
    words = Counter()
    reasons = Counter()
    skippable: dict[str, list[tuple[int, int]]] = {}
    for document, pieces in parse_documents(kept):
        lang = load_language(document.lang)
        lexicon = TopicLexicon([lang])
        for doc in pieces:
            for sentence in doc.sents:
                if not sentence.text.strip():
                    continue
                why = needs_parse(sentence, lang, lexicon)
                reasons[why or "skippable"] += 1
                key = (document.lang, why is None)
                sentences[key] += 1
                words[key] += sum(1 for t in sentence if not t.is_space and not t.is_punct)
                if why is None:
                    start = doc._.offset + sentence.start_char
                    skippable.setdefault(document.id, []).append((start, doc._.offset + sentence.end_char))
    print("\nsentences: skippable / all, by language (words in brackets)")
    for code in sorted({code for code, _ in sentences}):
        total = sentences[(code, True)] + sentences[(code, False)]
        total_words = words[(code, True)] + words[(code, False)]
        print(f"  {code}: {sentences[(code, True)]} / {total} = {sentences[(code, True)] / total:.1%} "
              f"({words[(code, True)] / total_words:.1%} of the words)")
    all_sentences = sum(sentences.values())
    all_words = sum(words.values())
    skipped_words = sum(n for (code, skip), n in words.items() if skip)
    print(f"  all: {reasons['skippable']} / {all_sentences} = {reasons['skippable'] / all_sentences:.1%} "
          f"({skipped_words / all_words:.1%} of the words)")
    print("  first reason a sentence needs a parse: "
          + ", ".join(f"{why} {n}" for why, n in reasons.most_common() if why != "skippable"))

    ledger = analyze_documents(kept, analysis=Analysis())
    lost = [c for c in ledger.claims if any(start <= c.sentence[0] < end or c.sentence[0] <= start < c.sentence[1]
                                            for start, end in skippable.get(c.doc, ()))]
    print(f"\nclaims whose sentence would be skipped: {len(lost)} of {len(ledger.claims)}, "
          f"facts {sum(len(c.facts) for c in lost)} of {sum(len(c.facts) for c in ledger.claims)}")
    for claim in lost[:5]:
        print(f"  {claim.doc} {claim.path}: {claim.text[:100]!r}")

    print("\nthe dependency parser's share of the parse (seconds, this run)")
    for code, (whole, parser) in parser_share(kept).items():
        print(f"  {code}: {parser:.1f} of {whole:.1f} s = {parser / whole:.0%}")


if __name__ == "__main__":
    main()
