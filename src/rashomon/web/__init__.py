"""The web app and HTTP API over the store: ``create_app(store)``.

:mod:`.app` assembles the routers of :mod:`.routes` (one module per resource,
each with its API routes under ``/api/v1`` and its pages, readable without
JavaScript, with their ``.json`` twins and ``.csv`` downloads); :mod:`.deps`
holds what they share (the store, tokens, the error shape, query parameters),
:mod:`.queries` the read queries the API, the pages, the downloads and
``rashomon export`` share, :mod:`.views` what each page shows, :mod:`.render`
the templates, :mod:`.middleware` security headers, the body limit and the
refusal of hostile input, :mod:`.upload` reading request bodies, :mod:`.logs`
the access log without tokens.
"""

from .app import create_app, get

__all__ = ["create_app", "get"]
