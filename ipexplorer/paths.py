"""Where ipexplorer keeps its files: the shipped report, the database, the log."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

from platformdirs import user_data_path

from ipexplorer import APP_NAME

DB_ENV = "IPEXPLORER_DB"
REPORT_NAME = "cnipa-annual-report-2020.zh.txt"
DB_NAME = "ipexplorer.sqlite"


def shipped_report() -> Path:
    """The report text installed with the package (from the repository's data/)."""
    return Path(str(resources.files("ipexplorer.data").joinpath(REPORT_NAME)))


def data_dir() -> Path:
    """The user's data directory for ipexplorer; never inside the installed package."""
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
