"""Pages rendered from the templates in ``templates/web/``.

Jinja2 autoescapes everything, and no template marks document text ``|safe``
(the document page's highlighted text is built by :func:`.views.highlight`,
which escapes each piece). This module imports no other module of the web
app but :mod:`.views`, so both the error handlers (:mod:`.deps`) and the
routers can render.
"""

from __future__ import annotations

from functools import lru_cache
from urllib.parse import quote
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse

from .. import __version__
from ..ledger import SCORED_SLOTS
from ..report import UNCERTAIN_BELOW, anchor, short_day, slot_label
from .csrf import CSRF_FIELD, SESSION_COOKIE, csrf_token
from .views import claim_url, document_url, event_url, page_url, side_class, source_url


@lru_cache(maxsize=1)
def environment() -> Any:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.PackageLoader("rashomon", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(review_value=review_value, slot_label=slot_label, anchor=anchor, side_class=side_class,
                       event_url=event_url, document_url=document_url, source_url=source_url,
                       claim_url=claim_url, short_day=short_day)
    env.globals.update(version=__version__, page_url=page_url, scored=SCORED_SLOTS, uncertain_below=UNCERTAIN_BELOW)
    return env


def review_value(value: Any) -> str:
    """A correction's before or after value as the history shows it."""
    if value is None:
        return "—"
    if isinstance(value, dict) and "value" in value:
        return f"{'≥ ' if value.get('at_least') else ''}{value['value']}"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {review_value(v) if isinstance(v, list) else v}" for k, v in value.items()
                         if v not in (None, "", []))
    if isinstance(value, list):
        # a span's two offsets; a list of events or claims
        return "–".join(map(str, value)) if len(value) == 2 and all(isinstance(v, int) for v in value) \
            else ", ".join(map(str, value))
    return str(value)


def reviewer(request: Request, status: int) -> dict[str, Any]:
    """Who is signed in (None: no one) and the session's CSRF token, for the header and the forms."""
    secret = request.cookies.get(SESSION_COOKIE)
    store = getattr(request.app.state, "store", None)
    # an error page of a store that is down does not ask it who is signed in
    user = store.user_of(secret) if secret and status < 500 and hasattr(store, "user_of") else None
    # back here after signing in; a path no text could hold (a lone surrogate) is written with U+FFFD
    here = quote(request.url.path, safe="/", errors="replace")
    return {"user": user, "csrf": csrf_token(secret) if user else None, "field": CSRF_FIELD,
            "editor": bool(user and user["role"] in ("editor", "admin")), "sign_in": f"/sign-in?next={here}"}


def render(request: Request, template: str, *, status: int = 200, headers: dict[str, str] | None = None,
           **context: Any) -> HTMLResponse:
    context.setdefault("reviewer", reviewer(request, status))
    html = environment().get_template(f"web/{template}").render(request_path=request.url.path, **context)
    return HTMLResponse(html, status_code=status, headers=headers)


def render_error(request: Request, status: int, message: str, errors: list[Any] | None = None,
                 headers: dict[str, str] | None = None) -> HTMLResponse:
    return render(request, "error.html", status=status, headers=headers, status_code=status,
                  message=message, errors=errors or [], json_url=None)
