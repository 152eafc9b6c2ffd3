"""Pages on other origins (a Vite app on localhost:5173, the council's intranet) can call the register."""

from __future__ import annotations

import httpx
import pytest

from api.statements import HEADER as STATEMENT_HEADER
from db.settings import Settings, SettingsError
from tests.api.conftest import Serve

FRONT_END = "http://localhost:5173"
ELSEWHERE = "https://phishing.example"
COUNT_CONTRACTS = {"query": "{ contracts { totalCount } }"}


def preflight(origin: str, *, headers: str = "content-type, authorization") -> dict[str, str]:
    """The headers a browser sends before a POST with a JSON body and a bearer token."""
    return {"Origin": origin, "Access-Control-Request-Method": "POST", "Access-Control-Request-Headers": headers}


def listed(value: str) -> set[str]:
    """A comma-separated header value as a set of lower-cased items."""
    return {item.strip().lower() for item in value.split(",") if item.strip()}


async def test_any_page_may_read_the_register_by_default(client: httpx.AsyncClient) -> None:
    # given the default settings
    # when a page on another origin asks for contracts
    response = await client.post("/graphql", json=COUNT_CONTRACTS, headers={"Origin": FRONT_END})

    # then its script may read the answer, and no credentials are allowed
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert "access-control-allow-credentials" not in response.headers
    assert response.json()["data"]["contracts"]["totalCount"] > 0


async def test_a_preflight_for_a_write_with_a_token_is_answered_not_refused(client: httpx.AsyncClient) -> None:
    # given the default settings
    # when a browser asks before sending a POST with Content-Type and Authorization
    response = await client.options("/graphql", headers=preflight(FRONT_END))

    # then the preflight allows it, for GET, POST and HEAD, and may be cached
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert {"get", "post", "head"} <= listed(response.headers["access-control-allow-methods"])
    assert {"content-type", "authorization"} <= listed(response.headers["access-control-allow-headers"])
    assert int(response.headers["access-control-max-age"]) >= 600


async def test_a_page_may_read_the_caching_rate_and_cost_headers(client: httpx.AsyncClient) -> None:
    # when a page on another origin runs a query
    response = await client.post("/graphql", json=COUNT_CONTRACTS, headers={"Origin": FRONT_END})

    # then the headers front ends act on are exposed to its script
    exposed = listed(response.headers["access-control-expose-headers"])
    assert {"etag", "retry-after", "x-ratelimit-limit", "x-ratelimit-remaining", STATEMENT_HEADER.lower()} <= exposed


async def test_cors_origins_admits_the_listed_front_end(serve: Serve) -> None:
    # given the register narrowed to one front end
    async with serve(Settings(cors_origins=(FRONT_END,))) as client:
        # when that front end sends a preflight and then its request
        allowed = await client.options("/graphql", headers=preflight(FRONT_END))
        answered = await client.post("/graphql", json=COUNT_CONTRACTS, headers={"Origin": FRONT_END})

    # then both name that origin (not *), and caches keep answers per origin
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == FRONT_END
    assert answered.headers["access-control-allow-origin"] == FRONT_END
    assert "origin" in listed(answered.headers["vary"])


async def test_cors_origins_refuses_any_other_page(serve: Serve) -> None:
    # given the register narrowed to one front end
    async with serve(Settings(cors_origins=(FRONT_END,))) as client:
        # when another origin sends a preflight, and a request
        refused = await client.options("/graphql", headers=preflight(ELSEWHERE))
        answered = await client.post("/graphql", json=COUNT_CONTRACTS, headers={"Origin": ELSEWHERE})

    # then the preflight is refused and the browser is given nothing that lets its script read the answer
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert "access-control-allow-origin" not in answered.headers


async def test_a_preflight_for_a_header_the_register_does_not_read_is_refused(client: httpx.AsyncClient) -> None:
    # when a page asks to send a cookie-like header the register has no use for
    response = await client.options("/graphql", headers=preflight(FRONT_END, headers="x-csrftoken"))

    # then the preflight is refused
    assert response.status_code == 400


def test_cors_origins_is_read_as_a_comma_separated_list() -> None:
    # given two front ends in the environment, with the spaces a deployment file leaves
    environ = {"CORS_ORIGINS": " https://contracts.example.gov.uk , http://localhost:5173 "}

    # when the settings are read
    settings = Settings.from_environ(environ)

    # then both are allowed, and only they
    assert settings.cors_origins == ("https://contracts.example.gov.uk", "http://localhost:5173")
    assert Settings.from_environ({}).cors_origins == ("*",)


@pytest.mark.parametrize(
    "origin",
    ["https://contracts.example.gov.uk/", "contracts.example.gov.uk", "https://x.example/app", "ftp://x.example"],
)
def test_an_origin_a_browser_never_sends_is_refused_at_start_up(origin: str) -> None:
    # when CORS_ORIGINS names something that is not an origin
    # then the register refuses to start, naming the variable
    with pytest.raises(SettingsError, match="CORS_ORIGINS"):
        Settings.from_environ({"CORS_ORIGINS": origin})
