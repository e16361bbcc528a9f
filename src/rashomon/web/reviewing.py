"""Who may correct, the session and its CSRF token, and the corrections themselves.

* **People.** A token made by ``rashomon user add`` names a user and a role
  (``Store.user_of``): readers read, editors and admins correct. The API takes the
  token as a bearer header; the web app's sign-in page takes it in a POST form and
  keeps it in an HttpOnly, SameSite=Strict session cookie.
* **CSRF.** Every form carries a hidden token: for a signed-in session the HMAC of
  the session's token hash (a per-session secret no other site can read or make),
  for the sign-in form a random value also set as a cookie (double submit). A form
  without it, or with another, is refused (403, E123).
* **Corrections** (:func:`correct_claim`, :func:`correct_event`,
  :func:`correct_source`): each checks its value against what the slot or field
  takes (422, E125) and the value the editor saw against the current one, inside
  the store's write transaction (409, E124, with the current value): two editors
  correcting the same claim at once are taken in turn and the second one is told.
  The API and the forms call the same functions.
"""

from __future__ import annotations

import hmac
import re
import secrets
from datetime import date
from typing import Any

from fastapi import Request

from .. import review
from ..errors import Errors
from ..ledger import Claim, Document, Ledger
from ..review import Correction, ValueProblem, text_sha256
from .csrf import SESSION_COOKIE, csrf_token
from .deps import WebError, bearer, found, store_of, unauthorized

SIGN_IN_COOKIE = "rashomon_sign_in"  # the sign-in form's CSRF value (double submit)
WRITERS = ("editor", "admin")


# --- people ---------------------------------------------------------------------------


def session_secret(request: Request) -> str | None:
    return request.cookies.get(SESSION_COOKIE)


def user_of(request: Request, *, cookie: bool = True) -> dict[str, str] | None:
    """The user of the bearer token, else (``cookie``) of the session."""
    store = store_of(request)
    secret = bearer(request) or (session_secret(request) if cookie else None)
    return store.user_of(secret) if secret else None


def require_editor(request: Request, *, cookie: bool = False) -> dict[str, str]:
    """The editor (or admin) making the request: 401 without a user, 403 (E122) for a reader."""
    user = user_of(request, cookie=cookie)
    if user is None:
        secret = bearer(request) or (session_secret(request) if cookie else None)
        raise unauthorized("The token is not valid here." if secret else "No token was sent.", action="Correcting")
    if user["role"] not in WRITERS:
        raise WebError(403, Errors.E122.format(action="Correcting", who=user["name"], role=user["role"]))
    return user


def check_csrf(request: Request, given: str | None) -> None:
    """403 (E123) unless the form's token is the session's."""
    secret = session_secret(request)
    if not given:
        raise WebError(403, Errors.E123.format(problem="missing"))
    if not secret or not hmac.compare_digest(given.encode(), csrf_token(secret).encode()):
        raise WebError(403, Errors.E123.format(problem="not this session's"))


def new_sign_in_token() -> str:
    return secrets.token_urlsafe(24)


def check_sign_in_csrf(request: Request, given: str | None) -> None:
    expected = request.cookies.get(SIGN_IN_COOKIE)
    if not given:
        raise WebError(403, Errors.E123.format(problem="missing"))
    if not expected or not hmac.compare_digest(given.encode(), expected.encode()):
        raise WebError(403, Errors.E123.format(problem="not the one this browser was given"))


# --- what is seen and what is current ---------------------------------------------------


def same(seen: Any, current: Any) -> bool:
    """The value an editor saw and the current one, compared as a form sends them
    (text) and as the API does (JSON): 6 and "6", null and ""."""
    def plain(value: Any) -> Any:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return str(value).lower()
        if isinstance(value, (list, tuple)):
            return [plain(v) for v in value]
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items() if v not in (None, "")}
        return str(value)
    return plain(seen) == plain(current)


