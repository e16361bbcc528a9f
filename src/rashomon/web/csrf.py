"""The session's CSRF token, apart so that the renderer and the review code share it
without importing each other: an HMAC keyed by the hash of the session's token, which
only the store (as the hash) and the session's holder know."""

from __future__ import annotations

import hashlib
import hmac

SESSION_COOKIE = "rashomon_session"
CSRF_FIELD = "csrf"


def csrf_token(secret: str) -> str:
    return hmac.new(hashlib.sha256(secret.encode()).digest(), b"rashomon csrf", "sha256").hexdigest()
