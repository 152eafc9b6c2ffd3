"""Validating OCDS output offline against the official 1.1.5 schemas and codelists in tests/data/ocds."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from jsonschema import Draft4Validator, FormatChecker
from referencing import Registry, Resource

DATA = Path(__file__).parents[1] / "data" / "ocds"
SCHEMA_URL = "https://standard.open-contracting.org/schema/1__1__5/"

# jsonschema checks date-time and uri only with optional packages; these checks need none.
FORMATS = FormatChecker(formats=())


@FORMATS.checks("date-time", raises=ValueError)
def _date_time(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if "T" not in value or not (value.endswith("Z") or value[-6] in "+-"):
        raise ValueError(f"{value!r} is not an RFC 3339 date-time")
    datetime.fromisoformat(value.replace("Z", "+00:00"))
    return True


@FORMATS.checks("uri")
def _uri(value: object) -> bool:
    return not isinstance(value, str) or bool(urlsplit(value).scheme)


@cache
def package_validator() -> Draft4Validator:
    """A validator for release packages, resolving the schemas' canonical URLs to the local copies."""
    names = ["release-package-schema.json", "release-schema.json"]
    schemas = {name: json.loads((DATA / name).read_text(encoding="utf-8")) for name in names}
    registry: Registry[Any] = Registry().with_resources(
        (SCHEMA_URL + name, Resource.from_contents(schema)) for name, schema in schemas.items()
    )
    return Draft4Validator(schemas["release-package-schema.json"], registry=registry, format_checker=FORMATS)


def schema_errors(package: dict[str, Any]) -> list[str]:
    """Every way the package breaks the release package schema, as "<JSON path>: <message>"."""
    return [f"{error.json_path}: {error.message}" for error in package_validator().iter_errors(package)]


def codelist(name: str) -> set[str]:
    with (DATA / "codelists" / f"{name}.csv").open(encoding="utf-8", newline="") as file:
        return {row["Code"] for row in csv.DictReader(file)}


# Where each codelist's codes are used in a release: paths of keys, "[]" for every item of an array.
CODELIST_FIELDS: dict[str, list[tuple[str, ...]]] = {
    "releaseTag": [("tag", "[]")],
    "initiationType": [("initiationType",)],
    "partyRole": [("parties", "[]", "roles", "[]")],
    "awardStatus": [("awards", "[]", "status")],
    "contractStatus": [("contracts", "[]", "status")],
    "tenderStatus": [("tender", "status")],
    "milestoneType": [("planning", "milestones", "[]", "type")],
    "relatedProcess": [("relatedProcesses", "[]", "relationship", "[]")],
    "relatedProcessScheme": [("relatedProcesses", "[]", "scheme")],
    "currency": [
        ("contracts", "[]", "value", "currency"),
        ("tender", "value", "currency"),
        ("planning", "budget", "amount", "currency"),
    ],
}


def codes_used(release: dict[str, Any], path: tuple[str, ...]) -> Iterator[str]:
    """The values at a path in a release (every item where the path says "[]")."""
    values: list[Any] = [release]
    for step in path:
        if step == "[]":
            values = [item for value in values if isinstance(value, list) for item in value]
        else:
            values = [value[step] for value in values if isinstance(value, dict) and step in value]
    yield from (str(value) for value in values)
