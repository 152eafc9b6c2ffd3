"""Cross-origin access: which browser pages may call the register, and what they may read of its answers."""

from __future__ import annotations

from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware

from api.statements import HEADER as STATEMENT_HEADER
from db.settings import Settings

METHODS = ("GET", "POST", "HEAD")
REQUEST_HEADERS = ("Content-Type", "Authorization")
# Headers a page's script may read; the rate and cost headers are named ahead of the limits that send them.
EXPOSED_HEADERS = (
    "ETag",
    "Retry-After",
    "X-RateLimit-Limit",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    STATEMENT_HEADER,
)
# Chromium honours at most two hours; longer would only be cut short.
PREFLIGHT_MAX_AGE_SECONDS = 7200


def cross_origin(settings: Settings) -> Middleware:
    """CORS for the register: the origins of CORS_ORIGINS (any by default), never with credentials.

    Cookies play no part in the register's access (a write carries a bearer token in its own header), so
    credentials stay off: a page can only act as the register's caller if it already holds a token.
    """
    return Middleware(
        CORSMiddleware,
        allow_origins=list(settings.cors_origins),
        allow_methods=list(METHODS),
        allow_headers=list(REQUEST_HEADERS),
        allow_credentials=False,
        expose_headers=list(EXPOSED_HEADERS),
        max_age=PREFLIGHT_MAX_AGE_SECONDS,
    )
