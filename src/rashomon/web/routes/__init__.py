"""The routers, one module per resource, each with its API routes (``api``, mounted
under ``/api/v1``) and its pages (``pages``: HTML, ``.json`` twins, ``.csv``
downloads). :func:`rashomon.web.app.create_app` includes them in this order.
"""

from . import charts, claims, docs, documents, events, findings, review, sources, upload

# the API's routers, in the order /docs lists them
API = [upload.api, events.api, claims.api, sources.api, documents.api, findings.api, review.api]
# the pages' routers (a listing's page before its objects': /claims/ before /claims/{id})
PAGES = [events.pages, claims.pages, sources.pages, documents.pages, findings.pages, charts.pages, docs.pages,
         review.pages]
