"""One place for logging: a rotating file in the user's log directory, plus stderr."""

from __future__ import annotations

import logging
import logging.handlers
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
        handler = next((h for h in root.handlers if isinstance(h, logging.handlers.RotatingFileHandler)), None)
        return Path(handler.baseFilename) if handler else None
    _configured = True
    directory = directory or log_dir()
    try:
        directory.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            directory / LOG_NAME, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    except OSError:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root.addHandler(handler)
    return Path(handler.baseFilename)
