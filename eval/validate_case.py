#!/usr/bin/env python3
"""Check evaluation case files before they are used to score anything.

    python3 eval/validate_case.py CASE.json [CASE.json ...]

A case file is described in ../shared/eval/README.md. This script checks what
the scorer silently relies on: every ``contains`` occurs verbatim in its
document, every source list is non-empty, slots are the scored ones with values
of the right type, finding kinds are valid, event groups name existing
documents and no document twice -- and a few consistency rules that catch
annotation slips (a finding whose sides assert nothing on its slot, a fact
whose source is never quoted nor the publisher).

It lists every problem, one a line, and exits 1 if there is any (a file that
cannot be read as JSON is one problem). Warnings are printed but do not fail. Standard library
only, so it runs before anything is installed.
"""
from __future__ import annotations

import json
import re
import sys
import unicodedata
from datetime import datetime
from pathlib import Path

SCORED_SLOTS = ("launched", "hit", "intercepted", "damage", "killed", "injured", "production_disrupted")
COUNT_SLOTS = ("launched", "hit", "intercepted", "killed", "injured")
DAMAGE_VALUES = ("none", "some", "significant")
STANCES = ("assert", "deny", "acknowledge")
FINDING_KINDS = ("contradiction", "corroboration", "revision")

TOP_KEYS = {"case", "about", "licence", "documents", "attributions", "facts", "findings", "events"}
DOC_KEYS = {"id", "text", "lang", "publisher", "published", "url", "title"}
ATTR_KEYS = {"doc", "source", "stance", "contains", "note"}
FACT_KEYS = {"source", "slot", "value", "optional", "note"}
FINDING_KEYS = {"kind", "slot", "a", "b", "optional", "note"}


def norm(text) -> str:
    """Normalise like the scorer: no accents, lower case, punctuation as spaces."""
    text = unicodedata.normalize("NFKD", str(text or ""))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = text.replace("\u2019", "'").replace("\u00ab", " ").replace("\u00bb", " ")
    return re.sub(r"[\s\"'.,:;!?()\-]+", " ", text).strip()


def fact_key(fact: dict) -> tuple:
    """What makes two gold facts the same: the set of their source's aliases, as the scorer
    reads names, the slot and the value."""
    return (tuple(sorted({norm(s) for s in fact.get("source") or []})), fact.get("slot"),
            json.dumps(fact.get("value")))


def _aliases(value, where: str, problems: list[str]) -> list[str]:
    if not isinstance(value, list) or not value:
        problems.append(f"{where}: must be a non-empty list of aliases")
        return []
    good = []
    for alias in value:
        if not isinstance(alias, str) or not norm(alias):
            problems.append(f"{where}: alias {alias!r} is not a non-empty string")
        else:
            good.append(alias)
    return good


def _unknown_keys(item, allowed: set[str], where: str, problems: list[str]) -> None:
    extra = sorted(set(item) - allowed)
    if extra:
        problems.append(f"{where}: unknown key(s) {', '.join(map(repr, extra))}")


def _check_value(slot, value, where: str, problems: list[str]) -> None:
    if slot in COUNT_SLOTS:
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            problems.append(f"{where}: {slot} must be a whole number >= 0, not {value!r}")
    elif slot == "damage":
        if value not in DAMAGE_VALUES:
            problems.append(f"{where}: damage must be one of {', '.join(DAMAGE_VALUES)}, not {value!r}")
    elif slot == "production_disrupted":
        if not isinstance(value, bool):
            problems.append(f"{where}: production_disrupted must be true or false, not {value!r}")


def _optional_flag(item, where: str, problems: list[str]) -> None:
    if "optional" in item and not isinstance(item["optional"], bool):
        problems.append(f"{where}: optional must be true or false")


def _same_source(a: list[str], b: list[str]) -> bool:
    """Do two alias lists name one source? (a shared alias, after normalisation)"""
    return bool({norm(x) for x in a} & {norm(x) for x in b})