CURRENT = {
    "verdict": lambda claim, _slot: claim.verdict,
    "source": lambda claim, _slot: claim.source.id or claim.source.name,
    "stance": lambda claim, _slot: claim.stance,
    "span": lambda claim, _slot: list(claim.span),
    "fact": lambda claim, slot: fact_value(claim, slot),
    "add_fact": lambda claim, slot: fact_value(claim, slot),
    "note": lambda _claim, _slot: None,
}
NEEDS_SEEN = ("verdict", "source", "stance", "span", "fact")


def fact_value(claim: Claim, slot: str | None) -> Any:
    fact = next((f for f in claim.facts if f.slot == slot and not f.scope), None)
    return None if fact is None else fact.value


def machine_claim(store: Any, claim_id: str) -> tuple[Claim, Document]:
    data = found(store._machine_claim(claim_id), "claim", claim_id)
    return Claim.from_json(data["claim"]), Document(**data["document"])


def reviewed_claim(claim: Claim, document: Document, corrections: list[Correction]) -> Claim:
    ledger = Ledger(documents=[document], claims=[claim])
    return review.apply(ledger, corrections, judge=lambda *_: [], complete=False).ledger.claims[0]


# --- claim corrections ---------------------------------------------------------------------


def parse_claim_value(kind: str, body: dict[str, Any], document: Document, store: Any) -> tuple[Any, str | None]:
    """(the correction's ``after``, its slot) from a request's body, or 422 (E125)."""
    try:
        if kind == "verdict":
            return review.choice("value", body.get("value"), review.VERDICTS), None
        if kind == "stance":
            return review.choice("value", body.get("value"), review.STANCES), None
        if kind == "span":
            value = body.get("value")
            if isinstance(value, str):
                value = [part.strip() for part in value.replace("–", "-").split("-")]
            if not isinstance(value, (list, tuple)) or len(value) != 2:
                raise ValueProblem("a span is two character offsets [start, end]")
            start, end = (review.slot_value("killed", v) for v in value)  # whole numbers of 0 or more
            if not start < end <= len(document.text):
                raise ValueProblem(f"a span lies within the document's {len(document.text)} characters, "
                                   f"start before end; got [{start}, {end}]")
            return [start, end], None
        if kind in ("fact", "add_fact"):
            slot = body.get("slot")
            if body.get("value") is None and kind == "fact":
                return None, slot if slot in review.SLOTS else _bad_slot(slot)
            value = review.slot_value(str(slot), body.get("value"))
            at_least = body.get("at_least") in (True, "true", "on", "1")
            return {"value": value, "at_least": at_least}, slot
        if kind == "source":
            return source_value(store, body), None
        if kind == "note":
            note = str(body.get("note") or "").strip()
            if not note or len(note) > 4000:
                raise ValueProblem("a note is a text of 1 to 4,000 characters")
            return None, None
    except ValueProblem as problem:
        raise WebError(422, Errors.E125.format(name=body.get("slot") or kind, problem=problem)) from None
    raise WebError(404, Errors.E098.format(path=kind))


def _bad_slot(slot: Any) -> None:
    raise ValueProblem(f"'{slot}' is not a slot (one of {', '.join(review.SLOTS)})")


def source_value(store: Any, body: dict[str, Any]) -> dict[str, Any]:
    """A claim's new source: a registry entry by ``id``, else a ``name``, which the
    registry (with the store's overlay) resolves when it can."""
    registry, _ = store.overlay_registry()
    source_id = (body.get("id") or "").strip() or None
    name = str(body.get("name") or "").strip()
    if source_id:
        entry = registry.get(source_id)
        if entry is None:
            raise ValueProblem(f"no source '{source_id}' in the registry; give a name for a new one")
    else:
        if not name or len(name) > 300:
            raise ValueProblem("a source is a registry id or a name of 1 to 300 characters")
        entry = registry.resolve(name).entry
    if entry is None:
        return {"name": name, "id": None, "kind": None, "side": "unknown", "label": None}
    return {"name": name or entry.display_name(), "id": entry.id, "kind": entry.kind, "side": entry.side,
            "label": entry.display_name()}


