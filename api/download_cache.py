"""Downloads kept as files against the register's version, so an unchanged register is not exported twice.

A download's file is named for the export, the register's version and the variant asked for (the OCDS
package's date). The first caller builds it while it streams to them, into a hidden part-file renamed into place
only when complete, so a reader never sees half a file and a caller who leaves mid-way leaves nothing behind.
Callers of the same download in this process wait for that build and then read the file, rather than build it
again; processes sharing the folder may each build once, and the renames make that harmless. A write to the
register changes the version, so the next download is a new file; files of older versions are removed then,
and the folder never holds more than EXPORT_CACHE_FILES.
"""

from __future__ import annotations

import asyncio
import hashlib
import os
import secrets
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import IO
from weakref import WeakValueDictionary

__all__ = ["SUFFIX", "DownloadCache", "DownloadKey"]

SUFFIX = ".download"
# Bytes read from a file, or gathered from a build, before they are sent: few sends, little memory.
BLOCK = 64 * 1024


class DownloadKey:
    """Which download a file holds: the export, the register's version (its tag) and the variant."""

    def __init__(self, export: str, version: str, variant: str = "") -> None:
        self.export = export
        self.version = version
        self.variant = variant

    @property
    def filename(self) -> str:
        variant = hashlib.sha256(self.variant.encode()).hexdigest()[:16]
        return f"{self.export}~{self.version}~{variant}{SUFFIX}"


class DownloadCache:
    """A bounded folder of complete downloads, each written once, while its first caller streams it."""

    def __init__(self, folder: Path, files: int) -> None:
        self.folder = folder
        self.files = files
        self._builds: WeakValueDictionary[str, asyncio.Lock] = WeakValueDictionary()

    def open(self, key: DownloadKey) -> IO[bytes] | None:
        """The stored download, open for reading, or None if there is none (an open file survives pruning)."""
        try:
            return (self.folder / key.filename).open("rb")
        except FileNotFoundError:
            return None

    async def stream(self, key: DownloadKey, build: Callable[[], AsyncIterator[str | None]]) -> AsyncIterator[bytes]:
        """The download's bytes: from its file if stored, else from `build`, stored as it streams.

        `build` yields the download's text; a None among it means the register moved on while it was read, so
        what follows is sent but not stored under this version.
        """
        lock = self._builds.setdefault(key.filename, asyncio.Lock())
        async with lock:
            stored = self.open(key)
            if stored is None:
                async for block in self._build(key, build):
                    yield block
                return
        with stored:
            while block := stored.read(BLOCK):
                yield block

    async def _build(self, key: DownloadKey, build: Callable[[], AsyncIterator[str | None]]) -> AsyncIterator[bytes]:
        keep = self.files > 0
        if keep:
            self.folder.mkdir(parents=True, exist_ok=True)
        part = self.folder / f".{key.filename}.{secrets.token_hex(4)}.part"
        out = part.open("wb") if keep else None
        try:
            async for block in _blocks(build()):
                if block is None:
                    keep = False
                    continue
                if out is not None and keep:
                    out.write(block)
                yield block
            if out is not None:
                out.close()
                if keep:
                    os.replace(part, self.folder / key.filename)
                    self._prune(key)
        finally:
            if out is not None:
                out.close()
                part.unlink(missing_ok=True)

    def _prune(self, kept: DownloadKey) -> None:
        files = []
        for path in self.folder.glob(f"*{SUFFIX}"):
            export, _, rest = path.name.partition("~")
            if export == kept.export and not rest.startswith(f"{kept.version}~"):
                path.unlink(missing_ok=True)  # an older version's: nobody will be served it again
                continue
            try:
                files.append((path.stat().st_mtime, path))
            except FileNotFoundError:
                continue
        for _, path in sorted(files, reverse=True)[self.files :]:
            path.unlink(missing_ok=True)


async def _blocks(text: AsyncIterator[str | None]) -> AsyncIterator[bytes | None]:
    gathered: list[str] = []
    size = 0
    async for chunk in text:
        if chunk is None:
            yield None
            continue
        gathered.append(chunk)
        size += len(chunk)
        if size >= BLOCK:
            yield "".join(gathered).encode()
            gathered, size = [], 0
    if gathered:
        yield "".join(gathered).encode()
