"""GraphiQL at /graphql, from the register's own files: nothing is fetched from anywhere else.

The page's scripts and styles are served at /graphiql/<package>@<version>/..., cached for a year (a new
version is a new path) and loaded with Subresource Integrity; a Content-Security-Policy tells the browser
to load and connect to nothing but the register itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from string import Template

from starlette.responses import HTMLResponse
from starlette.routing import Mount

from api.graphiql.examples import EXAMPLES
from api.graphiql.pins import MANIFEST, STATIC
from api.versioned import VersionedFiles, inline_hash, json_in_html

ASSETS_PATH = "/graphiql"
TOKEN_PLACEHOLDER = "Bearer <token>"
HERE = Path(__file__).resolve().parent


def graphiql_assets() -> Mount:
    """The route serving the shipped GraphiQL files."""
    return Mount(ASSETS_PATH, app=VersionedFiles(directory=STATIC), name="graphiql")


class GraphiQLPage:
    """The GraphiQL page: the README's queries as tabs, a header editor showing how to send a token."""

    def __init__(self) -> None:
        files: dict[str, str] = json.loads(MANIFEST.read_text())["files"]
        start = (HERE / "start.js").read_text()
        settings = {
            "tabs": [example.tab() for example in EXAMPLES],
            "headers": json.dumps({"Authorization": TOKEN_PLACEHOLDER}, indent=2),
            "placeholder": TOKEN_PLACEHOLDER,
        }
        self.html = Template((HERE / "page.html").read_text()).substitute(
            stylesheets="\n".join(
                f'    <link rel="stylesheet" href="{ASSETS_PATH}/{path}" integrity="{sri}" />'
                for path, sri in files.items()
                if path.endswith(".css")
            ),
            scripts="\n".join(
                f'    <script src="{ASSETS_PATH}/{path}" integrity="{sri}"></script>'
                for path, sri in files.items()
                if path.endswith(".js")
            ),
            settings=json_in_html(settings),
            start=start,
        )
        self.policy = "; ".join(
            (
                "default-src 'none'",
                f"script-src 'self' {inline_hash(start)}",
                # GraphiQL sets styles on elements as it lays out its panes.
                "style-src 'self' 'unsafe-inline'",
                "img-src 'self' data:",
                "font-src 'self' data:",
                "connect-src 'self'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            )
        )

    def response(self) -> HTMLResponse:
        """The page, never cached: it names the asset versions, which change with a refresh."""
        return HTMLResponse(self.html, headers={"content-security-policy": self.policy, "cache-control": "no-cache"})
