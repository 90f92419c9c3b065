"""At a million observations: the grid's queries, a chart and a region profile, each beside a baseline.

The database is the real one with its regions multiplied (benchmarks/synthetic.py; built here if --db
is not given, about two minutes). Each operation alternates with its baseline on the same file and
reports medians of --runs runs:

- the grid (All observations): first page, sort by value, quick filter, count and a page at offset 100k,
  as the grid's model asks them of SQLite (query.builder on the materialised view), against the stock
  Qt recipe on the same file: QSqlQueryModel over the documented `observations` view (its first batch);
- deep pages as the grid's model reads them (keyset: sought after the row before, page_sql) at 100k and at
  the last page, default order and sorted by value, against LIMIT/OFFSET of the same query;
- a chart of the view (chart_frame + chart_data, top 30 per kind in SQL) against reading every row of
  the view into Python (what chart_frame did before);
- a region profile (its values with ranks) against the window functions over every row of its kind
  that it ran before.

Targets: grid operations ≤ 50 ms, chart ≤ 50 ms, profile ≤ 100 ms.

    python benchmarks/bench_scale.py [--db big.sqlite] [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

GRID_MS, CHART_MS, PROFILE_MS = 50.0, 50.0, 100.0

OLD_PROFILE_SQL = """
WITH me AS (SELECT region_id, kind FROM region WHERE name_zh = :region),
ranked AS (
    SELECT o.table_no, o.region_id, o.year, o.measure, o.ip_type, o.value,
           CASE WHEN o.value IS NOT NULL THEN
               RANK() OVER (PARTITION BY o.table_no, o.measure, o.ip_type, o.year ORDER BY o.value DESC) END AS rank,
           COUNT(o.value) OVER (PARTITION BY o.table_no, o.measure, o.ip_type, o.year) AS peers
    FROM observation o JOIN region r ON r.region_id = o.region_id
    WHERE r.kind = (SELECT kind FROM me)
      AND o.table_no IN (SELECT table_no FROM observation WHERE region_id = (SELECT region_id FROM me))
)
SELECT table_no, measure, ip_type, year, value, rank, peers FROM ranked WHERE region_id = (SELECT region_id FROM me)
"""


def timed(fn) -> float:
    started = time.perf_counter()
    fn()
    return (time.perf_counter() - started) * 1000


def pair(ours, base, runs: int) -> tuple[float, float]:
    """Medians (ms) of `ours` and `base`, run alternately."""
    a, b = [], []
    for _ in range(runs):
        a.append(timed(ours))
        b.append(timed(base) if base else 0.0)
    return statistics.median(a), statistics.median(b)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="a database from benchmarks/synthetic.py (made here if absent)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--baseline-runs", type=int, default=3, help="runs of the slow baselines (chart, profile)")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    import synthetic
    from PySide6.QtSql import QSqlDatabase, QSqlQuery, QSqlQueryModel
    from PySide6.QtWidgets import QApplication

    from ipexplorer.query.builder import QueryState, count_sql, order_terms, page_sql, select_sql
    from ipexplorer.query.chart_data import ChartSpec, chart_data, chart_frame
    from ipexplorer.query.datasets import dataset_for
    from ipexplorer.query.profiles import profile_values

    tmp = tempfile.TemporaryDirectory()
    db = Path(args.db) if args.db else Path(tmp.name) / "big.sqlite"
    if not db.exists():
        print(f"building {db} …", flush=True)
        synthetic.multiply(synthetic.built_database(Path(tmp.name)), db)
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841 - QtSql needs an application
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows = conn.execute("SELECT count(*) FROM observation").fetchone()[0]
    qdb = QSqlDatabase.addDatabase("QSQLITE", "bench")
    qdb.setDatabaseName(str(db))
    qdb.setConnectOptions("QSQLITE_OPEN_READONLY")
    qdb.open()

    def qt(sql: str):
        def run():
            model = QSqlQueryModel()
            model.setQuery(QSqlQuery(sql, qdb))
            model.rowCount()   # the first batch (QSqlQueryModel fetches 256 rows at a time)
            if model.lastError().isValid():
                raise SystemExit(model.lastError().text())
        return run

    dataset = dataset_for(conn, None, "long")

    def ours(state: QueryState, offset: int = 0, count: bool = False):
        sql, params = count_sql(dataset, state) if count else select_sql(dataset, state, 256, offset)
        return lambda: conn.execute(sql, params).fetchall()

    order = "table_no, source_line, year, measure, ip_type"
    grid = [
        ("first page", ours(QueryState()), qt(f"SELECT * FROM observations ORDER BY {order}")),
        ("sort by value", ours(QueryState(sort=(("value", False),))),
         qt("SELECT * FROM observations ORDER BY value DESC")),
        ("quick filter 广东", ours(QueryState(quick_text="广东")),
         qt(f"SELECT * FROM observations WHERE region_zh LIKE '%广东%' ORDER BY {order}")),
        ("count", ours(QueryState(), count=True), qt("SELECT count(*) FROM observations")),
        ("page at offset 100k", ours(QueryState(), offset=100_000),
         qt(f"SELECT * FROM observations ORDER BY {order} LIMIT 256 OFFSET 100000")),
    ]
    ok = True
    print(f"{rows:,} observations; medians of {args.runs} alternated runs\n")
    print(f"{'':34} {'ipexplorer':>11} {'baseline':>11}")
    for name, a, b in grid:
        mine, base = pair(a, b, args.runs)
        passed = mine <= GRID_MS
        ok &= passed
        print(f"grid: {name:28} {mine:>8.1f} ms {base:>8.1f} ms   {'PASS' if passed else 'FAIL'} (≤ {GRID_MS:.0f} ms; "
              f"baseline QSqlQueryModel)")

    def after_row(state: QueryState, position: int) -> tuple:
        """The keys page_sql seeks after: the sort keys and row key of the row at `position`."""
        sql, params = page_sql(dataset, state, 1)
        sql = sql.replace(" LIMIT ?", " LIMIT 1 OFFSET ?")
        row = conn.execute(sql, [*params[:-1], position]).fetchone()
        width = len(order_terms(dataset, state))
        return (*row[len(row) - width:], row[0])

    for sort_name, state in (("", QueryState()), (", by value", QueryState(sort=(("value", False),)))):
        for name, position in (("page at 100k", 100_000), ("last page", rows - 256)):
            after = after_row(state, position - 1)
            keyset = page_sql(dataset, state, 256, after)
            offset = select_sql(dataset, state, 256, position)
            assert conn.execute(*keyset).fetchall()[0][0] == conn.execute(*offset).fetchall()[0][0]
            mine, base = pair(lambda k=keyset: conn.execute(*k).fetchall(),
                              lambda o=offset: conn.execute(*o).fetchall(), args.runs)
            passed = mine <= GRID_MS
            ok &= passed
            label = f"{name}{sort_name}"
            print(f"grid keyset: {label:21} {mine:>8.1f} ms {base:>8.1f} ms   {'PASS' if passed else 'FAIL'} "
                  f"(≤ {GRID_MS:.0f} ms; baseline LIMIT/OFFSET)")

    spec = ChartSpec()
    for key, table, layout in (("all observations", None, "long"), ("table 1, wide", 1, "wide")):
        chart_ds = dataset_for(conn, table, layout)
        mine, _ = pair(lambda d=chart_ds: chart_data(chart_frame(conn, d, QueryState(), spec), spec), None, args.runs)
        sql, params = select_sql(chart_ds, QueryState())
        _, base = pair(lambda: None, lambda s=sql, p=params: conn.execute(s, p).fetchall(), args.baseline_runs)
        passed = mine <= CHART_MS
        ok &= passed
        print(f"chart: {key:27} {mine:>8.1f} ms {base:>8.1f} ms   {'PASS' if passed else 'FAIL'} (≤ {CHART_MS:.0f} ms; "
              f"baseline: every row into Python)")
    region = "广东"
    mine, _ = pair(lambda: profile_values(conn, region), None, args.runs)
    _, base = pair(lambda: None, lambda: conn.execute(OLD_PROFILE_SQL, {"region": region}).fetchall(),
                   args.baseline_runs)
    passed = mine <= PROFILE_MS
    ok &= passed
    print(f"profile: {region:25} {mine:>8.1f} ms {base:>8.1f} ms   {'PASS' if passed else 'FAIL'} "
          f"(≤ {PROFILE_MS:.0f} ms; baseline: ranks by window functions per open)")
    print(f"\n{'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
