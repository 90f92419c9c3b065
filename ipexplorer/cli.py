"""The command-line subcommands (build-db, check, …); core only, no Qt."""

from __future__ import annotations

import argparse
import contextlib
import logging
import math
import os
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from ipexplorer import __version__
from ipexplorer.logs import setup_logging
from ipexplorer.pane_list import pane_keys
from ipexplorer.paths import DB_ENV, resolve_db, shipped_report

log = logging.getLogger(__name__)

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _add_db(parser: argparse.ArgumentParser, *, top: bool) -> None:
    parser.add_argument(
        "--db", metavar="PATH", default=None if top else argparse.SUPPRESS,
        help=f"database file (default: ${DB_ENV} or the user data directory)")


def _add_report(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--report", metavar="PATH", default=None,
                        help="report text to read (default: the copy shipped in data/)")


def make_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ipexplorer", description="Explore the CNIPA 2020 Annual Report's statistics and events.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _add_db(parser, top=True)
    parser.add_argument("--exit-after-first-paint", action="store_true",
                        help="open the window, print the time from process start to its first painted frame "
                             "and quit")
    parser.add_argument("--pane", choices=pane_keys(), default=None,
                        help="the pane to open on (default: the one shown last)")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build-db", help="build the database from the report (or several editions of it)")
    build.add_argument("--report", metavar="PATH", action="append", default=None,
                       help="report text to read (default: the copy shipped in data/); repeat it to keep several "
                            "editions in one database")
    _add_db(build, top=False)

    add = sub.add_parser("add-report", help="add another edition of the report to the database",
                         description="Rebuild the database from the reports it holds and one more edition.")
    add.add_argument("report", metavar="PATH", help="the report text of another edition")
    _add_db(add, top=False)

    check = sub.add_parser("check", help="verify the report's identities and the database")
    _add_report(check)
    _add_db(check, top=False)

    search = sub.add_parser("search", help="full-text search of the report's narrative")
    search.add_argument("text", help="words in Chinese, or a region's English or pinyin name")
    search.add_argument("--limit", type=int, default=10, metavar="N", help="results to show (default 10)")
    _add_db(search, top=False)

    export = sub.add_parser("export", help="write a table or a read-only query to .xlsx or .csv",
                            description="Write a report table (filtered) or the result of a read-only SQL query "
                                        "to an Excel workbook or a CSV file, chosen by the --out extension.")
    what = export.add_mutually_exclusive_group(required=True)
    what.add_argument("--table", type=int, metavar="N", help="report table number (1-12, in-text tables 101…)")
    what.add_argument("--sql", metavar="QUERY", help="a read-only SELECT, e.g. on the `observations` view")
    export.add_argument("--layout", choices=("wide", "long"), default="wide",
                        help="wide: as printed (default); long: one value per row")
    export.add_argument("--filter", action="append", default=[], metavar="COLUMN=VALUE",
                        help="keep rows whose COLUMN equals VALUE (repeat for several; COLUMN>=N and COLUMN<=N "
                             "for numbers); COLUMN is a column key such as region_en, kind_zh, year, c4")
    export.add_argument("--lang", choices=("zh", "en", "both"), default="both", help="column titles' language")
    export.add_argument("--out", required=True, metavar="FILE", help="output file, .xlsx or .csv")
    export.add_argument("--encoding", choices=("utf-8", "gb18030"), default="utf-8",
                        help="CSV only: utf-8 with a byte-order mark (default; Excel), or gb18030 for older "
                             "spreadsheet software and LibreOffice's default import")
    export.add_argument("--time-limit", type=float, default=60.0, metavar="SECONDS",
                        help="--sql only: stop the query after this many seconds (default 60)")
    _add_db(export, top=False)

    _add_chart(sub)

    doctor = sub.add_parser("doctor", help="check what the app needs on this machine and how to install it",
                            description="Check the Qt platform plugin's system libraries, a display, a Chinese "
                                        "font, the data directory and the database; name the missing packages and "
                                        "the apt-get command that installs them. Exits 1 if anything is missing.")
    _add_db(doctor, top=False)

    columns = sub.add_parser("columns", help="list a table's columns: the names --filter accepts",
                             description="List the columns of a table as `export --table N` writes them: the key, "
                                         "the kind and the Chinese and English names, each accepted by --filter.")
    columns.add_argument("--table", type=int, required=True, metavar="N", help="report table number")
    columns.add_argument("--layout", choices=("wide", "long"), default="wide", help="wide (default) or long")
    _add_db(columns, top=False)

    sub.add_parser("install-desktop", help="add ipexplorer to the desktop's application menu (Linux, this user)",
                   description="Write ipexplorer.desktop and the icons under $XDG_DATA_HOME "
                               "(default ~/.local/share), pointing at this installation.")
    return parser


