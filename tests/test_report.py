"""The report stage: the ledger schema, the side-by-side table, JSON/Markdown/HTML."""

from __future__ import annotations

import copy
import json
import re
import typing
from html.parser import HTMLParser

import pytest
from markupsafe import escape

from rashomon import ledger as ledger_module
from rashomon.ledger import (
    Claim,
    Document,
    DocumentError,
    Event,
    Fact,
    Finding,
    Ledger,
    Location,
    Source,
    TimelineEntry,
)
from rashomon.report import (
    PUBLISHER_VOICE,
    REPORT_FORMATS,
    Cell,
    Entry,
    EventTable,
    IndexRow,
    Row,
    event_index,
    evidence,
    format_value,
    ledger_schema,
    render,
    side_by_side,
    timeline_rows,
    validate_ledger,
    write_report,
)

FR_TEXT = (
    "Attaque de drones contre l'usine d'aviation de Smolensk. "
    "Selon le renseignement militaire ukrainien (HUR), trois drones sur quatre ont atteint leurs "
    "cibles, causant des dégâts importants aux capacités de production. "
    "Le gouverneur de la région, Vasily Anokhin, a déclaré sur Telegram que cinq drones avaient "
    "été neutralisés par la guerre électronique. "
    "Il a démenti tout dégât. "
    "Plus tard, des médias russes ont reconnu qu'il y avait eu des dégâts. "
    "Selon l'armée de l'air ukrainienne, l'attaque s'inscrit dans une campagne plus large."
)
RU_TEXT = (
    "Беспилотник-камикадзе попал в крышу цеха 55 Смоленского авиазавода, образовалась дыра "
    "2 на 2 метра. "
    "Минобороны России заявило, что все пять беспилотников были сбиты и ни один не достиг цели."
)

HUR = Source(name="HUR", id="ua-hur", kind="military", side="ukraine")
ANOKHIN = Source(name="Vasily Anokhin", kind="government", side="russia")
RU_MEDIA = Source(name="Médias russes", kind="media", side="russia")
RU_MOD = Source(name="Russian Ministry of Defence", id="ru-mod", kind="military", side="russia")
UA_AIR = Source(name="Ukrainian Air Force", id="ua-air-force", kind="military", side="ukraine")
ASTRA = Source(name="ASTRA", kind="media")


def span_of(text: str, piece: str, after: int = 0) -> tuple[int, int]:
    start = text.index(piece, after)
    return (start, start + len(piece))


def sentence_of(text: str, piece: str) -> tuple[int, int]:
    """The sentence around ``piece`` (sentences end with '. ' or the text)."""
    start, end = span_of(text, piece)
    left = text.rfind(". ", 0, start)
    right = text.find(". ", end)
    return (0 if left < 0 else left + 2, len(text) if right < 0 else right + 1)


def claim(cid: str, doc: Document, source: Source, stance: str, content: str, facts: list[Fact],
          cue: str | None = None, **kw: typing.Any) -> Claim:
    return Claim(id=cid, doc=doc.id, source=source, stance=stance, text=content,
                 span=span_of(doc.text, content), sentence=sentence_of(doc.text, content),
                 cue=cue, path="test", facts=facts, **kw)


def fact(doc: Document, slot: str, value: typing.Any, words: str, **kw: typing.Any) -> Fact:
    return Fact(slot=slot, value=value, span=span_of(doc.text, words), evidence=words, **kw)


