"""Shared fixtures: the French pipeline, loaded once per test process."""

from __future__ import annotations

import pytest

from rashomon.lang import load_language
from rashomon.ledger import Document
from rashomon.pipeline import analyze_documents


@pytest.fixture(scope="session")
def fr():
    return load_language("fr")


@pytest.fixture(scope="session")
def analyze_fr():
    """Analyse French texts as documents; returns the ledger."""

    def run(*texts: str, published: str | None = "2025-03-10T08:00:00+00:00", publisher: str | None = None):
        documents = [Document(id=f"d{i}", text=text, lang="fr", published=published, publisher=publisher)
                     for i, text in enumerate(texts)]
        return analyze_documents(documents)

    return run


@pytest.fixture(scope="session")
def attribute_fr(fr):
    """Parse and attribute French texts, without the source registry: claims name
    their speakers as the text does."""
    from rashomon.attribute import attribute_document, to_claim
    from rashomon.parse import parse_documents

    def run(text: str, *, publisher: str | None = None):
        document = Document(id="d0", text=text, lang="fr", publisher=publisher)
        (_, pieces), = parse_documents([document])
        return [to_claim(found, document, fr) for found in attribute_document(document, pieces, fr)]

    return run
