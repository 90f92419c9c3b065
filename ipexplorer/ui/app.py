"""Start the desktop app: QApplication, database check, main window."""

from __future__ import annotations

import sys
import time
from pathlib import Path


def run_app(db: Path, *, exit_after_first_paint: bool = False, argv: list[str] | None = None) -> int:
    started = time.perf_counter()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QLabel, QMainWindow

    from ipexplorer.store.database import ensure_database

    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("ipexplorer")
    ensure_database(db)
    window = QMainWindow()
    window.setWindowTitle("ipexplorer")
    window.setCentralWidget(QLabel(f"Database: {db}"))
    window.resize(1200, 800)
    window.show()
    if exit_after_first_paint:
        def done() -> None:
            print(f"first paint after {time.perf_counter() - started:.3f} s")
            app.quit()
        QTimer.singleShot(0, done)
    return app.exec()