def _add_chart(sub) -> None:
    from ipexplorer.export.chart_image import DEFAULT_TOP, KINDS

    chart = sub.add_parser(
        "chart", help="draw a chart of a table to .png or .svg, without a window",
        description="Draw any chart of the Charts pane (the same figure code, with the source caption) "
                    "to a PNG or SVG file, chosen by the --out extension.")
    chart.add_argument("--table", type=int, required=True, metavar="N", help="report table number (1-12, 101…)")
    chart.add_argument("--kind", choices=list(KINDS), default="bars",
                       help="bars (default), grouped (the years side by side), series (a line per region over the "
                            "years: several editions give three or more), stacked (by patent type), change, "
                            "change-pct, share (of the total), scatter, map, map-change (a map of the change %%)")
    chart.add_argument("--year", type=int, metavar="Y", help="the year drawn (default: the latest)")
    chart.add_argument("--measure", metavar="M", help="applications, grants, in_force, … (default: the table's first)")
    chart.add_argument("--ip-type", metavar="T", help="patent, invention, utility_model, design, trademark, …")
    chart.add_argument("--x-measure", metavar="M", help="scatter: the horizontal axis's measure")
    chart.add_argument("--x-ip-type", metavar="T", help="scatter: the horizontal axis's IP type")
    chart.add_argument("--region-kind", action="append", default=[], metavar="K",
                       help="only rows of this region kind: province, hk_macao_taiwan, sub_provincial, country, "
                            "… (repeat for several)")
    chart.add_argument("--filter", action="append", default=[], metavar="COLUMN=VALUE",
                       help="keep rows whose COLUMN equals VALUE (COLUMN>=N, COLUMN<=N for numbers), as in export")
    chart.add_argument("--query", metavar="JSON", help="a table view's query as JSON (filters, sort, quick text), "
                                                      "as the app's Copy as Python writes it")
    chart.add_argument("--layout", choices=("wide", "long"), default="wide", help=argparse.SUPPRESS)
    chart.add_argument("--top", type=int, default=DEFAULT_TOP, metavar="N",
                       help=f"the N largest bars (default {DEFAULT_TOP}; 0: all)")
    chart.add_argument("--table-order", action="store_true", help="keep the table's order instead of sorting")
    chart.add_argument("--totals", action="store_true", help="include the total rows")
    chart.add_argument("--lang", choices=("zh", "en", "both"), default="zh", help="names' language (default zh)")
    chart.add_argument("--size", default="1200x800", metavar="WxH", help="image size in pixels (default 1200x800)")
    chart.add_argument("--palette", choices=("light", "dark"), default="light", help=argparse.SUPPRESS)
    chart.add_argument("--map", choices=("china", "world"), help="map kinds: China's provinces or the world's "
                                                                  "countries (default: as the table's rows)")
    chart.add_argument("--classes", type=int, default=5, metavar="N", help="map kinds: 3 to 7 classes (default 5)")
    chart.add_argument("--breaks", choices=("quantiles", "jenks"), default="quantiles",
                       help="map kinds: classes by quantiles (default) or natural breaks (Jenks)")
    chart.add_argument("--cities", action="store_true", help="map kinds: the sub-provincial cities as dots")
    chart.add_argument("--out", required=True, metavar="FILE", help="output file, .png or .svg")
    _add_db(chart, top=False)


