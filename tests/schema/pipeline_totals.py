"""The pipeline's rule for its totals, checked the same way on the seeded register and on a generated one."""

from __future__ import annotations

from decimal import Decimal
from typing import Any


def pence(pounds: str) -> int:
    return int(Decimal(pounds) * 100)


def assert_quarters_add_up(result: dict[str, Any], due: str, spanning: str, whole: str) -> None:
    """The quarters' due totals and the window's spanning total make the window's total, on every basis."""
    for position, window_total in enumerate(result[whole]):
        parts = [quarter[due][position] for quarter in result["quarters"]] + [result[spanning][position]]
        assert all(part["basis"] == window_total["basis"] for part in parts)
        assert sum(pence(part["amount"]) for part in parts) == pence(window_total["amount"]), window_total
        assert sum(part["counted"] for part in parts) == window_total["counted"], window_total
        assert sum(part["unknown"] for part in parts) == window_total["unknown"], window_total
