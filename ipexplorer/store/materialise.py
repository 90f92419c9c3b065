"""The explorer's views as tables, written at build in the build's transaction.

At a million observations a sort of the long view's join, or a wide table's pivot recomputed per
page, takes a second; read from these copies (with the indexes their sorts and charts walk) a page
takes milliseconds. The copies hold exactly what `query.datasets` selects from the source tables; a profile's ranks are
computed once here (query.profiles.RANK_SOURCE).
"""

from __future__ import annotations

import sqlite3

from ipexplorer.query.datasets import (
    KINDS_SOURCE,
    KINDS_TABLE,
    LONG_INDEXES,
    LONG_TABLE,
    STACKED_REGIONS,
    STACKED_REGIONS_SOURCE,
    STACKED_SOURCE,
    STACKED_TABLE,
    long_stages,
    wide_dataset,
    wide_table,
)
from ipexplorer.query.profiles import RANK_SOURCE, RANK_TABLE
from ipexplorer.query.quick import LATIN_COLUMNS, LATIN_TABLE, latin_rows


def _copy(conn: sqlite3.Connection, name: str, select: str, params: tuple = ()) -> None:
    """`name` as a table of `select`'s rows (`params` bound to its ? marks), its `_rid` the rowid (no separate key
    index)."""
    names = [d[0] for d in conn.execute(f"SELECT * FROM ({select}) LIMIT 0", params).description]
    columns = ", ".join(f"{n} INTEGER PRIMARY KEY" if n == "_rid" else n for n in names)
    conn.execute(f"CREATE TABLE {name} ({columns})")
    conn.execute(f"INSERT INTO {name} SELECT * FROM ({select})", params)


def materialise_views(conn: sqlite3.Connection) -> None:
    """Write the long view (with the regions per kind its charts count and their stacked totals), every table's wide
    pivot, the ranks a region profile shows and the regions' seek keys the quick filter reads."""
    first, rows = long_stages(conn)
    for name, columns, select in first:   # temporary tables, read by the copy's SELECT
        if columns:
            conn.execute(f"CREATE TEMP TABLE {name} ({columns})")
            conn.execute(f"INSERT INTO temp.{name} {select}")
        else:
            conn.execute(f"CREATE TEMP TABLE {name} AS {select}")
    _copy(conn, LONG_TABLE, rows)
    for name, _columns, _select in first:
        conn.execute(f"DROP TABLE temp.{name}")
    for index, columns in LONG_INDEXES:
        conn.execute(f"CREATE INDEX {index} ON {LONG_TABLE}({columns})")
    conn.execute(f"CREATE TABLE {KINDS_TABLE} (table_no INTEGER, measure TEXT, ip_type TEXT, year INTEGER, "
                 "region_kind TEXT, regions INTEGER, rows INTEGER, "
                 "PRIMARY KEY (table_no, measure, ip_type, year, region_kind)) WITHOUT ROWID")
    conn.execute(f"CREATE TEMP TABLE {STACKED_REGIONS} AS {STACKED_REGIONS_SOURCE}")
    conn.execute(f"INSERT INTO {KINDS_TABLE} {KINDS_SOURCE}")
    conn.execute(f"CREATE TABLE {STACKED_TABLE} (table_no INTEGER, measure TEXT, year INTEGER, region_kind TEXT, "
                 "total, first_pos INTEGER, region_zh TEXT, "
                 "PRIMARY KEY (table_no, measure, year, region_kind, total DESC, first_pos, region_zh)) WITHOUT ROWID")
    conn.execute(f"INSERT INTO {STACKED_TABLE} {STACKED_SOURCE}")
    conn.execute(f"DROP TABLE temp.{STACKED_REGIONS}")
    tables = [n for (n,) in conn.execute("SELECT table_no FROM report_table ORDER BY table_no")]
    for table_no in tables:
        dataset = wide_dataset(conn, table_no)
        _copy(conn, wide_table(table_no), dataset.source_sql, dataset.source_params)
        conn.execute(f"CREATE INDEX {wide_table(table_no)}_region ON {wide_table(table_no)}(region_zh)")
    conn.execute(f"CREATE TABLE {RANK_TABLE} (obs_id INTEGER PRIMARY KEY, rank INTEGER, peers INTEGER)")
    conn.execute(f"INSERT INTO {RANK_TABLE} {RANK_SOURCE}")
    conn.execute(f"CREATE TABLE {LATIN_TABLE} {LATIN_COLUMNS}")
    conn.executemany(f"INSERT INTO {LATIN_TABLE} VALUES (?, ?, ?)", latin_rows(conn))