def make_ledger() -> Ledger:
    fr = Document(id="fr-smolensk", text=FR_TEXT, lang="fr", publisher="Exemple Presse",
                  published="2023-07-04T18:00:00+02:00", url="https://example.org/smolensk")
    ru = Document(id="tg-astra", text=RU_TEXT, lang="ru", publisher="ASTRA",
                  published="2023-07-04T09:12:00+00:00", url="https://t.me/astrapress/1234")
    claims = [
        claim("c1", fr, HUR, "assert",
              "trois drones sur quatre ont atteint leurs cibles, causant des dégâts importants "
              "aux capacités de production",
              [fact(fr, "launched", 4, "quatre"), fact(fr, "hit", 3, "trois drones"),
               fact(fr, "damage", "significant", "dégâts importants")], cue="selon"),
        claim("c2", fr, ANOKHIN, "assert",
              "cinq drones avaient été neutralisés par la guerre électronique",
              [fact(fr, "intercepted", 5, "cinq drones avaient été neutralisés")],
              cue="a déclaré", said_at="2023-07-04"),
        claim("c3", fr, ANOKHIN, "deny", "tout dégât",
              [fact(fr, "damage", "none", "tout dégât")], cue="a démenti"),
        claim("c4", fr, RU_MEDIA, "acknowledge", "il y avait eu des dégâts",
              [fact(fr, "damage", "some", "des dégâts")], cue="ont reconnu", later=True),
        claim("c5", ru, ASTRA, "assert",
              "Беспилотник-камикадзе попал в крышу цеха 55 Смоленского авиазавода, образовалась "
              "дыра 2 на 2 метра",
              [fact(ru, "hit", 1, "Беспилотник-камикадзе попал", at_least=True),
               fact(ru, "damage", "some", "дыра 2 на 2 метра"),
               fact(ru, "target", "цех 55", "цеха 55")], attributed=False),
        claim("c6", ru, RU_MOD, "assert",
              "все пять беспилотников были сбиты и ни один не достиг цели",
              [fact(ru, "intercepted", 5, "все пять беспилотников были сбиты"),
               fact(ru, "hit", 0, "ни один не достиг цели")], cue="заявило"),
        claim("c7", fr, UA_AIR, "assert", "l'attaque s'inscrit dans une campagne plus large",
              [], cue="selon"),
    ]
    findings = [
        Finding(id="f1", kind="contradiction", slot="damage", event="e1", claims=["c1", "c3"],
                explanation="HUR reports significant damage; governor Anokhin denies any damage.",
                sides=["ukraine", "russia"]),
        Finding(id="f2", kind="corroboration", slot="intercepted", event="e1",
                claims=["c2", "c6"],
                explanation="Governor Anokhin and the Russian MoD both say five drones were "
                            "brought down.", sides=["russia"]),
        Finding(id="f3", kind="revision", slot="damage", event="e1", claims=["c3", "c4"],
                explanation="The Russian side first denied damage, later acknowledged some.",
                sides=["russia"]),
        Finding(id="f4", kind="contradiction", slot="hit", event="e1", claims=["c1", "c6"],
                explanation="HUR: 3 drones hit | Russian MoD: none reached its target.",
                sides=["ukraine", "russia"]),
    ]
    event = Event(id="e1", claims=[c.id for c in claims], documents=[fr.id, ru.id],
                  place="Smolensk", target="Smolensk aviation plant", date="2023-07-04")
    errors = [DocumentError(code="E004", message="[E004] empty.txt: the document is empty.",
                            path="empty.txt")]
    return Ledger(documents=[fr, ru], claims=claims, events=[event], findings=findings,
                  errors=errors)


@pytest.fixture
def ledger() -> Ledger:
    return make_ledger()


# -- schema -----------------------------------------------------------------


def test_json_validates_against_schema(ledger: Ledger) -> None:
    data = json.loads(render(ledger, "json"))
    assert data == ledger.to_json()
    validate_ledger(data)
    validate_ledger(Ledger().to_json())


def test_schema_agrees_with_ledger_constants() -> None:
    defs = ledger_schema()["$defs"]
    assert defs["slot"]["enum"] == [*ledger_module.SCORED_SLOTS, *ledger_module.CONTEXT_SLOTS]
    assert defs["claim"]["properties"]["stance"]["enum"] == list(
        typing.get_args(ledger_module.Stance))
    assert defs["finding"]["properties"]["kind"]["enum"] == list(
        typing.get_args(ledger_module.FindingKind))
    damage = next(rule for rule in defs["fact"]["allOf"]
                  if rule["if"]["properties"]["slot"].get("const") == "damage")
    assert damage["then"]["properties"]["value"]["enum"] == list(ledger_module.DAMAGE_LEVELS)
    assert ledger_schema()["properties"]["rashomon"]["const"] == ledger_module.LEDGER_VERSION


