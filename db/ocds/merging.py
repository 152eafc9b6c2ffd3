"""Combining OCDS JSON: compiling a process's releases, and splitting a release into mapped and unmapped.

- `compile_releases` is OCDS's merge: later releases (by date) override earlier ones field by field, a null
  removes a field, and arrays of objects with ids are merged by id.
- `remainder(original, generated)` is what a published release holds that the register's own release for
  the same record does not reproduce: the fields the register does not map, kept in `contract.extra`.
- `overlay(kept, generated)` puts them back under the register's release when it publishes the record again.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

__all__ = ["RELEASE_ONLY", "compile_releases", "overlay", "remainder", "storable"]

# Fields that belong to one release, not to the process: never merged, never kept.
RELEASE_ONLY = ("id", "date", "tag")
_MISSING = object()
# An RFC 3339 date-time with its offset, as OCDS asks: only such a publisher's time can be published again.
_MOMENT = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def _keyed(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) and "id" in v for v in value)


def _key(item: dict[str, Any]) -> str:
    return str(item["id"])


def _release_date(release: dict[str, Any]) -> datetime:
    try:
        moment = datetime.fromisoformat(str(release.get("date")))
    except ValueError:
        return datetime.min.replace(tzinfo=UTC)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def compile_releases(releases: list[dict[str, Any]]) -> dict[str, Any]:
    """The current state of a process from its releases, oldest first (ties keep the file's order)."""
    compiled: dict[str, Any] = {}
    for release in sorted(releases, key=_release_date):
        compiled = _merge(compiled, {k: v for k, v in release.items() if k not in RELEASE_ONLY})
    return compiled


def _merge(base: Any, new: Any) -> Any:
    if isinstance(base, dict) and isinstance(new, dict):
        merged = dict(base)
        for key, value in new.items():
            if value is None:
                merged.pop(key, None)
            else:
                merged[key] = _merge(merged[key], value) if key in merged else _merge({}, value)
        return merged
    if isinstance(new, dict):
        return _merge({}, new)
    if _keyed(base) and _keyed(new):
        items = {_key(item): item for item in base}
        for item in new:
            items[_key(item)] = _merge(items.get(_key(item), {}), item)
        return list(items.values())
    return new


def remainder(original: Any, generated: Any) -> Any:
    """What `original` holds that `generated` does not: None when it holds nothing more.

    Objects are compared field by field and arrays of objects item by item by id (a kept item keeps its id);
    any other value is kept whole when it differs.
    """
    rest = _remainder(original, generated)
    return None if rest is _MISSING else rest


def _remainder(original: Any, generated: Any) -> Any:
    if isinstance(original, dict) and isinstance(generated, dict):
        kept = {}
        for key, value in original.items():
            rest = _remainder(value, generated[key]) if key in generated else value
            if rest is not _MISSING:
                kept[key] = rest
        return kept or _MISSING
    if _keyed(original) and _keyed(generated):
        ours = {_key(item): item for item in generated}
        items = []
        for item in original:
            rest = _remainder(item, ours[_key(item)]) if _key(item) in ours else item
            if rest is not _MISSING:
                items.append(rest if "id" in rest else {"id": item["id"], **rest})
        return items or _MISSING
    return _MISSING if _same(original, generated) else original


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return bool(a == b)


def overlay(kept: Any, generated: Any, key: str = "") -> Any:
    """The register's release laid over the fields kept from an import: the register's values win.

    Arrays of objects merge by id, kept items first; a party's roles are a set, so they are united. A date the
    register holds as a day is published as its publisher wrote it (`2017-04-02T00:00:00+01:00`, not
    `2017-04-02T00:00:00Z`) while it is still that day.
    """
    if isinstance(kept, dict) and isinstance(generated, dict):
        merged = dict(kept)
        for name, value in generated.items():
            merged[name] = overlay(kept[name], value, name) if name in kept else value
        return merged
    if _keyed(kept) and _keyed(generated):
        ours = {_key(item): item for item in generated}
        merged_items = [overlay(item, ours[_key(item)]) if _key(item) in ours else item for item in kept]
        theirs = {_key(item) for item in kept}
        return merged_items + [item for item in generated if _key(item) not in theirs]
    if key == "roles" and isinstance(kept, list) and isinstance(generated, list):
        return list(dict.fromkeys([*generated, *kept]))
    if _same_day(kept, generated):
        return kept
    return generated


def _same_day(kept: Any, generated: Any) -> bool:
    """Whether both are date-times with offsets on the same day, each in its own offset."""
    if not isinstance(kept, str) or not isinstance(generated, str):
        return False
    if not _MOMENT.match(kept) or not _MOMENT.match(generated):
        return False
    return datetime.fromisoformat(kept).date() == datetime.fromisoformat(generated).date()


def storable(value: Any) -> Any:
    """JSON as a JSON column stores it: exact decimals become integers where whole, else floats."""
    if isinstance(value, dict):
        return {key: storable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [storable(item) for item in value]
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value
