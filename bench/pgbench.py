"""PostgreSQL alone: the bare route's SQL run by pgbench, with the same clients and duration.

Each transaction of the script is one request's statements, so its rate compares with requests per second.
Prepared mode, as asyncpg prepares too; parameters go in with `-D`, so the server plans them as it does
for the bare route.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from bench.load import LoadError, LoadResult, percentile
from bench.sql import ParamValue, Statement


@dataclass(frozen=True)
class PgbenchResult:
    """A pgbench run as a load result, with each statement's mean latency in milliseconds."""

    load: LoadResult
    statement_ms: dict[str, float]


def find_pgbench() -> str | None:
    """pgbench on PATH, or in a PostgreSQL installation's bin folder; None when neither has it."""
    found = shutil.which("pgbench")
    if found:
        return found
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pgbench"))
    return candidates[-1] if candidates else None


def _connection_args(url: str) -> tuple[list[str], dict[str, str]]:
    parsed = make_url(url)
    args = ["-h", parsed.host or "127.0.0.1", "-p", str(parsed.port or 5432)]
    if parsed.username:
        args += ["-U", parsed.username]
    env = {"PGPASSWORD": parsed.password} if parsed.password else {}
    return [*args, parsed.database or "postgres"], env


def _value(value: ParamValue) -> str:
    if isinstance(value, list):
        return "{" + ",".join(_value(item) for item in value) + "}"
    return value.isoformat() if isinstance(value, date) else str(value)


def _latencies_ms(folder: Path) -> list[float]:
    # Each line of pgbench's transaction log: client, transaction, elapsed microseconds, script, epoch, us.
    values = [
        int(line.split()[2]) / 1000
        for log in sorted(folder.glob("pgbench_log*"))
        for line in log.read_text().splitlines()
        if line.strip()
    ]
    return sorted(values)


def run_pgbench(
    url: str, statements: Sequence[Statement], params: Mapping[str, ParamValue], clients: int, seconds: float
) -> PgbenchResult:
    """Run the statements as one transaction per request, `clients` at once, for `seconds`."""
    executable = find_pgbench()
    if executable is None:
        raise LoadError("pgbench not found on PATH or under /usr/lib/postgresql/*/bin")
    connection, env = _connection_args(url)
    names = sorted({name for statement in statements for name in statement.names})
    variables = [f"-D{name}={_value(params[name])}" for name in names]
    with tempfile.TemporaryDirectory(prefix="bench-pgbench-") as folder:
        script = Path(folder) / "request.sql"
        script.write_text("".join(f"{statement.sql};\n" for statement in statements))
        command = [executable, "-n", "-M", "prepared", "-r", "--log", f"--log-prefix={folder}/pgbench_log"]
        command += ["-f", str(script), "-c", str(clients), "-j", "1", "-T", str(max(1, round(seconds)))]
        try:
            done = subprocess.run(
                [*command, *variables, *connection],
                capture_output=True,
                text=True,
                timeout=seconds + 60,
                env={**os.environ, **env},
                cwd=folder,
            )
        except subprocess.TimeoutExpired as error:
            raise LoadError("pgbench did not finish") from error
        if done.returncode != 0:
            raise LoadError(f"pgbench failed (exit {done.returncode}): {done.stderr.strip() or done.stdout}")
        latencies = _latencies_ms(Path(folder))
    tps = re.search(r"tps = ([\d.]+) \(without initial connection time\)", done.stdout)
    if tps is None or not latencies:
        raise LoadError(f"cannot read pgbench's report:\n{done.stdout}")
    per_statement = re.findall(r"^\s+([\d.]+)\s+(?:\d+\s+)?(\S.*)$", done.stdout.split("statement latencies")[-1], re.M)
    statement_ms = {
        statement.name: float(ms) for statement, (ms, _text) in zip(statements, per_statement, strict=False)
    }
    seconds_run = len(latencies) / float(tps.group(1))
    load = LoadResult(len(latencies), seconds_run, percentile(latencies, 0.5), percentile(latencies, 0.99))
    return PgbenchResult(load, statement_ms)
