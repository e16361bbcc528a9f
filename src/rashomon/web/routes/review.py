"""Review: the API's corrections, the sign-in page, the review forms and queue, the changes feed.

Every correction has one function in :mod:`..reviewing`; the API (bearer token of
an editor, JSON body) and the pages' forms (session cookie of an editor, CSRF
token, form fields, answered with a redirect back to the page) both call it.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone
from typing import Any
from urllib.parse import quote, urlencode
from xml.sax.saxutils import escape

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from ... import review
from ...errors import Errors
from ..csrf import CSRF_FIELD, SESSION_COOKIE
from ..deps import (
    Paging,
    WebError,
    day,
    listing,
    paging,
    require_read,
    require_read_page,
    store_of,
    text,
)
from ..render import render
from ..reviewing import (
    SIGN_IN_COOKIE,
    check_csrf,
    check_sign_in_csrf,
    correct_claim,
    correct_event,
    correct_source,
    new_sign_in_token,
    require_editor,
    user_of,
)
from ..views import claim_url, event_url, source_url

api = APIRouter(tags=["review"])
pages = APIRouter(include_in_schema=False)

CLAIM_KINDS = {"verdict": "verdict", "source": "source", "stance": "stance", "span": "span", "notes": "note"}
EVENT_KINDS = ("merge", "split", "place")


async def json_body(request: Request) -> dict[str, Any]:
    try:
        body = await request.json()
    except ValueError:
        raise WebError(422, Errors.E092.format(name="body", problem="is not a JSON object")) from None
    if not isinstance(body, dict):
        raise WebError(422, Errors.E092.format(name="body", problem="is not a JSON object"))
    return body


# --- the API ---------------------------------------------------------------------------


@api.post("/claims/{claim_id}/facts", summary="Add a fact the machine missed to a claim")
async def add_fact(request: Request, claim_id: str) -> dict[str, Any]:
    user = require_editor(request)
    return correct_claim(store_of(request), claim_id, "add_fact", await json_body(request), user["name"])


@api.post("/claims/{claim_id}/facts/{slot}", summary="Correct (or remove: value null) one fact of a claim")
async def fact(request: Request, claim_id: str, slot: str) -> dict[str, Any]:
    user = require_editor(request)
    body = {**await json_body(request), "slot": slot}
    return correct_claim(store_of(request), claim_id, "fact", body, user["name"])


@api.post("/claims/{claim_id}/{kind}", summary="Correct a claim: verdict, source, stance, span or notes")
async def claim_correction(request: Request, claim_id: str, kind: str) -> dict[str, Any]:
    if kind not in CLAIM_KINDS:
        raise WebError(404, Errors.E098.format(path=request.url.path))
    user = require_editor(request)
    return correct_claim(store_of(request), claim_id, CLAIM_KINDS[kind], await json_body(request), user["name"])


@api.post("/events/{event_id}/{kind}", summary="Correct an event: merge, split or place (and dates)")
async def event_correction(request: Request, event_id: str, kind: str) -> dict[str, Any]:
    if kind not in EVENT_KINDS:
        raise WebError(404, Errors.E098.format(path=request.url.path))
    user = require_editor(request)
    return correct_event(store_of(request), event_id, kind, await json_body(request), user["name"])


@api.post("/sources/{key:path}/registry", summary="Set a source's side, kind, owner or add an alias")
async def source_correction(request: Request, key: str) -> dict[str, Any]:
    user = require_editor(request)
    return correct_source(store_of(request), key, await json_body(request), user["name"])


@api.get("/corrections", summary="Corrections, newest first; orphaned ones alone on request",
         dependencies=[Depends(require_read)])
def corrections(request: Request, since: str | None = Query(None, description="On or after this day (YYYY-MM-DD)."),
                orphaned: bool = Query(False, description="true: only those whose claim is gone.")) -> dict[str, Any]:
    store = store_of(request)
    if orphaned:
        found = store.orphans()
    else:
        moment = since_moment(since)
        found = store.corrections(since=moment)
    items = [c.to_json() for c in reversed(found)]
    return {"ok": True, "items": items, "total": len(items)}


@api.get("/review", summary="The review queue: unreviewed claims, lowest confidence first",
         dependencies=[Depends(require_read)])
def queue(request: Request, event: str | None = text("Claims of this event."),
          source: str | None = text("Claims of this source."), lang: str | None = text("Claims in this language."),
          paging: Paging = Depends(paging)) -> dict[str, Any]:
    page = store_of(request).review_queue(event=event, source=source, lang=lang, limit=paging.limit,
                                          offset=paging.offset)
    return listing(request, page)


def since_moment(since: str | None) -> datetime | None:
    found = day("since", since)
    return datetime(found.year, found.month, found.day, tzinfo=timezone.utc) if found else None


# --- signing in and out ------------------------------------------------------------------


@pages.get("/sign-in", response_class=HTMLResponse)
def sign_in_page(request: Request) -> Response:
    token = new_sign_in_token()
    answer = render(request, "sign_in.html", csrf=token, csrf_field=CSRF_FIELD, json_url=None,
                    user=user_of(request), next=safe_next(request.query_params.get("next")))
    answer.set_cookie(SIGN_IN_COOKIE, token, httponly=True, samesite="strict", path="/sign-in",
                      secure=request.url.scheme == "https")
    return answer


def safe_next(value: str | None) -> str:
    """Where to go after signing in: a path of this site only."""
    if not value or not value.startswith("/") or value.startswith("//") or "\\" in value:
        return "/review/"
    return value


@pages.post("/sign-in")
async def sign_in(request: Request) -> Response:
    form = await request.form()
    check_sign_in_csrf(request, form.get(CSRF_FIELD))
    secret = str(form.get("token") or "").strip()
    user = store_of(request).user_of(secret)
    if user is None:
        raise WebError(401, Errors.E127)
    answer = RedirectResponse(safe_next(str(form.get("next") or "")), status_code=303)
    answer.set_cookie(SESSION_COOKIE, secret, httponly=True, samesite="strict", path="/",
                      secure=request.url.scheme == "https")
    answer.delete_cookie(SIGN_IN_COOKIE, path="/sign-in")
    return answer


@pages.post("/sign-out")
async def sign_out(request: Request) -> Response:
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    answer = RedirectResponse("/", status_code=303)
    answer.delete_cookie(SESSION_COOKIE, path="/")
    return answer


# --- the forms ---------------------------------------------------------------------------


async def form_of(request: Request) -> tuple[dict[str, Any], dict[str, str]]:
    """The form's fields (claims: a list) after the CSRF and editor checks."""
    form = await request.form()
    check_csrf(request, form.get(CSRF_FIELD))
    user = require_editor(request, cookie=True)
    fields: dict[str, Any] = {k: v for k, v in form.items() if k != CSRF_FIELD}
    if "claims" in form:
        fields["claims"] = form.getlist("claims")
    for name in [k for k in fields if k.startswith("seen_")]:  # seen_place ... -> seen: {...}
        fields.setdefault("seen", {})
        if isinstance(fields["seen"], dict):
            fields["seen"][name[5:]] = fields.pop(name) or None
    return fields, user


