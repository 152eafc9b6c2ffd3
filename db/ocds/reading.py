"""Reading the releases of a file one at a time, whatever its size: a release package, or one bare release.

A package's `releases` array is parsed item by item with ijson, so a file of any size needs memory for one
release at a time, not for the whole document; the package's other fields are small and kept aside.
A file holding a bare release (an object with an `ocid`) is read whole, as one release. Record packages are
refused with a reason: they carry the same releases, and the release package is the one to import.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

import ijson

from db.exchange import RowProblem

__all__ = ["Package", "read_releases"]

Package = dict[str, Any] | IO[bytes]
_OPEN = ("start_map", "start_array")
_CLOSE = ("end_map", "end_array")


class _Counted:
    """A binary stream that counts the bytes read from it, for the progress bar."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        self.position += len(chunk)
        return chunk


def read_releases(
    package: Package, problems: list[RowProblem], progress: Callable[[int], None] | None = None
) -> Iterator[tuple[str, Any]]:
    """Each release with its JSON path (`$.releases[3]`, or `$` for a bare release).

    What is not a package or a release becomes a problem in ``problems``. ``progress`` is told, after each
    release, how many bytes of a stream have been read (for a parsed package, how many releases).
    """
    if isinstance(package, dict):
        yield from _from_object(package, problems, progress)
        return
    counted = _Counted(package)
    try:
        yield from _from_stream(counted, problems, lambda: None if progress is None else progress(counted.position))
    except ijson.JSONError as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        problems.append(
            RowProblem(f"the file is not valid JSON ({first_line}), near byte {counted.position}", path="$")
        )


def _from_object(
    package: dict[str, Any], problems: list[RowProblem], progress: Callable[[int], None] | None
) -> Iterator[tuple[str, Any]]:
    if "releases" not in package:
        yield from _bare(package, problems)
        return
    releases = package["releases"]
    if not isinstance(releases, list):
        problems.append(RowProblem("must be an array of releases", path="$.releases"))
        return
    for index, release in enumerate(releases):
        yield f"$.releases[{index}]", release
        if progress is not None:
            progress(index + 1)


def _from_stream(stream: _Counted, problems: list[RowProblem], tick: Callable[[], None]) -> Iterator[tuple[str, Any]]:
    events = ijson.parse(stream, use_float=False)
    _, event, value = next(events)
    if event != "start_map":
        problems.append(RowProblem("must be a release package or a release, a JSON object", path="$"))
        return
    top: dict[str, Any] = {}
    saw_releases = False
    for prefix, event, value in events:
        if prefix != "" or event != "map_key":
            break
        _, first, first_value = next(events)
        if value != "releases":
            top[value] = _build(first, first_value, events)
            continue
        saw_releases = True
        if first != "start_array":
            _build(first, first_value, events)
            problems.append(RowProblem("must be an array of releases", path="$.releases"))
            continue
        for index, (item, item_value) in enumerate(_items(events)):
            yield f"$.releases[{index}]", _build(item, item_value, events)
            tick()
    if not saw_releases:
        yield from _bare(top, problems)
        tick()


def _items(events: Iterator[tuple[str, str, Any]]) -> Iterator[tuple[str, Any]]:
    """The first event of each item of the array just opened, until it closes."""
    for _, event, value in events:
        if event == "end_array":
            return
        yield event, value


def _build(event: str, value: Any, events: Iterator[tuple[str, str, Any]]) -> Any:
    """The whole JSON value that starts with this event, read from the events that follow it."""
    builder = ijson.ObjectBuilder()
    builder.event(event, value)
    depth = 1 if event in _OPEN else 0
    while depth:
        _, event, value = next(events)
        builder.event(event, value)
        depth += 1 if event in _OPEN else -1 if event in _CLOSE else 0
    return builder.value


def _bare(document: dict[str, Any], problems: list[RowProblem]) -> Iterator[tuple[str, Any]]:
    if "records" in document:
        problems.append(
            RowProblem("record packages are not imported: import the release package they compile", path="$.records")
        )
    elif "ocid" in document:
        yield "$", document
    else:
        problems.append(
            RowProblem("is neither a release package (with releases) nor a release (with an ocid)", path="$")
        )
