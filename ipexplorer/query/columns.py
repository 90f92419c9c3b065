"""Column descriptions shared by queries, the table model and the exporters."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum

from ipexplorer.query.names import name_text


class Kind(str, Enum):
    """How a column's values behave: text filters by value list, numbers by range."""

    TEXT = "text"
    INT = "int"
    FLOAT = "float"
    PERCENT = "percent"  # a fraction: 0.25 shows as 25.0 %
    CODE = "code"        # an integer that names or orders rather than counts (year, table, report line, rank):
    #                      no separators, never added

    @property
    def numeric(self) -> bool:
        return self is not Kind.TEXT


class Role(str, Enum):
    NAME = "name"          # the row's region name (zh / en / pinyin)
    DIMENSION = "dimension"
    VALUE = "value"        # a number printed in the report
    DERIVED = "derived"    # computed from the report's numbers
    PROVENANCE = "provenance"


@dataclass(frozen=True)
class Column:
    """One column of a dataset: its SQL alias, titles, kind and how it sorts.

    `sort_sql` sorts Chinese names in pinyin order (the toned pinyin key) instead of by
    code point; `group_zh`/`group_en` give the first row of a two-level header. `empty` is what a
    missing value reads as ("—" in a profile), `signed` marks a change (+12.3 %, coloured up or down),
    `align_right` right-aligns a text column that reads as a number (a rank "1 / 31"). `line_key` and
    `edition_key` name the row's columns holding this column's own report line and edition (a year only an
    older edition prints: its line is that edition's); empty: the row's line, of the row's (or the latest) edition.
    `absent_in` is that edition: an empty cell it did not print reads empty (not a printed nil's "—").
    """

    key: str
    title_zh: str
    title_en: str
    kind: Kind = Kind.TEXT
    role: Role = Role.DIMENSION
    sort_sql: str | None = None
    group_zh: str = ""
    group_en: str = ""
    year: int | None = None
    ip_type: str | None = None
    measure: str | None = None
    hidden: bool = False
    empty: str = ""
    signed: bool = False
    align_right: bool = False
    line_key: str = ""
    edition_key: str = ""
    absent_in: int | None = None   # a year only older editions print: a row that edition leaves out reads empty
    # it holds Latin text alone (English names, pinyin): a quick text with a Chinese character is not tried on it (at
    # a million rows, LIKE of a Chinese word over such columns took two thirds of a quick filter's time)
    latin: bool = False

    def title(self, language: str = "zh") -> str:
        return name_text(self.title_zh, self.title_en, language)

    def group(self, language: str = "zh") -> str:
        return name_text(self.group_zh, self.group_en, language)


# Integers that name rather than count (a year, a table number, a report line, an id, a rank, an edition): the one rule
# for telling a code from a count, for the datasets' declared columns and for any query's result alike.
CODE_NAME = re.compile(r"(^|_)(year|line|no|id|rank|edition)$|^rank_", re.I)   # rank_in_kind, rank_<measure>


def column_kind(name: str, values: Sequence) -> Kind:
    """The kind of a column known only by its name and values (a console query's result, `export --sql`).

    Numbers are numbers (INT when every value is an integer, FLOAT when every one is a number); an integer
    column named like a code (`year`, `table_no`, `source_line`, `…_id`) is a CODE: 2019, not 2,019.
    """
    present = [v for v in values if v is not None]
    if not present or any(isinstance(v, bool) for v in present):
        return Kind.TEXT
    if all(isinstance(v, int) for v in present):
        return Kind.CODE if CODE_NAME.search(name) else Kind.INT
    if all(isinstance(v, (int, float)) for v in present):
        return Kind.FLOAT
    return Kind.TEXT
