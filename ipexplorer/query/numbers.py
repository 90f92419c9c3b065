"""The one number formatter: how a value reads in a cell, a chart label, a profile or a status bar.

Counts carry thousands separators, shares read as per cent with one decimal, codes (years, table numbers,
report lines) are written plainly, and a scale (万, 亿) divides before formatting. Qt-free, so the grid, the
plots, the profiles and any text output format alike.
"""

from __future__ import annotations

import math

from ipexplorer.query.columns import Kind

MISSING = "—"


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def format_value(value, kind: Kind = Kind.INT, *, empty: str = "", signed: bool = False) -> str:
    """A cell's text: 1,234,567; 25.0 % for a share of 0.25; 2020 for a year; text unchanged.

    `signed`: a change, written with its sign (+12.3 %, +1,234).
    """
    if _missing(value):
        return empty
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        return str(value)
    if signed and value > 0:
        return "+" + format_value(value, kind)
    if kind is Kind.PERCENT:
        return f"{value * 100:,.1f} %"
    if kind is Kind.CODE:
        return f"{value:.0f}"
    if kind is Kind.INT:
        return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"
    if kind is Kind.FLOAT:
        return f"{value:,.2f}"
    return str(value)


def format_number(value, scale: float = 1, percent: bool = False, decimals: int | None = None,
                  empty: str = MISSING) -> str:
    """A chart's label: thousands separators, 万/亿 scaling (fewer decimals the larger the number), per cent."""
    if _missing(value):
        return empty
    if percent:
        return f"{value * 100:,.{1 if decimals is None else decimals}f} %"
    v = value / scale
    if decimals is None:
        decimals = 0 if scale == 1 or abs(v) >= 100 else 1 if abs(v) >= 10 else 2
    return f"{v:,.{decimals}f}"


def format_change(percent_points) -> str:
    """A change already in per cent (12.3 for +12.3 %), signed."""
    return MISSING if _missing(percent_points) else f"{percent_points:+.1f} %"


def format_exact(value, *, signed: bool = False, digits: int = 4) -> str:
    """A number as a note quotes it: whole numbers in full with separators (1,345,000), others to `digits`
    significant digits (0.05, 2.97); `signed` puts + before a positive number. For the build's check notes
    and flags, where a chart's scaling or a cell's fixed decimals would hide the precision compared."""
    if _missing(value):
        return MISSING
    sign = "+" if signed else ""
    if float(value).is_integer():
        return f"{int(value):{sign},}"
    return f"{value:{sign},.{digits}g}"
