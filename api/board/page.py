"""The Board's pipeline page at /board, from the register's own files, built only on the public GraphQL API.

Its modules, stylesheet and GraphQL operations are served under /board/<version>/, where the version is a
digest of every file, so each may be cached for a year and a change is a new URL. The page itself names
that version, carries each operation's SHA-256 (the hash a persisted query is sent by) and a
Content-Security-Policy that lets it load and connect to nothing but the register itself.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from string import Template

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Mount, Route

from api.versioned import VersionedFiles, integrity, json_in_html

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
OPERATIONS = HERE / "operations"
PAGE_PATH = "/board"
ENTRY = "board.js"
STYLESHEET = "board.css"


def _files(folder: Path, suffix: str) -> list[Path]:
    return sorted(path for path in folder.rglob(f"*{suffix}") if path.is_file())


def _tag(name: str, attributes: str, file: str) -> str:
    return f'<{name} {attributes} integrity="{integrity((STATIC / file).read_bytes())}">'


def operation_hash(path: Path) -> str:
    """The SHA-256 a persisted query is known by: of the document's text exactly as the page sends it."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def assets_version() -> str:
    """A digest of every file the page loads, so any change to one is a new path."""
    digest = hashlib.sha256()
    for path in [*_files(STATIC, ""), *_files(OPERATIONS, ".graphql")]:
        digest.update(path.relative_to(HERE).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


@dataclass(frozen=True)
class BoardPage:
    """The page's HTML, its policy, and the routes serving its files under the current version."""

    html: str
    policy: str
    assets: str

    @classmethod
    def build(cls) -> BoardPage:
        """Read the shipped files once, at start-up."""
        assets = f"{PAGE_PATH}/{assets_version()}"
        settings = {
            "assets": assets,
            "operations": {
                path.stem: {"path": f"{assets}/operations/{path.name}", "sha256": operation_hash(path)}
                for path in _files(OPERATIONS, ".graphql")
            },
        }
        # Every module is preloaded with its integrity, so they load at once rather than import by import.
        modules = [path.name for path in _files(STATIC, ".js") if path.name != ENTRY]
        html = Template((HERE / "page.html").read_text()).substitute(
            stylesheet=_tag("link", f'rel="stylesheet" href="{assets}/{STYLESHEET}"', STYLESHEET),
            preloads="\n    ".join(
                _tag("link", f'rel="modulepreload" href="{assets}/{name}"', name) for name in modules
            ),
            entry=_tag("script", f'type="module" src="{assets}/{ENTRY}"', ENTRY) + "</script>",
            settings=json_in_html(settings),
        )
        policy = "; ".join(
            (
                "default-src 'none'",
                "script-src 'self'",
                "style-src 'self'",
                "img-src 'self' data:",
                "connect-src 'self'",
                "base-uri 'none'",
                "form-action 'none'",
                "frame-ancestors 'none'",
            )
        )
        return cls(html=html, policy=policy, assets=assets)

    async def page(self, _request: Request) -> HTMLResponse:
        """The page, never cached: it names the version of its files, which changes with them."""
        return HTMLResponse(self.html, headers={"content-security-policy": self.policy, "cache-control": "no-cache"})

    def routes(self) -> list[BaseRoute]:
        """/board and its versioned files; the operations are served from their own folder."""
        return [
            Route(PAGE_PATH, self.page, methods=["GET", "HEAD"]),
            Mount(f"{self.assets}/operations", app=VersionedFiles(directory=OPERATIONS), name="board-operations"),
            Mount(self.assets, app=VersionedFiles(directory=STATIC), name="board"),
        ]
