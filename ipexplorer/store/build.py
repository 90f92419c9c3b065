"""Build the database from the report: parse, verify, write to a temporary file, rename.

A failing build (bad report, broken identity, full disk) leaves any existing database
byte-identical: nothing touches the target path until the new file is complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import sqlite3
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipexplorer import __version__
from ipexplorer.report import regions as R
from ipexplorer.report.appendix import IP_TYPES, MEASURES, UNITS, Table, parse_appendix
from ipexplorer.report.edition import Edition, edition_of
from ipexplorer.report.integrity import CheckResult, check_tables
from ipexplorer.report.source import ReportError, ReportText, read_report
from ipexplorer.store import schema
from ipexplorer.store.errors import BuildError, DatabaseRefused, IntegrityError
from ipexplorer.store.materialise import materialise_views

__all__ = ["BuildError", "BuildSummary", "DatabaseRefused", "IntegrityError", "build_database", "parse_and_check"]

# Stages that add to a database under construction, after the appendix: (name, function).
# Each gets the open connection and the report and returns {label: count} for the summary.
Stage = Callable[[sqlite3.Connection, ReportText], dict[str, int]]


@dataclass
class BuildSummary:
    db_path: Path
    report_sha256: str
    rows_per_table: dict[int, int]
    check: CheckResult
    extra: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def observations(self) -> int:
        return sum(self.rows_per_table.values())


def extra_stages() -> list[tuple[str, Stage]]:
    """Stages after the appendix, in order, each writing its part to the temporary database.

    They do not share one transaction: `executescript` commits first (the stages and the schema scripts use
    it), so what keeps a failed build from touching the user's database is the temporary file, renamed
    over the target only once every stage has succeeded.
    """
    from ipexplorer.store.figures import build_figures
    from ipexplorer.store.intext_tables import build_intext_tables
    from ipexplorer.store.narrative import build_narrative

    return [
        ("narrative", build_narrative),   # sections, paragraphs, search index, events
        ("intext_tables", build_intext_tables),  # 第三章's small tables as tables 101, 102, …
        ("figures", build_figures),       # headline figures, checked against the tables
    ]


def parse_and_check(report: ReportText) -> tuple[list[Table], CheckResult]:
    tables = parse_appendix(report)
    result = check_tables(tables)
    if not result.ok:
        raise IntegrityError(result.violations)
    return tables, result


def build_database(report_path: str | Path | Sequence[str | Path], db_path: str | Path, *,
                   progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build `db_path` from the report atomically; raise ReportError, BuildError or DatabaseRefused.

    A symlinked `db_path` is replaced at its target, so the link stays a link. `progress(done, total)`
    is called after each step (the app shows "n/N" while it builds).
    """
    started = time.perf_counter()
    stages = extra_stages()
    total = 5 + len(stages)   # read, parse and check, appendix, the stages, derived and indexes, analyse
    step = iter(range(1, total + 1))

    def advance() -> None:
        if progress is not None:
            progress(next(step), total)

    paths = [report_path] if isinstance(report_path, (str, os.PathLike)) else list(report_path)
    if len(paths) != 1:
        raise ReportError(f"one report per database for now, not {len(paths)}")
    report = read_report(paths[0])
    edition = edition_of(report)
    advance()
    tables, result = parse_and_check(report)
    advance()
    db_path = Path(os.path.realpath(db_path))
    _check_replaceable(db_path)
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp_name = tempfile.mkstemp(prefix=f".{db_path.name}.", suffix=".tmp", dir=db_path.parent)
        os.close(fd)
    except OSError as exc:
        raise BuildError(f"cannot write the database in {db_path.parent}: {exc.strerror or exc}") from None
    tmp = Path(tmp_name)
    try:
        conn = sqlite3.connect(tmp)
        try:
            conn.execute("PRAGMA journal_mode = OFF")
            conn.execute("PRAGMA synchronous = OFF")
            with conn:
                conn.executescript(schema.TABLES)
                counts = _write_appendix(conn, report, tables, result)
                advance()
                extra: dict[str, int] = {}
                for _name, stage in stages:
                    extra.update(stage(conn, report))
                    advance()
                conn.executescript(schema.DERIVED)
                conn.executescript(schema.INDEXES)
                conn.executescript(schema.VIEWS)
                materialise_views(conn)   # after the derived values it copies
                _write_meta(conn, report)
                _write_reports(conn, [(report, edition)])
                conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
                conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
                advance()
            conn.execute("ANALYZE")
            advance()
        finally:
            conn.close()
        from ipexplorer.export.files import file_mode

        os.chmod(tmp, file_mode(db_path))   # mkstemp's 0600 would make every database private
        os.replace(tmp, db_path)
    except sqlite3.Error as exc:
        raise BuildError(f"cannot write the database {db_path}: {exc}") from None
    except OSError as exc:
        raise BuildError(f"cannot write the database {db_path}: {exc.strerror or exc}") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return BuildSummary(db_path, report.sha256, counts, result, extra, time.perf_counter() - started)


