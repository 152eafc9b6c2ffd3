"""The words a Transparency Code CSV uses for the register's values, read and written.

Councils answer the Code's yes/no items in many words ("Y", "Yes", "TRUE"; "Quotes (3)", "Open tender",
"Call-off from framework"). Each reader here takes a cell's stripped text, returns the register's value or
None for a blank, and raises VocabularyError naming the accepted words when it cannot tell.

A file repeats the same few thousand texts (words, dates, amounts) across its rows, so each reader remembers
its readings of the texts it has seen (`remembered`): they are immutable, and a text is read once per import
rather than once per row. The bound keeps a file of all-different texts from holding every reading.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from db.models import ContractStatus, ProcurementRoute, ProviderKind
from db.money import Basis

__all__ = [
    "BASIS_LABELS",
    "ROUTE_LABELS",
    "VocabularyError",
    "remembered",
    "format_day",
    "format_flag",
    "format_pounds",
    "parse_basis",
    "parse_flag",
    "parse_kind",
    "parse_route",
    "parse_sme_vcse",
    "parse_status",
    "parse_term",
    "parse_vat",
]


class VocabularyError(ValueError):
    """A cell whose words do not read as any value its column accepts."""


_BLANKS = frozenset({"", "n/a", "na", "-", "tbc", "unknown", "not known"})
_YES = frozenset({"yes", "y", "true", "1"})
_NO = frozenset({"no", "n", "false", "0"})

BASIS_LABELS = {
    Basis.TOTAL: "Sum over the length of the contract",
    Basis.ANNUAL: "Estimated annual spend",
    Basis.QUARTERLY: "Quarterly spend",
}
_BASIS_WORDS = (
    (Basis.QUARTERLY, ("quarter", "quarterly")),
    (Basis.ANNUAL, ("annual", "annually", "per annum", "p/a", "p.a.", "pa", "yearly", "per year", "a year")),
    (Basis.TOTAL, ("total", "whole life", "whole-life", "length of the contract", "lifetime", "contract value")),
)

ROUTE_LABELS = {
    ProcurementRoute.QUOTE: "Quote",
    ProcurementRoute.TENDER: "Tender",
    ProcurementRoute.FRAMEWORK: "Framework",
    ProcurementRoute.DIRECT_AWARD: "Direct award",
    ProcurementRoute.OTHER: "Other",
}
# Tried in order: a mini-competition under a framework is a framework call-off, and a "competitive
# quotation" is a quote, whatever other words the cell holds.
_ROUTE_WORDS = (
    (ProcurementRoute.FRAMEWORK, ("framework", "call off", "call-off", "mini competition", "mini-competition")),
    (ProcurementRoute.QUOTE, ("quot", "rfq", "itq")),
    (ProcurementRoute.DIRECT_AWARD, ("direct", "waiver", "single source", "single tender", "exemption")),
    (ProcurementRoute.TENDER, ("tender", "itt", "open", "restricted", "competitive", "negotiated")),
    (ProcurementRoute.OTHER, ("other",)),
)

_STATUS_WORDS = {
    "live": ContractStatus.ACTIVE,
    "current": ContractStatus.ACTIVE,
    "active": ContractStatus.ACTIVE,
    "planned": ContractStatus.PLANNED,
    "expired": ContractStatus.EXPIRED,
    "ended": ContractStatus.EXPIRED,
    "terminated": ContractStatus.TERMINATED,
}
_KIND_WORDS = {"supplier": ProviderKind.SUPPLIER, "traded company": ProviderKind.TRADED_COMPANY}
_TERM_RE = re.compile(r"^(\d+)(?: ?(months?|mths?|years?|yrs?))?$")
_VAT_NONE = frozenset({"none", "nil", "no", "zero"})

remembered = lru_cache(maxsize=16_384)


def _key(text: str) -> str:
    return " ".join(text.replace("_", " ").split()).casefold()


def _says(key: str, words: tuple[str, ...], *, prefix: bool) -> bool:
    """Whether the cell holds one of the words, as a whole word or (``prefix``) the start of one."""
    end = "" if prefix else r"(?!\w)"
    return any(re.search(rf"(?<!\w){re.escape(word)}{end}", key) for word in words)


def _blank(text: str) -> bool:
    return _key(text) in _BLANKS


@remembered
def parse_flag(text: str) -> bool | None:
    """Yes or no ("Yes", "Y", "TRUE", "No", "N"), or None when the cell is blank or says it is not known."""
    if _blank(text):
        return None
    key = _key(text)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise VocabularyError(f'"{text}" is not yes or no (Yes, Y, No, N, or blank)')


def format_flag(value: bool | None) -> str:
    return "" if value is None else "Yes" if value else "No"


@remembered
def parse_sme_vcse(text: str) -> tuple[bool | None, bool | None]:
    """One column for both statuses ("SME", "VCSE", "SME and VCSE", "Neither"): (sme, vcse)."""
    if _blank(text):
        return None, None
    key = _key(text).replace("&", "and").replace("/", " and ")
    if key in ("neither", "none", "no", "large", "large enterprise", "non-sme", "not sme"):
        return False, False
    if key in ("both", "sme and vcse", "vcse and sme"):
        return True, True
    if key in ("sme", "yes - sme", "small or medium enterprise"):
        return True, None
    if key in ("vcse", "vcs", "yes - vcse", "charity", "voluntary"):
        return None, True
    raise VocabularyError(f'"{text}" is not SME, VCSE, SME and VCSE, or Neither')


@remembered
def parse_basis(text: str) -> Basis | None:
    """What period a value covers: the length of the contract, a year, or a quarter."""
    if _blank(text):
        return None
    key = _key(text)
    for basis, words in _BASIS_WORDS:
        if _says(key, words, prefix=False):
            return basis
    raise VocabularyError(f'"{text}" is not a value basis ({", ".join(BASIS_LABELS.values())})')


@remembered
def parse_route(text: str) -> ProcurementRoute | None:
    """Whether the contract followed an invitation to quote or to tender, a framework, or a direct award."""
    if _blank(text):
        return None
    key = _key(text)
    for route, words in _ROUTE_WORDS:
        if _says(key, words, prefix=True):
            return route
    labels = ", ".join(ROUTE_LABELS.values())
    raise VocabularyError(f'"{text}" is not a procurement route the register knows ({labels})')


@remembered
def parse_status(text: str) -> ContractStatus | None:
    if _blank(text):
        return None
    status = _STATUS_WORDS.get(_key(text))
    if status is None:
        raise VocabularyError(f'"{text}" is not a contract status ({", ".join(s.value for s in ContractStatus)})')
    return status


@remembered
def parse_kind(text: str) -> ProviderKind | None:
    if _blank(text):
        return None
    kind = _KIND_WORDS.get(_key(text))
    if kind is None:
        raise VocabularyError(f'"{text}" is not a supplier kind ({", ".join(k.value for k in ProviderKind)})')
    return kind


@remembered
def parse_term(text: str) -> int | None:
    """A contract term in months: "36", "36 months", "3 years"."""
    if _blank(text):
        return None
    match = _TERM_RE.match(_key(text))
    if match is None:
        raise VocabularyError(f'"{text}" is not a term such as 36, 36 months or 3 years')
    unit = match.group(2) or "month"
    return int(match.group(1)) * (12 if unit.startswith("y") else 1)


@remembered
def parse_vat(text: str) -> str | None:
    """The VAT cell as money text for `parse_money`, with "None" or "Nil" read as nothing irrecoverable."""
    if _blank(text):
        return None
    return "0" if _key(text) in _VAT_NONE else text


def format_pounds(pence: int | None) -> str:
    """Pence as exact pounds and pence ("36300000.00"), blank for an unknown amount."""
    if pence is None:
        return ""
    return f"{pence // 100}.{pence % 100:02d}"


def format_day(day: date | None) -> str:
    """A day as the Code's publications write it, DD/MM/YYYY."""
    return "" if day is None else day.strftime("%d/%m/%Y")
