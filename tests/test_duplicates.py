"""Near-duplicates: a reprint or syndicated copy is linked to its original, and
different reports about the same event are not."""

from __future__ import annotations

import pytest

from rashomon.duplicates import mark_duplicates, published_moment, shingles, swapped_details
from rashomon.ledger import Document
from rashomon.settings import Settings

HEADLINE = "Frappe de drones sur une raffinerie de la région de Briansk : Kiev et Moscou se contredisent"
BODY = [
    "L'état-major général des forces armées ukrainiennes a affirmé dimanche que douze drones avaient "
    "visé la raffinerie de Novozybkov, dans la région russe de Briansk, et que huit d'entre eux avaient "
    "atteint leur cible.",
    "« L'installation a subi des dommages considérables et la production de carburant est "
    "interrompue », a précisé un porte-parole de l'état-major.",
    "Le ministère russe de la Défense a pour sa part indiqué que douze drones ukrainiens avaient été "
    "interceptés et détruits au-dessus de la région de Briansk.",
    "Le gouverneur de la région de Briansk, Alexandre Bogomaz, a démenti que la raffinerie ait été "
    "touchée. Il a assuré qu'il n'y avait « ni victimes ni dégâts ».",
    "Selon le média indépendant ASTRA, deux réservoirs de la raffinerie ont pris feu après l'attaque.",
]
ORIGINAL = "\n\n".join([HEADLINE, *BODY])

# the same event, told by another agency in its own words
OTHER_REPORT = "\n\n".join([
    "Raffinerie de Novozybkov : Moscou reconnaît des dégâts",
    "Les autorités russes ont reconnu lundi que la raffinerie de Novozybkov avait été endommagée lors "
    "de l'attaque de drones de dimanche.",
    "« Un incendie s'est déclaré sur le site, il a été maîtrisé en quelques heures », a déclaré à Reuters "
    "un responsable local qui a requis l'anonymat.",
    "Le gouverneur Alexandre Bogomaz avait affirmé dimanche qu'aucun dégât n'était à déplorer.",
    "Plus tard, le ministère russe de l'Énergie a admis que la production de la raffinerie était suspendue.",
])


def doc(doc_id: str, text: str, published: str | None = "2025-03-09T18:00:00+00:00") -> Document:
    return Document(id=doc_id, text=text, lang="fr", published=published)


def links(documents: list[Document]) -> dict[str, str | None]:
    return {d.id: d.duplicate_of for d in mark_duplicates(documents)}


def test_a_verbatim_reprint_is_linked_to_its_original():
    assert links([doc("afp", ORIGINAL), doc("partner", ORIGINAL, "2025-03-09T19:30:00+00:00")]) == {
        "afp": None, "partner": "afp"}


def test_a_reprint_with_its_own_headline_and_intro_line_is_still_linked():
    reprint = "\n\n".join([
        "Briansk : huit drones ukrainiens auraient frappé une raffinerie, selon Kiev",
        "(Le Courrier de l'Est, avec AFP) Nouvelle attaque de drones contre une installation pétrolière russe.",
        *BODY,
    ])
    assert links([doc("afp", ORIGINAL), doc("courrier", reprint, "2025-03-09T20:05:00+00:00")])["courrier"] == "afp"


def test_a_new_headline_sharing_a_word_or_two_with_the_old_one_is_no_swapped_detail():
    # aligned word by word, the headlines share "de" and "selon": lone words, not a
    # passage around "Sobianine" -> "Kiev"
    original = "\n\n".join(["Attaque de drones contre Moscou, selon Sobianine", *BODY])
    reprint = "\n\n".join(["Les frappes russes visent la région de Soumy, selon Kiev", *BODY])
    assert links([doc("a", original), doc("b", reprint, "2025-03-09T19:00:00Z")])["b"] == "a"


def test_a_shortened_syndicated_copy_is_still_linked():
    copy = "\n\n".join([HEADLINE, *BODY[:4]])
    assert links([doc("afp", ORIGINAL), doc("copy", copy, "2025-03-10T06:00:00+00:00")])["copy"] == "afp"


def test_different_reports_about_the_same_event_are_not_linked():
    assert links([doc("afp", ORIGINAL), doc("reuters", OTHER_REPORT, "2025-03-10T09:12:00+00:00")]) == {
        "afp": None, "reuters": None}


def test_formulaic_statements_with_other_figures_are_not_linked():
    template = ("Дежурными средствами ПВО перехвачены и уничтожены {n} украинских беспилотных летательных "
                "аппаратов самолетного типа над территорией {region} области.")
    statements = [
        doc("mod-1", template.format(n=12, region="Брянской"), "2025-03-09T05:00:00+00:00"),
        doc("mod-2", template.format(n=15, region="Брянской"), "2025-03-10T05:00:00+00:00"),
        doc("mod-3", template.format(n=12, region="Брянской"), "2025-03-10T05:30:00+00:00"),
    ]
    # the third repeats the first word for word and figure for figure: a copy
    assert links(statements) == {"mod-1": None, "mod-2": None, "mod-3": "mod-1"}


