"""Build the database from the reports: parse and check everything in memory, then write it in one transaction.

report → parsed rows → database: every edition is read, parsed and checked first (store/parse.py: the
appendix, the in-text tables, the narrative and its events, the headline figures against the tables), with
no database open; then one transaction writes the parsed rows (INSERTs only, reading nothing back), derives
in SQL what is computed from them (change, share, rank; the search index; the explorer's copies; ANALYZE)
and commits. That transaction is on a temporary file beside the target, renamed over it once committed: a
failing build (bad report, broken identity, full disk) leaves any existing database byte-identical.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ipexplorer import __version__
from ipexplorer.report import intext_tables as intext
from ipexplorer.report import regions as R
from ipexplorer.report.appendix import IP_TYPES, MEASURES, UNITS
from ipexplorer.report.edition import Edition, edition_of
from ipexplorer.report.integrity import CheckResult
from ipexplorer.report.source import ReportError, ReportText, read_report
from ipexplorer.store import schema
from ipexplorer.store.errors import BuildError, DatabaseRefused, IntegrityError
from ipexplorer.store.materialise import materialise_views
from ipexplorer.store.parse import ParsedEdition, parse_and_check, parse_edition, stages

__all__ = ["BuildError", "BuildSummary", "DatabaseRefused", "IntegrityError", "build_database", "parse_and_check"]


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


def statements(script: str) -> Iterator[str]:
    """The SQL statements of a script, one by one: `executescript` would commit the build's transaction first."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if re.sub(r"--[^\n]*", "", pending).strip(" \n;"):
                yield pending.strip()
            pending = ""


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    for statement in statements(script):
        conn.execute(statement)


def build_database(report_path: str | Path | Sequence[str | Path], db_path: str | Path, *,
                   progress: Callable[[int, int], None] | None = None) -> BuildSummary:
    """Build `db_path` from the report(s) atomically; raise ReportError, BuildError or DatabaseRefused.

    A symlinked `db_path` is replaced at its target, so the link stays a link. `progress(done, total)`
    is called after each step (the app shows "n/N" while it builds): each report parsed, the rows written,
    the derived values and indexes, the commit.
    """
    started = time.perf_counter()
    paths = [report_path] if isinstance(report_path, (str, os.PathLike)) else list(report_path)
    if not paths:
        raise ReportError("no report to build from")
    total = len(paths) + 3
    step = iter(range(1, total + 1))

    def advance() -> None:
        if progress is not None:
            progress(next(step), total)

    editions = _read_editions(paths, advance)   # every report parsed and checked before anything is written
    latest = editions[-1]
    db_path = Path(os.path.realpath(db_path))
    _check_replaceable(db_path)
    from ipexplorer.export.files import replacing

    def failed(step: str, exc: OSError) -> BuildError:
        where = f"in {db_path.parent}" if step == "create" else str(db_path)
        return BuildError(f"cannot write the database {where}: {exc.strerror or exc}")

    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise failed("create", exc) from None
    # written beside the database and renamed over it: the old one stays whole until the new one is
    tmp = db_path.parent / f".{db_path.name}.{os.urandom(4).hex()}.tmp"
    try:
        with replacing(db_path, tmp, failed):
            conn = sqlite3.connect(tmp, isolation_level=None)   # the transaction is ours: BEGIN … COMMIT below
            try:
                conn.execute("PRAGMA journal_mode = OFF")    # the temporary file is the rollback
                conn.execute("PRAGMA synchronous = OFF")
                conn.execute("BEGIN")
                counts, extra = write_editions(conn, editions)
                advance()
                derive(conn)
                advance()
                conn.execute("COMMIT")
                advance()
            finally:
                conn.close()
    except sqlite3.Error as exc:
        raise BuildError(f"cannot write the database {db_path}: {exc}") from None
    except OSError as exc:
        raise failed("replace", exc) from None
    if len(editions) > 1:
        extra["editions"] = len(editions)
        extra["values of earlier editions"] = sum(len(t.rows) * len(t.columns) for p in editions[:-1]
                                                  for t in p.tables)
    skipped = [(p.report.path.name, line, text) for p in editions for line, text in p.furniture]
    return BuildSummary(db_path, latest.report.sha256, counts, latest.result, extra, time.perf_counter() - started,
                        [p.year for p in editions], skipped)


