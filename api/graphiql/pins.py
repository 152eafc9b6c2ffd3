"""The GraphiQL build the register ships: each npm package at a pinned version, and the files taken from it.

The versions are those strawberry's own GraphiQL page loads; `make graphiql-assets` fetches them again
from the npm registry and rewrites the files and their manifest.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"
MANIFEST = HERE / "assets.json"


@dataclass(frozen=True)
class Pin:
    """One npm package at one version, and the files of it the page loads, in the order it loads them."""

    package: str
    version: str
    files: tuple[str, ...]
    # Where the package's tarball carries no licence, the monorepo's (same owners, same terms) is shipped.
    licence_from: str | None = None

    @property
    def folder(self) -> str:
        """The versioned folder its files are served from, so a new version is a new URL."""
        return f"{self.package.lstrip('@').replace('/', '-')}@{self.version}"


PINS = (
    Pin("react", "18.2.0", ("umd/react.production.min.js",)),
    Pin("react-dom", "18.2.0", ("umd/react-dom.production.min.js",)),
    Pin("graphiql", "3.8.3", ("graphiql.min.css", "graphiql.min.js")),
    Pin("@graphiql/plugin-explorer", "1.0.2", ("dist/style.css", "dist/index.umd.js"), licence_from="graphiql"),
)