def safe_streams() -> None:
    """Print what the terminal's encoding can hold and replace the rest (GBK, cp1252, ASCII): never a crash."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            stream.reconfigure(errors="replace")


def _clean_text(text: str) -> str:
    """Text typed on the command line that is not valid UTF-8 ($'\\xff'), with the bad bytes replaced."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def main(argv: Sequence[str] | None = None, *, render_chart=None) -> int:
    """Run a subcommand; `render_chart(ChartImage) -> Path` draws charts (given by the launcher: it needs Qt)."""
    safe_streams()
    parser = make_parser()
    args = parser.parse_args(argv)
    setup_logging()
    handlers = {"build-db": cmd_build_db, "add-report": cmd_add_report, "check": cmd_check, "export": cmd_export,
                "search": cmd_search,
                "install-desktop": cmd_install_desktop, "columns": cmd_columns, "doctor": cmd_doctor,
                "chart": lambda a: cmd_chart(a, render_chart)}
    if args.command is None:
        # The desktop app lives above the core (ipexplorer.main); the core cannot start it.
        parser.error("no command given (the desktop app starts from the `ipexplorer` launcher)")
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAIL
    except BrokenPipeError:     # `ipexplorer columns … | head`: the reader left; nothing more to say
        with contextlib.suppress(OSError):
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115  (Python's advice: no second error at exit)
        return EXIT_FAIL
    except OSError as exc:      # a path too long, a folder that is a file …: the cause, not a traceback
        from ipexplorer.export.files import describe_os_error

        log.exception("%s failed", args.command)
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"error: {where}{describe_os_error(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except Exception as exc:    # the last resort: one line for the user, the traceback in the log
        from ipexplorer.paths import log_dir

        log.exception("%s failed", args.command)
        print(f"error: {args.command} failed: {type(exc).__name__}: {exc} (details in {log_dir()})",
              file=sys.stderr)
        return EXIT_FAIL


def _report_path(args: argparse.Namespace) -> Path:
    return Path(args.report) if getattr(args, "report", None) else shipped_report()


def cmd_build_db(args: argparse.Namespace) -> int:
    from ipexplorer.report.source import ReportError
    from ipexplorer.store.build import BuildError, DatabaseRefused, build_database

    db = resolve_db(args.db)
    reports = [Path(r) for r in args.report] if args.report else [shipped_report()]
    try:
        summary = build_database(reports, db)
    except (DatabaseRefused, ReportError, BuildError) as exc:
        return _not_written("build-db", exc, db)
    _print_summary(summary, reports)
    return EXIT_OK


def _not_written(command: str, exc: Exception, db: Path) -> int:
    """A build or an added report that wrote nothing: the cause, logged and printed, and the database kept
    (a refusal's message says so itself)."""
    from ipexplorer.store.errors import DatabaseRefused

    log.error("%s %s: %s", command, "refused" if isinstance(exc, DatabaseRefused) else "failed", exc)
    print(f"error: {exc}", file=sys.stderr)
    if not isinstance(exc, DatabaseRefused):
        print(f"The database {db} was left unchanged.", file=sys.stderr)
    return EXIT_FAIL


def cmd_add_report(args: argparse.Namespace) -> int:
    from ipexplorer.report.source import ReportError
    from ipexplorer.store.build import BuildError, DatabaseRefused, add_report

    db = resolve_db(args.db)
    try:
        summary, reports = add_report(db, Path(args.report))
    except (DatabaseRefused, ReportError, BuildError) as exc:
        return _not_written("add-report", exc, db)
    _print_summary(summary, reports)
    return EXIT_OK


def _print_summary(summary, reports: list[Path]) -> None:
    names = ", ".join(r.name for r in reports)
    editions = f" (editions {', '.join(map(str, summary.editions))})" if len(summary.editions) > 1 else ""
    print(f"Built {summary.db_path} from {names}{editions} (sha256 {summary.report_sha256[:12]}…) "
          f"in {summary.seconds:.2f} s")
    _print_tables(summary.rows_per_table, summary.check.per_table)
    for label, count in summary.extra.items():
        print(f"  {label}: {count}")
    print(f"{summary.observations} values; {summary.check.identities_checked} identities verified, 0 violations")
    if summary.skipped:
        print(f"Skipped {len(summary.skipped)} line(s) of page furniture inside the tables:")
        for name, line, text in summary.skipped:
            print(f"  - {name} line {line}: {text}")


def _print_tables(rows: dict[int, int], identities: dict[int, int]) -> None:
    for number in sorted(rows):
        print(f"  table {number:>2}: {rows[number]:>5} values, {identities.get(number, 0):>4} identities hold")


def cmd_check(args: argparse.Namespace) -> int:
    """Check every edition the database holds (or the one report given), each under its edition's name."""
    from ipexplorer.store.database import inspect_database

    report_path = _report_path(args)
    db = resolve_db(args.db)
    held = _held_editions(db)
    only = Path(next(iter(held.values()))) if len(held) == 1 else None
    if not getattr(args, "report", None) and only is not None and only.is_file():
        report_path = only   # a database of one other report is checked against that report
    state = inspect_database(db, report_path)
    editions = held if state.usable else {}
    if getattr(args, "report", None) or len(editions) < 2:
        return _check_edition(report_path, db, state, editions, heading=False)
    status = EXIT_OK
    for edition, path in editions.items():
        print(f"== {edition} edition: {path}")
        status = max(status, _check_edition(Path(path), db, state, editions, edition=edition, heading=True))
    _print_revisions(db)
    return status


def _held_editions(db) -> dict[int, str]:
    """{edition: report path} of the reports a database was built from, oldest first ({} for a file that is
    not a readable database)."""
    import sqlite3

    from ipexplorer.store.database import built_from, connect

    if not Path(db).is_file():
        return {}
    try:
        conn = connect(db)
        try:
            return {r.edition: r.path for r in built_from(conn) if r.edition is not None}
        finally:
            conn.close()
    except sqlite3.Error:
        return {}


def _check_edition(report_path: Path, db, state, editions: dict[int, str], *, edition: int | None = None,
                   heading: bool) -> int:
    """One report's identities, the database's values of its edition, its figure checks; the exit status.

    `edition` None: the report's own edition (read from its title), compared with the latest edition's
    observations when the database holds only that one.
    """
    from ipexplorer.report.appendix import parse_appendix
    from ipexplorer.report.edition import edition_of
    from ipexplorer.report.integrity import check_tables
    from ipexplorer.report.source import ReportError, read_report
    from ipexplorer.store.compare import compare_intext_with_db, compare_with_report

    status = EXIT_OK
    try:
        report = read_report(report_path)
        tables = parse_appendix(report)
        own = edition_of(report).year
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        if not heading:
            return EXIT_FAIL
        print(f"The {edition} edition's report cannot be checked: {exc}")
        status, report, tables, own = EXIT_FAIL, None, [], edition
    if report is not None:
        result = check_tables(tables)
        rows = {t.number: len(t.rows) * len(t.columns) for t in tables}
        print(f"Report {report_path} (sha256 {report.sha256[:12]}…): {len(tables)} tables")
        _print_tables(rows, result.per_table)
        if result.ok:
            print(f"{result.identities_checked} identities verified, 0 violations")
        else:
            status = EXIT_FAIL
            print(f"{len(result.violations)} violation(s) of {result.identities_checked} identities:")
            for violation in result.violations:
                print(f"  - {violation}")
        intext, intext_status = _check_intext_tables(report)
        status = max(status, intext_status)
        rows.update({t.number: len(t.rows) * len(t.years) for t in intext})
    if state.reason == "missing":
        print(f"Database {db}: not built yet (it is built at first start, or with `ipexplorer build-db`)")
        return status
    if state.refused:
        print(f"error: {state.message()}", file=sys.stderr)
        return EXIT_FAIL
    if not state.usable:
        print(f"Database {db}: needs a rebuild: {state.reason}")
        return EXIT_FAIL
    # the latest edition's values are the observations; an older one's are read from every edition's values
    latest = max(editions, default=None)
    if len(editions) > 1 and own not in editions:
        print(f"Database {db}: holds no {own} edition (editions {', '.join(map(str, editions))})")
        return EXIT_FAIL
    older = own if len(editions) > 1 and own != latest else None
    if report is not None:
        problems = compare_with_report(db, tables, edition=older) + compare_intext_with_db(db, intext, edition=older)
        if problems:
            status = EXIT_FAIL
            print(f"Database {db}: differs from the report:")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"Database {db}: matches the report (all {sum(rows.values())} values)")
    _print_figure_checks(db, own if len(editions) > 1 else None)
    if not heading:
        _print_revisions(db)
    return status


