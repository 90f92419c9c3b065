"""Sort and filter a 1,000,000-row table through SqlTableModel, beside QSortFilterProxyModel.

Target (issue: table explorer): median time from a sort or filter request to the first rows
shown ≤ 100 ms. The baseline is the stock Qt recipe on the same data, measured in the same run:
a QStandardItemModel holding every row, under a QSortFilterProxyModel.

    python benchmarks/bench_table_model.py [--rows N] [--baseline-rows N] [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QRegularExpression, Qt, QTimer
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication

from ipexplorer.query.builder import ColumnFilter, QueryState
from ipexplorer.query.columns import Column, Kind, Role
from ipexplorer.query.datasets import Dataset
from ipexplorer.ui.grid.table_model import SqlTableModel

TARGET_MS = 100.0
SYLLABLES = ["an", "bei", "cheng", "dong", "fu", "guang", "he", "jiang", "lin", "nan", "shan", "xi", "yun", "zhou"]
HANZI = "安北城东福广河江林南山西云州"
KINDS = ["province", "country", "sub_provincial", "hk_macao_taiwan"]


def make_db(path: Path, rows: int, seed: int = 7) -> list[tuple]:
    """A synthetic observation-like table with the same indexes the real one has."""
    rng = random.Random(seed)
    data = []
    for rid in range(1, rows + 1):
        a, b = rng.randrange(len(HANZI)), rng.randrange(len(HANZI))
        data.append((rid, HANZI[a] + HANZI[b], f"{SYLLABLES[a].title()} {SYLLABLES[b]}",
                     f"{SYLLABLES[a]}1 {SYLLABLES[b]}2", rng.choice(KINDS), rng.choice((2019, 2020)),
                     rng.randrange(0, 10_000_000)))
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE synth (rid INTEGER PRIMARY KEY, name_zh TEXT, name_en TEXT, pinyin_key TEXT, "
                 "kind TEXT, year INTEGER, value INTEGER)")
    conn.executemany("INSERT INTO synth VALUES (?,?,?,?,?,?,?)", data)
    for col in ("pinyin_key", "name_en COLLATE NOCASE", "kind", "year", "value"):
        conn.execute(f"CREATE INDEX synth_{col.split()[0]} ON synth({col})")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()
    return data


def dataset() -> Dataset:
    return Dataset(
        key="synth", title_zh="合成", title_en="Synthetic",
        sql="SELECT rid AS _rid, name_zh AS region_zh, name_en AS region_en, pinyin_key, kind AS kind_zh, "
            "year, value FROM synth",
        columns=(
            Column("region_zh", "地区", "Region (Chinese)", Kind.TEXT, Role.NAME, sort_sql="pinyin_key"),
            Column("region_en", "地区(英文)", "Region", Kind.TEXT, Role.NAME,
                   sort_sql="region_en COLLATE NOCASE"),
            Column("kind_zh", "类别", "Kind"),
            Column("year", "年份", "Year", Kind.INT),
            Column("value", "数值", "Value", Kind.INT, Role.VALUE),
        ),
        quick_filter_keys=("region_zh", "region_en"),
    )


STATES = {
    "sort value desc": QueryState(sort=(("value", False),)),
    "sort value asc": QueryState(sort=(("value", True),)),
    "sort name (pinyin)": QueryState(sort=(("region_zh", True),)),
    "sort name (English)": QueryState(sort=(("region_en", True),)),
    "two keys: kind, value desc": QueryState(sort=(("kind_zh", True), ("value", False))),
    "filter range + sort": QueryState(filters=(ColumnFilter("value", low=5_000_000, high=5_100_000),),
                                      sort=(("value", True),)),
    "filter kind list": QueryState(filters=(ColumnFilter("kind_zh", values=("country", "province")),)),
    "quick text 'guang'": QueryState(quick_text="guang", sort=(("value", False),)),
    "top 100 by value": QueryState(filters=(ColumnFilter("value", top=100),)),
}


def wait(signal, timeout_ms: int = 60_000) -> None:
    loop = QEventLoop()
    signal.connect(loop.quit)
    QTimer.singleShot(timeout_ms, loop.quit)
    loop.exec()
    signal.disconnect(loop.quit)


def bench_sql_model(db: Path, repeat: int) -> dict[str, list[float]]:
    model = SqlTableModel(db)
    model.set_dataset(dataset())
    wait(model.loaded)
    results: dict[str, list[float]] = {}
    for name, state in STATES.items():
        times = []
        for _ in range(repeat):
            model.set_state(QueryState())  # start from a different state each time
            wait(model.loaded)
            started = time.perf_counter()
            model.set_state(state)
            wait(model.loaded)
            times.append((time.perf_counter() - started) * 1000)
            assert model.rowCount() > 0, name
        results[name] = times
    model.shutdown()
    return results


def bench_proxy(data: list[tuple], repeat: int) -> tuple[float, dict[str, list[float]]]:
    from PySide6.QtCore import QSortFilterProxyModel

    started = time.perf_counter()
    source = QStandardItemModel(len(data), 5)
    for r, (_rid, zh, en, _key, kind, year, value) in enumerate(data):
        source.setItem(r, 0, QStandardItem(zh))
        source.setItem(r, 1, QStandardItem(en))
        source.setItem(r, 2, QStandardItem(kind))
        item = QStandardItem()
        item.setData(year, Qt.ItemDataRole.DisplayRole)
        source.setItem(r, 3, item)
        item = QStandardItem()
        item.setData(value, Qt.ItemDataRole.DisplayRole)
        source.setItem(r, 4, item)
    load = (time.perf_counter() - started) * 1000
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(source)
    steps = {
        "sort value desc": lambda: proxy.sort(4, Qt.SortOrder.DescendingOrder),
        "sort value asc": lambda: proxy.sort(4, Qt.SortOrder.AscendingOrder),
        "sort name (English)": lambda: proxy.sort(1, Qt.SortOrder.AscendingOrder),
        "quick text 'guang'": lambda: (proxy.setFilterKeyColumn(1),
                                       proxy.setFilterRegularExpression(QRegularExpression("guang"))),
    }
    results: dict[str, list[float]] = {}
    for name, step in steps.items():
        times = []
        for _ in range(repeat):
            proxy.sort(-1)
            proxy.setFilterRegularExpression(QRegularExpression())
            started = time.perf_counter()
            step()
            proxy.rowCount()
            times.append((time.perf_counter() - started) * 1000)
        results[name] = times
    return load, results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--baseline-rows", type=int, default=None,
                        help="rows for the QSortFilterProxyModel baseline (default: same as --rows)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication(sys.argv[:1])  # noqa: F841
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "synth.sqlite"
        started = time.perf_counter()
        data = make_db(db, args.rows)
        print(f"synthetic table: {args.rows:,} rows, built in {time.perf_counter() - started:.1f} s")
        ours = bench_sql_model(db, args.repeat)
    baseline_rows = args.baseline_rows or args.rows
    load, theirs = bench_proxy(data[:baseline_rows], max(1, min(args.repeat, 3)))

    print(f"\n{'operation':32} {'SqlTableModel median':>22} {'QSortFilterProxyModel':>24}")
    print(f"{'(first rows shown)':32} {f'{args.rows:,} rows':>22} {f'{baseline_rows:,} rows':>24}")
    worst = 0.0
    for name, times in ours.items():
        median = statistics.median(times)
        worst = max(worst, median)
        other = theirs.get(name)
        other_text = f"{statistics.median(other):,.1f} ms" if other else "—"
        print(f"{name:32} {median:>19.1f} ms {other_text:>24}")
    print(f"{'load all rows into the model':32} {'— (lazy)':>22} {load:>21,.0f} ms")
    verdict = "PASS" if worst <= TARGET_MS else "FAIL"
    print(f"\n{verdict}: slowest median {worst:.1f} ms (target ≤ {TARGET_MS:.0f} ms)")
    return 0 if verdict == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
