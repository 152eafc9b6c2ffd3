"""Driving a server with concurrent keep-alive connections for a fixed time, and what came back.

`wrk` (Debian package `wrk`) is preferred: it is C and costs the 2-core machine little CPU, so the server
under test is not starved by its own load. Without it, a small asyncio client over raw HTTP/1.1
connections does the same job in this process, at a somewhat higher CPU cost.
"""

from __future__ import annotations

import asyncio
import shutil
import subprocess
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit


class LoadError(RuntimeError):
    """The load generator could not run, or the server stopped answering under it."""


@dataclass(frozen=True)
class HttpRequest:
    """One request, sent over and over: a GET of a bare route or a POST of a GraphQL query."""

    url: str
    method: str = "GET"
    body: bytes | None = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class LoadResult:
    """Throughput and latency of one timed run; `errors` counts failed requests and 4xx/5xx answers."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    errors: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


def percentile(sorted_values: Sequence[float], fraction: float) -> float:
    """The nearest-rank percentile of values already in ascending order (0 when there are none)."""
    if not sorted_values:
        return 0.0
    rank = max(1, round(fraction * len(sorted_values) + 0.5))
    return sorted_values[min(rank, len(sorted_values)) - 1]


_WRK_SCRIPT = """wrk.method = "{method}"
{body}
{headers}
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("BENCH_RESULT %.0f %.0f %.0f %.0f %.0f\\n", summary.requests, summary.duration,
    latency:percentile(50), latency:percentile(99), e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def _lua_long_string(text: str) -> str:
    level = 1
    while f"]{'=' * level}]" in text:
        level += 1
    return f"[{'=' * level}[{text}]{'=' * level}]"


def wrk_available() -> bool:
    """Whether `wrk` is on PATH."""
    return shutil.which("wrk") is not None


def run_wrk(request: HttpRequest, connections: int, seconds: float, timeout: float = 10.0) -> LoadResult:
    """Drive `request` with wrk: one thread, `connections` keep-alive connections, for `seconds`."""
    body = "" if request.body is None else f"wrk.body = {_lua_long_string(request.body.decode())}"
    headers = "\n".join(f'wrk.headers["{k}"] = {_lua_long_string(v)}' for k, v in request.headers.items())
    with tempfile.TemporaryDirectory(prefix="bench-wrk-") as folder:
        script = Path(folder) / "request.lua"
        script.write_text(_WRK_SCRIPT.format(method=request.method, body=body, headers=headers))
        command = [
            "wrk",
            "-t1",
            f"-c{connections}",
            f"-d{max(1, round(seconds))}s",
            f"--timeout={timeout:.0f}s",
        ]
        try:
            done = subprocess.run(
                [*command, "-s", str(script), request.url],
                capture_output=True,
                text=True,
                timeout=seconds + timeout + 30,
            )
        except subprocess.TimeoutExpired as error:
            raise LoadError(f"wrk did not finish driving {request.url}") from error
    lines = [line for line in done.stdout.splitlines() if line.startswith("BENCH_RESULT ")]
    if done.returncode != 0 or not lines:
        raise LoadError(f"wrk failed on {request.url} (exit {done.returncode}): {done.stderr or done.stdout}")
    count, duration_us, p50_us, p99_us, errors = (int(float(x)) for x in lines[-1].split()[1:])
    return LoadResult(count, duration_us / 1e6, p50_us / 1e3, p99_us / 1e3, errors)


async def _read_response(reader: asyncio.StreamReader) -> tuple[int, bool]:
    """Read one response off a keep-alive connection: its status, and whether the connection stays open."""
    head = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
    status = int(head[0].split(" ", 2)[1])
    fields = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in head[1:])}
    if fields.get("transfer-encoding", "").lower() == "chunked":
        while size := int((await reader.readuntil(b"\r\n")).split(b";")[0], 16):
            await reader.readexactly(size + 2)
        await reader.readuntil(b"\r\n")
    else:
        await reader.readexactly(int(fields.get("content-length", "0")))
    return status, fields.get("connection", "").lower() != "close"


def _raw_request(request: HttpRequest) -> tuple[str, int, bytes]:
    parts = urlsplit(request.url)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    lines = [f"{request.method} {target or '/'} HTTP/1.1", f"Host: {parts.netloc}"]
    lines += [f"{name}: {value}" for name, value in request.headers.items()]
    if request.body is not None:
        lines.append(f"Content-Length: {len(request.body)}")
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + (request.body or b"")
    return parts.hostname or "127.0.0.1", parts.port or 80, raw


async def _drive(request: HttpRequest, connections: int, seconds: float, timeout: float) -> LoadResult:
    host, port, raw = _raw_request(request)
    latencies: list[float] = []
    errors = 0
    deadline = time.perf_counter() + seconds

    async def connection() -> None:
        nonlocal errors
        reader, writer = await asyncio.open_connection(host, port)
        try:
            while time.perf_counter() < deadline:
                sent = time.perf_counter()
                writer.write(raw)
                try:
                    status, keep_alive = await asyncio.wait_for(_read_response(reader), timeout)
                except (TimeoutError, asyncio.IncompleteReadError, ConnectionError, ValueError):
                    errors += 1
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
                    continue
                latencies.append((time.perf_counter() - sent) * 1000)
                errors += status >= 400
                if not keep_alive:
                    writer.close()
                    reader, writer = await asyncio.open_connection(host, port)
        finally:
            writer.close()

    started = time.perf_counter()
    await asyncio.gather(*(connection() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    latencies.sort()
    return LoadResult(len(latencies), elapsed, percentile(latencies, 0.5), percentile(latencies, 0.99), errors)


def run_python(request: HttpRequest, connections: int, seconds: float, timeout: float = 10.0) -> LoadResult:
    """Drive `request` from this process with `connections` asyncio keep-alive connections, for `seconds`."""
    try:
        return asyncio.run(_drive(request, connections, seconds, timeout))
    except OSError as error:
        raise LoadError(f"cannot connect to {request.url}: {error}") from error


def drive(request: HttpRequest, connections: int, seconds: float, tool: str) -> LoadResult:
    """Drive with the named tool, `wrk` or `python`. A request may take as long as the run (at least 10 s): on the
    national register a cold pipeline under eight clients takes longer than 10 s, and is slow, not failing."""
    timeout = max(10.0, seconds)
    return (run_wrk if tool == "wrk" else run_python)(request, connections, seconds, timeout)
