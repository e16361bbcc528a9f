"""Order never changes the result: the same documents, in any order, give the same
events and findings, ids aside.

In one run (``analyze a b`` and ``analyze b a``), in several ingests into one store
(either way round, or one document at a time), and from two writers into one
PostgreSQL store at once. The corpus is the project's own: every evaluation case
(``eval/cases`` and ``../shared/eval``) and ``examples/``.

The document-level stages (parse, attribute, frame) read one document at a time and
take most of the time; the order-dependent decisions are all in the corpus stages
(near-copies, events, findings). So the corpus is analysed once, per document, with
the real stages, and each shuffled run replays those results through the real
corpus stages (the ``executor`` of ``analyze_documents`` and ``ingest_documents``):
that the per-document results do not depend on the other documents is a test of
its own here.
"""

from __future__ import annotations

import copy
import dataclasses
import json
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import pytest
from fuzzing import fuzz
from hypothesis import given
from hypothesis import strategies as st

from rashomon.ledger import Claim, Document, DocumentError, Fact, Ledger, Source
from rashomon.order import canonical
from rashomon.pipeline import Analysis, DocumentResult, analyze_documents, analyze_each
from rashomon.read import read_paths
from rashomon.store import Store

ROOT = Path(__file__).resolve().parent.parent
CASES = sorted((ROOT / "eval" / "cases").glob("*.case.json")) + sorted(
    (ROOT.parent / "shared" / "eval").glob("*.case.json"))
CASE_FIELDS = ("id", "text", "lang", "publisher", "published", "url")
EVERYTHING = "every case and the examples"


@pytest.fixture(scope="module")
def analysis():
    return Analysis()


