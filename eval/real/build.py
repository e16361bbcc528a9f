#!/usr/bin/env python3
"""Build the real development cases from fetched copies of public repositories.

    python3 eval/real/build.py --mirror DIR [--out build/real]
    python3 eval/real/build.py --mirror DIR --todo DIR [--corpus NAME]   (texts to annotate)
    python3 eval/real/build.py --mirror DIR --check                       (gold files only)

``DIR`` holds the snapshots that the search tool's ``fetch`` brought, one
``<owner>+<name>/repo`` git directory each (``corpora.py`` names the repositories).

For each annotated corpus, the gold files ``gold/<corpus>/<id>.json`` are joined
with the texts read from the snapshot into two cases of the shared format
(``../../shared/eval/README.md``): ``<corpus>-dev.case.json``, to measure, and
``<corpus>-train.case.json``, to develop rules and train the confidence model on
(``corpora.split_of``). PolNeAR goes through ``../shared/eval/build_polnear_case.py``
with the conventions the held-out scoring uses: ``polnear-dev-30`` (30 dev articles,
seed 1, the size the peer was measured on), ``polnear-dev`` (all 84) and
``polnear-train-200`` (200 train articles, seed 1). PolNeAR's test split is never read.
"""
from __future__ import annotations

import argparse
import csv
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from corpora import CORPORA, GOLD, ROOT, CorpusError, documents, draw, git_dir, sha256, split_of  # noqa: E402
from validate_case import fact_key, validate  # noqa: E402

SHARED_BUILDER = ROOT.parent / "shared" / "eval" / "build_polnear_case.py"
POLNEAR = "networkdynamics/PolNeAR"
POLNEAR_CASES = (("polnear-dev-30", "dev", 30, 1), ("polnear-dev", "dev", 84, 1),
                 ("polnear-train-200", "train", 200, 1))
GOLD_KEYS = {"id", "sha256", "publisher", "about_strike", "attributions", "facts", "notes"}
DOC_FIELDS = ("id", "lang", "publisher", "published", "url", "title", "text")


def gold_files(corpus: str) -> list[Path]:
    return sorted((GOLD / corpus).glob("*.json"))


def form_problems(path: Path, gold: dict) -> list[str]:
    """What is wrong with a gold file on its own, without its text: keys, aliases,
    stances, slots and values (the text is checked by ``load_gold``)."""
    where = path.name
    problems = [f"{where}: unknown key {k!r}" for k in gold if k not in GOLD_KEYS]
    if gold.get("id") != path.stem or len(str(gold.get("sha256", ""))) != 64:
        problems.append(f"{where}: 'id' must be the file's name and 'sha256' the text's hash")
    # the text stands in for the document's: every "contains" is in it by construction
    stand_in = "\n".join(["(gold)", *(str(a.get("contains", "")) for a in gold.get("attributions", []))])
    case = {"case": where, "documents": [{"id": gold.get("id"), "text": stand_in}],
            "attributions": [{"doc": gold.get("id"), **a} for a in gold.get("attributions", [])],
            "facts": gold.get("facts", [])}
    errors, _ = validate(case)
    return problems + [f"{where}: {e}" for e in errors if "publisher" not in e and "quoted" not in e]


def load_gold(path: Path, docs: dict[str, dict]) -> tuple[dict, list[str]]:
    """One gold file and the problems that stop it from being used."""
    gold = json.loads(path.read_text(encoding="utf-8"))
    problems = form_problems(path, gold)
    doc = docs.get(gold.get("id"))
    if doc is None:
        problems.append(f"{path.name}: no document {gold.get('id')!r} in the snapshot (or it is held out)")
    elif sha256(doc["text"]) != gold.get("sha256"):
        problems.append(f"{path.name}: the text changed upstream since it was annotated (sha256 differs)")
    return gold, problems


def case_of(corpus: str, split: str, golds: list[dict], docs: dict[str, dict]) -> dict:
    corp = CORPORA[corpus]
    chosen = [g for g in golds if split_of(g["id"]) == split]
    return {
        "case": f"{corpus}-{split}",
        "about": f"{len(chosen)} real documents of {corp.repo} ({corp.lang}), drawn at random and annotated "
                 f"blind for rashomon (eval/real/README.md); the {split} half of the corpus.",
        "licence": corp.licence,
        "documents": [{k: docs[g["id"]].get(k) for k in DOC_FIELDS} for g in chosen],
        "attributions": [{"doc": g["id"], **a} for g in chosen for a in g.get("attributions", [])],
        "facts": distinct_facts(f for g in chosen for f in g.get("facts", [])),
    }


def distinct_facts(facts) -> list[dict]:
    """The facts of a case, each once: ``score.py`` pools facts over the whole case by
    source, slot and value, so a source giving the same figure in two documents is one
    fact (required if either document's gold requires it). A source is its set of aliases,
    whatever their order and case, as ``validate_case`` reads it."""
    out: dict[tuple, dict] = {}
    for fact in facts:
        key = fact_key(fact)
        if key in out and not fact.get("optional"):
            out[key].pop("optional", None)
        out.setdefault(key, dict(fact))
    return list(out.values())