@pages.post("/claims/{claim_id}/review/{kind}")
async def claim_form(request: Request, claim_id: str, kind: str) -> Response:
    fields, user = await form_of(request)
    store = store_of(request)
    if kind == "fact":
        if fields.get("remove"):
            fields["value"] = None
        correct_claim(store, claim_id, "fact", fields, user["name"])
    elif kind == "add_fact":
        correct_claim(store, claim_id, "add_fact", fields, user["name"])
    elif kind == "span":
        fields["value"] = [fields.get("start"), fields.get("end")]
        fields["seen"] = [int(v) for v in str(fields.get("seen") or "0-0").split("-")]
        correct_claim(store, claim_id, "span", fields, user["name"])
    elif kind in CLAIM_KINDS:
        correct_claim(store, claim_id, CLAIM_KINDS[kind], fields, user["name"])
    else:
        raise WebError(404, Errors.E098.format(path=request.url.path))
    back = request.query_params.get("back")
    return RedirectResponse(safe_next(back) if back else f"{claim_url(claim_id)}#history", status_code=303)


@pages.post("/events/{event_id}/review/{kind}")
async def event_form(request: Request, event_id: str, kind: str) -> Response:
    if kind not in EVENT_KINDS:
        raise WebError(404, Errors.E098.format(path=request.url.path))
    fields, user = await form_of(request)
    answer = correct_event(store_of(request), event_id, kind, fields, user["name"])
    return RedirectResponse(event_url(answer["event"]["id"]), status_code=303)


@pages.post("/sources/{key:path}/review")
async def source_form(request: Request, key: str) -> Response:
    fields, user = await form_of(request)
    correct_source(store_of(request), key, fields, user["name"])
    return RedirectResponse(source_url(key), status_code=303)


