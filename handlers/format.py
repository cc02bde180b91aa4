"""How numbers are written back to people."""

from __future__ import annotations


def number(value: float) -> str:
    """10000 -> '10,000'; 2.5 -> '2.5'; 1500000 -> '1,500,000'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")