def _print_revisions(db, limit: int = 20) -> None:
    """Where two editions print the same year's value differently: listed (the report revised it), not a failure."""
    from ipexplorer.query.datasets import editions_of
    from ipexplorer.store.database import connect

    conn = connect(db)
    try:
        if not conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'revisions'").fetchone():
            return
        editions = editions_of(conn)
        if len(editions) < 2:
            return
        total = conn.execute("SELECT count(*) FROM revisions").fetchone()[0]
        rows = conn.execute("SELECT table_no, region_zh, year, measure, ip_type, edition, value, source_line, "
                            "later_edition, later_value, later_source_line FROM revisions "
                            "ORDER BY table_no, year, later_edition LIMIT ?", (limit,)).fetchall()
    finally:
        conn.close()
    print(f"Editions {', '.join(map(str, editions))}: {total} value(s) printed differently by a later edition"
          + (" (revisions; listed, not a failure):" if total else ""))
    for t, region, year, measure, ip_type, ed, value, line, later, later_value, later_line in rows:
        print(f"  - table {t}, {region}, {year} {measure}/{ip_type}: {ed} edition {value} (line {line}), "
              f"{later} edition {later_value} (line {later_line})")
    if total > len(rows):
        print(f"  … and {total - len(rows)} more (SELECT * FROM revisions)")