def write_editions(conn: sqlite3.Connection, editions: Sequence[ParsedEdition]) -> tuple[dict[int, int], dict]:
    """Insert every parsed edition (oldest first in `editions`; the latest's tables are `observation`).

    Only CREATE and INSERT statements, with every id assigned here: nothing is read back from the database.
    Returns the values per appendix table and the counts the build prints.
    """
    from ipexplorer.store import figures, intext_tables, narrative

    latest = editions[-1]
    _run_script(conn, schema.TABLES)
    ids = _write_lookups_and_regions(conn, editions)
    counts = _write_appendix(conn, latest, ids)
    extra: dict[str, int] = {}
    if latest.intext_result is not None:
        intext_tables.write_intext_tables(conn, latest, ids.total_id(), ids.english)
        extra.update(intext_tables.counts(latest))
    _write_edition_values(conn, editions, ids)
    _write_reports(conn, [(p.report, p.edition) for p in editions])
    narrative.write_categories(conn)
    offsets, figure_offset = (0, 0, 0), 0
    for parsed in reversed(editions):     # the latest edition's ids first: as in a build of that edition alone
        paragraph_offset = offsets[1]
        offsets = narrative.write_narrative(conn, parsed, offsets, ids.by_name, ids.countries)
        figure_offset = figures.write_figures(conn, parsed, figure_offset, paragraph_offset)
    extra.update(narrative.counts(latest))
    extra.update(figures.counts(latest))
    _write_meta(conn, latest.report)
    conn.execute(f"PRAGMA application_id = {schema.APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {schema.SCHEMA_VERSION}")
    return counts, extra


def derive(conn: sqlite3.Connection) -> None:
    """What SQL computes from the written rows, inside the build's transaction: change, share and rank;
    the search index; the indexes and views; the explorer's materialised copies; the planner's statistics."""
    from ipexplorer.store.narrative import FTS

    _run_script(conn, schema.INDEXES)
    # The planner's statistics of the two tables the wide pivots join: without them it reads all of a table's
    # observations once per printed row (at one edition, two thirds of the copies' work). The final ANALYZE
    # makes the statistics of every table anew, in the statistics table's own place.
    conn.execute("ANALYZE observation")
    conn.execute("ANALYZE table_row")
    _run_script(conn, schema.DERIVED)
    _run_script(conn, FTS)
    _run_script(conn, schema.VIEWS)
    materialise_views(conn)   # after the derived values it copies
    conn.execute("DROP TABLE sqlite_stat1")
    conn.execute("ANALYZE")


def add_report(db_path: str | Path, report_path: str | Path, *,
               progress: Callable[[int, int], None] | None = None) -> tuple[BuildSummary, list[Path]]:
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
    return build_database(reports, db_path, progress=progress), reports


def _read_editions(paths: Sequence[str | Path], advance: Callable[[], None]) -> list[ParsedEdition]:
    """Read, parse and check every report; one per edition, oldest first; tables must count the same things."""
    parsed: list[ParsedEdition] = []
    seen: dict[int, Path] = {}
    stage_list = stages()
    for path in paths:
        report = read_report(path)
        edition = edition_of(report)
        if edition.year in seen:
            raise ReportError(f"two reports of the {edition.year} edition: {seen[edition.year]} and {report.path}")
        seen[edition.year] = report.path
        parsed.append(parse_edition(report, stage_list, edition))
        advance()
    parsed.sort(key=lambda p: p.year)
    newest = parsed[-1]
    latest = {t.number: t for t in newest.tables}
    for older in parsed[:-1]:
        for table in older.tables:
            mine, theirs = _subject(table.title_en), _subject(latest[table.number].title_en) \
                if table.number in latest else None
            if theirs is not None and mine != theirs:
                raise ReportError(f"table {table.number} of the {older.year} edition counts {mine!r}, of the "
                                  f"{newest.year} edition {theirs!r}: the editions number their tables "
                                  f"differently ({older.report.path.name})", line=table.first_line,
                                  table_no=table.number)
    return parsed


