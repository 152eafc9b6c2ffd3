"""GraphiQL comes from the register's own files, cached for good and checked by the browser."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from pathlib import Path

import httpx

from api.graphiql.examples import EXAMPLES
from api.graphiql.pins import MANIFEST, PINS, STATIC
from db.settings import Settings
from tests.api.conftest import Serve

README = Path(__file__).parents[2] / "README.md"
HTML = {"Accept": "text/html"}


def _tags(page: str) -> list[tuple[str, str]]:
    """Each script's src or stylesheet's href on the page, with its integrity attribute."""
    found = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"[^>]*integrity="([^"]+)"', page)
    return [(url, sri) for url, sri in found]


async def test_graphiql_loads_nothing_from_outside_the_register(client: httpx.AsyncClient) -> None:
    # when a browser opens /graphql
    response = await client.get("/graphql", headers=HTML)

    # then the page names only the register's own files, and the browser may fetch nothing else
    assert response.status_code == 200
    page = response.text
    assert "unpkg" not in page and "cdn" not in page.lower() and "https://" not in page
    assert len(_tags(page)) == sum(len(pin.files) for pin in PINS)
    policy = response.headers["content-security-policy"]
    assert "default-src 'none'" in policy and "connect-src 'self'" in policy


async def test_every_file_is_served_with_the_integrity_the_page_names(client: httpx.AsyncClient) -> None:
    # given the page's tags
    page = (await client.get("/graphql", headers=HTML)).text

    for url, sri in _tags(page):
        # when each file is fetched
        response = await client.get(url)

        # then its bytes match the page's integrity hash, and it may be cached for a year without asking
        assert response.status_code == 200, url
        digest = "sha384-" + base64.b64encode(hashlib.sha384(response.content).digest()).decode()
        assert digest == sri, url
        assert response.headers["cache-control"] == "public, max-age=31536000, immutable"
        assert "@" in url.split("/")[2], "a versioned path, so a new version is a new URL"


async def test_the_page_starts_with_the_readme_queries_and_shows_how_to_send_a_token(
    client: httpx.AsyncClient,
) -> None:
    # when the page is opened
    page = (await client.get("/graphql", headers=HTML)).text
    settings = json.loads(re.search(r'id="register-graphiql">(.*?)</script>', page, re.S).group(1))  # type: ignore[union-attr]

    # then its tabs are the README's queries, the Board's pipeline first, and the headers show the token
    assert settings["tabs"][0].startswith("# The Board's pipeline")
    assert 'pipeline(from: "Q3 2017/18"' in settings["tabs"][0]
    assert json.loads(settings["headers"]) == {"Authorization": "Bearer <token>"}
    assert response_is_not_cached((await client.get("/graphql", headers=HTML)).headers)


def response_is_not_cached(headers: httpx.Headers) -> bool:
    """Whether a response must be checked again before reuse."""
    return headers.get("cache-control") == "no-cache"


def test_each_example_is_the_readme_query_word_for_word() -> None:
    # the README and GraphiQL show the same queries; a change to one must be made to the other
    readme = README.read_text()
    for example in EXAMPLES:
        assert example.query in readme, example.name


def test_every_shipped_file_matches_its_manifest_and_has_its_licence() -> None:
    # given the files `make graphiql-assets` wrote
    manifest = json.loads(MANIFEST.read_text())

    # then each is there with the hash recorded, and each package ships its licence
    for path, sri in manifest["files"].items():
        content = (STATIC / path).read_bytes()
        assert "sha384-" + base64.b64encode(hashlib.sha384(content).digest()).decode() == sri, path
    for pin in PINS:
        assert (STATIC / pin.folder / "LICENSE").read_text().startswith("MIT License"), pin.package


async def test_graphiql_false_switches_the_page_and_its_files_off(serve: Serve) -> None:
    # given GRAPHIQL=false
    async with serve(Settings(graphiql=False)) as client:
        # when a browser opens /graphql, or asks for a GraphiQL file
        page = await client.get("/graphql", headers=HTML)
        asset = await client.get(f"/graphiql/{PINS[0].folder}/{PINS[0].files[0]}")

    # then there is no page and no file
    assert "register-graphiql" not in page.text
    assert asset.status_code == 404
