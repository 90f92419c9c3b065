"""A view state's description in the interface language.

`query/view.py` says what a view shows as (kind, args) parts and never translates; this module turns a part into
words of the interface (filter chips, the console's filter line), so "top 5" reads 前 5 in Chinese.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from ipexplorer.query.view import Part

CONTEXT = "ViewText"
translate = QCoreApplication.translate


def _number(value) -> str:
    return f"{value:,g}"


def _values(values: Sequence) -> str:
    shown = ", ".join(translate("ViewText", "(empty)") if v is None else str(v) for v in values[:3])
    if len(values) > 3:
        shown += " " + translate("ViewText", "+{count} more").format(count=len(values) - 3)
    return shown


def part_text(part: Part) -> str:
    """One part of `ViewState.describe` / `query_parts` in the interface language."""
    kind, args = part
    column = args.get("column", "")
    if kind == "table":
        return translate("ViewText", "Table {table}").format(table=args["table"])
    if kind == "all":
        return translate("ViewText", "All observations")
    if kind == "query":
        return translate("ViewText", "Query: {sql}").format(sql=args["sql"])
    if kind == "text":
        return translate("ViewText", "text contains “{text}”").format(text=args["text"])
    if kind == "values":
        return translate("ViewText", "{column}: {values}").format(column=column, values=_values(args["values"]))
    if kind == "top":
        return translate("ViewText", "{column}: top {count}").format(column=column, count=args["n"])
    if kind == "bottom":
        return translate("ViewText", "{column}: bottom {count}").format(column=column, count=args["n"])
    if kind == "range":
        return translate("ViewText", "{column}: {low} – {high}").format(
            column=column, low=_number(args["low"]), high=_number(args["high"]))
    if kind == "min":
        return translate("ViewText", "{column} ≥ {low}").format(column=column, low=_number(args["low"]))
    if kind == "max":
        return translate("ViewText", "{column} ≤ {high}").format(column=column, high=_number(args["high"]))
    if kind == "sort":
        keys = [(translate("ViewText", "{column} ascending") if k["ascending"] else
                 translate("ViewText", "{column} descending")).format(column=k["column"]) for k in args["keys"]]
        return translate("ViewText", "sorted by {keys}").format(keys=", ".join(keys))
    if kind == "columns":
        return translate("ViewText", "columns of {values}").format(values=_values(args["values"]))
    return f"{kind}: {args}"