def build_annotated(mirror: Path, out: Path, only: list[str] | None, check: bool) -> int:
    failed = 0
    for name, corpus in CORPORA.items():
        if only and name not in only or not gold_files(name):
            continue
        docs = documents(corpus, mirror)
        golds, problems = [], []
        for path in gold_files(name):
            gold, found = load_gold(path, docs)
            problems += found
            if not found:
                golds.append(gold)
        for split in ("dev", "train"):
            case = case_of(name, split, golds, docs)
            errors, _ = validate(case)
            problems += [f"{case['case']}: {e}" for e in errors]
            if not check:
                (out / f"{case['case']}.case.json").write_text(json.dumps(case, ensure_ascii=False, indent=1),
                                                               encoding="utf-8")
            print(f"{case['case']}: {len(case['documents'])} documents, {len(case['attributions'])} "
                  f"attributions, {len(case['facts'])} facts")
        for problem in problems:
            print(f"  {problem}", file=sys.stderr)
        failed += bool(problems)
    return failed


def extract_polnear(mirror: Path, dest: Path) -> Path:
    """Train and dev of PolNeAR, as files, from the snapshot (one ``git cat-file --batch``).

    The snapshot lacks its largest files (some CoreNLP XML): the shared builder works
    without them. Three train articles whose annotation does not match their text
    (brat span texts that are not the text's own) are left out of ``metadata.tsv``."""
    gitdir = git_dir(mirror, POLNEAR)
    listing = subprocess.run(["git", f"--git-dir={gitdir}", "ls-tree", "-r", "HEAD", "--",
                              "data/metadata.tsv", "data/train", "data/dev"],
                             check=True, capture_output=True, text=True).stdout.splitlines()
    entries = [(line.split()[2], line.split("\t", 1)[1]) for line in listing]
    batch = subprocess.run(["git", f"--git-dir={gitdir}", "cat-file", "--batch"], check=True,
                           input="".join(f"{sha}\n" for sha, _ in entries).encode(), capture_output=True).stdout
    at = 0
    for sha, path in entries:
        header_end = batch.index(b"\n", at)
        header = batch[at:header_end].decode().split()
        at = header_end + 1
        if header[-1] == "missing":
            continue
        size = int(header[2])
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(batch[at:at + size])
        at += size + 1
    keep_matching_articles(dest / "data")
    return dest


def keep_matching_articles(data: Path) -> None:
    """Drop from metadata.tsv the test split (never read) and articles whose brat spans
    do not match their text, which the shared builder would stop on."""
    sys.path.insert(0, str(SHARED_BUILDER.parent))
    from build_polnear_case import parse_ann
    with open(data / "metadata.tsv", encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f, delimiter="\t")
        fields, rows = reader.fieldnames, [r for r in reader if r["compartment"] in ("train", "dev")]
    good = []
    for row in rows:
        folder = data / row["compartment"]
        text_file = folder / "text" / f"{row['filename']}.txt"
        anns = [folder / "attributions" / f"{row['filename']}_{a}.ann" for a in row["annotators"].split("|")]
        anns = [a for a in anns if a.exists()]
        if not text_file.exists() or not anns:
            continue
        text = text_file.read_bytes().decode("utf-8")
        spans, _ = parse_ann(anns[0])
        if all(" ".join(text[b:e] for b, e in rngs) == st for _, rngs, st in spans.values()):
            good.append(row)
    with open(data / "metadata.tsv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, delimiter="\t")
        writer.writeheader()
        writer.writerows(good)


def build_polnear(mirror: Path, out: Path) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        checkout = extract_polnear(mirror, Path(tmp))
        for name, split, n, seed in POLNEAR_CASES:
            target = out / f"{name}.case.json"
            result = subprocess.run([sys.executable, str(SHARED_BUILDER), str(checkout), str(n), str(seed),
                                     str(target), "--split", split], check=True, capture_output=True, text=True)
            case = json.loads(target.read_text(encoding="utf-8"))
            case["case"] = name
            target.write_text(json.dumps(case, ensure_ascii=False, indent=1), encoding="utf-8")
            print(f"{name}: {result.stdout.strip()}")


def write_todo(mirror: Path, todo: Path, only: list[str] | None) -> None:
    """The drawn documents, one JSON file each, for annotators (outside the repository)."""
    for name, corpus in CORPORA.items():
        if only and name not in only:
            continue
        folder = todo / name
        folder.mkdir(parents=True, exist_ok=True)
        chosen = draw(corpus, documents(corpus, mirror))
        for doc in chosen:
            record = {**{k: doc.get(k) for k in DOC_FIELDS}, "sha256": sha256(doc["text"]),
                      "split": split_of(doc["id"])}
            (folder / f"{doc['id']}.json").write_text(json.dumps(record, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
        print(f"{name}: {len(chosen)} documents in {folder}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, required=True, help="folder of fetched snapshots")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "real")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--todo", type=Path, help="write the documents to annotate here instead")
    parser.add_argument("--check", action="store_true", help="check the gold files, write nothing")
    args = parser.parse_args(argv)
    try:
        if args.todo:
            write_todo(args.mirror, args.todo, args.corpus)
            return 0
        args.out.mkdir(parents=True, exist_ok=True)
        failed = build_annotated(args.mirror, args.out, args.corpus, args.check)
        if not args.check and (not args.corpus or "polnear" in args.corpus):
            build_polnear(args.mirror, args.out)
    except CorpusError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
