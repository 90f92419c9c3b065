"""The command-line subcommands (build-db, check, …); core only, no Qt."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from ipexplorer import __version__
from ipexplorer.logs import setup_logging
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
                        help="open the window, print the time to its first painted frame and quit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    build = sub.add_parser("build-db", help="build the database from the report")
    _add_report(build)
    _add_db(build, top=False)

    check = sub.add_parser("check", help="verify the report's identities and the database")
    _add_report(check)
    _add_db(check, top=False)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = make_parser()
    args = parser.parse_args(argv)
    setup_logging()
    handlers = {"build-db": cmd_build_db, "check": cmd_check}
    if args.command is None:
        # The desktop app lives above the core (ipexplorer.main); the core cannot start it.
        parser.error("no command given (the desktop app starts from the `ipexplorer` launcher)")
    try:
        return handlers[args.command](args)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_FAIL


def _report_path(args: argparse.Namespace) -> Path:
    return Path(args.report) if getattr(args, "report", None) else shipped_report()


def cmd_build_db(args: argparse.Namespace) -> int:
    from ipexplorer.report.source import ReportError
    from ipexplorer.store.build import BuildError, build_database

    db = resolve_db(args.db)
    report = _report_path(args)
    try:
        summary = build_database(report, db)
    except (ReportError, BuildError) as exc:
        log.error("build-db failed: %s", exc)
        print(f"error: {exc}", file=sys.stderr)
        print(f"The database {db} was left unchanged.", file=sys.stderr)
        return EXIT_FAIL
    print(f"Built {summary.db_path} from {report.name} (sha256 {summary.report_sha256[:12]}…) "
          f"in {summary.seconds:.2f} s")
    _print_tables(summary.rows_per_table, summary.check.per_table)
    for label, count in summary.extra.items():
        print(f"  {label}: {count}")
    print(f"{summary.observations} values; {summary.check.identities_checked} identities verified, 0 violations")
    return EXIT_OK


def _print_tables(rows: dict[int, int], identities: dict[int, int]) -> None:
    for number in sorted(rows):
        print(f"  table {number:>2}: {rows[number]:>5} values, {identities.get(number, 0):>4} identities hold")


def cmd_check(args: argparse.Namespace) -> int:
    from ipexplorer.report.appendix import parse_appendix
    from ipexplorer.report.integrity import check_tables
    from ipexplorer.report.source import ReportError, read_report
    from ipexplorer.store.database import compare_with_report, inspect_database

    report_path = _report_path(args)
    try:
        report = read_report(report_path)
        tables = parse_appendix(report)
    except ReportError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    result = check_tables(tables)
    rows = {t.number: len(t.rows) * len(t.columns) for t in tables}
    print(f"Report {report_path} (sha256 {report.sha256[:12]}…): {len(tables)} tables")
    _print_tables(rows, result.per_table)
    status = EXIT_OK
    if result.ok:
        print(f"{result.identities_checked} identities verified, 0 violations")
    else:
        status = EXIT_FAIL
        print(f"{len(result.violations)} violation(s) of {result.identities_checked} identities:")
        for violation in result.violations:
            print(f"  - {violation}")
    db = resolve_db(args.db)
    state = inspect_database(db, report_path)
    if state.reason == "missing":
        print(f"Database {db}: not built yet (it is built at first start, or with `ipexplorer build-db`)")
    elif not state.usable:
        print(f"Database {db}: needs a rebuild: {state.reason}")
        status = EXIT_FAIL
    else:
        problems = compare_with_report(db, tables)
        if problems:
            status = EXIT_FAIL
            print(f"Database {db}: differs from the report:")
            for problem in problems:
                print(f"  - {problem}")
        else:
            print(f"Database {db}: matches the report (all {sum(rows.values())} values)")
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
