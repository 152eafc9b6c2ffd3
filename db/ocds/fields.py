"""Reading a release's fields with their JSON paths, so that every problem names where it is.

A `Node` is a value in a release and its path (`$.releases[3].contracts[0].value.amount`). Its readers
return a typed value, or None when the field is absent, null, or wrong; a wrong field also adds a
`RowProblem` with its path and why, so one pass over a release finds every problem in it.
"""

from __future__ import annotations

import enum
import html
import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any, TypeVar

from db.exchange import RowProblem

__all__ = ["Node", "field_path"]

E = TypeVar("E", bound=enum.StrEnum)

_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# OCDS asks for RFC 3339 date-times; real publishers also send a bare date or leave out the zone.
_DATE_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$")


@dataclass
class Node:
    """A JSON value in a release, where it is, and the list its problems go to."""

    value: Any
    path: str
    problems: list[RowProblem]

    def fail(self, reason: str) -> None:
        self.problems.append(RowProblem(reason=reason, path=self.path))

    def child(self, key: str) -> Node:
        value = self.value.get(key) if isinstance(self.value, dict) else None
        return Node(value, field_path(self.path, key), self.problems)

    def at(self, key: str) -> Node | None:
        """The field as an object, or None when absent or null (a non-object is a problem)."""
        node = self.child(key)
        if node.value is None:
            return None
        if not isinstance(node.value, dict):
            node.fail(f"must be an object, not {_kind(node.value)}")
            return None
        return node

    def items(self, key: str) -> list[Node]:
        """The objects of an array field; absent or null is empty, anything but objects is a problem."""
        node = self.child(key)
        if node.value is None:
            return []
        if not isinstance(node.value, list):
            node.fail(f"must be an array, not {_kind(node.value)}")
            return []
        found = []
        for index, value in enumerate(node.value):
            item = Node(value, f"{node.path}[{index}]", self.problems)
            # A null in an array is dropped, with a warning, as the import reads the release (db.ocds.repair).
            if value is None:
                continue
            if isinstance(value, dict):
                found.append(item)
            else:
                item.fail(f"must be an object, not {_kind(value)}")
        return found

    def text(self, key: str) -> str | None:
        """A string field exactly as given, or None when absent, null or empty; ids may be numbers."""
        node = self.child(key)
        value = node.value
        if value is None:
            return None
        if isinstance(value, int | Decimal) and not isinstance(value, bool):
            return str(value)
        if not isinstance(value, str):
            node.fail(f"must be a string, not {_kind(value)}")
            return None
        return value or None

    def label(self, key: str) -> str | None:
        """A publisher's text as written: HTML entities unescaped ("&#039;", "&amp;", as Contracts Finder sends
        them) and the spaces publishers pad titles with trimmed; None when blank."""
        text = self.text(key)
        return None if text is None else html.unescape(text).strip() or None

    def flag(self, key: str) -> bool | None:
        node = self.child(key)
        if node.value is None or isinstance(node.value, bool):
            return node.value
        node.fail(f"must be true or false, not {_kind(node.value)}")
        return None

    def member(self, key: str, choices: type[E]) -> E | None:
        """A field holding one of an enumeration's values (the register's own codes, or an OCDS codelist's)."""
        text = self.text(key)
        if text is None:
            return None
        try:
            return choices(text)
        except ValueError:
            allowed = ", ".join(choice.value for choice in choices)
            self.child(key).fail(f"{text!r} is not one of {allowed}")
            return None

    def whole(self, key: str) -> int | None:
        node = self.child(key)
        value = node.value
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            node.fail(f"must be a whole number of at least 0, not {value!r}")
            return None
        return value

    def day(self, key: str) -> date | None:
        """The day of an OCDS date-time ("2014-12-17T16:44:57Z"), as the publisher wrote it (its own time zone)."""
        node = self.child(key)
        text = node.text_value()
        if text is None:
            return None
        text = text.strip()
        if not _DATE_TIME.match(text):
            node.fail(f"{text!r} is not a date-time such as 2020-05-31T23:59:59Z")
            return None
        try:
            return datetime.fromisoformat(text).date()
        except ValueError:
            node.fail(f"{text!r} is not a date that exists")
            return None

    def iso_day(self, key: str) -> date | None:
        """A plain ISO date ("2020-05-31"), as the register writes its intervals."""
        node = self.child(key)
        text = node.text_value()
        if text is None:
            return None
        try:
            return date.fromisoformat(text)
        except ValueError:
            node.fail(f"{text!r} is not a date such as 2020-05-31")
            return None

    def number(self) -> Decimal | None:
        """This node as an exact non-negative amount (JSON numbers arrive as int or Decimal, never float)."""
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int | Decimal | float):
            self.fail(f"must be a number, not {_kind(value)}")
            return None
        amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
        if not amount.is_finite() or amount < 0:
            self.fail(f"must be an amount of at least 0, not {value}")
            return None
        return amount

    def text_value(self) -> str | None:
        if self.value is None:
            return None
        if not isinstance(self.value, str):
            self.fail(f"must be a string, not {_kind(self.value)}")
            return None
        return self.value or None


def field_path(path: str, key: str) -> str:
    """The JSON path of a field of the object at ``path``: `$.tender.items`, or `$.tender['odd key']`."""
    return path + (f".{key}" if _NAME.match(key) else f"[{key!r}]")


def _kind(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return f"the string {value!r}"
    return f"the number {value}"
