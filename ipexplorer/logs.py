"""One place for logging: a rotating file in the user's log directory, plus stderr.

`logging.handlers` is imported only when the file handler is made: the desktop app sets logging up
after its first frame, so the import is off the start path.
"""

from __future__ import annotations

import logging
from pathlib import Path

from ipexplorer.paths import log_dir

LOG_NAME = "ipexplorer.log"
_configured = False


def setup_logging(level: int = logging.INFO, directory: Path | None = None) -> Path | None:
    """Send ipexplorer's log records to a rotating file; returns its path (None if unwritable)."""
    global _configured
    root = logging.getLogger("ipexplorer")
    root.setLevel(level)
    if _configured:
        return log_file()
    _configured = True
    from logging.handlers import RotatingFileHandler

    directory = directory or log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = RotatingFileHandler(
            directory / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return Path(handler.baseFilename)


def log_file() -> Path | None:
    """The rotating log file records go to (None when logging to a file is off or not set up yet)."""
    for handler in logging.getLogger("ipexplorer").handlers:
        name = getattr(handler, "baseFilename", None)
        if name and type(handler).__name__ == "RotatingFileHandler":
            return Path(name)
    return None
