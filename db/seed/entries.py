"""The seed files' records, and how the text they hold as printed reads as register values.

A seed file keeps values and dates as the papers print them ("£1.1m (p/a)", "Q3 2017/18", "10 year").
They are read here, at the boundary, and any that does not read is an error naming the file and record.
"""

from __future__ import annotations

import enum
import re
import tomllib
from collections.abc import Mapping
from datetime import date
from importlib import resources
from typing import TypeVar

from db.intervals import DateInterval, FinancialYear, Precision, parse_interval
from db.models import ServiceDelivery
from db.money import Money, parse_money

__all__ = ["SEED_FILES", "Entry", "SeedDataError", "read_seed_file"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.StrEnum)

# The transcriptions of the papers, in the order they are loaded.
SEED_FILES = ("scs_2017_18.toml", "get_2017_18.toml", "annual_plans_2012_13.toml")

# Section I's printed words for how a service is delivered, as the register records it.
DELIVERY = {
    "Internal": ServiceDelivery.INTERNAL,
    "External": ServiceDelivery.EXTERNAL,
    "Part Internal, part commissioned": ServiceDelivery.PART_COMMISSIONED,
    "Various": ServiceDelivery.VARIOUS,
    # Delivered by the provider's own staff; the specialist advice supports it and is not the service.
    "Internal supported with specialist advice as necessary": ServiceDelivery.INTERNAL,
}
# Section J's "Public consultation required" column; "N/A" says nothing either way.
CONSULTATION: dict[str, bool | None] = {"Yes": True, "No": False, "N/A": None}

_TERM_RE = re.compile(r"^(\d+)[ -](year|month)s?$")
_WINDOW_RE = re.compile(r"^(\d{4})\s*[-\u2013]\s*(\d{4})$")
_LABEL_KEYS = ("name", "reference", "title", "code", "section")


class SeedDataError(ValueError):
    """A record of a seed file that cannot be read; the message names the file and the record."""


class Entry:
    """A table of a seed file (the file itself, or one record in it), read with where it is for errors."""

    def __init__(self, data: Mapping[str, object], where: str) -> None:
        self.data = data
        self.where = where

    def error(self, message: str) -> SeedDataError:
        return SeedDataError(f"{self.where}: {message}")

    def optional(self, key: str) -> str | None:
        value = self.data.get(key)
        if value is None or isinstance(value, str):
            return value
        raise self.error(f"{key} must be text, not {value!r}")

    def text(self, key: str) -> str:
        value = self.optional(key)
        if value is None:
            raise self.error(f"{key} is missing")
        return value

    def flag(self, key: str) -> bool:
        value = self.data.get(key, False)
        if isinstance(value, bool):
            return value
        raise self.error(f"{key} must be true or false, not {value!r}")

    def texts(self, key: str) -> list[str]:
        value = self.data.get(key, [])
        if isinstance(value, list) and all(isinstance(item, str) for item in value):
            return [str(item) for item in value]
        raise self.error(f"{key} must be a list of text")

    def entries(self, key: str) -> list[Entry]:
        """The records of an array of tables, each labelled by its name (or title, code...) for errors."""
        value = self.data.get(key, [])
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self.error(f"{key} must be an array of tables")
        return [Entry(item, f"{self.where}, {key} {_label(item, n)}") for n, item in enumerate(value, 1)]

    def interval(self, key: str, plan_year: FinancialYear | None = None) -> DateInterval | None:
        """An imprecise date as printed; "By 2020" reads from the start of ``plan_year``."""
        try:
            return parse_interval(self.optional(key), plan_year=plan_year)
        except ValueError as error:
            raise self.error(f"{key}: {error}") from error

    def day(self, key: str) -> date | None:
        interval = self.interval(key)
        if interval is None:
            return None
        if interval.precision is not Precision.DAY:
            raise self.error(f"{key} {interval.text!r} is not a single day")
        return interval.earliest

    def money(self, key: str) -> Money | None:
        try:
            return parse_money(self.optional(key))
        except ValueError as error:
            raise self.error(f"{key}: {error}") from error

    def term_months(self, key: str) -> int | None:
        """A contract term as printed ("10 year", "18 months") in months, or None when none is printed."""
        text = self.optional(key)
        if text is None:
            return None
        match = _TERM_RE.match(" ".join(text.split()).lower())
        if match is None:
            raise self.error(f"{key} {text!r} is not a term such as '10 year' or '18 months'")
        return int(match.group(1)) * (12 if match.group(2) == "year" else 1)

    def consultation(self, key: str) -> bool | None:
        return self._choice(key, CONSULTATION)

    def delivery(self, key: str) -> ServiceDelivery:
        return self._choice(key, DELIVERY)

    def financial_year(self, key: str) -> FinancialYear:
        try:
            return FinancialYear.parse(self.text(key))
        except ValueError as error:
            raise self.error(f"{key}: {error}") from error

    def window(self, key: str) -> tuple[int, int] | None:
        """A rolling window as printed ("2017-2020") as its first and last financial years (2017, 2019)."""
        text = self.optional(key)
        if text is None:
            return None
        match = _WINDOW_RE.match(text.strip())
        if match is None or int(match.group(2)) <= int(match.group(1)):
            raise self.error(f"{key} {text!r} is not a window of years such as '2017-2020'")
        return int(match.group(1)), int(match.group(2)) - 1

    def member(self, key: str, choices: type[E]) -> E:
        """A register value written as the enumeration's value ("FINAL_DRAFT", "ACTIVE")."""
        text = self.text(key)
        try:
            return choices(text)
        except ValueError as error:
            raise self.error(f"{key} {text!r} is not one of {', '.join(c.value for c in choices)}") from error

    def _choice(self, key: str, choices: Mapping[str, T]) -> T:
        text = self.text(key)
        if text not in choices:
            raise self.error(f"{key} {text!r} is not one of {', '.join(map(repr, choices))}")
        return choices[text]


def _label(item: Mapping[str, object], position: int) -> str:
    for key in _LABEL_KEYS:
        if isinstance(item.get(key), str):
            return f"{item[key]!r}"
    return f"#{position}"


def read_seed_file(name: str) -> Entry:
    """A seed file shipped beside this module, as an entry whose errors name the file."""
    try:
        text = resources.files("db.seed").joinpath(name).read_text(encoding="utf-8")
        return Entry(tomllib.loads(text), name)
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SeedDataError(f"{name}: {error}") from error
