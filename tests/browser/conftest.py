"""Browser tests: the register served by a real uvicorn on a loopback port, driven in headless Chromium.

Playwright for Python drives Debian's `chromium` (never a browser of Playwright's own download, which this
network refuses): it can block every request outside the register's origin and set a page's time zone,
which is what these tests need. Without Chromium they skip locally and fail under CI (CI=true).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from playwright.async_api import Browser, async_playwright
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker

from api.app import create_app
from db.engine import make_engine
from db.migrations import upgrade
from db.seed import seed_register
from db.settings import Settings

PAGES = Path(__file__).parent / "pages"
SCREENSHOTS = Path(__file__).parent / "screenshots"
STARTUP_SECONDS = 15.0


def chromium_executable() -> str:
    """The system's Chromium (CHROMIUM overrides), or a skip with the reason (a failure under CI)."""
    found = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "no Chromium: install Debian's package (apt-get install chromium) or set CHROMIUM"
        if os.environ.get("CI"):
            pytest.fail(f"CI is set but {reason}")
        pytest.skip(reason)
    return found


def _loopback_socket() -> socket.socket:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    return sock


class RegisterServer:
    """The register's app under uvicorn in a thread of its own, on a free loopback port."""

    def __init__(self, settings: Settings) -> None:
        self.socket = _loopback_socket()
        self.url = f"http://127.0.0.1:{self.socket.getsockname()[1]}"
        config = uvicorn.Config(create_app(settings), log_level="warning", ws="none", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True)

    def __enter__(self) -> RegisterServer:
        self.thread.start()
        deadline = time.monotonic() + STARTUP_SECONDS
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError(f"The register did not start at {self.url}")
            time.sleep(0.05)
        return self

    def __exit__(self, *_exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(STARTUP_SECONDS)
        self.socket.close()


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the standard library's name)
        pass


@dataclass(frozen=True)
class Registers:
    """The running register, a database engine on its file, and a page server on another origin."""

    url: str
    engine: AsyncEngine
    pages_url: str
    database_url: str


@pytest.fixture(scope="session")
async def registers(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Registers]:
    """The register migrated and seeded on a SQLite file, served over HTTP, with the test pages beside it."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'register.db'}"
    engine = make_engine(url)
    await upgrade(engine)
    async with async_sessionmaker(engine)() as session:
        await seed_register(session)
        await session.commit()
    pages = ThreadingHTTPServer(("127.0.0.1", 0), partial(_QuietHandler, directory=str(PAGES)))
    pages_thread = threading.Thread(target=pages.serve_forever, daemon=True)
    pages_thread.start()
    try:
        with RegisterServer(Settings(database_url=url)) as server:
            pages_url = f"http://127.0.0.1:{pages.server_address[1]}"
            yield Registers(url=server.url, engine=engine, pages_url=pages_url, database_url=url)
    finally:
        pages.shutdown()
        pages.server_close()
        await engine.dispose()


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    """Headless Chromium, the system's own."""
    executable = chromium_executable()
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=executable)
        yield launched
        await launched.close()


@pytest.fixture(scope="session")
def screenshots() -> Iterator[Path]:
    """Where screenshots go (ignored by git), to look at after a run."""
    SCREENSHOTS.mkdir(exist_ok=True)
    yield SCREENSHOTS
