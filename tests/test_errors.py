"""Coded errors and warnings: each documented, prefixed with its code, formattable."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest

from rashomon.errors import Errors, Warnings

DOCS = Path(__file__).parent.parent / "docs" / "errors.md"
CODE = re.compile(r"^[EW]\d{3}$")


def codes(cls: type) -> list[str]:
    return [name for name in vars(cls) if CODE.match(name)]


ALL_CODES = [(cls, code) for cls in (Errors, Warnings) for code in codes(cls)]
IDS = [code for _, code in ALL_CODES]


def documented_codes() -> list[str]:
    text = DOCS.read_text(encoding="utf-8")
    return re.findall(r"^#+\s+([EW]\d{3})\b", text, flags=re.MULTILINE)


def placeholders(message: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(message) if field is not None}


@pytest.mark.parametrize("cls", [Errors, Warnings])
def test_every_message_attribute_is_named_by_a_code(cls):
    names = [name for name in vars(cls) if not name.startswith("__")]
    assert names == codes(cls)


def test_errors_and_warnings_have_codes_of_their_own_letter():
    assert all(code.startswith("E") for code in codes(Errors))
    assert all(code.startswith("W") for code in codes(Warnings))
    assert codes(Errors) and codes(Warnings)


@pytest.mark.parametrize(("cls", "code"), ALL_CODES, ids=IDS)
def test_code_is_a_heading_in_the_errors_page(cls, code):
    assert code in documented_codes()


def test_errors_page_documents_no_code_that_does_not_exist():
    headings = documented_codes()
    assert sorted(headings) == sorted(IDS)
    assert len(headings) == len(set(headings))


@pytest.mark.parametrize(("cls", "code"), ALL_CODES, ids=IDS)
def test_message_starts_with_its_code(cls, code):
    message = getattr(cls, code)
    assert message.startswith(f"[{code}] ")
    assert not message[len(code) + 3:].startswith("[")


@pytest.mark.parametrize(("cls", "code"), ALL_CODES, ids=IDS)
def test_message_formats_with_the_names_it_uses(cls, code):
    message = getattr(cls, code)
    names = placeholders(message)
    assert all(name.isidentifier() for name in names)
    formatted = message.format(**{name: f"<{name}>" for name in names})
    assert formatted.startswith(f"[{code}] ")


def test_dunder_attributes_are_not_prefixed():
    assert Errors.__name__ == "Errors"
    assert Warnings.__module__ == "rashomon.errors"
