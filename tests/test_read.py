"""Reading files into documents: kinds, encodings, and every read error."""

from __future__ import annotations

import hashlib
import re

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.ledger import Document, DocumentError
from rashomon.read import (
    READERS,
    ReadError,
    channel_slug,
    decode,
    html_text,
    normalize_text,
    read_paths,
)
from rashomon.settings import Settings

RUSSIAN = ("Министерство обороны России заявило, что силы ПВО перехватили и "
           "уничтожили двенадцать беспилотников над Смоленской областью.")
FRENCH = ("Le ministère a déclaré que la défense aérienne avait intercepté douze "
          "drones au-dessus de la région, selon l'état-major.")


def read(*paths, **options) -> tuple[list, list[str]]:
    run = read_paths(paths, **options)
    items = list(run)
    return items, run.warnings


def documents(items) -> list[Document]:
    return [item for item in items if isinstance(item, Document)]


def errors(items) -> list[DocumentError]:
    return [item for item in items if isinstance(item, DocumentError)]


def write_jsonl(path: Path, *lines: object) -> Path:
    """Write records (dumped as JSON) or raw strings, one a line."""
    path.write_text("\n".join(l if isinstance(l, str) else json.dumps(l, ensure_ascii=False)
                              for l in lines) + "\n", encoding="utf-8")
    return path


def only_error(items) -> DocumentError:
    assert len(items) == 1 and isinstance(items[0], DocumentError), items
    return items[0]


# --- kinds of file -------------------------------------------------------------


def test_txt_file_is_one_document_named_after_its_stem(tmp_path):
    path = tmp_path / "reports" / "smolensk.txt"
    path.parent.mkdir()
    path.write_text(FRENCH, encoding="utf-8")
    items, warnings = read(path)
    assert items == [Document(id="smolensk", text=FRENCH, path=str(path))]
    assert warnings == []


def test_txt_text_is_kept_unnormalized(tmp_path):
    text = "L\u2019armée\u00a0a dit\u202f: «\u00a0rien\u00a0».\r\n"
    path = tmp_path / "a.txt"
    path.write_bytes(text.encode("utf-8"))
    [document], _ = read(path)
    assert document.text == text


def test_md_leading_heading_becomes_title_and_text_is_kept(tmp_path):
    text = "\n\n# Frappe sur Belgorod\n\nDes drones ont été abattus.\n"
    path = tmp_path / "belgorod.md"
    path.write_text(text, encoding="utf-8")
    [document], _ = read(path)
    assert (document.id, document.title, document.text) == ("belgorod", "Frappe sur Belgorod", text)


@pytest.mark.parametrize("text", [
    "Des drones ont été abattus.\n# Pas un titre\n",
    "## Sous-titre\n\nTexte.\n",
    "#hashtag du jour\n",
])
def test_md_without_leading_level_one_heading_has_no_title(tmp_path, text):
    path = tmp_path / "note.md"
    path.write_text(text, encoding="utf-8")
    [document], _ = read(path)
    assert document.title is None


def test_jsonl_record_fills_every_field(tmp_path):
    record = {"id": "tass-1", "text": RUSSIAN, "lang": "ru", "publisher": "TASS",
              "published": "2024-03-01T06:30:00Z", "url": "https://tass.ru/1",
              "title": "ПВО", "extra": "ignored"}
    path = write_jsonl(tmp_path / "feed.jsonl", record)
    items, _ = read(path)
    assert items == [Document(id="tass-1", text=RUSSIAN, lang="ru", publisher="TASS",
                              published="2024-03-01T06:30:00Z", url="https://tass.ru/1",
                              path=str(path), title="ПВО")]