def test_bad_stance_fails_with_e031_naming_every_problem(ledger: Ledger) -> None:
    data = ledger.to_json()
    data["claims"][1]["stance"] = "claims"
    data["claims"][0]["facts"][1]["value"] = "three"
    with pytest.raises(ValueError) as err:
        validate_ledger(data)
    message = str(err.value)
    assert message.startswith("[E031]")
    assert "claims[1].stance: 'claims' is not one of" in message
    assert "claims[0].facts[1].value: 'three' is not of type 'integer'" in message
    assert "2 problems" in message


@pytest.mark.parametrize("change, where", [
    (lambda d: d["claims"][0]["facts"][0].update(value=-1), "claims[0].facts[0].value"),
    (lambda d: d["claims"][0]["facts"][2].update(value="huge"), "claims[0].facts[2].value"),
    (lambda d: d["claims"][0]["facts"][2].update(slot="size"), "claims[0].facts[2].slot"),
    (lambda d: d["claims"][0].update(span=[1, 2, 3]), "claims[0].span"),
    (lambda d: d["claims"][0].update(extra=1), "claims[0]"),
    (lambda d: d["findings"][0].update(kind="agreement"), "findings[0].kind"),
    (lambda d: d["documents"][0].pop("text"), "documents[0]"),
    (lambda d: d.update(rashomon="2"), "rashomon"),
])
def test_schema_is_strict(ledger: Ledger, change: typing.Any, where: str) -> None:
    data = ledger.to_json()
    change(data)
    with pytest.raises(ValueError, match=re.escape(f"- {where}: ")):
        validate_ledger(data)


def test_production_disrupted_is_boolean(ledger: Ledger) -> None:
    data = ledger.to_json()
    data["claims"][0]["facts"].append(
        {"slot": "production_disrupted", "value": True, "span": None, "evidence": None,
         "at_least": False, "resolved": True})
    validate_ledger(data)
    data["claims"][0]["facts"][-1]["value"] = "yes"
    with pytest.raises(ValueError, match="is not of type 'boolean'"):
        validate_ledger(data)


def test_round_trip(ledger: Ledger) -> None:
    again = Ledger.from_json(json.loads(render(ledger, "json")))
    assert again == ledger
    assert again.to_json() == ledger.to_json()


# -- the side-by-side model ---------------------------------------------------


def test_side_by_side(ledger: Ledger) -> None:
    table = side_by_side(ledger, ledger.events[0])
    DAY = "2023-07-04"  # every value's: the day it was said, else published
    empty = {slot: Cell(slot) for slot in ("launched", "hit", "intercepted", "damage", "target")}

    def row(key: str, label: str, side: str | None, kind: str, claims: tuple[str, ...],
            **cells: Cell) -> Row:
        return Row(key=key, label=label, side=side, kind=kind, claims=claims,
                   cells=tuple({**empty, **cells}.values()))

    assert table == EventTable(
        event="e1",
        title="attack · Smolensk aviation plant · Smolensk · 2023-07-04",
        columns=("launched", "hit", "intercepted", "damage", "target"),
        rows=(
            row("vasily anokhin", "Vasily Anokhin", "russia", "government", ("c2", "c3"),
                intercepted=Cell("intercepted", (
                    Entry("5", "c2", "assert", False, False, ("f2",), 5, 0, at=DAY),)),
                damage=Cell("damage", (
                    Entry("none", "c3", "deny", False, True, ("f1", "f3"), "none", 0, at=DAY),), True)),
            row("medias russes", "Médias russes", "russia", "media", ("c4",),
                damage=Cell("damage", (
                    Entry("some", "c4", "acknowledge", False, False, ("f3",), "some", 0, at=DAY),))),
            row("ru-mod", "Russian Ministry of Defence", "russia", "military", ("c6",),
                hit=Cell("hit", (Entry("0", "c6", "assert", False, True, ("f4",), 0, 1, at=DAY),), True),
                intercepted=Cell("intercepted", (
                    Entry("5", "c6", "assert", False, False, ("f2",), 5, 0, at=DAY),))),
            row("ua-hur", "HUR", "ukraine", "military", ("c1",),
                launched=Cell("launched", (Entry("4", "c1", "assert", False, False, (), 4, 0, at=DAY),)),
                hit=Cell("hit", (Entry("3", "c1", "assert", False, True, ("f4",), 3, 1, at=DAY),), True),
                damage=Cell("damage", (
                    Entry("significant", "c1", "assert", False, True, ("f1",), "significant",
                          2, at=DAY),), True)),
            row("astra", "ASTRA", None, "media", ("c5",),
                hit=Cell("hit", (Entry("≥1", "c5", "assert", True, False, (), 1, 0, at=DAY),)),
                damage=Cell("damage", (Entry("some", "c5", "assert", False, False, (), "some",
                                             1, at=DAY),)),
                target=Cell("target", (Entry("цех 55", "c5", "assert", False, False, (),
                                             "цех 55", 2, at=DAY),))),
        ),
    )
    assert [(side, [r.key for r in rows]) for side, rows in table.sides()] == [
        ("russia", ["vasily anokhin", "medias russes", "ru-mod"]),
        ("ukraine", ["ua-hur"]),
        (None, ["astra"]),
    ]


