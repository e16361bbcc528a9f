"""What ``rashomon serve`` logs: uvicorn's access log, with no secret in it.

A browser opens a page behind ``--read-token`` once with ``?token=<token>`` (see
:func:`.app.require_read_page`), and uvicorn's access log writes every request's
path *with its query string*: the token would land in the log, readable by anyone
who reads the logs and valid until it is changed. :class:`RedactSecrets`, a
``logging.Filter`` on the ``uvicorn.access`` logger and its handler, replaces the
value of every query parameter whose name says it holds a secret (``token``,
``access_token``, ``api_key``, ``password`` ...; the name decoded first, so
``%74oken`` is caught too) with ``[redacted]`` before the line is formatted.
Headers (``Authorization: Bearer``) are never in uvicorn's access log.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import Any
from urllib.parse import unquote_plus

REDACTED = "[redacted]"
# parameter names that carry a secret; over-matching only hides a value from the log
SECRET_NAME = re.compile(r"token|secret|passw|auth|api.?key|session|signature|credential", re.IGNORECASE)


def redacted(target: str) -> str:
    """``target`` (a path with its query string) with the values of secret parameters
    replaced by ``[redacted]``; everything else is left as it was sent."""
    path, mark, query = target.partition("?")
    if not mark:
        return target
    pieces = []
    for piece in query.split("&"):
        name, equals, value = piece.partition("=")
        if equals and value and SECRET_NAME.search(unquote_plus(name)):
            piece = f"{name}={REDACTED}"
        pieces.append(piece)
    return f"{path}?{'&'.join(pieces)}"


class RedactSecrets(logging.Filter):
    """Redact secret query parameters in every string argument of a log record (the
    access log passes the request's target as one), and in a message without
    arguments. The record is kept: the request is still logged."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(redacted(a) if isinstance(a, str) else a for a in record.args)
        elif not record.args and isinstance(record.msg, str):
            record.msg = redacted(record.msg)
        return True


def log_config() -> dict[str, Any]:
    """uvicorn's logging configuration with :class:`RedactSecrets` on the access
    logger and its handler (the handler too, so a record that reaches it another
    way is redacted as well)."""
    from uvicorn.config import LOGGING_CONFIG

    config = copy.deepcopy(LOGGING_CONFIG)
    config.setdefault("filters", {})["redact_secrets"] = {"()": f"{__name__}.RedactSecrets"}
    config["handlers"]["access"].setdefault("filters", []).append("redact_secrets")
    config["loggers"]["uvicorn.access"].setdefault("filters", []).append("redact_secrets")
    return config