def _print_figure_checks(db, edition: int | None = None) -> None:
    """The narrative's figures against the tables (of `edition`; None: the latest): the report's own
    disagreements, listed (not a failure)."""
    from ipexplorer.store.database import connect

    which = "(SELECT max(edition) FROM reports)" if edition is None else "?"
    params = () if edition is None else (int(edition),)
    conn = connect(db)
    try:
        total, agree = conn.execute("SELECT count(*), coalesce(sum(agrees), 0) FROM edition_figure_check "
                                    f"WHERE edition = {which}", params).fetchone()
        rows = conn.execute(
            "SELECT f.line, f.measure_text, c.note "
            "FROM edition_figure_check c JOIN edition_figure f USING (figure_id) "
            f"WHERE NOT c.agrees AND c.edition = {which} ORDER BY f.line", params).fetchall()
    finally:
        conn.close()
    named = f" of the {edition} edition" if edition is not None else ""
    print(f"{total} headline-figure cross-checks{named} against the tables: {agree} agree, {total - agree} disagree"
          + (" (as printed in the report; listed, not corrected):" if rows else ""))
    for line, measure, note in rows:
        print(f"  - line {line}: {measure}: {note}")


def _check_intext_tables(report) -> tuple[list, int]:
    """Parse and verify 第三章's in-text tables; print what held; (tables, exit status)."""
    from ipexplorer.report.intext_tables import check_intext_tables, parse_intext_tables
    from ipexplorer.report.source import ReportError

    try:
        tables = parse_intext_tables(report)
    except ReportError as exc:
        print(f"error: in-text tables: {exc}", file=sys.stderr)
        return [], EXIT_FAIL
    result = check_intext_tables(tables)
    _print_tables({t.number: len(t.rows) * len(t.years) for t in tables}, result.per_table)
    if result.ok:
        print(f"{result.identities_checked} in-text table identities verified, 0 violations")
        return tables, EXIT_OK
    print(f"{len(result.violations)} violation(s) of {result.identities_checked} in-text table identities:")
    for violation in result.violations:
        print(f"  - {violation}")
    return tables, EXIT_FAIL