def _subject(title_en: str) -> str:
    """A content-derived English title without its years: what a table counts, edition for edition."""
    return re.sub(r"\s*\([\d, ]+\)$", "", title_en)


def _region_key(region) -> str:
    """A region's identity across editions: its ISO code where it has one, else its Chinese name."""
    return region.iso_alpha3 or region.name_zh


@dataclass
class _Ids:
    """The region ids the build assigns, for the writers (which never look an id up in the database)."""

    by_name: dict[str, int]              # every edition's label (Chinese name) -> region_id
    by_key: dict[str, int]               # identity (_region_key) -> region_id
    countries: dict[str, int]            # a country's English name -> region_id
    total: int | None                    # the national grand total 合计, where the tables or in-text tables have it
    english: tuple[dict[str, str], dict[str, str]] = ({}, {})   # measure, IP-type code -> English name

    def total_id(self) -> int:
        assert self.total is not None, "合计 is added whenever an edition has in-text tables"
        return self.total


def _write_lookups_and_regions(conn: sqlite3.Connection, editions: Sequence[ParsedEdition]) -> _Ids:
    """The code tables and every region of every edition (parents first), ids assigned in order."""
    from ipexplorer.store.intext_tables import TOTAL_ZH, codes

    measures = {code: i for i, code in enumerate(MEASURES)}
    ip_types = {code: i for i, code in enumerate(IP_TYPES)}
    codes(measures, ip_types)   # the in-text tables' codes after the appendix's
    names = {**intext.MEASURES, **MEASURES}, {**intext.IP_TYPES, **IP_TYPES}   # code -> (Chinese, English)
    conn.executemany("INSERT INTO region_kind VALUES (?, ?, ?, ?)",
                     [(code, zh, en, i) for i, (code, (zh, en)) in enumerate(R.KINDS.items())])
    for table, order, named in (("measure", measures, names[0]), ("ip_type", ip_types, names[1])):
        conn.executemany(f"INSERT INTO {table} (code, name_zh, name_en, sort_order) VALUES (?, ?, ?, ?)",
                         [(code, *named[code], position) for code, position in order.items()])
    latest, older = editions[-1], editions[:-1]
    regions = {}
    by_identity: dict[str, str] = {}   # an older edition's region under another label is the same region
    for table in [*latest.tables, *(t for p in older for t in p.tables)]:
        for row in table.rows:
            name = by_identity.setdefault(_region_key(row.region), row.region.name_zh)
            regions.setdefault(name, row.region)
    region_ids: dict[str, int] = {}
    rows = []
    # parents first, so that parent_id can be resolved
    for region in sorted(regions.values(), key=lambda r: r.parent_zh is not None):
        plain, key = pinyin_of(region.name_zh)
        parent_id = region_ids.get(region.parent_zh) if region.parent_zh else None
        region_ids[region.name_zh] = len(rows) + 1
        rows.append((len(rows) + 1, region.name_zh, region.name_en, region.kind, parent_id, region.iso_alpha2,
                     region.iso_alpha3, region.pinyin or plain, key, region.note, region.note_zh))
    total = region_ids.get(TOTAL_ZH) if regions.get(TOTAL_ZH) and regions[TOTAL_ZH].kind == "total" else None
    if total is None and any(p.intext for p in editions):
        total = len(rows) + 1
        rows.append((total, TOTAL_ZH, "Total", "total", None, None, None, "heji", "he2 ji4", None, None))
    conn.executemany(
        "INSERT INTO region (region_id, name_zh, name_en, kind, parent_id, iso_alpha2, iso_alpha3, pinyin,"
        " pinyin_key, note, note_zh) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    by_key = {key: region_ids[name] for key, name in by_identity.items()}
    by_name = dict(region_ids)
    for parsed in editions:
        for table in parsed.tables:
            for row in table.rows:
                by_name.setdefault(row.region.name_zh, by_key[_region_key(row.region)])
    countries = {name_en: rid for rid, _zh, name_en, kind, *_rest in rows if kind == "country"}
    english = ({code: en for code, (_zh, en) in names[0].items()}, {code: en for code, (_zh, en) in names[1].items()})
    return _Ids(by_name, by_key, countries, total, english)


def _write_edition_values(conn: sqlite3.Connection, editions: Sequence[ParsedEdition], ids: _Ids) -> None:
    """Every edition's printed values, the latest's first (they are also the observations)."""
    rows = []
    for parsed in [editions[-1], *editions[:-1]]:
        edition = parsed.year
        for table in parsed.tables:
            number, columns = table.number, [(c.year, c.measure, c.ip_type) for c in table.columns]
            for row in table.rows:
                rid = ids.by_key[_region_key(row.region)]
                printed = row.printed or (None,) * len(row.values)
                rows.extend((edition, number, rid, year, measure, ip_type, v, row.line, marker)
                            for (year, measure, ip_type), v, marker in zip(columns, row.values, printed, strict=True))
        for table in parsed.intext:
            for row in table.rows:
                rows.extend((edition, table.number, ids.total_id(), year, row.measure, row.ip_type,
                             row.values[k], row.line, row.printed[k] if row.printed else None)
                            for k, year in enumerate(table.years))
    conn.executemany(
        "INSERT INTO edition_value (edition, table_no, region_id, year, measure, ip_type, value, source_line, "
        "printed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)


def _check_replaceable(db_path: Path) -> None:
    """Refuse to write over a file that is not an ipexplorer database, or one another program has locked."""
    from ipexplorer.store.database import inspect_database, locked_by_another_program

    state = inspect_database(db_path, integrity=False)
    if state.refused and not state.replaceable:
        raise DatabaseRefused(state.message())
    if state.reason != "missing" and locked_by_another_program(db_path):
        raise DatabaseRefused(f"The database {db_path} is locked by another program. It was left untouched. "
                              "Close the program that has it open and try again.")


def pinyin_of(text: str, *, cached: bool = True) -> tuple[str, str]:
    """(display pinyin, sort key) of a Chinese name: the shipped names' from their table (report/pinyin_names),
    any other from pypinyin, imported only then (~0.4 s of a build)."""
    if cached:
        from ipexplorer.report.pinyin_names import PINYIN

        if text in PINYIN:
            return PINYIN[text]
    from pypinyin import Style, lazy_pinyin

    plain = "".join(lazy_pinyin(text))
    toned = " ".join(lazy_pinyin(text, style=Style.TONE3, neutral_tone_with_five=True))
    return plain, toned


def _write_appendix(conn: sqlite3.Connection, parsed: ParsedEdition, ids: _Ids) -> dict[int, int]:
    """The latest edition's appendix tables: layout, rows and values (the observations)."""
    counts: dict[int, int] = {}
    for table in parsed.tables:
        conn.execute(
            "INSERT INTO report_table VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'appendix')",
            (table.number, table.title_zh, table.title_en, table.unit_zh, UNITS.get(table.unit_zh, table.unit_zh),
             table.label_title, "\n".join(table.notes) or None, table.first_line, table.last_line),
        )
        conn.executemany("INSERT INTO table_column VALUES (?, ?, ?, ?, ?, ?)",
                         [(table.number, k, c.year, c.measure, c.ip_type, c.label)
                          for k, c in enumerate(table.columns)])
        conn.executemany("INSERT INTO table_row VALUES (?, ?, ?, ?, ?)",
                         [(table.number, i, ids.by_name[row.region.name_zh], row.label, row.line)
                          for i, row in enumerate(table.rows)])
        values = [
            (table.number, i, k, ids.by_name[row.region.name_zh], c.year, c.measure, c.ip_type, v, row.line,
             row.printed[k] if row.printed else None)
            for i, row in enumerate(table.rows)
            for k, (c, v) in enumerate(zip(table.columns, row.values, strict=True))
        ]
        conn.executemany(
            "INSERT INTO observation (table_no, row_index, col_index, region_id, year, measure, ip_type, value,"
            " source_line, printed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", values)
        counts[table.number] = len(values)
        conn.execute("INSERT INTO integrity_check VALUES (?, ?, ?)",
                     (table.number, parsed.result.per_table.get(table.number, 0), 0))
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