def test_formulaic_statements_about_other_places_are_not_linked():
    template = ("Дежурными средствами ПВО перехвачены и уничтожены 12 украинских беспилотных летательных "
                "аппаратов самолетного типа над территорией {region} области.")
    assert links([doc("mod-bryansk", template.format(region="Брянской")),
                  doc("mod-kursk", template.format(region="Курской"))]) == {"mod-bryansk": None, "mod-kursk": None}


@pytest.mark.parametrize("second, swapped", [
    ("Douze drones ont visé Briansk dimanche soir.", False),
    ("Quinze drones ont visé Koursk dimanche soir.", True),
    ("Douze drones ont visé Briansk le 9 mars au soir.", False),  # a word for the date, not a figure swapped
    ("Douze drones ont visé Briansk dimanche soir, selon Kiev.", False),  # an added ending
    ("Selon Kiev, douze drones ont visé Briansk dimanche soir.", False),  # a new opening
])
def test_swapped_details_tells_an_edited_copy_from_another_statement(second, swapped):
    assert swapped_details("Douze drones ont visé Briansk dimanche soir.", second) is swapped


def test_the_original_is_the_earliest_published_whatever_the_input_order():
    assert links([doc("late", ORIGINAL, "2025-03-10T08:00:00+00:00"),
                  doc("early", ORIGINAL, "2025-03-09T21:00:00+03:00")]) == {"late": "early", "early": None}


def test_times_with_offsets_are_compared_as_instants():
    # 20:00 in Moscow (UTC+3) is before 18:00 in UTC
    assert links([doc("utc", ORIGINAL, "2025-03-09T18:00:00Z"),
                  doc("moscow", ORIGINAL, "2025-03-09T20:00:00+03:00")]) == {"utc": "moscow", "moscow": None}


def test_equal_times_and_undated_documents_fall_back_to_input_order():
    assert links([doc("undated", ORIGINAL, None), doc("first", ORIGINAL), doc("second", ORIGINAL)]) == {
        "undated": "first", "first": None, "second": "first"}


def test_a_copy_of_a_copy_points_to_the_first_original():
    reprint = "\n\n".join(["Briansk : attaque de drones contre une raffinerie", *BODY])
    second = "\n\n".join(["Briansk : attaque de drones contre une raffinerie", *BODY[:4]])
    found = links([doc("afp", ORIGINAL, "2025-03-09T18:00:00Z"), doc("partner", reprint, "2025-03-09T19:00:00Z"),
                   doc("blog", second, "2025-03-10T07:00:00Z")])
    assert found == {"afp": None, "partner": "afp", "blog": "afp"}


def test_a_telegram_repost_in_another_channel_is_linked():
    post = ("Брянская область: ночью ВСУ атаковали НПЗ в Новозыбкове. По словам губернатора Богомаза, "
            "пострадавших и разрушений нет. Очевидцы публикуют видео пожара на территории завода.")
    repost = "⚡️ " + post + "\n\nПодписывайтесь на наш канал"
    assert links([doc("astra-101", post), doc("mash-7", repost, "2025-03-09T18:04:00+00:00")])["mash-7"] == "astra-101"


def test_a_link_given_in_the_input_is_kept():
    given = doc("partner", OTHER_REPORT)
    given.duplicate_of = "reuters-wire"
    assert links([doc("afp", ORIGINAL), given])["partner"] == "reuters-wire"


def test_detection_is_off_without_a_threshold():
    documents = mark_duplicates([doc("a", ORIGINAL), doc("b", ORIGINAL)], settings=Settings(duplicate_threshold=None))
    assert [d.duplicate_of for d in documents] == [None, None]


def test_a_stricter_threshold_keeps_a_rewritten_reprint_apart():
    reprint = "\n\n".join(["Briansk : attaque de drones", "(Le Courrier, avec AFP) Une nouvelle attaque.", *BODY[:3]])
    documents = [doc("afp", ORIGINAL), doc("courrier", reprint, "2025-03-09T20:00:00Z")]
    assert mark_duplicates(documents, settings=Settings(duplicate_threshold=0.95))[1].duplicate_of is None


@pytest.mark.parametrize("text, found", [
    ("Douze drones ont été abattus.", {"douze drones ont", "drones ont été", "ont été abattus"}),
    ("DOUZE Drones", {"douze drones"}),
    ("", set()),
])
def test_shingles_are_runs_of_folded_words(text, found):
    import re
    assert shingles(re.findall(r"\w+", text.casefold()), size=3) == found


@pytest.mark.parametrize("published, iso", [
    ("2025-03-09T18:00:00Z", "2025-03-09T18:00:00+00:00"),
    ("2025-03-09T21:00:00+03:00", "2025-03-09T21:00:00+03:00"),
    ("2025-03-09", "2025-03-09T00:00:00+00:00"),
    ("2025-03-09 18:00", "2025-03-09T18:00:00+00:00"),
])
def test_published_moment_reads_iso_times(published, iso):
    assert published_moment(published).isoformat() == iso


def test_published_moment_is_none_for_no_or_unreadable_time():
    assert published_moment(None) is None and published_moment("hier") is None