def correct_claim(store: Any, claim_id: str, kind: str, body: dict[str, Any], who: str) -> dict[str, Any]:
    """Store one correction of a claim and answer with it and the claim as it is now."""
    claim, document = machine_claim(store, claim_id)
    after, slot = parse_claim_value(kind, body, document, store)
    if kind in NEEDS_SEEN and "seen" not in body:
        raise WebError(422, Errors.E126.format(name="seen"))
    sha = text_sha256(document.text)

    def expect(existing: list[Correction]) -> Any:
        """The value now (the correction's ``before``), or 409 when it is not what the editor saw."""
        now = reviewed_claim(claim, document, existing)
        current = CURRENT[kind](now, slot)
        seen = body.get("seen") if kind != "add_fact" else body.get("seen", current)
        if (kind in NEEDS_SEEN or kind == "add_fact") and not same(seen, current):
            raise WebError(409, Errors.E124.format(seen=repr(seen), current=repr(current)),
                           errors=[{"current": current}])
        return current

    correction = Correction(
        id=0, who=who, at="", kind=kind, doc=claim.doc, sha256=sha, span=claim.span, slot=slot,
        target={"claim": {"id": claim.id, "source": claim.source.name, "text": claim.text}},
        before=None, after=after, note=(str(body.get("note") or "").strip() or None))
    saved = store.add_correction(correction, expect=expect)
    return {"ok": True, "correction": saved.to_json(), **found(store.claim(claim_id), "claim", claim_id)}


# --- event corrections -------------------------------------------------------------------------


def day(name: str, value: Any) -> str | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip()).isoformat()
    except ValueError:
        raise WebError(422, Errors.E125.format(name=name, problem=f"{value!r} is not a day written YYYY-MM-DD")) \
            from None


def correct_event(store: Any, event_id: str, kind: str, body: dict[str, Any], who: str) -> dict[str, Any]:
    """Merge an event with another, split claims off it, or set its place and dates."""
    data = found(store.event(event_id), "event", event_id)
    event = data["event"]
    keys = store.keys_of(event["claims"])
    # the event's id as it was, for the history and the feed; the claims' keys name it for good
    target: dict[str, Any] = {"claims": [keys[c] for c in event["claims"] if c in keys], "event": event["id"]}
    after: Any
    before: Any = {"event": event["id"]}
    if kind == "merge":
        other_id = str(body.get("with") or "").strip()
        other = store.event(other_id) if other_id else None
        if other is None:
            raise WebError(422, Errors.E125.format(name="with", problem=f"no event '{other_id}' in this store"))
        if other["event"]["id"] == event["id"]:
            raise WebError(422, Errors.E125.format(name="with", problem="an event cannot be merged with itself"))
        other_keys = store.keys_of(other["event"]["claims"])
        target["other"] = [other_keys[c] for c in other["event"]["claims"] if c in other_keys]
        before = {"events": [event["id"], other["event"]["id"]]}
        after = {"event": event["id"]}
    elif kind == "split":
        chosen = body.get("claims") or []
        chosen = [chosen] if isinstance(chosen, str) else list(chosen)
        stray = [c for c in chosen if c not in event["claims"]]
        if not chosen or stray or len(set(chosen)) >= len(event["claims"]):
            raise WebError(422, Errors.E125.format(name="claims", problem=(
                f"{', '.join(map(str, stray))} not claims of {event['id']}" if stray else
                "choose some of the event's claims, not none and not all")))
        target["claims"] = [keys[c] for c in chosen if c in keys]
        after = {"claims": chosen}
    elif kind == "place":
        current = {"place": event.get("place"), "date": event.get("date"), "date_end": event.get("date_end")}
        if "seen" not in body:
            raise WebError(422, Errors.E126.format(name="seen"))
        place = str(body.get("place") or "").strip()
        if len(place) > 300:
            raise WebError(422, Errors.E125.format(name="place", problem="a place is at most 300 characters"))
        after = {"place": place or event.get("place"), "date": day("date", body.get("date")),
                 "date_end": day("date_end", body.get("date_end"))}
        after["date"] = after["date"] or event.get("date")
        after["date_end"] = after["date_end"] or after["date"]
        if after["date"] and after["date_end"] and after["date"] > after["date_end"]:
            raise WebError(422, Errors.E125.format(name="date_end", problem="the range ends before it starts"))
        if not same(body.get("seen"), current):
            raise WebError(409, Errors.E124.format(seen=repr(body.get("seen")), current=repr(current)),
                           errors=[{"current": current}])
        before = current
    else:
        raise WebError(404, Errors.E098.format(path=kind))
    correction = Correction(id=0, who=who, at="", kind=kind, target=target, before=before, after=after,
                            note=(str(body.get("note") or "").strip() or None))
    saved = store.add_correction(correction)
    answer_id = f"{review.REVIEWED_EVENT}{saved.id}" if kind == "split" else event["id"]
    return {"ok": True, "correction": saved.to_json(), **found(store.event(answer_id), "event", answer_id)}


