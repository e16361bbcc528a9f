"""Reading files into documents: kinds, encodings, and every read error."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rashomon.ledger import Document, DocumentError
from rashomon.read import (
    READERS,
    ReadError,
    decode,
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
    # a/b/c.txt, a/z.md, a.txt, b.txt, c.jsonl: a folder sorts by its name, its files together
    assert [d.id for d in items] == ["c", "z", "a", "b", "c1", "c2"]


def test_folder_skips_hidden_files_hidden_folders_and_unknown_kinds(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / ".draft.txt").write_text("x", encoding="utf-8")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (tmp_path / "kept.TXT").write_text("x", encoding="utf-8")
    items, _ = read(tmp_path)
    assert [d.id for d in items] == ["kept"]


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
    assert error.code == "E003" and "NUL byte at offset 8" in error.message


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


def test_duplicate_txt_stem_gives_E008(tmp_path):
    for folder in ["2024", "2025"]:
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "smolensk.txt").write_text(folder, encoding="utf-8")
    items, _ = read(tmp_path)
    assert [getattr(i, "id", None) or i.code for i in items] == ["smolensk", "E008"]
    assert str(tmp_path / "2024" / "smolensk.txt") in items[1].message


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
