"""Does the register's memory hold steady under a long mixed load? `python -m bench.memory --url URL --minutes 10`.

Copies the benchmark's database to a scratch one (bench/scratch.py; the writes never touch the original, and the
copy is dropped at the end), issues an editor's token there with `register token create`, starts one register
process on the copy (uvicorn, one worker, its response cache's budget --cache-bytes), and drives it with the
mixed load of bench/mixed_load.py: --warmup-minutes first, then --minutes measured. The server's resident memory
(VmRSS in /proc) and its response cache's bytes (GET /metrics) are read every --sample-seconds. Printed: the RSS
after warm-up, at the end and at its peak, the growth from warm-up to the end, and issue 13's target (growth
under 10%). Linux and PostgreSQL only.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import httpx

from bench.mixed_load import Tally, mixed_load
from bench.scratch import scratch_copy
from bench.servers import ServerProcess, answers_get, register_environment, start_uvicorn

MB = 1024 * 1024
TARGET_GROWTH = 0.10
REGISTER = str(Path(sys.executable).parent / "register")
TOKEN_NAME = "bench.memory"
WRITE_EVERY = 10.0
# Far below the register's default (64 MB), which the answers read between two writes on this machine (a few
# megabytes) never reach: the cache must fill and let answers go by its budget as well as by writes.
CACHE_BYTES = 2 * MB


@dataclass(frozen=True)
class Sample:
    """The server's resident memory at some second of the run, and how many bytes its response cache held."""

    second: float
    rss: int
    cache_bytes: int | None = None