def test_side_by_side_publisher_voice_and_merging(ledger: Ledger) -> None:
    doc = Document(id="tg-anon", text="Two drones were shot down over the plant.")
    ledger.documents.append(doc)
    ledger.claims.append(claim("c8", doc, Source(name="publisher"), "assert",
                               "Two drones were shot down over the plant",
                               [fact(doc, "intercepted", 2, "Two drones were shot down")],
                               attributed=False))
    # the ministry quoted in another document by a differently written name: same id, same row
    ledger.claims.append(claim("c9", doc, Source(name="Минобороны РФ", id="ru-mod",
                                                 side="russia"), "assert",
                               "over the plant", [fact(doc, "place", "plant", "plant")]))
    ledger.events[0].claims += ["c8", "c9"]
    table = side_by_side(ledger, ledger.events[0])
    assert table.columns == ("launched", "hit", "intercepted", "damage", "target", "place")
    assert table.row("ru-mod").claims == ("c6", "c9")
    assert [r.key for r in table.rows][-2:] == ["astra", f"{PUBLISHER_VOICE}#tg-anon"]
    voice = table.row(f"{PUBLISHER_VOICE}#tg-anon")
    assert (voice.label, voice.side) == (PUBLISHER_VOICE, None)
    assert voice.cell("intercepted").entries[0].value == "2"


def test_claims_without_facts_make_no_rows(ledger: Ledger) -> None:
    event = Event(id="e2", claims=["c7"], documents=["fr-smolensk"])
    assert side_by_side(ledger, event) == EventTable(
        event="e2", title="attack", columns=(), rows=())


@pytest.mark.parametrize("slot, value, at_least, shown", [
    ("hit", 3, False, "3"), ("hit", 1, True, "≥1"), ("killed", 0, False, "0"),
    ("damage", "significant", False, "significant"), ("damage", "none", False, "none"),
    ("production_disrupted", True, False, "yes"), ("production_disrupted", False, False, "no"),
    ("place", "Smolensk", False, "Smolensk"), ("time", None, False, "—"),
])
def test_format_value(slot: str, value: typing.Any, at_least: bool, shown: str) -> None:
    assert format_value(Fact(slot=slot, value=value, at_least=at_least)) == shown


def test_evidence_slices_the_sentence(ledger: Ledger) -> None:
    doc = ledger.documents[0]
    c1 = ledger.claims[0]
    ev = evidence(c1, doc, c1.facts[1])
    assert ev.before == "Selon le renseignement militaire ukrainien (HUR), "
    assert (ev.claim_before, ev.fact) == ("", "trois drones")
    assert ev.claim == c1.text and ev.after == "." and ev.matches
    broken = copy.deepcopy(c1)
    broken.span = (len(doc.text) + 10, len(doc.text) + 20)
    assert evidence(broken, doc).available is False
    assert evidence(c1, None).claim_before == c1.text


# -- formats ------------------------------------------------------------------


