"""How much memory the server takes while it streams a full export: `python -m bench.export_memory --url URL`.

Starts the register (one uvicorn process) on the database at URL with an empty download folder, downloads
the export once (built from the database while it streams) and once more (read from the stored file), and
reports each download's time and size, the server's resident memory before, and its peak (VmHWM) after each.
Linux only: the figures come from /proc.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import httpx

from bench.servers import answers_get, start_uvicorn

MB = 1024 * 1024
OCDS = "/exports/contracts.ocds.json"


@dataclass(frozen=True)
class Download:
    """One download: how long it took, how many bytes, and the server's peak resident memory after it."""

    seconds: float
    size: int
    peak_rss: int


@dataclass(frozen=True)
class ExportMemory:
    """The server's resident memory once ready, then a built and a stored download."""

    ready_rss: int
    built: Download
    stored: Download

    @property
    def growth(self) -> int:
        """How far the peak rose above the ready server while it built the export."""
        return self.built.peak_rss - self.ready_rss

    def __str__(self) -> str:
        def line(name: str, download: Download) -> str:
            return (
                f"{name}: {download.seconds:.1f}s, {download.size / MB:.1f} MB sent, "
                f"peak RSS {download.peak_rss / MB:.0f} MB"
            )

        return "\n".join(
            [
                f"ready: RSS {self.ready_rss / MB:.0f} MB",
                line("built from the database", self.built),
                line("read from the stored file", self.stored),
                f"growth while building: {self.growth / MB:.1f} MB",
            ]
        )


def _status(pid: int, field: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status has no {field}")


def _download(client: httpx.Client, base_url: str, path: str, pid: int) -> Download:
    started = time.perf_counter()
    size = 0
    with client.stream("GET", base_url + path) as response:
        response.raise_for_status()
        for block in response.iter_bytes():
            size += len(block)
    return Download(time.perf_counter() - started, size, _status(pid, "VmHWM"))


def measure(url: str, path: str = OCDS, timeout: float = 600.0) -> ExportMemory:
    """Serve the register at `url` and measure two downloads of `path` (see the module's description)."""
    with tempfile.TemporaryDirectory(prefix="register-downloads-") as folder:
        environment = {"DATABASE_URL": url, "EXPORT_CACHE_DIR": folder, "READS_REQUIRE_TOKEN": "false"}
        server = start_uvicorn("register", "api.app:app_from_environ", environment, answers_get("/readyz"), 60.0)
        try:
            pid = server.process.pid
            ready = _status(pid, "VmRSS")
            with httpx.Client(timeout=timeout) as client:
                built = _download(client, server.base_url, path, pid)
                stored = _download(client, server.base_url, path, pid)
        finally:
            server.stop()
    return ExportMemory(ready, built, stored)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the figures for one database."""
    parser = argparse.ArgumentParser(prog="python -m bench.export_memory", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the register's database, e.g. the one `make bench-data` wrote")
    parser.add_argument("--path", default=OCDS, help=f"the download to measure (default {OCDS})")
    args = parser.parse_args(argv)
    print(measure(args.url, args.path), file=sys.stdout)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
