"""One pane alone on the built database, the way an Orange3 widget runs through WidgetPreview.

    python -m ipexplorer.ui.preview tables            # or overview, charts, timeline, search, regions, sql, report
    python -m ipexplorer.ui.preview regions --db PATH

Used when working on a pane (no main window, no other pane built) and by the smoke test of every pane.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QApplication, QWidget

from ipexplorer.paths import resolve_db, shipped_report
from ipexplorer.ui.shell.settings import Settings


def _tables(db: Path, settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    return TableExplorer(db, settings)


def _charts(db: Path, settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.chart_pane import ChartPane
    from ipexplorer.ui.panes.table_explorer import TableExplorer

    explorer = TableExplorer(db, settings)
    pane = ChartPane(explorer, db, settings)
    pane.adopt_table()
    pane.preview_parts = (explorer,)   # shut down with the pane
    return pane


def _overview(db: Path, _settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.overview_pane import OverviewPane

    return OverviewPane(db)


def _timeline(db: Path, settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.timeline_pane import TimelinePane

    return TimelinePane(db, settings)


def _search(db: Path, settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.search_pane import SearchPane

    return SearchPane(db, settings)


def _regions(db: Path, _settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.region_pane import RegionsPane

    return RegionsPane(db)


def _sql(db: Path, _settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.sql_console import SqlConsole

    return SqlConsole(db)


def _report(db: Path, _settings: Settings) -> QWidget:
    from ipexplorer.ui.panes.report_reader import ReportReader

    return ReportReader(db, shipped_report())


PANES: dict[str, Callable[[Path, Settings], QWidget]] = {
    "overview": _overview, "tables": _tables, "charts": _charts, "timeline": _timeline, "search": _search,
    "regions": _regions, "sql": _sql, "report": _report,
}


def build(name: str, db: Path, settings: Settings | None = None) -> QWidget:
    """The pane `name` over the database `db`, built alone; KeyError names the panes there are."""
    if name not in PANES:
        raise KeyError(f"no pane {name!r}; choose one of {', '.join(PANES)}")
    return PANES[name](Path(db), settings or Settings())


def shutdown(pane: QWidget) -> None:
    """Stop the pane's workers (and those of the parts it was built with)."""
    for part in (pane, *getattr(pane, "preview_parts", ())):
        stop = getattr(part, "shutdown", None)
        if stop is not None:
            stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipexplorer.ui.preview", description=__doc__.splitlines()[0])
    parser.add_argument("pane", choices=list(PANES))
    parser.add_argument("--db", help="the database (default: the app's, or IPEXPLORER_DB)")
    args = parser.parse_args(argv)
    db = resolve_db(args.db)
    if not db.exists():
        print(f"no database at {db}: build it with `ipexplorer build-db`", file=sys.stderr)
        return 1
    app = QApplication.instance() or QApplication(sys.argv[:1])
    from ipexplorer.ui.shell import i18n

    i18n.install("system", app)
    pane = build(args.pane, db)
    pane.setWindowTitle(f"{args.pane} — ipexplorer preview")
    pane.resize(1200, 800)
    pane.show()
    code = app.exec()
    shutdown(pane)
    return code


if __name__ == "__main__":
    sys.exit(main())
