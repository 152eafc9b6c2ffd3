"""Reading the releases of a file one at a time, whatever its size: a release or record package, or one bare
release or record.

A package's `releases` (or `records`) array is parsed item by item with ijson, so a file of any size needs
memory for one release or record at a time, not for the whole document; the package's other fields are small
and kept aside. A record (what Find a Tender publishes) gives its `compiledRelease`, the process's current
state, or else its releases in full, which the importer compiles; a record that only links to its releases
(by URL) cannot be read here, and says so. A bare release (an object with an `id`) or a bare record (an object
with `compiledRelease`, `versionedRelease` or its `releases`) is read whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import IO, Any

import ijson

from db.exchange import RowProblem, binary_kind, not_a_document

__all__ = ["Package", "read_releases"]

Package = dict[str, Any] | IO[bytes]
_OPEN = ("start_map", "start_array")
# Fields only a record has: a bare object with one of them is a record, never a release.
_RECORD_FIELDS = ("compiledRelease", "versionedRelease")
_CLOSE = ("end_map", "end_array")


class _Counted:
    """A binary stream that counts the bytes read from it, for the progress bar."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.position = 0

    def read(self, size: int = -1) -> bytes:
        chunk = self.stream.read(size)
        if self.position == 0 and chunk and chunk.lstrip()[:1] not in (b"{", b"[", b"\xef"):
            raise NotJson(chunk)
        self.position += len(chunk)
        return chunk


class NotJson(Exception):
    """A file whose first bytes cannot begin a JSON document: a spreadsheet, an archive, a compressed file."""

    def __init__(self, head: bytes) -> None:
        what = binary_kind(head[:512]) or f"text beginning {head[:20].decode('utf-8', 'replace')!r}"
        super().__init__(not_a_document(what, "JSON"))


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
    except NotJson as error:
        problems.append(RowProblem(str(error), path="$"))
    except ijson.JSONError as error:
        first_line = str(error).splitlines()[0] if str(error) else type(error).__name__
        problems.append(
            RowProblem(f"the file is not valid JSON ({first_line}), near byte {counted.position}", path="$")
        )


def _from_object(
    package: dict[str, Any], problems: list[RowProblem], progress: Callable[[int], None] | None
) -> Iterator[tuple[str, Any]]:
    if "records" in package:
        records = package["records"]
        if not isinstance(records, list):
            problems.append(RowProblem("must be an array of records", path="$.records"))
            return
        for index, record in enumerate(records):
            yield from _record(record, f"$.records[{index}]", problems)
            if progress is not None:
                progress(index + 1)
        return
    if "releases" not in package or _is_record(package):
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
    streamed = False
    for prefix, event, value in events:
        if prefix != "" or event != "map_key":
            break
        _, first, first_value = next(events)
        # A bare record's releases are its own, read whole with it; a package's are streamed.
        if value not in ("releases", "records") or _is_record(top):
            top[value] = _build(first, first_value, events)
            continue
        streamed = True
        if first != "start_array":
            _build(first, first_value, events)
            problems.append(RowProblem(f"must be an array of {value}", path=f"$.{value}"))
            continue
        for index, (item, item_value) in enumerate(_items(events)):
            found = _build(item, item_value, events)
            if value == "records":
                yield from _record(found, f"$.records[{index}]", problems)
            else:
                yield f"$.releases[{index}]", found
            tick()
    if not streamed:
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


def _is_record(document: dict[str, Any]) -> bool:
    """A record, not a release: it has a record's own fields, or an ocid beside its releases."""
    return any(key in document for key in _RECORD_FIELDS) or ("ocid" in document and "releases" in document)


def _bare(document: dict[str, Any], problems: list[RowProblem]) -> Iterator[tuple[str, Any]]:
    if _is_record(document):
        yield from _record(document, "$", problems)
    elif "ocid" in document:
        yield "$", document
    else:
        problems.append(
            RowProblem(
                "is neither a release or record package (with releases or records) "
                "nor a release or record (with an ocid)",
                path="$",
            )
        )


def _record(record: Any, path: str, problems: list[RowProblem]) -> Iterator[tuple[str, Any]]:
    """A record's compiled release, else its releases in full (compiled by the importer), with their paths."""
    if not isinstance(record, dict):
        problems.append(RowProblem("must be a record, a JSON object", path=path))
        return
    compiled = record.get("compiledRelease")
    if isinstance(compiled, dict):
        # A compiled release without its ocid is the record's process; Contracts Finder's records name it only there.
        ocid = compiled.get("ocid") or record.get("ocid")
        yield f"{path}.compiledRelease", compiled if ocid is None else {**compiled, "ocid": ocid}
        return
    releases = record.get("releases")
    full = (
        [item for item in releases if isinstance(item, dict) and "ocid" in item] if isinstance(releases, list) else []
    )
    if not full or len(full) != len(releases or []):
        problems.append(
            RowProblem(
                "a record needs its compiledRelease, or its releases in full: "
                "releases linked by URL are not fetched, import the release package they are in",
                path=f"{path}.compiledRelease",
            )
        )
        return
    for index, release in enumerate(full):
        yield f"{path}.releases[{index}]", release