def test_unknown_format_is_e030(ledger: Ledger, tmp_path: typing.Any) -> None:
    with pytest.raises(ValueError, match=r"^\[E030\] Unknown report format 'pdf'. "
                                         r"Known formats: html, json, markdown\.$"):
        render(ledger, "pdf")
    with pytest.raises(ValueError, match=r"^\[E030\]"):
        write_report(ledger, None, tmp_path / "report.pdf")
    assert set(REPORT_FORMATS) == {"json", "markdown", "html"}


def test_write_report(ledger: Ledger, tmp_path: typing.Any) -> None:
    for name, fmt in (("l.json", "json"), ("r.md", "markdown"), ("r.html", "html")):
        path = write_report(ledger, None, tmp_path / "out" / name)
        assert path.read_text(encoding="utf-8").rstrip("\n") == render(ledger, fmt).rstrip("\n")
    validate_ledger(json.loads((tmp_path / "out" / "l.json").read_text(encoding="utf-8")))


def test_markdown(ledger: Ledger) -> None:
    ledger.claims[4].facts[2].value = "цех 55 | крыша"
    md = render(ledger, "markdown")
    lines = md.splitlines()
    assert lines[0] == "# rashomon report"
    assert "2 documents · 7 claims · 1 event · 4 findings · 1 error" in lines
    assert "## attack · Smolensk aviation plant · Smolensk · 2023-07-04 (e1)" in lines
    header = "| side | source | launched | hit | intercepted | damage | target |"
    start = lines.index(header)
    assert lines[start + 1] == "|---|---|---|---|---|---|---|"
    assert lines[start + 2:start + 7] == [
        "| russia | Vasily Anokhin |  |  | 5 (c2) | none *deny* ⚠ (c3) |  |",
        "| russia | Médias russes |  |  |  | some *acknowledge* (c4) |  |",
        "| russia | Russian Ministry of Defence |  | 0 ⚠ (c6) | 5 (c6) |  |  |",
        "| ukraine | HUR | 4 (c1) | 3 ⚠ (c1) |  | significant ⚠ (c1) |  |",
        "| unknown | ASTRA |  | ≥1 (c5) |  | some (c5) | цех 55 \\| крыша (c5) |",
    ]
    # every table line has the same number of unescaped pipes
    for line in lines[start:start + 7]:
        assert len(re.findall(r"(?<!\\)\|", line)) == 8
    assert ("- **contradiction** on *hit*: HUR: 3 drones hit \\| Russian MoD: none reached its "
            "target. (c1, c6)") in lines
    start, end = ledger.claims[2].span
    assert ("- **c3** Vasily Anokhin (russia) — deny (a démenti) — “tout dégât” — "
            f"fr-smolensk [{start}:{end}]") in lines
    assert any(line.startswith("- **c5** ASTRA (publisher's voice) — assert — “Беспилотник")
               for line in lines)
    assert lines[lines.index("## Errors") + 2] == (
        "- \\[E004\\] empty.txt: the document is empty.")


class TagCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


ALLOWED_TAGS = {"html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2",
                "h3", "span", "ul", "ol", "li", "b", "nav", "a", "aside", "main", "section", "p",
                "table", "caption", "thead", "tbody", "tr", "th", "td", "details", "summary",
                "blockquote", "mark", "dl", "dt", "dd", "br", "code", "small", "strong", "footer",
                # the charts: inline SVG (charts.py), nothing that loads or runs
                "figure", "svg", "g", "rect", "circle", "path", "line", "polyline", "text"}


def check_self_contained(html: str, allowed_urls: set[str]) -> TagCollector:
    parser = TagCollector()
    parser.feed(html)
    assert "<script" not in html.lower()
    assert "<link" not in html.lower()
    assert "@import" not in html and "url(" not in html
    for tag, attrs in parser.tags:
        assert tag in ALLOWED_TAGS, tag
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert "src" not in attrs and "srcset" not in attrs
        if "href" in attrs:
            href = attrs["href"] or ""
            assert href.startswith("#") or href in allowed_urls, href
    # http(s) appears only as the documents' own links and their text
    urls = set(re.findall(r"https?://[^\s\"'<>]+", html))
    # (and the SVG namespace of the inline charts: a name, never fetched)
    assert urls <= allowed_urls | {"https://json-schema.org", "http://www.w3.org/2000/svg"}, urls
    return parser


