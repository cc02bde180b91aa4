"""How numbers are written back to people."""

from __future__ import annotations


def number(value: float) -> str:
    """10000 -> '10,000'; 2.5 -> '2.5'; 1500000 -> '1,500,000'."""
    if value == int(value):
        return f"{int(value):,}"
    return f"{value:,.2f}".rstrip("0").rstrip(".")


CURRENCY_SIGNS = {
    "USD": "$",
    "EUR": "€",
    "GBP": "£",
    "JPY": "¥",
    "RUB": "₽",
    "UAH": "₴",
    "KRW": "₩",
}


def amount(value: float, unit: str) -> str:
    """A value with its unit: '15%', '$2,000', '2,000 CAD', '10,000'."""
    if unit in ("%", "percent"):
        return f"{number(value)}%"
    if unit in CURRENCY_SIGNS:
        return f"{CURRENCY_SIGNS[unit]}{number(value)}"
    return f"{number(value)} {unit}" if unit else number(value)
