"""The one order documents are analysed in: results are a function of the set.

Several stages take their inputs in turn and decide as they go: duplicate
detection keeps the first of two copies as the original, ``resolve`` puts
each report into the best event there is so far, ``compare`` keeps the first
name a speaker goes by. Given the same documents in another order (``analyze
b a``, two ingests the other way round, two writers at once) they would decide
otherwise. So every stage that decides by turn takes the documents in this
order, never in the order they arrived:

1. by publication time (undated documents last), so that the original of a
   reprint is the earliest version and events are numbered in time order;
2. then by id, then by the sha256 of the text, which no arrival changes.

A document's claims keep the order the analysis of that document gave them
(the order of its text), which depends on the document alone.
"""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from typing import Iterable, TypeVar

from .ledger import Claim, Document

UNDATED = datetime.max.replace(tzinfo=timezone.utc)
T = TypeVar("T", bound=Document)


def published_moment(published: str | None) -> datetime | None:
    """A publication time as an aware datetime (UTC when it gives no offset), or None."""
    if not published:
        return None
    text = published[:-1] + "+00:00" if published.endswith(("Z", "z")) else published
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)


def document_key(document: Document) -> tuple[datetime, str, str]:
    """Where a document stands in the canonical order: publication time, id, text hash."""
    return stored_key(document.published, document.id, text_sha256(document.text or ""))


def stored_key(published: str | None, doc_id: str | None, sha256: str) -> tuple[datetime, str, str]:
    """``document_key`` from what a store keeps of a document (its text's hash, not the text)."""
    return (published_moment(published) or UNDATED, doc_id or "", sha256)


def text_sha256(text: str) -> str:
    """The hex SHA-256 of a text: a document version's key in the store and in review
    corrections, and ids that must not depend on where a text was found."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def canonical(documents: Iterable[T]) -> list[T]:
    """The documents in the canonical order."""
    return sorted(documents, key=document_key)


def canonical_claims(claims: Iterable[Claim], documents: Iterable[Document]) -> list[Claim]:
    """Claims in the canonical order of their documents; a document's own claims keep
    their order (the sort is stable). Claims of a document not given go last."""
    rank = {document.id: number for number, document in enumerate(canonical(documents))}
    return sorted(claims, key=lambda claim: rank.get(claim.doc, len(rank)))