def test_html_is_self_contained_and_shows_evidence(ledger: Ledger) -> None:
    html = render(ledger, "html")
    check_self_contained(html, {"https://example.org/smolensk", "https://t.me/astrapress/1234"})
    assert html.startswith("<!doctype html>")
    assert "Content-Security-Policy" in html and 'name="viewport"' in html
    assert "@media (max-width: 700px)" in html
    # the claim list: the sentence with the claim's content in <mark>
    c1 = ledger.claims[0]
    assert (f"{escape('Selon le renseignement militaire ukrainien (HUR), ')}<mark>"
            f"{escape(c1.text)}</mark>.</blockquote>") in html
    # a cell: the fact's words marked inside the claim
    assert f'<mark><b class="fact">trois drones</b>{escape(c1.text[12:])}</mark>' in html
    # contradicting cells are marked, with the finding in the title
    assert html.count('class="contested"') == 4
    assert (f'<span class="warn" title="{escape("Contradiction: " + ledger.findings[0].explanation)}'
            f' (f1)" aria-label="contradicted">⚠</span><span class="value">significant</span>'
            ) in html
    assert "<summary>" in html and html.count("<details") == 11
    # sides grouped, unknown last, each in its own fixed colour (palette)
    assert [m for m in re.findall(r'<tbody class="(side-[\w]+)">', html)] == [
        "side-russia", "side-ukraine", "side-unknown"]
    assert re.findall(r'scope="rowgroup">([^<]*)<', html) == ["russia", "ukraine", "unknown"]
    for finding in ledger.findings:
        assert str(escape(finding.explanation)) in html
    assert 'id="claim-c7"' in html  # claims without facts are still listed
    assert "[E004] empty.txt: the document is empty." in html


def test_a_value_below_even_odds_is_shown_as_uncertain(ledger: Ledger) -> None:
    claim = ledger.claims[0]
    claim.confidence, claim.facts[0].confidence = 0.9, 0.2
    html, markdown = render(ledger, "html"), render(ledger, "markdown")
    assert '<summary class="uncertain" title="confidence 0.20">' in html
    assert '<span class="unsure" aria-label="uncertain">?</span>' in html
    assert "<dt>confidence</dt><dd>0.20 · uncertain</dd>" in html
    assert "*uncertain, 0.20*" in markdown and "confidence 0.90" in markdown
    claim.facts[0].confidence = 0.8  # likely enough: shown as any other value, with its confidence
    assert 'class="uncertain"' not in render(ledger, "html")


HOSTILE = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "</textarea>")


def hostile_ledger() -> Ledger:
    text = ("Intro. Le porte-parole a déclaré que " + HOSTILE[0] + " deux drones " + HOSTILE[1]
            + " ont frappé " + HOSTILE[2] + " le dépôt. Fin.")
    doc = Document(id='d"1<x>', text=text, publisher=HOSTILE[1], title=HOSTILE[0],
                   url="javascript:alert(1)", published=HOSTILE[2])
    content = HOSTILE[0] + " deux drones " + HOSTILE[1] + " ont frappé " + HOSTILE[2] + " le dépôt"
    src = Source(name=HOSTILE[0], id=None, kind=HOSTILE[2], side=HOSTILE[1])
    c1 = claim("c<1>", doc, src, "assert", content,
               [fact(doc, "hit", 2, "deux drones"), fact(doc, "place", HOSTILE[1], HOSTILE[2])],
               cue=HOSTILE[2])
    c2 = claim("c2", doc, Source(name="x"), "deny", "le dépôt", [fact(doc, "hit", 0, "dépôt")],
               attributed=False)
    ev = Event(id="e'1", claims=[c1.id, c2.id], documents=[doc.id], title=HOSTILE[2] + HOSTILE[0],
               place=HOSTILE[1], date=HOSTILE[2][:10], location=Location(name=HOSTILE[0], region=HOSTILE[1]),
               sources={HOSTILE[1]: [HOSTILE[0], HOSTILE[2]]},
               timeline=[TimelineEntry(claim=c1.id, source=HOSTILE[0], side=HOSTILE[1], at=HOSTILE[2]),
                         TimelineEntry(claim=c2.id, source=HOSTILE[2], side=None, at=None, later=True)])
    finding = Finding(id="f<1>", kind="contradiction", slot="hit", event=ev.id,
                      claims=[c1.id, c2.id], explanation=HOSTILE[0] + '" onmouseover="alert(1)',
                      sides=[HOSTILE[1]])
    return Ledger(documents=[doc], claims=[c1, c2], events=[ev], findings=[finding],
                  errors=[DocumentError(code="E005", message=HOSTILE[0], path=HOSTILE[1], line=3)],
                  warnings=[HOSTILE[2]])