@dataclass(frozen=True)
class MemoryRun:
    """The samples, where the warm-up ended, what the load did, and the server's own figures."""

    samples: list[Sample]
    warmup_seconds: float
    tally: Tally
    cpu_seconds: float
    cache: dict[str, int] | None
    load_before: float
    load_after: float

    @property
    def after_warmup(self) -> Sample:
        return next(sample for sample in self.samples if sample.second >= self.warmup_seconds)

    @property
    def measured(self) -> list[Sample]:
        return [sample for sample in self.samples if sample.second >= self.warmup_seconds]

    @property
    def growth(self) -> float:
        """The RSS at the end as a share above the RSS after warm-up."""
        return self.samples[-1].rss / self.after_warmup.rss - 1

    def __str__(self) -> str:
        warm, end = self.after_warmup, self.samples[-1]
        peak = max(self.measured, key=lambda sample: sample.rss)
        minutes = (end.second - warm.second) / 60
        verdict = "met" if self.growth < TARGET_GROWTH else "NOT met"
        return "\n".join(
            [
                f"load: {self.tally}",
                f"response cache: {_cache_figures(self.cache)}; at most {self._most_cached() / MB:.1f} MB held",
                f"RSS by minute (MB): {self._by_minute()}",
                f"server CPU {self.cpu_seconds:.0f}s; machine load average {self.load_before:.1f} before, "
                f"{self.load_after:.1f} at the end",
                f"RSS after {warm.second / 60:.1f} min of warm-up: {warm.rss / MB:.1f} MB",
                f"RSS at the end, {minutes:.1f} min later: {end.rss / MB:.1f} MB",
                f"RSS peak after warm-up: {peak.rss / MB:.1f} MB at {peak.second / 60:.1f} min "
                f"({(peak.rss / warm.rss - 1) * 100:+.1f}%)",
                f"RSS growth over the second half: {self._second_half_growth() * 100:+.1f}% (what a leak keeps "
                "doing once the bounded caches are full)",
                f"RSS growth over {minutes:.1f} min of mixed read/write load: {self.growth * 100:+.1f}% "
                f"(target < {TARGET_GROWTH * 100:.0f}%: {verdict})",
            ]
        )

    def _second_half_growth(self) -> float:
        measured = self.measured
        halfway = (measured[0].second + measured[-1].second) / 2
        middle = next(sample for sample in measured if sample.second >= halfway)
        return measured[-1].rss / middle.rss - 1

    def _most_cached(self) -> int:
        return max((sample.cache_bytes or 0 for sample in self.samples), default=0)

    def _by_minute(self) -> str:
        marks: dict[int, Sample] = {}
        for sample in self.samples:
            marks.setdefault(int(sample.second // 60), sample)
        return ", ".join(f"{minute}: {sample.rss / MB:.0f}" for minute, sample in marks.items())


def _cache_figures(cache: dict[str, int] | None) -> str:
    if cache is None:
        return "no figures (GET /metrics did not answer)"
    return (
        f"{cache['hits']:,} hits, {cache['misses']:,} misses, {cache['stored']:,} answers kept and "
        f"{cache['evicted']:,} let go (stale or over budget); at the end {cache['entries']:,} answers in "
        f"{cache['bytes'] / MB:.1f} MB of its {cache['budgetBytes'] / MB:.0f} MB"
    )


def _rss(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError(f"/proc/{pid}/status has no VmRSS")


async def _cache_bytes(client: httpx.AsyncClient, base_url: str) -> int | None:
    try:
        return int((await client.get(f"{base_url}/metrics")).json()["responseCache"]["bytes"])
    except (httpx.HTTPError, ValueError, KeyError):
        return None


async def _sample(server: ServerProcess, every: float, seconds: float) -> list[Sample]:
    started = time.monotonic()
    pid = server.process.pid
    samples = [Sample(0.0, _rss(pid))]
    async with httpx.AsyncClient(timeout=30.0) as client:
        while (elapsed := time.monotonic() - started) < seconds:
            await asyncio.sleep(min(every, seconds - elapsed))
            held = await _cache_bytes(client, server.base_url)
            samples.append(Sample(time.monotonic() - started, _rss(pid), held))
    return samples


def issue_token(url: str) -> str:
    """An editor's token on the register at `url`, by the command line as an administrator would issue it."""
    done = subprocess.run(
        [REGISTER, "token", "create", "--name", TOKEN_NAME, "--role", "editor"],
        env={**os.environ, "DATABASE_URL": url},
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0 or not done.stdout.strip():
        raise RuntimeError(f"register token create failed ({done.returncode}): {done.stderr[-2000:]}")
    return done.stdout.strip()


async def _drive(server: ServerProcess, token: str, args: argparse.Namespace) -> tuple[list[Sample], Tally]:
    seconds = (args.warmup_minutes + args.minutes) * 60
    graphql = f"{server.base_url}/graphql"
    load = mixed_load(graphql, token, seconds, args.readers, args.write_every, args.seed)
    samples, tally = await asyncio.gather(_sample(server, args.sample_seconds, seconds), load)
    return samples, tally


def _cache_counts(server: ServerProcess) -> dict[str, int] | None:
    try:
        counts: dict[str, int] = httpx.get(f"{server.base_url}/metrics", timeout=10).json()["responseCache"]
    except (httpx.HTTPError, ValueError, KeyError):
        return None
    return counts


def measure(args: argparse.Namespace) -> MemoryRun:
    """Copy, serve, load and sample as the module says; the copy is dropped however the run ends."""
    load_before = os.getloadavg()[0]
    with scratch_copy(args.url, args.scratch) as url:
        token = issue_token(url)
        environment = {**register_environment(url), "RESPONSE_CACHE_BYTES": str(args.cache_bytes)}
        server = start_uvicorn("register", "api.app:app_from_environ", environment, answers_get("/readyz"), 60.0)
        try:
            samples, tally = asyncio.run(_drive(server, token, args))
            cpu, cache = server.cpu_seconds(), _cache_counts(server)
        finally:
            server.stop()
    return MemoryRun(samples, args.warmup_minutes * 60, tally, cpu, cache, load_before, os.getloadavg()[0])


def build_parser() -> argparse.ArgumentParser:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.memory", description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True, help="the benchmark's PostgreSQL database (only read: copied)")
    parser.add_argument("--scratch", help="the copy's name (default: the database's name + _memory)")
    parser.add_argument("--minutes", type=float, default=10.0, help="minutes of measured load")
    parser.add_argument("--warmup-minutes", type=float, default=1.0, help="minutes of load before the first figure")
    parser.add_argument("--sample-seconds", type=float, default=5.0, help="how often the server's RSS is read")
    parser.add_argument("--readers", type=int, default=4, help="concurrent readers (one writer besides)")
    parser.add_argument("--write-every", type=float, default=WRITE_EVERY, help="seconds between writes")
    parser.add_argument("--cache-bytes", type=int, default=CACHE_BYTES, help="the response cache's budget")
    parser.add_argument("--seed", type=int, default=1, help="the same seed asks the same questions")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the memory test from the command line and print its figures."""
    args = build_parser().parse_args(argv)
    args.scratch = args.scratch or urlsplit(args.url).path.lstrip("/") + "_memory"
    print(
        f"bench.memory: a copy of {urlsplit(args.url).path.lstrip('/')} as {args.scratch}, "
        f"{args.warmup_minutes:g} + {args.minutes:g} minutes, {args.readers} readers and a write every "
        f"{args.write_every:g}s",
        flush=True,
    )
    print(measure(args))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
