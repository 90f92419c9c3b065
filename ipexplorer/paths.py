"""Where ipexplorer keeps its files: the shipped report, the database, the log.

Kept cheap to import (no importlib.resources, no platformdirs on Linux): the desktop app asks for
these paths on its way to the first frame.
"""

from __future__ import annotations

import importlib
import os
import sys
from pathlib import Path

from ipexplorer import APP_NAME

DB_ENV = "IPEXPLORER_DB"
REPORT_NAME = "cnipa-annual-report-2020.zh.txt"
DB_NAME = "ipexplorer.sqlite"


def package_file(package: str, *parts: str) -> Path:
    """A file shipped as package data (installed as plain files, or the repository's folder in an editable install)."""
    module = importlib.import_module(package)
    return Path(next(iter(module.__path__))).joinpath(*parts)


def shipped_report() -> Path:
    """The report text installed with the package (from the repository's data/)."""
    return package_file("ipexplorer.data", REPORT_NAME)


def data_dir() -> Path:
    """The user's data directory for ipexplorer; never inside the installed package."""
    if sys.platform.startswith("linux"):   # what platformdirs answers on Linux, without importing it
        base = os.environ.get("XDG_DATA_HOME", "")
        if not base.strip():
            base = os.path.expanduser("~/.local/share")
        return Path(base) / APP_NAME
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False)


def default_db() -> Path:
    """`$IPEXPLORER_DB` if set, else the database in the user's data directory."""
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return data_dir() / DB_NAME


def resolve_db(option: str | os.PathLike[str] | None) -> Path:
    """The database path: the `--db` option wins over the environment and the default."""
    return Path(option).expanduser() if option else default_db()


def log_dir() -> Path:
    """The rotating log sits in the user's data directory, beside the database."""
    return data_dir() / "logs"