def test_html_escapes_untrusted_text() -> None:
    ledger = hostile_ledger()
    validate_ledger(ledger.to_json())
    html = render(ledger, "html")
    parser = check_self_contained(html, set())
    for raw in HOSTILE:
        assert raw not in html
        assert str(escape(raw)) in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<img" not in html and "onerror=alert" not in html.replace("onerror=alert(1)&gt;", "")
    assert 'href="javascript' not in html
    # the hostile text reaches the reader intact, as text
    assert any(HOSTILE[0] in chunk for chunk in parser.text)
    assert "<mark>" + str(escape(ledger.claims[0].text)) + "</mark>" in html
    assert 'id="claim-c_1_"' in html


def test_html_index_and_timeline_escape_untrusted_text() -> None:
    html = render(hostile_ledger(), "html")
    index = html.split('id="index"')[1].split("</section>")[0]
    timeline = html.split("<h3>Timeline</h3>")[1].split("</ol>")[0]
    for section in (index, timeline):
        assert "<script" not in section and "<img" not in section
        assert str(escape(HOSTILE[0])) in section


def test_markdown_escapes_untrusted_text() -> None:
    md = render(hostile_ledger(), "markdown")
    assert not re.search(r"(?<!\\)[<>|]", md.split("\n| side |")[0])  # no unescaped specials
    assert not re.search(r"(?<!\\)<", md)
    assert "\\<script\\>alert(1)\\</script\\>" in md


def test_reports_survive_a_sparse_or_broken_ledger(ledger: Ledger) -> None:
    for fmt in REPORT_FORMATS:
        assert render(Ledger(), fmt)
    ledger.documents.pop()  # tg-astra's claims now point at a missing document
    ledger.claims[0].span = (10_000, 10_010)  # offsets past the end of the text
    ledger.findings.append(Finding(id="f9", kind="revision", slot="hit", event="e404",
                                   claims=["c1", "c404"], explanation="stray"))
    html = render(ledger, "html")
    assert "document text not available" in html
    assert "Findings outside any event" in html and "stray" in html
    assert "Findings outside any event" in render(ledger, "markdown")


def test_html_anchors_are_unique(ledger: Ledger) -> None:
    ledger.events.append(Event(id="e2", claims=["c1", "c6"], documents=["fr-smolensk",
                                                                         "tg-astra"]))
    html = render(ledger, "html")
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)) and "claim-c1" in ids and "event-e2" in ids


# -- the index of events and the timeline --------------------------------------


def two_event_ledger() -> Ledger:
    """The Smolensk ledger with its event geocoded and timed, and a second, uncontested event."""
    ledger = make_ledger()
    event = ledger.events[0]
    event.date_end = "2023-07-05"
    event.location = Location(name="Smolensk aviation plant", geonameid=491687, latitude=54.78,
                              longitude=32.05, region="Smolensk Oblast", country="RU")
    event.sources = {"russia": ["Vasily Anokhin", "Russian Ministry of Defence"], "ukraine": ["HUR"],
                     "unknown": ["ASTRA"]}
    event.timeline = [TimelineEntry(claim="c5", source="ASTRA", at="2023-07-04T09:12:00+00:00"),
                      TimelineEntry(claim="c2", source="Vasily Anokhin", side="russia",
                                    at="2023-07-04T18:00:00+02:00"),
                      TimelineEntry(claim="c4", source="Médias russes", side="russia",
                                    at="2023-07-04T18:00:00+02:00", later=True)]
    ledger.events.append(Event(id="e2", claims=["c7"], documents=["fr-smolensk"], place="Kyiv",
                               date="2023-07-05", sources={"ukraine": ["Ukrainian Air Force"]}))
    return ledger