def _check_replaceable(db_path: Path) -> None:
    """Refuse to write over a file that is not an ipexplorer database, or one another program has locked."""
    from ipexplorer.store.database import inspect_database, locked_by_another_program

    state = inspect_database(db_path, integrity=False)
    if state.refused and not state.replaceable:
        raise DatabaseRefused(state.message())
    if state.reason != "missing" and locked_by_another_program(db_path):
        raise DatabaseRefused(f"The database {db_path} is locked by another program. It was left untouched. "
                              "Close the program that has it open and try again.")


def _pinyin(text: str) -> tuple[str, str]:
    """(display pinyin, sort key) of a Chinese name."""
    from pypinyin import Style, lazy_pinyin

    plain = "".join(lazy_pinyin(text))
    toned = " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))
    return plain, toned


def _write_appendix(conn: sqlite3.Connection, report: ReportText, tables: list[Table],
                    result: CheckResult) -> dict[int, int]:
    conn.executemany("INSERT INTO region_kind VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(R.KINDS.items())])
    conn.executemany("INSERT INTO measure VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(MEASURES.items())])
    conn.executemany("INSERT INTO ip_type VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(IP_TYPES.items())])
    region_ids: dict[str, int] = {}
    regions = {}
    for table in tables:
        for row in table.rows:
            regions.setdefault(row.region.name_zh, row.region)
    # parents first, so that parent_id can be resolved
    ordered = sorted(regions.values(), key=lambda r: r.parent_zh is not None)
    for region in ordered:
        plain, key = _pinyin(region.name_zh)
        parent_id = region_ids.get(region.parent_zh) if region.parent_zh else None
        cur = conn.execute(
            "INSERT INTO region (name_zh, name_en, kind, parent_id, iso_alpha2, iso_alpha3, pinyin, pinyin_key, note)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (region.name_zh, region.name_en, region.kind, parent_id, region.iso_alpha2, region.iso_alpha3,
             region.pinyin or plain, key, region.note),
        )
        region_ids[region.name_zh] = cur.lastrowid
    counts: dict[int, int] = {}
    for table in tables:
        conn.execute(
            "INSERT INTO report_table VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'appendix')",
            (table.number, table.title_zh, table.title_en, table.unit_zh, UNITS.get(table.unit_zh, table.unit_zh),
             table.label_title, "\n".join(table.notes) or None, table.first_line, table.last_line),
        )
        conn.executemany("INSERT INTO table_column VALUES (?, ?, ?, ?, ?, ?)",
                         [(table.number, k, c.year, c.measure, c.ip_type, c.label)
                          for k, c in enumerate(table.columns)])
        conn.executemany("INSERT INTO table_row VALUES (?, ?, ?, ?, ?)",
                         [(table.number, i, region_ids[row.region.name_zh], row.label, row.line)
                          for i, row in enumerate(table.rows)])
        values = [
            (table.number, i, k, region_ids[row.region.name_zh], c.year, c.measure, c.ip_type, v, row.line)
            for i, row in enumerate(table.rows)
            for k, (c, v) in enumerate(zip(table.columns, row.values, strict=True))
        ]
        conn.executemany(
            "INSERT INTO observation (table_no, row_index, col_index, region_id, year, measure, ip_type, value,"
            " source_line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        counts[table.number] = len(values)
        conn.execute("INSERT INTO integrity_check VALUES (?, ?, ?)",
                     (table.number, result.per_table.get(table.number, 0), 0))
    return counts


def _write_meta(conn: sqlite3.Connection, report: ReportText) -> None:
    meta = {
        "report_sha256": report.sha256,
        "report_name": report.path.name,
        "report_lines": str(len(report.lines)),
        "app_version": __version__,
        "schema_version": str(schema.SCHEMA_VERSION),
        "built_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }
    conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())


def _write_reports(conn: sqlite3.Connection, reports: Sequence[tuple[ReportText, Edition]]) -> None:
    """One row per report: what it is, and where it was read from (to rebuild from the same files)."""
    conn.executemany(
        "INSERT INTO reports (edition, title, sha256, name, path, lines) VALUES (?, ?, ?, ?, ?, ?)",
        [(e.year, e.title, r.sha256, r.path.name, str(r.path.resolve()), len(r.lines)) for r, e in reports])
