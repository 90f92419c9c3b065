"""`check`'s comparison of a built database with freshly parsed tables (appendix and in-text)."""

from __future__ import annotations

from pathlib import Path

from ipexplorer.report.intext_tables import IntextTable
from ipexplorer.store.database import connect


def _stored(db_path: str | Path, where: str, edition: int | None) -> dict[tuple, object]:
    """{(table, line, year, measure, IP type): value} of the latest edition's observations, or of `edition`'s
    printed values (an older edition of several)."""
    source, params = ("observation", ()) if edition is None else ("edition_value", (int(edition),))
    conn = connect(db_path)
    try:
        return {(t, line, year, measure, ip_type): value for t, line, year, measure, ip_type, value in conn.execute(
            f"SELECT table_no, source_line, year, measure, ip_type, value FROM {source} WHERE {where}"
            + (" AND edition = ?" if edition is not None else ""), params)}
    finally:
        conn.close()


def compare_with_report(db_path: str | Path, tables, edition: int | None = None) -> list[str]:
    """Differences between the database's values (the latest edition's, or `edition`'s) and freshly parsed tables
    (empty when equal)."""
    problems: list[str] = []
    stored = _stored(db_path, "table_no <= 12", edition)
    expected = {
        (t.number, row.line, c.year, c.measure, c.ip_type): v
        for t in tables for row in t.rows for c, v in zip(t.columns, row.values, strict=True)
    }
    for key, value in expected.items():
        if stored.get(key) != value:
            problems.append(f"table {key[0]}, line {key[1]}, {key[2]} {key[3]}/{key[4]}: "
                            f"expected {value}, stored {stored.get(key)}")
    for key in stored.keys() - expected.keys():
        problems.append(f"table {key[0]}, line {key[1]}: stored value not in the report")
    return problems


def compare_intext_with_db(db_path: str | Path, tables: list[IntextTable], edition: int | None = None) -> list[str]:
    """Differences between the stored in-text values (the latest edition's, or `edition`'s) and freshly parsed
    tables (empty when equal)."""
    stored = _stored(db_path, "table_no > 100", edition)
    expected = {(t.number, row.line, year, row.measure, row.ip_type): row.values[k]
                for t in tables for row in t.rows for k, year in enumerate(t.years)}
    problems = [f"table {key[0]}, line {key[1]}, {key[2]} {key[3]}/{key[4]}: expected {value}, stored "
                f"{stored.get(key)}" for key, value in expected.items() if stored.get(key) != value]
    problems += [f"table {key[0]}, line {key[1]}: stored value not in the report" for key in stored.keys() - expected]
    return problems