def test_event_index_gives_date_place_sides_and_contradiction() -> None:
    assert event_index(two_event_ledger()) == [
        IndexRow(
            event="e1", title="attack · Smolensk aviation plant · Smolensk · 2023-07-04",
            date="2023-07-04 – 2023-07-05", place="Smolensk aviation plant (Smolensk Oblast, RU)",
            sides=(("russia", ("Vasily Anokhin", "Russian Ministry of Defence")), ("ukraine", ("HUR",)),
                   ("unknown", ("ASTRA",))),
            contested=True, findings=4, documents=2),
        IndexRow(
            event="e2", title="attack · Kyiv · 2023-07-05", date="2023-07-05", place="Kyiv",
            sides=(("ukraine", ("Ukrainian Air Force",)),), contested=False, findings=0, documents=1),
    ]


def test_timeline_follows_the_event_order_and_shows_values() -> None:
    ledger = two_event_ledger()
    rows = timeline_rows(ledger, ledger.events[0])
    assert [(r.claim, r.at, r.source, r.side, r.later) for r in rows] == [
        ("c5", "2023-07-04T09:12:00+00:00", "ASTRA", None, False),
        ("c2", "2023-07-04T18:00:00+02:00", "Vasily Anokhin", "russia", False),
        ("c4", "2023-07-04T18:00:00+02:00", "Médias russes", "russia", True),
    ]
    assert rows[0].values == ("hit = ≥1", "damage = some")


def test_markdown_index_and_timeline() -> None:
    lines = render(two_event_ledger(), "markdown").splitlines()
    index = lines[lines.index("## Events") + 2:lines.index("## Events") + 4]
    assert index[0].startswith("- **e1** · 2023-07-04 – 2023-07-05 · Smolensk aviation plant "
                               "(Smolensk Oblast, RU) · ")
    assert index[0].endswith("— 4 findings, 2 documents — ⚠ accounts contradict — russia: Vasily Anokhin, "
                             "Russian Ministry of Defence; ukraine: HUR; unknown: ASTRA")
    assert "⚠" not in index[1] and index[1].endswith("0 findings, 1 document — ukraine: Ukrainian Air Force")
    timeline = lines[lines.index("### Timeline") + 2:lines.index("### Timeline") + 5]
    assert timeline[0] == ("- 2023-07-04T09:12:00+00:00 — ASTRA — assert — **c5** “Беспилотник-камикадзе "
                           "попал в крышу цеха 55 Смоленского авиазавода, образовалась дыра 2 на 2 метра” — "
                           "hit = ≥1; damage = some")
    assert timeline[2].startswith("- 2023-07-04T18:00:00+02:00 — Médias russes (russia) *later* — acknowledge")


def test_html_index_links_every_event_and_marks_contradictions() -> None:
    html = render(two_event_ledger(), "html")
    check_self_contained(html, {"https://example.org/smolensk", "https://t.me/astrapress/1234"})
    index = html.split('id="index"')[1].split("</section>")[0]
    assert re.findall(r'href="#(event-[^"]+)"', index) == ["event-e1", "event-e2"]
    rows = index.split("<tr")[2:]
    assert 'class="contradicted"' in rows[0] and "accounts contradict" in rows[0]
    assert 'class="contradicted"' not in rows[1] and "no contradiction" in rows[1]
    assert "Smolensk aviation plant (Smolensk Oblast, RU)" in rows[0]
    assert "54.780, 32.050" in html  # the event's coordinates


def test_html_timeline_lists_claims_in_order_with_links() -> None:
    html = render(two_event_ledger(), "html")
    timeline = html.split("<h3>Timeline</h3>")[1].split("</ol>")[0]
    assert re.findall(r'href="#claim-(c\d+)"', timeline) == ["c5", "c2", "c4"]
    assert timeline.count("later statement") == 1
