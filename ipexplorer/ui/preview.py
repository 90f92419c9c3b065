"""One pane alone on the built database, the way an Orange3 widget runs through WidgetPreview.

    python -m ipexplorer.ui.preview tables            # or overview, charts, timeline, search, regions, sql, report
    python -m ipexplorer.ui.preview regions --db PATH

Used when working on a pane (no main window, no other pane built) and by the smoke test of every pane.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QApplication, QWidget

from ipexplorer import pane_list
from ipexplorer.paths import resolve_db, shipped_report
from ipexplorer.ui.pane import PaneContext
from ipexplorer.ui.shell.settings import Settings


class PreviewHost(QObject):
    """The window a pane alone lives in: the panes it asks for are built beside it (never shown), links go
    nowhere, exports run in the background as in the app."""

    def __init__(self, db: Path, settings: Settings):
        super().__init__()
        from ipexplorer.ui.view_model import ViewModel

        self.context = PaneContext(db_path=db, report_path=shipped_report(), settings=settings,
                                   view=ViewModel(self, settings=settings), host=self)
        self.built: dict[str, QWidget] = {}
        self.tasks: list = []

    def pane(self, key: str) -> QWidget:
        if key not in self.built:
            spec = next((s for s in pane_list.PANES if s.key == key), None)
            if spec is None:
                raise KeyError(f"no pane {key!r}; choose one of {', '.join(s.key for s in pane_list.PANES)}")
            self.built[key] = spec.build(self.context)
        return self.built[key]

    def run_export(self, request):
        from ipexplorer.ui.shell.export_dialog import ExportTask

        task = ExportTask(request)
        self.tasks.append(task)
        task.start()
        return task

    def export(self):
        return None

    def _ignore(self, *_args) -> None:
        """A link to another pane: a pane alone has none to show."""

    show_pane = open_report_line = open_paragraph = open_region = show_region_rows = _ignore
    update_title = show_rows_text = show_stats_text = _ignore


def keys() -> list[str]:
    return [spec.key for spec in pane_list.PANES]


def build(name: str, db: Path, settings: Settings | None = None) -> QWidget:
    """The pane `name` over the database `db`, built alone (with what it asks for); KeyError names the panes."""
    host = PreviewHost(Path(db), settings or Settings())
    pane = host.pane(name)
    pane.preview_host = host   # kept with the pane; shut down with it
    pane.shown()
    return pane


def shutdown(pane: QWidget) -> None:
    """Stop the pane's workers (and those of the panes it was built with)."""
    host = getattr(pane, "preview_host", None)
    for part in (host.built.values() if host is not None else (pane,)):
        part.shutdown()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ipexplorer.ui.preview", description=__doc__.splitlines()[0])
    parser.add_argument("pane", choices=keys())
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
