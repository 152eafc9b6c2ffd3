"""Writing a release package: each release stamped with its id and date, as stable bytes, a release a line.

A release's id is its ocid and a digest of its content, so the same data always has the same id and any
change gives a new one; its date is the package's published date, a parameter, so exporting the same
register twice gives the same bytes. Amounts are written exactly (never through a float).
"""

from __future__ import annotations

import hashlib
import json
import re
import uuid
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from db.ocds.identity import Council

__all__ = [
    "OCDS_VERSION",
    "PACKAGE_TAIL",
    "dumps",
    "ocds_datetime",
    "package_fields",
    "package_head",
    "release_line",
    "stamp",
]

OCDS_VERSION = "1.1"


def dumps(value: Any) -> str:
    """Compact JSON, keys in the order built, decimals written digit for digit (never through a float)."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False, default=_exact)
    return _EXACT.sub(r"\1", text) if _MARK in text else text


# json writes a Decimal it cannot encode as this marked string, which is then unquoted into the number.
_MARK = f"exact-decimal-{uuid.uuid4().hex}:"
_EXACT = re.compile(f'"{_MARK}(-?[0-9.]+)"')


def _exact(value: Any) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return _MARK + format(value, "f")
    raise TypeError(f"{type(value).__name__} has no JSON form")


def ocds_datetime(moment: datetime) -> str:
    """A moment as OCDS writes it: UTC, to the second, with a Z."""
    if moment.tzinfo is None:
        raise ValueError("a published date needs a time zone")
    return moment.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")


def stamp(release: dict[str, Any], published: str) -> dict[str, Any]:
    """The release with its id (ocid and content digest) and date, placed after its ocid."""
    content = {key: value for key, value in release.items() if key not in ("id", "date")}
    digest = hashlib.sha256(dumps(content).encode()).hexdigest()[:16]
    return {"ocid": release["ocid"], "id": f"{release['ocid']}-{digest}", "date": published, **content}


def package_fields(*, uri: str, published: str, council: Council) -> dict[str, Any]:
    """The package's own fields, before its releases: where it was asked for, when published, and by whom."""
    publisher = {"name": council.name, "scheme": council.scheme, "uid": council.identifier}
    return {"uri": uri, "version": OCDS_VERSION, "publishedDate": published, "publisher": publisher}


def package_head(*, uri: str, published: str, council: Council) -> str:
    """The package's fields up to the opening of its releases."""
    return dumps(package_fields(uri=uri, published=published, council=council))[:-1] + ',"releases":['


def release_line(index: int, release: dict[str, Any], published: str) -> str:
    """The package's ``index``-th release, stamped, on a line of its own."""
    return ("\n" if index == 0 else ",\n") + dumps(stamp(release, published))


PACKAGE_TAIL = "\n]}\n"
