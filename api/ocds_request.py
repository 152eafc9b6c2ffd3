"""How an OCDS package is asked for, by a request or on the command line: its path, and the date it is published.

Kept apart from the download itself so the command line can name them without loading the web app.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["DOWNLOAD_PATH", "published_date"]

DOWNLOAD_PATH = "/exports/contracts.ocds.json"


def published_date(text: str) -> datetime:
    """A package's published date from a query or the command line: ISO 8601, UTC when no zone is given."""
    moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