def validate(case) -> tuple[list[str], list[str]]:
    """Return (problems, warnings) for one parsed case."""
    problems: list[str] = []
    warnings: list[str] = []
    if not isinstance(case, dict):
        return ["the file must hold one JSON object"], []
    _unknown_keys(case, TOP_KEYS, "case", problems)
    if not isinstance(case.get("case"), str) or not case.get("case"):
        problems.append("case: 'case' must be a non-empty name")

    # documents
    texts: dict[str, str] = {}
    publishers: list[str] = []
    docs = case.get("documents")
    if not isinstance(docs, list) or not docs:
        problems.append("documents: must be a non-empty list")
        docs = []
    for i, doc in enumerate(docs):
        where = f"documents[{i}]"
        if not isinstance(doc, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_keys(doc, DOC_KEYS, where, problems)
        doc_id = doc.get("id")
        if not isinstance(doc_id, str) or not doc_id:
            problems.append(f"{where}: 'id' must be a non-empty string")
            continue
        where = f"documents[{i}] ({doc_id})"
        if doc_id in texts:
            problems.append(f"{where}: duplicate document id")
        text = doc.get("text")
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: 'text' must be a non-empty string")
            text = ""
        texts[doc_id] = text
        for key in ("lang", "publisher", "url", "title"):
            if doc.get(key) is not None and not isinstance(doc[key], str):
                problems.append(f"{where}: {key!r} must be a string or null")
        if isinstance(doc.get("publisher"), str) and doc["publisher"].strip():
            publishers.append(doc["publisher"])
        published = doc.get("published")
        if published is not None:
            try:
                datetime.fromisoformat(str(published).replace("Z", "+00:00"))
            except ValueError:
                problems.append(f"{where}: 'published' {published!r} is not ISO 8601")

    # attributions
    attr_sources: list[list[str]] = []
    seen_attr = set()
    attributions = case.get("attributions", [])
    if not isinstance(attributions, list):
        problems.append("attributions: must be a list")
        attributions = []
    for i, attr in enumerate(attributions):
        where = f"attributions[{i}]"
        if not isinstance(attr, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_keys(attr, ATTR_KEYS, where, problems)
        doc_id = attr.get("doc")
        if doc_id not in texts:
            problems.append(f"{where}: doc {doc_id!r} is not a document of this case")
        sources = _aliases(attr.get("source"), f"{where}.source", problems)
        attr_sources.append(sources)
        if attr.get("stance", "assert") not in STANCES:
            problems.append(f"{where}: stance {attr.get('stance')!r} is not one of {', '.join(STANCES)}")
        contains = attr.get("contains")
        if not isinstance(contains, str) or not norm(contains):
            problems.append(f"{where}: 'contains' must be a non-empty string")
        elif doc_id in texts:
            text = texts[doc_id]
            count = text.count(contains)
            if count == 0:
                hint = " (it does match once accents, case and punctuation are ignored)" \
                    if norm(contains) in norm(text) else ""
                problems.append(f"{where}: 'contains' {contains[:60]!r} is not in document {doc_id!r}{hint}")
            elif count > 1:
                warnings.append(f"{where}: 'contains' {contains[:60]!r} occurs {count} times in {doc_id!r};"
                                " the scorer's span test uses the first")
        key = (doc_id, contains, attr.get("stance", "assert"), tuple(norm(s) for s in sources))
        if key in seen_attr:
            problems.append(f"{where}: duplicate of an earlier attribution")
        seen_attr.add(key)

    # facts
    facts = case.get("facts", [])
    if not isinstance(facts, list):
        problems.append("facts: must be a list")
        facts = []
    good_facts = []
    seen_facts = {}
    for i, fact in enumerate(facts):
        where = f"facts[{i}]"
        if not isinstance(fact, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_keys(fact, FACT_KEYS, where, problems)
        sources = _aliases(fact.get("source"), f"{where}.source", problems)
        slot = fact.get("slot")
        if slot not in SCORED_SLOTS:
            problems.append(f"{where}: slot {slot!r} is not a scored slot ({', '.join(SCORED_SLOTS)})")
        elif "value" not in fact:
            problems.append(f"{where}: no 'value'")
        else:
            _check_value(slot, fact["value"], where, problems)
        _optional_flag(fact, where, problems)
        if sources and not any(_same_source(sources, s) for s in attr_sources) \
                and not any(norm(p) in {norm(s) for s in sources} for p in publishers):
            problems.append(f"{where}: source {sources[0]!r} is neither quoted in an attribution"
                            " nor the publisher of a document")
        if sources and slot in SCORED_SLOTS:
            key = fact_key(fact)
            if key in seen_facts:
                j = seen_facts[key]
                if bool(facts[j].get("optional")) == bool(fact.get("optional")):
                    problems.append(f"{where}: duplicate of facts[{j}]")
                else:  # harmless for the scorer (the required one counts), but say so
                    warnings.append(f"{where}: same source, slot and value as facts[{j}], once optional")
            seen_facts[key] = i
            good_facts.append((sources, slot, fact.get("value")))

    # findings
    findings = case.get("findings", [])
    if not isinstance(findings, list):
        problems.append("findings: must be a list")
        findings = []
    for i, finding in enumerate(findings):
        where = f"findings[{i}]"
        if not isinstance(finding, dict):
            problems.append(f"{where}: must be an object")
            continue
        _unknown_keys(finding, FINDING_KEYS, where, problems)
        kinds = finding.get("kind")
        kinds = kinds if isinstance(kinds, list) else [kinds]
        if not kinds or any(k not in FINDING_KINDS for k in kinds):
            problems.append(f"{where}: kind {finding.get('kind')!r} must be one of"
                            f" {', '.join(FINDING_KINDS)} or a non-empty list of them")
        slot = finding.get("slot")
        if slot not in SCORED_SLOTS:
            problems.append(f"{where}: slot {slot!r} is not a scored slot")
        side_a = _aliases(finding.get("a"), f"{where}.a", problems)
        side_b = _aliases(finding.get("b"), f"{where}.b", problems)
        _optional_flag(finding, where, problems)
        if slot in SCORED_SLOTS and side_a and side_b:
            values_a = {json.dumps(v) for s, sl, v in good_facts if sl == slot and _same_source(s, side_a)}
            values_b = {json.dumps(v) for s, sl, v in good_facts if sl == slot and _same_source(s, side_b)}
            # a required finding no gold fact backs cannot be found by a consistent ledger;
            # an optional one only costs nothing, so it is a warning
            report = warnings if finding.get("optional") else problems
            for side, values in (("a", values_a), ("b", values_b)):
                if not values:
                    report.append(f"{where}: no fact on {slot!r} from a source of side {side}")
            if kinds == ["revision"] and values_a and len(values_a | values_b) < 2:
                problems.append(f"{where}: a revision needs two different values on {slot!r}")

    # events
    events = case.get("events")
    if events is not None:
        if not isinstance(events, list) or not events:
            problems.append("events: must be a non-empty list of document-id lists")
            events = []
        placed: dict[str, int] = {}
        for i, group in enumerate(events):
            where = f"events[{i}]"
            if not isinstance(group, list) or not group:
                problems.append(f"{where}: must be a non-empty list of document ids")
                continue
            for doc_id in group:
                if doc_id not in texts:
                    problems.append(f"{where}: {doc_id!r} is not a document of this case")
                elif doc_id in placed:
                    problems.append(f"{where}: {doc_id!r} is already in events[{placed[doc_id]}]")
                else:
                    placed[doc_id] = i
        missing = [d for d in texts if d not in placed]
        if missing and placed:
            warnings.append(f"events: document(s) in no event group: {', '.join(missing)}")
    return problems, warnings


def validate_file(path) -> tuple[list[str], list[str]]:
    """Problems and warnings for one case file; an unreadable file is one problem."""
    try:
        case = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as err:
        return [f"cannot read as JSON: {err}"], []
    return validate(case)


def main(argv=None) -> int:
    args = sys.argv[1:] if argv is None else list(argv)
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2
    failed = False
    for path in args:
        problems, warnings = validate_file(path)
        for w in warnings:
            print(f"{path}: warning: {w}")
        for p in problems:
            print(f"{path}: {p}")
        if problems:
            failed = True
            print(f"{path}: {len(problems)} problem(s)")
        else:
            print(f"{path}: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