def test_jsonl_optional_fields_default_to_none(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x", "lang": None})
    [document], _ = read(path)
    assert (document.lang, document.publisher, document.published, document.url,
            document.title) == (None,) * 5


def test_jsonl_numeric_id_becomes_a_string(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": 42, "text": "x"})
    [document], _ = read(path)
    assert document.id == "42"


def test_jsonl_blank_lines_are_skipped_but_counted(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x"}, "", "   ", "{")
    items, _ = read(path)
    assert [d.id for d in documents(items)] == ["a"]
    assert errors(items)[0].line == 4


def test_jsonl_line_separator_inside_a_string_does_not_split_the_record(tmp_path):
    path = tmp_path / "feed.jsonl"
    path.write_text('{"id": "a", "text": "one\u2028two"}\n', encoding="utf-8")
    [document], _ = read(path)
    assert document.text == "one\u2028two"


# --- files and folders ---------------------------------------------------------


def test_folder_is_read_recursively_in_sorted_order(tmp_path):
    for name in ["b.txt", "a/z.md", "a.txt", "a/b/c.txt", "c.jsonl"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix == ".jsonl":
            write_jsonl(path, {"id": "c1", "text": "x"}, {"id": "c2", "text": "y"})
        else:
            path.write_text("text", encoding="utf-8")
    items, _ = read(tmp_path)
    # a/b/c.txt, a/z.md, a.txt, b.txt, c.jsonl: a folder sorts by its name, its files together;
    # a file's id is its path from the folder given, without its suffix
    assert [d.id for d in items] == ["a/b/c", "a/z", "a", "b", "c1", "c2"]


def test_folder_skips_hidden_files_hidden_folders_and_unknown_kinds(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("x", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "kept.TXT").write_text("x", encoding="utf-8")
    items, _ = read(tmp_path)
    assert [d.id for d in items] == ["kept"]


def test_folder_skips_its_readme_unless_it_is_named(tmp_path):
    (tmp_path / "README.md").write_text("# Reports of March", encoding="utf-8")
    (tmp_path / "afp.txt").write_text(FRENCH, encoding="utf-8")
    assert [d.id for d in read(tmp_path)[0]] == ["afp"]
    assert [d.id for d in read(tmp_path / "README.md")[0]] == ["README"]


def test_paths_are_read_in_the_order_given(tmp_path):
    for name in ["b.txt", "a.txt", "c.txt"]:
        (tmp_path / name).write_text(name, encoding="utf-8")
    items, _ = read(tmp_path / "c.txt", str(tmp_path / "a.txt"), tmp_path / "b.txt")
    assert [d.id for d in items] == ["c", "a", "b"]


def test_batch_goes_on_after_errors(tmp_path):
    (tmp_path / "ok1.txt").write_text("x", encoding="utf-8")
    (tmp_path / "ok2.txt").write_text("y", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    items, _ = read(tmp_path / "ok1.txt", tmp_path / "nope.txt", tmp_path / "empty.txt",
                    tmp_path / "ok2.txt")
    assert [getattr(i, "id", None) or i.code for i in items] == ["ok1", "E001", "E004", "ok2"]


def test_readers_can_be_added_to_the_registry(tmp_path, monkeypatch):
    def read_csv(path, raw, *, settings):
        yield Document(id="csv", text=raw.decode(), path=str(path))

    monkeypatch.setitem(READERS, ".csv", read_csv)
    (tmp_path / "a.csv").write_text("x,y", encoding="utf-8")
    [document], _ = read(tmp_path)
    assert document.id == "csv"


# --- encodings -----------------------------------------------------------------


def test_cp1251_russian_text_is_decoded_with_W001(tmp_path):
    path = tmp_path / "tass.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    [document], warnings = read(path)
    assert document.text == RUSSIAN
    assert len(warnings) == 1 and warnings[0].startswith("[W001] ") and "cp1251" in warnings[0]


def test_latin1_french_text_is_decoded_with_W001(tmp_path):
    path = tmp_path / "afp.md"
    path.write_bytes(FRENCH.encode("latin-1"))
    [document], warnings = read(path)
    assert document.text == FRENCH
    assert len(warnings) == 1 and warnings[0].startswith("[W001] ") and "latin_1" in warnings[0]


def test_utf8_bom_is_stripped_without_warning(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbf" + FRENCH.encode("utf-8"))
    [document], warnings = read(path)
    assert document.text == FRENCH and warnings == []


def test_warnings_are_not_yielded_as_errors(tmp_path):
    path = tmp_path / "tass.txt"
    path.write_bytes(RUSSIAN.encode("cp1251"))
    items, _ = read(path)
    assert errors(items) == []


# Any bytes decode as latin-1, so E002 comes from charset_normalizer finding no
# plausible text: 0x98 is undefined in cp1251 and a C1 control in latin-1.
UNDECODABLE = b"Texte " + b"\x98" * 40


def test_undecodable_bytes_give_E002(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(UNDECODABLE)
    error = only_error(read(path)[0])
    assert (error.code, error.path) == ("E002", str(path))
    assert error.message.startswith("[E002] ")


def test_decode_raises_read_error_for_undecodable_bytes():
    with pytest.raises(ReadError) as caught:
        decode(UNDECODABLE, "a.txt")
    assert caught.value.error.code == "E002"


def test_decode_names_the_encoding():
    assert decode(FRENCH.encode("utf-8"), "a.txt") == (FRENCH, "utf-8")
    assert decode(RUSSIAN.encode("cp1251"), "a.txt") == (RUSSIAN, "cp1251")


# --- one error per case --------------------------------------------------------


def test_missing_path_gives_E001(tmp_path):
    error = only_error(read(tmp_path / "nope.txt")[0])
    assert error.code == "E001" and error.message.startswith("[E001] ")
    assert str(tmp_path / "nope.txt") in error.message


def test_binary_file_gives_E003(tmp_path):
    path = tmp_path / "photo.txt"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    error = only_error(read(path)[0])
    assert error.code == "E003" and "64 NUL bytes, the first at offset 8" in error.message


def test_control_characters_give_E003(tmp_path):
    path = tmp_path / "data.txt"
    path.write_bytes(bytes(range(1, 9)) * 10 + b"some text")
    error = only_error(read(path)[0])
    assert error.code == "E003" and "control characters" in error.message


def test_utf16_text_gives_E003_with_a_hint(tmp_path):
    path = tmp_path / "a.txt"
    path.write_bytes(FRENCH.encode("utf-16"))
    error = only_error(read(path)[0])
    assert error.code == "E003" and "UTF-16" in error.message


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n", "\u00a0\u2003\n".encode("utf-8")])
def test_empty_or_whitespace_file_gives_E004(tmp_path, content):
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert only_error(read(path)[0]).code == "E004"


def test_malformed_jsonl_line_gives_E005_and_other_lines_are_read(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x"},
                       '{"id": "b", "text": ', {"id": "c", "text": "z"})
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["a", "E005", "c"]
    error = items[1]
    assert (error.path, error.line) == (str(path), 2)
    assert error.message.startswith(f"[E005] {path}, line 2: not valid JSON")


@pytest.mark.parametrize("record, field, found", [
    ({"text": "x"}, "id", "none"),
    ({"id": "", "text": "x"}, "id", "an empty string"),
    ({"id": True, "text": "x"}, "id", "a boolean"),
    ({"id": "a"}, "text", "none"),
    ({"id": "a", "text": None}, "text", "null"),
    ({"id": "a", "text": "  \n"}, "text", "only whitespace"),
    ({"id": "a", "text": ["x"]}, "text", "a list"),
])
def test_missing_or_empty_id_or_text_gives_E006(tmp_path, record, field, found):
    path = write_jsonl(tmp_path / "feed.jsonl", record)
    error = only_error(read(path)[0])
    assert (error.code, error.line) == ("E006", 1)
    assert f"'{field}'" in error.message and f"this line has {found}." in error.message


def test_unknown_suffix_given_explicitly_gives_E007(tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4")
    error = only_error(read(path)[0])
    assert error.code == "E007" and "'.pdf'" in error.message and ".jsonl" in error.message


def test_duplicate_id_across_files_gives_E008_naming_the_first(tmp_path):
    first = write_jsonl(tmp_path / "a.jsonl", {"id": "x0", "text": "-"}, {"id": "dup", "text": "1"})
    second = write_jsonl(tmp_path / "b.jsonl", {"id": "dup", "text": "2"}, {"id": "y", "text": "3"})
    items, _ = read(first, second)
    assert [getattr(i, "id", None) or i.code for i in items] == ["x0", "dup", "E008", "y"]
    error = items[2]
    assert (error.path, error.line) == (str(second), 1)
    assert f"already read from {first}, line 2" in error.message


def test_two_files_of_one_name_in_two_folders_are_two_documents(tmp_path):
    for folder in ["day1", "day2"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "report.txt").write_text(f"Report of {folder}.", encoding="utf-8")
    items, warnings = read(tmp_path)
    assert [d.id for d in items] == ["day1/report", "day2/report"]
    assert warnings == []


def test_two_files_of_one_name_given_one_by_one_get_their_texts_hash(tmp_path):
    pages = []
    for folder in ["site-a", "site-b"]:
        (tmp_path / folder).mkdir()
        pages.append(tmp_path / folder / "report.txt")
        pages[-1].write_text(f"Report of {folder}.", encoding="utf-8")
    items, warnings = read(*pages)
    digest = hashlib.sha256("Report of site-b.".encode()).hexdigest()[:8]
    assert [d.id for d in items] == ["report", f"report-{digest}"]
    assert warnings[0].startswith("[W009]") and str(pages[0]) in warnings[0]
    # the same text gives the same id in every run, whatever else is read
    again, _ = read(pages[1], pages[0])
    assert {d.id for d in again} == {"report", f"report-{hashlib.sha256('Report of site-a.'.encode()).hexdigest()[:8]}"}


def test_the_same_file_given_twice_is_read_once(tmp_path):
    path = tmp_path / "smolensk.txt"
    path.write_text("Text.", encoding="utf-8")
    items, _ = read(path, path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["smolensk", "E008"]


@pytest.mark.parametrize("published", ["yesterday", "2024-13-01", "01/03/2024"])
def test_bad_published_gives_E009(tmp_path, published):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x", "published": published})
    error = only_error(read(path)[0])
    assert (error.code, error.line) == ("E009", 1)
    assert "'published'" in error.message and repr(published) in error.message


@pytest.mark.parametrize("published", ["2024-03-01", "2024-03-01T06:30:00Z",
                                       "2024-03-01T06:30:00+03:00", "2024-03-01 06:30"])
def test_iso_published_is_kept_as_given(tmp_path, published):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x", "published": published})
    [document], _ = read(path)
    assert document.published == published


def test_non_string_optional_field_gives_E009(tmp_path):
    path = write_jsonl(tmp_path / "feed.jsonl", {"id": "a", "text": "x", "lang": 7})
    error = only_error(read(path)[0])
    assert error.code == "E009" and "'lang' must be a string" in error.message


@pytest.mark.parametrize("line, found", [("[1, 2]", "a list"), ('"text"', "a string"),
                                         ("3", "a number"), ("null", "null")])
def test_non_object_line_gives_E010(tmp_path, line, found):
    path = write_jsonl(tmp_path / "feed.jsonl", line)
    error = only_error(read(path)[0])
    assert (error.code, error.line) == ("E010", 1) and error.message.endswith(f"got {found}.")


def test_file_over_the_limit_gives_E011_without_being_read(tmp_path, monkeypatch):
    path = tmp_path / "big.txt"
    path.write_text("x" * 101, encoding="utf-8")

    def no_open(*args, **kwargs):
        raise AssertionError("the file was opened")

    monkeypatch.setattr(Path, "open", no_open)
    error = only_error(read(path, settings=Settings(max_document_bytes=100))[0])
    assert error.code == "E011" and "101 bytes" in error.message and "100 bytes" in error.message


def test_file_at_the_limit_is_read(tmp_path):
    path = tmp_path / "a.txt"
    path.write_text("x" * 100, encoding="utf-8")
    [document], _ = read(path, settings=Settings(max_document_bytes=100))
    assert len(document.text) == 100


def test_unreadable_file_gives_E012(tmp_path, monkeypatch):
    path = tmp_path / "a.txt"
    path.write_text("x", encoding="utf-8")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(Path, "open", denied)
    error = only_error(read(path)[0])
    assert error.code == "E012" and "Permission denied" in error.message


def test_five_megabyte_document_is_read(tmp_path):
    paragraph = FRENCH + "\n\n"
    text = paragraph * (5_000_000 // len(paragraph.encode("utf-8")) + 1)
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    [document], warnings = read(path)
    assert path.stat().st_size > 5_000_000
    assert document.text == text and warnings == []


# --- normalization -------------------------------------------------------------


@pytest.mark.parametrize("text,normalized", [
    ("погиб ребëнок, загорелся ещë дом", "погиб ребёнок, загорелся ещё дом"),  # Latin ë
    ("Cистема ПВО", "Система ПВО"),  # a Latin C opening a Cyrillic word
    ("SHOTу сообщили", "SHOTу сообщили"),  # a Latin name with a Cyrillic ending stays
    ("iPhone", "iPhone"),
])
def test_latin_letters_in_a_cyrillic_word_become_cyrillic(text, normalized):
    assert normalize_text(text) == normalized


@given(st.text())
def test_normalize_text_preserves_length(text):
    assert len(normalize_text(text)) == len(text)


@given(st.text(alphabet=st.sampled_from("«»\"“”'abc ’\u00a0\t\r\n\u200b")))
def test_normalize_text_changes_characters_one_for_one(text):
    normalized = normalize_text(text)
    for before, after in zip(text, normalized):
        assert after == before or after in " '\n"
    assert normalize_text(normalized) == normalized


@pytest.mark.parametrize("before, after", [
    ("l\u2019armée", "l'armée"), ("\u2018x", "'x"), ("\u02bc", "'"),
    ("a\u00a0b\u202fc\u2009d", "a b c d"), ("a\r\n", "a \n"), ("a\tb", "a b"),
    ("a\u200bb\ufeff", "a b "), ("a\u2029b", "a\nb"),
])
def test_normalize_text_replaces_typographic_characters(before, after):
    assert normalize_text(before) == after


def test_normalize_text_keeps_quotation_marks():
    text = "« Non », a dit \"il\" — “oui”."
    assert normalize_text(text) == text


@pytest.mark.parametrize("before, after", [
    # issue 11: a link's words stay, its brackets and address do not ("https:" is no colon)
    ("[заявил](https://t.me/x/80963) Лавров", " заявил" + " " * 24 + "Лавров"),
    ("читать: bit.ly/bbcrussian.", "читать:" + " " * 19),
    # emoji and pictographs: "⚡Минобороны" names the ministry
    ("⚡️Минобороны РФ:", "  Минобороны РФ:"),
    ("🔹 5 ракет", "  5 ракет"),
])
def test_normalize_text_blanks_markdown_addresses_and_pictographs(before, after):
    assert normalize_text(before) == after and len(after) == len(before)


# --- saved web pages -----------------------------------------------------------

ARTICLE = [
    "L'état-major général des forces armées ukrainiennes a affirmé dimanche que douze drones "
    "avaient visé la raffinerie de Novozybkov, dans la région russe de Briansk.",
    "« L'installation a subi des dommages considérables », a précisé un porte-parole de "
    "l'état-major, cité par l'agence.",
    "Le ministère russe de la Défense a pour sa part indiqué que douze drones ukrainiens "
    "avaient été interceptés et détruits au-dessus de la région de Briansk.",
]


def web_page(*, head: str = "", paragraphs: list[str] = ARTICLE, charset: str = "utf-8") -> str:
    body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html>
<html lang="fr"><head><meta charset="{charset}">
<title>Frappe sur Novozybkov | Le Courrier de l'Est</title>
{head}
<script>window.analytics = {{"page": "article"}};</script>
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a> <a href="/sport">Sport</a></nav>
<article><h1>Frappe de drones sur la raffinerie de Novozybkov</h1>
{body}
</article>
<footer><p>© 2025 Le Courrier de l'Est. Tous droits réservés.</p></footer>
</body></html>"""


PAGE_HEAD = """<meta property="og:title" content="Frappe de drones sur la raffinerie de Novozybkov">
<meta property="og:site_name" content="Le Courrier de l'Est">
<meta property="og:url" content="https://example.org/monde/novozybkov">
<meta property="article:published_time" content="2025-03-09T18:20:00+01:00">"""


def test_html_page_is_its_main_text_with_paragraphs_as_blank_lines(tmp_path):
    path = tmp_path / "courrier-novozybkov.html"
    path.write_text(web_page(head=PAGE_HEAD), encoding="utf-8")
    [document], warnings = read(path)
    assert document.id == "courrier-novozybkov" and warnings == []
    # the headline is the first paragraph; menus, scripts and the footer are gone
    assert document.text == "\n\n".join(["Frappe de drones sur la raffinerie de Novozybkov", *ARTICLE])


def test_html_page_metadata_gives_title_publisher_date_and_url(tmp_path):
    path = tmp_path / "page.html"
    path.write_text(web_page(head=PAGE_HEAD), encoding="utf-8")
    [document], _ = read(path)
    assert (document.title, document.publisher, document.published, document.url) == (
        "Frappe de drones sur la raffinerie de Novozybkov", "Le Courrier de l'Est",
        "2025-03-09T18:20:00+01:00", "https://example.org/monde/novozybkov")


def test_html_url_comes_from_the_canonical_link_and_a_bare_day_stays_a_day(tmp_path):
    head = ('<link rel="canonical" href="https://example.org/a/12345">'
            '<meta name="date" content="2025-03-10">')
    path = tmp_path / "page.htm"
    path.write_text(web_page(head=head), encoding="utf-8")
    [document], _ = read(path)
    assert (document.url, document.published) == ("https://example.org/a/12345", "2025-03-10")


def test_html_time_comes_from_the_page_when_its_url_gives_only_the_day(tmp_path):
    head = ('<link rel="canonical" href="https://example.org/news/2025/03/09/novozybkov">'
            '<meta property="article:published_time" content="2025-03-09T21:40:00+02:00">')
    path = tmp_path / "page.html"
    path.write_text(web_page(head=head), encoding="utf-8")
    assert read(path)[0][0].published == "2025-03-09T21:40:00+02:00"


def test_html_page_in_its_declared_cp1251_is_read_without_warning(tmp_path):
    path = tmp_path / "tass.html"
    page = (f'<html><head><meta charset="windows-1251"><title>ТАСС</title></head>'
            f"<body><article><h1>Сводка</h1><p>{RUSSIAN}</p></article></body></html>")
    path.write_bytes(page.encode("cp1251"))
    [document], warnings = read(path)
    assert document.text == f"Сводка\n\n{RUSSIAN}" and warnings == []


def test_html_page_without_text_gives_E013_and_the_batch_goes_on(tmp_path):
    empty = tmp_path / "app.html"
    empty.write_text('<html><head><title>Loading…</title><script src="app.js"></script></head>'
                     '<body><div id="root"></div></body></html>', encoding="utf-8")
    other = tmp_path / "other.txt"
    other.write_text(FRENCH, encoding="utf-8")
    items, _ = read(empty, other)
    assert [getattr(i, "id", None) or i.code for i in items] == ["E013", "other"]
    assert items[0].path == str(empty) and items[0].message.startswith(f"[E013] {empty}: ")


def test_binary_file_saved_as_html_gives_E003(tmp_path):
    path = tmp_path / "page.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    assert only_error(read(path)[0]).code == "E003"


# --- RSS and Atom feeds --------------------------------------------------------


def rss(*items: str, title: str = "Ukrinform (français)") -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0">
<channel>
<title>{title}</title>
<link>https://example.org/</link>
<description>Actualités</description>
{"".join(items)}
</channel>
</rss>
"""


def rss_item(*, title="Odessa : deux blessés", guid="urn:ukrinform:1001", link="https://example.org/1001",
             date="Sun, 09 Mar 2025 08:40:00 +0100",
             description="&lt;p&gt;Dans la nuit, la Russie a lancé 48 drones.&lt;/p&gt;"
                         "&lt;p&gt;Selon l'armée de l'air, &lt;b&gt;41 drones&lt;/b&gt; ont été abattus.&lt;/p&gt;") -> str:
    parts = [f"<title>{title}</title>"]
    parts += [f"<guid>{guid}</guid>"] if guid else []
    parts += [f"<link>{link}</link>"] if link else []
    parts += [f"<pubDate>{date}</pubDate>"] if date else []
    parts += [f"<description>{description}</description>"]
    return "\n<item>\n" + "\n".join(parts) + "\n</item>\n"


def test_rss_entries_are_documents_with_their_metadata(tmp_path):
    path = tmp_path / "ukrinform.rss"
    path.write_text(rss(rss_item(), rss_item(guid=None, link="https://example.org/1002", title="Kharkiv",
                                             description="Un drone a touché un entrepôt.")),
                    encoding="utf-8")
    first, second = read(path)[0]
    assert (first.id, first.title, first.publisher, first.published, first.url) == (
        "urn:ukrinform:1001", "Odessa : deux blessés", "Ukrinform (français)",
        "2025-03-09T07:40:00+00:00", "https://example.org/1001")
    # HTML in the summary becomes text, its paragraphs separated by a blank line
    assert first.text == ("Dans la nuit, la Russie a lancé 48 drones.\n\n"
                          "Selon l'armée de l'air, 41 drones ont été abattus.")
    # no guid: the link is the id
    assert (second.id, second.text) == ("https://example.org/1002", "Un drone a touché un entrepôt.")


def test_atom_entries_use_their_content_and_updated_time(tmp_path):
    path = tmp_path / "kyiv.atom"
    path.write_text("""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Kyiv Independent</title>
  <id>urn:kyiv:feed</id>
  <updated>2025-03-10T06:00:00Z</updated>
  <entry>
    <title>Drones hit Bryansk refinery</title>
    <id>urn:kyiv:42</id>
    <link href="https://example.org/news/42"/>
    <updated>2025-03-10T05:30:00+02:00</updated>
    <summary>Short lede.</summary>
    <content type="html">&lt;p&gt;Ukraine's General Staff said eight drones hit the refinery.&lt;/p&gt;&lt;p&gt;Russia denied it.&lt;br&gt;No one was hurt.&lt;/p&gt;</content>
  </entry>
</feed>""", encoding="utf-8")
    [document], _ = read(path)
    assert (document.id, document.publisher, document.published, document.url) == (
        "urn:kyiv:42", "Kyiv Independent", "2025-03-10T03:30:00+00:00", "https://example.org/news/42")
    assert document.text == ("Ukraine's General Staff said eight drones hit the refinery.\n\n"
                             "Russia denied it.\nNo one was hurt.")


def test_entry_without_guid_or_link_is_named_after_the_file_and_its_content(tmp_path):
    path = tmp_path / "wire.rss"
    path.write_text(rss(rss_item(), rss_item(guid=None, link=None)), encoding="utf-8")
    first, second = read(path)[0]
    assert first.id == "urn:ukrinform:1001"
    assert re.fullmatch(r"wire-[0-9a-f]{12}", second.id)
    # a newer entry at the top of the feed moves the entry down; its id stays
    path.write_text(rss(rss_item(guid="urn:ukrinform:1002"), rss_item(), rss_item(guid=None, link=None)),
                    encoding="utf-8")
    assert read(path)[0][2].id == second.id


def test_malformed_feed_without_entries_gives_E014_and_the_batch_goes_on(tmp_path):
    broken = tmp_path / "broken.rss"
    broken.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>x</tit', encoding="utf-8")
    page = tmp_path / "error-page.rss"
    page.write_text("<html><body><h1>502 Bad Gateway</h1></body></html>", encoding="utf-8")
    good = tmp_path / "good.rss"
    good.write_text(rss(rss_item()), encoding="utf-8")
    items, _ = read(broken, page, good)
    assert [getattr(i, "id", None) or i.code for i in items] == ["E014", "E014", "urn:ukrinform:1001"]
    assert items[0].message.startswith(f"[E014] {broken}: not a readable RSS or Atom feed (")


def test_feed_not_well_formed_with_entries_is_read_with_W006(tmp_path):
    path = tmp_path / "cut.rss"
    path.write_text(rss(rss_item()).replace("</channel>\n</rss>\n", ""), encoding="utf-8")
    [document], warnings = read(path)
    assert document.id == "urn:ukrinform:1001"
    assert len(warnings) == 1 and warnings[0].startswith(f"[W006] {path}: the feed is not well-formed")


def test_one_bad_entry_gives_E018_and_the_other_entries_are_read(tmp_path):
    path = tmp_path / "feed.rss"
    bad = rss_item(guid="urn:bad", description="<![CDATA[<p>Texte \x01 abîmé</p>]]>")
    path.write_text(rss(rss_item(), bad, rss_item(guid="urn:3")), encoding="utf-8")
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["urn:ukrinform:1001", "E018", "urn:3"]
    assert items[1].message.startswith(f"[E018] {path}, entry 2: its text cannot be read")


def test_entries_without_text_are_counted_in_W002_and_a_bad_date_gives_W007(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(rss(rss_item(guid="urn:empty", description=""), rss_item(date="hier soir")),
                    encoding="utf-8")
    [document], warnings = read(path)
    assert document.id == "urn:ukrinform:1001" and document.published is None
    assert [w[:6] for w in warnings] == ["[W007]", "[W002]"]
    assert "entry 2" in warnings[0] and "'hier soir'" in warnings[0] and "1 documents" in warnings[1]


def test_duplicate_entry_id_gives_E008_at_the_line_of_the_entry(tmp_path):
    path = tmp_path / "feed.rss"
    path.write_text(rss(rss_item(), rss_item()), encoding="utf-8")
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["urn:ukrinform:1001", "E008"]
    second_item = [n for n, line in enumerate(path.read_text().splitlines(), 1) if line == "<item>"][1]
    assert items[1].line == second_item


def test_xml_file_is_read_as_a_feed_when_it_is_one_and_skipped_with_W004_when_not(tmp_path):
    (tmp_path / "feed.xml").write_text(rss(rss_item()), encoding="utf-8")
    (tmp_path / "sitemap.xml").write_text(
        '<?xml version="1.0"?>\n<!-- generated -->\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        "<url><loc>https://example.org/</loc></url></urlset>", encoding="utf-8")
    items, warnings = read(tmp_path)
    assert [d.id for d in items] == ["urn:ukrinform:1001"]
    assert warnings == [f"[W004] {tmp_path / 'sitemap.xml'}: an .xml file that is not an RSS or Atom feed "
                        "(its root element is <urlset>); skipped."]


@pytest.mark.parametrize("fragment, text", [
    ("<p>Un.</p><p>Deux<br>lignes.</p>", "Un.\n\nDeux\nlignes."),
    ("Texte   brut\u00a0sans balises", "Texte brut sans balises"),
    ("<div><script>var x = 1;</script>Visible</div>", "Visible"),
    ("<ul><li>un</li><li>deux</li></ul>", "un\n\ndeux"),
    ("   ", ""),
])
def test_html_text_keeps_blocks_as_paragraphs(fragment, text):
    assert html_text(fragment) == text


# --- Telegram Desktop exports --------------------------------------------------


def telegram_export(*messages: object, name: object = "Рыбарь", **chat: object) -> dict:
    return {"name": name, "type": "public_channel", "id": 1326223284, **chat, "messages": list(messages)}


def write_json(path: Path, data: object) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    return path


SERVICE = {"id": 1, "type": "service", "date": "2025-03-01T09:00:00", "date_unixtime": "1740808800",
           "actor": "Рыбарь", "actor_id": "channel1326223284", "action": "pin_message",
           "message_id": 3, "text": "", "text_entities": []}


def post(number: int, text: object, **fields: object) -> dict:
    return {"id": number, "type": "message", "date": "2025-03-09T21:05:12", "date_unixtime": "1741543512",
            "from": "Рыбарь", "from_id": "channel1326223284", "text": text, **fields}


def test_telegram_messages_are_documents_and_service_messages_are_skipped(tmp_path):
    path = write_json(tmp_path / "rybar" / "result.json", telegram_export(
        SERVICE, post(2, "Над Брянской областью сбиты 12 беспилотников.")))
    [document], warnings = read(path)
    assert (document.id, document.publisher, document.text) == (
        "rybar-2", "Рыбарь", "Над Брянской областью сбиты 12 беспилотников.")
    assert warnings == []


def test_telegram_time_is_the_utc_unixtime_not_the_local_date(tmp_path):
    # "date" is the exporting computer's local time (here Moscow, UTC+3)
    path = write_json(tmp_path / "result.json", telegram_export(post(2, "Текст.")))
    [document], _ = read(path)
    assert document.published == "2025-03-09T18:05:12+00:00"


def test_telegram_local_date_is_kept_when_there_is_no_unixtime(tmp_path):
    message = post(2, "Текст.")
    del message["date_unixtime"]
    path = write_json(tmp_path / "result.json", telegram_export(message))
    assert read(path)[0][0].published == "2025-03-09T21:05:12"


def test_telegram_formatted_text_is_flattened_in_order(tmp_path):
    text = [{"type": "bold", "text": "Брянск:"}, " губернатор ",
            {"type": "text_link", "text": "сообщил", "href": "https://t.me/x/1"},
            ", что пострадавших нет. ", {"type": "hashtag", "text": "#Брянск"}]
    path = write_json(tmp_path / "result.json", telegram_export(post(7, text)))
    [document], _ = read(path)
    assert document.text == "Брянск: губернатор сообщил, что пострадавших нет. #Брянск"


def test_telegram_text_entities_are_the_fallback_when_text_is_missing(tmp_path):
    message = post(8, None)
    del message["text"]
    message["text_entities"] = [{"type": "plain", "text": "Сбиты "}, {"type": "bold", "text": "пять"},
                                {"type": "plain", "text": " дронов."}]
    path = write_json(tmp_path / "result.json", telegram_export(message))
    assert read(path)[0][0].text == "Сбиты пять дронов."


def test_telegram_messages_without_text_are_counted_in_W002(tmp_path):
    photo = post(3, "", photo="photos/photo_1.jpg")
    path = write_json(tmp_path / "result.json", telegram_export(photo, post(4, "Текст."), post(5, [])))
    [document], warnings = read(path)
    assert document.id == "rybar-4"
    assert warnings == [f"[W002] {path}: 2 documents were skipped because they hold no text "
                        "once whitespace is removed."]


def test_telegram_export_is_recognised_by_its_content_not_its_name(tmp_path):
    write_json(tmp_path / "exports" / "channel-2025-03.json", telegram_export(post(2, "Текст.")))
    write_json(tmp_path / "exports" / "settings.json", {"theme": "dark"})
    items, warnings = read(tmp_path)
    assert [d.id for d in items] == ["rybar-2"]
    assert len(warnings) == 1 and warnings[0].startswith("[W005] ") and "settings.json" in warnings[0]


def test_telegram_account_export_reads_every_chat(tmp_path):
    other = telegram_export(post(9, "Ещё текст."), name="ASTRA")
    data = {"about": "Telegram export", "chats": {"about": "", "list": [telegram_export(post(2, "Текст.")), other]}}
    path = write_json(tmp_path / "result.json", data)
    assert [(d.id, d.publisher) for d in read(path)[0]] == [("rybar-2", "Рыбарь"), ("astra-9", "ASTRA")]


def test_malformed_telegram_message_gives_E017_naming_it_and_the_others_are_read(tmp_path):
    path = write_json(tmp_path / "result.json", telegram_export(
        post(2, "Раз."), post(3, {"type": "bold"}), post(4, ["ok ", {"type": "bold", "text": 5}]),
        {"type": "message", "text": "без номера"}, post(6, "Два.", date_unixtime="soon"), post(7, "Три.")))
    items, _ = read(path)
    assert [getattr(i, "id", None) or i.code for i in items] == [
        "rybar-2", "E017", "E017", "E017", "E017", "rybar-7"]
    messages = [item.message for item in items[1:5]]
    assert messages[0] == (f"[E017] {path}, message 3: 'text' must be a string or a list; got an object. "
                           "The message is skipped; the others are read.")
    assert "message 4: each part of 'text'" in messages[1] and "got a number" in messages[1]
    assert "message #4: a message needs an 'id'" in messages[2]
    assert "message 6: 'date_unixtime'" in messages[3]
    # a bad message with an id is reported at its line of the file
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines[items[1].line - 1].strip() == '"id": 3,'


def test_telegram_export_of_the_wrong_shape_gives_E016(tmp_path):
    path = write_json(tmp_path / "result.json", {"name": "Рыбарь", "messages": {"1": "x"}})
    error = only_error(read(path)[0])
    assert error.code == "E016" and "'messages' must be a list; got an object" in error.message


def test_telegram_export_that_is_not_json_gives_E015_with_its_line(tmp_path):
    path = tmp_path / "result.json"
    path.write_text('{\n "name": "Рыбарь",\n "messages": [\n  {"id": 1,\n', encoding="utf-8")
    error = only_error(read(path)[0])
    assert (error.code, error.line) == ("E015", 5) and error.message.startswith(f"[E015] {path}, line 5: ")


def test_telegram_message_read_twice_gives_E008_at_its_line(tmp_path):
    first = write_json(tmp_path / "march" / "result.json", telegram_export(post(2, "Раз.")))
    second = write_json(tmp_path / "april" / "result.json", telegram_export(SERVICE, post(2, "Раз.")))
    items, _ = read(first, second)
    assert [getattr(i, "id", None) or i.code for i in items] == ["rybar-2", "E008"]
    lines = second.read_text(encoding="utf-8").splitlines()
    assert lines[items[1].line - 1].strip() == '"id": 2,' and f"from {first}, line" in items[1].message


@pytest.mark.parametrize("name, number, slug", [
    ("Рыбарь", 1, "rybar"), ("BBC News | Русская служба", 2, "bbc-news-russkaya-sluzhba"),
    ("Повітряні Сили ЗСУ", 3, "povitryani-sili-zsu"), ("", 42, "channel42"), (None, 7, "channel7"),
])
def test_channel_slug_names_the_channel_in_latin_letters(name, number, slug):
    assert channel_slug(name, number) == slug
