"""Amounts of money as the guide writes them in both languages: a dot between thousands, the euro sign without a
space (€1.234)."""
from __future__ import annotations


def thousands(amount: float) -> str:
    """1234 -> "1.234", for a response that writes the € itself."""
    return f"{amount:,}".replace(",", ".")


def euros(amount: float) -> str:
    """1234 -> "€1.234"."""
    return "€" + thousands(amount)
