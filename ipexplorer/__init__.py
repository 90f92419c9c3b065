"""ipexplorer: explore the statistics and events of the CNIPA 2020 Annual Report."""

__version__ = "0.1.0"

APP_NAME = "ipexplorer"


def citation(reports: list[tuple[int, str | None]]) -> str:
    """The citation of the reports a database was built from ((edition, title as printed), oldest first), as
    its `reports` table lists them: a database of the 2019 edition cites that one, not the shipped report.
    The shipped report's (CITATION) when none is known (a database older than that table)."""
    if not reports:
        return CITATION
    cited = "; ".join(f"{title or f'国家知识产权局 {edition} 年度报告'} (Annual Report {edition})"
                      for edition, title in reports)
    return f"China National Intellectual Property Administration (CNIPA), {cited}."


CITATION = citation([(2020, None)])   # the shipped report's; a database's reports are cited by citation()

# The Python API (ipexplorer.open(), …) lives in ipexplorer.api; it is imported on first use so that
# `import ipexplorer` (and the app's start) never loads it, nor pandas.
_API_NAMES = frozenset({"open", "Database", "APIError", "QueryError", "QueryTimeout", "ReadOnlyError"})


def __getattr__(name: str):
    if name == "PANE_KEYS":   # the panes' keys in the window's order (`--pane KEY`), read off the one list
        from ipexplorer.pane_list import pane_keys

        return pane_keys()
    if name in _API_NAMES:
        from ipexplorer import api

        return getattr(api, name)
    raise AttributeError(f"module 'ipexplorer' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_API_NAMES, "PANE_KEYS"})
