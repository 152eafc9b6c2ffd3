"""What the register's own pages share: files under versioned paths cached for good, and safe inline content.

A page (GraphiQL, the Board's page) names its files by a version in the path, so a file's content never
changes at its URL and browsers and proxies may keep it for a year without asking; the page itself is never
cached, so a new version is picked up at once.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from os import PathLike

from starlette.responses import Response
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

IMMUTABLE = "public, max-age=31536000, immutable"


class VersionedFiles(StaticFiles):
    """Static files whose paths carry their version, so each may be cached for good."""

    def file_response(
        self, full_path: str | PathLike[str], stat_result: os.stat_result, scope: Scope, status_code: int = 200
    ) -> Response:
        response = super().file_response(full_path, stat_result, scope, status_code)
        response.headers["cache-control"] = IMMUTABLE
        return response


def integrity(content: bytes) -> str:
    """The Subresource Integrity value of a file's bytes."""
    return "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode()


def inline_hash(script: str) -> str:
    """The Content-Security-Policy source allowing exactly this inline script or style."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(script.encode()).digest()).decode() + "'"


def json_in_html(value: object) -> str:
    """JSON to place inside a <script> element."""
    # Inside a <script> element, "</script>" in the text would end it early.
    return json.dumps(value).replace("<", "\\u003c")