# --- the review queue --------------------------------------------------------------------


@pages.get("/review/", response_class=HTMLResponse, dependencies=[Depends(require_read_page)])
def review_page(request: Request, event: str | None = text("Claims of this event."),
                source: str | None = text("Claims of this source."),
                lang: str | None = text("Claims in this language."),
                paging: Paging = Depends(paging)) -> Response:
    store = store_of(request)
    page = store.review_queue(event=event, source=source, lang=lang, limit=paging.limit, offset=paging.offset)
    given = {"event": event, "source": source, "lang": lang}
    counted = store.queue_facets(["source", "lang"], **given)
    shown = []
    for name, title in (("source", "Source"), ("lang", "Language")):
        values = [(v.label, v.count, "/review/?" + urlencode({**{k: w for k, w in given.items() if w and k != name},
                                                             name: v.value}), given[name] == v.value)
                  for v in counted[name].values if v.value is not None]
        shown.append((name, title, values))
    following = None
    if page.offset + len(page.items) < page.total:
        query = {k: v for k, v in {"event": event, "source": source, "lang": lang}.items() if v}
        following = f"/review/?{urlencode({**query, 'limit': page.limit, 'offset': page.offset + page.limit})}"
    return render(request, "review.html", page=page, facets=shown, filters=given, orphans=store.orphans(),
                  following=following, json_url="/api/v1/review")


# --- the changes feed --------------------------------------------------------------------


@pages.get("/feeds/changes.atom", dependencies=[Depends(require_read_page)])
def changes_feed(request: Request, since: str | None = Query(None, description="On or after this day.")) -> Response:
    """Corrections and new findings (revisions, contradictions) since a day, as Atom."""
    found = store_of(request).history(since=since_moment(since))
    base = str(request.base_url).rstrip("/")
    entries = []
    for c in found["corrections"]:
        claim = (c.get("target") or {}).get("claim") or {}
        link = claim_url(claim["id"]) if claim.get("id") else event_url(corrected_event(c)) \
            if c["kind"] in review.EVENT_KINDS else source_url((c.get("target") or {}).get("key", ""))
        title = f"{c['who']} corrected {c['kind']}{' ' + c['slot'] if c.get('slot') else ''}" + (
            f" of {claim.get('source')}" if claim.get("source") else "")
        summary = f"{short(c.get('before'))} → {short(c.get('after'))}" + (f" ({c['note']})" if c.get("note") else "")
        entries.append((f"urn:rashomon:correction:{c['id']}", c["at"], title, summary, base + link))
    for f in found["findings"]:
        entries.append((f"urn:rashomon:finding:{f['id']}", f["updated"], f"{f['kind']}: {f.get('event_title') or f['event']}",
                        f["explanation"], base + event_url(f["event"])))
    entries.sort(key=lambda e: e[1] or "", reverse=True)
    updated = entries[0][1] if entries else datetime.now(timezone.utc).isoformat(timespec="seconds")
    parts = ['<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">',
             "<title>rashomon: corrections and new findings</title>",
             f'<link rel="self" href="{xml_text(base + request.url.path)}"/>',
             f"<id>urn:rashomon:changes:{xml_text(quote(base))}</id>", f"<updated>{xml_text(updated)}</updated>"]
    for ident, at, title, summary, link in entries:
        parts.append(f"<entry><id>{xml_text(ident)}</id><title>{xml_text(title)}</title><updated>"
                     f'{xml_text(at or updated)}</updated><link href="{xml_text(link)}"/><author><name>rashomon'
                     f"</name></author><summary>{xml_text(summary)}</summary></entry>")
    parts.append("</feed>\n")
    return Response("\n".join(parts), media_type="application/atom+xml; charset=utf-8")


def corrected_event(correction: dict[str, Any]) -> str:
    """The event an event correction was made on (merge: the one kept)."""
    return (correction.get("after") or {}).get("event") or (correction.get("target") or {}).get("event") or ""


NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xml_text(value: Any) -> str:
    """Text as XML 1.0 character data: escaped, and without the control characters XML
    cannot hold at all (a document's text may have them)."""
    return escape(NOT_XML.sub("", str(value)), {'"': "&quot;"})


def short(value: Any) -> str:
    if isinstance(value, dict) and "value" in value:
        return f"{'≥ ' if value.get('at_least') else ''}{value['value']}"
    return "—" if value is None else str(value)[:200]