def write_jsonl(path: Path, documents: list[dict]) -> Path:
    """Documents as rashomon's JSON Lines input (what ``eval/run.py`` writes for a case)."""
    path.write_text("".join(json.dumps({k: d[k] for k in CASE_FIELDS if d.get(k) is not None},
                                       ensure_ascii=False) + "\n" for d in documents), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def corpora(tmp_path_factory) -> dict[str, list[Document]]:
    """Each case's documents as ``rashomon analyze`` reads them, the examples, and all of
    them together (cases about one region on other days meet there)."""
    folder = tmp_path_factory.mktemp("cases")
    found = {}
    for case in CASES:
        data = json.loads(case.read_text(encoding="utf-8"))
        path = write_jsonl(folder / f"{data.get('case', case.stem)}.jsonl", data["documents"])
        found[path.stem] = [d for d in read_paths([path]) if not isinstance(d, DocumentError)]
    found["examples"] = [d for d in read_paths([ROOT / "examples"]) if not isinstance(d, DocumentError)]
    found[EVERYTHING] = [d for documents in list(found.values()) for d in documents]
    assert len({d.id for d in found[EVERYTHING]}) == len(found[EVERYTHING]), "document ids must not collide"
    return found


class Replay:
    """The document-level stages, run once per document with the real ``analyze_each``
    and replayed: an ``executor`` (as ``cluster.DaskExecutor`` is) that gives each
    document's result in input order."""

    def __init__(self, documents: list[Document], analysis: Analysis) -> None:
        self.results = {(r.document.id, r.document.text): r
                        for r in analyze_each(copy.deepcopy(documents), analysis=analysis)}

    def __call__(self, documents, *, analysis, progress=None):
        for document in documents:
            result = copy.deepcopy(self.results[(document.id, document.text)])
            result.document = document
            if progress is not None:
                progress(document)
            yield result


@pytest.fixture(scope="module")
def replay(corpora, analysis) -> Replay:
    return Replay(corpora[EVERYTHING], analysis)


def analysed(documents: list[Document], replay: Replay, analysis: Analysis) -> Ledger:
    return analyze_documents(copy.deepcopy(documents), analysis=analysis, executor=replay)


def outcome(ledger: Ledger) -> dict[str, list[str]]:
    """What must not depend on order, ids aside: a claim is its document and span, an
    event the claims it holds, a finding its event's claims and its own."""
    key = {c.id: [c.doc, *c.span] for c in ledger.claims}

    def claims(ids) -> list:
        return sorted(key[i] for i in ids)

    event_of = {e.id: claims(e.claims) for e in ledger.events}
    return {
        "documents": sorted(json.dumps({**d.to_json(), "path": None}, sort_keys=True, ensure_ascii=False)
                            for d in ledger.documents),
        "claims": sorted(json.dumps({**c.to_json(), "id": None}, sort_keys=True, ensure_ascii=False)
                         for c in ledger.claims),
        "events": sorted(json.dumps({**e.to_json(), "id": None, "findings": len(e.findings),
                                     "claims": claims(e.claims),
                                     "timeline": [{**t.to_json(), "claim": key[t.claim]} for t in e.timeline]},
                                    sort_keys=True, ensure_ascii=False) for e in ledger.events),
        "findings": sorted(json.dumps({**f.to_json(), "id": None, "event": event_of[f.event],
                                       "claims": claims(f.claims)}, sort_keys=True, ensure_ascii=False)
                           for f in ledger.findings),
    }


@pytest.fixture(scope="module")
def expected(corpora, replay, analysis) -> dict[str, dict]:
    """Each corpus analysed in its canonical order."""
    return {name: outcome(analysed(canonical(documents), replay, analysis)) for name, documents in corpora.items()}


# --- one run ----------------------------------------------------------------------------


def test_a_documents_analysis_does_not_depend_on_the_other_documents(corpora, replay, analysis):
    """What the replay rests on: parse, attribute and frame give each document the same
    claims whatever documents come before it in the parser's batches."""
    documents = corpora["multi-zaporizhzhia"][::-1] + corpora["smolensk-fr"]
    for result in analyze_each(copy.deepcopy(documents), analysis=analysis):
        kept = replay.results[(result.document.id, result.document.text)]
        assert [c.to_json() for c in result.claims] == [c.to_json() for c in kept.claims], result.document.id
        assert result.places == kept.places


# Each example re-runs the corpus stages (near-copies, resolve, compare) on one corpus:
# 0.02 s for one document, about 1 s for all 118 of every case together, 0.2 s on
# average, so 300 examples take about a minute on one core (measured: 45 s for 200).
# The 2,000 of other fuzz targets would take seven; in 300, each of the 11 corpora is
# drawn in about 27 orders.
@fuzz(examples=300)
@given(data=st.data())
def test_shuffled_documents_give_the_same_events_and_findings(corpora, replay, analysis, expected, data):
    name = data.draw(st.sampled_from(sorted(corpora)), label="corpus")
    shuffled = data.draw(st.permutations(corpora[name]), label="order")
    assert outcome(analysed(list(shuffled), replay, analysis)) == expected[name]


def test_the_13_or_14_findings_of_multi_border_are_one_answer(corpora, replay, analysis, expected):
    """The report that opened this: the two halves of multi-border analysed as ``a b``
    gave 13 findings and as ``b a`` 14, a corroboration of the Bryansk governor by
    himself under other names."""
    documents = corpora["multi-border"]
    a, b = documents[0::2], documents[1::2]
    one, other = analysed(a + b, replay, analysis), analysed(b + a, replay, analysis)
    assert outcome(one) == outcome(other) == expected["multi-border"]
    # and the ids too: the ledger is numbered in the canonical order
    assert one.to_json() == other.to_json()
    index = one.claim_index()
    for finding in one.findings:
        if finding.kind == "corroboration":
            speakers = {index[c].source.id or index[c].source.who for c in finding.claims}
            assert not speakers <= {"ru-bryansk-governor", "regional-governor", "Ладыгин", "Viktor Ladyguine"}


def test_analyze_a_b_and_analyze_b_a_write_the_same_ledger(corpora, tmp_path):
    """The command line, the whole pipeline: the halves of multi-border in either order."""
    from typer.testing import CliRunner

    from rashomon.cli import app

    case = json.loads((ROOT / "eval" / "cases" / "multi-border.case.json").read_text(encoding="utf-8"))
    a = write_jsonl(tmp_path / "a.jsonl", case["documents"][0::2])
    b = write_jsonl(tmp_path / "b.jsonl", case["documents"][1::2])
    ledgers = []
    for order in ((a, b), (b, a)):
        out = tmp_path / f"{order[0].stem}{order[1].stem}.json"
        result = CliRunner().invoke(app, ["analyze", *map(str, order), "--json", str(out), "--quiet"])
        assert result.exit_code == 0, result.output
        ledgers.append(json.loads(out.read_text(encoding="utf-8")))
    assert ledgers[0]["findings"] and len(ledgers[0]["events"]) > 1
    for part in ("documents", "claims", "events", "findings"):
        assert ledgers[0][part] == ledgers[1][part], part


# --- the store ----------------------------------------------------------------------------


def stored(url: str, batches: list[list[Document]], replay: Replay, analysis: Analysis) -> Ledger:
    with Store.open(url) as store:
        for batch in batches:
            store.ingest_documents(copy.deepcopy(batch), analysis=analysis, executor=replay)
        return store.ledger()


def test_two_ingests_in_either_order_store_what_one_batch_does(corpora, replay, analysis, expected, tmp_path):
    documents = corpora[EVERYTHING]
    half = len(documents) // 2
    a, b = documents[:half], documents[half:]
    for number, batches in enumerate(([documents], [a, b], [b, a], [[d] for d in reversed(documents)])):
        ledger = stored(f"sqlite:///{tmp_path / f'store-{number}.db'}", batches, replay, analysis)
        assert outcome(ledger) == expected[EVERYTHING], [len(batch) for batch in batches]


# Each example fills a new SQLite store, a first batch then one document at a time:
# up to 32 writes that each re-group their block, about 1.5 s an example (measured:
# 16 s for 12), so 40 examples take about a minute; 2,000 would take 50.
@fuzz(examples=40)
@given(data=st.data())
def test_documents_stored_one_at_a_time_in_any_order_give_what_analyze_gives(
        corpora, replay, analysis, expected, tmp_path_factory, data):
    name = data.draw(st.sampled_from(["multi-border", "ru-telegram", "en-wire", "examples"]), label="corpus")
    shuffled = data.draw(st.permutations(corpora[name]), label="order")
    cut = data.draw(st.integers(0, len(shuffled)), label="first batch")
    batches = [list(shuffled[:cut])] + [[d] for d in shuffled[cut:]]
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    assert outcome(stored(url, batches, replay, analysis)) == expected[name]


def stored_in_groups(url: str, batches: list[list[Document]], replay: Replay, analysis: Analysis,
                     size: int) -> Ledger:
    """``stored``, each batch written in groups of ``size`` documents (``Settings.write_group``)."""
    return stored(url, batches, replay, dataclasses.replace(
        analysis, settings=dataclasses.replace(analysis.settings, write_group=size)))


# Each example fills a new SQLite store in up to four batches, each written in groups of
# a drawn size (1 is a document at a time): about 1.5 s an example, so 30 take under a minute.
@fuzz(examples=30)
@given(data=st.data())
def test_documents_stored_in_groups_of_any_size_give_what_analyze_gives(
        corpora, replay, analysis, expected, tmp_path_factory, data):
    name = data.draw(st.sampled_from(["multi-border", "ru-telegram", "en-wire", "examples"]), label="corpus")
    shuffled = data.draw(st.permutations(corpora[name]), label="order")
    cuts = sorted(data.draw(st.lists(st.integers(0, len(shuffled)), max_size=3), label="batch cuts"))
    batches = [list(shuffled[start:end]) for start, end in zip([0, *cuts], [*cuts, len(shuffled)])]
    size = data.draw(st.integers(1, 12), label="write group")
    url = f"sqlite:///{tmp_path_factory.mktemp('store') / 'store.db'}"
    assert outcome(stored_in_groups(url, batches, replay, analysis, size)) == expected[name]


def test_a_store_written_in_groups_is_the_one_written_a_document_at_a_time_ids_included(
        corpora, replay, analysis, tmp_path):
    """Every case and the examples, in two batches: written in groups of 32, 5 or one
    document at a time, the same ledger, to the ids of claims and events."""
    documents = corpora[EVERYTHING]
    half = len(documents) // 2
    ledgers = {size: without_finding_ids(stored_in_groups(f"sqlite:///{tmp_path / f'store-{size}.db'}",
                                                          [documents[:half], documents[half:]], replay, analysis,
                                                          size))
               for size in (1, 5, 32)}
    assert ledgers[32]["events"] and ledgers[32]["findings"]
    for part in ("documents", "claims", "events", "findings"):
        assert ledgers[32][part] == ledgers[1][part], part
        assert ledgers[5][part] == ledgers[1][part], part


def without_finding_ids(ledger: Ledger) -> dict:
    """A ledger's JSON, each finding named by its place in the ledger: the store numbers
    findings anew whenever their event is re-linked, and a document at a time does that
    more often."""
    data = ledger.to_json()
    number = {f["id"]: f"finding {i}" for i, f in enumerate(data["findings"])}
    for finding in data["findings"]:
        finding["id"] = number[finding["id"]]
    for event in data["events"]:
        event["findings"] = [number[f] for f in event["findings"]]
    return data


def test_two_writers_at_once_into_postgresql_store_what_one_batch_does(postgres_url, tmp_path, corpora,
                                                                        replay, analysis, expected):
    """Two ``rashomon ingest`` processes, each with half of multi-border and of the
    examples, into one PostgreSQL store at once: their documents' transactions
    interleave as they come."""
    case = json.loads((ROOT / "eval" / "cases" / "multi-border.case.json").read_text(encoding="utf-8"))
    halves = [write_jsonl(tmp_path / "a.jsonl", case["documents"][0::2]),
              write_jsonl(tmp_path / "b.jsonl", case["documents"][1::2])]
    examples = sorted(p for p in (ROOT / "examples").iterdir() if p.name != "README.md")
    with Store.open(postgres_url):
        pass
    children = [subprocess.Popen([sys.executable, "-m", "rashomon.cli", "ingest", str(half),
                                  *map(str, examples[number::2]),
                                  "--db", postgres_url, "--quiet"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                for number, half in enumerate(halves)]
    for child in children:
        _, stderr = child.communicate(timeout=600)
        assert child.returncode == 0, stderr.decode()
    with Store.open(postgres_url) as store:
        together = store.ledger()
    alone = analysed(corpora["multi-border"] + corpora["examples"], replay, analysis)
    # the files each document came from differ (a.jsonl, examples/...): documents aside
    assert {k: v for k, v in outcome(together).items() if k != "documents"} == \
        {k: v for k, v in outcome(alone).items() if k != "documents"}
    assert len(together.documents) == len(alone.documents)


# --- near-copies: which is the original ---------------------------------------------------


WIRE = ("Selon le ministère russe de la Défense, douze drones ukrainiens ont été interceptés "
        "au-dessus de la région de Briansk dans la nuit. L'état-major ukrainien a affirmé que la "
        "raffinerie de Novozybkov avait été touchée par trois drones.")


def report(doc_id: str, text: str, published: str) -> Document:
    return Document(id=doc_id, text=text, lang="fr", published=published)


def test_a_copy_stored_before_its_original_points_to_it(analysis, tmp_path):
    original = report("reuters", WIRE, "2025-03-09T08:00:00+00:00")
    reprint = report("partner", "Dépêche reprise. " + WIRE, "2025-03-09T11:00:00+00:00")
    expected = analyze_documents([copy.deepcopy(original), copy.deepcopy(reprint)], analysis=analysis)
    assert {d.id: d.duplicate_of for d in expected.documents} == {"reuters": None, "partner": "reuters"}
    for number, batches in enumerate((([reprint], [original]), ([original], [reprint]), ([reprint, original],))):
        with Store.open(f"sqlite:///{tmp_path / f'{number}.db'}") as store:
            for batch in batches:
                store.ingest_documents(copy.deepcopy(batch), analysis=analysis)
            ledger = store.ledger()
        assert {d.id: d.duplicate_of for d in ledger.documents} == {"reuters": None, "partner": "reuters"}
        assert outcome(ledger) == outcome(expected)


def test_one_formulaic_statement_on_two_days_is_two_reports_not_a_reprint(analysis, tmp_path):
    """The same words a week apart are about two events: neither is a copy of the other,
    in one run or in a store (which could not reach a week-old original)."""
    first = report("mod-1", WIRE, "2025-03-02T08:00:00+00:00")
    second = report("mod-2", WIRE, "2025-03-09T08:00:00+00:00")
    ledger = analyze_documents([copy.deepcopy(first), copy.deepcopy(second)], analysis=analysis)
    assert len(ledger.events) == 2
    assert [d.duplicate_of for d in ledger.documents] == [None, None]
    with Store.open(f"sqlite:///{tmp_path / 'store.db'}") as store:
        store.ingest_documents([copy.deepcopy(second)], analysis=analysis)
        store.ingest_documents([copy.deepcopy(first)], analysis=analysis)
        assert outcome(store.ledger()) == outcome(ledger)


# --- a dense store: many events a day, late documents, undated ones ----------------------


TOWNS = ("Novozybkov", "Klintsy", "Unecha", "Starodub", "Belgorod", "Shebekino", "Valuyki", "Kursk")


def dense(count: int, seed: int) -> list[DocumentResult]:
    """Analysed reports of strikes on a few towns of three regions, three a day: each
    day's events border the next day's, so a late report can regroup its neighbours.
    Some are undated (their day weighs every event of the region); many read alike."""
    import random

    chance = random.Random(seed)
    mod = Source(name="ministère russe de la Défense", id="ru-mod", kind="military", side="russia")
    staff = Source(name="état-major ukrainien", id="ua-general-staff", kind="military", side="ukraine")
    results = []
    for number in range(count):
        town, downed, hit = chance.choice(TOWNS), chance.randint(2, 5), chance.randint(0, 2)
        first = f"Selon le ministère russe de la Défense, {downed} drones ont été interceptés au-dessus de {town}."
        second = f" L'état-major ukrainien a affirmé que {hit} drones avaient touché un dépôt à {town}."
        text = first + second
        day = date(2025, 3, 1) + timedelta(days=number // 3)
        published = None if chance.random() < 0.05 else f"{day.isoformat()}T08:00:00+00:00"
        document = Document(id=f"r{number}", text=text, lang="fr", published=published)
        at = len(first) + 1

        def fact(slot: str, value, start: int, end: int) -> Fact:
            return Fact(slot, value, (start, end), text[start:end])

        town_at, town_again = text.index(town), text.index(town, at)
        claims = [Claim(id="", doc=document.id, source=mod, stance="assert", text=first, span=(0, len(first)),
                        sentence=(0, len(first)), cue="Selon",
                        facts=[fact("intercepted", downed, text.index(str(downed)), text.index(str(downed)) + 1),
                               fact("place", town, town_at, town_at + len(town))]),
                  Claim(id="", doc=document.id, source=staff, stance="assert", text=text[at:],
                        span=(at, len(text)), sentence=(at, len(text)), cue="a affirmé",
                        facts=[fact("hit", hit, text.index(str(hit), at), text.index(str(hit), at) + 1),
                               fact("place", town, town_again, town_again + len(town))])]
        results.append(DocumentResult(document, claims, [town]))
    return results


def test_a_dense_store_filled_in_any_order_holds_what_analyze_gives(analysis, tmp_path):
    import random

    results = dense(90, seed=3)
    by_id = {r.document.id: r for r in results}

    def given_results(documents, *, analysis, progress=None):
        for document in documents:
            result = copy.deepcopy(by_id[document.id])
            result.document = document
            yield result

    documents = [r.document for r in results]
    expected = outcome(analyze_documents(copy.deepcopy(documents), analysis=analysis, executor=given_results))
    for seed in (1, 2):
        order = random.Random(seed).sample(documents, len(documents))
        with Store.open(f"sqlite:///{tmp_path / f'dense-{seed}.db'}") as store:
            for document in order:
                store.ingest_documents([copy.deepcopy(document)], analysis=analysis, executor=given_results)
            assert outcome(store.ledger()) == expected, seed
