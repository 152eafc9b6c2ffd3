"""Who publishes, and the identifiers the register mints: ocids, party ids and company numbers.

An ocid is the OCID prefix the council registered with the OCDS Data Support Team followed by an id that
never changes for the contracting process: a contract's reference, or an activity's directorate and name.
Database ids are never used, so the same register always publishes the same ocids.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from urllib.parse import quote

__all__ = [
    "COMPANIES_HOUSE",
    "DEFAULT_OCID_PREFIX",
    "KENT_COUNTY_COUNCIL",
    "Council",
    "OcidPrefixError",
    "activity_ocid",
    "check_ocid_prefix",
    "company_number",
    "contract_ocid",
    "provider_party_id",
]

# Unregistered; a council publishing for real sets OCID_PREFIX to the prefix it was given.
DEFAULT_OCID_PREFIX = "ocds-kccreg"
_OCID_PREFIX = re.compile(r"^ocds-[a-z0-9]{6}$")
COMPANIES_HOUSE = "GB-COH"
CHARITY_COMMISSION = "GB-CHC"


@dataclass(frozen=True)
class Council:
    """The buyer in every release the register publishes, with its org-id.guide identifier."""

    name: str = "Kent County Council"
    scheme: str = "GB-LAE"
    identifier: str = "KEN"

    @property
    def party_id(self) -> str:
        return f"{self.scheme}-{self.identifier}"


# The council whose papers seed the register: GB-LAE is org-id.guide's list of English local authorities.
KENT_COUNTY_COUNCIL = Council()


class OcidPrefixError(ValueError):
    """An OCID prefix that is not of the form the OCDS Data Support Team assigns."""


def check_ocid_prefix(prefix: str) -> str:
    """The prefix, if it has the assigned form: "ocds-" and six lower-case letters or digits."""
    if not _OCID_PREFIX.match(prefix):
        raise OcidPrefixError(f'must be "ocds-" and six lower-case letters or digits (as assigned), not {prefix!r}')
    return prefix


def contract_ocid(prefix: str, reference: str) -> str:
    """The ocid of a contract's process, from its reference (percent-encoded, so distinct references stay distinct)."""
    return f"{prefix}-contract-{quote(reference, safe='')}"


def activity_ocid(prefix: str, directorate_code: str, name: str) -> str:
    """The ocid of a commissioning activity's process, from its natural key (directorate and name).

    A readable slug of the name, cut to 60 characters, plus a digest of the exact name, so that two names
    with the same slug still get different ocids and a name's ocid never depends on the others.
    """
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:60].rstrip("-")
    digest = hashlib.sha256(name.encode()).hexdigest()[:8]
    return f"{prefix}-activity-{quote(directorate_code, safe='')}-{slug}-{digest}"


_SPREADSHEET_NUMBER = re.compile(r"^(\d{1,8})(?:\.0+)?$")


def company_number(text: str) -> str | None:
    """A Companies House number as the register keeps it, or None for a blank.

    Numbers that went through a spreadsheet lose their leading zeros and gain ".0" ("9506232.0"); they are
    given back their eight digits ("09506232"). Prefixed numbers ("SC123456") are kept, upper-cased.
    """
    cleaned = text.strip().upper()
    if not cleaned:
        return None
    match = _SPREADSHEET_NUMBER.match(cleaned)
    return match.group(1).zfill(8) if match else cleaned


def provider_party_id(name: str, number: str | None) -> str:
    """The id of a provider's entry in a release's parties: its org-id where known, else from its name."""
    if number is not None:
        return f"{COMPANIES_HOUSE}-{number}"
    return "provider-" + hashlib.sha256(name.encode()).hexdigest()[:12]
