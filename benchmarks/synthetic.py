"""A million-row database for the benchmarks: the real one with its regions multiplied.

Every region that is not a total gets copies (名称·k, "Name k"), each with the original's rows in every
table, so tables, views and derived columns keep their shape at about `rows` observations. The values
are the originals; shares and ranks are copied, not recomputed (the benchmarks time queries, not figures);
the materialised views are written again over the multiplied rows.

    python benchmarks/synthetic.py OUT.sqlite [--rows 1000000]
"""

from __future__ import annotations

import argparse
import math
import shutil
import sqlite3
import sys
import tempfile
from pathlib import Path

TOTAL_KINDS = "('total', 'domestic_total', 'foreign_total')"


def built_database(folder: Path) -> Path:
    """The real database, built from the shipped report into `folder`."""
    from ipexplorer.paths import shipped_report
    from ipexplorer.store.build import build_database

    db = folder / "real.sqlite"
    if not db.exists():
        build_database(shipped_report(), db)
    return db


def multiply(src: Path, dst: Path, rows: int = 1_000_000) -> int:
    """Copy `src` to `dst` with regions multiplied until about `rows` observations; returns the count."""
    shutil.copyfile(src, dst)
    conn = sqlite3.connect(dst)
    conn.execute("PRAGMA journal_mode = OFF")
    conn.execute("PRAGMA synchronous = OFF")
    n = conn.execute("SELECT count(*) FROM observation").fetchone()[0]
    n_total = conn.execute(f"SELECT count(*) FROM observation o JOIN region r USING (region_id) "
                           f"WHERE r.kind IN {TOTAL_KINDS}").fetchone()[0]
    copies = max(0, math.ceil((rows - n) / max(1, n - n_total)))
    max_region = conn.execute("SELECT max(region_id) FROM region").fetchone()[0]
    max_obs = conn.execute("SELECT max(obs_id) FROM observation").fetchone()[0]
    max_row = conn.execute("SELECT max(row_index) FROM table_row").fetchone()[0] + 1
    with conn:
        conn.execute("CREATE TEMP TABLE k(k INTEGER PRIMARY KEY)")
        conn.executemany("INSERT INTO k VALUES (?)", [(i,) for i in range(1, copies + 1)])
        conn.execute(f"""
            INSERT INTO region (region_id, name_zh, name_en, kind, parent_id, iso_alpha2, iso_alpha3, pinyin,
                                pinyin_key, note)
            SELECT r.region_id + k.k * {max_region}, r.name_zh || '·' || k.k, r.name_en || ' ' || k.k, r.kind,
                   r.parent_id, NULL, NULL, r.pinyin || k.k, r.pinyin_key || ' ' || k.k, NULL
            FROM region r, k WHERE r.region_id <= {max_region} AND r.kind NOT IN {TOTAL_KINDS}""")
        conn.execute(f"""
            INSERT INTO table_row (table_no, row_index, region_id, label_zh, source_line)
            SELECT t.table_no, t.row_index + k.k * {max_row}, t.region_id + k.k * {max_region},
                   t.label_zh || '·' || k.k, t.source_line
            FROM table_row t JOIN region r USING (region_id), k WHERE r.kind NOT IN {TOTAL_KINDS}""")
        conn.execute(f"""
            INSERT INTO observation (obs_id, table_no, row_index, col_index, region_id, year, measure, ip_type,
                                     value, source_line)
            SELECT o.obs_id + k.k * {max_obs}, o.table_no, o.row_index + k.k * {max_row}, o.col_index,
                   o.region_id + k.k * {max_region}, o.year, o.measure, o.ip_type, o.value, o.source_line
            FROM observation o JOIN region r USING (region_id), k
            WHERE o.obs_id <= {max_obs} AND r.kind NOT IN {TOTAL_KINDS}""")
        if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'edition_value'").fetchone():
            # the documented `observations` view reads every edition's values: the baselines read a million too
            conn.execute(f"""
                INSERT INTO edition_value (edition, table_no, region_id, year, measure, ip_type, value, source_line)
                SELECT e.edition, e.table_no, e.region_id + k.k * {max_region}, e.year, e.measure, e.ip_type, e.value,
                       e.source_line
                FROM edition_value e JOIN region r USING (region_id), k
                WHERE e.region_id <= {max_region} AND r.kind NOT IN {TOTAL_KINDS}""")
        conn.execute(f"""
            INSERT INTO observation_derived (obs_id, change_abs, change_pct, share, rank_in_kind)
            SELECT d.obs_id + k.k * {max_obs}, d.change_abs, d.change_pct, d.share, d.rank_in_kind
            FROM observation_derived d JOIN observation o USING (obs_id) JOIN region r USING (region_id), k
            WHERE d.obs_id <= {max_obs} AND r.kind NOT IN {TOTAL_KINDS}""")
        from ipexplorer.store.materialise import materialise_views

        for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' "
                                    "AND (name LIKE 'view_%' OR name = 'profile_rank')").fetchall():
            conn.execute(f"DROP TABLE {name}")
        materialise_views(conn)   # the explorer's copies, as a build writes them
    conn.execute("ANALYZE")
    count = conn.execute("SELECT count(*) FROM observation").fetchone()[0]
    conn.close()
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out")
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        count = multiply(built_database(Path(tmp)), Path(args.out), args.rows)
    print(f"{args.out}: {count:,} observations")
    return 0


if __name__ == "__main__":
    sys.exit(main())
