"""What `contract.extra["ocds"]` keeps of an imported release: the publisher's ids and the unmapped fields.

    {"ocds": {"ids": {"ocid": ..., "tender": ..., "award": ..., "contract": ..., "supplier": ...},
              "unmapped": {...the release's fields the register does not map...}}}

Other keys of `extra` belong to other formats (a Transparency Code CSV's unmapped columns) and are left alone.
"""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from db.ocds.merging import storable
from db.ocds.views import OcdsIds

__all__ = ["KEY", "join_extra", "split_extra"]

KEY = "ocds"


def split_extra(extra: dict[str, Any] | None) -> tuple[OcdsIds, dict[str, Any] | None, dict[str, Any] | None]:
    """The kept ids, the kept unmapped fields, and the rest of `extra`."""
    if not extra:
        return OcdsIds(), None, None
    rest = {key: value for key, value in extra.items() if key != KEY} or None
    kept = extra.get(KEY)
    if not isinstance(kept, dict):
        return OcdsIds(), None, rest
    stored = kept.get("ids")
    ids: dict[str, Any] = stored if isinstance(stored, dict) else {}
    known = {name: str(ids[name]) for name in asdict(OcdsIds()) if ids.get(name) is not None}
    unmapped = kept.get("unmapped") if isinstance(kept.get("unmapped"), dict) else None
    return OcdsIds(**known), unmapped, rest


def join_extra(ids: OcdsIds, unmapped: dict[str, Any] | None, rest: dict[str, Any] | None) -> dict[str, Any] | None:
    """`extra` holding the kept ids and fields beside the rest; None when there is nothing to keep."""
    extra = dict(rest or {})
    kept: dict[str, Any] = {}
    stated = {name: value for name, value in asdict(ids).items() if value is not None}
    if stated:
        kept["ids"] = stated
    if unmapped:
        kept["unmapped"] = storable(unmapped)
    if kept:
        extra[KEY] = kept
    return extra or None