def _open_db(args: argparse.Namespace):
    """A read-only connection to the database, built first if needed; None (and a message) if impossible."""
    import sqlite3

    from ipexplorer.report.source import ReportError
    from ipexplorer.store.database import connect, ensure_database
    from ipexplorer.store.errors import BuildError, DatabaseRefused

    db = resolve_db(args.db)
    try:
        ensure_database(db, shipped_report())
        return connect(db)
    except DatabaseRefused as exc:
        log.error("database refused: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return None
    except (ReportError, BuildError, OSError, sqlite3.Error) as exc:
        print(f"error: cannot open the database {db}: {exc}", file=sys.stderr)
        return None


def cmd_search(args: argparse.Namespace) -> int:
    from ipexplorer.query.search import search_all

    args.text = _clean_text(args.text)
    conn = _open_db(args)
    if conn is None:
        return EXIT_FAIL
    try:
        found = search_all(conn, args.text, markers=("[", "]"), every_edition=True)
    finally:
        conn.close()
    if not found:
        print(f"No paragraph matches {args.text!r}.")
        return EXIT_OK
    hits = found[:max(1, args.limit)]
    noun = "result" if len(found) == 1 else "results"
    print(f"{len(hits)} of {len(found)} {noun} for {args.text!r}:" if len(hits) < len(found)
          else f"{len(found)} {noun} for {args.text!r}:")
    several = len({hit.edition for hit in found}) > 1
    for i, hit in enumerate(hits, start=1):
        lines = f"line {hit.first_line}" if hit.first_line == hit.last_line else \
            f"lines {hit.first_line}-{hit.last_line}"
        if several:   # an older edition's lines are lines of its own report
            lines = f"{hit.edition} edition, {lines}"
        print(f"{i:>3}. {hit.section} ({lines})")
        print(f"     {hit.snippet}")
    return EXIT_OK


KIND_NAMES = {"text": "text", "int": "numbers", "float": "numbers", "percent": "per cents", "code": "codes"}
INT64 = 2**63 - 1


def _normal_name(text: str) -> str:
    """A column name as typed, compared loosely: case, spaces and the 年 after a year do not matter."""
    return re.sub(r"(\d{4})年", r"\1", re.sub(r"\s+", "", text)).casefold()


def column_names(column) -> list[str]:
    """The names a column is accepted by: its key, its titles, and its titles under their header group."""
    names = [column.key, column.title_zh, column.title_en]
    if column.group_zh:
        names += [f"{column.group_zh} {column.title_zh}", f"{column.group_en or column.group_zh} {column.title_en}"]
    return list(dict.fromkeys(n for n in names if n))


def _resolve_column(dataset, name: str):
    """The column `name` stands for; ValueError naming the candidates when it is unknown or ambiguous."""
    wanted = _normal_name(name)
    by_key = {c.key: c for c in dataset.columns}
    if name in by_key:
        return by_key[name]
    found = [c for c in dataset.columns if wanted in (_normal_name(n) for n in column_names(c))]
    if len(found) == 1:
        return found[0]
    if found:
        options = ", ".join(repr(column_names(c)[3] if len(column_names(c)) > 3 else c.key) for c in found)
        raise ValueError(f"{name!r} names {len(found)} columns; say which: {options} "
                         f"(`ipexplorer columns --table N` lists every name)")
    raise ValueError(f"unknown column {name!r}; `ipexplorer columns --table {dataset.table_no or 'N'}"
                     f"{' --layout long' if 'long' in dataset.key else ''}` lists the names this table accepts")


def _number(text: str, column):
    """A filter's value as a number SQLite can compare; ValueError saying why not."""
    try:
        value = float(text) if any(ch in text for ch in ".eE") or column.kind.value in ("float", "percent") \
            else int(text)
    except ValueError:
        raise ValueError(f"{column.key} ({column.title_en}) holds {KIND_NAMES[column.kind.value]}; "
                         f"{text!r} is not a number") from None
    if isinstance(value, int) and abs(value) > INT64:
        value = float(value)            # beyond SQLite's integers: compared as a real number
    if isinstance(value, float) and not math.isfinite(value):
        raise ValueError(f"{text!r} is not a finite number")
    return value


def _parse_filters(dataset, texts: Sequence[str]):
    """COLUMN=VALUE, COLUMN>=N, COLUMN<=N into column filters, and the years asked for on a wide layout.

    COLUMN is a column's key (c4), its title in either language (发明, Region) or its title under its
    header group ("2020 合计", "2020年 发明", "2020 Invention patent"); `year=Y` on a wide layout keeps
    the columns of year Y (its years are columns, not rows).
    """
    from ipexplorer.query.builder import ColumnFilter

    merged: dict[str, dict] = {}
    years: list[int] = []
    for text in texts:
        match = re.fullmatch(r"\s*(.+?)\s*(>=|<=|=)\s*(.*?)\s*", text)
        if not match or not match.group(1):
            raise ValueError(f"cannot read the filter {text!r}: write COLUMN=VALUE, COLUMN>=N or COLUMN<=N "
                             "(COLUMN as `ipexplorer columns` lists it)")
        name, op, value = match.groups()
        if _normal_name(name) in ("year", "年份") and not any(c.key == "year" for c in dataset.columns):
            table_years = sorted({c.year for c in dataset.columns if c.year is not None})
            if op != "=" or not value.isdigit() or int(value) not in table_years:
                raise ValueError(f"the wide layout's years are columns: year=Y keeps those of one year "
                                 f"({', '.join(map(str, table_years))}); --layout long has a year column")
            years.append(int(value))
            continue
        column = _resolve_column(dataset, name)
        entry = merged.setdefault(column.key, {})
        if op == "=":
            entry.setdefault("values", []).append(_number(value, column) if column.kind.numeric else value)
        elif not column.kind.numeric:
            raise ValueError(f"{column.key} ({column.title_en}) holds text: {op} needs a column of numbers; "
                             f"write {name}=VALUE")
        else:
            entry["low" if op == ">=" else "high"] = _number(value, column)
    filters = tuple(ColumnFilter(key, values=tuple(e["values"]) if "values" in e else None, low=e.get("low"),
                                 high=e.get("high")) for key, e in merged.items())
    return filters, years


def cmd_doctor(args: argparse.Namespace) -> int:
    from ipexplorer.doctor import diagnose

    report = diagnose(resolve_db(args.db))
    print(report.text())
    return EXIT_OK if report.ok else EXIT_FAIL


def _table_dataset(conn, table: int, layout: str):
    """The dataset of report table `table`, or None after saying which tables there are."""
    from ipexplorer.query.datasets import dataset_for

    tables = [r[0] for r in conn.execute("SELECT table_no FROM report_table ORDER BY table_no")]
    dataset = None
    if table in tables:
        with contextlib.suppress(KeyError):
            dataset = dataset_for(conn, table, layout)
    if dataset is None:
        print(f"error: no table {table}; tables: {', '.join(map(str, tables))}", file=sys.stderr)
    return dataset


def cmd_columns(args: argparse.Namespace) -> int:
    """The columns of a table and the names --filter accepts for each."""
    conn = _open_db(args)
    if conn is None:
        return EXIT_FAIL
    try:
        dataset = _table_dataset(conn, args.table, args.layout)
    finally:
        conn.close()
    if dataset is None:
        return EXIT_USAGE
    print(f"Table {args.table} ({args.layout}): {dataset.title_zh} · {dataset.title_en}")
    print("--filter accepts a column by its key or either name, e.g. "
          + next((f'"{column_names(c)[3]}>=100"' for c in dataset.columns
                  if c.kind.numeric and len(column_names(c)) > 3), '"KEY=VALUE"'))
    rows = [("key", "kind", "中文 name", "English name")]
    for c in dataset.columns:
        zh = f"{c.group_zh} {c.title_zh}" if c.group_zh else c.title_zh
        en = f"{c.group_en or c.group_zh} {c.title_en}" if c.group_zh else c.title_en
        rows.append((c.key, KIND_NAMES[c.kind.value] + (" (hidden)" if c.hidden else ""), zh, en))
    from ipexplorer.export.xlsx import text_width

    widths = [max(text_width(r[i]) for r in rows) for i in range(3)]
    for r in rows:
        print("  " + "  ".join(v + " " * (widths[i] - text_width(v)) for i, v in enumerate(r[:3])) + "  " + r[3])
    if args.layout == "wide" and any(c.year for c in dataset.columns):
        years = sorted({c.year for c in dataset.columns if c.year})
        print(f"year=Y keeps one year's columns ({', '.join(map(str, years))}); --layout long has a year column")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    """A table view or a read-only query to a file, through the same export path as the window's Export."""
    import sqlite3

    from ipexplorer.export import ExportError
    from ipexplorer.export.jobs import ExportRequest, run
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.console import ConsoleError
    from ipexplorer.query.readonly import QueryRefused
    from ipexplorer.query.view import ViewState
    out = Path(args.out)
    if out.suffix.lower() not in (".xlsx", ".csv"):
        print(f"error: --out must end in .xlsx or .csv, not {out.name!r}", file=sys.stderr)
        return EXIT_USAGE
    conn = _open_db(args)
    if conn is None:
        return EXIT_FAIL
    try:
        if args.sql is not None:
            if args.filter:
                print("error: --filter applies to --table, not --sql (put the condition in the query)",
                      file=sys.stderr)
                return EXIT_USAGE
            request = ExportRequest(path=out, scope="sql", db_path=resolve_db(args.db), sql=_clean_text(args.sql),
                                    time_limit=args.time_limit if args.time_limit > 0 else None,
                                    view=ViewState(table=None, sql=_clean_text(args.sql), names=args.lang))
        else:
            dataset = _table_dataset(conn, args.table, args.layout)
            if dataset is None:
                return EXIT_USAGE
            view = ViewState(table=args.table, layout=args.layout, names=args.lang)
            # --lang names the titles' language only: both name columns stay, as they always have
            filters, years = _parse_filters(dataset, [_clean_text(f) for f in args.filter])
            view = view.with_query(QueryState(filters=filters)).with_columns(
                [c.key for c in dataset.columns if not c.hidden and (not years or c.year is None or c.year in years)])
            request = ExportRequest(path=out, scope="view", db_path=resolve_db(args.db), view=view)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        conn.close()
    request.encoding = "gb18030" if args.encoding == "gb18030" else "utf-8-sig"
    try:
        rows = run(request)
    except ConsoleError as exc:
        log.warning("export refused: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except QueryRefused as exc:
        print(f"error: query refused: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except sqlite3.Error as exc:
        message = str(exc)
        if "not authorized" in message or "authorization denied" in message:
            message = "only reading queries are allowed (no writes, ATTACH, or pragmas that change state)"
        print(f"error: query failed: {message}", file=sys.stderr)
        return EXIT_FAIL
    except ExportError as exc:
        log.error("export failed: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    print(f"Wrote {rows:,} {'row' if rows == 1 else 'rows'} to {out}")
    return EXIT_OK


def cmd_chart(args: argparse.Namespace, render_chart) -> int:
    """Check the choices and read the chart's data here (core); the launcher's renderer draws it."""
    import json

    from ipexplorer.export import ExportError
    from ipexplorer.export.chart_image import ChartRequestError, chart_image, parse_size
    from ipexplorer.query.builder import QueryState
    from ipexplorer.query.datasets import dataset_for
    from ipexplorer.query.view import query_from_dict

    if render_chart is None:
        print("error: drawing needs the Qt interface: run `ipexplorer chart …` from the ipexplorer launcher",
              file=sys.stderr)
        return EXIT_USAGE
    try:
        size = parse_size(args.size)
        if Path(args.out).suffix.lower() not in (".png", ".svg"):
            raise ChartRequestError(f"--out must end in .png or .svg, not {Path(args.out).name!r}")
    except ChartRequestError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    conn = _open_db(args)
    if conn is None:
        return EXIT_FAIL
    try:
        state = QueryState()
        try:
            dataset = dataset_for(conn, args.table, args.layout)
        except KeyError:
            dataset = None   # chart_image names the tables there are
        if args.query is not None:
            try:
                raw = json.loads(args.query)
            except ValueError as exc:
                raise ChartRequestError(f"--query is not JSON: {exc}") from None
            state = query_from_dict(raw, dataset)
        year = args.year
        if args.filter and dataset is not None:
            filters, years = _parse_filters(dataset, args.filter)
            for flt in filters:
                state = state.with_filter(flt)
            if years and year is None:
                year = years[-1]   # year=Y on a wide table: the chart draws that year's columns
        image = chart_image(
            conn, args.table, args.kind, args.out, year=year, measure=args.measure, ip_type=args.ip_type,
            x_measure=args.x_measure, x_ip_type=args.x_ip_type, region_kinds=args.region_kind,
            top=max(0, args.top), totals=args.totals, sort=not args.table_order, layout=args.layout, state=state,
            language=args.lang, size=size, palette=args.palette, classes=args.classes, breaks=args.breaks,
            cities=args.cities, map_name=args.map)
    except (ChartRequestError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    finally:
        conn.close()
    try:
        written = render_chart(image)
    except (ExportError, OSError) as exc:
        log.error("chart failed: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    title = image.data.title_en if args.lang == "en" else image.data.title_zh
    print(f"Wrote {written} ({size[0]}x{size[1]}): {title}")
    return EXIT_OK


def cmd_install_desktop(_args: argparse.Namespace) -> int:
    from ipexplorer.desktop import install_desktop

    try:
        written = install_desktop()
    except OSError as exc:
        print(f"cannot install the desktop entry: {exc}", file=sys.stderr)
        return EXIT_FAIL
    for path in written[:1]:
        print(f"desktop entry: {path}")
    print(f"icons: {len(written) - 1} files under {written[1].parents[2]}")
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
