"""The web app and HTTP API over the store: ``create_app(store)``.

Pages (server-rendered, readable without JavaScript) and their ``.json``
twins live in :mod:`.pages`, the JSON API under ``/api/v1`` in :mod:`.api`,
security headers, tokens, the body limit, the error shape and the refusal of
hostile input in :mod:`.app`, what each page shows in :mod:`.views`, reading
request bodies in :mod:`.upload`, the access log without tokens in :mod:`.logs`.
"""

from .app import create_app, get

__all__ = ["create_app", "get"]
