"""Build the database from the report: parse, verify, write to a temporary file, rename.

A failing build (bad report, broken identity, full disk) leaves any existing database
byte-identical: nothing touches the target path until the new file is complete.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
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
    editions: list[int] = field(default_factory=list)
    skipped: list[tuple[str, int, str]] = field(default_factory=list)   # page furniture: (report, line, text)

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


def parse_and_check(report: ReportText, furniture: list[tuple[int, str]] | None = None
                    ) -> tuple[list[Table], CheckResult]:
    tables = parse_appendix(report, furniture)
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
    if not paths:
        raise ReportError("no report to build from")
    skipped: list[tuple[str, int, str]] = []
    editions = _read_editions(paths, skipped)   # every report parsed and checked before anything is written
    report, _edition, tables, result = editions[-1][:4]   # the latest edition: tables, narrative, events
    advance()
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
                counts = _write_appendix(conn, report, tables, result,
                                         [t for older in editions[:-1] for t in older[2]])
                advance()
                extra: dict[str, int] = {}
                for _name, stage in stages:
                    extra.update(stage(conn, report))
                    advance()
                conn.executescript(schema.DERIVED)
                _write_edition_values(conn, editions)
                conn.executescript(schema.INDEXES)
                conn.executescript(schema.VIEWS)
                materialise_views(conn)   # after the derived values it copies
                _write_meta(conn, report)
                _write_reports(conn, [(r, e) for r, e, *_ in editions])
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
    if len(editions) > 1:
        extra["editions"] = len(editions)
        extra["values of earlier editions"] = sum(len(t.rows) * len(t.columns) for p in editions[:-1] for t in p[2])
    return BuildSummary(db_path, report.sha256, counts, result, extra, time.perf_counter() - started,
                        [e.year for _r, e, *_ in editions], skipped)


def add_report(db_path: str | Path, report_path: str | Path) -> tuple[BuildSummary, list[Path]]:
    """Rebuild the database from the reports it holds plus `report_path` (another edition), atomically.

    The database must be ipexplorer's and its reports still where they were, unchanged (else
    DatabaseRefused says which is missing); the new report's edition must not be there yet.
    """
    from ipexplorer.store.database import inspect_database, recorded_reports

    state = inspect_database(db_path)
    if state.refused:
        raise DatabaseRefused(state.message())
    if state.reason == "missing":
        raise DatabaseRefused(f"There is no database at {db_path} to add a report to; build one first with: "
                              f"ipexplorer build-db --report {report_path} --db {db_path}")
    recorded = recorded_reports(db_path)
    missing = [path for path, ok in recorded if not ok]
    if missing:
        raise DatabaseRefused(f"The database {db_path} was built from {', '.join(map(str, missing))}, which "
                              "is no longer there (or has changed): it cannot be rebuilt with another edition. "
                              "Build it anew with: ipexplorer build-db --report … --report … --db " + str(db_path))
    reports = [path for path, _ok in recorded] + [Path(report_path)]
    return build_database(reports, db_path), reports


Parsed = tuple  # (ReportText, Edition, appendix tables, CheckResult, in-text tables)


def _read_editions(paths: Sequence[str | Path], skipped: list[tuple[str, int, str]]) -> list[Parsed]:
    """Read, parse and check every report; one per edition, oldest first; tables must count the same things."""
    from ipexplorer.report.intext_tables import check_intext_tables, parse_intext_tables

    parsed: list[Parsed] = []
    seen: dict[int, Path] = {}
    for path in paths:
        report = read_report(path)
        edition = edition_of(report)
        if edition.year in seen:
            raise ReportError(f"two reports of the {edition.year} edition: {seen[edition.year]} and {report.path}")
        seen[edition.year] = report.path
        furniture: list[tuple[int, str]] = []
        tables, result = parse_and_check(report, furniture)
        skipped.extend((report.path.name, line, text) for line, text in furniture)
        intext = parse_intext_tables(report)
        intext_result = check_intext_tables(intext)
        if not intext_result.ok:
            raise IntegrityError(intext_result.violations)
        parsed.append((report, edition, tables, result, intext))
    parsed.sort(key=lambda p: p[1].year)
    latest = {t.number: t for t in parsed[-1][2]}
    for report, edition, tables, _result, _intext in parsed[:-1]:
        for table in tables:
            mine, theirs = _subject(table.title_en), _subject(latest[table.number].title_en) \
                if table.number in latest else None
            if theirs is not None and mine != theirs:
                raise ReportError(f"table {table.number} of the {edition.year} edition counts {mine!r}, of the "
                                  f"{parsed[-1][1].year} edition {theirs!r}: the editions number their tables "
                                  f"differently ({report.path.name})", line=table.first_line, table_no=table.number)
    return parsed


def _subject(title_en: str) -> str:
    """A content-derived English title without its years: what a table counts, edition for edition."""
    return re.sub(r"\s*\([\d, ]+\)$", "", title_en)


def _region_key(region) -> str:
    """A region's identity across editions: its ISO code where it has one, else its Chinese name."""
    return region.iso_alpha3 or region.name_zh


def _write_edition_values(conn: sqlite3.Connection, editions: Sequence[Parsed]) -> None:
    """Every edition's printed values (the latest's are the observations just written)."""
    latest = editions[-1][1].year
    conn.execute(
        "INSERT INTO edition_value (edition, table_no, region_id, year, measure, ip_type, value, source_line) "
        "SELECT ?, table_no, region_id, year, measure, ip_type, value, source_line FROM observation", (latest,))
    ids = {key: rid for key, rid in conn.execute("SELECT coalesce(iso_alpha3, name_zh), region_id FROM region")}
    total = conn.execute("SELECT region_id FROM region WHERE kind = 'total' AND name_zh = '合计'").fetchone()
    rows = []
    for _report, edition, tables, _result, intext in editions[:-1]:
        for table in tables:
            for row in table.rows:
                rid = ids[_region_key(row.region)]
                rows.extend((edition.year, table.number, rid, c.year, c.measure, c.ip_type, v, row.line)
                            for c, v in zip(table.columns, row.values, strict=True))
        for table in intext:
            for row in table.rows:
                rows.extend((edition.year, table.number, total[0] if total else None, year, row.measure, row.ip_type,
                             row.values[k], row.line) for k, year in enumerate(table.years))
    conn.executemany(
        "INSERT INTO edition_value (edition, table_no, region_id, year, measure, ip_type, value, source_line) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", [r for r in rows if r[2] is not None])


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
                    result: CheckResult, older_tables: Sequence[Table] = ()) -> dict[int, int]:
    conn.executemany("INSERT INTO region_kind VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(R.KINDS.items())])
    conn.executemany("INSERT INTO measure VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(MEASURES.items())])
    conn.executemany("INSERT INTO ip_type VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(IP_TYPES.items())])
    region_ids: dict[str, int] = {}
    regions = {}
    by_identity: dict[str, str] = {}   # an older edition's region under another label is the same region
    for table in [*tables, *older_tables]:
        for row in table.rows:
            name = by_identity.setdefault(_region_key(row.region), row.region.name_zh)
            regions.setdefault(name, row.region)
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
            (table.number, i, k, region_ids[row.region.name_zh], c.year, c.measure, c.ip_type, v, row.line,
             row.printed[k] if row.printed else None)
            for i, row in enumerate(table.rows)
            for k, (c, v) in enumerate(zip(table.columns, row.values, strict=True))
        ]
        conn.executemany(
            "INSERT INTO observation (table_no, row_index, col_index, region_id, year, measure, ip_type, value,"
            " source_line, printed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
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