# --- the registry overlay ------------------------------------------------------------------------

ID_WORDS = re.compile(r"[^a-z0-9]+")


def new_source_id(name: str) -> str:
    from anyascii import anyascii

    return "user-" + (ID_WORDS.sub("-", anyascii(name).lower()).strip("-")[:60] or "source")


def correct_source(store: Any, key: str, body: dict[str, Any], who: str) -> dict[str, Any]:
    """Set a source's side, kind, owner or add an alias: rows of the registry overlay,
    applied as a ``--sources`` file is. A speaker the registry does not know becomes a
    new entry (``user-<name>``) with its name as an alias."""
    from ..sources import KINDS, SIDES, SourceDataError, SourceRegistry

    data = found(store.source(key), "source", key)
    source = data["source"]
    registry, _ = store.overlay_registry()
    source_id = source.get("id") or new_source_id(source.get("name") or key)
    rows: list[tuple[str, str, str | None]] = []
    if registry.get(source_id) is None:
        rows += [("name", source.get("name") or source_id, None), ("alias", source.get("name") or source_id, "en")]
    for name, allowed in (("side", SIDES), ("kind", KINDS)):
        value = str(body.get(name) or "").strip()
        if value:
            if value not in allowed:
                raise WebError(422, Errors.E125.format(name=name, problem=f"one of {', '.join(allowed)}, not {value!r}"))
            rows.append((name, value, None))
    owner = str(body.get("owner") or "").strip()
    if owner:
        rows.append(("owner", owner[:200], None))
    alias = str(body.get("alias") or "").strip()
    if alias:
        lang = str(body.get("lang") or "en").strip() or "en"
        rows.append(("alias", alias[:300], lang))
    if not rows:
        raise WebError(422, Errors.E125.format(name="side", problem="give a side, kind, owner or alias"))
    # the overlay as it would be, checked as a --sources file is, before anything is kept
    trial = [*store.overlay_rows(), *((source_id, name, value, lang) for name, value, lang in rows)]
    try:
        SourceRegistry.load(overlay=review.overlay_data(trial, known=lambda i: registry.get(i) is not None
                                                        and not i.startswith("user-")))
    except SourceDataError as err:
        raise WebError(422, Errors.E129.format(problem="; ".join(err.problems) or str(err))) from None
    saved = []
    entry = registry.get(source_id)
    for name, value, lang in rows:
        before = getattr(entry, name, None) if entry is not None and name != "alias" else None
        saved.append(store.add_correction(Correction(
            id=0, who=who, at="", kind="registry", target={"source": source_id, "key": key}, before=before,
            after={"field": name, "value": value, "lang": lang}, note=(str(body.get("note") or "").strip() or None))))
    return {"ok": True, "corrections": [c.to_json() for c in saved], "source_id": source_id,
            **found(store.source(key), "source", key)}


def registry_choices(store: Any) -> list[tuple[str, str]]:
    """The registry's named entries (with the overlay's), as (id, label), for the claim page's source field."""
    registry, _ = store.overlay_registry()
    return sorted(((e.id, f"{e.display_name()} ({e.side})") for e in registry.entries() if not e.generic),
                  key=lambda pair: pair[1].casefold())
