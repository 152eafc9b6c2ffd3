"""A progress bar for long imports, on the terminal only: a pipe or a log file gets none.

The bar is rich's: rich ships its own type hints (mypy strict needs no stubs, unlike tqdm), is actively
maintained, and draws nothing when told the stream is not a terminal. One bar counts the lines of the file read
so far against the lines it has, with the time left.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

__all__ = ["count_lines", "line_progress"]


def count_lines(path: Path) -> int:
    """The number of lines in a file, read in binary blocks so that even a large file is counted quickly."""
    lines, last = 0, b"\n"
    with path.open("rb") as file:
        while block := file.read(1 << 20):
            lines += block.count(b"\n")
            last = block[-1:]
    return lines + (last != b"\n")


@contextmanager
def line_progress(description: str, total: int) -> Iterator[Callable[[int], None] | None]:
    """A callback to report the line reached, drawing a bar on standard error when it is a terminal."""
    if not sys.stderr.isatty():
        yield None
        return
    console = Console(stderr=True)
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as progress:
        task = progress.add_task(description, total=total)
        yield lambda line: progress.update(task, completed=line)
        progress.update(task, completed=total)
